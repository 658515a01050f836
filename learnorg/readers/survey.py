"""``read_survey``: a survey export (CSV, TSV or .xlsx; one row per respondent) read, checked and classified.

Every cell is checked; problems are collected, not raised one at a time: :class:`SurveyInputError` lists all
of them, each naming the file, the spreadsheet row a user sees (header = row 1) and the column.
``read_survey`` runs the steps in order, each a function of its own: answer rules, the header row, the
columns, the body (:mod:`learnorg.readers.body`), which rows are respondents, submission status, ids,
invalid answers, and the :class:`Survey` itself.

Answers are kept as small integers (one byte per answer), never as one Python object per cell, and a CSV
file is read in chunks: a survey of a million respondents takes a few hundred megabytes, not gigabytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from learnorg.answers import NOT_WHOLE, OUT_OF_RANGE, answer_rules, normalize_text, strip_spaces
from learnorg.instrument import Instrument
from learnorg.readers import rows as rowrules
from learnorg.readers.body import BodyReader, read_csv_body, read_rows_body, sentinels
from learnorg.readers.columns import Matcher, column_letter, extra_names, match_columns, read_mapping
from learnorg.readers.excel import EXCEL_SUFFIXES, read_rows
from learnorg.readers.problems import MAX_KEPT, Collector, fail
from learnorg.readers.text import EMPTY, HEAD_RECORDS, read_format
from learnorg.readers.valuemaps import read_form_choices, read_value_map

#: A column is "systematically" invalid, and never quietly treated as missing, when at least this many of its
#: answered cells (and at least SYSTEMATIC_MIN of them) are not valid answers.
SYSTEMATIC_SHARE = 0.05
SYSTEMATIC_MIN = 3
_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
HEADER_SEARCH_ROWS = 20


@dataclass
class Survey:
    """Checked survey answers and the other columns of the export, one row per respondent."""

    values: np.ndarray  # respondents x items (instrument order), whole numbers on the scale; ``missing`` if none
    extra: pd.DataFrame  # non-item columns as text, respondent id first; index 0..n-1
    source: Path
    item_ids: list[str]
    missing: int  # the marker of a missing answer in ``values``
    invalid_cells: int = 0  # cells turned into missing under invalid="missing"
    notes: list[str] = field(default_factory=list)
    id_column: str | None = None
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # spreadsheet row of each respondent
    counts: dict[str, int] = field(default_factory=dict)  # rows read, left out (and why), flagged
    flagged: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # incomplete or rejected, kept

    @property
    def row_numbers(self) -> list[int]:
        """Spreadsheet row of each respondent, as a list."""
        return [int(r) for r in self.rows]

    @cached_property
    def answers(self) -> pd.DataFrame:
        """Answers as floats (NaN when missing), one column per item in instrument order."""
        data = self.values.astype(np.float64)
        data[self.values == self.missing] = np.nan
        return pd.DataFrame(data, columns=self.item_ids, index=pd.RangeIndex(len(data)))


def _shown(rows: np.ndarray, limit: int = 10) -> str:
    return ", ".join(str(int(r)) for r in rows[:limit]) + (" ..." if len(rows) > limit else "")


def _header_problem(head: list[list[str]], first: int, matcher: Matcher, name: str) -> None:
    """Stop with one clear message when the first non-empty row names no item but a row below it does."""
    need = min(3, len(matcher.instrument.item_ids))
    for j in range(first + 1, min(len(head), first + HEADER_SEARCH_ROWS)):
        if matcher.count(head[j]) >= need:
            above = "row" if j == first + 1 else "rows"
            cells = [c for c in head[first] if c][:4]
            what = f" (it holds {', '.join(repr(c) for c in cells)})" if cells else ""
            fail(name, f"the headers are on row {j + 1}, not row {first + 1}: the {above} above them{what} look like a "
                       f"title or a merged group heading, not column names. Delete the {above} above the headers, "
                       f"or read the file with --header-row {j + 1}.")


@dataclass
class _File:
    """What the steps of ``read_survey`` share about one file."""

    name: str
    notes: list[str]
    collector: Collector
    headers: list[str] = field(default_factory=list)
    first: int = 0  # index of the header record (0-based)
    names: dict[int, str] = field(default_factory=dict)  # non-item column position -> name shown

    @property
    def header_number(self) -> int:
        """Spreadsheet row of the headers."""
        return self.first + 1


def _rules(instrument, mapping, value_map, form, f: _File):
    """The mapping (header -> item) and the answer rules, with the codes of a value map or form."""
    mapping_dict = read_mapping(mapping, instrument, f.collector) if mapping is not None else {}
    codes: dict[str, int] = {}
    if form is not None:
        codes.update(read_form_choices(form, instrument, f.collector))
    if value_map is not None:
        codes.update(read_value_map(value_map, instrument, f.collector))
    if codes:
        f.notes.append(f"{len(codes)} answer code(s) read from the "
                       f"{'value map' if value_map is not None else 'form'} (for example "
                       f"{', '.join(f'{c!r} = {v}' for c, v in list(codes.items())[:3])}).")
    return mapping_dict, answer_rules(instrument, codes)


def _find_header(head: list[list[str]], header_row: int | None, matcher: Matcher, f: _File) -> None:
    """The header row: the one given, else the first non-empty row (unless it names no item but a later row does)."""
    nonblank = [i for i, row in enumerate(head) if any(row)]
    if header_row is not None:
        f.first = header_row - 1
        if header_row < 1 or f.first >= len(head) or not any(head[f.first]):
            where = "empty" if 0 <= f.first < len(head) else "not among the first rows"
            fail(f.name, f"--header-row {header_row}: row {header_row} is {where}; give the spreadsheet row that "
                         "holds the column names.")
        if f.first:
            f.notes.append(f"{f.name}: the header is row {header_row}; rows above it were not read.")
    else:
        if not nonblank:
            fail(f.name, EMPTY)
        f.first = nonblank[0]
        if f.first:
            skipped = "row 1 is" if f.first == 1 else f"rows 1\u2013{f.first} are"
            f.notes.append(f"{f.name}: {skipped} empty; the header is row {f.first + 1}.")
        if matcher.count(head[f.first]) == 0:
            _header_problem(head, f.first, matcher, f.name)
    f.headers = head[f.first]


def _classify_rows(reader: BodyReader, rows: np.ndarray, f: _File, counts: dict) -> np.ndarray:
    """Which rows are respondents: not empty, not header-like, answering at least one item. Notes say why not."""
    flags = {k: (np.concatenate(v) if v else np.zeros(0, dtype=bool)) for k, v in reader.flags.items()}
    blank = flags["blank"]
    header_like = (flags["header"] | flags["hxl"]) & ~blank
    no_answer = ~flags["answered"] & ~blank & ~header_like
    if blank.any():
        f.notes.append(f"{f.name}: skipped {int(blank.sum())} empty row{'s' if blank.sum() > 1 else ''} "
                       f"({_shown(rows[blank])}).")
    if header_like.any():
        f.notes.append(f"{f.name}: skipped {int(header_like.sum())} row(s) that repeat the header or hold HXL "
                       f"hashtags instead of answers ({_shown(rows[header_like])}).")
    if no_answer.any():
        f.notes.append(f"{f.name}: {int(no_answer.sum())} row(s) answer none of the items and are not counted as "
                       f"respondents ({_shown(rows[no_answer])}).")
    counts.update(blank=int(blank.sum()), header_like=int(header_like.sum()), no_answer=int(no_answer.sum()))
    return ~(blank | header_like | no_answer)


def _check_unnamed(reader: BodyReader, extra_positions: list[int], rows: np.ndarray, f: _File) -> None:
    """Columns without a header that hold something."""
    for pos in extra_positions:
        if pos not in f.names and reader.n:
            filled = np.flatnonzero(reader.extras[pos][: reader.n] != "")
            if len(filled):
                f.collector.add(f.header_number, f"column {column_letter(pos)}",
                                f"has answers (first in row {int(rows[filled[0]])}) but no header; add a header naming "
                                "the item or grouping variable.")


def _flag_submissions(extras, positions, keep, rows, exclude, f: _File, counts: dict) -> np.ndarray:
    """Rows the platform marks incomplete or rejected (notes say which); left out of ``keep`` if ``exclude``."""
    flagged = np.zeros(len(rows), dtype=bool)
    written = {p: f.headers[p] for p in f.names}
    for found in rowrules.status_flags(written, extras, positions, f.names) if positions and len(rows) else []:
        hit = found.mask & keep
        if hit.any():
            flagged |= hit
            action = ("left out (--exclude-incomplete)" if exclude
                      else "scored like the others; use --exclude-incomplete to leave them out")
            f.notes.append(f"{f.name}: {int(hit.sum())} submission(s) are marked {found.rule.kind} by "
                           f"{found.rule.platform} ({found.rule.describe}, column {found.column!r}; rows "
                           f"{_shown(rows[hit])}): {action}.")
    counts["flagged"] = int(flagged.sum())
    if exclude and flagged.any():
        keep &= ~flagged
        counts["excluded_flagged"] = int(flagged.sum())
        if not keep.any():
            f.collector.add(None, None, "every submission is marked incomplete or rejected; nothing is left to score "
                                        "without --exclude-incomplete.")
    return flagged


def _id_position(id_column: str | None, f: _File) -> int | None:
    """The respondent-id column: the one asked for (checked), else the first with a known id name."""
    if id_column is None:
        return rowrules.find_id_column(f.names)
    wanted = [p for p, h in f.names.items() if h == id_column] or [
        p for p, h in f.names.items() if normalize_text(h) == normalize_text(id_column)]
    if wanted:
        return wanted[0]
    if any(h == id_column or normalize_text(h) == normalize_text(id_column) for h in f.headers if h):
        f.collector.add(f.header_number, id_column, "this column holds an item, so it cannot be the respondent id.")
    else:
        others = ", ".join(repr(h) for h in f.names.values()) or "none"
        f.collector.add(f.header_number, id_column, f"no such column for the respondent id; non-item columns: {others}.")
    return None


def _check_ids(id_pos: int, extras, keep, rows, f: _File) -> None:
    """Every respondent has an id, and no id is used twice (with REDCap's event and repeat columns)."""
    everyone = bool(keep.all())
    ids = extras[id_pos] if everyone else extras[id_pos][keep]
    kept_rows = rows if everyone else rows[keep]
    for row in kept_rows[ids == ""][:MAX_KEPT]:
        f.collector.add(int(row), f.names[id_pos], "expected a respondent id, found an empty cell.")
    qualifiers = rowrules.qualifier_columns(f.names)
    # Python's (cached) string hashes of the ids, with the columns that qualify them, sorted: small and fast even
    # for millions of ids; rows whose hash repeats are then compared as text.
    quals = [extras[q][keep] for q in qualifiers]
    key = np.fromiter(map(hash, zip(ids, *quals) if quals else ids), dtype=np.int64, count=len(ids))
    ordered = np.sort(key)
    twice = ordered[1:][ordered[1:] == ordered[:-1]]
    del ordered
    repeated = np.isin(key, twice) if len(twice) else np.zeros(len(key), dtype=bool)
    if repeated.any():
        repeated &= ids != ""
    if repeated.any():
        first_row: dict[tuple, int] = {}
        quals = [qual[repeated] for qual in quals]
        for i, (row, value) in enumerate(zip(kept_rows[repeated], ids[repeated])):
            full = (value, *(qual[i] for qual in quals))
            if full in first_row:
                f.collector.add(int(row), f.names[id_pos], f"respondent id {value!r} is already used in row "
                                                           f"{first_row[full]}; ids must be unique.")
            else:
                first_row[full] = int(row)
    if qualifiers:
        f.notes.append(f"{f.name}: respondents are identified by {f.names[id_pos]!r} with "
                       f"{', '.join(repr(f.names[q]) for q in qualifiers)}.")


def _check_answers(reader: BodyReader, state, keep, positions, invalid: str, rules, f: _File) -> tuple[int, str | None]:
    """Invalid answer cells of the respondents: listed one by one when few and scattered; one problem per column
    when many (or when codes run through the file), never quietly treated as missing then.

    Returns (invalid cells, the first of them as text) for the note of ``invalid="missing"``."""
    k = len(positions)
    missing, invalid_mark, coded = reader.missing, reader.invalid, reader.coded
    if reader.invalid_cells:
        per_column = ((state == invalid_mark) & keep[:, None]).sum(axis=0)
        answered = ((state != missing) & (state != coded) & keep[:, None]).sum(axis=0)
    else:
        per_column = answered = np.zeros(k, dtype=np.int64)
    n_invalid = int(per_column.sum())
    if not n_invalid:
        return 0, None
    in_keep = [keep[rec - f.first - 1] for rec, _j, _raw, _reason in reader.invalid_cells]
    examples_of = [Counter() for _ in range(k)]
    for (rec, j, raw, _reason), kept in zip(reader.invalid_cells, in_keep):
        if kept:
            examples_of[j][raw] += 1
    code_like = {strip_spaces(v) for counter in examples_of for v in counter
                 if _CODE_LIKE.match(strip_spaces(v)) and not strip_spaces(v).isdigit()}
    if (len(code_like) >= 3 and n_invalid >= SYSTEMATIC_MIN
            and n_invalid >= SYSTEMATIC_SHARE * max(int(answered.sum()), 1)):
        # Many cells, in several codes: the whole file writes its answers another way (codes of a platform).
        systematic = [j for j in range(k) if per_column[j]]
    else:
        systematic = [j for j in range(k)
                      if per_column[j] >= SYSTEMATIC_MIN and per_column[j] >= SYSTEMATIC_SHARE * max(answered[j], 1)]
    lo, hi = rules.lo, rules.hi
    for j in systematic:
        examples = [v for v, _c in (examples_of[j] or reader.invalid_examples[j]).most_common(4)]
        shown = ", ".join(repr(v) for v in examples)
        numeric = all(re.fullmatch(r"[+-]?[0-9.,]+", strip_spaces(v)) for v in examples)
        coded_like = all(_CODE_LIKE.match(strip_spaces(v)) for v in examples)
        message = (f"{int(per_column[j]):,} of {int(answered[j]):,} answers in this column are not whole numbers "
                   f"{lo}\u2013{hi} or scale labels (for example {shown}).")
        if coded_like:
            message += (" They look like answer codes of your survey platform: give their values with --value-map FILE "
                        "(columns code,value, e.g. 'AO01,1') or the form they were collected with (--form form.xlsx).")
        elif numeric:
            message += f" Is this column on another scale? The instrument's answers are {lo}\u2013{hi}."
        else:
            message += " Check the language and spelling of the labels, or give a value map (--value-map FILE)."
        if invalid == "missing":
            message += " Treating them as missing (--invalid missing) would bias the scores, so the file is refused."
        f.collector.add(f.header_number, f.headers[positions[j]], message)
    column_wise = set(systematic)
    cells = sorted((rec + 1, j, raw, reason) for (rec, j, raw, reason), kept in zip(reader.invalid_cells, in_keep)
                   if kept and j not in column_wise)
    if invalid == "error":
        for row, j, raw, reason in cells[:MAX_KEPT]:
            message = f"expected a whole number {lo}\u2013{hi} or a scale label, got {raw!r}"
            if reason == OUT_OF_RANGE:
                message += f" (outside {lo}\u2013{hi})"
            elif reason == NOT_WHOLE:
                message += " (not a whole number)"
            f.collector.add(row, f.headers[positions[j]], message + ".")
        not_listed = sum(int(per_column[j]) for j in range(k) if j not in column_wise) - len(cells[:MAX_KEPT])
        f.collector.total += max(not_listed, 0)
        f.collector.suggest_invalid_missing = not systematic
    first = f"row {cells[0][0]}, column {f.headers[positions[cells[0][1]]]!r}: got {cells[0][2]!r}" if cells else None
    return n_invalid, first


def _formula_problems(formulas: list[tuple[int, int, str]], f: _File) -> None:
    for row, column, formula in formulas:
        if row >= f.header_number and column < len(f.headers):
            where = f.headers[column] or f"column {column_letter(column)}"
            f.collector.add(row, where, f"this cell holds the formula {formula!r} but no saved result, so it would read "
                                        "as empty; open the file in Excel or LibreOffice and save it (they calculate "
                                        "formulas), or replace the formulas by their values.")


def read_survey(
    path,
    instrument: Instrument,
    *,
    mapping=None,
    id_column: str | None = None,
    invalid: str = "error",
    sheet: str | int | None = None,
    progress: Callable[[str], None] | None = None,
    value_map=None,
    form=None,
    header_row: int | None = None,
    exclude_incomplete: bool = False,
) -> Survey:
    """Read and check a wide survey export (CSV, TSV or .xlsx; one row per respondent).

    ``mapping``: a file with columns ``column,item_id`` (or a dict) for headers that are not matched
    automatically (item id, group path, item text, grid heading ``Title [item]``). ``value_map`` (a
    ``code,value`` file or dict) or ``form`` (the XLSForm) says what answer codes stand for.
    ``invalid="missing"`` turns a few invalid answer cells into missing answers and counts them; it refuses
    (like ``"error"``) when a column has many invalid cells, since dropping them would bias the scores.
    ``header_row`` gives the spreadsheet row of the headers when rows above them are titles.
    ``exclude_incomplete`` leaves out submissions the platform marks incomplete or rejected (by default they
    are scored, with a note). Any problem raises :class:`SurveyInputError` listing all problems.
    """
    if invalid not in ("error", "missing"):
        raise ValueError(f"invalid must be 'error' or 'missing', got {invalid!r}")
    path = Path(path)
    f = _File(str(path), [], Collector(str(path)))
    if not path.exists():
        fail(f.name, "file not found.")
    if path.is_dir():
        fail(f.name, "this is a folder; expected a CSV or .xlsx file.")
    if path.suffix.lower() == ".xls":
        fail(f.name, "the old Excel .xls format is not supported; save the file as .xlsx or CSV UTF-8.")
    mapping_dict, rules = _rules(instrument, mapping, value_map, form, f)

    # The first rows, and the header among them.
    excel = path.suffix.lower() in EXCEL_SUFFIXES
    formulas: list[tuple[int, int, str]] = []
    if excel:
        all_rows, formulas = read_rows(path, f.name, sheet, f.notes, progress)
        head = all_rows[:HEAD_RECORDS]
    else:
        fmt = read_format(path, f.name, f.notes)
        head = fmt.head
    head = [[strip_spaces(c) for c in row] for row in head]
    matcher = Matcher(instrument, mapping_dict)
    _find_header(head, header_row, matcher, f)

    # The columns.
    if len([h for h in f.headers if h]) == 1 and len(instrument.item_ids) > 1:
        f.collector.add(f.header_number, None, "only one column was found; the file should be separated by commas, "
                                               "semicolons or tabs, with one column per item.")
    item_pos = match_columns(f.headers, matcher, f.collector, f.notes, f.name, f.header_number)
    if not item_pos:
        f.collector.raise_if_any()
    items = [i for i in instrument.item_ids if i in item_pos]
    positions = [item_pos[i] for i in items]
    used = {p for p, h in enumerate(f.headers) if h and matcher.item_for(h)}  # every column naming an item
    f.names = extra_names(f.headers, used, f.notes, f.name)
    width = len(f.headers)
    extra_positions = [p for p in range(width) if p not in used]

    # The body.
    expected = len(all_rows) if excel else fmt.expected_records(path.stat().st_size)
    reader = BodyReader(positions, f.headers, extra_positions, rules, sentinels(rules.lo, rules.hi), f.first + 1,
                        expected)
    if excel:
        read_rows_body(all_rows, width, reader)
        del all_rows
    else:
        read_csv_body(path, fmt, width, positions, f.name, progress, reader, f.header_number)
    if progress is not None:
        progress(f"checking {reader.n:,} rows \u00d7 {len(items)} items")
    state = reader.state[: reader.n]
    reader.state = None
    rows = np.arange(f.first + 2, f.first + 2 + reader.n, dtype=np.int64)  # spreadsheet rows
    counts = {"rows": len(rows)}

    # Which rows are respondents.
    keep = _classify_rows(reader, rows, f, counts)
    _check_unnamed(reader, extra_positions, rows, f)
    if len(rows) == 0:
        f.collector.add(None, None, "the file has a header row but no answers; expected one row per respondent.")
    elif not keep.any() and not f.collector.total:
        f.collector.add(None, None, "no row answers any item; expected one row per respondent with answers.")
    extras = {pos: reader.extras[pos][: reader.n] for pos in f.names}
    reader.extras = {}
    flagged = _flag_submissions(extras, positions, keep, rows, exclude_incomplete, f, counts)
    id_pos = _id_position(id_column, f)
    if id_pos is not None and keep.any():
        _check_ids(id_pos, extras, keep, rows, f)

    # The answers.
    n_invalid, first_invalid = _check_answers(reader, state, keep, positions, invalid, rules, f)
    _formula_problems(formulas, f)
    f.collector.raise_if_any()

    values = state if keep.all() else state[keep]
    del state
    if reader.saw_coded:
        is_coded = values == reader.coded
        n_coded = int(is_coded.sum())
        values[is_coded] = reader.missing
        if n_coded:
            f.notes.append(f"{n_coded} cell(s) marked NA or N/A were read as missing answers.")
    if n_invalid and invalid == "missing":
        values[values == reader.invalid] = reader.missing
        f.notes.append(f"{n_invalid} invalid answer cell(s) were treated as missing (invalid='missing'); "
                       f"the first: {first_invalid}.")
    order = ([id_pos] if id_pos is not None else []) + [p for p in f.names if p != id_pos]
    everyone = bool(keep.all())
    extra = pd.DataFrame({f.names[p]: (extras[p] if everyone else extras[p][keep]) for p in order},
                         index=pd.RangeIndex(int(keep.sum())), dtype=object, copy=False)
    del extras
    if id_pos is None:
        f.notes.append(f"{f.name}: no respondent-id column found; rows are identified by their row number.")
    counts["respondents"] = int(keep.sum())
    return Survey(values=values, extra=extra, source=path, item_ids=items, missing=reader.missing,
                  invalid_cells=n_invalid if invalid == "missing" else 0, notes=f.notes,
                  id_column=f.names[id_pos] if id_pos is not None else None, rows=rows[keep], counts=counts,
                  flagged=flagged[keep])
