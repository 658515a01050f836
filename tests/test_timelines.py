"""Outbreak intervals, case fatality and the aligned timeline chart (hand-worked examples)."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg import datasets  # noqa: E402
from learnorg.timelines import (  # noqa: E402
    case_fatality,
    day_label,
    format_date,
    milestone_table,
    days_between,
    outbreak_intervals,
    timeline_chart,
)

FRAME = pd.DataFrame(
    {
        "outbreak": ["A", "B"],
        "earliest_onset": ["2022-08-08", "2007-08-01"],
        "onset_precision": ["day", "month"],
        "first_reported": ["2022-09-17", None],
        "declared": ["2022-09-20", "2007-11-29"],
        "declared_over": ["2023-01-11", "2008-02-20"],
        "cases": [164, 149],
        "deaths": [77, 37],
    }
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_days_between_counts_calendar_days_across_years_and_leap_days():
    assert days_between("2022-09-20", "2023-01-11") == 113  # 10 + 31 + 30 + 31 + 11
    assert days_between("2014-03-23", "2016-06-01") == 801  # includes 29 February 2016
    assert days_between("2021-02-14", "2021-06-19") == 125
    assert days_between("2021-01-28", "2021-02-14") == 17
    assert math.isnan(days_between(None, "2021-02-14"))
    assert math.isnan(days_between("2021-01-28", float("nan")))


def test_case_fatality_is_a_rounded_percentage():
    assert case_fatality(164, 77) == 47.0  # 77/164 = 46.95%
    assert case_fatality(425, 224) == 52.7
    assert case_fatality(1, 1) == 100.0
    assert math.isnan(case_fatality(0, 0))
    assert math.isnan(case_fatality(None, 3))
    with pytest.raises(ValueError, match="between 0"):
        case_fatality(10, 11)


def test_outbreak_intervals_adds_the_hand_worked_intervals():
    out = outbreak_intervals(FRAME)
    assert out["days_onset_to_declared"].tolist() == [43, 120]  # 8 Aug -> 20 Sep; 1 Aug -> 29 Nov
    assert out["days_reported_to_declared"].iloc[0] == 3
    assert math.isnan(out["days_reported_to_declared"].iloc[1])
    assert out["days_declared_to_over"].tolist() == [113, 83]  # 29 Nov 2007 -> 20 Feb 2008
    assert out["onset_is_upper_bound"].tolist() == [False, True]
    assert out["cfr_percent"].tolist() == [47.0, 24.8]
    assert list(FRAME["declared"]) == ["2022-09-20", "2007-11-29"], "input must not be changed"


def test_milestones_out_of_order_are_caught():
    bad = FRAME.copy()
    bad.loc[0, "declared_over"] = "2022-01-01"
    with pytest.raises(ValueError, match="Row 0: declared_over"):
        outbreak_intervals(bad)


def test_unknown_precision_and_missing_columns_are_named():
    bad = FRAME.copy()
    bad.loc[0, "onset_precision"] = "week"
    with pytest.raises(ValueError, match="week"):
        outbreak_intervals(bad)
    with pytest.raises(KeyError, match="declared_over"):
        outbreak_intervals(FRAME.drop(columns="declared_over"))


def test_day_label():
    assert day_label(43) == "43 days"
    assert day_label(1) == "1 day"
    assert day_label(120, upper_bound=True) == "\u2264 120 days"
    assert day_label(float("nan")) == "no date found"


def test_timeline_chart_aligns_on_declaration_and_labels_every_segment():
    fig = timeline_chart(outbreak_intervals(FRAME), "outbreak", title="T")
    ax = fig.axes[0]
    heights = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert heights["A"] > heights["B"]  # first row on top
    texts = {t.get_text() for t in ax.texts}
    assert {"43 days", "\u2264 120 days", "113 days", "83 days"} <= texts
    bars = ax.patches
    assert len(bars) == 4
    left = [b for b in bars if b.get_width() < 0]
    right = [b for b in bars if b.get_width() > 0]
    assert sorted(-b.get_width() for b in left) == [43, 120]
    assert sorted(b.get_width() for b in right) == [83, 113]
    assert {b.get_hatch() for b in left} == {"//"} and {b.get_hatch() for b in right} == {".."}
    # the diamond marks the first report, 3 days before the declaration
    marker_x = [x for line in ax.lines if line.get_marker() == "D" for x in line.get_xdata()]
    assert marker_x == [-3]
    assert ax.get_title(loc="left") == "T"


def test_timeline_chart_leaves_missing_intervals_blank_and_says_so():
    frame = outbreak_intervals(FRAME)
    frame.loc[1, "days_declared_to_over"] = float("nan")
    ax = timeline_chart(frame, "outbreak").axes[0]
    assert "no date found" in {t.get_text() for t in ax.texts}


def test_timeline_chart_rejects_empty_input():
    with pytest.raises(ValueError, match="No outbreaks"):
        timeline_chart(outbreak_intervals(FRAME).iloc[0:0], "outbreak")


def test_the_chapter_datasets_give_the_published_intervals():
    uganda = outbreak_intervals(datasets.load("uganda_ebola_outbreaks")).set_index("year_declared")
    assert uganda.loc[2022, "days_onset_to_declared"] == 43
    assert uganda.loc[2022, "days_declared_to_over"] == 113  # the minister's "113 days"
    assert uganda.loc[2025, "days_onset_to_declared"] == 11  # 19 -> 30 January 2025
    assert uganda.loc[2012, "days_declared_to_over"] == 68
    assert bool(uganda.loc[2007, "onset_is_upper_bound"])
    guinea = outbreak_intervals(datasets.load("guinea_ebola_outbreaks")).set_index("year_declared")
    assert guinea["days_declared_to_over"].tolist() == [801, 125]
    assert guinea.loc[2021, "days_onset_to_declared"] == 17


def test_format_date_and_milestone_table():
    assert format_date("2022-09-20") == "20 Sep 2022"
    assert format_date("2007-08-01", "month") == "Aug 2007"
    assert format_date(None) == ""
    table = milestone_table(outbreak_intervals(FRAME))
    assert table.loc[1, "Earliest onset"] == "Aug 2007"
    assert table.loc[1, "Onset to declaration"] == "\u2264 120 days"
    assert table.loc[0, "First reported"] == "17 Sep 2022"
    assert table.loc[1, "First reported"] == ""
    assert table.loc[0, "Declaration to end"] == "113 days"
