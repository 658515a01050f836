"""Analyses of the chapter "Your ministry's learning agenda" (learnorg.agenda), with hand-worked examples."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from learnorg import agenda, datasets, planner


def test_interval_half_width_by_hand():
    # t(0.975, 9) = 2.262; 2.262 * 14 / sqrt(10) = 10.01
    assert agenda.interval_half_width(14, 10) == pytest.approx(10.01, abs=0.01)
    assert agenda.interval_half_width(14, 40) < agenda.interval_half_width(14, 20) < agenda.interval_half_width(14, 10)
    assert pd.isna(agenda.interval_half_width(14, 1))


def test_bottom_three_keeps_ties():
    table = pd.DataFrame({"g": ["A"] * 5 + ["B"] * 3, "item": list("pqrst") + list("pqr"),
                          "v": [1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 5.0, 5.0]})
    bottom = agenda.bottom_k_with_ties(table, "g", "item", "v", k=3)
    assert list(bottom.loc[bottom["g"] == "A", "item"]) == ["p", "q", "r", "s"]  # r and s tie for third
    assert list(bottom.loc[bottom["g"] == "A", "position"]) == [1, 2, 3, 3]
    assert list(bottom.loc[bottom["g"] == "B", "position"]) == [1, 1, 1] and bottom.loc[bottom["g"] == "B", "tied"].all()
    counts = agenda.bottom_counts(bottom, "g", "item", order=list("pqrst"))
    assert dict(zip(counts["item"], counts["groups"])) == {"p": 2, "q": 2, "r": 2, "s": 1, "t": 0}
    assert counts.loc[counts["item"] == "p", "which"].item() == "A, B"


def test_akhnif_learning_agenda_is_among_the_lowest_everywhere():
    table = datasets.load("akhnif2018_table1")
    lowest = table.loc[table.groupby("country")["mean"].idxmin(), ["country", "sub_block"]]
    assert (lowest["sub_block"] == "3.1 Learning agenda").sum() == 4  # Burkina Faso, Cameroon, DRC, Togo
    bottom = agenda.bottom_k_with_ties(table, "country", "sub_block", "mean")
    counts = agenda.bottom_counts(bottom, "country", "sub_block")
    assert counts.iloc[0].tolist()[:2] == ["3.1 Learning agenda", 6]
    assert (bottom["country"] == "Benin").sum() == 6  # four sub-blocks tie at 4.9 for Benin's third place


def test_charts_label_every_value(instrument):
    summary = pd.DataFrame({"dimension": instrument.dimension_ids[:5], "mean": [40.0, 45.0, 50.0, 55.0, 60.0],
                            "n": 20, "ci_low": [35.0, 40.0, 45.0, 50.0, 55.0], "ci_high": [45.0, 50.0, 55.0, 60.0, 65.0]})
    summary["label"] = summary["dimension"].map(instrument.label)
    fig = agenda.ranking_chart(planner.rank_dimensions(summary, instrument))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["40.0", "45.0", "50.0", "55.0", "60.0"]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        "suggested (three lowest)", "within reach of the third", "other"]
    counts = pd.DataFrame({"item": ["a", "b"], "groups": [3, 0]})
    fig = agenda.count_chart(counts, "item", 6, "x")
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0 of 6", "3 of 6"]
