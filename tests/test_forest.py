"""Forest plots: the table beside the chart, the 'excludes no effect' rule, and an accessible figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from learnorg.figures import MINUS  # noqa: E402
from learnorg.forest import CLEAR, UNCLEAR, excludes_null, forest_plot, forest_table, interval_text  # noqa: E402

# Three rows from Anselmi et al. 2017, Table 3, plus one made-up row that touches zero.
FRAME = pd.DataFrame(
    {
        "outcome": ["Facility delivery", "Oxytocin stock-out", "Kindness at delivery", "Touches zero"],
        "group": ["Outcome", "Mediator", "Mediator", "Mediator"],
        "effect": [8.2, -36.2, 4.3, 2.0],
        "low": [3.6, -55.9, -0.4, 0.0],
        "high": [12.8, -16.4, 9.0, 4.0],
    }
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_interval_text_uses_true_minus_signs():
    assert interval_text(8.2, 3.6, 12.8) == "8.2 (3.6 to 12.8)"
    assert interval_text(-36.2, -55.9, -16.4) == f"{MINUS}36.2 ({MINUS}55.9 to {MINUS}16.4)"
    assert interval_text(0.157, 0.026, 0.289, decimals=3) == "0.157 (0.026 to 0.289)"


@pytest.mark.parametrize(
    ("low", "high", "null", "expected"),
    [(3.6, 12.8, 0, True), (-55.9, -16.4, 0, True), (-0.4, 9.0, 0, False), (0.0, 4.0, 0, False),
     (0.8, 1.2, 1, False), (1.1, 1.5, 1, True)],
)
def test_excludes_null(low, high, null, expected):
    assert excludes_null(low, high, null) is expected


def test_excludes_null_rejects_a_reversed_interval():
    with pytest.raises(ValueError, match="above the upper end"):
        excludes_null(5, 1)


def test_forest_table_keeps_order_and_gives_verdicts():
    table = forest_table(FRAME, "outcome", "effect", "low", "high")
    assert table["outcome"].tolist() == FRAME["outcome"].tolist()
    assert table["verdict"].tolist() == [CLEAR, CLEAR, UNCLEAR, UNCLEAR]
    assert table["CI width"].tolist() == pytest.approx([9.2, 39.5, 9.4, 4.0])
    assert table.loc[0, "95% CI"] == "8.2 (3.6 to 12.8)"


def test_forest_table_names_missing_columns_and_reversed_rows():
    with pytest.raises(KeyError, match="lower"):
        forest_table(FRAME, "outcome", "effect", "lower", "high")
    bad = FRAME.assign(low=FRAME["high"] + 1)
    with pytest.raises(ValueError, match="Facility delivery"):
        forest_table(bad, "outcome", "effect", "low", "high")


def test_forest_plot_marks_and_labels_every_row():
    fig = forest_plot(FRAME, "outcome", "effect", "low", "high", group="group")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # Top to bottom on the chart: group heading, then its rows, in order of first appearance.
    assert labels[::-1] == ["Outcome", "Facility delivery", "Mediator", "Oxytocin stock-out",
                            "Kindness at delivery", "Touches zero"]
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert sorted(bold) == ["Mediator", "Outcome"]
    written = [t.get_text() for t in ax.texts]
    assert "8.2 (3.6 to 12.8)" in written and len(written) == len(FRAME)
    # Filled squares for clear rows, open circles for the others (no meaning by colour alone).
    markers = [(line.get_marker(), line.get_markerfacecolor()) for line in ax.lines if line.get_marker() in ("s", "o")]
    assert markers.count(("s", "black")) == 2 and markers.count(("o", "white")) == 2
    assert fig.legends, "the marker meanings are explained in a legend"


def test_forest_plot_without_groups_and_with_an_unknown_group():
    fig = forest_plot(FRAME, "outcome", "effect", "low", "high", null=1.0)
    assert len(fig.axes[0].get_yticklabels()) == len(FRAME)
    with pytest.raises(KeyError, match="arm"):
        forest_plot(FRAME, "outcome", "effect", "low", "high", group="arm")
