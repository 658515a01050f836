"""Counting reviews: shares within a breakdown, and a labelled bar chart of counts.

Used by the chapter "Learning from past experience" for the after action reviews that WHO supported
in 2016–2019 (counts by format, region, year and type of event). The chart carries each count and
its share as text and uses one hatched fill, so it reads the same in greyscale.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from learnorg.figures import PHONE_WIDTH_IN, wrap


def shares(frame: pd.DataFrame, value: str = "reports", by: str | None = "dimension", decimals: int = 1) -> pd.DataFrame:
    """Return a copy of ``frame`` with ``percent``: each row's ``value`` as a share of its group's total.

    ``by`` names the column that defines the groups (None: one group). A group whose total is zero
    gets NaN shares. Counts must not be negative.
    """
    for column in (value, by):
        if column is not None and column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    counts = pd.to_numeric(frame[value], errors="raise")
    if (counts < 0).any():
        raise ValueError(f"{value}: counts cannot be negative.")
    totals = counts.groupby(frame[by]).transform("sum") if by is not None else pd.Series(counts.sum(), index=frame.index)
    out = frame.copy()
    out["percent"] = (100 * counts / totals.where(totals != 0)).round(decimals)
    return out


def count_label(count: float, percent: float | None = None) -> str:
    """``'34 (81.0%)'``, or ``'34'`` without a share."""
    text = f"{int(count):,}"
    if percent is not None and not pd.isna(percent):
        text += f" ({percent:.1f}%)"
    return text


def count_bar_chart(
    frame: pd.DataFrame,
    label: str,
    value: str,
    *,
    percent: str | None = "percent",
    xlabel: str = "Number",
    title: str | None = None,
) -> Figure:
    """Horizontal bar chart of counts in the order of ``frame`` (first row on top), each bar labelled.

    Bars of zero are kept and labelled "0", because a category with no cases is itself a finding.
    Returns the figure; the caller shows it.
    """
    for column in (label, value):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    data = frame.reset_index(drop=True)
    positions = list(range(len(data)))[::-1]
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.55 * len(data) + 1.3), layout="constrained")
    ax.barh(positions, data[value], color="0.75", edgecolor="black", hatch="//", height=0.6)
    top = max(float(data[value].max()), 1.0)
    for y, (_, row) in zip(positions, data.iterrows()):
        share = row[percent] if percent and percent in data.columns else None
        ax.text(row[value] + 0.02 * top, y, count_label(row[value], share), va="center", ha="left", fontsize=10)
    ax.set_yticks(positions, [wrap(v) for v in data[label]])
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, loc="left")
    return fig
