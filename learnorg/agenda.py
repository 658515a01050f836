"""Analyses for the chapter "Your ministry's learning agenda": choosing the weakest dimensions with care.

* :func:`ranking_chart` draws a ranking from :func:`learnorg.planner.rank_dimensions` (weakest at the top) with
  95% intervals, marking the suggested dimensions and those "within reach" of them by marker shape and words,
  not by colour.
* :func:`bottom_k_with_ties` and :func:`bottom_counts` find, in a table of scores by group (for example Akhnif et
  al.'s sub-blocks by country), the k lowest items of each group *including ties*, and count how often each item
  is among them; :func:`count_chart` draws those counts.
* :func:`interval_half_width` is the half-width of a 95% t-interval for a mean, the arithmetic behind planning
  how many people a survey wave needs.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from learnorg.figures import AXIS_LABEL_CHARS, PHONE_WIDTH_IN, SMALLEST_FONT_PT, wrap


def interval_half_width(sd: float, n: int, level: float = 0.95) -> float:
    """Half-width of a two-sided t-interval for a mean of ``n`` values with standard deviation ``sd``.

    ``t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n)``; NaN when n < 2.
    """
    from scipy import stats

    if n < 2:
        return math.nan
    return float(stats.t.ppf(0.5 + level / 2, n - 1) * sd / math.sqrt(n))


def bottom_k_with_ties(table: pd.DataFrame, group: str, item: str, value: str, k: int = 3) -> pd.DataFrame:
    """The items of each group whose value is at or below the group's k-th lowest value (so ties are kept).

    Returns one row per (group, item) kept, with ``position`` (1 = lowest; tied values share the lower
    position) and ``tied`` (True when another item of the group has the same value). Groups keep their order
    of first appearance; items are sorted by value, then by their order in ``table``.
    """
    rows = []
    for name, part in table.groupby(group, sort=False):
        part = part.reset_index(drop=True)
        order = part[value].sort_values(kind="stable")
        kth = order.iloc[min(k, len(order)) - 1]
        kept = part.loc[order.index][part.loc[order.index, value] <= kth]
        for _, row in kept.iterrows():
            position = int((part[value] < row[value]).sum()) + 1
            rows.append({group: name, item: row[item], value: row[value], "position": position,
                         "tied": bool((part[value] == row[value]).sum() > 1)})
    return pd.DataFrame(rows, columns=[group, item, value, "position", "tied"])


def bottom_counts(bottom: pd.DataFrame, group: str, item: str, order: list[str] | None = None) -> pd.DataFrame:
    """How many groups have each item among their lowest (from :func:`bottom_k_with_ties`), most frequent first.

    ``order`` lists every item, so that items never among the lowest appear with a count of 0.
    """
    counts = bottom.groupby(item, sort=False)[group].agg(lambda s: list(s))
    items = order if order is not None else list(counts.index)
    out = pd.DataFrame({item: items,
                        "groups": [len(counts.get(i, [])) for i in items],
                        "which": [", ".join(counts.get(i, [])) for i in items]})
    return out.sort_values("groups", ascending=False, kind="stable").reset_index(drop=True)


def count_chart(counts: pd.DataFrame, item: str, total: int, xlabel: str) -> Figure:
    """Horizontal bars of ``counts['groups']`` out of ``total``, most frequent at the top, each bar labelled."""
    data = counts.iloc[::-1]
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.5 * len(data) + 1.2), layout="constrained")
    bars = ax.barh([wrap(v) for v in data[item]], data["groups"], color="#d9d9d9", edgecolor="black", hatch="//")
    for bar, value in zip(bars, data["groups"]):
        ax.text(bar.get_width() + 0.08, bar.get_y() + bar.get_height() / 2, f"{value} of {total}", va="center",
                fontsize=9)
    ax.set_xlim(0, total + 1.2)
    ax.set_xticks(range(0, total + 1))
    ax.set_xlabel(wrap(xlabel, AXIS_LABEL_CHARS))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def ranking_chart(ranked: pd.DataFrame, title: str | None = None) -> Figure:
    """Dimensions from weakest (top) to strongest with 95% intervals.

    Suggested dimensions are filled squares, dimensions "within reach" of them hollow circles, the rest small
    dots; every point carries its score, so the chart reads the same in black and white.
    """
    data = ranked.reset_index(drop=True)
    y = np.arange(len(data))[::-1]
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.5 * len(data) + 1.6), layout="constrained")
    for yi, row in zip(y, data.itertuples(index=False)):
        if not (pd.isna(row.ci_low) or pd.isna(row.ci_high)):
            ax.plot([row.ci_low, row.ci_high], [yi, yi], color="black", linewidth=1)
        if row.suggested:
            ax.plot(row.mean, yi, marker="s", markersize=8, color="black")
        elif row.candidate:
            ax.plot(row.mean, yi, marker="o", markersize=8, markerfacecolor="white", markeredgecolor="black")
        else:
            ax.plot(row.mean, yi, marker="o", markersize=4, color="#555555")
        right = row.mean if pd.isna(row.ci_high) else row.ci_high
        ax.text(right + 0.8, yi, f"{row.mean:.1f}", va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels([wrap(v) for v in data["label"]])
    low = np.nanmin(data["ci_low"].fillna(data["mean"]))
    high = np.nanmax(data["ci_high"].fillna(data["mean"]))
    ax.set_xlim(max(0, low - 5), min(100, high + 8))
    ax.set_xlabel("Mean score out of 100, with 95% interval")
    if title:
        fig.suptitle(title, fontsize=10)
    ax.grid(axis="x", linestyle=":", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Line2D([], [], marker="s", color="black", linestyle="", markersize=8, label="suggested (three lowest)"),
               Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="black", linestyle="",
                      markersize=8, label="within reach of the third"),
               Line2D([], [], marker="o", color="#555555", linestyle="", markersize=4, label="other")]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=SMALLEST_FONT_PT, frameon=False,
              handletextpad=0.3, columnspacing=1.0)
    return fig
