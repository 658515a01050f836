"""The adoption-curve helpers: hand-worked values, recovery of known curves, clear errors."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from learnorg import datasets
from learnorg.diffusion import (
    DiffusionError,
    LogisticFit,
    decimal_years,
    first_at_or_above,
    fit_logistic,
    logistic,
    observed_and_fitted,
    s_curve_chart,
)


# Hand-worked values ------------------------------------------------------------------------------

def test_decimal_years_counts_months_as_twelfths():
    # Feb 2016 -> Jul 2017 is 17 months; Feb 2016 -> Jul 2019 is 41 months.
    assert decimal_years(["2016-02", "2017-07", "2019-07"]).tolist() == pytest.approx([0, 17 / 12, 41 / 12])
    assert decimal_years(["2020-01"], origin="2019-01").tolist() == [1.0]


@pytest.mark.parametrize("bad", ["2016", "2016-13", "16-02", "Feb 2016", ""])
def test_decimal_years_rejects_other_formats(bad):
    with pytest.raises(DiffusionError, match="YYYY-MM"):
        decimal_years([bad])


def test_logistic_is_half_the_ceiling_at_the_midpoint():
    assert logistic(5, 100, 1, 5) == pytest.approx(50)
    # 100 / (1 + e^-2) = 88.08 two time units after the midpoint.
    assert logistic(7, 100, 1, 5) == pytest.approx(100 / (1 + math.exp(-2)))
    assert logistic(np.array([-1000.0, 1000.0]), 100, 1, 5).tolist() == pytest.approx([0, 100])


def test_time_to_reach_inverts_the_curve():
    fit = LogisticFit(ceiling=100, rate=1, midpoint=5, ceiling_fixed=True, n_points=3, rmse=0)
    # 100 / (1 + e^-(t-5)) = 90  =>  e^-(t-5) = 1/9  =>  t = 5 + ln 9 = 7.197
    assert fit.time_to_reach(90) == pytest.approx(5 + math.log(9))
    assert fit.time_to_reach(50) == pytest.approx(5) == fit.time_to_half
    assert fit.time_to_reach(10) == pytest.approx(5 - math.log(9))
    for level in (0, 100, 120, -5):
        with pytest.raises(DiffusionError, match="never reaches"):
            fit.time_to_reach(level)


def test_first_at_or_above_reads_the_data():
    years, districts = [2000, 2001, 2002, 2003], [1, 3, 8, 10]
    assert first_at_or_above(years, districts, 5) == 2002
    assert first_at_or_above(years, districts, 8) == 2002  # "at or above" includes equality
    assert first_at_or_above(years, districts, 1) == 2000
    assert first_at_or_above(years, districts, 11) is None
    # Labels are returned as given.
    assert first_at_or_above(["2016-02", "2019-07"], [1, 100], 98) == "2019-07"


# Recovering known curves -------------------------------------------------------------------------

def test_fit_recovers_the_parameters_of_an_exact_curve():
    t = np.arange(0, 11.0)
    y = logistic(t, 200, 0.9, 4.5)
    fit = fit_logistic(t, y)
    assert fit.ceiling == pytest.approx(200, rel=1e-6)
    assert fit.rate == pytest.approx(0.9, rel=1e-6)
    assert fit.midpoint == pytest.approx(4.5, rel=1e-6)
    assert fit.rmse == pytest.approx(0, abs=1e-6)
    assert not fit.ceiling_fixed and fit.n_points == 11


def test_fit_with_a_fixed_ceiling_recovers_rate_and_midpoint():
    t = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    y = logistic(t, 47, 1.5, 2.0)
    fit = fit_logistic(t, y, ceiling=47)
    assert fit.ceiling == 47 and fit.ceiling_fixed
    assert fit.rate == pytest.approx(1.5, rel=1e-6)
    assert fit.midpoint == pytest.approx(2.0, rel=1e-6)


def test_fit_recovers_parameters_from_noisy_counts():
    rng = np.random.default_rng(2024)
    t = np.arange(0, 15.0)
    y = np.maximum.accumulate(logistic(t, 110, 0.8, 6) + rng.normal(0, 1.0, len(t)).clip(-2, 2))
    fit = fit_logistic(t, np.clip(y, 0, None))
    assert fit.ceiling == pytest.approx(110, rel=0.05)
    assert fit.rate == pytest.approx(0.8, rel=0.15)
    assert fit.midpoint == pytest.approx(6, abs=0.3)


def test_shipped_jee_series_is_described_not_forecast():
    jee = datasets.load("jee_spread")
    world = jee[jee["scope"] == "global"]
    t = decimal_years(world["date"])
    all_points = fit_logistic(t, world["cumulative"])
    to_2019 = fit_logistic(t[:-1], world["cumulative"].iloc[:-1])
    # With the 2023 count the fitted ceiling is about 116; without it, about 101, below the 122 countries
    # that had done a JEE by 2023. The ceiling of a fit to early points is not a forecast.
    assert 110 < all_points.ceiling < 122
    assert 95 < to_2019.ceiling < 105 < world["cumulative"].max()
    # Plain reading: half of the 196 States Parties (98) was first passed at the July 2019 count.
    half = world["eligible"].iloc[0] / 2
    assert first_at_or_above(world["date"], world["cumulative"], half) == "2019-07"


# Clear errors on bad input -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("times", "counts", "kwargs", "message"),
    [
        ([0, 1, 2], [1, 5, 9], {}, "too few points: 3 given, at least 4"),
        ([0, 1], [1, 5], {"ceiling": 10}, "too few points: 2 given, at least 3"),
        ([0, 1, 2, 3], [1, 5, 4, 9], {}, "cannot go down: the count at position 2"),
        ([0, 2, 1, 3], [1, 2, 3, 4], {}, "times must increase"),
        ([0, 1, 1, 3], [1, 2, 3, 4], {}, "times must increase"),
        ([0, 1, 2, 3], [1, 2, float("nan"), 4], {}, "missing"),
        ([0, 1, 2, 3], [-1, 2, 3, 4], {}, "negative"),
        ([0, 1, 2, 3], [1, 2, 3], {}, "4 times but 3 counts"),
        ([0, 1, 2, 3], [5, 5, 5, 5], {}, "never change"),
        ([0, 1, 2, 3], [1, 5, 9, 12], {"ceiling": 10}, "below the largest count"),
        ([0, 1, 2, 3], [1, 5, 9, 12], {"ceiling": -3}, "positive number"),
        (["a", "b", "c", "d"], [1, 2, 3, 4], {}, "times must be numbers"),
    ],
)
def test_bad_series_get_a_plain_message(times, counts, kwargs, message):
    with pytest.raises(DiffusionError, match=message):
        fit_logistic(times, counts, **kwargs)


def test_first_at_or_above_checks_the_counts():
    with pytest.raises(DiffusionError, match="cannot go down"):
        first_at_or_above([1, 2, 3], [5, 3, 8], 4)
    with pytest.raises(DiffusionError, match="3 times but 2 counts"):
        first_at_or_above([1, 2, 3], [5, 8], 4)


# Table and chart ---------------------------------------------------------------------------------

def test_observed_and_fitted_table():
    fit = LogisticFit(ceiling=100, rate=1, midpoint=5, ceiling_fixed=True, n_points=2, rmse=0)
    table = observed_and_fitted(["a", "b"], [5, 7], [40, 90], fit)
    assert table["fitted"].tolist() == [50.0, 88.1]
    assert table["difference"].tolist() == [-10.0, 1.9]
    with pytest.raises(DiffusionError, match="3 labels but 2"):
        observed_and_fitted(["a", "b", "c"], [5, 7], [40, 90], fit)


def test_chart_labels_every_point_and_draws_fit_and_level():
    t = [0, 1, 2, 3]
    y = [1, 10, 30, 38]
    fit = fit_logistic(t, y, ceiling=40)
    fig = s_curve_chart(t, y, fit, level=20, level_label="half of 40")
    ax = fig.axes[0]
    texts = [child.get_text() for child in ax.texts]
    for value in ("1", "10", "30", "38"):
        assert value in texts
    assert any("half of 40 = 20" in text for text in texts)
    styles = {line.get_linestyle() for line in ax.lines}
    assert {"--", ":", "None"} <= styles  # dashed fit, dotted level, markers without a line
    matplotlib.pyplot.close(fig)
