"""Benchmarking helpers: annual rate of reduction, peer tables, funnel-plot limits, synthetic districts."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from learnorg import benchmarking as bm
from learnorg import datasets

matplotlib.use("Agg")


# Annual rate of reduction ---------------------------------------------------------------------------

def test_arr_matches_unicef_worked_examples():
    # UNICEF's explanation of the ARR: a fall from 100 to 90 over 25 years is about 0.4% a year,
    # a fall from 20 to 10 over the same period about 2.8% a year.
    assert bm.annual_rate_of_reduction(100, 90, 1990, 2015) == pytest.approx(100 * math.log(100 / 90) / 25)
    assert round(bm.annual_rate_of_reduction(100, 90, 1990, 2015), 1) == 0.4
    assert round(bm.annual_rate_of_reduction(20, 10, 1990, 2015), 1) == 2.8


def test_arr_hand_worked_bangladesh():
    # Bangladesh 2000-2018: 87 -> 30. ln(87/30) = 1.0647; / 18 = 0.05915 -> 5.9% a year (UNICEF prints 5.9).
    assert bm.annual_rate_of_reduction(87, 30, 2000, 2018) == pytest.approx(5.915, abs=0.001)


def test_arr_sign_and_halving():
    assert bm.annual_rate_of_reduction(50, 50, 2000, 2010) == 0
    assert bm.annual_rate_of_reduction(40, 80, 2000, 2010) < 0  # a rise gives a negative ARR
    # Halving in 10 years is ln(2)/10 = 6.93% a year, and halving_time inverts it.
    arr = bm.annual_rate_of_reduction(80, 40, 2000, 2010)
    assert arr == pytest.approx(6.931, abs=0.001)
    assert bm.halving_time(arr) == pytest.approx(10)
    assert bm.halving_time(0) == math.inf
    assert bm.project(80, arr, 10) == pytest.approx(40)


def test_arr_works_on_series_and_keeps_the_index():
    start = pd.Series([87, 183], index=["Bangladesh", "Rwanda"])
    end = pd.Series([30, 35], index=["Bangladesh", "Rwanda"])
    arr = bm.annual_rate_of_reduction(start, end, 2000, 2018)
    assert list(arr.index) == ["Bangladesh", "Rwanda"]
    assert arr["Rwanda"] == pytest.approx(100 * math.log(183 / 35) / 18)


@pytest.mark.parametrize(
    ("args", "message"),
    [((10, 5, 2010, 2010), "later"), ((10, 5, 2018, 2000), "later"), ((0, 5, 2000, 2010), "positive"),
     ((10, -1, 2000, 2010), "positive"), ((float("nan"), 5, 2000, 2010), "positive")],
)
def test_arr_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        bm.annual_rate_of_reduction(*args)


def test_percent_decline():
    assert bm.percent_decline(144, 30) == pytest.approx(79.17, abs=0.01)
    assert bm.percent_decline(154, 183) < 0
    with pytest.raises(ValueError):
        bm.percent_decline(0, 1)


# Peer table on the shipped UNICEF data ---------------------------------------------------------------

RATES = {1990: "u5mr_1990", 2000: "u5mr_2000", 2018: "u5mr_2018"}


def test_peer_table_recomputes_the_published_arr():
    peers = datasets.load("u5mr_sowc2019_peers")
    table = bm.peer_table(peers, "country", RATES, periods=[(1990, 2018), (2000, 2018)])
    merged = table.merge(peers[["country", "arr_2000_2018_published"]], on="country")
    gap = (merged["arr_2000_2018"] - merged["arr_2000_2018_published"]).abs()
    # From rounded rates the published ARR is reproduced within 0.1 for 15 of 17 countries;
    # Lebanon and Sri Lanka (small rates, so rounding matters) are the exceptions.
    assert (gap <= 0.1).sum() == 15
    assert set(merged.loc[gap > 0.1, "country"]) == {"Lebanon", "Sri Lanka"}


def test_peer_table_ranks_fastest_first_and_start_year_matters():
    peers = datasets.load("u5mr_sowc2019_peers")
    table = bm.peer_table(peers, "country", RATES, periods=[(1990, 2018), (2000, 2018)])
    assert table.loc[0, "country"] == "Rwanda" and table.loc[0, "rank"] == 1
    assert table["rank"].is_monotonic_increasing
    rwanda = table.set_index("country").loc["Rwanda"]
    # Rwanda: 9.2% a year from 2000 (183 -> 35) but only 5.3% from 1990 (154 -> 35).
    assert rwanda["arr_2000_2018"] == pytest.approx(9.19, abs=0.01)
    assert rwanda["arr_1990_2018"] == pytest.approx(5.29, abs=0.01)
    assert rwanda["decline_1990_2018"] == pytest.approx(77.3, abs=0.1)
    by_1990 = bm.peer_table(peers, "country", RATES, periods=[(1990, 2018), (2000, 2018)], rank_by=(1990, 2018))
    assert by_1990.loc[0, "country"] == "Bangladesh"  # 5.60, ahead of Malawi (5.59)


def test_peer_table_shares_ranks_on_ties_and_checks_columns():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "y0": [100, 50, 100], "y1": [50, 25, 80]})
    table = bm.peer_table(frame, "name", {2000: "y0", 2010: "y1"})
    assert table["rank"].tolist() == [1, 1, 3]
    with pytest.raises(KeyError):
        bm.peer_table(frame, "nope", {2000: "y0", 2010: "y1"})
    with pytest.raises(ValueError):
        bm.peer_table(frame, "name", {2000: "y0", 2010: "y1"}, periods=[(2000, 2020)])


def test_arr_dot_chart_labels_every_country_and_value():
    peers = datasets.load("u5mr_sowc2019_peers")
    table = bm.peer_table(peers, "country", RATES, periods=[(1990, 2018), (2000, 2018)])
    fig = bm.arr_dot_chart(table, "country", ["arr_1990_2018", "arr_2000_2018"], ["1990-2018", "2000-2018"],
                           highlight=["Rwanda"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Rwanda"  # fastest at the top
    assert len(ax.texts) == 2 * len(peers)
    markers = {line.get_marker() for line in ax.get_lines() if line.get_linestyle() == "None"}
    assert markers == {"o", "s"}
    matplotlib.pyplot.close(fig)


# Funnel limits ------------------------------------------------------------------------------------------

def test_normal_limits_hand_worked():
    # target 0.5, n = 100: standard error 0.05; 95% limits 0.5 -/+ 1.96 * 0.05 = 0.402 and 0.598.
    low, high = bm.funnel_limits(0.5, [100], 0.95, method="normal")
    assert low[0] == pytest.approx(0.402, abs=0.0005)
    assert high[0] == pytest.approx(0.598, abs=0.0005)


def test_exact_limits_hand_worked_small_case():
    # n = 10, target 0.5, upper 97.5% limit. P(X <= 7) = 0.9453, P(X <= 8) = 0.9893, so r = 8 and
    # a = (0.9893 - 0.975) / (0.9893 - 0.9453) = 0.3245; limit = (8 - 0.3245) / 10 = 0.7676.
    _, high = bm.funnel_limits(0.5, [10], 0.95)
    assert high[0] == pytest.approx(0.7676, abs=0.0005)
    # Lower 2.5% limit: P(X <= 1) = 0.0107, P(X <= 2) = 0.0547, so r = 2 and
    # a = (0.0547 - 0.025) / (0.0547 - 0.0107) = 0.675; limit = (2 - 0.675) / 10 = 0.1325.
    low, _ = bm.funnel_limits(0.5, [10], 0.95)
    assert low[0] == pytest.approx(0.1325, abs=0.0005)


def test_limits_narrow_with_size_and_widen_with_coverage():
    sizes = [50, 500, 5000]
    low95, high95 = bm.funnel_limits(0.62, sizes, 0.95)
    low998, high998 = bm.funnel_limits(0.62, sizes, 0.998)
    widths = high95 - low95
    assert widths[0] > widths[1] > widths[2]
    assert (low998 < low95).all() and (high998 > high95).all()
    # For large n the exact limits approach the normal ones.
    nlow, nhigh = bm.funnel_limits(0.62, [5000], 0.95, method="normal")
    assert low95[2] == pytest.approx(nlow[0], abs=0.002) and high95[2] == pytest.approx(nhigh[0], abs=0.002)


def test_exact_limits_have_about_the_nominal_coverage():
    # Simulate in-control units: about 5% should fall outside the 95% limits.
    rng = np.random.default_rng(1)
    n = 400
    events = rng.binomial(n, 0.3, size=4000)
    low, high = bm.funnel_limits(0.3, [n], 0.95)
    outside = ((events / n < low[0]) | (events / n > high[0])).mean()
    assert 0.03 < outside < 0.07
    assert stats.binom.cdf(high[0] * n, n, 0.3) == pytest.approx(0.975, abs=0.02)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"target": 0}, "target"), ({"target": 1.2}, "target"), ({"coverage": 1}, "coverage"),
     ({"n": [0]}, "whole numbers"), ({"n": [10.5]}, "whole numbers"), ({"method": "wald"}, "method")],
)
def test_funnel_limits_reject_bad_input(kwargs, message):
    args = {"target": 0.5, "n": [10], "coverage": 0.95, "method": "exact"} | kwargs
    with pytest.raises(ValueError, match=message):
        bm.funnel_limits(**args)


def test_funnel_table_flags_units_hand_made():
    frame = pd.DataFrame({"unit": ["high", "ok", "low"], "events": [90, 50, 10], "cases": [100, 100, 100]})
    table = bm.funnel_table(frame, "events", "cases", target=0.5)
    assert table.set_index("unit")["flag"].to_dict() == {
        "high": bm.FLAG_HIGH_998, "ok": bm.FLAG_WITHIN, "low": bm.FLAG_LOW_998}
    # Default target is the pooled proportion: 150 / 300.
    assert bm.funnel_table(frame, "events", "cases").attrs["target"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        bm.funnel_table(pd.DataFrame({"e": [11], "c": [10]}), "e", "c")


# Synthetic districts ----------------------------------------------------------------------------------

def test_synthetic_districts_are_seeded_and_plausible():
    a = bm.synthetic_district_births(2024)
    assert a.equals(bm.synthetic_district_births(2024))
    assert not a.equals(bm.synthetic_district_births(7))
    assert len(a) == 40 and a["district"].is_unique
    assert (a["facility_births"] <= a["expected_births"]).all() and (a["facility_births"] > 0).all()
    with pytest.raises(ValueError):
        bm.synthetic_district_births(n_districts=3)


def test_shipped_synthetic_file_is_the_seeded_output():
    shipped = datasets.load("synthetic_district_facility_births")
    assert shipped.attrs["synthetic"] is True
    regenerated = bm.synthetic_district_births(bm.SYNTHETIC_DISTRICTS_SEED)
    pd.testing.assert_frame_equal(shipped.reset_index(drop=True), regenerated, check_dtype=False)


def test_shipped_districts_have_clear_outliers_on_both_sides():
    table = bm.funnel_table(datasets.load("synthetic_district_facility_births"), "facility_births",
                            "expected_births")
    counts = table["flag"].value_counts()
    assert counts[bm.FLAG_HIGH_998] == 2
    assert counts[bm.FLAG_LOW_998] == 3
    assert counts[bm.FLAG_WITHIN] == 30


def test_funnel_plot_uses_shapes_and_line_styles():
    table = bm.funnel_table(datasets.load("synthetic_district_facility_births"), "facility_births",
                            "expected_births")
    fig = bm.funnel_plot(table, "expected_births", "district")
    ax = fig.axes[0]
    styles = {line.get_linestyle() for line in ax.get_lines()}
    assert {"--", "-", ":"} <= styles
    labelled = {t.get_text() for t in ax.texts}
    expected = set(table.loc[table["flag"].isin([bm.FLAG_HIGH_998, bm.FLAG_LOW_998]), "district"])
    assert labelled == expected
    matplotlib.pyplot.close(fig)
    with pytest.raises(KeyError):
        bm.funnel_plot(table.drop(columns="flag"), "expected_births", "district")


def test_main_writes_the_file(tmp_path):
    out = tmp_path / "d.csv"
    assert bm.main(["--out", str(out)]) == 0
    assert pd.read_csv(out).shape == (40, 3)
