"""learnorg.heatmap: matrices from long data, row and column summaries, and the greyscale heatmap."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from learnorg import datasets
from learnorg.heatmap import (
    HIGH_MARK, LOW_MARK, column_extremes, count_lowest, heatmap_figure, row_summary, score_matrix,
)


def small() -> pd.DataFrame:
    # Worked by hand: rows a, b; columns X, Y, Z.
    #      X    Y    Z
    # a   4.0  5.0  6.0   mean 5.0, spread 2.0
    # b   4.0  3.0  5.5   mean 4.17, spread 2.5
    return pd.DataFrame({
        "item": ["a", "a", "a", "b", "b", "b"],
        "place": ["X", "Y", "Z", "X", "Y", "Z"],
        "score": [4.0, 5.0, 6.0, 4.0, 3.0, 5.5],
    })


def test_score_matrix_keeps_first_seen_order():
    frame = small().iloc[[5, 0, 1, 2, 3, 4]]  # 'b', 'Z' first
    matrix = score_matrix(frame, "item", "place", "score")
    assert list(matrix.index) == ["b", "a"]
    assert list(matrix.columns) == ["Z", "X", "Y"]
    assert matrix.loc["b", "Y"] == 3.0


def test_score_matrix_rejects_two_values_for_one_cell():
    frame = pd.concat([small(), small().iloc[[0]]])
    with pytest.raises(ValueError, match="Several values"):
        score_matrix(frame, "item", "place", "score")


def test_score_matrix_names_a_missing_column():
    with pytest.raises(KeyError, match="nope"):
        score_matrix(small(), "item", "nope", "score")


def test_row_summary_by_hand():
    summary = row_summary(score_matrix(small(), "item", "place", "score")).set_index("item")
    assert summary.loc["a", "mean"] == 5.0
    assert summary.loc["a", "spread"] == 2.0
    assert summary.loc["a", "lowest_in"] == "X"
    assert summary.loc["a", "highest_in"] == "Z"
    assert summary.loc["b", "mean"] == pytest.approx(4.17)
    assert summary.loc["b", "spread"] == 2.5
    assert summary.loc["b", "lowest_in"] == "Y"


def test_column_extremes_name_every_tie():
    extremes = column_extremes(score_matrix(small(), "item", "place", "score")).set_index("place")
    assert extremes.loc["X", "weakest"] == "a and b"  # 4.0 and 4.0
    assert extremes.loc["X", "strongest"] == "a and b"
    assert extremes.loc["Y", "weakest"] == "b"
    assert extremes.loc["Y", "strongest_value"] == 5.0


def test_count_lowest_counts_ties():
    matrix = score_matrix(small(), "item", "place", "score")
    assert count_lowest(matrix, "b") == 3  # X (tie), Y (3.0) and Z (5.5 < 6.0)
    assert count_lowest(matrix, "a") == 1  # X (tie)
    with pytest.raises(KeyError):
        count_lowest(matrix, "c")


def test_heatmap_writes_every_value_and_marks_extremes():
    matrix = score_matrix(small(), "item", "place", "score")
    fig = heatmap_figure(matrix)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 6
    assert f"6.0 {HIGH_MARK}" in texts  # Z: a is highest
    assert f"3.0 {LOW_MARK}" in texts  # Y: b is lowest
    assert "4.0" in texts  # X: a tie across the whole column is not marked
    assert LOW_MARK in fig.axes[0].get_xlabel()  # the key to the markers is on the figure


def test_heatmap_without_marks_and_with_counts():
    counts = pd.DataFrame([[0, 3], [1, 2]], index=["r1", "r2"], columns=["c1", "c2"])
    fig = heatmap_figure(counts, value_format="{:.0f}", mark_extremes=False)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["0", "1", "2", "3"]


def test_heatmap_of_empty_matrix_fails():
    with pytest.raises(ValueError):
        heatmap_figure(pd.DataFrame())


# The Akhnif et al. (2018) table, as the chapter uses it ------------------------------------------------

def akhnif_matrix() -> pd.DataFrame:
    return score_matrix(datasets.load("akhnif2018_table1"), "sub_block", "country", "mean")


def test_akhnif_table_is_complete_and_in_range():
    table = datasets.load("akhnif2018_table1")
    assert len(table) == 66  # 11 sub-blocks x 6 countries
    assert table["country"].nunique() == 6 and table["sub_block"].nunique() == 11
    # Table 1: country means from 4.0 to 5.4; standard deviations from 1.0 to 1.8.
    assert table["mean"].min() == 4.0 and table["mean"].max() == 5.4
    assert table["sd"].min() == 1.0 and table["sd"].max() == 1.8
    assert not table.isna().any().any()


def test_akhnif_findings_the_chapter_states():
    matrix = akhnif_matrix()
    summary = row_summary(matrix).set_index("sub_block")
    # Six-country means (computed by hand from Table 1): learning agenda lowest, expertise highest.
    assert summary["mean"].idxmin() == "3.1 Learning agenda"
    assert summary.loc["3.1 Learning agenda", "mean"] == pytest.approx(4.32)
    assert summary["mean"].idxmax() == "2.2 Bringing in the right expertise"
    assert summary.loc["2.2 Bringing in the right expertise", "mean"] == pytest.approx(5.23)
    # Widest spread between countries: synthesis and action, 5.0 - 4.0.
    assert summary["spread"].idxmax() == "3.5 Synthesis and action"
    assert summary["spread"].max() == pytest.approx(1.0)
    # The learning agenda is the lowest sub-block in four of the six countries.
    assert count_lowest(matrix, "3.1 Learning agenda") == 4
    weakest = column_extremes(matrix).set_index("country")["weakest"]
    assert weakest["Benin"] == "3.2 Experimentation"
    assert weakest["Morocco"] == "3.5 Synthesis and action"
    # Country averages: Burkina Faso highest (5.06), Cameroon lowest (4.58).
    by_country = matrix.mean()
    assert by_country.idxmax() == "Burkina Faso" and round(by_country.max(), 2) == 5.06
    assert by_country.idxmin() == "Cameroon" and round(by_country.min(), 2) == 4.58


def test_akhnif_table_agrees_with_the_instrument_reference_values():
    """One source of truth: the six-country means in data/instrument/references.csv come from this table."""
    import re

    from learnorg.paths import data_dir

    refs = pd.read_csv(data_dir() / "instrument" / "references.csv")
    refs = refs[refs["source_key"] == "akhnif2018uhc"]
    assert len(refs) == 11
    means = akhnif_matrix().mean(axis=1)
    by_code = {label.split()[0]: value for label, value in means.items()}
    for label, value in zip(refs["label"], refs["value"]):
        code = re.search(r"sub-block (\d\.\d)", label).group(1)
        assert np.isclose(round(by_code[code], 2), value), (label, by_code[code], value)
