"""Workbook checks for "Your ministry's learning agenda": right answers pass, common slips get a targeted hint."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from learnorg import agenda, checks, planner, scoring, synthetic
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = [
    "agenda/experience-countries",
    "agenda/benin-bottom",
    "agenda/weakest-pp",
    "agenda/within-reach-mch",
    "agenda/first-practice",
    "agenda/half-width-20",
]


def test_checks_are_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from Akhnif et al. Table 1 (data/datasets/akhnif2018_table1.csv):
# three lowest per country, ties kept -- Benin 4.5, 4.6, then four at 4.9 (6 sub-blocks); 3.3 Experience is kept in
# Benin (4.9), Burkina Faso (4.9), Cameroon (4.3), DRC (4.8) and Morocco (4.6), not in Togo (4.8 > 4.7) -> 5.
# SYNTHETIC survey, wave 2: Planning & Policy's lowest mean is experimentation; its first practice in
# data/planner/practices.yaml is ex-small-test.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("agenda/experience-countries", 5),
        ("agenda/experience-countries", np.int64(5)),
        ("agenda/benin-bottom", 6),
        ("agenda/weakest-pp", "experimentation"),
        ("agenda/weakest-pp", "Experimentation"),
        ("agenda/first-practice", "ex-small-test"),
    ],
)
def test_right_answers_pass(check_id, answer):
    assert evaluate(check_id, answer).status == CORRECT


def _mch_summary(instrument):
    survey = pd.read_csv(synthetic.example_path(), dtype={"wave": str})
    scores = scoring.score_respondents(survey[instrument.item_ids].astype(float), instrument)
    keep = (survey["unit"] == "Maternal & Child Health") & (survey["wave"] == "2")
    return planner.summarise_scores(scores[keep], instrument)


def test_computed_answers_pass(instrument):
    summary = _mch_summary(instrument)
    ranked = planner.rank_dimensions(summary, instrument)
    assert evaluate("agenda/within-reach-mch", int(ranked["candidate"].sum())).status == CORRECT
    assert int(ranked["candidate"].sum()) == 5  # the chapter names psychological safety and leadership as within reach
    width = agenda.interval_half_width(summary["sd"].median(), 20)
    assert evaluate("agenda/half-width-20", round(width, 2)).status == CORRECT
    assert 5 < width < 6  # the chapter says "between 5 and 6 points" for 20 respondents


@pytest.mark.parametrize(
    ("check_id", "answer", "hint"),
    [
        ("agenda/experience-countries", 6, "Togo"),
        ("agenda/experience-countries", 2.5, "whole number"),
        ("agenda/benin-bottom", 3, "strict count"),
        ("agenda/weakest-pp", "leadership", "ranked"),
        ("agenda/weakest-pp", "budgets", "not a dimension"),
        ("agenda/weakest-pp", 3, "as text"),
        ("agenda/within-reach-mch", 2, "beyond the suggested three"),
        ("agenda/first-practice", "Run the next change as a small test", "title"),
        ("agenda/first-practice", "inc-appraisal", "Incentives for learning"),
        ("agenda/half-width-20", "six", "a number"),
    ],
)
def test_common_slips_get_a_targeted_hint(check_id, answer, hint):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT and hint in feedback.message


def test_full_width_and_normal_approximation_are_caught(instrument):
    sd = _mch_summary(instrument)["sd"].median()
    half = agenda.interval_half_width(sd, 20)
    assert "full width" in evaluate("agenda/half-width-20", 2 * half).message
    assert "1.96" in evaluate("agenda/half-width-20", 1.96 * sd / 20 ** 0.5).message
