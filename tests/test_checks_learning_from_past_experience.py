"""Workbook checks for "Learning from past experience": right answers pass, common slips get a hint."""

from __future__ import annotations

import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = [
    "past-experience/onset-to-declared-2022",
    "past-experience/longest-response",
    "past-experience/guinea-ratio",
    "past-experience/working-group-share",
]


def test_checks_are_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from the data files: 8 Aug -> 20 Sep 2022 = 43 days; Gulu 15 Oct 2000 -> 28 Feb 2001 =
# 136 days, the longest; Guinea 801 / 125 = 6.408; working group 34 / 42 = 80.95%.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("past-experience/onset-to-declared-2022", 43),
        ("past-experience/onset-to-declared-2022", 43.0),
        ("past-experience/longest-response", "2000–01 Gulu"),
        ("past-experience/longest-response", " 2000–01 gulu "),
        ("past-experience/guinea-ratio", 6.4),
        ("past-experience/guinea-ratio", 801 / 125),
        ("past-experience/working-group-share", 81.0),
        ("past-experience/working-group-share", 80.95),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("past-experience/onset-to-declared-2022", 3, "first report"),
        ("past-experience/onset-to-declared-2022", 113, "declaration to the end"),
        ("past-experience/onset-to-declared-2022", -43, "positive"),
        ("past-experience/onset-to-declared-2022", "43", "number of days"),
        ("past-experience/longest-response", "2007–08 Bundibugyo", "longest to be declared"),
        ("past-experience/longest-response", "2022–23 Mubende", "one lasted longer"),
        ("past-experience/longest-response", "Gulu", "not one of the outbreaks"),
        ("past-experience/longest-response", 136, "as text"),
        ("past-experience/guinea-ratio", 125 / 801, "short outbreak"),
        ("past-experience/guinea-ratio", 676, "difference"),
        ("past-experience/guinea-ratio", 2, "divide"),
        ("past-experience/working-group-share", 34, "number of reports"),
        ("past-experience/working-group-share", 0.81, "proportion"),
        ("past-experience/working-group-share", 54.0, "only 42 reports"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message


def test_expected_answers_follow_the_data(tmp_path, monkeypatch):
    from learnorg import datasets

    source = datasets._folder()
    for name in ("guinea_ebola_outbreaks",):
        for suffix in ("csv", "yaml"):
            text = (source / f"{name}.{suffix}").read_text(encoding="utf-8")
            if suffix == "csv":
                text = text.replace("2021-06-19", "2021-04-19")  # 125 -> 64 days
            (tmp_path / f"{name}.{suffix}").write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    assert evaluate("past-experience/guinea-ratio", 801 / 64).correct
