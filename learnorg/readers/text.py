"""Reading CSV text: encoding, delimiter, the first records, then the body in chunks.

The body is read by pandas' C parser in chunks of :data:`CHUNK_ROWS` records, never as one big string.
Answer columns are read as fixed-width bytes (``S8``: no Python object per cell), which is what makes a
national survey of a million respondents fast and lean; a column holding a longer answer (a scale label, say)
is read again as text. Other columns are read as text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from learnorg.readers.problems import Collector, fail

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
HEAD_BYTES = 1 << 20  # the first records (header candidates) are read from the first MiB
HEAD_RECORDS = 60
CHUNK_ROWS = 50_000
ANSWER_WIDTH = 8  # bytes per answer cell in the fast path; longer answers are read as text
SCAN_BLOCK = 1 << 24
#: Bytes that Windows-1252 does not define.
CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
EMPTY = "the file is empty; expected a header row naming the item columns, then one row per respondent."


class WideAnswers(Exception):
    """An answer column holds cells longer than :data:`ANSWER_WIDTH` bytes: read it again as text."""

    def __init__(self, positions: set[int]):
        super().__init__(f"columns {sorted(positions)} hold long answers")
        self.positions = positions


@dataclass
class TextFormat:
    """How a text file is written, and its first records."""

    encoding: str
    delimiter: str
    head: list[list[str]]  # the first records, as written (not stripped)
    complete: bool  # True when ``head`` holds every record of the file
    sample_bytes: int = 0  # bytes read to find the first records
    sample_records: int = 0  # records in those bytes (with the size of the file, an estimate of the row count)
    notes: list[str] = field(default_factory=list)

    def expected_records(self, size: int) -> int:
        """A generous estimate of the number of records in a file of ``size`` bytes."""
        if self.complete:
            return len(self.head)
        per_record = self.sample_bytes / max(self.sample_records, 1)
        return int(size / max(per_record, 1) * 1.25) + 1000


def _row_of_offset(path: Path, offset: int) -> int:
    """Spreadsheet row (1-based line number) of a byte offset."""
    count, done = 0, 0
    with path.open("rb") as handle:
        while done < offset:
            block = handle.read(min(SCAN_BLOCK, offset - done))
            if not block:
                break
            count += block.count(b"\n")
            done += len(block)
    return count + 1


def _first_invalid_utf8(path: Path, skip: int) -> int | None:
    """Byte offset of the first byte that is not valid UTF-8, or None (the whole file is scanned, in blocks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = skip
    with path.open("rb") as handle:
        handle.seek(skip)
        while block := handle.read(SCAN_BLOCK):
            pending = len(decoder.getstate()[0])
            if not pending and block.isascii():
                offset += len(block)
                continue
            try:
                decoder.decode(block)
            except UnicodeDecodeError as err:
                return offset - pending + err.start
            offset += len(block)
    pending = len(decoder.getstate()[0])
    return offset - pending if pending else None  # a character cut off by the end of the file


def _first_undefined_cp1252(path: Path) -> int | None:
    offset = 0
    pattern = re.compile(b"[" + re.escape(CP1252_UNDEFINED) + b"]")
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BLOCK):
            found = pattern.search(block)
            if found:
                return offset + found.start()
            offset += len(block)
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when a sample without BOM looks like UTF-16 text (mostly ASCII letters)."""
    sample = sample[: len(sample) - len(sample) % 2][:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_zero, odd_zero = sample[0::2].count(0), sample[1::2].count(0)
    if odd_zero >= 0.3 * pairs and even_zero <= 0.05 * pairs:
        return "utf-16-le"
    if even_zero >= 0.3 * pairs and odd_zero <= 0.05 * pairs:
        return "utf-16-be"
    return None


def detect_encoding(path: Path, name: str, notes: list[str]) -> str:
    """The encoding of a text file: UTF-8 (with or without BOM), UTF-16 (with or without BOM), else cp1252."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head.strip():
        fail(name, EMPTY)
    if head.startswith(b"PK\x03\x04"):
        fail(name, "this is an Excel workbook (or another zip file), not CSV text; give it the .xlsx extension.")
    if head.startswith(codecs.BOM_UTF8):
        skip = len(codecs.BOM_UTF8)
        bad = _first_invalid_utf8(path, skip)
        if bad is not None:
            fail(name, f"byte 0x{path.read_bytes()[bad]:02x} is not valid UTF-8, although the file starts with a "
                       "UTF-8 byte-order mark; save the file as 'CSV UTF-8' again.", row=_row_of_offset(path, bad))
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        notes.append(f"{name}: decoded as UTF-16 (a 'Unicode text' export).")
        return "utf-16"
    if b"\x00" in head:
        guess = _utf16_without_bom(head)
        if guess is None:
            fail(name, "this looks like a binary file, not CSV text (it holds NUL bytes and is not UTF-16 text); "
                       "export the survey as CSV (UTF-8) or .xlsx.")
        order = "little" if guess.endswith("le") else "big"
        notes.append(f"{name}: decoded as UTF-16 ({order}-endian) without a byte-order mark, as some 'Unicode "
                     "text' exports are written; check that letters look right.")
        return guess
    bad = _first_invalid_utf8(path, 0)
    if bad is None:
        return "utf-8"
    undefined = _first_undefined_cp1252(path)
    if undefined is not None:
        with path.open("rb") as handle:
            handle.seek(undefined)
            byte = handle.read(1)[0]
        fail(name, f"byte 0x{byte:02x} cannot be read as UTF-8 or as Windows-1252 (cp1252) text; "
                   "save the file as 'CSV UTF-8' and try again.", row=_row_of_offset(path, undefined))
    notes.append(f"{name}: not valid UTF-8 (first at row {_row_of_offset(path, bad)}); decoded as Windows-1252 "
                 "(cp1252, Western European). Check that accented letters look right, or save the file as 'CSV UTF-8'.")
    return "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first non-empty line into most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_n = ",", 1
    for delim in DELIMITERS:
        n = len(next(csv.reader([first], delimiter=delim), []))
        if n > best_n:
            best, best_n = delim, n
    return best


def read_format(path: Path, name: str, notes: list[str]) -> TextFormat:
    """Encoding, delimiter and the first records of a CSV/TSV file."""
    encoding = detect_encoding(path, name, notes)
    with path.open("rb") as handle:
        raw = handle.read(HEAD_BYTES)
        complete = not handle.read(1)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw, final=complete)
    if not text.strip("\ufeff \t\r\n"):
        fail(name, EMPTY)
    delim = sniff_delimiter(text)
    if delim != ",":
        notes.append(f"{name}: columns are separated by {DELIMITERS[delim]}s.")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error:
        records = [line.split(delim) for line in text.splitlines()]
    if not complete and records:
        records = records[:-1]  # the last record may be cut by the end of the sample
    return TextFormat(encoding, delim, records[:HEAD_RECORDS], complete and len(records) <= HEAD_RECORDS,
                      sample_bytes=len(raw), sample_records=len(records))


def too_many_cells(path: Path, fmt: TextFormat, width: int, name: str, err: Exception, header_row: int = 1) -> None:
    """Explain a parser error: rows with more cells than the header, or an unclosed quotation mark."""
    collector = Collector(name)
    with path.open(encoding=fmt.encoding, errors="replace", newline="") as handle:
        try:
            for i, record in enumerate(csv.reader(handle, delimiter=fmt.delimiter)):
                if len(record) > width:
                    collector.add(i + 1, None, f"has {len(record)} cells but row {header_row} (the header) has {width}; check for "
                                               f"an unquoted {DELIMITERS[fmt.delimiter]} inside an answer or a missing header.")
                    if collector.total >= 1000:
                        break
        except csv.Error:
            pass
    if not collector.total:
        quote = re.search(r"EOF inside string starting at row (\d+)", str(err))
        if quote:  # pandas counts records from 0, the spreadsheet from 1
            collector.add(int(quote.group(1)) + 1, None, "a quotation mark opened in this row is never closed; "
                                                         "check for a stray \" in an answer.")
        else:
            collector.add(None, None, f"cannot be read as {DELIMITERS[fmt.delimiter]}-separated text ({err}).")
    collector.raise_if_any()


def iter_chunks(path: Path, fmt: TextFormat, width: int, answer_positions: set[int], name: str,
                progress: Callable[[str], None] | None, header_row: int = 1) -> Iterator[tuple[int, dict[int, np.ndarray]]]:
    """Yield ``(first record index, {column position: cells})`` for every chunk of the whole file.

    Answer columns come as ``S8`` byte arrays (UTF-8; a cell of 8 bytes or more may have been cut, and the
    caller then raises :class:`WideAnswers` to read again, with that column as text); other columns come as
    object arrays of ``str``.
    """
    dtype = {pos: (f"S{ANSWER_WIDTH}" if pos in answer_positions else object) for pos in range(width)}
    reader = pd.read_csv(path, sep=fmt.delimiter, header=None, names=list(range(width)), dtype=dtype,
                         na_filter=False, keep_default_na=False, skip_blank_lines=False, encoding=fmt.encoding,
                         chunksize=CHUNK_ROWS, engine="c", quotechar='"', doublequote=True)
    start = 0
    try:
        with reader:
            for chunk in reader:
                columns = {pos: chunk[pos].to_numpy() for pos in range(width)}
                size = len(chunk)
                del chunk
                yield start, columns
                start += size
                if progress is not None:
                    progress(f"read {start:,} rows")
    except pd.errors.ParserError as err:
        too_many_cells(path, fmt, width, name, err, header_row)
        raise
