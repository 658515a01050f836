"""HTML for notebooks and the book: accessible tables, and data embedded for the browser."""

from __future__ import annotations

import json
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


def json_script(data: dict, css_class: str) -> str:
    """``data`` as JSON in a ``<script type="application/json">``; ``<``, ``>`` and ``&`` are escaped so no text
    in the data can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="{css_class}">{text}</script>'


def show_table(frame: pd.DataFrame, caption: str, **kwargs) -> None:
    """Display :func:`table_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, caption, **kwargs)))
