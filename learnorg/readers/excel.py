"""Reading an Excel worksheet (.xlsx): every cell as text, and formulas that were never calculated."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from learnorg.readers.problems import fail

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def excel_text(value) -> str:
    """A cell's value as the text a user sees (whole numbers without '.0', dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _cell_position(ref: str) -> tuple[int, int]:
    """(row, 0-based column) of a reference such as 'AB12'."""
    letters = "".join(c for c in ref if c.isalpha())
    column = 0
    for c in letters.upper():
        column = column * 26 + (ord(c) - 64)
    return int(ref[len(letters):]), column - 1


def formulas_without_value(path: Path, worksheet_path: str) -> list[tuple[int, int, str]]:
    """(row, 0-based column, formula) of every formula cell whose result was never saved in the file.

    Programs that write .xlsx files without a calculation engine (scripts, some exports) store formulas
    without their results; read as values, such cells look empty. Excel and LibreOffice save the results.
    """
    found = []
    with zipfile.ZipFile(path) as archive, archive.open(worksheet_path) as sheet:
        for _event, element in ElementTree.iterparse(sheet):
            if element.tag != f"{_NS}c":
                continue
            formula = element.find(f"{_NS}f")
            if formula is not None:
                value = element.find(f"{_NS}v")
                missing = value is None or (not (value.text or "") and element.get("t") != "str")
                if missing and element.get("r"):
                    row, column = _cell_position(element.get("r"))
                    found.append((row, column, "=" + (formula.text or "")))
            element.clear()
    return found


def read_rows(path: Path, name: str, sheet: str | int | None, notes: list[str],
              progress: Callable[[str], None] | None) -> tuple[list[list[str]], list[tuple[int, int, str]]]:
    """Every row of one worksheet as text (padded to one width), and its formulas without a saved result."""
    import openpyxl

    if path.stat().st_size == 0:
        fail(name, "the file is empty; expected an Excel workbook with a header row and one row per respondent.")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several unrelated types for broken files
        fail(name, f"cannot be opened as an Excel .xlsx workbook ({type(err).__name__}: {err}); "
                   "check the file, or export it as CSV.")
    try:
        names = book.sheetnames
        if sheet is None or sheet == "":
            ws = book[names[0]]
            if len(names) > 1:
                notes.append(f"{name}: read the first sheet, {names[0]!r} (use --sheet to choose another).")
        elif str(sheet) in names:
            ws = book[str(sheet)]
        elif str(sheet).isdigit() and 1 <= int(sheet) <= len(names):
            ws = book[names[int(sheet) - 1]]
        else:
            fail(name, f"no sheet named {str(sheet)!r}; the workbook has: {', '.join(repr(n) for n in names)}.")
        rows = []
        for row in ws.iter_rows(min_row=1, values_only=True):
            rows.append([excel_text(v) for v in row])
            if progress is not None and len(rows) % 100_000 == 0:
                progress(f"read {len(rows):,} rows")
        worksheet_path = getattr(ws, "_worksheet_path", None)
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if not any(cell.strip() for row in rows for cell in row):
        fail(name, "the sheet is empty; expected a header row naming the item columns, then one row per respondent.")
    formulas = []
    if worksheet_path:
        try:
            formulas = formulas_without_value(path, worksheet_path)
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
            formulas = []
    return rows, formulas
