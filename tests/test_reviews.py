"""Shares within a breakdown and the labelled count chart."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg import datasets  # noqa: E402
from learnorg.reviews import count_bar_chart, count_label, shares  # noqa: E402

FRAME = pd.DataFrame(
    {"dimension": ["f", "f", "f", "y", "y"], "category": ["a", "b", "c", "2018", "2019"], "reports": [1, 3, 0, 0, 0]}
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_shares_are_within_each_group():
    out = shares(FRAME)
    assert out["percent"].iloc[:3].tolist() == [25.0, 75.0, 0.0]
    assert all(math.isnan(v) for v in out["percent"].iloc[3:])  # a group of zeros has no shares
    assert "percent" not in FRAME.columns


def test_shares_without_groups_and_bad_input():
    assert shares(FRAME, by=None)["percent"].tolist() == [25.0, 75.0, 0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="negative"):
        shares(FRAME.assign(reports=[1, -1, 0, 0, 0]))
    with pytest.raises(KeyError, match="nope"):
        shares(FRAME, by="nope")


def test_the_published_percentages_are_reproduced():
    # Copper et al. 2020, Table 2: working group 34 (81.0%), debrief 4 (9.5%), African Region 32 (76.2%).
    aar = shares(datasets.load("who_aar_reports_2016_2019")).set_index(["dimension", "category"])
    assert aar.loc[("AAR format", "Working group"), "percent"] == 81.0
    assert aar.loc[("AAR format", "Debrief"), "percent"] == 9.5
    assert aar.loc[("WHO region", "African Region"), "percent"] == 76.2
    assert aar.loc[("Event reviewed", "Epidemics and pandemics"), "percent"] == 90.5
    assert aar.groupby(level=0)["reports"].sum().eq(42).all()


def test_count_label():
    assert count_label(34, 80.95) == "34 (81.0%)"
    assert count_label(1234) == "1,234"
    assert count_label(0, float("nan")) == "0"


def test_count_chart_keeps_order_and_labels_zero_bars():
    fig = count_bar_chart(shares(FRAME).iloc[:3], "category", "reports", title="T")
    ax = fig.axes[0]
    heights = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert heights["a"] > heights["b"] > heights["c"]  # first row on top
    assert {"1 (25.0%)", "3 (75.0%)", "0 (0.0%)"} <= {t.get_text() for t in ax.texts}
    assert len(ax.patches) == 3 and all(p.get_hatch() == "//" for p in ax.patches)
    with pytest.raises(KeyError):
        count_bar_chart(FRAME, "nope", "reports")
