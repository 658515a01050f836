"""Workbook checks for 'Challenges and a research agenda': right answers pass, wrong ones get a hint.

The case-library answers are computed here from the shipped cases in the way a learner would, so the tests
follow the library as it grows; the scoping-review answer is worked by hand (15 of 27 articles = 55.6%).
"""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.cases import load_cases
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate
from learnorg.evidence_map import evidence_map

IDS = [
    "challenges/trial-count",
    "challenges/comparative-share",
    "challenges/strongest-block",
    "challenges/pairs-without-comparative",
    "challenges/classify-tanzania",
    "challenges/hospital-share",
]


def learner_answers() -> dict[str, object]:
    """What a learner computes with plain pandas from the case library."""
    cases = load_cases()
    trials = int((cases["evidence"] == "trial").sum())
    comparative = cases["evidence"].isin(["trial", "quasi_experimental"])
    share = round(100 * comparative.sum() / len(cases), 1)
    blocks = cases[comparative].explode("building_blocks")["building_blocks"].value_counts()
    labels = {"systematic_problem_solving": "Systematic problem-solving", "experimentation": "Experimentation",
              "learning_from_past_experience": "Learning from past experience",
              "learning_from_others": "Learning from others", "knowledge_transfer": "Knowledge transfer"}
    strongest = labels[blocks.idxmax()]
    pairs = int((evidence_map(cases)["comparative"] == 0).sum())
    return {"trials": trials, "share": share, "strongest": strongest, "pairs": pairs}


def test_every_check_is_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


def test_library_answers_computed_by_a_learner_are_accepted():
    answers = learner_answers()
    assert evaluate("challenges/trial-count", answers["trials"]).status == CORRECT
    assert evaluate("challenges/trial-count", np.int64(answers["trials"])).status == CORRECT
    assert evaluate("challenges/comparative-share", answers["share"]).status == CORRECT
    assert evaluate("challenges/comparative-share", answers["share"] + 0.04).status == CORRECT
    assert evaluate("challenges/strongest-block", answers["strongest"]).status == CORRECT
    assert evaluate("challenges/strongest-block", "  " + answers["strongest"].upper()).status == CORRECT
    assert evaluate("challenges/pairs-without-comparative", answers["pairs"]).status == CORRECT


@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("challenges/classify-tanzania", "quasi_experimental"),
        ("challenges/classify-tanzania", "Quasi-experimental"),
        ("challenges/classify-tanzania", "Comparison without randomisation"),
        ("challenges/hospital-share", 55.6),
        ("challenges/hospital-share", 55.56),
    ],
)
def test_fixed_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


def test_wrong_answers_get_targeted_hints():
    answers = learner_answers()
    cases = load_cases()
    comparative = int(cases["evidence"].isin(["trial", "quasi_experimental"]).sum())
    if comparative != answers["trials"]:
        message = evaluate("challenges/trial-count", comparative).message
        assert "count only the value 'trial'" in message
    assert "whole number" in evaluate("challenges/trial-count", 2.5).message
    assert "proportion" in evaluate("challenges/comparative-share", answers["share"] / 100).message
    assert evaluate("challenges/comparative-share", answers["share"] + 5).status == INCORRECT
    assert "not a building block" in evaluate("challenges/strongest-block", "Leadership").message
    assert "as text" in evaluate("challenges/strongest-block", 3).message
    assert "assigned by chance" in evaluate("challenges/classify-tanzania", "trial").message
    assert "not one of the values" in evaluate("challenges/classify-tanzania", "anecdote").message
    assert "27 articles" in evaluate("challenges/hospital-share", 100 * 15 / 263).message
    assert "proportion" in evaluate("challenges/hospital-share", 0.556).message
    assert evaluate("challenges/pairs-without-comparative", answers["pairs"] + 1).status == INCORRECT


def test_the_scoping_review_share_is_15_of_27():
    message = evaluate("challenges/hospital-share", 55.6).message
    assert "15 of 27 articles: 55.6%" in message
