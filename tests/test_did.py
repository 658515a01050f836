"""Difference-in-differences from four means, with the hand-worked Mozambique example."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg.did import did_2x2, did_chart, did_table  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_hand_worked_example_maternal_consultations():
    # Geelhoed et al. 2013, Table 2. By hand: comparison 525 - 785 = -260; pilot 501 - 748 = -247;
    # DiD = -247 - (-260) = +13. Ratios: 501/748 = 0.6698, 525/785 = 0.6688, ratio of ratios 1.0015.
    result = did_2x2(785, 525, 748, 501)
    assert result.change_control == -260
    assert result.change_treated == -247
    assert result.did == 13
    assert result.naive_before_after == -247
    assert result.ratio_of_ratios == pytest.approx(1.0015, abs=1e-4)


def test_hand_worked_example_child_consultations():
    # By hand: comparison 857 - 1355 = -498; pilot 956 - 1048 = -92; DiD = +406.
    # Ratios: 956/1048 = 0.9122 (a fall of 8.8%), 857/1355 = 0.6325 (a fall of 36.8%); 0.9122/0.6325 = 1.442.
    result = did_2x2(1355, 857, 1048, 956)
    assert result.did == 406
    assert 1 - result.ratio_treated == pytest.approx(0.088, abs=5e-4)
    assert 1 - result.ratio_control == pytest.approx(0.368, abs=5e-4)
    assert result.ratio_of_ratios == pytest.approx(1.442, abs=5e-4)


def test_no_change_anywhere_gives_zero_and_one():
    result = did_2x2(10, 10, 20, 20)
    assert result.did == 0 and result.ratio_of_ratios == 1


def test_same_change_in_both_groups_is_no_effect_even_if_before_and_after_looks_good():
    result = did_2x2(50, 60, 40, 50)
    assert result.naive_before_after == 10
    assert result.did == 0


def test_missing_value_is_refused_and_zero_baseline_gives_nan_ratio():
    with pytest.raises(ValueError, match="missing"):
        did_2x2(10, float("nan"), 20, 25)
    assert math.isnan(did_2x2(0, 5, 10, 12).ratio_of_ratios)


def test_did_table_one_row_per_outcome():
    frame = pd.DataFrame({"outcome": ["maternal", "child"], "cb": [785, 1355], "ca": [525, 857],
                          "tb": [748, 1048], "ta": [501, 956]})
    table = did_table(frame, "outcome", "cb", "ca", "tb", "ta")
    assert table["outcome"].tolist() == ["maternal", "child"]
    assert table["did"].tolist() == [13, 406]
    with pytest.raises(KeyError, match="nope"):
        did_table(frame, "outcome", "nope", "ca", "tb", "ta")


def test_did_chart_labels_points_and_the_gap():
    fig = did_chart(did_2x2(1355, 857, 1048, 956))
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"1,355", "857", "1,048", "956"} <= set(texts)
    assert any("+406" in t for t in texts)
    # Three lines told apart by marker and line style, not colour.
    styled = {(line.get_marker(), line.get_linestyle()) for line in ax.get_lines()}
    assert {("o", "-"), ("s", "-"), ("^", "--")} <= styled
