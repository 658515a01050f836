"""The chapter's analysis helpers and accessible bar chart, and every chapter's charts legible on a phone."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.figure  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from learnorg.figures import (  # noqa: E402
    MIN_TEXT_PX,
    MINUS,
    PHONE_CHART_PX,
    PHONE_WIDTH_IN,
    SMALLEST_FONT_PT,
    change_bar_chart,
    format_percent,
    legible_width_px,
    rank_changes,
    shown_width_pt,
    smallest_text_pt,
    text_px_when_shown,
    wrap,
)

CHAPTERS_WITH_CHARTS = sorted(p for p in (ROOT / "book").rglob("*.ipynb")
                              if ".ipynb_checkpoints" not in p.parts and "plt.show()" in p.read_text(encoding="utf-8"))

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


# ------------------------------------------------------------------------------------------------ legible on a phone

def test_text_size_on_a_phone_follows_from_the_image_width():
    """Shown 360 px wide, a chart PHONE_WIDTH_IN wide keeps SMALLEST_FONT_PT text at MIN_TEXT_PX or more; the
    same chart 7 inches wide (the old default) does not; the legible width scales with the image width."""
    narrow, _ = plt.subplots(figsize=(PHONE_WIDTH_IN, 3), layout="constrained")
    narrow.axes[0].set_xlabel("x", fontsize=SMALLEST_FONT_PT)
    narrow.axes[0].tick_params(labelsize=SMALLEST_FONT_PT)
    assert smallest_text_pt(narrow) == SMALLEST_FONT_PT
    width = shown_width_pt(narrow)
    assert PHONE_WIDTH_IN * 72 < width <= PHONE_CHART_PX * SMALLEST_FONT_PT / MIN_TEXT_PX
    assert text_px_when_shown(narrow) == pytest.approx(SMALLEST_FONT_PT * PHONE_CHART_PX / width)
    assert text_px_when_shown(narrow) >= MIN_TEXT_PX
    wide, _ = plt.subplots(figsize=(7, 3), layout="constrained")
    wide.axes[0].set_xlabel("x", fontsize=SMALLEST_FONT_PT)
    wide.axes[0].tick_params(labelsize=SMALLEST_FONT_PT)
    assert text_px_when_shown(wide) < MIN_TEXT_PX
    assert legible_width_px(shown_width_pt(wide)) > PHONE_CHART_PX >= legible_width_px(width)
    assert legible_width_px(720, smallest_pt=10, min_px=9) == pytest.approx(648)


def test_wrap_breaks_long_labels_at_spaces_only():
    assert wrap("Medroxyprogesterone acetate doses") == "Medroxyprogesterone\nacetate doses"
    assert wrap("Short") == "Short"
    assert wrap("Incomprehensibilities", 5) == "Incomprehensibilities"


def chapter_charts(notebook, monkeypatch) -> list[matplotlib.figure.Figure]:
    """Every figure the code cells of ``notebook`` make, run here with Agg (magics and shell lines left out)."""
    made: list[matplotlib.figure.Figure] = []
    init = matplotlib.figure.Figure.__init__

    def recording(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", recording)
    monkeypatch.chdir(notebook.parent)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__main__"}
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        exec(compile(code, str(notebook), "exec"), namespace)
    return made


@pytest.mark.parametrize("notebook", CHAPTERS_WITH_CHARTS, ids=lambda p: p.stem)
def test_every_chapter_chart_is_legible_on_a_phone(notebook, monkeypatch):
    """No chart text under SMALLEST_FONT_PT: the site relies on it to show a wide chart at its legible width
    (learnorg.booktools.sphinx_charts). A chart made at phone width must also stay that narrow once saved (no
    label sticking out), so that its smallest text is at least MIN_TEXT_PX when shown PHONE_CHART_PX wide."""
    charts = chapter_charts(notebook, monkeypatch)
    assert charts, f"{notebook.name} shows charts but none was made"
    small, overflowing = [], []
    for n, fig in enumerate(charts, start=1):
        if smallest_text_pt(fig) < SMALLEST_FONT_PT:
            small.append(f"chart {n}: text of {smallest_text_pt(fig):g} pt")
        if fig.get_figwidth() <= PHONE_WIDTH_IN and text_px_when_shown(fig) < MIN_TEXT_PX:
            overflowing.append(f"chart {n}: saved {shown_width_pt(fig) / 72:.2f} in wide, "
                               f"text {text_px_when_shown(fig):.1f} px at {PHONE_CHART_PX} px")
    assert not small, f"{notebook.name}: chart text under {SMALLEST_FONT_PT} pt: {small}"
    assert not overflowing, f"{notebook.name}: phone-width charts wider than made: {overflowing}"
