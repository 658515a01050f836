"""Workbook checks for 'Environment, leadership and incentives': right answers pass, wrong ones get a hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = [
    "env-lead/weakest-environment-sub-block",
    "env-lead/technical-lowest-count",
    "env-lead/leadership-spread-in-sd",
    "env-lead/leadership-rescaled",
    "env-lead/unit-leadership-gap",
    "env-lead/leadership-below-environment",
]


def test_every_check_is_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from Akhnif et al. (2018), Table 1:
# - environment six-country means: 2.1 4.95, 2.2 5.23, 2.3 5.08, 2.4 4.97, 2.5 4.70 -> 2.5 is the lowest;
# - 2.5 is lowest (ties count) in Benin 4.6, Burkina Faso 5.0 (tied with 2.1), Cameroon 4.2, DRC 4.8, Togo 4.6,
#   not in Morocco (2.4 at 4.7 is lower than 5.0) -> 5;
# - leadership spread 5.1 - 4.7 = 0.4; typical SD sqrt((1.96 + 1 + 1.96 + 1.44 + 1.44 + 1.21) / 6) = 1.2254;
#   0.4 / 1.2254 = 0.326;
# - leadership six-country mean 29.5 / 6 = 4.9167 -> (4.9167 - 1) / 6 * 100 = 65.28;
# - leadership minus mean of the 5 environment sub-blocks: Benin -0.12, Burkina -0.18, Cameroon -0.04,
#   DRC -0.16, Morocco +0.14, Togo -0.06 -> 5 countries below.
# The synthetic Maternal & Child Health unit's leadership mean in wave 2 is 49.55, so its gap to the LOS
# median of 76 is -26.45 (the synthetic file is byte-checked against its seed by tests/test_synthetic.py).
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("env-lead/weakest-environment-sub-block", "2.5 Technical culture for UHC"),
        ("env-lead/weakest-environment-sub-block", "2.5"),
        ("env-lead/weakest-environment-sub-block", " technical culture FOR uhc "),
        ("env-lead/technical-lowest-count", 5),
        ("env-lead/technical-lowest-count", np.int64(5)),
        ("env-lead/leadership-spread-in-sd", 0.326),
        ("env-lead/leadership-spread-in-sd", 0.33),
        ("env-lead/leadership-rescaled", 65.28),
        ("env-lead/leadership-rescaled", 65.3),
        ("env-lead/unit-leadership-gap", -26.45),
        ("env-lead/unit-leadership-gap", np.float64(-26.5)),
        ("env-lead/leadership-below-environment", 5),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("env-lead/weakest-environment-sub-block", "2.1 Autonomy of individuals and teams", "another environment"),
        ("env-lead/weakest-environment-sub-block", "3.1 Learning agenda", "not one of the environment"),
        ("env-lead/weakest-environment-sub-block", 4.7, "as text"),
        ("env-lead/technical-lowest-count", 4, "count the ties"),
        ("env-lead/technical-lowest-count", 6, "find the lowest score"),
        ("env-lead/technical-lowest-count", 4.5, "whole number"),
        ("env-lead/leadership-spread-in-sd", 0.4, "spread in points"),
        ("env-lead/leadership-spread-in-sd", 1.0, "divide the first"),
        ("env-lead/leadership-spread-in-sd", "0.33", "give a number"),
        ("env-lead/leadership-rescaled", 4.92, "1-7 scale"),
        ("env-lead/leadership-rescaled", 76, "rescale"),
        ("env-lead/unit-leadership-gap", 26.45, "wrong sign"),
        ("env-lead/unit-leadership-gap", -15.8, "LOS benchmark median"),
        ("env-lead/leadership-below-environment", 6, "count the countries"),
        ("env-lead/leadership-below-environment", True, "whole number"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message
