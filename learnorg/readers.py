"""Read survey exports (CSV or Excel, one row per respondent) and check every cell.

Problems are collected, not raised one at a time: :class:`SurveyInputError` lists all of them,
each naming the file, the spreadsheet row a user sees (header = row 1) and the column.
Rules that change what a cell means are documented here and in the codebook:

* surrounding spaces are removed from every cell;
* empty cells, ``NA`` and ``N/A`` (any case) are missing answers;
* answers are whole numbers on the instrument's scale (``5`` and ``5.0`` both mean 5, as do the XLSForm
  choice names ``1`` … ``7``) or scale labels in any language of the instrument (``label``, ``label_fr`` …;
  any case, extra spaces ignored);
* headers are item ids, group paths ending in an item id (``grp_x/SP1`` from KoboToolbox, ``grp_x-SP1``
  from ODK Central) or item texts in any language of the instrument, alone or after a group label and
  ``/``; other columns (``_uuid``, ``start``, ``SubmissionDate``, ``KEY`` …) are kept as text;
* completely empty rows are skipped, with a note saying which.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from learnorg.instrument import Instrument

MAX_LISTED = 50  # problems shown in a message
MAX_KEPT = 10_000  # problems kept in SurveyInputError.problems (the total is always counted)
MAX_ABSENT_LISTED_SEPARATELY = 3  # more missing item columns than this are reported in one message
MISSING_CODES = {"na", "n/a"}
ID_COLUMN_NAMES = ["respondent_id", "respondent", "id", "_uuid", "_id", "meta/instanceid", "meta-instanceid", "instanceid",
                   "response id"]
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; ``row`` is the spreadsheet row (header = 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class SurveyInputError(ValueError):
    """Bad survey input. ``problems`` lists them (up to 10,000); ``total`` counts them all."""

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__(self.describe())

    def describe(self, limit: int = MAX_LISTED) -> str:
        """A readable message listing the first ``limit`` problems and counting the rest."""
        head = f"{self.total} problem{'s' if self.total != 1 else ''} found in the input:"
        lines = [head] + [f"  - {p}" for p in self.problems[:limit]]
        if self.total > limit:
            lines.append(f"  ... and {self.total - limit} more (only the first {limit} are listed).")
        return "\n".join(lines)


@dataclass
class Survey:
    """Checked survey answers and the other columns of the export."""

    answers: pd.DataFrame  # item columns in instrument order, float on the scale or NaN
    extra: pd.DataFrame  # non-item columns as text, respondent id first; same index
    source: Path
    invalid_cells: int = 0  # cells turned into missing under invalid="missing"
    notes: list[str] = field(default_factory=list)
    id_column: str | None = None
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each respondent


class _Collector:
    """Collects problems, keeping the first MAX_KEPT and counting all."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, message: str, file: str | None = None) -> None:
        self.total += 1
        if len(self.problems) < MAX_KEPT:
            self.problems.append(Problem(file or self.file, row, column, message))

    def raise_if_any(self) -> None:
        if self.total:
            # Other files (mapping) first, then the survey by row; the sort is stable within a row.
            ordered = sorted(self.problems, key=lambda p: (p.file == self.file, p.row or 0))
            raise SurveyInputError(ordered, self.total)


def _fail(file: str, message: str, row: int | None = None, column: str | None = None):
    raise SurveyInputError([Problem(file, row, column, message)])


# --- Reading raw cells ---------------------------------------------------------------------------


def _decode(data: bytes, name: str, notes: list[str]) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a note."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        notes.append(f"{name}: decoded as UTF-16 (a 'Unicode text' export).")
        return data.decode("utf-16")
    if b"\x00" in data:
        _fail(name, "this looks like a binary file, not CSV text; export the survey as CSV (UTF-8) or .xlsx.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err2:
            bad_row = data[: err2.start].count(b"\n") + 1
            _fail(
                name,
                f"byte 0x{data[err2.start]:02x} cannot be read as UTF-8 or as Windows-1252 (cp1252) text; "
                "save the file as 'CSV UTF-8' and try again.",
                row=bad_row,
            )
        notes.append(
            f"{name}: not valid UTF-8 (first at row {row}); decoded as Windows-1252 (cp1252, Western European). "
            "Check that accented letters look right, or save the file as 'CSV UTF-8'."
        )
        return text


def _sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first non-empty line into most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_n = ",", 1
    for delim in DELIMITERS:
        n = len(next(csv.reader([first], delimiter=delim), []))
        if n > best_n:
            best, best_n = delim, n
    return best


def _read_text_cells(path: Path, name: str, notes: list[str], progress) -> pd.DataFrame:
    """All cells of a CSV/TSV file as text; the index is the spreadsheet row number."""
    data = path.read_bytes()
    if not data.strip():
        _fail(name, "the file is empty; expected a header row naming the item columns, then one row per respondent.")
    if data.startswith(b"PK\x03\x04"):
        _fail(name, "this is an Excel workbook (or another zip file), not CSV text; give it the .xlsx extension.")
    text = _decode(data, name, notes)
    if not text.strip():
        _fail(name, "the file is empty; expected a header row naming the item columns, then one row per respondent.")
    delim = _sniff_delimiter(text)
    if delim != ",":
        notes.append(f"{name}: columns are separated by {DELIMITERS[delim]}s.")
    options = dict(sep=delim, header=None, dtype=str, na_filter=False, skip_blank_lines=False, engine="c")
    try:
        if progress is None:
            cells = pd.read_csv(io.StringIO(text), **options)
        else:
            chunks = []
            for chunk in pd.read_csv(io.StringIO(text), chunksize=100_000, **options):
                chunks.append(chunk)
                progress(f"read {sum(len(c) for c in chunks):,} rows")
            cells = pd.concat(chunks) if chunks else pd.DataFrame()
    except pd.errors.ParserError as err:
        collector = _Collector(name)
        records = list(csv.reader(io.StringIO(text), delimiter=delim))
        width = len(records[0]) if records else 0
        for i, record in enumerate(records):
            if len(record) > width:
                collector.add(
                    i + 1,
                    None,
                    f"has {len(record)} cells but row 1 has {width}; check for an unquoted "
                    f"{DELIMITERS[delim]} inside an answer or a missing header.",
                )
        if not collector.total:
            quote = re.search(r"EOF inside string starting at row (\d+)", str(err))
            if quote:  # pandas counts records from 0, the spreadsheet from 1
                collector.add(int(quote.group(1)) + 1, None, "a quotation mark opened in this row is never closed; "
                                                             "check for a stray \" in an answer.")
            else:
                collector.add(None, None, f"cannot be read as {DELIMITERS[delim]}-separated text ({err}).")
        collector.raise_if_any()
        raise
    cells = cells.fillna("")
    cells.index = np.arange(1, len(cells) + 1)
    cells.columns = range(cells.shape[1])
    return cells


def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_excel_cells(path: Path, name: str, sheet: str | int | None, notes: list[str], progress) -> pd.DataFrame:
    """All cells of one worksheet as text; the index is the spreadsheet row number."""
    import openpyxl

    if path.stat().st_size == 0:
        _fail(name, "the file is empty; expected an Excel workbook with a header row and one row per respondent.")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several unrelated types for broken files
        _fail(name, f"cannot be opened as an Excel .xlsx workbook ({type(err).__name__}: {err}); "
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
            _fail(name, f"no sheet named {str(sheet)!r}; the workbook has: {', '.join(repr(n) for n in names)}.")
        rows = []
        for row in ws.iter_rows(min_row=1, values_only=True):
            rows.append([_excel_text(v) for v in row])
            if progress is not None and len(rows) % 100_000 == 0:
                progress(f"read {len(rows):,} rows")
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    if cells.empty or not (cells != "").to_numpy().any():
        _fail(name, "the sheet is empty; expected a header row naming the item columns, then one row per respondent.")
    cells.index = np.arange(1, len(cells) + 1)
    return cells


def _read_cells(path: Path, name: str, sheet, notes: list[str], progress) -> pd.DataFrame:
    if not path.exists():
        _fail(name, "file not found.")
    if path.is_dir():
        _fail(name, "this is a folder; expected a CSV or .xlsx file.")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        _fail(name, "the old Excel .xls format is not supported; save the file as .xlsx or CSV UTF-8.")
    if suffix in EXCEL_SUFFIXES:
        return _read_excel_cells(path, name, sheet, notes, progress)
    return _read_text_cells(path, name, notes, progress)


# --- Matching columns to items -------------------------------------------------------------------


def _norm(text: str) -> str:
    """Case-, space- and quote-insensitive form of a header or label."""
    text = str(text).replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = " ".join(text.casefold().split())
    return text.strip(" .?!:;\"'")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_mapping(mapping, instrument: Instrument, collector: _Collector) -> dict[str, str | None]:
    """Mapping from a CSV file (columns ``column,item_id``) or a dict; empty item_id keeps a column as extra."""
    by_id = {i.casefold(): i for i in instrument.item_ids}
    result: dict[str, str | None] = {}
    if isinstance(mapping, Mapping):
        pairs = [(None, str(k), "" if v is None else str(v)) for k, v in mapping.items()]
        file = "mapping"
    else:
        path = Path(mapping)
        file = str(mapping)
        notes: list[str] = []
        try:
            cells = _read_cells(path, file, None, notes, None)
        except SurveyInputError as err:
            for p in err.problems:
                collector.add(p.row, p.column, p.message, file=p.file)
            return result
        header = [_norm(h) for h in cells.iloc[0]]
        if "column" not in header or "item_id" not in header:
            collector.add(1, None, f"expected the header 'column,item_id', got {','.join(cells.iloc[0])!r}.", file=file)
            return result
        col, item = header.index("column"), header.index("item_id")
        pairs = [(row, cells.at[row, col].strip(), cells.at[row, item].strip()) for row in cells.index[1:]]
    seen_items: dict[str, int | None] = {}
    for row, column, item_id in pairs:
        if not column and not item_id:
            continue
        if not column:
            collector.add(row, "column", "expected the name of a column of the survey file, found an empty cell.", file=file)
            continue
        if column in result:
            collector.add(row, "column", f"column {column!r} is mapped more than once.", file=file)
            continue
        if not item_id:
            result[column] = None
            continue
        canonical = by_id.get(item_id.casefold())
        if canonical is None:
            examples = ", ".join(instrument.item_ids[:4])
            collector.add(row, "item_id", f"expected an item id of the instrument (e.g. {examples}) or an empty cell, "
                                          f"got {item_id!r}.", file=file)
            continue
        if canonical in seen_items:
            where = f" (row {seen_items[canonical]})" if seen_items[canonical] else ""
            collector.add(row, "item_id", f"item {canonical} is already mapped from another column{where}.", file=file)
            continue
        seen_items[canonical] = row
        result[column] = canonical
    return result


def _candidates(header: str) -> list[str]:
    """Parts of a header that may be an item id: the whole, the last path segment, first and last word."""
    parts = [header, header.rsplit("/", 1)[-1]]
    words = [w for w in re.split(r"[\s.:;,()\[\]{}\u2013\u2014-]+", header) if w]
    if words:
        parts += [words[0], words[-1]]
    return parts


def _match_columns(headers: list[str], instrument: Instrument, mapping: dict[str, str | None],
                   collector: _Collector, notes: list[str], name: str, header_row: int = 1) -> dict[str, int]:
    """Item id -> column position, with problems for duplicates, unknown and missing items."""
    by_id = {i.casefold(): i for i in instrument.item_ids}
    by_text = _texts_by_item(instrument)
    matched: dict[int, str] = {}
    kept_extra: set[int] = set()
    used_mapping: set[str] = set()
    how_matched: dict[str, list[tuple[str, str]]] = {}
    for pos, header in enumerate(headers):
        if not header:
            continue
        key = header if header in mapping else next((k for k in mapping if _norm(k) == _norm(header)), None)
        if key is not None:
            used_mapping.add(key)
            if mapping[key] is None:
                kept_extra.add(pos)
            else:
                matched[pos] = mapping[key]
                how_matched.setdefault("by the mapping file", []).append((header, mapping[key]))
            continue
        item, how = None, ""
        for candidate, kind in zip(_candidates(header), ["by item id", "by group path", "by item id", "by item id"]):
            item = by_id.get(candidate.strip().casefold())
            if item:
                how = kind
                break
        if item is None:
            item = by_text.get(_norm(header)) or next(
                (by_text[_norm(header[cut + 1:])] for cut in range(len(header)) if header[cut] == "/"
                 and _norm(header[cut + 1:]) in by_text), None)
            how = "by item text"
        if item is not None:
            matched[pos] = item
            if header != item:
                how_matched.setdefault(how, []).append((header, item))
    for how, pairs in how_matched.items():
        if len(pairs) <= 5:
            notes.extend(f"column {header!r} matched to item {item} ({how})." for header, item in pairs)
        else:
            examples = "; ".join(f"{header!r} \u2192 {item}" for header, item in pairs[:3])
            notes.append(f"{len(pairs)} columns matched to items {how} (for example {examples}).")
    unused = [k for k in mapping if k not in used_mapping]
    if unused:
        notes.append(f"mapping lines not used (no such column in {name}): {', '.join(repr(k) for k in unused)}.")

    # The same item from two columns.
    first_pos: dict[str, int] = {}
    for pos, item in sorted(matched.items()):
        if item in first_pos and headers[pos] == headers[first_pos[item]]:
            continue  # the same header twice: already reported as a duplicate header
        if item in first_pos:
            collector.add(header_row, headers[pos], f"this column and column {headers[first_pos[item]]!r} both hold "
                                                    f"item {item}; keep one, or list one of them in a mapping file "
                                                    "with an empty item_id.")
        else:
            first_pos[item] = pos

    # Columns that look like item ids the instrument does not have.
    pattern = re.compile(r"^([A-Za-z]+)(\d+)$")
    prefixes = {m.group(1).casefold() for i in instrument.item_ids if (m := pattern.match(i))}
    for pos, header in enumerate(headers):
        if pos in matched or pos in kept_extra or not header:
            continue
        for candidate in dict.fromkeys([header, header.rsplit("/", 1)[-1]]):
            m = pattern.match(candidate.strip())
            if m and m.group(1).casefold() in prefixes:
                same = [i for i in instrument.item_ids if (n := pattern.match(i)) and n.group(1).casefold() == m.group(1).casefold()]
                collector.add(header_row, header, f"looks like an item id, but the instrument has no item "
                                                  f"{candidate.strip()!r} (its items with this prefix: {', '.join(same)}); "
                                                  "rename or remove the column, or list it in a mapping file with an "
                                                  "empty item_id to keep it as an extra column.")
                break

    # Items without a column.
    absent = [item for item in instrument.item_ids if item not in first_pos]
    if absent and len(absent) == len(instrument.item_ids):
        shown = ", ".join(repr(h) for h in headers[:8] if h) + (" and more" if len(headers) > 8 else "")
        collector.add(header_row, None, f"none of the {len(absent)} item columns was found; expected headers such as "
                                        f"{', '.join(instrument.item_ids[:3])}, group paths ending in '/{absent[0]}', "
                                        f"the item texts, or a mapping file (--mapping). The file's columns are: {shown}.")
    elif len(absent) > MAX_ABSENT_LISTED_SEPARATELY:
        collector.add(header_row, None, f"no column for {len(absent)} of the {len(instrument.item_ids)} items: "
                                        f"{', '.join(absent)}; expected a header with each item id, a group path "
                                        "ending in '/<item id>', the item's text, or a line in a mapping file.")
    else:
        dimension_of = dict(zip(instrument.items["item_id"], instrument.items["dimension"]))
        for item in absent:
            collector.add(header_row, None, f"no column for item {item} ({instrument.label(dimension_of[item])}); "
                                            f"expected a header {item!r}, a group path ending in '/{item}', the item's "
                                            "text, or a line in a mapping file.")
    return dict(first_pos)


# --- Checking answers ----------------------------------------------------------------------------


def _texts_by_item(instrument: Instrument) -> dict[str, str]:
    """Normalised item text -> item id, for the English text and every translation (``text_fr`` …)."""
    columns = ["text"] + [c for c in instrument.items.columns if c.startswith("text_")]
    found: dict[str, set[str]] = {}
    for column in columns:
        for item, text in zip(instrument.items["item_id"], instrument.items[column]):
            if str(text).strip():
                found.setdefault(_norm(text), set()).add(item)
    return {text: next(iter(items)) for text, items in found.items() if len(items) == 1}


def _answer_lookup(instrument: Instrument) -> tuple[dict[str, float], int, int]:
    """Normalised scale label (in every language of the instrument) -> value; ambiguous labels are left out."""
    lo, hi = instrument.scale_min, instrument.scale_max
    columns = ["label"] + [c for c in instrument.scale.columns if c.startswith("label_")]
    found: dict[str, set[float]] = {}
    for column in columns:
        for value, label in zip(instrument.scale["value"], instrument.scale[column]):
            if str(label).strip():
                found.setdefault(_norm(label), set()).add(float(value))
    labels = {label: next(iter(values)) for label, values in found.items() if len(values) == 1}
    return labels, lo, hi


_NUMBER = re.compile(r"^[+-]?(\d+)([.,]\d*)?$")


def _strip(values: np.ndarray) -> np.ndarray:
    """Strip surrounding spaces from every cell, working on the distinct values only (fast)."""
    codes, uniques = pd.factorize(values)
    stripped = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return stripped[codes]  # code -1 (missing) picks the trailing ""


def _parse_value(raw: str, labels: dict[str, float], lo: int, hi: int) -> tuple[float, str | None]:
    """(value, None) for a valid or missing answer, (nan, reason) for an invalid one."""
    if raw == "" or raw.casefold() in MISSING_CODES:
        return np.nan, None
    m = _NUMBER.match(raw)
    if m:
        number = float(raw.replace(",", "."))
        if not number.is_integer():
            return np.nan, "not a whole number"
        if not lo <= number <= hi:
            return np.nan, f"outside {lo}\u2013{hi}"
        return number, None
    label = labels.get(_norm(raw))
    if label is not None:
        return label, None
    return np.nan, "not a number or a scale label"


def read_survey(
    path,
    instrument: Instrument,
    *,
    mapping=None,
    id_column: str | None = None,
    invalid: str = "error",
    sheet: str | int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Survey:
    """Read and check a wide survey export (CSV, TSV or .xlsx; one row per respondent).

    ``mapping``: a CSV file with columns ``column,item_id`` (or a dict) for exports whose headers are
    question labels or group paths; unmapped headers are matched automatically by item id, group path
    (``grp/PS1``) or item text. ``invalid="missing"`` turns invalid answer cells into missing answers
    and counts them; otherwise any problem raises :class:`SurveyInputError` listing all problems.
    """
    if invalid not in ("error", "missing"):
        raise ValueError(f"invalid must be 'error' or 'missing', got {invalid!r}")
    path = Path(path)
    name = str(path)
    notes: list[str] = []
    collector = _Collector(name)

    cells = _read_cells(path, name, sheet, notes, progress)
    cells = pd.DataFrame({c: _strip(cells[c].to_numpy()) for c in cells.columns}, index=cells.index)
    nonblank = (cells != "").any(axis=1)
    if not nonblank.any():
        _fail(name, "the file is empty; expected a header row naming the item columns, then one row per respondent.")
    header_row = int(nonblank.idxmax())
    if header_row != 1:
        skipped = "row 1 is" if header_row == 2 else f"rows 1\u2013{header_row - 1} are"
        notes.append(f"{name}: {skipped} empty; the header is row {header_row}.")
    headers = list(cells.loc[header_row])
    body = cells.loc[header_row + 1 :]
    blank = body.index[~nonblank.loc[header_row + 1 :].to_numpy()]
    if len(blank):
        shown = ", ".join(str(r) for r in blank[:10]) + (" ..." if len(blank) > 10 else "")
        notes.append(f"{name}: skipped {len(blank)} empty row{'s' if len(blank) > 1 else ''} ({shown}).")
        body = body.drop(index=blank)

    # Header problems.
    seen: dict[str, int] = {}
    for pos, header in enumerate(headers):
        letter = _column_letter(pos)
        if not header:
            if (body[pos] != "").any():
                first = int(body.index[(body[pos] != "").to_numpy()][0])
                collector.add(header_row, f"column {letter}", f"has answers (first in row {first}) but no header; "
                                                              "add a header naming the item or grouping variable.")
            continue
        if header in seen:
            collector.add(header_row, header, f"the header appears twice (columns {_column_letter(seen[header])} "
                                              f"and {letter}); headers must be unique.")
        else:
            seen[header] = pos
    if len([h for h in headers if h]) == 1 and len(instrument.item_ids) > 1:
        collector.add(header_row, None, "only one column was found; the file should be separated by commas, "
                                        "semicolons or tabs, with one column per item.")
    if body.empty:
        collector.add(None, None, "the file has a header row but no answers; expected one row per respondent.")

    mapping_dict = _read_mapping(mapping, instrument, collector) if mapping is not None else {}
    item_pos = _match_columns(headers, instrument, mapping_dict, collector, notes, name, header_row)

    # Respondent id.
    extra_pos = [p for p, h in enumerate(headers) if h and p not in item_pos.values() and h in seen and seen[h] == p]
    id_pos = None
    if id_column is not None:
        wanted = [p for p, h in enumerate(headers) if h == id_column] or [
            p for p, h in enumerate(headers) if _norm(h) == _norm(id_column)
        ]
        if not wanted:
            others = ", ".join(repr(headers[p]) for p in extra_pos) or "none"
            collector.add(header_row, id_column, f"no such column for the respondent id; non-item columns: {others}.")
        elif wanted[0] in item_pos.values():
            collector.add(header_row, id_column, "this column holds an item, so it cannot be the respondent id.")
        else:
            id_pos = wanted[0]
    else:
        for candidate in ID_COLUMN_NAMES:
            found = [p for p in extra_pos if _norm(headers[p]) == candidate]
            if found:
                id_pos = found[0]
                break
    if id_pos is not None and not body.empty:
        ids = body[id_pos]
        for row in ids.index[(ids == "").to_numpy()]:
            collector.add(int(row), headers[id_pos], "expected a respondent id, found an empty cell.")
        dup = ids.duplicated(keep=False) & (ids != "")
        if dup.any():
            first_row = {}
            for row, value in ids[dup].items():
                if value in first_row:
                    collector.add(int(row), headers[id_pos], f"respondent id {value!r} is already used in row "
                                                             f"{first_row[value]}; ids must be unique.")
                else:
                    first_row[value] = int(row)

    if progress is not None:
        progress(f"checking {len(body):,} rows \u00d7 {len(item_pos)} items")
    labels, lo, hi = _answer_lookup(instrument)
    answers = {}
    invalid_masks = {}
    coded_missing = 0
    for item in instrument.item_ids:
        if item not in item_pos:
            continue
        codes, uniques = pd.factorize(body[item_pos[item]].to_numpy())
        parsed = [_parse_value(str(u), labels, lo, hi) for u in uniques]
        answers[item] = np.array([value for value, _ in parsed], dtype=float)[codes]
        bad = np.array([reason is not None for _, reason in parsed], dtype=bool)[codes]
        coded = np.array([str(u).casefold() in MISSING_CODES for u in uniques], dtype=bool)[codes]
        coded_missing += int(coded.sum())
        if bad.any():
            invalid_masks[item] = bad
    first_invalid = None
    n_invalid = 0
    if invalid_masks:
        order = {item: pos for pos, item in enumerate(instrument.item_ids)}
        cells_found = []
        for item, mask in invalid_masks.items():
            rows = body.index[mask]
            n_invalid += len(rows)
            if len(cells_found) < MAX_KEPT:
                raws = body[item_pos[item]].to_numpy()[mask]
                cells_found += [(int(r), order[item], item, raw) for r, raw in zip(rows, raws)]
        cells_found.sort()
        for row, _, item, raw in cells_found[:MAX_KEPT]:
            header = headers[item_pos[item]]
            reason = _parse_value(raw, labels, lo, hi)[1]
            message = f"expected a whole number {lo}\u2013{hi} or a scale label, got {raw!r}"
            if reason != "not a number or a scale label":
                message += f" ({reason})"
            if invalid == "error":
                collector.add(row, header, message + ".")
            elif first_invalid is None:
                first_invalid = f"row {row}, column {header!r}: got {raw!r}"
        if invalid == "error":
            collector.total += n_invalid - min(len(cells_found), MAX_KEPT)  # count cells not listed
    collector.raise_if_any()
    if coded_missing:
        notes.append(f"{coded_missing} cell(s) marked NA or N/A were read as missing answers.")
    if n_invalid and invalid == "missing":
        notes.append(f"{n_invalid} invalid answer cell(s) were treated as missing (invalid='missing'); "
                     f"the first: {first_invalid}.")

    index = pd.RangeIndex(len(body))
    answer_frame = pd.DataFrame(answers, index=index, columns=instrument.item_ids)
    extra_order = ([id_pos] if id_pos is not None else []) + [p for p in extra_pos if p != id_pos]
    extra = pd.DataFrame({headers[p]: body[p].to_numpy() for p in extra_order}, index=index, dtype=object)
    if id_pos is None:
        notes.append(f"{name}: no respondent-id column found; rows are identified by their row number.")
    return Survey(
        answers=answer_frame,
        extra=extra,
        source=path,
        invalid_cells=n_invalid if invalid == "missing" else 0,
        notes=notes,
        id_column=headers[id_pos] if id_pos is not None else None,
        row_numbers=[int(r) for r in body.index],
    )
