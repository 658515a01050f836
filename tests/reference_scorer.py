"""An independent reference scorer for the tests: the codebook's rules, one respondent at a time.

It shares no code with the ``learnorg`` package on purpose. It reads the instrument's CSV files
(``items.csv``, ``dimensions.csv``, ``blocks.csv``, ``scale.csv``) with the standard ``csv`` module and
applies the rules exactly as ``data/instrument/README.md`` states them:

1. a reverse-worded answer r counts as (min + max) - r;
2. a dimension score is the mean of the answered items, rescaled to 0-100 as
   (mean - min) / (max - min) * 100, and missing when fewer than two-thirds of the dimension's items,
   rounded up, are answered;
3. a block score is the unweighted mean of the block's available dimension scores.

If the package and this file disagree, one of them is wrong: that is the point.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "instrument"
TRUE_WORDS = {"true", "yes", "y", "1"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


class ReferenceInstrument:
    """The parts of an instrument folder that scoring needs, read with the csv module."""

    def __init__(self, folder: Path | str = SHIPPED):
        folder = Path(folder)
        self.items = _rows(folder / "items.csv")
        self.dimensions = _rows(folder / "dimensions.csv")
        self.blocks = _rows(folder / "blocks.csv")
        scale = _rows(folder / "scale.csv")
        values = [int(r["value"]) for r in scale]
        self.lo, self.hi = min(values), max(values)
        #: every label in every language (label, label_fr ...) -> value, compared exactly as written
        self.labels = {r[k]: int(r["value"]) for r in scale for k in r if k.startswith("label") and r[k]}
        self.item_ids = [r["item_id"] for r in self.items]
        self.reverse = {r["item_id"]: r["reverse"].lower() in TRUE_WORDS for r in self.items}
        self.items_of = {d["dimension_id"]: [r["item_id"] for r in self.items if r["dimension"] == d["dimension_id"]]
                         for d in self.dimensions}
        self.dimensions_of = {b["block_id"]: [d["dimension_id"] for d in self.dimensions
                                              if d["block_id"] == b["block_id"]] for b in self.blocks}
        self.measures = list(self.items_of) + list(self.dimensions_of)


def score_one(answers: dict, instrument: ReferenceInstrument, exact: bool = False) -> dict:
    """Scores of one respondent: ``answers`` maps item ids to a number on the scale or None (or is absent).

    Arithmetic is done with exact fractions, converted to float once at the end (or kept exact with ``exact``).
    """
    lo, hi = instrument.lo, instrument.hi
    out: dict[str, Fraction | None] = {}
    for dim, items in instrument.items_of.items():
        counted = []
        for item in items:
            value = answers.get(item)
            if value is None or value == "":
                continue
            value = Fraction(value)
            if not lo <= value <= hi or value.denominator != 1:
                raise ValueError(f"{item}: {value} is not a whole number from {lo} to {hi}")
            counted.append(lo + hi - value if instrument.reverse[item] else value)
        needed = -(-2 * len(items) // 3)  # ceil(2k / 3) without floating point
        if counted and len(counted) >= needed:
            mean = sum(counted) / len(counted)
            out[dim] = (mean - lo) / (hi - lo) * 100
        else:
            out[dim] = None
    for block, dims in instrument.dimensions_of.items():
        available = [out[d] for d in dims if out[d] is not None]
        out[block] = sum(available) / len(available) if available else None
    if exact:
        return out
    return {m: (None if v is None else float(v)) for m, v in out.items()}


def two_decimals(value: Fraction | None) -> str:
    """An exact score written with two decimals, halves rounded up (the toolkit's rule for files)."""
    if value is None:
        return ""
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{cents // 100}.{cents % 100:02d}"


def score_all(rows: list[dict], instrument: ReferenceInstrument) -> list[dict[str, float | None]]:
    return [score_one(row, instrument) for row in rows]


def read_truth(path: Path | str) -> list[dict[str, str]]:
    """Rows of a ground-truth answers file (respondent_id + item columns, numbers or empty), with csv."""
    return _rows(Path(path))
