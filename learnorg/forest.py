"""Forest plots: many effect estimates, each with its confidence interval, on one chart.

A forest plot is the usual way to show the results of an evaluation that measured several outcomes.
Each row is one outcome: a marker at the estimate and a horizontal line from the lower to the upper end
of its 95% confidence interval. A vertical line marks "no effect". Here every chart is readable in
greyscale: a filled square means the interval excludes "no effect", an open circle means it includes it,
and the estimate and interval are written beside each row, so no meaning depends on colour.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from learnorg.figures import MINUS, SMALLEST_FONT_PT

CLEAR = "clear"  # the confidence interval lies wholly on one side of "no effect"
UNCLEAR = "includes no effect"


def _number(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}"
    return (MINUS + text) if value < 0 else text


def interval_text(estimate: float, low: float, high: float, decimals: int = 1) -> str:
    """Write an estimate and its interval the way papers do, e.g. ``'8.2 (3.6 to 12.8)'``."""
    return f"{_number(estimate, decimals)} ({_number(low, decimals)} to {_number(high, decimals)})"


def excludes_null(low: float, high: float, null: float = 0.0) -> bool:
    """True when the whole interval lies on one side of ``null`` (the value meaning "no effect").

    An interval that only touches ``null`` at one end is counted as including it.
    """
    if low > high:
        raise ValueError(f"the lower end ({low}) is above the upper end ({high}).")
    return low > null or high < null


def forest_table(
    frame: pd.DataFrame,
    label: str,
    estimate: str,
    low: str,
    high: str,
    *,
    null: float = 0.0,
    decimals: int = 1,
) -> pd.DataFrame:
    """A plain table of what a forest plot shows: one row per outcome, in the frame's order.

    Columns: the label, the estimate, the interval as text, its width, and whether it
    excludes ``null`` ("clear") or includes it ("includes no effect").
    """
    for column in (label, estimate, low, high):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    bad = frame[frame[low] > frame[high]]
    if len(bad):
        raise ValueError(f"lower end above upper end for: {', '.join(map(str, bad[label]))}.")
    rows = []
    for _, row in frame.iterrows():
        rows.append(
            {
                label: row[label],
                "estimate": row[estimate],
                "95% CI": interval_text(row[estimate], row[low], row[high], decimals),
                "CI width": round(row[high] - row[low], decimals + 1),
                "verdict": CLEAR if excludes_null(row[low], row[high], null) else UNCLEAR,
            }
        )
    return pd.DataFrame(rows)


def forest_plot(
    frame: pd.DataFrame,
    label: str,
    estimate: str,
    low: str,
    high: str,
    *,
    group: str | None = None,
    null: float = 0.0,
    xlabel: str = "Effect (95% confidence interval)",
    title: str | None = None,
    decimals: int = 1,
) -> Figure:
    """Draw a forest plot, first row at the top; return the figure (the caller shows it).

    ``group`` names an optional column: rows are kept together under a bold heading for each group,
    in the order the groups first appear (for example outcomes above, mediators below). Rows whose
    interval excludes ``null`` get a filled square, the others an open circle; the estimate and
    interval are written at the right-hand edge of every row.
    """
    table = forest_table(frame, label, estimate, low, high, null=null, decimals=decimals)
    if group is not None and group not in frame.columns:
        raise KeyError(f"No column {group!r}; the columns are {list(frame.columns)}.")

    # Lay the rows out from the top, with a heading line before each group.
    lines: list[tuple[str, int | None]] = []  # (text, row index or None for a heading)
    if group is None:
        lines = [(str(v), i) for i, v in enumerate(frame[label])]
    else:
        for name in dict.fromkeys(frame[group]):
            lines.append((str(name), None))
            lines += [(str(frame[label].iloc[i]), i) for i in range(len(frame)) if frame[group].iloc[i] == name]

    n = len(lines)
    fig, ax = plt.subplots(figsize=(10, 0.42 * n + 1.3), layout="constrained")
    lows, highs = frame[low].to_numpy(float), frame[high].to_numpy(float)
    for position, (text, i) in enumerate(lines):
        y = n - 1 - position
        if i is None:
            continue
        clear = table["verdict"].iloc[i] == CLEAR
        ax.hlines(y, lows[i], highs[i], color="black", lw=1.4)
        ax.plot(
            frame[estimate].iloc[i],
            y,
            marker="s" if clear else "o",
            markersize=8,
            markerfacecolor="black" if clear else "white",
            markeredgecolor="black",
            linestyle="none",
        )
    ax.axvline(null, color="black", lw=1, ls="--")

    ax.set_yticks(range(n))
    ax.set_yticklabels([text for text, _ in reversed(lines)])
    for tick, (_text, i) in zip(ax.get_yticklabels(), reversed(lines)):
        if i is None:
            tick.set_fontweight("bold")
    ax.set_ylim(-0.7, n - 0.3)

    span = max(highs.max(), null) - min(lows.min(), null)
    left = min(lows.min(), null) - 0.05 * span
    right = max(highs.max(), null) + 0.05 * span
    ax.set_xlim(left, right)
    # The estimate and interval, written in a column just right of the plotting area.
    for position, (_text, i) in enumerate(lines):
        if i is not None:
            ax.annotate(
                table["95% CI"].iloc[i],
                xy=(1.02, n - 1 - position),
                xycoords=("axes fraction", "data"),
                va="center",
                ha="left",
                fontsize=9,
            )
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:g}".replace("-", MINUS))
    from matplotlib.lines import Line2D

    legend = [
        Line2D([], [], marker="s", color="black", markerfacecolor="black", linestyle="-", label="interval excludes no effect"),
        Line2D([], [], marker="o", color="black", markerfacecolor="white", linestyle="-", label="interval includes no effect"),
        Line2D([], [], color="black", linestyle="--", label="no effect"),
    ]
    fig.legend(handles=legend, loc="outside lower center", ncol=3, frameon=False, fontsize=SMALLEST_FONT_PT)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title, loc="left")
    # Room on the right for the written intervals.
    fig.get_layout_engine().set(rect=(0, 0, 0.82, 1))
    return fig
