"""Reading scores against published figures: spread between and within groups, and gaps to reference values.

Used by the chapter "Environment, leadership and incentives". Two questions come up whenever a team sets its
scores beside someone else's:

* *Are the differences between groups large?* :func:`spread_summary` compares the spread of group means
  (for example six countries) with the typical spread of answers *inside* a group (their standard deviations).
  :func:`spread_chart` draws it.
* *How far is our unit from a reference value, and how much does that mean?* :func:`reading_table` sets a
  unit's mean scores (from :func:`learnorg.scoring.group_summary`) beside the indicative reference values
  (from :func:`learnorg.scoring.reference_values`), and :func:`read_gap` turns each gap into a plain-language
  reading with the rule stated in :data:`READING_RULE`. :func:`gap_chart` draws it.

No scoring happens here: scores come from :mod:`learnorg.scoring`, reference values from the instrument's
``references.csv``. Every chart carries its values as text and uses marker shapes and hatching, not colour.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from learnorg.figures import SMALLEST_FONT_PT
from learnorg.instrument import Instrument, profile_rows

#: Gaps (in points out of 100) below this are read as too small to mean anything across instruments.
SMALL_GAP = 10.0
#: Gaps of at least this size, with the reference outside the unit's interval, are worth a conversation.
LARGE_GAP = 20.0

INSIDE = "no clear difference"
SMALL = "small gap"
MODERATE = "moderate gap"
LARGE = "large gap"
NO_REFERENCE = "no reference value"

READING_RULE = (
    f"Our rule, not a statistical test: if the reference value lies inside the unit's 95% interval, there is "
    f"{INSIDE}; otherwise a gap under {SMALL_GAP:g} points is a {SMALL}, a gap under {LARGE_GAP:g} points a "
    f"{MODERATE}, and a gap of {LARGE_GAP:g} points or more a {LARGE}, worth a conversation. Reference values "
    "come from other instruments, respondents and settings, so every reading is indicative only."
)

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
REFERENCE_MARKERS = ("D", "^", "s", "v", "P")


# ------------------------------------------------------------------------------------------ between vs within


def spread_summary(
    frame: pd.DataFrame,
    row: str = "sub_block",
    group: str = "country",
    mean: str = "mean",
    sd: str = "sd",
    decimals: int = 2,
) -> pd.DataFrame:
    """For each ``row``: the mean of the group means, the lowest and highest group, the spread and the typical SD.

    ``typical_sd`` is the root mean square of the groups' standard deviations, the pooled SD when groups are of
    equal size (group sizes are often not published). ``spread_in_sd`` is the spread between the highest and
    lowest group mean divided by ``typical_sd``: how large the differences between groups are compared with the
    disagreement among respondents inside a group. Rows keep the order in which they first appear.
    """
    for name in (row, group, mean, sd):
        if name not in frame.columns:
            raise KeyError(f"No column {name!r}; the columns are {list(frame.columns)}.")
    if frame.duplicated([row, group]).any():
        raise ValueError(f"Several rows for the same {row} and {group}.")
    out = []
    for label in pd.unique(frame[row]):
        part = frame[frame[row] == label].dropna(subset=[mean])
        if part.empty:
            raise ValueError(f"{row} {label!r} has no values.")
        low, high = part[mean].min(), part[mean].max()
        sds = part[sd].dropna().astype(float)
        typical = math.sqrt(float((sds**2).mean())) if len(sds) else math.nan
        spread = float(high - low)
        out.append({
            row: label,
            "mean": round(float(part[mean].mean()), decimals),
            "lowest": float(low),
            "lowest_in": " and ".join(part.loc[np.isclose(part[mean], low), group].astype(str)),
            "highest": float(high),
            "highest_in": " and ".join(part.loc[np.isclose(part[mean], high), group].astype(str)),
            "spread": round(spread, decimals),
            "typical_sd": round(typical, decimals),
            "spread_in_sd": round(spread / typical, decimals) if typical > 0 else math.nan,
        })
    return pd.DataFrame(out)


def _wrap(text: object, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or ""


def spread_chart(
    frame: pd.DataFrame,
    row: str = "sub_block",
    group: str = "country",
    mean: str = "mean",
    sd: str = "sd",
    *,
    xlabel: str = "Mean score",
    xlim: tuple[float, float] | None = None,
) -> Figure:
    """One line per ``row``: each group's mean as a marker (one shape per group), over a hatched band.

    The band runs one typical SD (see :func:`spread_summary`) either side of the mean of the group means, so the
    eye can compare the spread *between* groups (the markers) with the spread *within* a group (the band).
    The spread and its size in SD units are written at the right of each line.
    """
    summary = spread_summary(frame, row, group, mean, sd)
    groups = list(pd.unique(frame[group]))
    n = len(summary)
    y = np.arange(n)[::-1]
    fig, ax = plt.subplots(figsize=(9.0, 0.62 * n + 2.3), layout="constrained")
    for yi, (_, r) in zip(y, summary.iterrows()):
        ax.barh(yi, 2 * r["typical_sd"], left=r["mean"] - r["typical_sd"], height=0.55, color="#e8e8e8",
                edgecolor="#555555", hatch="///", linewidth=0.6, zorder=1)
        ax.plot([r["lowest"], r["highest"]], [yi, yi], color="black", linewidth=1.2, zorder=2)
    offsets = np.linspace(-0.18, 0.18, len(groups)) if len(groups) > 1 else [0.0]
    for j, g in enumerate(groups):
        part = frame[frame[group] == g].set_index(row)
        xs = [part[mean].get(label, np.nan) for label in summary[row]]
        ax.plot(xs, y + offsets[j], linestyle="none", marker=MARKERS[j % len(MARKERS)], markersize=7,
                markerfacecolor="white" if j % 2 else "black", markeredgecolor="black", label=str(g), zorder=3)
    column = plt.matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(1.01, y[0] + 0.7, "Spread (in SDs)", transform=column, fontsize=SMALLEST_FONT_PT, fontweight="bold", va="center")
    for yi, (_, r) in zip(y, summary.iterrows()):
        ax.text(1.01, yi, f"{r['spread']:.1f} ({r['spread_in_sd']:.2f})", transform=column, fontsize=9,
                va="center")
    ax.set_yticks(y)
    ax.set_yticklabels([_wrap(v, 32) for v in summary[row]], fontsize=9)
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="#e8e8e8", edgecolor="#555555", hatch="///",
                         label="Mean of the groups ± one typical SD"))
    labels.append("Mean of the groups ± one typical SD")
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=SMALLEST_FONT_PT, frameon=False)
    return fig


# ------------------------------------------------------------------------------------------ reference values


def read_gap(mean: float, ci_low: float, ci_high: float, reference: float | None) -> str:
    """The reading of one gap between a unit's mean and a reference value, by :data:`READING_RULE`."""
    if reference is None or pd.isna(reference):
        return NO_REFERENCE
    if pd.isna(mean):
        raise ValueError("The unit has no mean score for this measure.")
    if not (pd.isna(ci_low) or pd.isna(ci_high)) and ci_low <= reference <= ci_high:
        return INSIDE
    gap = abs(mean - reference)
    if gap < SMALL_GAP:
        return SMALL
    if gap < LARGE_GAP:
        return MODERATE
    return LARGE


def _short_source(label: str) -> str:
    """Short name of a reference's source: its label up to the first ':' or ','."""
    text = str(label)
    cut = min((i for i in (text.find(":"), text.find(",")) if i > 0), default=len(text))
    return text[:cut].strip()


def reading_table(
    summary: pd.DataFrame,
    references: pd.DataFrame,
    instrument: Instrument,
    measures: list[str],
    group=None,
) -> pd.DataFrame:
    """A unit's scores beside the reference values, one line per (measure, reference), with a reading.

    ``summary`` is the output of :func:`learnorg.scoring.group_summary`; ``group`` picks one of its groups
    (needed when it holds several). ``references`` is :func:`learnorg.scoring.reference_values`. A reference
    counts for a measure when it is recorded for that measure or, for a block with a single dimension, for the
    block (the two scores are equal). Measures without a reference get one line with the reading
    :data:`NO_REFERENCE`. Columns: measure, label, n, mean, ci_low, ci_high, source (short name), reference_label
    (as in ``references.csv``), reference, gap (mean minus reference) and reading.
    """
    data = summary
    if "group" in summary.columns:
        present = list(pd.unique(summary["group"]))
        if group is None:
            if len(present) != 1:
                raise ValueError(f"summary holds {len(present)} groups; pass group= to choose one.")
            group = present[0]
        data = summary[summary["group"] == group]
        if data.empty:
            raise ValueError(f"group {group!r} is not in the summary; groups are {present}.")
    data = data.drop_duplicates("measure").set_index("measure")
    aliases = {measure: names for measure, _kind, names in profile_rows(instrument)}
    rows = []
    for measure in measures:
        if measure not in data.index:
            raise KeyError(f"measure {measure!r} is not in the summary.")
        r = data.loc[measure]
        names = aliases.get(measure, [measure])
        refs = references[references["measure"].isin(names) & references["value"].notna()]
        base = {
            "measure": measure,
            "label": instrument.label(measure),
            "n": int(r["n"]),
            "mean": float(r["mean"]),
            "ci_low": float(r["ci_low"]),
            "ci_high": float(r["ci_high"]),
        }
        if refs.empty:
            rows.append({**base, "source": "", "reference_label": "", "reference": np.nan, "gap": np.nan,
                         "reading": read_gap(base["mean"], base["ci_low"], base["ci_high"], None)})
            continue
        for _, ref in refs.iterrows():
            value = float(ref["value"])
            rows.append({
                **base,
                "source": _short_source(ref["label"]),
                "reference_label": str(ref["label"]),
                "reference": value,
                "gap": base["mean"] - value,
                "reading": read_gap(base["mean"], base["ci_low"], base["ci_high"], value),
            })
    columns = ["measure", "label", "n", "mean", "ci_low", "ci_high", "source", "reference_label", "reference", "gap",
               "reading"]
    return pd.DataFrame(rows, columns=columns)


def gap_chart(table: pd.DataFrame, *, title: str = "") -> Figure:
    """The unit's means (filled circles, 95% intervals) and the reference values (open markers, one per source).

    ``table`` is the output of :func:`reading_table`. Each mean is written beside its marker; the x axis runs
    from 0 to 100.
    """
    measures = list(pd.unique(table["measure"]))
    first = table.drop_duplicates("measure").set_index("measure").loc[measures]
    n = len(measures)
    y = np.arange(n)[::-1]
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * n + 2.2), layout="constrained")
    mean = first["mean"].to_numpy(float)
    low, high = first["ci_low"].to_numpy(float), first["ci_high"].to_numpy(float)
    ax.errorbar(mean, y, xerr=[mean - low, high - mean], fmt="o", color="black", markersize=7, capsize=3,
                elinewidth=1.2, zorder=3)
    for xi, yi, lo in zip(mean, y, low):
        ax.text(xi, yi + 0.28, f"{xi:.0f}", ha="center", va="bottom", fontsize=9, fontweight="bold")
    handles = [Line2D([], [], marker="o", color="black", linestyle="-", label="Unit mean with 95% interval")]
    refs = table.dropna(subset=["reference"])
    row_y = dict(zip(measures, y))
    for j, source in enumerate(pd.unique(refs["source"])):
        part = refs[refs["source"] == source]
        marker = REFERENCE_MARKERS[j % len(REFERENCE_MARKERS)]
        ax.plot(part["reference"], [row_y[m] for m in part["measure"]], linestyle="none", marker=marker,
                markersize=8, markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.4, zorder=4)
        handles.append(Line2D([], [], marker=marker, markerfacecolor="white", markeredgecolor="black",
                              linestyle="none", label=f"Indicative reference: {source}"))
    ax.set_yticks(y)
    ax.set_yticklabels([_wrap(v, 30) for v in first["label"]], fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_ylim(y.min() - 0.6, y.max() + 0.8)
    ax.set_xlabel("Score out of 100")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=SMALLEST_FONT_PT, frameon=False)
    return fig
