"""Workbook checks of "Transferring knowledge": right answers pass, typical mistakes get a useful hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

TRANSFER = [
    "transfer/half-level",
    "transfer/years-to-half",
    "transfer/fitted-ceiling",
    "transfer/ceiling-to-2019",
    "transfer/africa-share",
]


def test_every_check_is_registered():
    assert set(TRANSFER) <= set(checks.available())


@pytest.mark.parametrize("check_id", TRANSFER)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from jee_spread.csv: half of 196 is 98; the first global count at or above 98 is
# July 2019 (100), 41 months = 3.42 years after February 2016; 40 of 47 is 85.1%. The two fitted
# ceilings (about 116 with all five points, about 101 with the four up to 2019) come from the
# least-squares fit and are checked in tests/test_diffusion.py.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("transfer/half-level", 98),
        ("transfer/half-level", np.float64(98.0)),
        ("transfer/years-to-half", 41 / 12),
        ("transfer/years-to-half", 3.42),
        ("transfer/years-to-half", 3.4),
        ("transfer/fitted-ceiling", 116),
        ("transfer/fitted-ceiling", 116.05),
        ("transfer/ceiling-to-2019", 101),
        ("transfer/ceiling-to-2019", 100.9),
        ("transfer/africa-share", 85.1),
        ("transfer/africa-share", 100 * 40 / 47),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("transfer/half-level", 196, "every country"),
        ("transfer/half-level", 61, "half of one of the counts"),
        ("transfer/half-level", "98", "give a number"),
        ("transfer/half-level", 75, "divide it by 2"),
        ("transfer/years-to-half", 2019, "calendar year"),
        ("transfer/years-to-half", 41, "number of months"),
        ("transfer/years-to-half", 1.83, "first_at_or_above"),
        ("transfer/fitted-ceiling", 196, "leave ceiling=None"),
        ("transfer/fitted-ceiling", 101, "points up to 2019 only"),
        ("transfer/fitted-ceiling", 140, "read .ceiling"),
        ("transfer/ceiling-to-2019", 116, "includes the 2023 count"),
        ("transfer/ceiling-to-2019", 122, "date <= '2019-12'"),
        ("transfer/africa-share", 81, "printed in the source"),
        ("transfer/africa-share", 0.851, "proportion"),
        ("transfer/africa-share", 40, "multiply by 100"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message


def test_expected_answers_follow_the_data(tmp_path, monkeypatch):
    # Change the data and the expected answers change with it.
    from learnorg import datasets

    source = datasets._folder()
    for suffix in ("csv", "yaml"):
        text = (source / f"jee_spread.{suffix}").read_text(encoding="utf-8")
        if suffix == "csv":
            text = text.replace("who_african_region,2019-03,40,", "who_african_region,2019-03,38,")
            text = text.replace(",196,", ",200,")
        (tmp_path / f"jee_spread.{suffix}").write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    assert evaluate("transfer/half-level", 100).correct
    assert evaluate("transfer/africa-share", 100 * 38 / 47).correct
    # 100 is still the first count at or above half of 200 (the July 2019 row).
    assert evaluate("transfer/years-to-half", 41 / 12).correct
