"""The synthetic phased roll-out: seeded, labelled synthetic, and it shows why the order should be random."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg import rollout  # noqa: E402
from learnorg.rollout import (  # noqa: E402
    compare_orders,
    estimate_effects,
    order_comparison_chart,
    rollout_chart,
    simulate_rollout,
    summarise_runs,
    wave_means,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def review_runs():
    """Many runs, estimated at the mid-term review (after period 2 of 4)."""
    return summarise_runs(compare_orders(150, seed=7, review_period=2)).set_index(["order", "method"])


def test_table_shape_and_synthetic_label():
    panel = simulate_rollout("random", seed=1)
    assert len(panel) == 24 * 5
    assert list(panel.columns) == ["district", "strength_rank", "wave", "period", "started", "outcome"]
    assert panel.attrs["synthetic"] is True and "SYNTHETIC" in panel.attrs["note"]
    assert panel.groupby("wave")["district"].nunique().tolist() == [6, 6, 6, 6]
    # Nobody has started at baseline; everybody has by the last period; starting is never undone.
    assert not panel.loc[panel["period"] == 0, "started"].any()
    assert panel.loc[panel["period"] == 4, "started"].all()
    assert (panel["started"] == (panel["period"] >= panel["wave"])).all()


def test_same_seed_same_table_and_different_seed_different_table():
    pd.testing.assert_frame_equal(simulate_rollout(seed=3), simulate_rollout(seed=3))
    assert not simulate_rollout(seed=3)["outcome"].equals(simulate_rollout(seed=4)["outcome"])


def test_both_orders_share_one_invented_country():
    best, lottery = simulate_rollout("best_first", seed=5), simulate_rollout("random", seed=5)
    assert best["strength_rank"].equals(lottery["strength_rank"])
    # Before anyone starts, the two tables are identical.
    assert best.loc[best["period"] == 0, "outcome"].equals(lottery.loc[lottery["period"] == 0, "outcome"])


def test_best_first_gives_the_first_wave_to_the_strongest_districts():
    panel = simulate_rollout("best_first", seed=11)
    first = panel.loc[panel["wave"] == 1, "strength_rank"].unique()
    assert sorted(first) == [1, 2, 3, 4, 5, 6]


def test_no_noise_no_trend_every_method_recovers_the_effect_exactly():
    panel = simulate_rollout("best_first", seed=2, district_sd=0.0, trend=0.0, readiness_trend=0.0, noise_sd=0.0,
                             effect=4.0)
    estimates = estimate_effects(panel)
    assert estimates == pytest.approx({"before_after": 4.0, "same_period": 4.0, "fixed_effects": 4.0}, abs=0.06)


def test_a_trend_alone_fools_before_and_after_but_not_the_comparisons():
    panel = simulate_rollout("random", seed=2, district_sd=0.0, trend=3.0, readiness_trend=0.0, noise_sd=0.0)
    estimates = estimate_effects(panel)
    assert estimates["before_after"] > 5.0 + 3.0
    assert estimates["same_period"] == pytest.approx(5.0, abs=0.06)
    assert estimates["fixed_effects"] == pytest.approx(5.0, abs=0.06)


def test_random_order_is_unbiased_across_seeds(review_runs):
    for method in ("same_period", "fixed_effects"):
        bias = review_runs.loc[("random", method), "bias"]
        spread = review_runs.loc[("random", method), "spread"]
        runs = review_runs.loc[("random", method), "runs"]
        assert abs(bias) < 3 * spread / np.sqrt(runs) + 0.05, (method, bias)


def test_best_first_order_is_biased_when_early_districts_differ(review_runs):
    assert review_runs.loc[("best_first", "same_period"), "bias"] > 10
    assert review_runs.loc[("best_first", "fixed_effects"), "bias"] > 1
    assert review_runs.loc[("best_first", "before_after"), "bias"] > 2
    assert review_runs.loc[("random", "before_after"), "bias"] > 2  # the trend, whatever the order


def test_best_first_is_not_biased_when_districts_are_alike():
    runs = compare_orders(60, seed=9, review_period=2, district_sd=0.0, readiness_trend=0.0)
    summary = summarise_runs(runs).set_index(["order", "method"])
    assert abs(summary.loc[("best_first", "fixed_effects"), "bias"]) < 0.5
    assert abs(summary.loc[("best_first", "same_period"), "bias"]) < 1.0


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="order"):
        simulate_rollout("alphabetical")
    with pytest.raises(ValueError, match="multiple"):
        simulate_rollout(n_districts=10, n_waves=4)
    with pytest.raises(ValueError, match="review period 0"):
        estimate_effects(simulate_rollout(), review_period=0)
    with pytest.raises(KeyError, match="outcome"):
        estimate_effects(simulate_rollout().drop(columns="outcome"))
    with pytest.raises(ValueError, match="n_runs"):
        compare_orders(0)


def test_summary_and_runs_are_labelled_and_ordered():
    runs = compare_orders(3, seed=1)
    assert runs.attrs["synthetic"] is True
    assert len(runs) == 3 * 2 * 3
    assert (runs["error"] == runs["estimate"] - runs["true_effect"]).all()
    summary = summarise_runs(runs)
    assert summary["order"].astype(str).tolist() == ["random"] * 3 + ["best_first"] * 3
    assert summary["method"].astype(str).tolist() == list(rollout.METHODS) * 2


def test_charts_are_readable_without_colour():
    panel = simulate_rollout("best_first", seed=1)
    assert wave_means(panel).shape == (5, 4)
    fig = rollout_chart(panel, review_period=2)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"Wave 1", "Wave 4", "mid-term review"} <= set(texts)
    fig = order_comparison_chart(compare_orders(5, seed=1))
    assert len(fig.axes) == 2
    assert all(any(t.get_text().startswith("avg ") for t in ax.texts) for ax in fig.axes)
