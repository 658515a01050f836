"""Which column holds which item: the header row, mapping files, and matching headers to items.

A header matches an item when it is (compared as :func:`learnorg.answers.normalize_text` does):

* the item id (``SP1``), or a group path ending in it (``grp_x/SP1`` from KoboToolbox, ``grp_x-SP1`` from
  ODK Central), or its first or last word;
* the item's text in any language of the instrument, alone or after a group label and ``/``;
* a grid heading ``Grid title [statement]`` (Google Forms grids, LimeSurvey's full-text or code headings)
  whose bracketed part is the item id or the item's text;
* a line of a mapping file (``column,item_id``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

from learnorg.answers import normalize_text
from learnorg.instrument import Instrument
from learnorg.readers.problems import Collector, SurveyInputError, fail

MAX_ABSENT_LISTED_SEPARATELY = 3  # more missing item columns than this are reported in one message
_GRID = re.compile(r"^(.*?)\[([^\[\]]+)\]\s*$", re.S)
_ITEM_LIKE = re.compile(r"^([A-Za-z]+)(\d+)$")


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_table(path, name: str) -> list[list[str]]:
    """All cells of a small table (mapping or value-map file: CSV, TSV or .xlsx) as stripped text."""
    from learnorg.readers.excel import EXCEL_SUFFIXES, read_rows
    from learnorg.readers.text import detect_encoding, sniff_delimiter

    path = Path(path)
    if not path.is_file():
        fail(name, "file not found." if not path.exists() else "this is a folder; expected a CSV or .xlsx file.")
    notes: list[str] = []
    if path.suffix.lower() in EXCEL_SUFFIXES:
        rows, _formulas = read_rows(path, name, None, notes, None)
    else:
        encoding = detect_encoding(path, name, notes)
        text = path.read_bytes().decode(encoding, errors="replace").lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    return [[cell.strip() for cell in row] for row in rows]


def read_mapping(mapping, instrument: Instrument, collector: Collector) -> dict[str, str | None]:
    """Mapping from a file (columns ``column,item_id``) or a dict; an empty item_id keeps a column as extra."""
    by_id = {i.casefold(): i for i in instrument.item_ids}
    result: dict[str, str | None] = {}
    if isinstance(mapping, Mapping):
        pairs = [(None, str(k), "" if v is None else str(v)) for k, v in mapping.items()]
        file = "mapping"
    else:
        file = str(mapping)
        try:
            rows = read_table(mapping, file)
        except SurveyInputError as err:
            for p in err.problems:
                collector.add(p.row, p.column, p.message, file=p.file)
            return result
        header = [normalize_text(h) for h in rows[0]] if rows else []
        if "column" not in header or "item_id" not in header:
            collector.add(1, None, f"expected the header 'column,item_id', got {','.join(rows[0] if rows else [])!r}.",
                          file=file)
            return result
        col, item = header.index("column"), header.index("item_id")
        pairs = [(i + 1, (row + [""] * 2)[col], (row + [""] * 2)[item]) for i, row in enumerate(rows) if i > 0]
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


def texts_by_item(instrument: Instrument) -> dict[str, str]:
    """Normalised item text -> item id, for the English text and every translation (``text_fr`` …)."""
    columns = ["text"] + [c for c in instrument.items.columns if c.startswith("text_")]
    found: dict[str, set[str]] = {}
    for column in columns:
        for item, text in zip(instrument.items["item_id"], instrument.items[column]):
            if str(text).strip():
                found.setdefault(normalize_text(text), set()).add(item)
    return {text: next(iter(items)) for text, items in found.items() if len(items) == 1}


def _id_candidates(header: str) -> list[tuple[str, str]]:
    """(part, how) pairs of a header that may be an item id."""
    parts = [(header, "by item id"), (re.split(r"[/-]", header)[-1], "by group path")]
    words = [w for w in re.split(r"[\s.:;,()\[\]{}\u2013\u2014-]+", header) if w]
    if words:
        parts += [(words[0], "by item id"), (words[-1], "by item id")]
    return parts


class Matcher:
    """Matches headers to items for one instrument and mapping."""

    def __init__(self, instrument: Instrument, mapping: dict[str, str | None]):
        self.instrument = instrument
        self.mapping = mapping
        self.by_id = {i.casefold(): i for i in instrument.item_ids}
        self.by_text = texts_by_item(instrument)
        self.mapping_norm = {normalize_text(k): k for k in mapping}

    def mapping_key(self, header: str) -> str | None:
        if header in self.mapping:
            return header
        return self.mapping_norm.get(normalize_text(header))

    def item_of(self, header: str) -> tuple[str | None, str]:
        """(item id, how) for a header without a mapping line; (None, '') if it names no item."""
        for part, how in _id_candidates(header):
            item = self.by_id.get(part.strip().casefold())
            if item:
                return item, how
        grid = _GRID.match(header)
        if grid:
            inner = grid.group(2).strip()
            item = self.by_id.get(inner.casefold()) or self.by_text.get(normalize_text(inner))
            if item:
                return item, "by the bracketed part of a grid heading"
        text = normalize_text(header)
        if text in self.by_text:
            return self.by_text[text], "by item text"
        for cut in range(len(header)):
            if header[cut] == "/" and normalize_text(header[cut + 1:]) in self.by_text:
                return self.by_text[normalize_text(header[cut + 1:])], "by item text"
        return None, ""

    def item_for(self, header: str) -> str | None:
        """The item a header names, through the mapping or automatically; None for other columns."""
        if not header:
            return None
        key = self.mapping_key(header)
        return self.mapping[key] if key is not None else self.item_of(header)[0]

    def count(self, headers: list[str]) -> int:
        """How many distinct items a row of headers names (for finding the header row)."""
        return len({item for item in map(self.item_for, headers) if item})


def match_columns(headers: list[str], matcher: Matcher, collector: Collector, notes: list[str], name: str,
                  header_row: int = 1) -> dict[str, int]:
    """Item id -> column position, with problems for item columns given twice, unknown and missing items."""
    instrument = matcher.instrument
    matched: dict[int, str] = {}
    kept_extra: set[int] = set()
    used_mapping: set[str] = set()
    how_matched: dict[str, list[tuple[str, str]]] = {}
    for pos, header in enumerate(headers):
        if not header:
            continue
        key = matcher.mapping_key(header)
        if key is not None:
            used_mapping.add(key)
            if matcher.mapping[key] is None:
                kept_extra.add(pos)
            else:
                matched[pos] = matcher.mapping[key]
                how_matched.setdefault("by the mapping file", []).append((header, matcher.mapping[key]))
            continue
        item, how = matcher.item_of(header)
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
    unused = [k for k in matcher.mapping if k not in used_mapping]
    if unused:
        notes.append(f"mapping lines not used (no such column in {name}): {', '.join(repr(k) for k in unused)}.")

    # The same item from two columns: an error (which one holds the answers?).
    first_pos: dict[str, int] = {}
    for pos, item in sorted(matched.items()):
        if item in first_pos:
            first = first_pos[item]
            if headers[pos] == headers[first]:
                collector.add(header_row, headers[pos], f"the header appears twice (columns {column_letter(first)} and "
                                                        f"{column_letter(pos)}) and holds item {item}; item columns "
                                                        "must be unique.")
            else:
                collector.add(header_row, headers[pos], f"this column and column {headers[first]!r} both hold item "
                                                        f"{item}; keep one, or list one of them in a mapping file "
                                                        "with an empty item_id.")
        else:
            first_pos[item] = pos

    # Columns that look like item ids the instrument does not have.
    prefixes = {m.group(1).casefold() for i in instrument.item_ids if (m := _ITEM_LIKE.match(i))}
    for pos, header in enumerate(headers):
        if pos in matched or pos in kept_extra or not header:
            continue
        for candidate in dict.fromkeys([header, re.split(r"[/-]", header)[-1]]):
            m = _ITEM_LIKE.match(candidate.strip())
            if m and m.group(1).casefold() in prefixes:
                same = [i for i in instrument.item_ids if (n := _ITEM_LIKE.match(i)) and n.group(1).casefold() == m.group(1).casefold()]
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
                                        "the item texts, grid headings like 'Title [item text]', or a mapping file "
                                        f"(--mapping). The file's columns are: {shown}.")
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


def extra_names(headers: list[str], item_positions: set[int], notes: list[str], name: str) -> dict[int, str]:
    """Names of the non-item columns (position -> name); a repeated name gets ' (2)', ' (3)' … with a note.

    Exports often repeat the header of a non-item column (REDCap's 'Complete?' and 'Survey Timestamp' once per
    instrument): that is not an error, but both columns are kept under distinct names.
    """
    names: dict[int, str] = {}
    seen: dict[str, int] = {}
    renamed = []
    for pos, header in enumerate(headers):
        if pos in item_positions or not header:
            continue
        if header in seen:
            seen[header] += 1
            new = f"{header} ({seen[header]})"
            while new in seen:
                seen[header] += 1
                new = f"{header} ({seen[header]})"
            renamed.append(f"{header!r} (column {column_letter(pos)}) \u2192 {new!r}")
            names[pos] = new
            seen[new] = 1
        else:
            seen[header] = 1
            names[pos] = header
    if renamed:
        notes.append(f"{name}: repeated headers of non-item columns were kept under new names: {'; '.join(renamed)}.")
    return names
