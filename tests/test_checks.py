"""Workbook self-checks: correct answers pass, wrong ones get a hint, None is 'not answered'."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

WHY_LEARN = [
    "why-learn/largest-fall",
    "why-learn/more-than-half",
    "why-learn/measles-per-10",
    "why-learn/disrupted-round-2",
]


def test_every_workbook_check_is_registered():
    assert set(WHY_LEARN) <= set(checks.available())


@pytest.mark.parametrize("check_id", WHY_LEARN)
def test_none_is_not_answered(check_id):
    feedback = evaluate(check_id, None)
    assert feedback.status == NOT_ANSWERED
    assert feedback.message.startswith("Not answered yet")
    assert not feedback.correct


# Expected values worked out by hand from the data files:
# measles -67.3 is the largest fall; measles and ACT (-61.4) fell by more than half;
# 67.3 / 10 = 6.73 lost per 10; 135 * 94 / 100 = 126.9 countries.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("why-learn/largest-fall", "Measles vaccinations"),
        ("why-learn/largest-fall", "  measles VACCINATIONS "),
        ("why-learn/more-than-half", 2),
        ("why-learn/more-than-half", np.int64(2)),
        ("why-learn/more-than-half", 2.0),
        ("why-learn/measles-per-10", 6.73),
        ("why-learn/measles-per-10", 6.7),
        ("why-learn/measles-per-10", np.float64(6.73)),
        ("why-learn/disrupted-round-2", 126.9),
        ("why-learn/disrupted-round-2", 127),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message
    assert feedback.message.startswith("Correct")


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("why-learn/largest-fall", "First antenatal care visits", "another service fell further"),
        ("why-learn/largest-fall", "Malaria", "not one of the indicators"),
        ("why-learn/largest-fall", -67.3, "as text"),
        ("why-learn/more-than-half", 4, "not all by more than half"),
        ("why-learn/more-than-half", 1, "below -50"),
        ("why-learn/more-than-half", 2.5, "whole number"),
        ("why-learn/more-than-half", True, "whole number"),
        ("why-learn/measles-per-10", 67.3, "out of 100"),
        ("why-learn/measles-per-10", 3.27, "still given"),
        ("why-learn/measles-per-10", -6.73, "positive"),
        ("why-learn/measles-per-10", 5, "divide by 10"),
        ("why-learn/measles-per-10", "6.7", "give a number"),
        ("why-learn/disrupted-round-2", 94, "percentage"),
        ("why-learn/disrupted-round-2", 135, "every country"),
        ("why-learn/disrupted-round-2", 100, "multiply"),
        ("why-learn/disrupted-round-2", float("nan"), "give a number"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert feedback.message.startswith("Not quite. Hint:")
    assert hint_part in feedback.message


def test_unknown_check_id_lists_the_available_checks():
    with pytest.raises(KeyError) as info:
        evaluate("why-learn/nope", 1)
    message = str(info.value)
    assert "why-learn/nope" in message
    assert "why-learn/largest-fall" in message


def test_check_prints_the_message(capsys):
    checks.check("why-learn/more-than-half", None)
    assert capsys.readouterr().out.startswith("Not answered yet")
    checks.check("why-learn/more-than-half", 2)
    assert capsys.readouterr().out.startswith("Correct")


def test_expected_answers_follow_the_data(tmp_path, monkeypatch):
    # The checks compute the answer from the data: change the data and the answer changes.
    from learnorg import datasets

    source = datasets._folder()
    for suffix in ("csv", "yaml"):
        text = (source / f"liberia_ebola_service_falls.{suffix}").read_text(encoding="utf-8")
        if suffix == "csv":
            text = text.replace("First antenatal care visits,Maternal care,-35.2", "First antenatal care visits,Maternal care,-90.0")
        (tmp_path / f"liberia_ebola_service_falls.{suffix}").write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    assert evaluate("why-learn/largest-fall", "First antenatal care visits").correct
    assert evaluate("why-learn/more-than-half", 3).correct
