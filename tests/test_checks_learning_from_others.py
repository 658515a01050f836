"""Workbook checks for "Learning from others": right answers pass, common mistakes get the right hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = [
    "learn-others/arr-bangladesh",
    "learn-others/fastest-2000",
    "learn-others/rwanda-from-1990",
    "learn-others/nigeria-halving",
    "learn-others/districts-above",
    "learn-others/literacy-ratio",
]


def test_every_check_is_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from the data files:
# Bangladesh 87 -> 30 (2000-2018): 100 * ln(2.9) / 18 = 5.915.
# Rwanda is fastest 2000-2018 (183 -> 35: 9.19); from 1990 (154 -> 35): 100 * ln(4.4) / 28 = 5.29.
# Nigeria 185 -> 120: ARR 2.404; halving time ln 2 / 0.02404 = 28.8 years (published 2.4 -> 28.9).
# Synthetic districts: 2 above the 99.8% limit (6 above the 95% limit). Dular: 25.0 / 3.5 = 7.14.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("learn-others/arr-bangladesh", 5.915),
        ("learn-others/arr-bangladesh", 5.9),
        ("learn-others/arr-bangladesh", np.float64(5.92)),
        ("learn-others/fastest-2000", "Rwanda"),
        ("learn-others/fastest-2000", " rwanda "),
        ("learn-others/rwanda-from-1990", 5.29),
        ("learn-others/rwanda-from-1990", 5.3),
        ("learn-others/nigeria-halving", 28.8),
        ("learn-others/nigeria-halving", 29),
        ("learn-others/districts-above", 2),
        ("learn-others/districts-above", np.int64(2)),
        ("learn-others/literacy-ratio", 7.14),
        ("learn-others/literacy-ratio", 7.1),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("learn-others/arr-bangladesh", 0.059, "fraction"),
        ("learn-others/arr-bangladesh", 65.5, "total fall"),
        ("learn-others/arr-bangladesh", 5.60, "from 1990"),
        ("learn-others/arr-bangladesh", 3.64, "natural logarithm"),
        ("learn-others/arr-bangladesh", "5.9", "number"),
        ("learn-others/fastest-2000", "Malawi", "another country was faster"),
        ("learn-others/fastest-2000", "Atlantis", "not in the table"),
        ("learn-others/fastest-2000", 9.1, "as text"),
        ("learn-others/rwanda-from-1990", 9.19, "rate from 2000"),
        ("learn-others/nigeria-halving", 20.8, "ln(2)"),
        ("learn-others/districts-above", 6, "95% limit"),
        ("learn-others/districts-above", 2.5, "whole number"),
        ("learn-others/literacy-ratio", 21.5, "percentage points"),
        ("learn-others/literacy-ratio", 0.14, "wrong way round"),
    ],
)
def test_common_mistakes_get_a_useful_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message


def test_quiz_numeric_answer_is_computed_from_the_formula():
    from learnorg import benchmarking
    from learnorg.quiz import load_bank

    bank = {q["id"]: q for q in load_bank("learning_from_others")["questions"]}
    assert 6 <= len(bank) <= 8
    assert {q["type"] for q in bank.values()} == {"single", "multiple", "numeric"}
    assert round(benchmarking.annual_rate_of_reduction(80, 40, 0, 10), 1) == bank["arr-compute"]["answer"]
