"""Charts, tables and a self-contained HTML report for learning-organization survey scores.

Every chart is readable in greyscale (hatching, marker shapes and printed values carry the meaning, never colour
alone) and has a table equivalent (``*_table`` functions). :func:`build_report` puts them together in one HTML
file with no external assets and no scripts, so it can be e-mailed or opened offline.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import textwrap
from html import escape

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from learnorg import i18n, scoring
from learnorg.display import table_html
from learnorg.instrument import profile_rows

#: Where the published book lives; links in reports point here. Change it for a fork.
BOOK_URL = "https://learning-ministries.github.io/learning-ministries"
#: Book page (without ``.html``) for dimensions whose own chapter is not published yet.
CODEBOOK_PAGE = "book/measuring_your_ministry"
#: Book chapter for a dimension, once that chapter exists. Dimensions not listed link to CODEBOOK_PAGE.
CHAPTER_PAGES: dict[str, str] = {}

DIMENSION_COLOUR = "#c8c8c8"
BLOCK_COLOUR = "#6e6e6e"
WAVE_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DIAGNOSTIC = "This is a diagnostic to start a discussion, not a grade."


# ----------------------------------------------------------------------------------------------- helpers


def _text(value: object) -> str:
    """Plain text for matplotlib: ``$`` would otherwise start mathtext."""
    return str(value).replace("$", r"\$")


def _wrap(value: object, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(_text(value), width)) or ""


def _select_group(summary: pd.DataFrame, group=None) -> pd.DataFrame:
    """Rows of ``summary`` for one group, indexed by measure."""
    if "group" in summary.columns:
        present = list(pd.unique(summary["group"]))
        if group is None:
            if len(present) != 1:
                raise ValueError(
                    f"summary holds {len(present)} groups ({', '.join(map(str, present[:5]))}...); "
                    "pass group= to choose one."
                )
            group = present[0]
        part = summary[summary["group"] == group]
        if part.empty:
            raise ValueError(f"group {group!r} is not in the summary; groups are {present}.")
    else:
        part = summary
    return part.drop_duplicates("measure").set_index("measure")


def _label(instrument, measure: str) -> str:
    try:
        return str(instrument.label(measure))
    except (KeyError, ValueError):
        return str(measure)


REFERENCE_MARKERS = ("D", "^", "s", "v", "P")


def _source_name(label: str) -> str:
    """Short name of a reference's source: its label up to the first ':' or ','."""
    text = str(label)
    cut = min((i for i in (text.find(":"), text.find(",")) if i > 0), default=len(text))
    return text[:cut].strip()


def _reference_lookup(references: pd.DataFrame | None, rows) -> pd.DataFrame:
    """References matched to profile rows: columns row_measure, value, source (short name)."""
    columns = ["row_measure", "value", "source"]
    if references is None or references.empty:
        return pd.DataFrame(columns=columns)
    alias_to_row = {alias: measure for measure, _kind, aliases in rows for alias in aliases}
    refs = references[references["measure"].isin(alias_to_row) & references["value"].notna()]
    return pd.DataFrame(
        {
            "row_measure": refs["measure"].map(alias_to_row).to_numpy(),
            "value": refs["value"].astype(float).to_numpy(),
            "source": [_source_name(lbl) for lbl in refs["label"]],
        },
        columns=columns,
    )


def _reference_text(refs: pd.DataFrame, measure: str) -> str:
    part = refs[refs["row_measure"] == measure]
    if part.empty:
        return "–"
    return "; ".join(
        ", ".join(f"{v:.0f}" for v in grp["value"]) + f" ({src})"
        for src, grp in part.groupby("source", sort=False)
    )


def _text_colour(rgba) -> str:
    """Black or white, whichever contrasts more with a cell colour (WCAG relative luminance)."""
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def _ci(low: float, high: float, lang: str = "en") -> str:
    if pd.isna(low) or pd.isna(high):
        return "–"
    return i18n.t("ci_range", lang, low=i18n.number(low, 1, lang), high=i18n.number(high, 1, lang))


# ------------------------------------------------------------------------------------------------ charts


def dimensions_table(instrument) -> pd.DataFrame:
    """What the instrument measures: block, dimension, description, number of items and of reverse-worded items."""
    dims = instrument.dimensions
    reverse = set(instrument.items.loc[instrument.items["reverse"], "item_id"])
    items = {d: instrument.items_of(d) for d in dims["dimension_id"]}
    return pd.DataFrame(
        {
            "Block": [_label(instrument, b) for b in dims["block_id"]],
            "Dimension": list(dims["label"]),
            "What it asks about": list(dims["description"]) if "description" in dims else "",
            "Items": [len(items[d]) for d in dims["dimension_id"]],
            "Reverse-worded items": [sum(i in reverse for i in items[d]) for d in dims["dimension_id"]],
        }
    )



def profile_table(summary: pd.DataFrame, instrument, references: pd.DataFrame | None = None, group=None,
                  lang: str = "en") -> pd.DataFrame:
    """Table equivalent of :func:`profile_chart`."""
    data = _select_group(summary, group)
    rows = profile_rows(instrument)
    refs = _reference_lookup(references, rows)
    out = []
    for measure, kind, _aliases in rows:
        r = data.loc[measure] if measure in data.index else None
        out.append(
            {
                "Measure": _label(instrument, measure),
                "Type": "Block" if kind == "block" else "Dimension",
                "Respondents": int(r["n"]) if r is not None and pd.notna(r["n"]) else 0,
                "Mean (0-100)": float(r["mean"]) if r is not None else np.nan,
                "95% CI": _ci(r["ci_low"], r["ci_high"], lang) if r is not None else "–",
                "Indicative reference(s)": _reference_text(refs, measure),
            }
        )
    return pd.DataFrame(out)


def profile_chart(summary: pd.DataFrame, references: pd.DataFrame | None, instrument, group=None,
                  lang: str = "en") -> Figure:
    """Horizontal bars of mean scores (blocks hatched, dimensions plain) with 95% CIs and reference markers.

    ``summary`` is the long output of ``scoring.group_summary``; ``group`` picks one of its groups (needed when it
    holds several). Every bar carries its value; reference values appear as open diamonds.
    """
    data = _select_group(summary, group)
    rows = profile_rows(instrument)
    refs = _reference_lookup(references, rows)
    n = len(rows)
    y = np.arange(n)[::-1]
    mean = np.array([data["mean"].get(m, np.nan) for m, _k, _a in rows], dtype=float)
    low = np.array([data["ci_low"].get(m, np.nan) for m, _k, _a in rows], dtype=float)
    high = np.array([data["ci_high"].get(m, np.nan) for m, _k, _a in rows], dtype=float)
    is_block = np.array([k == "block" for _m, k, _a in rows])

    fig, ax = plt.subplots(figsize=(8.5, 0.42 * n + 2.2), layout="constrained")
    bars = ax.barh(
        y,
        np.nan_to_num(mean),
        color=[BLOCK_COLOUR if b else DIMENSION_COLOUR for b in is_block],
        edgecolor="black",
        linewidth=0.6,
        height=0.7,
    )
    for bar, b in zip(bars, is_block):
        if b:
            bar.set_hatch("///")
    ok = ~np.isnan(mean) & ~np.isnan(low) & ~np.isnan(high)
    if ok.any():
        ax.errorbar(
            mean[ok], y[ok], xerr=[mean[ok] - low[ok], high[ok] - mean[ok]],
            fmt="none", ecolor="black", elinewidth=1, capsize=3,
        )
    # Values in a column right of the plot, clear of whiskers and reference markers.
    column = matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(1.02, y[0] + 0.75, i18n.t("chart_mean", lang), transform=column, va="center", ha="left", fontsize=8, fontweight="bold")
    for yi, m, b in zip(y, mean, is_block):
        ax.text(1.02, yi, i18n.t("chart_no_data", lang) if np.isnan(m) else f"{m:.0f}", transform=column, va="center", ha="left",
                fontsize=8 if np.isnan(m) else 9, fontweight="bold" if b else "normal")
    row_y = {measure: yi for yi, (measure, _k, _a) in zip(y, rows)}
    sources = list(pd.unique(refs["source"]))
    for j, source in enumerate(sources):
        part = refs[refs["source"] == source]
        ax.plot(part["value"], [row_y[m] for m in part["row_measure"]], marker=REFERENCE_MARKERS[j % 5],
                markersize=7, markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.4,
                linestyle="none", zorder=4, alpha=0.9)
    ax.set_yticks(y)
    ax.set_yticklabels([_text(_label(instrument, m)) for m, _k, _a in rows], fontsize=9)
    for tick, b in zip(ax.get_yticklabels(), is_block):
        if b:
            tick.set_fontweight("bold")
    ax.set_xlim(0, 100)
    ax.set_xlabel(i18n.t("chart_profile_x", lang))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    name = data["group"].iloc[0] if "group" in data.columns and len(data) else group
    if name == scoring.ALL_GROUP:
        name = i18n.t("all_respondents", lang)
    title = i18n.t("chart_profile_title", lang) + (f": {_text(name)}" if name is not None else "")
    ax.set_title(title, loc="left", fontsize=11)
    handles = [
        Patch(facecolor=DIMENSION_COLOUR, edgecolor="black", label=i18n.t("chart_legend_dimension", lang)),
        Patch(facecolor=BLOCK_COLOUR, edgecolor="black", hatch="///", label=i18n.t("chart_legend_block", lang)),
        Line2D([], [], color="black", marker="|", markersize=8, linestyle="-", label=i18n.t("chart_legend_ci", lang)),
    ]
    for j, source in enumerate(sources):
        handles.append(
            Line2D([], [], marker=REFERENCE_MARKERS[j % 5], markerfacecolor="white", markeredgecolor="black",
                   linestyle="none", label=i18n.t("chart_legend_reference", lang, source=_text(source)))
        )
    fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    return fig


def heatmap_table(summary: pd.DataFrame, instrument) -> pd.DataFrame:
    """Table equivalent of :func:`heatmap_chart`: one row per group, one column per dimension."""
    dims = [d for d in instrument.dimension_ids]
    data = summary[summary["measure"].isin(dims)]
    groups = list(pd.unique(data["group"]))
    wide = data.pivot_table(index="group", columns="measure", values="mean", aggfunc="first", dropna=False)
    wide = wide.reindex(index=groups, columns=dims)
    wide.columns = [_label(instrument, d) for d in dims]
    return wide.rename_axis("Group").reset_index().astype({"Group": str})


def heatmap_chart(summary: pd.DataFrame, instrument, lang: str = "en") -> Figure:
    """Groups (rows) by dimensions (columns), the mean printed in every cell, missing cells marked "–".

    Uses the 'cividis' colormap, whose lightness rises steadily, so it reads correctly in greyscale.
    """
    table = heatmap_table(summary, instrument)
    values = table.drop(columns="Group").to_numpy(dtype=float)
    n_rows, n_cols = values.shape
    fig, ax = plt.subplots(figsize=(max(7.0, 0.85 * n_cols + 2.8), 0.55 * n_rows + 2.6), layout="constrained")
    norm = matplotlib.colors.Normalize(vmin=0, vmax=100)
    cmap = matplotlib.colormaps["cividis"].with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    for i in range(n_rows):
        for j in range(n_cols):
            v = values[i, j]
            if np.isnan(v):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor="#999999",
                                       hatch="xx", linewidth=0))
                ax.text(j, i, "–", ha="center", va="center", fontsize=10, color="black")
            else:
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=9,
                        color=_text_colour(cmap(norm(v))), fontweight="bold")
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels([_wrap(c, 16) for c in table.columns[1:]], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([_text(g) for g in table["Group"]], fontsize=9)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    bar.set_label(i18n.t("chart_heatmap_bar", lang))
    ax.set_title(i18n.t("chart_heatmap_title", lang), loc="left", fontsize=11)
    return fig


def wave_table(change: pd.DataFrame, instrument, measure: str | None = None, lang: str = "en") -> pd.DataFrame:
    """Table equivalent of :func:`wave_chart`."""
    data = _wave_rows(change, instrument, measure)
    data = data.reset_index(drop=True)
    return pd.DataFrame(
        {
            "Unit": data["unit"].astype(str),
            "Measure": [_label(instrument, m) for m in data["measure"]],
            "n (first)": data["n_first"].astype("Int64"),
            "Mean (first)": data["mean_first"].astype(float),
            "n (second)": data["n_second"].astype("Int64"),
            "Mean (second)": data["mean_second"].astype(float),
            "Change": data["change"].astype(float),
            "95% CI of change": [_ci(lo, hi, lang) for lo, hi in zip(data["ci_low"], data["ci_high"])],
        }
    )


def _wave_measures(change: pd.DataFrame, instrument, measure: str | None) -> list[str]:
    if measure is not None:
        if measure not in set(change["measure"]):
            raise ValueError(f"measure {measure!r} is not in the change table.")
        return [measure]
    return [b for b in instrument.block_ids if b in set(change["measure"])]


def _wave_rows(change: pd.DataFrame, instrument, measure: str | None) -> pd.DataFrame:
    measures = _wave_measures(change, instrument, measure)
    data = change[change["measure"].isin(measures)].copy()
    data["_order"] = data["measure"].map({m: i for i, m in enumerate(measures)})
    units = list(pd.unique(change["unit"]))
    data["_unit"] = data["unit"].map({u: i for i, u in enumerate(units)})
    return data.sort_values(["_unit", "_order"]).drop(columns=["_order", "_unit"])


def wave_chart(change: pd.DataFrame, instrument, measure: str | None = None, lang: str = "en") -> Figure:
    """Change between two waves per unit with 95% CIs: one marker shape per measure (the blocks by default)."""
    measures = _wave_measures(change, instrument, measure)
    units = list(pd.unique(change["unit"]))
    n_units, n_meas = len(units), len(measures)
    fig, ax = plt.subplots(figsize=(8.5, 0.2 * n_units * max(n_meas, 2.5) + 2.0), layout="constrained")
    y_unit = np.arange(n_units)[::-1].astype(float)
    spread = 0.7 / max(n_meas, 1)
    for j, m in enumerate(measures):
        part = change[change["measure"] == m].set_index("unit").reindex(units)
        y = y_unit + (n_meas - 1) / 2 * spread - j * spread
        c = part["change"].to_numpy(dtype=float)
        lo = part["ci_low"].to_numpy(dtype=float)
        hi = part["ci_high"].to_numpy(dtype=float)
        err = np.vstack([np.nan_to_num(c - lo), np.nan_to_num(hi - c)])
        ax.errorbar(
            c, y, xerr=err, fmt=WAVE_MARKERS[j % len(WAVE_MARKERS)], color="black",
            markerfacecolor="white" if j % 2 else "black", markersize=6, capsize=2.5, elinewidth=0.9,
            label=_text(_label(instrument, m)),
        )
        if n_meas == 1:
            for ci, hi_, yi in zip(c, hi, y):
                if not np.isnan(ci):
                    ax.text((hi_ if not np.isnan(hi_) else ci) + 0.6, yi, f"{ci:+.0f}", va="center", fontsize=8)
    ax.axvline(0, color="black", linestyle="--", linewidth=0.8)
    ax.set_yticks(y_unit)
    ax.set_yticklabels([_text(u) for u in units], fontsize=9)
    ax.set_xlabel(i18n.t("chart_wave_x", lang))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    what = _text(_label(instrument, measure)) if measure is not None else i18n.t("chart_wave_blocks", lang)
    ax.set_title(i18n.t("chart_wave_title", lang, what=what), loc="left", fontsize=11)
    if n_meas > 1:
        fig.legend(loc="outside lower center", ncol=min(n_meas, 4), fontsize=8, frameon=False)
    return fig


# ------------------------------------------------------------------------------------- strengths and gaps


def chapter_link(dimension_id: str, link_base: str = BOOK_URL, chapter_pages: dict[str, str] | None = None) -> str:
    """Link to the book chapter on a dimension, or to the instrument page when there is no chapter yet."""
    pages = CHAPTER_PAGES if chapter_pages is None else chapter_pages
    return f"{link_base.rstrip('/')}/{pages.get(dimension_id, CODEBOOK_PAGE)}.html"


def strengths_and_gaps(
    summary: pd.DataFrame,
    instrument,
    k: int = 3,
    *,
    group=None,
    link_base: str = BOOK_URL,
    chapter_pages: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The ``k`` strongest and ``k`` weakest dimensions, each with its suggested next step and a book link.

    Columns: kind ('strength' or 'gap'), rank, dimension, label, mean, ci_low, ci_high, next_step, link.
    Dimensions without a score are left out; if there are fewer than ``2 * k``, the two lists share none.
    """
    data = _select_group(summary, group)
    dims = instrument.dimensions.set_index("dimension_id")
    scored = data.loc[[d for d in instrument.dimension_ids if d in data.index]]
    scored = scored[scored["mean"].notna()]
    k = max(0, min(k, len(scored) // 2))
    ordered = scored.sort_values("mean", ascending=False, kind="stable")
    picks = [("strength", ordered.head(k)), ("gap", ordered.tail(k).iloc[::-1])]
    rows = []
    for kind, part in picks:
        for rank, (dim, r) in enumerate(part.iterrows(), start=1):
            rows.append(
                {
                    "kind": kind,
                    "rank": rank,
                    "dimension": dim,
                    "label": _label(instrument, dim),
                    "mean": float(r["mean"]),
                    "ci_low": float(r["ci_low"]),
                    "ci_high": float(r["ci_high"]),
                    "next_step": str(dims.loc[dim, "next_step"]) if "next_step" in dims.columns else "",
                    "link": chapter_link(dim, link_base, chapter_pages),
                }
            )
    return pd.DataFrame(
        rows, columns=["kind", "rank", "dimension", "label", "mean", "ci_low", "ci_high", "next_step", "link"]
    )


# ---------------------------------------------------------------------------------------------- HTML report

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#111;
background:#fff;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.7rem}h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid #999}h3{font-size:1.1rem}
.banner{border:3px solid #000;background:#ffe9a8;color:#000;padding:.6rem 1rem;font-weight:bold;
letter-spacing:.04em;text-align:center}
.note{border-left:4px solid #555;background:#f3f3f3;padding:.5rem .9rem}
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto;border:1px solid #ccc}
figcaption{font-size:.95rem;color:#222;margin-top:.3rem}
table{border-collapse:collapse;margin:.8rem 0 1.4rem;font-size:.9rem;display:block;overflow-x:auto}
caption{caption-side:top;text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#e8e8e8}a{color:#0b3d91}
"""


def _figure_html(fig: Figure, alt: str, caption: str) -> str:
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _wave_order(values: pd.Series) -> list:
    distinct = list(pd.unique(values.dropna()))
    numeric = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")
    if numeric.notna().all():
        return [v for _n, v in sorted(zip(numeric, distinct), key=lambda t: t[0])]
    return sorted(distinct, key=str)


def _as_text(values: pd.Series) -> pd.Series:
    """Group labels as stripped text; empty or missing values become NA."""
    text = values.astype(object).map(lambda v: "" if pd.isna(v) else str(v).strip())
    return text.where(text != "", None)


def _profile_alt(table: pd.DataFrame, who: str, lang: str = "en") -> str:
    scored = table.dropna(subset=["Mean (0-100)"])
    dims = scored[scored["Type"] == "Dimension"]
    text = i18n.t("profile_alt", lang, who=who)
    if len(dims):
        top = dims.loc[dims["Mean (0-100)"].idxmax()]
        bottom = dims.loc[dims["Mean (0-100)"].idxmin()]
        text += i18n.t("profile_alt_extremes", lang, top=top["Measure"], top_value=f"{top['Mean (0-100)']:.0f}",
                       bottom=bottom["Measure"], bottom_value=f"{bottom['Mean (0-100)']:.0f}")
    return text + i18n.t("profile_alt_end", lang)


def _localized_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A report table with its column headers (and Block/Dimension values) in ``lang``."""
    if lang == "en":
        return table
    out = table.rename(columns={c: i18n.column(str(c), lang) for c in table.columns})
    if "Type" in table.columns:
        out[i18n.column("Type", lang)] = table["Type"].map(lambda v: i18n.column(str(v), lang))
    return out


def build_report(
    instrument,
    scores: pd.DataFrame,
    groups: pd.DataFrame | None,
    by: str | None = None,
    *,
    title: str | None = None,
    synthetic: bool = False,
    min_group_size: int = 5,
    answers: pd.DataFrame | None = None,
    references: pd.DataFrame | None = None,
    link_base: str = BOOK_URL,
    generated: str | None = None,
    lang: str = "en",
    id_column: str | None = None,
) -> str:
    """Return a self-contained HTML report (inline CSS, charts as base64 PNG, no scripts, no external assets).

    ``scores`` comes from ``scoring.score_respondents``; ``groups`` holds the respondents' other columns (same
    index), ``by`` names the column to break results down by (e.g. ``"unit"``). With a ``wave`` column holding
    two or more waves, results describe the latest wave and a section compares the first and the latest.
    Groups with fewer than ``min_group_size`` respondents are not shown, and no score at all is shown when the
    results cover fewer respondents than that. Respondent identifiers are never written: ``id_column`` (and
    any column of ``groups`` other than ``by`` and ``wave``) is not used. ``answers`` (item answers) adds a
    reliability table; ``references`` defaults to ``scoring.reference_values``. ``lang`` ("en" or "fr")
    chooses the language of the report and of the instrument's labels.
    """
    from learnorg import scoring

    i18n.check_lang(lang)

    def tr(key: str, **values) -> str:
        return i18n.t(key, lang, **values)

    if groups is None:
        groups = pd.DataFrame(index=scores.index)
    if len(groups) != len(scores) or not groups.index.equals(scores.index):
        raise ValueError(
            f"groups ({len(groups)} rows) must have the same index as scores ({len(scores)} rows)."
        )
    if by is not None and by not in groups.columns:
        raise ValueError(f"column {by!r} not found; available columns: {', '.join(map(str, groups.columns))}.")
    if by is not None and id_column is not None and by == id_column:
        raise ValueError(f"column {by!r} holds the respondent ids; reports never break results down by respondent.")
    if min_group_size < 1:
        raise ValueError("min_group_size must be at least 1.")
    if references is None:
        references = scoring.reference_values(instrument)
    instrument = instrument.localized(lang)
    title = title or tr("default_title", title=instrument.title)
    generated = generated or _dt.date.today().isoformat()
    diagnostic = tr("diagnostic")

    waves = _wave_order(groups["wave"]) if "wave" in groups.columns else []
    if len(waves) >= 2:
        current_mask = groups["wave"] == waves[-1]
        scope = tr("scope_latest", wave=waves[-1])
    else:
        current_mask = pd.Series(True, index=scores.index)
        scope = tr("scope_all")
    cur_scores, cur_groups = scores[current_mask], groups[current_mask]
    too_few = len(cur_scores) < min_group_size

    def table(frame: pd.DataFrame, caption: str, **options) -> str:
        return table_html(_localized_table(frame, lang), caption, **options)

    parts: list[str] = []
    add = parts.append
    if synthetic:
        add(f'<p class="banner" role="note">{escape(tr("synthetic_banner"))}</p>')
    add(f"<h1>{escape(title)}</h1>")

    # Overview
    add(f'<h2 id="overview">{escape(tr("h_overview"))}</h2>')
    add(f'<p class="note"><strong>{escape(diagnostic)}</strong> {escape(tr("overview_note"))}</p>')
    overview = [
        (tr("ov_respondents_file"), f"{len(scores):,}"),
        (tr("ov_scope"), scope),
        (tr("ov_respondents_scope"), f"{len(cur_scores):,}"),
        (tr("ov_instrument"), tr("ov_instrument_value", title=instrument.title, version=instrument.version)),
        (tr("ov_generated"), generated),
    ]
    if len(waves) >= 2:
        overview.insert(2, (tr("ov_waves"), ", ".join(map(str, waves))))
    if by is not None:
        overview.append((tr("ov_by"), by))
    add(table_html(pd.DataFrame(overview, columns=[tr("ov_item"), tr("ov_value")]), tr("ov_caption")))

    if too_few:
        add(f'<h2 id="profile">{escape(tr("h_profile"))}</h2>')
        add(f'<p class="note" role="note">{escape(tr("too_few_overall", n=len(cur_scores), min_group_size=min_group_size))}</p>')
    else:
        _add_results(add, table, tr, instrument, scores, groups, by, waves, scope, cur_scores, cur_groups,
                     min_group_size, references, answers, link_base, lang)

    # Method notes and references
    add(f'<h2 id="method">{escape(tr("h_method"))}</h2>')
    add("<ul>" + "".join(f"<li>{escape(text)}</li>" for text in (
        tr("method_1"), tr("method_2"), tr("method_3"), tr("method_4"),
        tr("method_5", min_group_size=min_group_size), tr("method_6"), tr("method_7"),
    )) + "</ul>")
    add(f'<h2 id="references">{escape(tr("h_references"))}</h2>')
    add(_para(tr("references_intro")))
    if references is not None and not references.empty:
        rtable = pd.DataFrame(
            {
                "Measure": [_label(instrument, m) for m in references["measure"]],
                "Value (0-100)": references["value"].astype(float),
                "What it is": references["label"].astype(str),
                "Source": references["source_key"].astype(str),
                "Note": references["note"].astype(str),
            }
        )
        add(table(rtable, tr("references_caption")))
    add(_para(f"{tr('generated_by', date=generated)} {diagnostic}"))

    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(parts)
        + "\n</main>\n</body>\n</html>\n"
    )


def _add_results(add, table, tr, instrument, scores, groups, by, waves, scope, cur_scores, cur_groups,
                 min_group_size, references, answers, link_base, lang) -> None:
    """The result sections of :func:`build_report` (profile, groups, waves, strengths, gaps, reliability)."""
    from learnorg import scoring

    # Overall profile
    add(f'<h2 id="profile">{escape(tr("h_profile"))}</h2>')
    overall = scoring.group_summary(cur_scores)
    group_name = pd.unique(overall["group"])[0] if "group" in overall.columns else None
    ptable = profile_table(overall, instrument, references, group=group_name, lang=lang)
    add(_para(tr("profile_intro")))
    add(_figure_html(profile_chart(overall, references, instrument, group=group_name, lang=lang),
                     _profile_alt(ptable, scope, lang), tr("profile_caption", scope=scope)))
    add(table(ptable, tr("profile_table_caption", scope=scope)))

    # Per-group results
    if by is not None:
        add(f'<h2 id="groups">{escape(tr("h_groups", by=by))}</h2>')
        labels = _as_text(cur_groups[by])
        sizes = labels.value_counts(dropna=True)
        shown = sorted((g for g in sizes.index if sizes[g] >= min_group_size), key=lambda g: (g.casefold(), g))
        hidden = int((sizes < min_group_size).sum())
        n_missing = int(labels.isna().sum())
        add(_para(
            tr("groups_intro", shown=len(shown), hidden=hidden, min_group_size=min_group_size)
            + (tr("groups_missing", n=n_missing, by=by) if n_missing else "")
        ))
        if shown:
            keep = labels.isin(shown).to_numpy()
            gsum = scoring.group_summary(cur_scores[keep], labels[keep])
            gsum = gsum[gsum["group"].isin(shown)]
            block_rows = []
            for g in shown:
                part = gsum[gsum["group"] == g].set_index("measure")
                row = {by: g, "Respondents": int(sizes[g])}
                for b in instrument.block_ids:
                    row[_label(instrument, b)] = float(part["mean"].get(b, np.nan))
                block_rows.append(row)
            add(f"<h3>{escape(tr('h_blocks_by', by=by))}</h3>")
            add(table(pd.DataFrame(block_rows), tr("blocks_by_caption", by=by, scope=scope)))
            add(f"<h3>{escape(tr('h_dims_by', by=by))}</h3>")
            htable = heatmap_table(gsum, instrument).rename(columns={"Group": by})
            add(_figure_html(
                heatmap_chart(gsum, instrument, lang=lang),
                tr("heatmap_alt", by=by, n_groups=len(shown), n_dims=len(instrument.dimension_ids)),
                tr("heatmap_caption", by=by, scope=scope),
            ))
            add(table(htable, tr("heatmap_table_caption", by=by, scope=scope)))

    # Wave change
    if len(waves) >= 2:
        first, second = waves[0], waves[-1]
        add(f'<h2 id="waves">{escape(tr("h_waves"))}</h2>')
        units = _as_text(groups[by]) if by is not None else pd.Series(tr("all_respondents"), index=scores.index)
        wave_text = _as_text(groups["wave"])
        counts = pd.crosstab(units, wave_text)
        n_of = {w: counts[w] if w in counts.columns else pd.Series(0, index=counts.index)
                for w in (str(first).strip(), str(second).strip())}
        eligible = [u for u in counts.index
                    if min(n_of[str(first).strip()][u], n_of[str(second).strip()][u]) >= min_group_size]
        hidden = len(counts.index) - len(eligible)
        add(_para(tr("waves_intro", first=first, second=second, hidden=hidden, min_group_size=min_group_size)))
        if eligible:
            keep = units.isin(eligible).to_numpy()
            change = scoring.wave_change(scores[keep], units[keep], groups["wave"][keep], first, second)
            change = change[change["unit"].isin(eligible)]
            add(_figure_html(
                wave_chart(change, instrument, lang=lang),
                tr("waves_alt", first=first, second=second),
                tr("waves_caption", first=first, second=second),
            ))
            add(table(wave_table(change, instrument, lang=lang), tr("waves_table_caption", first=first, second=second)))

    # Strengths, gaps, next steps
    sg = strengths_and_gaps(overall, instrument, group=group_name, link_base=link_base)
    for kind, heading, anchor, intro in (
        ("strength", tr("h_strengths"), "strengths", tr("strengths_intro")),
        ("gap", tr("h_gaps"), "gaps", tr("gaps_intro")),
    ):
        add(f'<h2 id="{anchor}">{escape(heading)}</h2>')
        add(_para(intro))
        part = sg[sg["kind"] == kind]
        items = "".join(
            f"<li><strong>{escape(r.label)}</strong>: "
            f"{escape(tr('out_of_100', mean=f'{r.mean:.0f}', ci=_ci(r.ci_low, r.ci_high, lang)))}</li>"
            for r in part.itertuples()
        )
        add(f"<ol>{items}</ol>" if items else _para(tr("not_enough_dims")))
    add(f'<h2 id="next-steps">{escape(tr("h_next_steps"))}</h2>')
    add(_para(tr("next_steps_intro")))
    steps = "".join(
        f"<li><strong>{escape(r.label)}</strong>: {escape(r.next_step)} "
        f'<a href="{escape(r.link)}">{escape(tr("read_more", label=r.label))}</a></li>'
        for r in sg[sg["kind"] == "gap"].itertuples()
    )
    add(f"<ul>{steps}</ul>" if steps else _para(tr("no_gaps")))

    # Reliability
    add(f'<h2 id="reliability">{escape(tr("h_reliability"))}</h2>')
    if answers is not None:
        alpha = scoring.cronbach_alpha(answers, instrument)
        atable = pd.DataFrame(
            {
                "Dimension": [_label(instrument, d) for d in alpha["dimension"]],
                "Items": alpha["k_items"].astype(int),
                "Complete answers": alpha["n_complete"].astype(int),
                "Cronbach's alpha": alpha["alpha"].astype(float),
            }
        )
        add(_para(tr("reliability_intro")))
        add(table(atable, tr("reliability_caption"), float_format="{:.2f}"))
    else:
        add(_para(tr("reliability_none")))
