"""Small analyses and accessible figures used by the chapters.

Every chart is readable in greyscale: one neutral fill, hatching, and the value written
beside each bar, so no meaning is carried by colour alone.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

MINUS = "\u2212"  # a true minus sign reads better than a hyphen, on screen and aloud


def format_percent(value: float, decimals: int = 1) -> str:
    """Format a percentage change with an explicit sign, e.g. ``-67.3`` -> ``'−67.3%'``."""
    text = f"{abs(value):.{decimals}f}%"
    if value < 0:
        return MINUS + text
    if value > 0:
        return "+" + text
    return text


def rank_changes(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """Return ``frame`` sorted from the largest fall to the smallest, with two added columns.

    ``rank`` is 1 for the largest fall. ``lost_per_10`` turns a percentage fall into
    "services lost out of every 10" (a fall of 67.3% is 6.7 out of 10); rises give negative values.
    """
    if value not in frame.columns:
        raise KeyError(f"No column {value!r}; the columns are {list(frame.columns)}.")
    values = pd.to_numeric(frame[value], errors="raise")
    ranked = frame.assign(lost_per_10=(-values / 10).round(1))
    ranked = ranked.sort_values(value, kind="stable").reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked


def change_bar_chart(
    frame: pd.DataFrame,
    label: str,
    value: str,
    *,
    low: str | None = None,
    high: str | None = None,
    xlabel: str = "Change (%)",
    title: str | None = None,
) -> Figure:
    """Horizontal bar chart of percentage changes, largest fall at the top.

    ``low`` and ``high`` name optional columns holding a confidence interval, drawn as
    whiskers. Each bar carries its value as text. Returns the figure (the caller shows it).
    """
    if (low is None) != (high is None):
        raise ValueError("Give both 'low' and 'high' for a confidence interval, or neither.")
    for column in (label, value, low, high):
        if column is not None and column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    data = frame.sort_values(value, ascending=False, kind="stable").reset_index(drop=True)
    positions = range(len(data))

    fig, ax = plt.subplots(figsize=(7, 0.7 * len(data) + 1.4), layout="constrained")
    ax.barh(positions, data[value], color="0.75", edgecolor="black", hatch="//", height=0.6)
    if low is not None:
        errors = [data[value] - data[low], data[high] - data[value]]
        ax.errorbar(data[value], positions, xerr=errors, fmt="none", ecolor="black", capsize=4, lw=1)

    # Value labels sit beyond the whisker (or bar end), on the side the bar points to.
    ends = data[low] if low is not None else data[value]
    span = max(abs(ends.min()), abs(data[value].max()), 1.0)
    for y, (v, end) in enumerate(zip(data[value], ends)):
        offset = 0.02 * span
        x = end - offset if v < 0 else max(v, data[high][y] if high else v) + offset
        ax.text(x, y, format_percent(v), va="center", ha="right" if v < 0 else "left", fontsize=10)

    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(list(positions), data[label])
    ax.set_xlabel(xlabel)
    left = min(ends.min(), 0) * 1.25 if ends.min() < 0 else 0
    right = max(data[value].max(), 0) * 1.25 if data[value].max() > 0 else span * 0.05
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(lambda x, _pos: format_percent(x, 0) if x else "0%")
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, loc="left")
    return fig
