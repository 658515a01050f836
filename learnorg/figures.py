"""Small analyses and accessible figures used by the chapters, and the rules every chart follows.

Every chart is readable in greyscale: one neutral fill, hatching, and the value written
beside each bar, so no meaning is carried by colour alone.

Every chart is also legible on a phone. A notebook shows a chart as a PNG of its tight bounding box; the site
shrinks it to the width of the screen. Its text then measures ``font size (pt) x shown width (px) / image width
(pt)`` CSS pixels. Charts use no text under :data:`SMALLEST_FONT_PT`; a chart :data:`PHONE_WIDTH_IN` wide keeps
that text at :data:`MIN_TEXT_PX` when shown :data:`PHONE_CHART_PX` wide, as on a 390 px phone. A chart that needs
more room (a matrix, a long time series) is shown at its legible width and scrolls sideways in its own box
(``learnorg.booktools.sphinx_charts``).
"""

from __future__ import annotations

import io
import struct
import textwrap
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # matplotlib is imported when a chart is made: the constants below need none of it
    from matplotlib.figure import Figure

MINUS = "\u2212"  # a true minus sign reads better than a hyphen, on screen and aloud

#: How wide (CSS px) a chart is shown on a 390 px phone: the screen less the page's margins (358 px).
PHONE_CHART_PX = 360
#: The smallest text (CSS px) a reader can comfortably read on a phone.
MIN_TEXT_PX = 9
#: No chart text is smaller than this (points).
SMALLEST_FONT_PT = 9
#: Inches around a chart's tight bounding box in the saved image (the notebook's inline backend, savefig).
SAVE_PAD_IN = 0.1
#: The width (inches) of a chart that reads on a phone: shown PHONE_CHART_PX wide, its SMALLEST_FONT_PT text is
#: MIN_TEXT_PX tall. The saved image adds SAVE_PAD_IN on each side (less the few points that constrained
#: layout leaves empty at the edges).
PHONE_WIDTH_IN = round(PHONE_CHART_PX / MIN_TEXT_PX * SMALLEST_FONT_PT / 72 - 2 * SAVE_PAD_IN, 2)


#: Characters per line of a category label beside a bar in a phone-width chart (see :func:`wrap`).
LABEL_CHARS = 22
#: Characters per line of an axis label of a phone-width chart.
AXIS_LABEL_CHARS = 40


def wrap(label: object, width: int = LABEL_CHARS) -> str:
    """``label`` broken into lines of at most ``width`` characters (at spaces), so that long category names
    take a narrow column of a phone-width chart instead of half its width."""
    return "\n".join(textwrap.wrap(str(label), width, break_long_words=False)) or ""


def shown_width_pt(fig: Figure) -> float:
    """The width, in points, of the image a notebook shows for ``fig`` (saved with a tight bounding box)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", pad_inches=SAVE_PAD_IN)
    width = struct.unpack(">I", buffer.getvalue()[16:20])[0]  # the PNG header's IHDR width, in pixels
    return width / fig.dpi * 72


def smallest_text_pt(fig: Figure) -> float:
    """The smallest font size (points) of any visible, non-empty text in ``fig``."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    if not sizes:
        raise ValueError("The figure has no text.")
    return min(sizes)


def text_px_when_shown(fig: Figure, shown_px: float = PHONE_CHART_PX) -> float:
    """How tall (CSS px) the smallest text of ``fig`` is when its image is shown ``shown_px`` CSS pixels wide."""
    return smallest_text_pt(fig) * shown_px / shown_width_pt(fig)


def legible_width_px(width_pt: float, smallest_pt: float = SMALLEST_FONT_PT, min_px: float = MIN_TEXT_PX) -> float:
    """The narrowest a chart's image (``width_pt`` points wide) may be shown so that its smallest text
    (``smallest_pt`` points) stays ``min_px`` CSS pixels tall."""
    return width_pt * min_px / smallest_pt


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
    import matplotlib.pyplot as plt

    if (low is None) != (high is None):
        raise ValueError("Give both 'low' and 'high' for a confidence interval, or neither.")
    for column in (label, value, low, high):
        if column is not None and column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    data = frame.sort_values(value, ascending=False, kind="stable").reset_index(drop=True)
    positions = range(len(data))

    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.7 * len(data) + 1.4), layout="constrained")
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
    ax.set_yticks(list(positions), [wrap(v) for v in data[label]])
    ax.set_xlabel(wrap(xlabel, AXIS_LABEL_CHARS))
    # room beyond the longest whisker for its value label (about a third of the span on a phone-width chart)
    left = min(ends.min(), 0) * 1.4 if ends.min() < 0 else 0
    right = max(data[value].max(), 0) * 1.4 if data[value].max() > 0 else span * 0.05
    ax.set_xlim(left, right)
    ax.xaxis.set_major_formatter(lambda x, _pos: format_percent(x, 0) if x else "0%")
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, loc="left")
    return fig
