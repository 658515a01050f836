"""learnorg.case_stats: counting the case library by building block and capacity."""

from __future__ import annotations

import pandas as pd
import pytest

from learnorg.case_stats import (
    block_capacity_counts, block_coverage, blocks_per_case, region_counts, thin_cells, thinnest_blocks,
)
from learnorg.cases import BLOCKS, CAPACITIES, load_cases


def tiny() -> pd.DataFrame:
    """Three made-up cases, enough to count by hand."""
    return pd.DataFrame({
        "id": ["a", "b", "c"],
        "title": ["Case A", "Case B", "Case C"],
        "countries": [["Ghana"], ["Ghana", "Togo"], ["Peru"]],
        "region": ["sub_saharan_africa", "sub_saharan_africa", "latin_america_caribbean"],
        "building_blocks": [["experimentation"], ["experimentation", "knowledge_transfer"],
                            ["systematic_problem_solving"]],
        "capacities": [["adaptive"], ["adaptive", "transformative"], ["absorptive"]],
        "figures": [[{}], [{}, {}], []],
    })


def test_block_coverage_by_hand():
    coverage = block_coverage(tiny()).set_index("block")
    assert list(coverage.index) == list(BLOCKS.values())
    exp = coverage.loc["Experimentation"]
    assert exp["cases"] == 2 and exp["share"] == pytest.approx(66.7)
    assert exp["regions"] == 1 and exp["countries"] == 2 and exp["key_figures"] == 3
    assert exp["case_ids"] == "a, b"
    assert coverage.loc["Learning from others", "cases"] == 0
    assert coverage.loc["Systematic problem-solving", "regions"] == 1


def test_block_capacity_counts_by_hand():
    counts = block_capacity_counts(tiny())
    assert list(counts.columns) == list(CAPACITIES.values())
    assert counts.loc["Experimentation", "Adaptive capacity"] == 2
    assert counts.loc["Experimentation", "Transformative capacity"] == 1
    assert counts.loc["Knowledge transfer", "Transformative capacity"] == 1
    assert counts.loc["Systematic problem-solving", "Absorptive capacity"] == 1
    assert counts.to_numpy().sum() == 1 + 4 + 1  # a: 1 block x 1 capacity, b: 2 x 2, c: 1 x 1


def test_thin_cells_and_thinnest_blocks():
    counts = block_capacity_counts(tiny())
    empty = thin_cells(counts, below=1)
    assert len(empty) == 15 - 5  # 5 of the 15 cells hold at least one case
    assert (empty["cases"] == 0).all()
    thin = thin_cells(counts, below=2)
    assert len(thin) == 15 - 1  # every cell except Experimentation x Adaptive (2)
    assert set(thinnest_blocks(tiny())) == {"Learning from past experience", "Learning from others"}
    with pytest.raises(ValueError):
        thin_cells(counts, below=0)


def test_region_counts_and_blocks_per_case():
    regions = region_counts(tiny()).set_index("region")["cases"]
    assert regions["Sub-Saharan Africa"] == 2 and regions["South Asia"] == 0
    assert blocks_per_case(tiny()).to_dict() == {1: 2, 2: 1}


def test_the_shipped_library_is_counted_consistently():
    cases = load_cases()
    coverage = block_coverage(cases)
    tags = sum(len(blocks) for blocks in cases["building_blocks"])
    assert coverage["cases"].sum() == tags
    assert blocks_per_case(cases).sum() == len(cases)
    assert region_counts(cases)["cases"].sum() == len(cases)
    counts = block_capacity_counts(cases)
    pairs = sum(len(b) * len(c) for b, c in zip(cases["building_blocks"], cases["capacities"]))
    assert counts.to_numpy().sum() == pairs
