"""The self-assessment's rules and data: display of scores, languages, the browser's JSON spec, scoring.

The JSON spec (:func:`instrument_spec`) carries everything the kernel-free browser form needs; the
browser applies the scoring rules itself (``scoreAnswers`` in ``learnorg/web/selfscore.js``, with the
two-thirds rule computed from each dimension's items) and reads answer cells with the shared rules of
:mod:`learnorg.answers` (``parseAnswer``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from learnorg.answers import rules_spec
from learnorg.i18n import LANGUAGES, check_lang, t
from learnorg.instrument import Instrument, InstrumentError, check_language, instrument_metadata, load_instrument, profile_rows
from learnorg.scoring import measures, reference_values, score_respondents

RESPONDENT_ID = "me"
PRIVACY = t("sa_privacy")
LANGUAGE_LABEL = "Langue / Language"
#: Messages of the browser form (catalogue keys without their ``sa_`` prefix), carried in the page's JSON.
UI_KEYS = ("privacy_title", "privacy", "scale", "progress", "count", "score", "download", "reset", "load",
           "results", "results_intro", "chart_caption", "table_caption", "col_measure", "col_kind", "col_score",
           "col_answered", "col_refs", "kind_block", "kind_dimension", "answered_of", "none", "not_scored",
           "decimal_mark", "list_separator", "status_scored", "status_downloaded", "status_cleared", "status_loaded",
           "status_load_failed", "status_no_storage", "csv_too_short", "csv_too_many", "csv_bad_cell",
           "csv_no_items", "download_scores", "print", "status_scores_downloaded", "confirm_clear",
           "status_not_cleared", "print_note")
HATCH = "repeating-linear-gradient(45deg,#555 0 3px,#fff 3px 6px)"


def format_score(value: float | None, lang: str = "en") -> str:
    """A score for display: one decimal, halves rounded up (the same rule as ``formatScore`` in JS).

    In French the decimal mark is a comma, as in the browser form.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("sa_not_scored", lang)
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}".replace(".", t("sa_decimal_mark", lang))


def require_language(instrument: Instrument, lang: str) -> None:
    """Raise a clear error unless the form can be shown in ``lang`` (catalogue and every instrument text)."""
    check_lang(lang)
    check_language(instrument, lang)
    meta = instrument_metadata(instrument)
    if lang != "en" and meta.get("respondent_instructions") and not meta.get(f"respondent_instructions_{lang}"):
        raise InstrumentError(f"{instrument.source / 'instrument.yaml'}: missing 'respondent_instructions_{lang}' "
                              f"beside 'respondent_instructions'; the form cannot be shown in {lang!r}.")


def form_languages(instrument: Instrument) -> list[str]:
    """Languages the form can be shown in: English, plus each one the instrument is fully translated into."""
    found = ["en"]
    for lang in instrument.languages:
        if lang == "en" or lang not in LANGUAGES:
            continue
        try:
            require_language(instrument, lang)
        except InstrumentError:
            continue
        found.append(lang)
    return found


def form_texts(instrument: Instrument, lang: str = "en") -> dict:
    """Every text the form shows, in ``lang``: instrument texts from its data, the rest from the catalogue."""
    require_language(instrument, lang)
    inst = instrument.localized(lang)
    meta = instrument_metadata(instrument)
    instructions = meta.get("respondent_instructions" if lang == "en" else f"respondent_instructions_{lang}") or ""
    return {
        "title": inst.title,
        "instructions": " ".join(str(instructions).split()),
        "scale": [str(label) for label in inst.scale["label"]],
        "items": dict(zip(inst.items["item_id"], inst.items["text"])),
        "labels": {m: inst.label(m) for m in [*inst.dimension_ids, *inst.block_ids]},
        "descriptions": {d: str(desc) for d, desc in zip(inst.dimensions["dimension_id"],
                                                         inst.dimensions["description"])},
        "ui": {key: t(f"sa_{key}", lang) for key in UI_KEYS},
    }

def _profile(instrument: Instrument) -> list[dict]:
    """Rows of the results, in display order; a block with one dimension is shown once, as that dimension."""
    return [{"measure": m, "kind": kind, "label": instrument.label(m), "aliases": aliases}
            for m, kind, aliases in profile_rows(instrument)]


def instrument_spec(instrument: Instrument | None = None) -> dict:
    """Everything the browser needs to show and score the instrument, as plain JSON data.

    ``languages`` lists the languages the form can switch between and ``i18n`` holds, for each, every text
    the form shows (:func:`form_texts`); each reference value of the profile has its ``labels`` in every one
    of them. The other fields are in English.
    """
    instrument = instrument or load_instrument()
    languages = form_languages(instrument)
    refs = reference_values(instrument)
    profile = _profile(instrument)
    for row in profile:
        matches = refs[refs["measure"].isin(row["aliases"])]
        row["references"] = [{"value": round(float(r["value"]), 4), "label": r["label"],
                              "labels": {lang: r["label" if lang == "en" else f"label_{lang}"] for lang in languages}}
                             for r in matches.to_dict("records")]
    return {
        "id": instrument.id,
        "version": instrument.version,
        "title": instrument.title,
        "scale": [{"value": int(v), "label": str(label)} for v, label in zip(instrument.scale["value"],
                                                                              instrument.scale["label"])],
        "items": [{"id": r.item_id, "dimension": r.dimension, "reverse": bool(r.reverse), "text": r.text}
                  for r in instrument.items.itertuples(index=False)],
        "dimensions": [{"id": d, "label": instrument.label(d), "block": b,
                        "description": desc, "items": instrument.items_of(d)}
                       for d, b, desc in zip(instrument.dimensions["dimension_id"], instrument.dimensions["block_id"],
                                             instrument.dimensions["description"])],
        "blocks": [{"id": b, "label": instrument.label(b), "dimensions": instrument.dimensions_of(b)}
                   for b in instrument.block_ids],
        "profile": profile,
        "measures": measures(instrument),
        "parsing": rules_spec(instrument),
        "languages": languages,
        "i18n": {lang: form_texts(instrument, lang) for lang in languages},
    }

def _clean(value) -> float | None:
    if value is None or value == "":
        return None
    value = float(value)
    return None if math.isnan(value) else value


def score_answers(answers: Mapping[str, Any], instrument: Instrument | None = None) -> dict[str, float | None]:
    """Dimension and block scores (0-100, None when missing) of one respondent, by the toolkit's engine."""
    instrument = instrument or load_instrument()
    unknown = sorted(set(answers) - set(instrument.item_ids))
    if unknown:
        raise KeyError(f"not items of the instrument: {', '.join(unknown)}")
    row = {item: _clean(answers.get(item)) for item in instrument.item_ids}
    frame = pd.DataFrame([row], columns=instrument.item_ids, dtype=float)
    scores = score_respondents(frame, instrument).iloc[0]
    return {m: (None if np.isnan(v) else float(v)) for m, v in scores.items()}


def answered_counts(answers: Mapping[str, Any], instrument: Instrument) -> dict[str, int]:
    """Answered items per dimension."""
    return {d: sum(_clean(answers.get(i)) is not None for i in instrument.items_of(d)) for d in instrument.dimension_ids}
