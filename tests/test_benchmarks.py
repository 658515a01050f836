"""learnorg.benchmarks: spread between and within groups, reading gaps to reference values, and the two charts."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from learnorg import benchmarks, datasets, scoring
from learnorg.benchmarks import INSIDE, LARGE, MODERATE, NO_REFERENCE, SMALL, read_gap, reading_table, spread_summary


def small() -> pd.DataFrame:
    # Worked by hand: two rows, three groups.
    # a: means 4, 5, 6 -> mean 5, spread 2; SDs 1, 1, 1 -> typical SD 1 -> 2.0 SDs
    # b: means 3, 3, 3.5 -> spread 0.5; SDs 1, 2, 2 -> sqrt((1 + 4 + 4) / 3) = sqrt(3) = 1.732 -> 0.29 SDs
    return pd.DataFrame({
        "item": ["a", "a", "a", "b", "b", "b"],
        "place": ["X", "Y", "Z", "X", "Y", "Z"],
        "score": [4.0, 5.0, 6.0, 3.0, 3.0, 3.5],
        "spread": [1.0, 1.0, 1.0, 1.0, 2.0, 2.0],
    })


def test_spread_summary_by_hand():
    out = spread_summary(small(), "item", "place", "score", "spread").set_index("item")
    assert out.loc["a", "mean"] == 5.0
    assert out.loc["a", "spread"] == 2.0 and out.loc["a", "typical_sd"] == 1.0 and out.loc["a", "spread_in_sd"] == 2.0
    assert out.loc["a", "lowest_in"] == "X" and out.loc["a", "highest_in"] == "Z"
    assert out.loc["b", "lowest_in"] == "X and Y"
    assert out.loc["b", "typical_sd"] == pytest.approx(math.sqrt(3), abs=0.005)
    assert out.loc["b", "spread_in_sd"] == pytest.approx(0.5 / math.sqrt(3), abs=0.005)


def test_spread_summary_keeps_order_and_rejects_duplicates():
    frame = small().iloc[[3, 4, 5, 0, 1, 2]]
    assert list(spread_summary(frame, "item", "place", "score", "spread")["item"]) == ["b", "a"]
    with pytest.raises(ValueError, match="Several rows"):
        spread_summary(pd.concat([small(), small().iloc[[0]]]), "item", "place", "score", "spread")
    with pytest.raises(KeyError, match="No column"):
        spread_summary(small(), "item", "place", "score", "sd")


def test_spread_summary_on_the_akhnif_table():
    # Leadership, worked by hand from Table 1: 5.1 - 4.7 = 0.4; typical SD 1.2254; 0.33 SDs.
    out = spread_summary(datasets.load("akhnif2018_table1")).set_index("sub_block")
    row = out.loc["1.1 Leadership that reinforces learning"]
    assert row["spread"] == 0.4 and row["typical_sd"] == 1.23 and row["spread_in_sd"] == 0.33
    assert row["lowest_in"] == "Cameroon" and row["highest_in"] == "Morocco"
    # every sub-block differs less between countries than within them
    assert (out["spread_in_sd"] < 1).all()


@pytest.mark.parametrize(
    ("mean", "low", "high", "reference", "expected"),
    [
        (50, 45, 55, 52, INSIDE),        # reference inside the interval, whatever the gap
        (50, 48, 52, 55, SMALL),         # outside, gap 5
        (50, 48, 52, 60, MODERATE),      # gap 10 is no longer small
        (50, 48, 52, 69.9, MODERATE),
        (50, 48, 52, 70, LARGE),         # gap 20 is large
        (50, 48, 52, 25, LARGE),         # above the reference counts the same way
        (50, 48, 52, None, NO_REFERENCE),
        (50, float("nan"), float("nan"), 58, SMALL),  # no interval: read the gap alone
    ],
)
def test_read_gap(mean, low, high, reference, expected):
    assert read_gap(mean, low, high, reference) == expected


def summary(groups: dict[str, dict[str, float]], instrument) -> pd.DataFrame:
    rows = []
    for group, means in groups.items():
        for m in instrument.dimension_ids + instrument.block_ids:
            v = means.get(m, 50.0)
            rows.append({"group": group, "measure": m, "n": 20, "mean": v, "sd": 5.0, "ci_low": v - 2, "ci_high": v + 2})
    return pd.DataFrame(rows)


def test_reading_table_matches_references_and_aliases(instrument):
    refs = scoring.reference_values(instrument)
    data = summary({"Unit A": {"leadership": 50.0, "incentives": 40.0, "openness_to_new_ideas": 67.0},
                    "Unit B": {}}, instrument)
    table = reading_table(data, refs, instrument, ["leadership", "incentives", "openness_to_new_ideas"], group="Unit A")
    lead = table[table["measure"] == "leadership"].set_index("source")
    # the LOS median is recorded for the leadership *block*, the Akhnif value for the dimension: both apply
    assert set(lead.index) == {"LOS benchmark median", "Akhnif et al. 2018"}
    assert lead.loc["LOS benchmark median", "gap"] == pytest.approx(50 - 76)
    assert lead.loc["LOS benchmark median", "reading"] == LARGE
    assert lead.loc["Akhnif et al. 2018", "reference"] == pytest.approx((4.92 - 1) / 6 * 100)
    assert lead.loc["Akhnif et al. 2018", "reading"] == MODERATE
    inc = table[table["measure"] == "incentives"]
    assert len(inc) == 1 and inc["reading"].iloc[0] == NO_REFERENCE and np.isnan(inc["gap"].iloc[0])
    # openness 67 with interval 65-69 contains the Akhnif value 66.2
    assert table[table["measure"] == "openness_to_new_ideas"]["reading"].iloc[0] == INSIDE
    assert list(pd.unique(table["measure"])) == ["leadership", "incentives", "openness_to_new_ideas"]


def test_reading_table_needs_a_group_when_there_are_several(instrument):
    refs = scoring.reference_values(instrument)
    data = summary({"Unit A": {}, "Unit B": {}}, instrument)
    with pytest.raises(ValueError, match="pass group="):
        reading_table(data, refs, instrument, ["leadership"])
    with pytest.raises(ValueError, match="not in the summary"):
        reading_table(data, refs, instrument, ["leadership"], group="Unit C")
    with pytest.raises(KeyError, match="not in the summary"):
        reading_table(data, refs, instrument, ["no_such_measure"], group="Unit A")


def test_charts_carry_their_values_as_text(instrument):
    fig = benchmarks.spread_chart(small(), "item", "place", "score", "spread")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "2.0 (2.00)" in texts and "0.5 (0.29)" in texts
    plt.close(fig)

    refs = scoring.reference_values(instrument)
    data = summary({"Unit A": {"leadership": 50.0, "environment": 60.0}}, instrument)
    table = reading_table(data, refs, instrument, ["environment", "leadership", "incentives"])
    fig = benchmarks.gap_chart(table, title="Unit A")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["60", "50", "50"]
    assert [t.get_text() for t in ax.get_yticklabels()][1].startswith("Leadership")
    # one open-marker series per reference source, beside the means
    assert len(ax.lines) >= 2
    plt.close(fig)
