"""Outbreak timelines: day counts between milestones, case fatality, and an aligned timeline chart.

An outbreak report usually gives a few dated milestones: the earliest known onset of illness, the day
the outbreak was first reported, the day it was confirmed and declared, and the day it was declared
over. Comparing successive outbreaks means turning those dates into intervals (how long from first
illness to declaration? how long from declaration to the end?) and drawing them side by side.

:func:`outbreak_intervals` adds the intervals to a table of outbreaks; :func:`timeline_chart` draws
one bar per outbreak, aligned on the declaration (day 0), so that detection delays sit to the left of
the line and the length of the response to the right. The chart is readable in greyscale: phases are
told apart by hatching and every bar carries its number of days as text.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from learnorg.figures import AXIS_LABEL_CHARS, PHONE_WIDTH_IN, wrap

#: Values of an ``onset_precision`` column. ``month`` means only the month of the first illness is
#: published: the onset date is then the first day of that month and the interval from onset is an
#: upper bound ("at most").
PRECISIONS = ("day", "month")


def days_between(start: object, end: object) -> float:
    """Whole calendar days from ``start`` to ``end`` (dates or ISO strings); NaN if either is missing.

    >>> days_between("2022-09-20", "2023-01-11")
    113.0
    """
    if _missing(start) or _missing(end):
        return float("nan")
    return float((pd.Timestamp(end) - pd.Timestamp(start)).days)


def case_fatality(cases: object, deaths: object) -> float:
    """Deaths as a percentage of cases, rounded to one decimal; NaN when cases are missing or zero.

    This is the *reported* case fatality: it depends on which cases were found and counted, not
    only on how deadly the virus is.

    >>> case_fatality(164, 77)
    47.0
    """
    if _missing(cases) or _missing(deaths) or float(cases) == 0:
        return float("nan")
    if float(deaths) < 0 or float(cases) < 0 or float(deaths) > float(cases):
        raise ValueError(f"deaths ({deaths}) must be between 0 and the number of cases ({cases}).")
    return round(100 * float(deaths) / float(cases), 1)


def outbreak_intervals(
    frame: pd.DataFrame,
    *,
    onset: str = "earliest_onset",
    reported: str = "first_reported",
    declared: str = "declared",
    over: str = "declared_over",
    cases: str = "cases",
    deaths: str = "deaths",
    precision: str | None = "onset_precision",
) -> pd.DataFrame:
    """Return a copy of ``frame`` with the intervals between milestones and the case fatality.

    Added columns (days, NaN where a date is missing):

    - ``days_onset_to_declared``: earliest onset to confirmation and declaration;
    - ``days_reported_to_declared``: first report to the authorities to declaration;
    - ``days_declared_to_over``: declaration to the declared end;
    - ``onset_is_upper_bound``: True where only the onset month is known (see :data:`PRECISIONS`);
    - ``cfr_percent``: reported deaths as a percentage of reported cases.

    Milestones must be in order; a declaration before the onset, for example, raises ``ValueError``
    naming the row, because it is almost always a typing error.
    """
    for column in (onset, reported, declared, over, cases, deaths):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    out = frame.copy()
    for column in (onset, reported, declared, over):
        out[column] = pd.to_datetime(out[column], errors="raise")

    for i, row in out.iterrows():
        dates = [(name, row[name]) for name in (onset, reported, declared, over) if not _missing(row[name])]
        for (first, a), (second, b) in zip(dates, dates[1:]):
            if b < a:
                raise ValueError(f"Row {i}: {second} ({b.date()}) is before {first} ({a.date()}).")

    out["days_onset_to_declared"] = [days_between(a, b) for a, b in zip(out[onset], out[declared])]
    out["days_reported_to_declared"] = [days_between(a, b) for a, b in zip(out[reported], out[declared])]
    out["days_declared_to_over"] = [days_between(a, b) for a, b in zip(out[declared], out[over])]
    if precision is not None and precision in out.columns:
        unknown = set(out[precision].dropna()) - set(PRECISIONS)
        if unknown:
            raise ValueError(f"{precision}: unknown value(s) {sorted(unknown)}; use one of {PRECISIONS}.")
        out["onset_is_upper_bound"] = out[precision].eq("month") & out[onset].notna()
    else:
        out["onset_is_upper_bound"] = False
    out["cfr_percent"] = [case_fatality(c, d) for c, d in zip(out[cases], out[deaths])]
    return out


def day_label(days: float, upper_bound: bool = False) -> str:
    """``'43 days'``, ``'≤ 120 days'`` for an upper bound, ``'1 day'``, or ``'no date found'``."""
    if _missing(days):
        return "no date found"
    n = int(days)
    text = f"{n} day" + ("" if n == 1 else "s")
    return ("\u2264 " + text) if upper_bound else text


def format_date(value: object, precision: str | None = "day") -> str:
    """``'20 Sep 2022'``, or ``'Aug 2007'`` when only the month is known; empty text when missing."""
    if _missing(value):
        return ""
    stamp = pd.Timestamp(value)
    if precision == "month":
        return stamp.strftime("%b %Y")
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def milestone_table(frame: pd.DataFrame, label: str = "outbreak", precision: str = "onset_precision") -> pd.DataFrame:
    """A table for reading: the milestones as dates in words and the intervals as day labels.

    ``frame`` is the output of :func:`outbreak_intervals`. Onsets known only to the month are written
    as a month ("Aug 2007") and the interval from them as an upper bound ("≤ 120 days").
    """
    precisions = frame[precision] if precision in frame.columns else pd.Series("day", index=frame.index)
    return pd.DataFrame(
        {
            "Outbreak": frame[label],
            "Earliest onset": [format_date(v, p) for v, p in zip(frame["earliest_onset"], precisions)],
            "First reported": [format_date(v) for v in frame["first_reported"]],
            "Declared": [format_date(v) for v in frame["declared"]],
            "Declared over": [format_date(v) for v in frame["declared_over"]],
            "Onset to declaration": [day_label(d, bool(u)) for d, u in zip(frame["days_onset_to_declared"], frame["onset_is_upper_bound"])],
            "Declaration to end": [day_label(d) for d in frame["days_declared_to_over"]],
        }
    )


def timeline_chart(
    frame: pd.DataFrame,
    label: str,
    *,
    before: str = "days_onset_to_declared",
    after: str = "days_declared_to_over",
    upper_bound: str | None = "onset_is_upper_bound",
    reported: str | None = "days_reported_to_declared",
    before_name: str = "Earliest onset to declaration",
    after_name: str = "Declaration to declared end",
    title: str | None = None,
) -> Figure:
    """Horizontal timeline of outbreaks, one row each, aligned on the declaration (day 0).

    The ``before`` interval is drawn to the left of day 0 (hatched ``//``), the ``after`` interval to
    the right (hatched ``..``); each segment carries its length in days, and a segment whose start is
    only known to the month is labelled "≤". Where ``reported`` is given, a diamond marks the day
    the outbreak was first reported. Rows keep the order of ``frame`` from top to bottom, so sort it
    first (for example by year). Missing intervals are left blank and labelled "no date found".
    Returns the figure; the caller shows it.
    """
    for column in (label, before, after):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    data = frame.reset_index(drop=True)
    n = len(data)
    if n == 0:
        raise ValueError("No outbreaks to draw.")
    positions = np.arange(n)[::-1]  # first row at the top
    flags = data[upper_bound] if upper_bound and upper_bound in data.columns else pd.Series(False, index=data.index)

    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.75 * n + 1.8), layout="constrained")
    left = data[before].fillna(0).to_numpy(dtype=float)
    right = data[after].fillna(0).to_numpy(dtype=float)
    ax.barh(positions, -left, color="0.85", edgecolor="black", hatch="//", height=0.55)
    ax.barh(positions, right, color="0.55", edgecolor="black", hatch="..", height=0.55)
    ax.axvline(0, color="black", lw=1.5)

    span = max(float(np.nanmax(np.concatenate([left, right, [1.0]]))), 1.0)
    pad = 0.02 * span
    for y, b, a, flag in zip(positions, data[before], data[after], flags):
        ax.text(-(0 if _missing(b) else b) - pad, y, day_label(b, bool(flag)), va="center", ha="right", fontsize=9)
        ax.text((0 if _missing(a) else a) + pad, y, day_label(a), va="center", ha="left", fontsize=9)
    if reported and reported in data.columns:
        has = data[reported].notna().to_numpy()
        ax.plot(-data[reported].to_numpy(dtype=float)[has], positions[has], marker="D", ls="none",
                color="white", markeredgecolor="black", markersize=7)

    ax.set_yticks(positions, [wrap(v, 12) for v in data[label]])
    # room for the text labels ("≤ 120 days", "no date found") beyond the longest bar on each side
    total = float(left.max() + right.max()) or 1.0
    ax.set_xlim(-(left.max() + 0.45 * total), right.max() + 0.4 * total)
    ax.set_xlabel(wrap("Days before (left) and after (right) the outbreak was confirmed and declared", AXIS_LABEL_CHARS))
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{abs(int(x))}")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        Patch(facecolor="0.85", edgecolor="black", hatch="//", label=before_name),
        Patch(facecolor="0.55", edgecolor="black", hatch="..", label=after_name),
    ]
    if reported and reported in data.columns and data[reported].notna().any():
        handles.append(plt.Line2D([], [], marker="D", ls="none", color="white", markeredgecolor="black",
                                  label="First reported to the authorities"))
    fig.legend(handles=handles, loc="outside lower center", ncol=1, frameon=False, fontsize=9)
    if title:
        ax.set_title(title, loc="left")
    return fig


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
