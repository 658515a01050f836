"""Round trip: exports of the generated XLSForm, as KoboToolbox and ODK Central write them, score like a plain CSV.

The fixtures in tests/fixtures/kobo/ are built from the current form by make_exports.py (synthetic answers);
the first test checks they are still what the form produces.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from learnorg.readers import read_survey
from learnorg.scoring import score_respondents

KOBO = Path(__file__).parent / "fixtures" / "kobo"
EXPORTS = ["kobo_xml_values.csv", "kobo_labels_en.csv", "kobo_labels_fr.csv", "odk_central.csv"]


def _builder():
    spec = importlib.util.spec_from_file_location("make_exports", KOBO / "make_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



@pytest.fixture(scope="module")
def plain(instrument):
    survey = read_survey(KOBO / "plain_wide.csv", instrument)
    return survey, score_respondents(survey.answers, instrument)


def test_fixtures_match_the_current_form(tmp_path):
    built = _builder().build_all(tmp_path)
    for name, text in built.items():
        assert (KOBO / name).read_text(encoding="utf-8") == text, f"{name} is stale: run make_exports.py"


def test_plain_fixture_has_real_spread(plain, instrument):
    survey, scores = plain
    assert len(survey.answers) == 8
    assert survey.answers.isna().to_numpy().sum() > 0  # some skipped statements
    assert set(np.unique(survey.answers.to_numpy()[~np.isnan(survey.answers.to_numpy())])) == set(range(1, 8))


@pytest.mark.parametrize("name", EXPORTS)
def test_export_scores_equal_the_plain_csv(name, plain, instrument):
    survey = read_survey(KOBO / name, instrument)
    base_survey, base_scores = plain
    pd.testing.assert_frame_equal(survey.answers, base_survey.answers)
    pd.testing.assert_frame_equal(score_respondents(survey.answers, instrument), base_scores)


def test_metadata_columns_are_kept_as_text_and_not_flagged(instrument):
    kobo = read_survey(KOBO / "kobo_xml_values.csv", instrument)
    for column in ["start", "end", "_id", "_uuid", "_submission_time", "__version__", "_index", "_status"]:
        assert column in kobo.extra.columns
    assert kobo.id_column == "_uuid"
    assert list(kobo.extra["unit"])[:3] == ["dps", "ecd_nord", "ecd_sud"]  # unit choice names
    central = read_survey(KOBO / "odk_central.csv", instrument)
    for column in ["SubmissionDate", "meta-instanceID", "KEY", "SubmitterName", "ReviewState", "FormVersion"]:
        assert column in central.extra.columns
    assert central.id_column == "meta-instanceID"


def test_french_label_export_keeps_french_unit_labels(instrument):
    survey = read_survey(KOBO / "kobo_labels_fr.csv", instrument)
    assert survey.extra["Votre structure"].iloc[1] == "Équipe cadre du district sanitaire Nord"
    assert any("by item text" in note for note in survey.notes)


def test_cli_scores_a_french_export_without_a_mapping(tmp_path):
    out, report = tmp_path / "scores.csv", tmp_path / "rapport.html"
    result = subprocess.run(
        [sys.executable, "-m", "learnorg", "score", str(KOBO / "kobo_labels_fr.csv"), "--out-scores", str(out),
         "--by", "Votre structure", "--report", str(report), "--lang", "fr", "--min-group-size", "2"],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert result.returncode == 0, result.stderr
    plain = pd.read_csv(KOBO / "plain_wide.csv")
    scores = pd.read_csv(out)
    base = subprocess.run(
        [sys.executable, "-m", "learnorg", "score", str(KOBO / "plain_wide.csv"), "--out-scores",
         str(tmp_path / "plain_scores.csv")], capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert base.returncode == 0, base.stderr
    plain_scores = pd.read_csv(tmp_path / "plain_scores.csv")
    measures = [c for c in plain_scores.columns if c not in plain.columns]
    pd.testing.assert_frame_equal(scores[measures], plain_scores[measures])
    assert len(scores) == 8
    html = report.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "Résultats par Votre structure" in html
    for uuid in pd.read_csv(KOBO / "kobo_labels_fr.csv", sep=";")["_uuid"]:
        assert uuid not in html


def test_an_unknown_answer_label_is_still_an_error(tmp_path, instrument):
    text = (KOBO / "kobo_labels_fr.csv").read_text(encoding="utf-8").replace("Plutôt d'accord", "Bof", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    from learnorg.readers import SurveyInputError

    with pytest.raises(SurveyInputError, match="got 'Bof'"):
        read_survey(bad, instrument)
