"""Charts and the self-contained HTML report, on small hand-made data with known scores."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure

from learnorg import report, scoring

EVIL = "<script>alert(1)</script>"



def answers_for(instrument, value: int, n: int) -> pd.DataFrame:
    """n respondents who all give ``value`` on forward items and 8 - value on reverse items: score (value-1)/6*100."""
    row = {i: float(8 - value if r else value) for i, r in zip(instrument.items["item_id"], instrument.items["reverse"])}
    return pd.DataFrame([row] * n)


@pytest.fixture(scope="module")
def survey(instrument):
    """Three units in two waves: 'Alpha' (6 per wave, 50 then 100), EVIL (5 per wave, 2 then 4 -> 16.7, 50), 'Tiny' (2)."""
    parts, meta = [], []
    for unit, n, (v1, v2) in (("Alpha", 6, (4, 7)), (EVIL, 5, (2, 4)), ("Tiny", 2, (5, 5))):
        for wave, value in ((1, v1), (2, v2)):
            parts.append(answers_for(instrument, value, n))
            meta += [{"unit": unit, "wave": wave, "role": "Manager"}] * n
    answers = pd.concat(parts, ignore_index=True)
    # give respondent 0 a small spread so that the dimension scores vary a little
    answers.loc[0, instrument.items_of("experimentation")[0]] = 5.0
    return answers, pd.DataFrame(meta)


@pytest.fixture(scope="module")
def html(instrument, survey):
    answers, groups = survey
    scores = scoring.score_respondents(answers, instrument)
    return report.build_report(instrument, scores, groups, by="unit", synthetic=True, answers=answers,
                               generated="2024-01-01")


class Tags(HTMLParser):
    """Collect start tags (with attributes) and end tags in order."""

    def __init__(self):
        super().__init__()
        self.events: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}))


def parse(text: str) -> list[tuple[str, str, dict]]:
    parser = Tags()
    parser.feed(text)
    return parser.events


# ---------------------------------------------------------------------------------------------- report


def test_report_is_a_self_contained_document(html):
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?//""", html)
    events = parse(html)
    sources = [a.get("src", "") for kind, tag, a in events if kind == "start" and "src" in a]
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "url(" not in html  # no external assets in the inline CSS either
    # the only absolute links are ordinary reading links (<a>), never assets
    for kind, tag, attrs in events:
        if kind == "start" and "href" in attrs:
            assert tag == "a"


def test_data_strings_are_escaped(instrument, survey):
    answers, groups = survey
    scores = scoring.score_respondents(answers, instrument)
    text = report.build_report(instrument, scores, groups, by="unit", title=f"Report {EVIL}")
    assert EVIL not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<title>Report &lt;script&gt;" in text


def test_small_groups_are_suppressed_and_counted(html):
    assert "Tiny" not in html
    assert "1 group(s) with fewer than 5 respondents are not shown" in html
    assert "Alpha" in html


def test_suppression_threshold_is_configurable(instrument, survey):
    answers, groups = survey
    scores = scoring.score_respondents(answers, instrument)
    text = report.build_report(instrument, scores, groups, by="unit", min_group_size=2)
    assert "Tiny" in text
    text = report.build_report(instrument, scores, groups, by="unit", min_group_size=6)
    assert "&lt;script&gt;" not in text and "2 group(s) with fewer than 6" in text


def test_synthetic_banner_only_when_asked(instrument, survey, html):
    answers, groups = survey
    scores = scoring.score_respondents(answers, instrument)
    assert "SYNTHETIC DATA" in html
    assert "SYNTHETIC DATA" not in report.build_report(instrument, scores, groups, by="unit")


def test_every_image_has_alt_text_and_is_followed_by_a_table(html):
    events = parse(html)
    images = [a for kind, tag, a in events if kind == "start" and tag == "img"]
    assert len(images) == 3  # profile, heatmap, wave change
    assert all(a.get("alt", "").strip() for a in images)
    for i, (kind, tag, _a) in enumerate(events):
        if kind == "end" and tag == "figure":
            following = [t for k, t, _ in events[i + 1 :] if k == "start" and t in ("figure", "table", "h2", "h3")]
            assert following[0] == "table", f"figure {i} is not followed by its table"


def test_headings_are_in_order_and_tables_are_accessible(html):
    events = parse(html)
    levels = [int(tag[1]) for kind, tag, _a in events if kind == "start" and re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    tables = sum(1 for kind, tag, _a in events if kind == "start" and tag == "table")
    captions = sum(1 for kind, tag, _a in events if kind == "start" and tag == "caption")
    assert tables == captions >= 7
    headers = [a for kind, tag, a in events if kind == "start" and tag == "th"]
    assert headers and all(a.get("scope") == "col" for a in headers)


def test_report_sections(html):
    for heading in ("Overview", "Overall profile", "Results by unit", "Change between waves", "Strengths",
                    "Gaps", "Suggested next steps", "Reliability", "Method notes", "Reference values"):
        assert f">{heading}" in html, heading
    assert "not a grade" in html
    assert "2024-01-01" in html
    assert "Cronbach" in html


def test_report_numbers_match_hand_computed_scores(html, instrument):
    # Latest wave: Alpha answered 7 everywhere (100), EVIL 4 (50), Tiny 5: 6 + 5 + 2 = 13 respondents.
    assert "<td>Respondents in those results</td><td>13</td>" in html
    block = instrument.label("leadership_block")
    assert f"<td>Alpha</td><td>6</td><td>100.0</td>" in html
    assert block in html
    # wave change of Alpha's leadership: 100 - 50 = +50
    assert "<td>Alpha</td><td>Leadership that reinforces learning</td><td>6</td><td>50.0</td><td>6</td>" \
           "<td>100.0</td><td>50.0</td>" in html


def test_no_wave_section_with_a_single_wave(instrument, survey):
    answers, groups = survey
    one = groups["wave"] == 1
    scores = scoring.score_respondents(answers[one], instrument)
    text = report.build_report(instrument, scores, groups[one], by="unit")
    assert "Change between waves" not in text
    assert text.count("<img") == 2


def test_report_without_groups(instrument, survey):
    answers, _groups = survey
    scores = scoring.score_respondents(answers, instrument)
    text = report.build_report(instrument, scores, None)
    assert text.count("<img") == 1 and "Results by" not in text
    assert "Not computed" in text  # no answers given, so no reliability table


def test_unknown_breakdown_column_is_named(instrument, survey):
    answers, groups = survey
    scores = scoring.score_respondents(answers, instrument)
    with pytest.raises(ValueError, match="'district'.*unit"):
        report.build_report(instrument, scores, groups, by="district")


def test_report_leaves_no_open_figures(instrument, survey):
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    answers, groups = survey
    report.build_report(instrument, scoring.score_respondents(answers, instrument), groups, by="unit")
    assert len(plt.get_fignums()) == before


# ---------------------------------------------------------------------------------------------- charts


def summary_of(instrument, means: dict[str, float], group: str = "All respondents") -> pd.DataFrame:
    rows = []
    for m in instrument.dimension_ids + instrument.block_ids:
        v = means.get(m, 50.0)
        rows.append({"group": group, "measure": m, "n": 10, "mean": v, "sd": 5.0, "ci_low": v - 3, "ci_high": v + 3})
    return pd.DataFrame(rows)


def test_profile_chart_draws_one_bar_per_row(instrument):
    summary = summary_of(instrument, {"experimentation": 20.0})
    fig = report.profile_chart(summary, scoring.reference_values(instrument), instrument)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)][0]
    # 11 dimensions + the 2 blocks with several dimensions (single-dimension blocks equal their dimension)
    assert len(bars) == 13
    widths = {t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), bars)}
    assert widths["Experimentation"] == 20.0
    hatched = [p for p in bars if p.get_hatch()]
    assert len(hatched) == 2  # blocks are hatched, not just coloured
    # every reference value (14, all matching a row) is drawn as an open marker
    markers = sum(len(line.get_xdata()) for line in ax.lines if line.get_marker() in report.REFERENCE_MARKERS)
    assert markers == len(scoring.reference_values(instrument)) == 14
    assert "different instrument" in " ".join(t.get_text() for t in fig.legends[0].get_texts())
    matplotlib.pyplot.close(fig)


def test_profile_table_matches_the_summary(instrument):
    summary = summary_of(instrument, {"leadership": 80.0})
    table = report.profile_table(summary, instrument, scoring.reference_values(instrument))
    row = table[table["Measure"] == "Leadership that reinforces learning"].iloc[0]
    assert row["Mean (0-100)"] == 80.0 and row["95% CI"] == "77.0 to 83.0"
    assert row["Indicative reference(s)"] == "76 (LOS benchmark median); 65 (Akhnif et al. 2018)"


def test_french_reference_labels_in_the_table_chart_and_report(instrument):
    summary = summary_of(instrument, {"leadership": 80.0})
    french = scoring.localized_references(scoring.reference_values(instrument), "fr")
    table = report.profile_table(summary, instrument, french, lang="fr")
    row = table[table["Measure"] == "Leadership that reinforces learning"].iloc[0]
    assert row["Indicative reference(s)"] == "76 (Médiane de référence du LOS); 65 (Akhnif et al. 2018)"
    fig = report.profile_chart(summary, french, instrument, lang="fr")
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "Médiane de référence du LOS" in legend and "LOS benchmark" not in legend
    matplotlib.pyplot.close(fig)
    # The report in French shows the French labels, and the English report the English ones.
    row_answers = {i: 3.0 if r else 5.0 for i, r in zip(instrument.items["item_id"], instrument.items["reverse"])}
    answers = pd.DataFrame([row_answers] * 6)
    scores = scoring.score_respondents(answers, instrument)
    html = report.build_report(instrument, scores, pd.DataFrame({"unit": ["A"] * 6}), lang="fr", generated="2025-01-01")
    assert "sous-bloc 3.4 veille et expertise (moyenne des six pays)" in html and "Médiane de référence du LOS" in html
    assert "benchmark median" not in html and "six-country mean" not in html
    english = report.build_report(instrument, scores, pd.DataFrame({"unit": ["A"] * 6}), generated="2025-01-01")
    assert "LOS benchmark median" in english and "Médiane" not in english


def test_localized_references_need_the_language(instrument):
    refs = scoring.reference_values(instrument)
    assert scoring.localized_references(refs, "en") is refs
    with pytest.raises(ValueError, match="no 'label_fr' column"):
        scoring.localized_references(refs.drop(columns="label_fr"), "fr")
    blank = refs.assign(label_fr=[""] + list(refs["label_fr"][1:]))
    with pytest.raises(ValueError, match="empty 'label_fr'"):
        scoring.localized_references(blank, "fr")


def test_profile_chart_needs_a_group_when_there_are_several(instrument):
    summary = pd.concat([summary_of(instrument, {}, "A"), summary_of(instrument, {}, "B")])
    with pytest.raises(ValueError, match="group="):
        report.profile_chart(summary, None, instrument)
    matplotlib.pyplot.close(report.profile_chart(summary, None, instrument, group="B"))


def test_heatmap_prints_every_cell_and_marks_missing_ones(instrument):
    summary = pd.concat([
        summary_of(instrument, {"incentives": np.nan, "experimentation": 12.4}, "Unit $x$ & <b>"),
        summary_of(instrument, {}, "Other"),
    ])
    fig = report.heatmap_chart(summary, instrument)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 2 * 11
    assert texts.count("–") == 1 and "12" in texts
    fig.savefig(__import__("io").BytesIO(), format="png")  # '$' in a name must not break rendering
    matplotlib.pyplot.close(fig)
    table = report.heatmap_table(summary, instrument)
    assert table.shape == (2, 12) and table.loc[0, "Group"] == "Unit $x$ & <b>"


def wave_frame(instrument, units=("A", "B", "C")):
    rows = []
    for k, u in enumerate(units):
        for m in instrument.dimension_ids + instrument.block_ids:
            rows.append({"unit": u, "measure": m, "n_first": 8, "mean_first": 50.0, "n_second": 9,
                         "mean_second": 50.0 + k, "change": float(k), "ci_low": k - 4.0, "ci_high": k + 4.0})
    return pd.DataFrame(rows)


def test_wave_chart_one_series_per_block_one_point_per_unit(instrument):
    change = wave_frame(instrument)
    fig = report.wave_chart(change, instrument)
    series = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert len(series) == len(instrument.block_ids) == 4
    assert all(len(s.lines[0].get_xdata()) == 3 for s in series)
    assert len({s.lines[0].get_marker() for s in series}) == 4  # shapes, not colours, tell blocks apart
    matplotlib.pyplot.close(fig)
    fig = report.wave_chart(change, instrument, measure="experimentation")
    series = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert len(series) == 1 and list(series[0].lines[0].get_xdata()) == [0.0, 1.0, 2.0]
    matplotlib.pyplot.close(fig)
    table = report.wave_table(change, instrument, measure="experimentation")
    assert list(table["Change"]) == [0.0, 1.0, 2.0] and table.loc[2, "95% CI of change"] == "-2.0 to 6.0"


def test_strengths_and_gaps(instrument):
    means = {d: 50.0 for d in instrument.dimension_ids}
    means.update({"openness_to_new_ideas": 90.0, "leadership": 85.0, "incentives": 80.0,
                  "time_for_reflection": 10.0, "experimentation": 20.0, "knowledge_transfer": 30.0,
                  "problem_solving": np.nan})
    result = report.strengths_and_gaps(summary_of(instrument, means), instrument, k=3,
                                       link_base="https://example.org/book/")
    strengths = result[result["kind"] == "strength"]
    gaps = result[result["kind"] == "gap"]
    assert list(strengths["dimension"]) == ["openness_to_new_ideas", "leadership", "incentives"]
    assert list(gaps["dimension"]) == ["time_for_reflection", "experimentation", "knowledge_transfer"]
    steps = instrument.dimensions.set_index("dimension_id")["next_step"]
    assert gaps.iloc[0]["next_step"] == steps["time_for_reflection"]
    assert gaps.iloc[0]["link"] == f"https://example.org/book/{report.CODEBOOK_PAGE}.html"
    linked = report.strengths_and_gaps(summary_of(instrument, means), instrument,
                                       chapter_pages={"time_for_reflection": "book/reflection"})
    assert linked[linked["dimension"] == "time_for_reflection"]["link"].iloc[0].endswith("/book/reflection.html")
    # with only four scored dimensions, k=3 shrinks so strengths and gaps never overlap
    few = dict.fromkeys(instrument.dimension_ids, np.nan) | {
        "leadership": 1.0, "incentives": 2.0, "experimentation": 3.0, "past_experience": 4.0,
    }
    small = report.strengths_and_gaps(summary_of(instrument, few), instrument, k=3)
    assert len(small) == 4
    assert list(small["dimension"]) == ["past_experience", "experimentation", "leadership", "incentives"]


def test_dimensions_table(instrument):
    table = report.dimensions_table(instrument)
    assert len(table) == 11 and table["Items"].sum() == len(instrument.item_ids)
    assert table["Reverse-worded items"].sum() == int(instrument.items["reverse"].sum())
    row = table[table["Dimension"] == "Time for reflection"].iloc[0]
    assert row["Block"] == "Supportive learning environment" and row["Items"] == 4
