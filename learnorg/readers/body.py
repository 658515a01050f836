"""The body of a survey file in one pass: answers as small integers, other columns as stripped text, row flags.

A CSV file arrives in chunks (:func:`learnorg.readers.text.iter_chunks`), answer columns as 8-byte cells; an
Excel sheet arrives as rows of text. Either way :class:`BodyReader` turns every distinct cell into an answer
once, writes the answers into one preallocated array, and flags the rows that are empty, repeat the header,
hold HXL hashtags or answer no item.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from learnorg.answers import SPACE_CHARS, normalize_text, strip_spaces
from learnorg.readers.problems import MAX_KEPT
from learnorg.readers.text import ANSWER_WIDTH, CHUNK_ROWS, WideAnswers, iter_chunks

def sentinels(lo: int, hi: int) -> tuple[np.dtype, int, int, int]:
    """(dtype, missing, invalid, coded missing): the smallest integer type holding the scale and three markers."""
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min + 3 <= lo and hi <= info.max:
            return np.dtype(dtype), info.min, info.min + 1, info.min + 2
    raise ValueError(f"scale {lo}..{hi} is too wide")


_ASCII_SPACES = "".join(c for c in SPACE_CHARS if c.isascii())
#: The text of each one-byte cell (a byte of 0x80 or more is never a whole UTF-8 character).
_BYTE_TEXTS = [bytes([b]).rstrip(b"\0").decode("latin-1") if b < 0x80 else "\ufffd" for b in range(256)]


def _joined(texts: np.ndarray) -> str | None:
    """The texts joined by NUL characters (for fast checks), or None if some cell is not text."""
    try:
        return "\x00".join(texts)
    except TypeError:
        return None


def _needs_strip(texts: np.ndarray) -> bool:
    """True when some text has spaces at an end, or is not text (fast substring searches on the texts joined)."""
    joined = _joined(texts)
    return joined is None or _needs_strip_joined(joined)


def _needs_strip_joined(joined: str) -> bool:
    for c in (_ASCII_SPACES if joined.isascii() else SPACE_CHARS):
        if c in joined and (joined.startswith(c) or joined.endswith(c) or f"\x00{c}" in joined or f"{c}\x00" in joined):
            return True
    return False


def _first_chars(texts: np.ndarray) -> str:
    """The first characters of some texts, joined (a quick test for '#' before a full pass)."""
    return "".join(t[:1] for t in texts[:1000]) if len(texts) <= 1000 else "".join({t[:1] for t in texts})


class BodyReader:
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
        self._block: np.ndarray | None = None
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

    def _codes(self, cells: list[np.ndarray], m: int) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(codes, len(cells) x m; the text of each code; which codes occur) of some answer columns."""
        if cells[0].dtype.kind == "S":
            if self._block is None or self._block.shape[0] < len(cells) or self._block.shape[1] < m:
                self._block = np.empty((len(cells), m), dtype=np.uint64)  # reused from chunk to chunk
            block = self._block[: len(cells), :m]
            for c, column in enumerate(cells):
                block[c] = np.ascontiguousarray(column).view(np.uint64)
            if not (block >> np.uint64(8)).any():
                # Every cell is one byte at most ('1' ... '7', ''): its byte is its code, no hashing needed.
                codes = block.astype(np.uint8)
                return codes, _BYTE_TEXTS, np.bincount(codes.ravel(), minlength=256) > 0
            codes, uniques = pd.factorize(block.ravel())
            raws = [bytes(u).decode("utf-8", errors="replace") for u in uniques.view("S8")]
            return codes.reshape(len(cells), m), raws, np.ones(len(raws), dtype=bool)
        codes, uniques = pd.factorize(cells[0], use_na_sentinel=False)
        raws = [u if isinstance(u, str) else ("" if u is None or u != u else str(u)) for u in uniques]
        return codes.reshape(1, m), raws, np.ones(len(raws), dtype=bool)

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
        # cells (a dozen, usually) are then read once each. Columns read as text are coded one by one.
        packed_columns = [j for j, pos in enumerate(self.positions) if columns[pos].dtype.kind == "S"]
        groups = ([packed_columns] if packed_columns else []) + [
            [j] for j, pos in enumerate(self.positions) if columns[pos].dtype.kind != "S"]
        for js in groups:
            codes, raws, present = self._codes([columns[self.positions[j]][skip:] for j in js], m)
            if columns[self.positions[js[0]]].dtype.kind == "S":
                long_ones = [i for i, r in enumerate(raws) if present[i] and len(r.encode("utf-8")) >= ANSWER_WIDTH]
                if long_ones:  # a cell may have been cut at 8 bytes: read those columns again as text
                    where = np.isin(codes, long_ones).any(axis=1)
                    self.wide.update(self.positions[j] for c, j in enumerate(js) if where[c])
            looked = [self._lookup(r) for r in raws]
            lut = np.array([st for st, _r, _b in looked], dtype=self.dtype)
            sub = lut[codes]  # columns x rows
            state[:, js] = sub.T
            filled = sub != self.missing
            row_filled = filled.any(axis=0)
            any_filled |= row_filled
            if (lut == self.coded).any():
                answered |= (filled & (sub != self.coded)).any(axis=0)
            else:
                answered |= row_filled
            stripped = [strip_spaces(r) for r in raws]
            # Header-like cells (a repeated header, HXL hashtags) are rare: the row flags are only worked out
            # cell by cell when a distinct cell of the chunk looks like one.
            header_of = {self.header_keys[j]: c for c, j in enumerate(js)}
            hdr_lut = np.array([header_of.get(normalize_text(t), -1) if t else -1 for t in stripped], dtype=np.int64)
            if (hdr_lut >= 0).any():
                is_hdr = hdr_lut[codes] == np.arange(len(js))[:, None]
                hdr_count += is_hdr.sum(axis=0)
                other_than_header |= (filled & ~is_hdr).any(axis=0)
            else:
                other_than_header |= row_filled
            hash_lut = np.array([t.startswith("#") for t in stripped], dtype=bool)
            if hash_lut.any():
                is_hash = hash_lut[codes]
                hash_count += is_hash.sum(axis=0)
                other_than_hash |= (filled & ~is_hash).any(axis=0)
            else:
                other_than_hash |= row_filled
            bad = [i for i, (st, _r, _b) in enumerate(looked) if st == self.invalid and present[i]]
            if bad:
                bad_mask = np.isin(codes, bad)
                for c, j in enumerate(js):
                    found = np.bincount(codes[c], minlength=len(raws))
                    for i in bad:
                        if found[i]:
                            self.invalid_examples[j][raws[i]] += int(found[i])
                rows_, cols_ = np.nonzero(bad_mask.T)  # in row order: the first invalid cells of the file first
                room = 2 * MAX_KEPT - len(self.invalid_cells)
                if room > 0:
                    self.invalid_cells += [(int(records[r]), js[c], raws[codes[c, r]], looked[codes[c, r]][1])
                                           for r, c in zip(rows_[:room], cols_[:room])]
        extra_nonblank = np.zeros(m, dtype=bool)
        extra_hash = np.zeros(m, dtype=np.int32)
        for pos in self.extra_positions:
            cells = columns[pos][skip:]
            joined = _joined(cells)
            if joined is not None and not _needs_strip_joined(joined):
                # The usual case, checked on the cells joined: all text, no spaces at the ends.
                text = cells
                nonblank = cells != ""
                hashed = (np.array([t[:1] == "#" for t in cells], dtype=bool)
                          if joined.startswith("#") or "\x00#" in joined else None)
            else:
                codes, uniques = pd.factorize(cells, use_na_sentinel=False)
                stripped = np.array([u.strip(SPACE_CHARS) if isinstance(u, str) else "" for u in uniques], dtype=object)
                text = stripped[codes]
                nonblank = (stripped != "")[codes]
                hashed = np.array([t[:1] == "#" for t in stripped], dtype=bool)[codes] if "#" in _first_chars(stripped) \
                    else None
            extra_nonblank |= nonblank
            if hashed is not None:
                extra_hash += hashed
                other_than_hash |= nonblank & ~hashed
            else:
                other_than_hash |= nonblank
            self.extras[pos][self.n: self.n + m] = text
        self.flags["blank"].append(~any_filled & ~extra_nonblank)
        self.flags["header"].append((hdr_count >= max(1, (k + 1) // 2)) & ~other_than_header)
        self.flags["hxl"].append((hash_count + extra_hash >= 1) & ~other_than_hash)
        self.flags["answered"].append(answered)
        self.n += m


def read_csv_body(path, fmt, width, positions, name, progress, reader: BodyReader, header_row: int) -> None:
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


def read_rows_body(rows: list[list[str]], width: int, reader: BodyReader) -> None:
    """Read the rows of an Excel sheet (text, padded) into ``reader``, in chunks."""
    for start in range(0, len(rows), CHUNK_ROWS):
        part = rows[start:start + CHUNK_ROWS]
        columns = {p: np.array([r[p] if p < len(r) else "" for r in part], dtype=object) for p in range(width)}
        reader.add(start, columns)
