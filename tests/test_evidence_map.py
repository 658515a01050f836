"""learnorg.evidence_map: the case library counted by building block, capacity and kind of evidence."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from learnorg.cases import BLOCKS, CAPACITIES, EVIDENCE, load_cases
from learnorg.evidence_map import (
    COMPARATIVE, comparative_share, count_bar_figure, evidence_by, evidence_counts, evidence_grid, evidence_map,
    evidence_map_figure, evidence_summary, strongest_blocks, thin_evidence,
)

matplotlib.use("Agg")


def tiny() -> pd.DataFrame:
    """Four made-up cases, enough to count by hand."""
    return pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "building_blocks": [["experimentation"], ["experimentation", "knowledge_transfer"],
                            ["learning_from_past_experience"], ["experimentation"]],
        "capacities": [["adaptive"], ["adaptive", "transformative"], ["absorptive"], ["adaptive"]],
        "evidence": ["trial", "quasi_experimental", "descriptive", "descriptive"],
    })


def test_evidence_counts_by_hand():
    counts = evidence_counts(tiny()).set_index("evidence")
    assert list(counts.index) == list(EVIDENCE)
    assert counts["cases"].to_dict() == {"trial": 1, "quasi_experimental": 1, "evaluation": 0, "descriptive": 2}
    assert counts.loc["descriptive", "share"] == pytest.approx(50.0)
    assert counts.loc["evaluation", "label"] == "Evaluation without a comparison group"
    assert comparative_share(tiny()) == pytest.approx(50.0)
    assert comparative_share(tiny(), kinds=("trial",)) == pytest.approx(25.0)


def test_evidence_by_block_and_capacity():
    blocks = evidence_by(tiny(), "building_blocks")
    assert list(blocks.index) == list(BLOCKS.values()) and list(blocks.columns) == list(EVIDENCE.values())
    assert blocks.loc["Experimentation", "Randomised trial"] == 1
    assert blocks.loc["Experimentation", "Comparison without randomisation"] == 1
    assert blocks.loc["Experimentation", "Descriptive account"] == 1
    assert blocks.loc["Knowledge transfer", "Comparison without randomisation"] == 1
    assert blocks.to_numpy().sum() == 5  # block tags: 1 + 2 + 1 + 1
    capacities = evidence_by(tiny(), "capacities")
    assert list(capacities.index) == list(CAPACITIES.values())
    assert capacities.loc["Adaptive capacity"].sum() == 3
    with pytest.raises(ValueError, match="'by' must be one of"):
        evidence_by(tiny(), "region")


def test_three_way_map_by_hand():
    table = evidence_map(tiny())
    assert len(table) == len(BLOCKS) * len(CAPACITIES) == 15
    row = table[(table["block"] == "Experimentation") & (table["capacity"] == "Adaptive capacity")].iloc[0]
    assert row["all"] == 3 and row["comparative"] == 2 and row["Descriptive account"] == 1
    row = table[(table["block"] == "Knowledge transfer") & (table["capacity"] == "Transformative capacity")].iloc[0]
    assert row["all"] == 1 and row["comparative"] == 1
    # Each case counts once per (block, capacity) pair: 1 + 4 + 1 + 1 = 7.
    assert table["all"].sum() == 7
    grid = evidence_grid(tiny())
    assert grid.shape == (15, 4)
    assert grid.loc["Experimentation · adaptive", "Randomised trial"] == 1


def test_thin_evidence_and_summary():
    thin = thin_evidence(tiny())
    assert len(thin) == 15 - 4  # pairs with a comparative case: experimentation x 2, knowledge transfer x 2
    past = thin[thin["block"] == "Learning from past experience"].set_index("capacity")
    assert past.loc["Absorptive capacity", "all"] == 1 and past.loc["Absorptive capacity", "comparative"] == 0
    assert len(thin_evidence(tiny(), below=2)) == 14  # only exp x adaptive has two
    with pytest.raises(ValueError):
        thin_evidence(tiny(), below=0)
    summary = evidence_summary(tiny())
    assert summary["cases"] == 4 and summary["comparative"] == 2 and summary["descriptive"] == 2
    assert summary["pairs"] == 15 and summary["pairs_without_cases"] == 10
    assert summary["pairs_without_comparative"] == 11
    assert strongest_blocks(tiny()) == ["Experimentation"]


def test_unknown_or_missing_evidence_is_refused():
    bad = tiny().assign(evidence=["trial", "anecdote", "descriptive", "descriptive"])
    with pytest.raises(ValueError, match="anecdote"):
        evidence_counts(bad)
    with pytest.raises(KeyError, match="evidence"):
        evidence_map(tiny().drop(columns="evidence"))


def test_figures_carry_every_count_as_text():
    fig = evidence_map_figure(tiny())
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 15 * 4 and texts.count("1") == 7 and texts.count("0") == 53
    bars = count_bar_figure(pd.DataFrame({"category": ["x", "y"], "n": [3, 5]}), "category", "n")
    assert [t.get_text() for t in bars.axes[0].texts] == ["3", "5"]
    with pytest.raises(ValueError):
        count_bar_figure(pd.DataFrame({"category": [], "n": []}), "category", "n")


def test_the_shipped_library_is_counted_consistently():
    cases = load_cases()
    counts = evidence_counts(cases)
    assert counts["cases"].sum() == len(cases)
    summary = evidence_summary(cases)
    assert summary["comparative"] == int(cases["evidence"].isin(COMPARATIVE).sum())
    blocks = evidence_by(cases, "building_blocks")
    assert blocks.to_numpy().sum() == sum(len(b) for b in cases["building_blocks"])
    table = evidence_map(cases)
    pairs = sum(len(b) * len(c) for b, c in zip(cases["building_blocks"], cases["capacities"]))
    assert table["all"].sum() == pairs
    assert (table["comparative"] <= table["all"]).all()
