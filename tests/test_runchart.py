"""Run-chart rules, worked by hand, plus the Pareto helpers and the accessible chart."""

from __future__ import annotations

from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg import runchart  # noqa: E402
from learnorg.runchart import (  # noqa: E402
    analyse,
    anhoej_limits,
    astronomical_candidates,
    centre_line,
    longest_trend,
    pareto_chart,
    pareto_table,
    run_chart,
    runs,
    runs_distribution,
    runs_limits,
    runs_table,
    shifts,
    sides,
    trends,
    vital_few,
)

# Uganda, national weekly surveillance reporting rate (%), the 16 published weeks in time order
# (data/datasets/uganda_weekly_reporting_rate.csv).
UGANDA = [75.0, 77.6, 77.0, 80.8, 80.4, 82.3, 82.7, 84.8, 83.5, 81.0, 85.0, 82.4, 74.7, 81.3, 84.1, 81.1]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# The median and the sides -----------------------------------------------------------------------

def test_centre_line_is_the_median_even_or_odd():
    assert centre_line([3, 1, 2]) == 2
    assert centre_line([4, 1, 3, 2]) == 2.5
    # Uganda: sorted, the 8th and 9th values are 81.1 and 81.3, so the median is 81.2 exactly.
    assert centre_line(UGANDA) == 81.2


def test_sides_mark_points_on_the_median_as_zero():
    assert sides([1, 5, 9], centre=5) == [-1, 0, 1]


def test_missing_values_and_empty_series_are_refused():
    with pytest.raises(ValueError, match="missing"):
        analyse([1.0, float("nan"), 3.0])
    with pytest.raises(ValueError, match="at least one"):
        analyse([])


# Rule 1: shift ----------------------------------------------------------------------------------

def test_six_points_on_one_side_is_a_shift_five_is_not():
    # Median of six 1s and six 9s is 5: six below, then six above.
    found = shifts([1] * 6 + [9] * 6)
    assert [(s.direction, s.positions) for s in found] == [
        ("below", (0, 1, 2, 3, 4, 5)),
        ("above", (6, 7, 8, 9, 10, 11)),
    ]
    assert shifts([1] * 5 + [9] * 5) == []


def test_a_point_on_the_median_neither_breaks_nor_extends_a_shift():
    # Centre 5: three above, one on the line, three above = a shift of six, not two runs of three.
    found = shifts([6, 6, 6, 5, 6, 6, 6], centre=5)
    assert len(found) == 1
    assert found[0].positions == (0, 1, 2, 4, 5, 6)
    # Three above, one on the line, two above = five useful points: not a shift (it does not add).
    assert shifts([6, 6, 6, 5, 6, 6], centre=5) == []


def test_hand_worked_series_with_two_points_on_the_median():
    # Sorted: 1 1 2 2 3 5 5 6 6 7 7 8 8 -> the 7th of 13 values, so the median is 5.
    values = [6, 7, 8, 5, 6, 7, 8, 1, 2, 3, 5, 2, 1]
    result = analyse(values)
    assert result.median == 5
    assert result.useful_observations == 11  # 13 points, 2 on the median
    assert [s.positions for s in result.shifts] == [(0, 1, 2, 4, 5, 6)]  # 6 above; the 5 below is too short
    assert result.runs == 2 and result.crossings == 1
    assert result.runs_limits == (4, 9)  # 11 useful observations
    assert result.runs_signal is not None and result.runs_signal.direction == "too few"


# Rule 2: trend ----------------------------------------------------------------------------------

def test_five_rising_or_falling_points_are_a_trend_four_are_not():
    assert [(t.direction, t.positions) for t in trends([1, 2, 3, 4, 5])] == [("up", (0, 1, 2, 3, 4))]
    assert [t.direction for t in trends([9, 8, 7, 6, 5])] == ["down"]
    assert trends([1, 2, 3, 4]) == []


def test_a_tie_neither_breaks_nor_extends_a_trend():
    # 1 2 3 3 4 5: the repeated 3 counts once, so this is a trend of five points.
    found = trends([1, 2, 3, 3, 4, 5])
    assert len(found) == 1
    assert found[0].positions == (0, 1, 2, 4, 5)
    # 1 2 2 3 4: four points once the tie counts once, so no trend.
    assert trends([1, 2, 2, 3, 4]) == []
    assert longest_trend([1, 2, 2, 3, 4]) == 4


def test_flat_series_has_no_trend_and_a_turning_point_belongs_to_both_sides():
    assert trends([3] * 8) == []
    assert longest_trend([3] * 8) == 1
    found = trends([1, 2, 3, 4, 5, 4, 3, 2, 1])
    assert [(t.direction, t.positions) for t in found] == [("up", (0, 1, 2, 3, 4)), ("down", (4, 5, 6, 7, 8))]


# Rule 3: number of runs -------------------------------------------------------------------------

def test_runs_are_counted_by_hand():
    # Median 5: below, above, above, below, below, above -> 4 runs; 5 (on the line) is skipped.
    assert runs([1, 9, 9, 5, 1, 1, 9]) == [[0], [1, 2], [4, 5], [6]]


def test_exact_distribution_of_runs_small_case_by_hand():
    # Two above (A) and two below (B): AABB BBAA (2 runs), ABBA BAAB (3), ABAB BABA (4): 2 of 6 each.
    assert runs_distribution(2, 2) == {2: Fraction(1, 3), 3: Fraction(1, 3), 4: Fraction(1, 3)}
    # Five and five: P(2 runs) = 2/252, P(3 runs) = 8/252, so P(R <= 3) = 10/252 (printed as 0.040 in
    # textbook tables of the runs test).
    dist = runs_distribution(5, 5)
    assert dist[2] + dist[3] == Fraction(10, 252)
    assert sum(dist.values()) == 1
    assert sum(runs_distribution(8, 9).values()) == 1


@pytest.mark.parametrize("n", range(10, 61))
def test_runs_limits_meet_their_definition(n):
    low, high = runs_limits(n)
    dist = runs_distribution(n // 2, n - n // 2)
    below = sum(p for r, p in dist.items() if r < low)
    above = sum(p for r, p in dist.items() if r > high)
    assert below <= Fraction(25, 1000) < below + dist[low]
    assert above <= Fraction(25, 1000) < above + dist[high]


@pytest.mark.parametrize(
    ("n", "expected"),
    # Rows printed in secondary reproductions of the Perla et al. (2011) runs table that agree with the exact
    # calculation (see the chapter's claims file); 16 is the Uganda chart.
    [(10, (3, 9)), (14, (4, 12)), (16, (5, 13)), (24, (8, 18)), (30, (11, 21)), (40, (15, 27)), (50, (19, 33)),
     (60, (24, 38))],
)
def test_runs_limits_match_published_rows(n, expected):
    assert runs_limits(n) == expected


def test_runs_table_lists_every_length():
    table = runs_table(10, 20)
    assert table["useful_observations"].tolist() == list(range(10, 21))
    assert table.set_index("useful_observations").loc[12].tolist() == [4, 10]


def test_too_many_runs_alternating_series():
    result = analyse([1, 9] * 6)  # median 5, 12 runs in 12 points
    assert result.runs == 12
    assert result.runs_limits == (4, 10)
    assert result.runs_signal.direction == "too many"


def test_fewer_than_ten_useful_points_skip_the_runs_rule():
    result = analyse([1, 9, 1, 9, 1, 9, 1, 9])
    assert result.runs_limits is None and result.runs_signal is None
    assert any("at least 10" in line for line in result.summary())


def test_published_worked_example_too_few_runs():
    # Balestracci (Quality Digest, 2008): 16 points in runs of 7 above, 7 below, 1 above, 1 below the
    # median -> only 4 runs, fewer than expected for 16 points, so a signal.
    values = [20] * 7 + [10] * 7 + [20, 10]
    result = analyse(values)
    assert result.median == 15
    assert result.runs == 4
    assert result.runs_signal is not None and result.runs_signal.direction == "too few"
    assert len(result.shifts) == 2  # each run of 7 is also a shift under the six-point rule


# Anhøj rules ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("n", "expected"),
    # round(log2 n) + 3; 5th percentile of Binomial(n - 1, 0.5). For n = 10: P(X <= 1) = 10/512 < 0.05 and
    # P(X <= 2) = 46/512 >= 0.05, so 2 crossings.
    [(10, (6, 2)), (12, (7, 3)), (16, (7, 4)), (24, (8, 8)), (46, (9, 17)), (60, (9, 23))],
)
def test_anhoej_limits(n, expected):
    assert anhoej_limits(n) == expected


# Rule 4: astronomical points --------------------------------------------------------------------

def test_astronomical_points_are_the_teams_judgement():
    values = [10, 11, 10, 12, 11, 50, 10, 11, 12, 10]
    assert analyse(values).astronomical == ()
    judged = analyse(values, astronomical=[5])
    assert [s.positions for s in judged.astronomical] == [(5,)]
    assert "judged by the team" in judged.astronomical[0].description
    with pytest.raises(IndexError):
        analyse(values, astronomical=[10])


def test_astronomical_candidates_are_only_prompts():
    assert astronomical_candidates([10, 11, 10, 12, 11, 50, 10, 11, 12, 10]) == [5]
    assert astronomical_candidates(UGANDA) == []  # the highest and lowest weeks are not astronomical


# The real series ---------------------------------------------------------------------------------

def test_uganda_reporting_rate_has_no_signal():
    result = analyse(UGANDA)
    assert result.median == 81.2
    assert result.useful_observations == 16
    assert result.runs == 7 and result.crossings == 6
    assert result.longest_run == 5
    assert result.longest_trend == 4
    assert result.runs_limits == (5, 13)
    assert result.signals == [] and not result.has_signal
    assert result.anhoej_limits == (7, 4) and result.anhoej_signals == ()


def test_points_table_names_side_run_and_signal():
    table = analyse([1] * 6 + [9] * 6).points()
    assert table["side"].tolist()[:2] == ["below", "below"]
    assert table["run"].tolist() == [1] * 6 + [2] * 6
    assert set(table["signals"]) == {"shift, runs"}


# The chart ---------------------------------------------------------------------------------------

def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_run_chart_labels_median_target_and_runs():
    fig, ax = plt.subplots()
    result = run_chart(ax, UGANDA, target=80, target_label="Target", labels=[str(i) for i in range(16)])
    texts = _texts(ax)
    assert "Median 81.2" in texts
    assert "Target 80" in texts
    assert "Runs: 7 (expected 5 to 13): no signal" in texts
    assert result.runs == 7
    assert "Shift" not in texts


def test_run_chart_marks_signals_with_shapes_and_words():
    fig, ax = plt.subplots()
    run_chart(ax, [1] * 6 + [9] * 6 + [1, 2, 3, 4, 5], label_points=False)
    texts = _texts(ax)
    assert texts.count("Shift") == 2
    assert "Trend" in texts
    markers = {line.get_marker() for line in ax.lines}
    assert {"s", "D"} <= markers  # squares for shifts, diamonds for trends


def test_run_chart_refuses_wrong_number_of_labels():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one label"):
        run_chart(ax, [1, 2, 3], labels=["a", "b"])


# Pareto -----------------------------------------------------------------------------------------

FRAME = pd.DataFrame({"cause": ["A", "B", "C"], "n": [10, 50, 40]})


def test_pareto_table_sorts_and_accumulates():
    table = pareto_table(FRAME, "cause", "n")
    assert table["cause"].tolist() == ["B", "C", "A"]
    assert table["rank"].tolist() == [1, 2, 3]
    assert table["percent"].tolist() == pytest.approx([50, 40, 10])
    assert table["cumulative_percent"].tolist() == pytest.approx([50, 90, 100])
    assert vital_few(table) == 2
    assert vital_few(table, 50) == 1
    assert FRAME["cause"].tolist() == ["A", "B", "C"], "input must not be changed"


def test_pareto_table_refuses_bad_counts():
    with pytest.raises(ValueError):
        pareto_table(pd.DataFrame({"c": ["a"], "n": [-1]}), "c", "n")
    with pytest.raises(ValueError):
        pareto_table(pd.DataFrame({"c": ["a"], "n": [0]}), "c", "n")
    with pytest.raises(KeyError, match="nope"):
        pareto_table(FRAME, "nope", "n")


def test_pareto_chart_writes_counts_and_cumulative_percentages():
    fig, ax = plt.subplots()
    cumulative_axis = pareto_chart(ax, pareto_table(FRAME, "cause", "n"), "cause", "n")
    assert [t.get_text() for t in ax.texts] == ["50", "40", "10"]
    assert [t.get_text() for t in cumulative_axis.texts][:3] == ["50%", "90%", "100%"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["B", "C", "A"]


def test_module_documents_its_thresholds():
    assert runchart.SHIFT_LENGTH == 6 and runchart.TREND_LENGTH == 5
    assert "Perla" in runchart.__doc__ and "Swed" in runchart.__doc__
