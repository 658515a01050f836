"""Exports laid out exactly as seven survey platforms write them (tests/fixtures/platforms, sources in its README)
are read to the exact scores of the independent reference scorer, or refused with a message saying what to do."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from learnorg.instrument import load_instrument
from learnorg.readers import SurveyInputError, read_survey
from learnorg.scoring import score_respondents
from reference_scorer import ReferenceInstrument, read_truth, score_one

HERE = Path(__file__).parent / "fixtures" / "platforms"
SHIPPED = load_instrument()
REFERENCE = ReferenceInstrument()
TRUTH = read_truth(HERE / "truth.csv")

# file, options, id column, the respondents (1-based) the platform marks incomplete or rejected, and a phrase
# of the note that says so
PLATFORMS = {
    "KoboToolbox": ("kobotoolbox.xlsx", {"form": HERE / "kobotoolbox_form.xlsx"}, "_uuid", [5], "Not approved"),
    "ODK Central": ("odk_central.csv", {}, "meta-instanceID", [6], "review state 'rejected'"),
    "SurveyCTO": ("surveycto.csv", {}, "instanceID", [2], "review status 'rejected'"),
    "Google Forms": ("google_forms.csv", {}, None, [], None),
    "Microsoft Forms": ("microsoft_forms.xlsx", {}, "ID", [], None),
    "LimeSurvey": ("limesurvey.csv", {"value_map": HERE / "limesurvey_codes.csv"}, "Response ID", [4],
                   "no submission date"),
    "REDCap": ("redcap.csv", {}, "Record ID", [3], "form status 'Incomplete'"),
}


def truth_answers(which: list[int]) -> pd.DataFrame:
    rows = [TRUTH[i] for i in which]
    return pd.DataFrame([[float(r[i]) if r[i] else math.nan for i in SHIPPED.item_ids] for r in rows],
                        columns=SHIPPED.item_ids)


def reference_scores(which: list[int]) -> pd.DataFrame:
    scores = [score_one({i: TRUTH[n][i] or None for i in SHIPPED.item_ids}, REFERENCE) for n in which]
    return pd.DataFrame(scores, columns=REFERENCE.measures).astype(float)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_is_read_to_the_reference_scores(platform):
    file, options, id_column, flagged, phrase = PLATFORMS[platform]
    survey = read_survey(HERE / file, SHIPPED, **options)
    everyone = list(range(len(TRUTH)))
    pd.testing.assert_frame_equal(survey.answers, truth_answers(everyone), check_exact=True)
    scores = score_respondents(survey.answers, SHIPPED)
    pd.testing.assert_frame_equal(scores, reference_scores(everyone), check_exact=False, atol=1e-9, rtol=0)
    assert survey.id_column == id_column
    assert list(survey.extra["Your unit" if "Your unit" in survey.extra else
                              next(c for c in survey.extra if c.endswith("unit"))]) == [r["unit"] for r in TRUTH]
    assert [i + 1 for i in np.flatnonzero(survey.flagged)] == flagged
    if phrase:
        assert any(phrase in note and "--exclude-incomplete" in note for note in survey.notes), survey.notes


@pytest.mark.parametrize("platform", [p for p, spec in PLATFORMS.items() if spec[3]])
def test_flagged_submissions_can_be_left_out(platform):
    file, options, _id, flagged, _phrase = PLATFORMS[platform]
    survey = read_survey(HERE / file, SHIPPED, exclude_incomplete=True, **options)
    kept = [i for i in range(len(TRUTH)) if i + 1 not in flagged]
    pd.testing.assert_frame_equal(survey.answers, truth_answers(kept), check_exact=True)
    assert survey.counts["excluded_flagged"] == len(flagged) and not survey.flagged.any()
    assert any("left out (--exclude-incomplete)" in note for note in survey.notes)


def test_kobotoolbox_hxl_row_is_skipped_with_a_note():
    survey = read_survey(HERE / "kobotoolbox.xlsx", SHIPPED, form=HERE / "kobotoolbox_form.xlsx")
    assert survey.counts["header_like"] == 1
    assert any("HXL hashtags" in note and "(2)" in note for note in survey.notes)
    assert survey.row_numbers == [3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("invalid", ["error", "missing"])
def test_kobotoolbox_choice_names_without_the_form_are_refused_never_half_read(invalid):
    # 'disagree' and 'agree' equal scale labels; the other names do not: reading only those would bias every score.
    with pytest.raises(SurveyInputError) as err:
        read_survey(HERE / "kobotoolbox.xlsx", SHIPPED, invalid=invalid)
    messages = [p.message for p in err.value.problems]
    coded = {i for i in SHIPPED.item_ids if any(r[i] and r[i] not in ("2", "6") for r in TRUTH)}
    assert len(messages) == len(coded) and {p.column for p in err.value.problems} == {
        f"grp_{SHIPPED.items.set_index('item_id').loc[i, 'dimension']}/{i}" for i in coded}  # one per column
    assert all("look like answer codes" in m and "--form" in m and "--value-map" in m for m in messages)
    assert not err.value.suggest_invalid_missing
    if invalid == "missing":
        assert all("would bias the scores" in m for m in messages)


def test_limesurvey_codes_without_a_value_map_are_refused_with_what_to_do():
    with pytest.raises(SurveyInputError) as err:
        read_survey(HERE / "limesurvey.csv", SHIPPED)
    first = err.value.problems[0]
    assert "'AO0" in first.message and "--value-map" in first.message and "code,value" in first.message


def test_limesurvey_grid_headings_are_matched_by_their_bracketed_part():
    survey = read_survey(HERE / "limesurvey.csv", SHIPPED, value_map=HERE / "limesurvey_codes.csv")
    assert any("46 columns matched to items by the bracketed part of a grid heading" in n for n in survey.notes)


def test_redcap_event_rows_and_repeated_status_columns():
    survey = read_survey(HERE / "redcap.csv", SHIPPED)
    assert survey.counts["no_answer"] == 6  # one follow-up event row per record, with no answers
    assert any("answer none of the items and are not counted as respondents" in n for n in survey.notes)
    assert {"Complete?", "Complete? (2)", "Survey Timestamp", "Survey Timestamp (2)"} <= set(survey.extra.columns)
    assert any("repeated headers of non-item columns" in n for n in survey.notes)
    assert any("identified by 'Record ID' with 'Event Name'" in n for n in survey.notes)


def test_google_forms_has_no_id_column_and_rows_are_numbered():
    survey = read_survey(HERE / "google_forms.csv", SHIPPED)
    assert survey.id_column is None and survey.row_numbers == [2, 3, 4, 5, 6, 7]
