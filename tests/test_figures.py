"""The chapter's analysis helpers and accessible bar chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg.figures import MINUS, change_bar_chart, format_percent, rank_changes  # noqa: E402

FRAME = pd.DataFrame(
    {
        "name": ["small fall", "big fall", "rise"],
        "change": [-20.0, -70.0, 10.0],
        "low": [-30.0, -80.0, 5.0],
        "high": [-10.0, -60.0, 15.0],
    }
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_format_percent_uses_a_true_minus_and_a_plus():
    assert format_percent(-67.3) == MINUS + "67.3%"
    assert format_percent(12) == "+12.0%"
    assert format_percent(0) == "0.0%"
    assert format_percent(-5.25, 0) == MINUS + "5%"


def test_rank_changes_orders_falls_and_counts_per_ten():
    ranked = rank_changes(FRAME, "change")
    assert ranked["name"].tolist() == ["big fall", "small fall", "rise"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert ranked["lost_per_10"].tolist() == [7.0, 2.0, -1.0]
    assert list(FRAME["name"]) == ["small fall", "big fall", "rise"], "input must not be changed"


def test_rank_changes_rounds_to_one_decimal():
    ranked = rank_changes(pd.DataFrame({"v": [-67.3, -35.2]}), "v")
    assert ranked["lost_per_10"].tolist() == [6.7, 3.5]


def test_rank_changes_names_a_missing_column():
    with pytest.raises(KeyError, match="nope"):
        rank_changes(FRAME, "nope")


def test_chart_puts_largest_fall_on_top_with_value_labels():
    fig = change_bar_chart(FRAME, "name", "change", low="low", high="high", title="T")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["rise", "small fall", "big fall"]  # bottom to top: largest fall on top
    texts = {t.get_text() for t in ax.texts}
    assert {MINUS + "70.0%", MINUS + "20.0%", "+10.0%"} <= texts
    assert ax.get_title(loc="left") == "T"
    bars = ax.patches
    assert len(bars) == 3
    assert all(bar.get_hatch() for bar in bars), "bars must be hatched, not told apart by colour"
    assert len({bar.get_facecolor() for bar in bars}) == 1


def test_chart_labels_sit_outside_the_whiskers():
    fig = change_bar_chart(FRAME, "name", "change", low="low", high="high")
    ax = fig.axes[0]
    positions = {t.get_text(): t.get_position()[0] for t in ax.texts}
    assert positions[MINUS + "70.0%"] < -80  # left of the lower whisker
    assert positions["+10.0%"] > 15  # right of the upper whisker
    left, right = ax.get_xlim()
    assert left < -80 and right > 10


def test_chart_without_interval_has_no_whiskers():
    fig = change_bar_chart(FRAME, "name", "change")
    assert not fig.axes[0].collections


def test_chart_needs_both_interval_columns():
    with pytest.raises(ValueError, match="both"):
        change_bar_chart(FRAME, "name", "change", low="low")


def test_chart_names_a_missing_column():
    with pytest.raises(KeyError, match="missing"):
        change_bar_chart(FRAME, "missing", "change")
