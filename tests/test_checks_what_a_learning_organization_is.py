"""Workbook checks for 'What a learning organization is': right answers pass, wrong ones get a hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.case_stats import block_capacity_counts, thinnest_blocks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = [
    "what-lo/weakest-sub-block",
    "what-lo/agenda-lowest-count",
    "what-lo/widest-spread",
    "what-lo/thinnest-block",
    "what-lo/empty-cells",
]


def test_every_check_is_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from Akhnif et al. (2018), Table 1: the learning agenda has the lowest six-country mean
# (4.32); it is the lowest sub-block in Burkina Faso, Cameroon, DRC and Togo (4 countries); synthesis and
# action has the widest spread (5.0 - 4.0 = 1.0).
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("what-lo/weakest-sub-block", "3.1 Learning agenda"),
        ("what-lo/weakest-sub-block", "learning agenda"),
        ("what-lo/weakest-sub-block", "3.1"),
        ("what-lo/agenda-lowest-count", 4),
        ("what-lo/agenda-lowest-count", np.int64(4)),
        ("what-lo/widest-spread", "3.5 Synthesis and action"),
        ("what-lo/widest-spread", " Synthesis  AND action "),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("what-lo/weakest-sub-block", "3.5 Synthesis and action", "another sub-block"),
        ("what-lo/weakest-sub-block", "incentives", "not one of the sub-blocks"),
        ("what-lo/weakest-sub-block", 4.32, "as text"),
        ("what-lo/agenda-lowest-count", 6, "not in every country"),
        ("what-lo/agenda-lowest-count", 2, "count the columns"),
        ("what-lo/agenda-lowest-count", 3.5, "whole number"),
        ("what-lo/widest-spread", "3.1 Learning agenda", "another sub-block"),
        ("what-lo/thinnest-block", "Leadership", "not a building block"),
        ("what-lo/thinnest-block", 3, "as text"),
        ("what-lo/empty-cells", 15, "every cell"),
        ("what-lo/empty-cells", "one", "whole number"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message


def test_case_library_checks_follow_the_library():
    """These answers change as cases are added, so the test computes them the same way a learner would."""
    for block in thinnest_blocks():
        assert evaluate("what-lo/thinnest-block", block.upper()).status == CORRECT
    counts = block_capacity_counts()
    empty = int((counts == 0).sum().sum())
    assert evaluate("what-lo/empty-cells", empty).status == CORRECT
    assert evaluate("what-lo/empty-cells", empty + 1).status == INCORRECT
