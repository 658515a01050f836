"""Workbook checks for the chapter "Experimentation": right answers pass, common slips get a specific hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate
from learnorg.checks.experimentation import _rollout_error

IDS = [
    "experimentation/maternal-did",
    "experimentation/child-ratio",
    "experimentation/includes-zero",
    "experimentation/largest-stockout-fall",
    "experimentation/rollout-error",
]


def test_every_check_is_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from the data files:
# maternal DiD (501 - 748) - (525 - 785) = +13; child ratio of ratios (956/1048)/(857/1355) = 1.442;
# Tanzania Table 3: kindness (-0.4 to 9.0) and paid for delivery (-9.5 to 0.6) include zero -> 2 rows;
# the most negative stock-out effect is oxytocin, -36.2.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("experimentation/maternal-did", 13),
        ("experimentation/maternal-did", np.int64(13)),
        ("experimentation/maternal-did", 13.2),
        ("experimentation/child-ratio", 1.44),
        ("experimentation/child-ratio", np.float64(1.4423)),
        ("experimentation/includes-zero", 2),
        ("experimentation/includes-zero", np.int64(2)),
        ("experimentation/largest-stockout-fall", "Oxytocin injection stock-out, last 90 days"),
        ("experimentation/largest-stockout-fall", "  oxytocin injection STOCK-OUT, last 90 days "),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


def test_rollout_error_is_computed_from_the_seeded_function():
    expected = _rollout_error()
    assert expected > 5  # best-first comparison is far too high (synthetic)
    assert evaluate("experimentation/rollout-error", round(expected, 2)).status == CORRECT
    assert "estimate itself" in evaluate("experimentation/rollout-error", expected + 5).message
    assert "sign" in evaluate("experimentation/rollout-error", -expected).message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("experimentation/maternal-did", -13, "sign"),
        ("experimentation/maternal-did", -247, "pilot clinics' change alone"),
        ("experimentation/maternal-did", -260, "comparison clinics' change"),
        ("experimentation/maternal-did", 406, "(pilot after"),
        ("experimentation/maternal-did", "13", "give a number"),
        ("experimentation/child-ratio", 0.69, "other way round"),
        ("experimentation/child-ratio", 0.91, "one group's ratio"),
        ("experimentation/child-ratio", 2.0, "divide the pilot's ratio"),
        ("experimentation/includes-zero", 11, "EXCLUDE"),
        ("experimentation/includes-zero", 1.5, "whole number"),
        ("experimentation/includes-zero", True, "whole number"),
        ("experimentation/includes-zero", 5, "lower end"),
        ("experimentation/largest-stockout-fall", "Drugs-at-delivery stock-out index (0-1 index)", "fell further"),
        ("experimentation/largest-stockout-fall", "Health worker knowledge", "not a stock-out"),
        ("experimentation/largest-stockout-fall", "Oxytocin", "not one of the outcomes"),
        ("experimentation/largest-stockout-fall", -36.2, "as text"),
        ("experimentation/rollout-error", "12", "give a number"),
        ("experimentation/rollout-error", 0.0, "subtract the true effect"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message
