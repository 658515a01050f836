"""``read_survey``: a survey export (CSV, TSV or .xlsx; one row per respondent) read, checked and classified.

Every cell is checked; problems are collected, not raised one at a time: :class:`SurveyInputError` lists all
of them, each naming the file, the spreadsheet row a user sees (header = row 1) and the column.

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

from learnorg.answers import NOT_WHOLE, OUT_OF_RANGE, SPACE_CHARS, answer_rules, normalize_text, strip_spaces
from learnorg.instrument import Instrument
from learnorg.readers import rows as rowrules
from learnorg.readers.columns import Matcher, column_letter, extra_names, match_columns, read_mapping
from learnorg.readers.excel import EXCEL_SUFFIXES, read_rows
from learnorg.readers.problems import MAX_KEPT, Collector, fail
from learnorg.readers.text import ANSWER_WIDTH, CHUNK_ROWS, EMPTY, HEAD_RECORDS, WideAnswers, iter_chunks, read_format
from learnorg.readers.valuemaps import read_form_choices, read_value_map

#: A column is "systematically" invalid, and never quietly treated as missing, when at least this many of its
#: answered cells (and at least SYSTEMATIC_MIN of them) are not valid answers.
SYSTEMATIC_SHARE = 0.05
SYSTEMATIC_MIN = 3
_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
HEADER_SEARCH_ROWS = 20


def _sentinels(lo: int, hi: int) -> tuple[np.dtype, int, int, int]:
    """(dtype, missing, invalid, coded missing): the smallest integer type holding the scale and three markers."""
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min + 3 <= lo and hi <= info.max:
            return np.dtype(dtype), info.min, info.min + 1, info.min + 2
    raise ValueError(f"scale {lo}..{hi} is too wide")


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


def _needs_strip(texts: np.ndarray) -> bool:
    """True when some text has spaces at an end, or is not text (fast substring searches on the texts joined)."""
    try:
        joined = "\x00".join(texts)
    except TypeError:
        return True
    for c in SPACE_CHARS:
        if c in joined and (joined.startswith(c) or joined.endswith(c) or f"\x00{c}" in joined or f"{c}\x00" in joined):
            return True
    return False


def _first_chars(texts: np.ndarray) -> str:
    """The first characters of some texts, joined (a quick test for '#' before a full pass)."""
    return "".join(t[:1] for t in texts[:1000]) if len(texts) <= 1000 else "".join({t[:1] for t in texts})


def _shown(rows: np.ndarray, limit: int = 10) -> str:
    return ", ".join(str(int(r)) for r in rows[:limit]) + (" ..." if len(rows) > limit else "")


class _Reader:
    """One pass over the body of the file: answers as integers, other columns as stripped text, row flags."""

    def __init__(self, item_positions: list[int], headers: list[str], extra_positions: list[int], rules,
                 sentinels, first_record: int, expected_rows: int = 0):
        self.positions = item_positions
        self.extra_positions = extra_positions
        self.rules = rules
        self.dtype, self.missing, self.invalid, self.coded = sentinels
        self.first_record = first_record
        self.expected_rows = expected_rows
        self.header_keys = [normalize_text(headers[p]) for p in item_positions]
        self.cache: dict[str, tuple[int, str | None, bool]] = {}
        self.saw_coded = False
        self.reset()

    def reset(self) -> None:
        k = len(self.positions)
        self.wide: set[int] = set()
        # Answers go straight into one preallocated array (pages never written cost no memory), grown if needed.
        self.state = np.empty((max(self.expected_rows, 1024), k), dtype=self.dtype)
        self.n = 0
        capacity = max(self.expected_rows, 1024)
        self.extras: dict[int, np.ndarray] = {p: np.empty(capacity, dtype=object) for p in self.extra_positions}
        self.flags: dict[str, list[np.ndarray]] = {"blank": [], "header": [], "hxl": [], "answered": []}
        self.invalid_cells: list[tuple[int, int, str, str | None]] = []
        self.invalid_examples = [Counter() for _ in range(k)]

    def _lookup(self, raw: str) -> tuple[int, str | None, bool]:
        """(state, reason, stripped-is-empty) of one distinct cell text."""
        found = self.cache.get(raw)
        if found is None:
            text = strip_spaces(raw)
            if not text:
                found = (self.missing, None, True)
            else:
                value, reason = self.rules.parse(text)
                if reason is not None:
                    found = (self.invalid, reason, False)
                elif value is None:
                    found = (self.coded if self.rules.is_missing_code(text) else self.missing, None, False)
                    self.saw_coded |= found[0] == self.coded
                else:
                    found = (value, None, False)
            self.cache[raw] = found
        return found

    def add(self, start: int, columns: dict[int, np.ndarray]) -> None:
        n = len(next(iter(columns.values()))) if columns else 0
        skip = max(0, self.first_record - start)
        if skip >= n:
            return
        m = n - skip
        records = start + np.arange(skip, n, dtype=np.int64)
        k = len(self.positions)
        if self.n + m > len(self.state):
            capacity = max(2 * len(self.state), self.n + m)
            grown = np.empty((capacity, k), dtype=self.dtype)
            grown[: self.n] = self.state[: self.n]
            self.state = grown
            for p, text in self.extras.items():
                bigger = np.empty(capacity, dtype=object)
                bigger[: self.n] = text[: self.n]
                self.extras[p] = bigger
        state = self.state[self.n: self.n + m]  # written in place
        hdr_count = np.zeros(m, dtype=np.int32)
        hash_count = np.zeros(m, dtype=np.int32)
        other_than_header = np.zeros(m, dtype=bool)
        other_than_hash = np.zeros(m, dtype=bool)
        any_filled = np.zeros(m, dtype=bool)
        answered = np.zeros(m, dtype=bool)
        # Answer columns read as 8-byte cells are coded together, in one pass over the chunk; the distinct
        # cells (a dozen, usually) are then read once each.
        packed_columns = [j for j, pos in enumerate(self.positions) if columns[pos].dtype.kind == "S"]
        groups = [(packed_columns, None)] if packed_columns else []
        groups += [([j], None) for j, pos in enumerate(self.positions) if columns[pos].dtype.kind != "S"]
        for js, _unused in groups:
            if columns[self.positions[js[0]]].dtype.kind == "S":
                block = np.empty((m, len(js)), dtype=np.uint64)
                for c, j in enumerate(js):
                    block[:, c] = np.ascontiguousarray(columns[self.positions[j]][skip:]).view(np.uint64)
                codes, uniques = pd.factorize(block.ravel())
                codes = codes.reshape(m, len(js))
                packed = [bytes(u) for u in uniques.view("S8")]
                long_ones = [i for i, b in enumerate(packed) if len(b) >= ANSWER_WIDTH]
                if long_ones:  # a cell may have been cut at 8 bytes: read those columns again as text
                    where = np.isin(codes, long_ones).any(axis=0)
                    self.wide.update(self.positions[j] for c, j in enumerate(js) if where[c])
                raws = [b.decode("utf-8", errors="replace") for b in packed]
            else:
                cells = columns[self.positions[js[0]]][skip:]
                codes, uniques = pd.factorize(cells, use_na_sentinel=False)
                codes = codes.reshape(m, 1)
                raws = [u if isinstance(u, str) else ("" if u is None or u != u else str(u)) for u in uniques]
            looked = [self._lookup(r) for r in raws]
            lut = np.array([st for st, _r, _b in looked], dtype=self.dtype)
            sub = lut[codes]
            state[:, js] = sub
            filled = sub != self.missing
            row_filled = filled.any(axis=1)
            any_filled |= row_filled
            if (lut == self.coded).any():
                answered |= (filled & (sub != self.coded)).any(axis=1)
            else:
                answered |= row_filled
            stripped = [strip_spaces(r) for r in raws]
            # Header-like cells (a repeated header, HXL hashtags) are rare: the row flags are only worked out
            # cell by cell when a distinct cell of the chunk looks like one.
            header_of = {self.header_keys[j]: c for c, j in enumerate(js)}
            hdr_lut = np.array([header_of.get(normalize_text(t), -1) if t else -1 for t in stripped], dtype=np.int64)
            if (hdr_lut >= 0).any():
                is_hdr = hdr_lut[codes] == np.arange(len(js))[None, :]
                hdr_count += is_hdr.sum(axis=1)
                other_than_header |= (filled & ~is_hdr).any(axis=1)
            else:
                other_than_header |= row_filled
            hash_lut = np.array([t.startswith("#") for t in stripped], dtype=bool)
            if hash_lut.any():
                is_hash = hash_lut[codes]
                hash_count += is_hash.sum(axis=1)
                other_than_hash |= (filled & ~is_hash).any(axis=1)
            else:
                other_than_hash |= row_filled
            bad = [i for i, (st, _r, _b) in enumerate(looked) if st == self.invalid]
            if bad:
                bad_mask = np.isin(codes, bad)
                for c, j in enumerate(js):
                    column_codes = codes[:, c]
                    found = np.bincount(column_codes, minlength=len(raws))
                    for i in bad:
                        if found[i]:
                            self.invalid_examples[j][raws[i]] += int(found[i])
                rows_, cols_ = np.nonzero(bad_mask)
                room = 2 * MAX_KEPT - len(self.invalid_cells)
                if room > 0:
                    self.invalid_cells += [(int(records[r]), js[c], raws[codes[r, c]], looked[codes[r, c]][1])
                                           for r, c in zip(rows_[:room], cols_[:room])]
        extra_nonblank = np.zeros(m, dtype=bool)
        extra_hash = np.zeros(m, dtype=np.int32)
        for pos in self.extra_positions:
            cells = columns[pos][skip:]
            codes, uniques = pd.factorize(cells, use_na_sentinel=False)
            if _needs_strip(uniques):
                stripped = np.array([u.strip(SPACE_CHARS) if isinstance(u, str) else "" for u in uniques], dtype=object)
            else:
                stripped = uniques.astype(object, copy=False)
            text = stripped[codes]
            nonblank = (stripped != "")[codes]
            hashed = np.array([t[:1] == "#" for t in stripped], dtype=bool)[codes] if "#" in _first_chars(stripped) \
                else np.zeros(len(codes), dtype=bool)
            extra_nonblank |= nonblank
            extra_hash += hashed
            other_than_hash |= nonblank & ~hashed
            self.extras[pos][self.n: self.n + m] = text
        self.flags["blank"].append(~any_filled & ~extra_nonblank)
        self.flags["header"].append((hdr_count >= max(1, (k + 1) // 2)) & ~other_than_header)
        self.flags["hxl"].append((hash_count + extra_hash >= 1) & ~other_than_hash)
        self.flags["answered"].append(answered)
        self.n += m


def _csv_chunks(path, fmt, width, positions, name, progress, reader: _Reader, header_row: int) -> None:
    """Read the whole CSV body into ``reader``; answer columns with long cells are read again as text."""
    wide: set[int] = set()
    while True:
        reader.reset()
        try:
            for start, columns in iter_chunks(path, fmt, width, set(positions) - wide, name, progress, header_row):
                reader.add(start, columns)
                if reader.wide:
                    raise WideAnswers(reader.wide)
            return
        except WideAnswers as err:
            wide |= err.positions


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
    name = str(path)
    notes: list[str] = []
    collector = Collector(name)
    if not path.exists():
        fail(name, "file not found.")
    if path.is_dir():
        fail(name, "this is a folder; expected a CSV or .xlsx file.")
    if path.suffix.lower() == ".xls":
        fail(name, "the old Excel .xls format is not supported; save the file as .xlsx or CSV UTF-8.")

    mapping_dict = read_mapping(mapping, instrument, collector) if mapping is not None else {}
    codes: dict[str, int] = {}
    if form is not None:
        codes.update(read_form_choices(form, instrument, collector))
    if value_map is not None:
        codes.update(read_value_map(value_map, instrument, collector))
    rules = answer_rules(instrument, codes)
    if codes:
        notes.append(f"{len(codes)} answer code(s) read from the "
                     f"{'value map' if value_map is not None else 'form'} (for example "
                     f"{', '.join(f'{c!r} = {v}' for c, v in list(codes.items())[:3])}).")

    excel = path.suffix.lower() in EXCEL_SUFFIXES
    formulas: list[tuple[int, int, str]] = []
    if excel:
        all_rows, formulas = read_rows(path, name, sheet, notes, progress)
        head = all_rows[:HEAD_RECORDS]
    else:
        fmt = read_format(path, name, notes)
        head = fmt.head
    head = [[strip_spaces(c) for c in row] for row in head]
    matcher = Matcher(instrument, mapping_dict)
    nonblank = [i for i, row in enumerate(head) if any(row)]
    if header_row is not None:
        first = header_row - 1
        if header_row < 1 or first >= len(head) or not any(head[first]):
            fail(name, f"--header-row {header_row}: row {header_row} is {'empty' if 0 <= first < len(head) else 'not among the first rows'}; "
                       "give the spreadsheet row that holds the column names.")
        if first:
            notes.append(f"{name}: the header is row {header_row}; rows above it were not read.")
    else:
        if not nonblank:
            fail(name, EMPTY)
        first = nonblank[0]
        if first:
            skipped = "row 1 is" if first == 1 else f"rows 1\u2013{first} are"
            notes.append(f"{name}: {skipped} empty; the header is row {first + 1}.")
        if matcher.count(head[first]) == 0:
            _header_problem(head, first, matcher, name)
    headers = head[first]
    header_number = first + 1

    if len([h for h in headers if h]) == 1 and len(instrument.item_ids) > 1:
        collector.add(header_number, None, "only one column was found; the file should be separated by commas, "
                                           "semicolons or tabs, with one column per item.")
    item_pos = match_columns(headers, matcher, collector, notes, name, header_number)
    if not item_pos:
        collector.raise_if_any()
    items = [i for i in instrument.item_ids if i in item_pos]
    positions = [item_pos[i] for i in items]
    used = {p for p, h in enumerate(headers) if h and matcher.item_for(h)}  # every column naming an item
    names = extra_names(headers, used, notes, name)
    width = len(headers)
    extra_positions = [p for p in range(width) if p not in used]

    if excel:
        expected = len(all_rows)
    else:
        expected = fmt.expected_records(path.stat().st_size)
    reader = _Reader(positions, headers, extra_positions, rules, _sentinels(rules.lo, rules.hi), first + 1, expected)
    if excel:
        body = all_rows
        for start in range(0, len(body), CHUNK_ROWS):
            part = body[start:start + CHUNK_ROWS]
            columns = {p: np.array([r[p] if p < len(r) else "" for r in part], dtype=object) for p in range(width)}
            reader.add(start, columns)
        del all_rows, body
    else:
        _csv_chunks(path, fmt, width, positions, name, progress, reader, header_number)
    if progress is not None:
        progress(f"checking {reader.n:,} rows \u00d7 {len(items)} items")

    missing, invalid_mark, coded = reader.missing, reader.invalid, reader.coded
    state = reader.state[: reader.n]
    reader.state = None
    records = np.arange(first + 1, first + 1 + reader.n, dtype=np.int64)
    flags = {k: (np.concatenate(v) if v else np.zeros(0, dtype=bool)) for k, v in reader.flags.items()}
    rows = records + 1
    counts = {"rows": len(records)}

    blank = flags["blank"]
    header_like = (flags["header"] | flags["hxl"]) & ~blank
    no_answer = ~flags["answered"] & ~blank & ~header_like
    keep = ~(blank | header_like | no_answer)
    if blank.any():
        notes.append(f"{name}: skipped {int(blank.sum())} empty row{'s' if blank.sum() > 1 else ''} ({_shown(rows[blank])}).")
    if header_like.any():
        notes.append(f"{name}: skipped {int(header_like.sum())} row(s) that repeat the header or hold HXL hashtags "
                     f"instead of answers ({_shown(rows[header_like])}).")
    if no_answer.any():
        notes.append(f"{name}: {int(no_answer.sum())} row(s) answer none of the items and are not counted as "
                     f"respondents ({_shown(rows[no_answer])}).")
    counts.update(blank=int(blank.sum()), header_like=int(header_like.sum()), no_answer=int(no_answer.sum()))

    # Columns without a header that hold something.
    for pos in extra_positions:
        if pos not in names and reader.n:
            text = reader.extras[pos][: reader.n]
            filled = np.flatnonzero(text != "")
            if len(filled):
                collector.add(header_number, f"column {column_letter(pos)}", f"has answers (first in row "
                                                                             f"{int(rows[filled[0]])}) but no header; add a "
                                                                             "header naming the item or grouping variable.")
    if len(records) == 0:
        collector.add(None, None, "the file has a header row but no answers; expected one row per respondent.")
    elif not keep.any() and not collector.total:
        collector.add(None, None, "no row answers any item; expected one row per respondent with answers.")
    extras = {pos: reader.extras[pos][: reader.n] for pos in names}
    reader.extras = {}

    # Submissions the platform marks incomplete or rejected.
    flagged = np.zeros(len(records), dtype=bool)
    written = {p: headers[p] for p in names}
    for found in rowrules.status_flags(written, extras, positions, names) if positions and len(records) else []:
        hit = found.mask & keep
        if hit.any():
            flagged |= hit
            action = ("left out (--exclude-incomplete)" if exclude_incomplete
                      else "scored like the others; use --exclude-incomplete to leave them out")
            notes.append(f"{name}: {int(hit.sum())} submission(s) are marked {found.rule.kind} by {found.rule.platform} "
                         f"({found.rule.describe}, column {found.column!r}; rows {_shown(rows[hit])}): {action}.")
    counts["flagged"] = int(flagged.sum())
    if exclude_incomplete and flagged.any():
        keep &= ~flagged
        counts["excluded_flagged"] = int(flagged.sum())
        if not keep.any():
            collector.add(None, None, "every submission is marked incomplete or rejected; nothing is left to score "
                                      "without --exclude-incomplete.")

    # Respondent id.
    id_pos = None
    if id_column is not None:
        wanted = [p for p, h in names.items() if h == id_column] or [
            p for p, h in names.items() if normalize_text(h) == normalize_text(id_column)]
        if not wanted:
            if any(h == id_column or normalize_text(h) == normalize_text(id_column) for h in headers if h):
                collector.add(header_number, id_column, "this column holds an item, so it cannot be the respondent id.")
            else:
                others = ", ".join(repr(h) for h in names.values()) or "none"
                collector.add(header_number, id_column, f"no such column for the respondent id; non-item columns: {others}.")
        else:
            id_pos = wanted[0]
    else:
        id_pos = rowrules.find_id_column(names)
    if id_pos is not None and keep.any():
        everyone = bool(keep.all())
        ids = extras[id_pos] if everyone else extras[id_pos][keep]
        kept_rows = rows if everyone else rows[keep]
        for row in kept_rows[ids == ""][:MAX_KEPT]:
            collector.add(int(row), names[id_pos], "expected a respondent id, found an empty cell.")
        qualifiers = rowrules.qualifier_columns(names)
        # Python's (cached) string hashes of the ids, with the columns that qualify them, sorted: small and fast
        # even for millions of ids; rows whose hash repeats are then compared as text.
        quals = [extras[q][keep] for q in qualifiers]
        parts = zip(ids, *quals) if quals else ids
        key = np.fromiter(map(hash, parts), dtype=np.int64, count=len(ids))
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
                    collector.add(int(row), names[id_pos], f"respondent id {value!r} is already used in row "
                                                           f"{first_row[full]}; ids must be unique.")
                else:
                    first_row[full] = int(row)
        if qualifiers:
            notes.append(f"{name}: respondents are identified by {names[id_pos]!r} with "
                         f"{', '.join(repr(names[q]) for q in qualifiers)}.")

    # Invalid answer cells in the rows that are respondents.
    if reader.invalid_cells:
        per_column = ((state == invalid_mark) & keep[:, None]).sum(axis=0)
        answered = ((state != missing) & (state != coded) & keep[:, None]).sum(axis=0)
    else:
        per_column = answered = np.zeros(len(items), dtype=np.int64)
    n_invalid = int(per_column.sum())
    examples_of = [Counter() for _ in items]
    for rec, j, raw, _reason in reader.invalid_cells:
        if keep[rec - first - 1]:
            examples_of[j][raw] += 1
    code_like = {strip_spaces(v) for counter in examples_of for v in counter
                 if _CODE_LIKE.match(strip_spaces(v)) and not strip_spaces(v).isdigit()}
    if (len(code_like) >= 3 and n_invalid >= SYSTEMATIC_MIN
            and n_invalid >= SYSTEMATIC_SHARE * max(int(answered.sum()), 1)):
        # Many cells, in several codes: the whole file writes its answers another way (codes of a platform).
        systematic = [j for j in range(len(items)) if per_column[j]]
    else:
        systematic = [j for j in range(len(items))
                      if per_column[j] >= SYSTEMATIC_MIN and per_column[j] >= SYSTEMATIC_SHARE * max(answered[j], 1)]
    lo, hi = rules.lo, rules.hi
    for j in systematic:
        examples = [v for v, _c in (examples_of[j] or reader.invalid_examples[j]).most_common(4)]
        header = headers[positions[j]]
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
        collector.add(header_number, header, message)
    if n_invalid and invalid == "error":
        order = set(systematic)
        listed = sorted((rec + 1, j, raw, reason) for rec, j, raw, reason in reader.invalid_cells
                        if j not in order and keep[rec - first - 1])
        shown_cells = 0
        for row, j, raw, reason in listed[:MAX_KEPT]:
            message = f"expected a whole number {lo}\u2013{hi} or a scale label, got {raw!r}"
            if reason == OUT_OF_RANGE:
                message += f" (outside {lo}\u2013{hi})"
            elif reason == NOT_WHOLE:
                message += " (not a whole number)"
            collector.add(row, headers[positions[j]], message + ".")
            shown_cells += 1
        not_listed = sum(int(per_column[j]) for j in range(len(items)) if j not in order) - shown_cells
        collector.total += max(not_listed, 0)
        collector.suggest_invalid_missing = not systematic
    first_invalid = None
    if n_invalid and invalid == "missing" and not systematic:
        cells = sorted((rec + 1, j, raw) for rec, j, raw, _r in reader.invalid_cells if keep[rec - first - 1])
        if cells:
            first_invalid = f"row {cells[0][0]}, column {headers[positions[cells[0][1]]]!r}: got {cells[0][2]!r}"

    for row, column, formula in formulas:
        if row >= header_number and column < width:
            where = headers[column] or f"column {column_letter(column)}"
            collector.add(row, where, f"this cell holds the formula {formula!r} but no saved result, so it would read "
                                      "as empty; open the file in Excel or LibreOffice and save it (they calculate "
                                      "formulas), or replace the formulas by their values.")
    collector.raise_if_any()

    values = state if keep.all() else state[keep]
    del state
    n_coded = 0
    if reader.saw_coded:
        is_coded = values == coded
        n_coded = int(is_coded.sum())
        values[is_coded] = missing
        del is_coded
    if n_coded:
        notes.append(f"{n_coded} cell(s) marked NA or N/A were read as missing answers.")
    if n_invalid and invalid == "missing":
        values[values == invalid_mark] = missing
        notes.append(f"{n_invalid} invalid answer cell(s) were treated as missing (invalid='missing'); "
                     f"the first: {first_invalid}.")
    order = ([id_pos] if id_pos is not None else []) + [p for p in names if p != id_pos]
    index = pd.RangeIndex(int(keep.sum()))
    everyone = bool(keep.all())
    extra = pd.DataFrame({names[p]: (extras[p] if everyone else extras[p][keep]) for p in order}, index=index,
                         dtype=object, copy=False)
    del extras
    if id_pos is None:
        notes.append(f"{name}: no respondent-id column found; rows are identified by their row number.")
    counts["respondents"] = int(keep.sum())
    return Survey(values=values, extra=extra, source=path, item_ids=items, missing=missing,
                  invalid_cells=n_invalid if invalid == "missing" else 0, notes=notes,
                  id_column=names[id_pos] if id_pos is not None else None, rows=rows[keep], counts=counts,
                  flagged=flagged[keep])
