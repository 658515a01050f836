"""The self-assessment for one reader: an ipywidgets form in Jupyter, a plain HTML form on the static site.

Both score with the toolkit's rules; the browser uses a JavaScript port in ``learnorg/web/selfscore.js``
that applies the rules itself and reads answers with the shared rules of :mod:`learnorg.answers`. Both speak
every language the instrument is fully translated into (English and French for the shipped one):
instrument texts come from the instrument data, the rest from :mod:`learnorg.i18n`, and the static form
offers a language switch. Shared test vectors keep the two in step:
``python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json`` writes them from this
engine, and ``--check`` says whether a file is up to date.

The package is split by concern: :mod:`~learnorg.self_assessment.spec` (rules, languages, the browser's
spec), :mod:`~learnorg.self_assessment.files` (CSV and JSON answers), :mod:`~learnorg.self_assessment.static`
(the HTML form), :mod:`~learnorg.self_assessment.widget` (Jupyter) and
:mod:`~learnorg.self_assessment.vectors` (test vectors and their command line).
"""

from __future__ import annotations

from learnorg.instrument import InstrumentError
from learnorg.self_assessment.files import answers_csv, answers_json, read_answers
from learnorg.self_assessment.spec import (HATCH, LANGUAGE_LABEL, PRIVACY, RESPONDENT_ID, UI_KEYS, answered_counts,
                                           form_languages, form_texts, format_score, instrument_spec,
                                           require_language, score_answers)
from learnorg.self_assessment.static import static_html
from learnorg.self_assessment.vectors import main, make_vectors, vectors_text
from learnorg.self_assessment.widget import SelfAssessment, SelfAssessmentWidget, results_html, self_assessment

__all__ = [
    "HATCH", "LANGUAGE_LABEL", "PRIVACY", "RESPONDENT_ID", "UI_KEYS", "InstrumentError", "SelfAssessment",
    "SelfAssessmentWidget", "answered_counts", "answers_csv", "answers_json", "form_languages", "form_texts",
    "format_score", "instrument_spec", "main", "make_vectors", "read_answers", "require_language",
    "results_html", "score_answers", "self_assessment", "static_html", "vectors_text",
]
