"""Writing the toolkit's files safely: all at once or not at all, and never a live spreadsheet formula.

* :class:`OutputSet` writes every output of a command to a temporary file beside its target, and only when all
  of them are complete renames them into place (``os.replace``, atomic on one file system). An error half-way
  leaves every target as it was.
* :func:`neutralize` prefixes a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return first; "CSV injection") with an apostrophe, unless the cell is a plain number. Every
  CSV the toolkit writes from user data goes through it; :func:`text_cell` writes Excel cells as text, never
  as formulas.
* :func:`write_scores_csv` writes a large table of text columns and 0-100 scores quickly, in chunks.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
CHUNK_ROWS = 100_000


def neutralize(text: str) -> str:
    """``text``, with an apostrophe in front if a spreadsheet would read it as a formula."""
    text = "" if text is None else str(text)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def needs_neutralizing(text: str) -> bool:
    return neutralize(text) != ("" if text is None else str(text))


def _csv_field(text: str, delimiter: str = ",") -> str:
    """One CSV field, neutralized and quoted when it holds the delimiter, a quote or a line break."""
    text = neutralize(text)
    if any(c in text for c in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


_AFTER_SEPARATOR = tuple("\x00" + c for c in FORMULA_START)


def _plain(texts) -> bool:
    """True when no text needs quoting or neutralizing (checked with fast substring searches on the texts joined)."""
    joined = "\x00".join(texts)
    if any(c in joined for c in (",", '"', "\n", "\r")):
        return False
    return not joined.startswith(FORMULA_START) and not any(p in joined for p in _AFTER_SEPARATOR)


def csv_fields(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Every cell of a text column as a CSV field (object array), and how many cells were neutralized."""
    try:
        if _plain(values):  # the usual case: the column is written as it is
            return values, 0
    except TypeError:  # not all text: work on the distinct values below
        pass
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    texts = ["" if u is None or (isinstance(u, float) and u != u) else str(u) for u in uniques]
    fields = np.array([_csv_field(t) for t in texts], dtype=object)
    changed = np.array([needs_neutralizing(t) for t in texts], dtype=bool)
    count = int(np.bincount(codes, minlength=len(texts))[changed].sum()) if changed.any() else 0
    return fields[codes] if len(texts) else np.zeros(0, dtype=object), count


def round_half_up(value: float, decimals: int = 2) -> float:
    """``value`` rounded to ``decimals`` decimals, halves up (as the browser form shows scores), robust to the
    last-bit errors of floating point: 46.875 computed as 46.87499999999999 still gives 46.88."""
    scale = 10 ** decimals
    return math.floor(value * scale + 0.5 + 1e-7) / scale


_CENTS = np.array([f"{c // 100}.{c % 100:02d}" for c in range(10_001)] + [""], dtype=object)


def score_fields(values: np.ndarray, decimals: int = 2) -> np.ndarray:
    """Scores as text with ``decimals`` decimals, halves up, empty when missing.

    ``values`` may be one column or a block of columns. Scores on 0-100 with two decimals are looked up in a
    table of the 10,001 possible texts (no formatting per cell); anything else is formatted once per distinct
    value."""
    with np.errstate(invalid="ignore"):
        scaled = np.floor(values * 100 + 0.5 + 1e-7)
    ok = ~np.isnan(values)
    if decimals == 2 and bool(((scaled[ok] >= 0) & (scaled[ok] <= 10_000)).all()):
        cents = np.where(ok, scaled, 10_001).astype(np.int64)
        return _CENTS[cents]
    codes, uniques = pd.factorize(values.ravel(), use_na_sentinel=False)
    fields = np.array(["" if u != u else f"{round_half_up(u, decimals):.{decimals}f}" for u in uniques], dtype=object)
    return (fields[codes] if len(fields) else np.zeros(0, dtype=object)).reshape(values.shape)


def write_scores_csv(handle, text_columns: dict[str, np.ndarray], scores: pd.DataFrame,
                     progress: Callable[[str], None] | None = None) -> int:
    """Write ``text_columns`` (name -> array of text) and ``scores`` (0-100, 2 decimals) as CSV; returns how many
    text cells were neutralized. Rows are written in chunks, so memory stays small whatever the size."""
    names = list(text_columns) + [str(c) for c in scores.columns]
    handle.write(",".join(_csv_field(n) for n in names) + "\n")
    n = len(scores)
    neutralized = 0
    block = scores.to_numpy(dtype=float, copy=False)
    for start in range(0, n, CHUNK_ROWS):
        stop = min(n, start + CHUNK_ROWS)
        columns = []
        for values in text_columns.values():
            fields, changed = csv_fields(values[start:stop])
            columns.append(fields)
            neutralized += changed
        formatted = score_fields(block[start:stop])
        columns += [formatted[:, c] for c in range(formatted.shape[1])]
        if columns:
            handle.write("\n".join(map(",".join, zip(*columns))))
            handle.write("\n")
        if progress is not None and n > CHUNK_ROWS:
            progress(f"wrote {stop:,} of {n:,} rows")
    return neutralized


def write_csv_rows(handle, rows: Iterable[Iterable]) -> None:
    """Rows as CSV, every cell neutralized (for small tables: summaries, templates)."""
    writer = csv.writer(handle, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralize("" if v is None else v) for v in row])


def text_cell(sheet, row: int, column: int, value) -> None:
    """Put ``value`` in an openpyxl cell as a number or as plain text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        cell.value = "" if value is None else str(value)
        cell.data_type = "s"  # a string starting with '=' stays a string


class OutputSet:
    """Several output files written together: each to a temporary file, then all renamed into place."""

    def __init__(self):
        self._pending: list[tuple[Path, Path]] = []

    def open(self, target: Path | str, binary: bool = False):
        """A file object for ``target`` (really a temporary file beside it, renamed by :meth:`commit`)."""
        target = Path(target)
        handle = tempfile.NamedTemporaryFile("wb" if binary else "w", dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp", delete=False, **({} if binary else
                                                                            {"encoding": "utf-8", "newline": ""}))
        self._pending.append((Path(handle.name), target))
        return handle

    def write_text(self, target: Path | str, text: str) -> None:
        with self.open(target) as handle:
            handle.write(text)

    def write_with(self, target: Path | str, writer: Callable[[Path], None]) -> None:
        """Let ``writer(path)`` write the file (e.g. openpyxl's ``save``), to the temporary path."""
        target = Path(target)
        with self.open(target, binary=True):
            pass
        writer(self._pending[-1][0])

    def commit(self) -> None:
        """Rename every temporary file onto its target."""
        for temporary, target in self._pending:
            os.replace(temporary, target)
        self._pending.clear()

    def discard(self) -> None:
        """Remove every temporary file; the targets are left as they were."""
        for temporary, _target in self._pending:
            try:
                temporary.unlink()
            except FileNotFoundError:
                pass
        self._pending.clear()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.commit()
        else:
            self.discard()
        return False


def atomic_write_text(target: Path | str, text: str) -> Path:
    """Write one text file atomically (temporary file, then rename)."""
    with OutputSet() as outputs:
        outputs.write_text(target, text)
    return Path(target)


def atomic_save(target: Path | str, writer: Callable[[Path], None]) -> Path:
    """Save one file atomically with ``writer(path)`` (for example ``workbook.save``)."""
    with OutputSet() as outputs:
        outputs.write_with(target, writer)
    return Path(target)


def csv_text(rows: Iterable[Iterable]) -> str:
    """Rows as CSV text, every cell neutralized."""
    out = io.StringIO()
    write_csv_rows(out, rows)
    return out.getvalue()
