"""Depth of the fall, time to recover and level after: hand-worked series and the chapter's real ones."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg import datasets  # noqa: E402
from learnorg.shocks import metrics_table, plot_shock, shock_figure, shock_metrics  # noqa: E402


def series(values, start=2000):
    return pd.Series(values, index=range(start, start + len(values)), dtype=float)


def test_hand_worked_fall_and_recovery():
    m = shock_metrics(series([10, 10, 4, 6, 11, 12]), 2002)
    assert (m.reference_period, m.reference_value) == (2001, 10)
    assert (m.worst_period, m.worst_value) == (2002, 4)
    assert m.depth == 6 and m.depth_percent == 60
    assert m.recovery_period == 2004  # 11 >= 10; 2003 (6) is still below
    assert m.periods_to_recover == 2 and m.periods_below == 2
    assert (m.last_period, m.last_value, m.change_after) == (2005, 12, 2)
    assert m.recovered


def test_equal_to_the_reference_counts_as_recovered():
    m = shock_metrics(series([5, 3, 5]), 2001)
    assert m.recovery_period == 2002 and m.change_after == 0


def test_lower_is_better_turns_a_rise_into_a_fall():
    m = shock_metrics(series([90, 92, 130, 120, 91, 60]), 2002, higher_is_better=False)
    assert (m.reference_value, m.worst_period, m.worst_value) == (92, 2002, 130)
    assert m.depth == 38  # a rise of 38 in the bad direction
    assert m.recovery_period == 2004  # 91 <= 92
    assert m.change_after == 32  # 92 - 60: 32 better than before


def test_never_recovered_and_missing_values():
    m = shock_metrics(series([8, math.nan, 8, 2, 5, math.nan]), 2003)
    assert m.reference_period == 2002  # the NaN in 2001 is skipped
    assert m.recovery_period is None and m.periods_to_recover is None and m.periods_below is None
    assert m.last_period == 2004 and m.change_after == -3
    assert not m.recovered


def test_search_until_limits_where_the_worst_value_is_looked_for():
    s = series([10, 7, 10, 10, 2, 10])
    assert shock_metrics(s, 2001).worst_period == 2004
    assert shock_metrics(s, 2001, search_until=2002).worst_period == 2001


@pytest.mark.parametrize(("data", "start", "words"), [
    (series([1, 2, 3]), 2000, "no value before"),
    (series([1, 2, 3]), 2005, "no value between"),
    (pd.Series([1.0, 2.0], index=[2001, 2000]), 2001, "increasing"),
    (pd.Series([1.0, 2.0], index=["a", "b"]), 2001, "whole periods"),
    (series([math.nan, math.nan]), 2001, "no values"),
])
def test_bad_input_is_refused_with_a_clear_message(data, start, words):
    with pytest.raises(ValueError, match=words):
        shock_metrics(data, start)


# ------------------------------------------------------------------------------------------- the chapter's data

def _country(name):
    frame = datasets.load("gapminder_shock_series")
    return frame[frame["country"] == name].set_index("year")


def test_rwanda_life_expectancy_matches_the_worked_numbers():
    # Hand check from the CSV: 50.5 in 1990, 13.2 in 1994, first back at >= 50.5 in 2001 (51.0), 66.1 in 2016.
    m = shock_metrics(_country("Rwanda")["life_expectancy"], 1991)
    assert (m.reference_period, m.reference_value, m.worst_period, m.worst_value) == (1990, 50.5, 1994, 13.2)
    assert m.depth == pytest.approx(37.3) and m.depth_percent == pytest.approx(73.86, abs=0.01)
    assert (m.recovery_period, m.periods_to_recover, m.periods_below) == (2001, 7, 10)
    assert (m.last_period, m.change_after) == (2016, pytest.approx(15.6))


def test_rwanda_infant_mortality_matches_the_worked_numbers():
    # 93.2 per 1,000 in 1990, worst 132.3 in 1994, first back at or below 93.2 in 2003 (86.0); 31.1 in 2015.
    m = shock_metrics(_country("Rwanda")["infant_mortality"], 1991, higher_is_better=False)
    assert (m.worst_period, m.worst_value, m.depth) == (1994, 132.3, pytest.approx(39.1))
    assert (m.recovery_period, m.periods_to_recover) == (2003, 9)
    assert (m.last_period, m.change_after) == (2015, pytest.approx(62.1))


@pytest.mark.parametrize(("country", "fall"), [("Liberia", 1.1), ("Sierra Leone", 1.9), ("Guinea", 0.2)])
def test_ebola_dips_are_one_year_deep_and_over_by_2015(country, fall):
    m = shock_metrics(_country(country)["life_expectancy"], 2014, search_until=2014)
    assert m.reference_period == 2013 and m.worst_period == 2014
    assert m.depth == pytest.approx(fall)
    assert m.recovery_period == 2015


def test_table_and_charts():
    s = series([10, 10, 4, 6, 11, 12])
    m = shock_metrics(s, 2002)
    table = metrics_table({"Example": m})
    assert table.loc[0, "Back at the reference"] == "2004"
    assert table.loc[0, "Depth of the fall"] == "6.0 (60.0% of the reference)"
    fig, ax = plt.subplots()
    plot_shock(ax, s, m, ylabel="Value")
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["reference 10", "worst 4", "last 12", "back in 2004"]
    plt.close(fig)
    fig = shock_figure([(s, m, "Value", "A"), (s, m, "Value", "B")])
    assert len(fig.axes) == 2 and fig.axes[1].get_xlabel() == "Year"
    plt.close(fig)


def test_country_panels_label_every_line_without_colour():
    from learnorg.shocks import country_panels

    frame = datasets.load("gapminder_shock_series")
    countries = ["Liberia", "Sierra Leone", "Guinea"]
    fig = country_panels(frame, countries, [("life_expectancy", "Years"), ("infant_mortality", "Per 1,000")],
                         mark=2014, mark_label="2014")
    assert len(fig.axes) == 2
    for ax in fig.axes:
        texts = [t.get_text() for t in ax.texts]
        assert all(c in texts for c in countries) and "2014" in texts
        assert len({line.get_marker() for line in ax.lines if line.get_marker() not in (None, "None", "")}) == 3
    plt.close(fig)
