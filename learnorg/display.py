"""Accessible HTML tables for notebooks and the book."""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd


def table_html(frame: pd.DataFrame, caption: str, *, float_format: str = "{:,.1f}") -> str:
    """Return an HTML table with a caption, column headers with ``scope`` and no index column.

    Whole numbers get thousands separators, other numbers ``float_format``; missing values
    are left empty. Every value is escaped, so text from data files cannot inject markup.
    """

    def cell(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, (bool, np.bool_)):
            return escape(str(value))
        if isinstance(value, (int, np.integer)):
            return f"{value:,}"
        if isinstance(value, (float, np.floating)):
            return escape(float_format.format(value))
        return escape(str(value))

    unnamed = [i for i, c in enumerate(frame.columns) if not str(c).strip()]
    if unnamed:
        raise ValueError(f"table {caption!r}: column(s) {unnamed} have no name; every column needs a header")
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table class="learnorg-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def show_table(frame: pd.DataFrame, caption: str, **kwargs) -> None:
    """Display :func:`table_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, caption, **kwargs)))
