"""Workbook checks of "Learning and resilience": right answers pass, common slips get the right hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = ["resilience/rwanda-depth", "resilience/rwanda-back", "resilience/infant-back", "resilience/ebola-deepest",
       "resilience/model-saving"]


def test_every_check_is_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from data/datasets/gapminder_shock_series.csv and the model's rules:
# Rwanda life expectancy 50.5 (1990) -> 13.2 (1994): 37.3 years; first >= 50.5 in 2001 (51.0).
# Infant mortality 93.2 (1990) -> 132.3 (1994); first <= 93.2 in 2003 (86.0; 2002 was 94.1).
# 2013 -> 2014 falls: Liberia 1.1, Sierra Leone 1.9, Guinea 0.2.
# Model (4, 10, 50%): first shock 30+40+50+60+70+60+50+40+30+20+10 = 460 -> 4.6 months;
# second (delay 2, speed 15) 30+40+50+35+20+5 = 180 -> 1.8 months; saving 2.8.
@pytest.mark.parametrize(("check_id", "answer"), [
    ("resilience/rwanda-depth", 37.3),
    ("resilience/rwanda-depth", np.float64(37.3)),
    ("resilience/rwanda-back", 2001),
    ("resilience/rwanda-back", np.int64(2001)),
    ("resilience/infant-back", 2003),
    ("resilience/ebola-deepest", "Sierra Leone"),
    ("resilience/ebola-deepest", " sierra leone "),
    ("resilience/model-saving", 2.8),
])
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(("check_id", "answer", "words"), [
    ("resilience/rwanda-depth", 13.2, "worst value itself"),
    ("resilience/rwanda-depth", 73.9, "percentage"),
    ("resilience/rwanda-depth", -37.3, "positive"),
    ("resilience/rwanda-depth", "37.3", "give a number"),
    ("resilience/rwanda-depth", 30, "subtract"),
    ("resilience/rwanda-back", 7, "number of years"),
    ("resilience/rwanda-back", 1994, "worst year"),
    ("resilience/rwanda-back", 2000, "still below"),
    ("resilience/rwanda-back", 2005, "Look earlier"),
    ("resilience/rwanda-back", 2001.5, "give a year"),
    ("resilience/infant-back", 2001, "life expectancy recovered"),
    ("resilience/infant-back", 2002, "still above"),
    ("resilience/ebola-deepest", "Liberia", "Another country fell further"),
    ("resilience/ebola-deepest", "Rwanda", "not one of the three"),
    ("resilience/ebola-deepest", 1.9, "as text"),
    ("resilience/model-saving", 4.6, "first shock costs"),
    ("resilience/model-saving", 1.8, "second shock costs"),
    ("resilience/model-saving", -2.8, "positive"),
    ("resilience/model-saving", 10, "simulate"),
])
def test_wrong_answers_get_a_hint(check_id, answer, words):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert words in feedback.message


def test_expected_answers_follow_the_data(tmp_path, monkeypatch):
    from learnorg import datasets

    source = datasets._folder()
    (tmp_path / "gapminder_shock_series.yaml").write_text(
        (source / "gapminder_shock_series.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (source / "gapminder_shock_series.csv").read_text(encoding="utf-8")
    text = text.replace("Rwanda,2001,51,", "Rwanda,2001,50,").replace("Guinea,2014,58.6,", "Guinea,2014,50,")
    (tmp_path / "gapminder_shock_series.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    assert evaluate("resilience/rwanda-back", 2002).correct
    assert evaluate("resilience/ebola-deepest", "Guinea").correct
