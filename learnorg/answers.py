"""One set of rules for reading an answer cell, shared by the Python reader and the browser form.

The browser port is ``parseAnswer`` in ``learnorg/web/selfscore.js``; the tables it needs (digits, decimal
marks, missing codes, labels) travel in the form's JSON spec (:func:`rules_spec`), and the hand-written
vectors in ``tests/vectors/answer_parsing.json`` pin both implementations to the same results.

A cell is read like this:

1. Surrounding spaces are removed (any Unicode space, including non-breaking spaces and a stray byte-order
   mark).
2. Empty, ``NA`` and ``N/A`` (any case) are missing answers.
3. A number is an optional sign, digits, and optionally a decimal mark (``.``, ``,`` or the Arabic ``٫``)
   followed by digits. Digits may be ASCII, Arabic-Indic (٠–٩), Extended Arabic-Indic (۰–۹), Devanagari
   (०–९), Bengali (০–৯) or full-width (０–９). Nothing else is a number: no exponents (``7e0``), no
   hexadecimal (``0x7``), no spaces or thousands separators inside. A number must be whole (``5``, ``5.0``,
   ``5,00``) and on the scale.
4. Anything else is compared with the scale labels (every language of the instrument) and with the codes of a
   value map, ignoring case, accents, Unicode form (a decomposed "Plutôt" equals the composed one), quote
   style, runs of spaces and trailing punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

#: The zero of every digit set accepted in numbers; the nine digits after each zero follow it in Unicode.
DIGIT_ZEROS = (0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xFF10)
#: Decimal marks accepted in numbers.
DECIMAL_MARKS = (".", ",", "\u066b")
#: Cells meaning "no answer" (compared after normalisation).
MISSING_CODES = ("na", "n/a")
#: Characters treated as spaces (JavaScript's \s and Python's str.split() differ, so the set is explicit).
SPACE_CHARS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
              "\u2028\u2029\u202f\u205f\u3000\ufeff"
#: Characters removed from both ends of a label after normalisation.
EDGE_PUNCTUATION = " .?!:;\"'"
QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'}

_SPACE_RUN = re.compile(f"[{re.escape(SPACE_CHARS)}]+")
_DIGITS = {chr(zero + k): str(k) for zero in DIGIT_ZEROS for k in range(10)}
_DIGIT_TABLE = str.maketrans({**_DIGITS, **{m: "." for m in DECIMAL_MARKS}})
_NUMBER = re.compile(r"^([+-]?)([0-9]*)(?:\.([0-9]*))?$")

# Reasons an answer is invalid (the browser uses the same words).
NOT_WHOLE = "not_whole"
OUT_OF_RANGE = "out_of_range"
UNKNOWN = "unknown"


def strip_spaces(text: str) -> str:
    """``text`` without spaces (of any kind) at either end."""
    return str(text).strip(SPACE_CHARS)


def normalize_text(text: str) -> str:
    """The form in which labels, codes and headers are compared.

    Compatibility decomposition (NFKD) with every combining mark removed (so case of accents and of Unicode
    form no longer matters), typographic quotes made straight, lower case, runs of spaces collapsed, and
    spaces and ``. ? ! : ; " '`` removed from both ends.
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = "".join(QUOTES.get(c, c) for c in text).lower()
    return _SPACE_RUN.sub(" ", text).strip(EDGE_PUNCTUATION)


@dataclass(frozen=True)
class AnswerRules:
    """What an answer cell may hold for one instrument: the scale, its labels and an optional value map."""

    lo: int
    hi: int
    labels: Mapping[str, int]  # normalised label or code -> value
    ambiguous: frozenset = field(default_factory=frozenset)  # normalised labels meaning two values

    def parse(self, text: str) -> tuple[int | None, str | None]:
        """``(value, None)`` for an answer, ``(None, None)`` for a missing answer, ``(None, reason)`` if invalid.

        ``reason`` is :data:`NOT_WHOLE`, :data:`OUT_OF_RANGE` or :data:`UNKNOWN`.
        """
        raw = strip_spaces(text)
        if not raw:
            return None, None
        number = _NUMBER.match(raw.translate(_DIGIT_TABLE))
        if number and (number.group(2) or number.group(3)):
            sign, whole, fraction = number.group(1), number.group(2) or "0", number.group(3) or ""
            if fraction.strip("0"):
                return None, NOT_WHOLE
            value = -int(whole) if sign == "-" else int(whole)
            if not self.lo <= value <= self.hi:
                return None, OUT_OF_RANGE
            return value, None
        key = normalize_text(raw)
        if key in MISSING_CODES:
            return None, None
        if key in self.labels:
            return self.labels[key], None
        return None, UNKNOWN

    def is_missing_code(self, text: str) -> bool:
        """True for ``NA`` and ``N/A`` (any case and spacing): an explicit "no answer", counted in notes."""
        return normalize_text(strip_spaces(text)) in MISSING_CODES


def scale_labels(instrument) -> dict[str, int]:
    """Normalised label (every language of the instrument's scale) -> value; labels meaning two values left out."""
    found: dict[str, set[int]] = {}
    columns = ["label"] + [c for c in instrument.scale.columns if c.startswith("label_")]
    for column in columns:
        for value, label in zip(instrument.scale["value"], instrument.scale[column]):
            if str(label).strip():
                found.setdefault(normalize_text(label), set()).add(int(value))
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def answer_rules(instrument, value_map: Mapping[str, int] | None = None) -> AnswerRules:
    """The rules for ``instrument``, with the codes of ``value_map`` (code -> value) added to the labels.

    A code of the value map wins over a scale label written the same way (the map is the form's own
    definition of its answers).
    """
    labels = scale_labels(instrument)
    if value_map:
        labels.update({normalize_text(code): int(value) for code, value in value_map.items()})
    return AnswerRules(int(instrument.scale_min), int(instrument.scale_max), labels)


def rules_spec(instrument) -> dict:
    """The tables the browser's ``parseAnswer`` needs, as plain JSON data."""
    return {
        "digit_zeros": list(DIGIT_ZEROS),
        "decimal_marks": list(DECIMAL_MARKS),
        "missing": list(MISSING_CODES),
        "spaces": SPACE_CHARS,
        "edge_punctuation": EDGE_PUNCTUATION,
        "quotes": QUOTES,
        "labels": dict(sorted(scale_labels(instrument).items())),
    }
