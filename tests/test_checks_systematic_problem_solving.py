"""Workbook checks for "Systematic problem-solving": right answers pass, common slips get a targeted hint."""

from __future__ import annotations

import numpy as np
import pytest

from learnorg import checks, datasets
from learnorg.checks import CORRECT, INCORRECT, NOT_ANSWERED, evaluate

IDS = [
    "solve/median",
    "solve/runs",
    "solve/longest-run",
    "solve/below-target",
    "solve/week6-pct",
    "solve/pareto-top3",
    "solve/kenya-fell",
]


def test_checks_are_registered():
    assert set(IDS) <= set(checks.available())


@pytest.mark.parametrize("check_id", IDS)
def test_none_is_not_answered(check_id):
    assert evaluate(check_id, None).status == NOT_ANSWERED


# Worked by hand from the data files:
# Uganda, 16 weeks sorted: the 8th and 9th values are 81.1 and 81.3, so the median is 81.2;
# runs below/above: 5, 4, 1, 2, 1, 2, 1 points -> 7 runs, longest 5; weeks below 80: 75.0, 77.6, 77.0, 74.7 -> 4;
# 2017 week 6: 16 of 116 districts = 13.79%; Pareto: (672 + 661 + 343) / 2443 = 68.60%;
# Kenya: only the two IPTp doses fell between 2011 and 2015.
@pytest.mark.parametrize(
    ("check_id", "answer"),
    [
        ("solve/median", 81.2),
        ("solve/median", np.float64(81.2)),
        ("solve/runs", 7),
        ("solve/runs", np.int64(7)),
        ("solve/longest-run", 5),
        ("solve/below-target", 4),
        ("solve/week6-pct", 13.8),
        ("solve/week6-pct", 16 / 116 * 100),
        ("solve/pareto-top3", 68.6),
        ("solve/kenya-fell", 2),
    ],
)
def test_correct_answers(check_id, answer):
    feedback = evaluate(check_id, answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    ("check_id", "answer", "hint_part"),
    [
        ("solve/median", 80.85625, "mean"),
        ("solve/median", 75, "middle two"),
        ("solve/median", "81.2", "give a number"),
        ("solve/runs", 6, "crosses the median"),
        ("solve/runs", 7.5, "whole number"),
        ("solve/runs", 3, "count the groups"),
        ("solve/longest-run", 4, "trend"),
        ("solve/below-target", 12, "at or above"),
        ("solve/below-target", True, "whole number"),
        ("solve/week6-pct", 12.1, "printed"),
        ("solve/week6-pct", 0.138, "proportion"),
        ("solve/pareto-top3", 79.3, "rank 3"),
        ("solve/pareto-top3", 0.686, "proportion"),
        ("solve/kenya-fell", 3, "improved"),
        ("solve/kenya-fell", 5, "not collected"),
    ],
)
def test_wrong_answers_get_a_hint(check_id, answer, hint_part):
    feedback = evaluate(check_id, answer)
    assert feedback.status == INCORRECT
    assert hint_part in feedback.message


def test_expected_answers_follow_the_data(tmp_path, monkeypatch):
    source = datasets._folder()
    for name in ("uganda_weekly_reporting_rate", "kenya_malaria_reporting_completeness"):
        for suffix in ("csv", "yaml"):
            text = (source / f"{name}.{suffix}").read_text(encoding="utf-8")
            if name.startswith("uganda") and suffix == "csv":
                text = text.replace("2017,11,2017-W11,13-19 Mar 2017,81.1", "2017,11,2017-W11,13-19 Mar 2017,70.0")
            if name.startswith("kenya") and suffix == "csv":
                text = text.replace("New antenatal care clients,53.7,70.5", "New antenatal care clients,53.7,40.0")
            (tmp_path / f"{name}.{suffix}").write_text(text, encoding="utf-8")
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    assert evaluate("solve/below-target", 5).correct
    assert evaluate("solve/kenya-fell", 3).correct
    assert evaluate("solve/median", 81.15).correct  # 81.0 and 81.3 are now the middle two


def test_uganda_data_match_the_bulletins():
    frame = datasets.load("uganda_weekly_reporting_rate")
    assert len(frame) == 16
    assert frame["reporting_rate_pct"].between(0, 100).all()
    assert list(frame["period"]) == sorted(frame["period"]), "rows must be in time order"
    assert set(frame["districts"]) == {112, 116}
    by_period = frame.set_index("period")
    # Week 39 of 2016: 84.8%, 24/116 districts all reporting, 75/116 at target (bulletin summary).
    assert by_period.loc["2016-W39", "reporting_rate_pct"] == 84.8
    assert by_period.loc["2016-W39", "districts_at_target"] == 75
    # The two printed inconsistencies are kept on purpose.
    assert by_period.loc["2016-W25", "districts_at_target_pct_stated"] == 59.8
    assert by_period.loc["2017-W06", "districts_all_reporting_pct_stated"] == 12.1


def test_other_chapter_datasets_are_consistent():
    causes = datasets.load("maternal_death_causes_global")
    assert causes["deaths_thousands"].sum() == 2443  # Say et al. 2014: 2,443,000 deaths
    assert causes["percent"].sum() == pytest.approx(100.0)
    assert (causes["ui_low"] <= causes["percent"]).all() and (causes["percent"] <= causes["ui_high"]).all()
    kenya = datasets.load("kenya_malaria_reporting_completeness")
    assert kenya["completeness_2015"].between(0, 100).all()
    assert kenya["completeness_2011"].isna().sum() == 3  # malaria tests were not in DHIS2 before 2015
    before_after = datasets.load("uganda_dhis2_before_after")
    assert (before_after["after_2012_13"] > before_after["before_2011_12"]).all()
