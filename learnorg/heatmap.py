"""Score tables as matrices: where each row is strongest and weakest, the spread, and a greyscale heatmap.

Used by the chapter "What a learning organization is" for the six-country table of Akhnif et al. (2018)
and for the case library (building blocks by resilience capacity). Every figure is readable in greyscale:
each cell carries its value as text, and the highest and lowest cell of each column get a marker, so no
meaning is carried by shade alone.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from learnorg.figures import PHONE_WIDTH_IN
from learnorg.figures import wrap as wrap_label  # "wrap" is the column-label width below

HIGH_MARK = "\u25b2"  # ▲ beside the highest value of a column
LOW_MARK = "\u25bc"  # ▼ beside the lowest value of a column


def score_matrix(frame: pd.DataFrame, row: str, column: str, value: str) -> pd.DataFrame:
    """Pivot long data to a matrix (one row per ``row`` value, one column per ``column`` value).

    Rows and columns keep the order in which they first appear in ``frame``. Raises ``ValueError`` if a
    (row, column) pair occurs more than once, because a matrix cell must hold exactly one number.
    """
    for name in (row, column, value):
        if name not in frame.columns:
            raise KeyError(f"No column {name!r}; the columns are {list(frame.columns)}.")
    duplicated = frame.duplicated([row, column])
    if duplicated.any():
        pairs = frame.loc[duplicated, [row, column]].drop_duplicates().itertuples(index=False)
        raise ValueError(f"Several values for the same cell: {[tuple(p) for p in pairs]}.")
    matrix = frame.pivot(index=row, columns=column, values=value)
    matrix = matrix.reindex(index=pd.unique(frame[row]), columns=pd.unique(frame[column]))
    matrix.index.name, matrix.columns.name = row, column
    return matrix


def _names_at(series: pd.Series, target: float) -> str:
    """Every label of ``series`` whose value equals ``target`` (ties joined with ' and ')."""
    hits = [str(label) for label, v in series.items() if np.isclose(v, target)]
    return " and ".join(hits)


def row_summary(matrix: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """One line per row of ``matrix``: mean across columns, lowest and highest value, where they are, and the spread.

    ``spread`` is highest minus lowest. Ties are all named, joined with ' and '. Missing cells are ignored.
    """
    rows = []
    for label, values in matrix.iterrows():
        present = values.dropna()
        if present.empty:
            raise ValueError(f"Row {label!r} has no values.")
        low, high = present.min(), present.max()
        rows.append({
            matrix.index.name or "row": label,
            "mean": round(float(present.mean()), decimals),
            "lowest": low,
            "lowest_in": _names_at(present, low),
            "highest": high,
            "highest_in": _names_at(present, high),
            "spread": round(float(high - low), decimals),
        })
    return pd.DataFrame(rows)


def column_extremes(matrix: pd.DataFrame) -> pd.DataFrame:
    """One line per column of ``matrix``: its weakest and strongest row, with their values (ties all named)."""
    rows = []
    for label, values in matrix.items():
        present = values.dropna()
        if present.empty:
            raise ValueError(f"Column {label!r} has no values.")
        low, high = present.min(), present.max()
        rows.append({
            matrix.columns.name or "column": label,
            "weakest": _names_at(present, low),
            "weakest_value": low,
            "strongest": _names_at(present, high),
            "strongest_value": high,
        })
    return pd.DataFrame(rows)


def count_lowest(matrix: pd.DataFrame, row_label: object) -> int:
    """In how many columns ``row_label`` holds the lowest value (a tie for lowest counts)."""
    if row_label not in matrix.index:
        raise KeyError(f"No row {row_label!r}; the rows are {list(matrix.index)}.")
    return int(sum(np.isclose(matrix.loc[row_label, c], matrix[c].min()) for c in matrix.columns))


def heatmap_figure(
    matrix: pd.DataFrame,
    *,
    value_format: str = "{:.1f}",
    vmin: float | None = None,
    vmax: float | None = None,
    mark_extremes: bool = True,
    xlabel: str | None = None,
    ylabel: str | None = None,
    colorbar_label: str | None = None,
    wrap: int = 14,
    cell_width: float = 0.85,
) -> Figure:
    """A greyscale heatmap of ``matrix`` with every value written in its cell.

    Darker means higher. With ``mark_extremes`` the highest value of each column gets a ▲ and the lowest a
    ▼ next to the number, so the strongest and weakest row of each column can be read without the shade.
    Column labels longer than ``wrap`` characters are wrapped onto several lines; a column is ``cell_width``
    inches wide (three columns fit a phone, see learnorg.figures).
    """
    data = matrix.to_numpy(dtype=float)
    if data.size == 0:
        raise ValueError("The matrix is empty.")
    low = np.nanmin(data) if vmin is None else vmin
    high = np.nanmax(data) if vmax is None else vmax
    n_rows, n_cols = data.shape
    # A few columns fit a phone; more make a wider chart, which scrolls sideways on a phone (learnorg.figures).
    fig, ax = plt.subplots(figsize=(max(PHONE_WIDTH_IN, cell_width * n_cols + 2.2), 0.5 * n_rows + 1.9),
                           layout="constrained")
    image = ax.imshow(data, cmap="Greys", vmin=low, vmax=high, aspect="auto")

    middle = (low + high) / 2
    for r in range(n_rows):
        for c in range(n_cols):
            v = data[r, c]
            if np.isnan(v):
                continue
            text = value_format.format(v)
            if mark_extremes:
                column = data[:, c]
                if np.isclose(v, np.nanmax(column)) and not np.isclose(np.nanmax(column), np.nanmin(column)):
                    text += " " + HIGH_MARK
                elif np.isclose(v, np.nanmin(column)) and not np.isclose(np.nanmax(column), np.nanmin(column)):
                    text += " " + LOW_MARK
            ax.text(c, r, text, ha="center", va="center", fontsize=9,
                    color="white" if v > middle else "black")

    def wrapped(label: object) -> str:
        words, lines, line = str(label).split(), [], ""
        for word in words:
            if line and len(line) + 1 + len(word) > wrap:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        return "\n".join(lines)

    ax.set_xticks(range(n_cols), [wrapped(c) for c in matrix.columns], fontsize=9)
    ax.set_yticks(range(n_rows), [wrap_label(r) for r in matrix.index], fontsize=9)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    if xlabel:
        ax.set_title(xlabel, fontsize=10)
    if mark_extremes:
        ax.set_xlabel(f"{HIGH_MARK} highest in its column    {LOW_MARK} lowest in its column", fontsize=9)
    if ylabel:
        ax.set_ylabel(ylabel)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    if colorbar_label:
        bar.set_label(colorbar_label)
    return fig
