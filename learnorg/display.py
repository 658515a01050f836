"""Accessible HTML tables for notebooks and the book."""

from __future__ import annotations

from html import escape

import pandas as pd


def table_html(frame: pd.DataFrame, caption: str, *, float_format: str = "{:,.1f}") -> str:
    """Return an HTML table with a caption, column headers with ``scope`` and no index column.

    Every value is escaped, so text from data files cannot inject markup.
    """

    def cell(value: object) -> str:
        if isinstance(value, float):
            return "" if pd.isna(value) else escape(float_format.format(value))
        return escape(str(value))

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
