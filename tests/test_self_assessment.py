"""The self-assessment: scoring one reader, files, test vectors and the ipywidgets form."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from learnorg import self_assessment as sa
from learnorg.instrument import load_instrument

VECTORS = ROOT / "tests" / "vectors" / "self_assessment.json"


@pytest.fixture(scope="module")
def instrument():
    return load_instrument()


def test_vectors_file_is_up_to_date():
    assert VECTORS.read_text(encoding="utf-8") == sa.vectors_text(), (
        "tests/vectors/self_assessment.json is stale: run "
        "python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json")


def test_vectors_check_command(tmp_path):
    assert sa.main(["vectors", str(VECTORS), "--check"]) == 0
    stale = tmp_path / "v.json"
    stale.write_text("{}", encoding="utf-8")
    assert sa.main(["vectors", str(stale), "--check"]) == 1


def test_vectors_cover_missing_answers_reverse_items_and_the_two_thirds_rule():
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    names = [c["name"] for c in data["cases"]]
    assert any("two-thirds answered" in n for n in names) and any("short of two-thirds" in n for n in names)
    assert any(None in c["answers"].values() for c in data["cases"])
    short = next(c for c in data["cases"] if c["name"].startswith("problem_solving: one answer short"))
    assert short["scores"]["problem_solving"] is None and short["display"]["problem_solving"] == "not scored"
    nothing = next(c for c in data["cases"] if c["name"] == "nothing answered")
    assert all(v is None for v in nothing["scores"].values())


def test_score_answers_by_hand(instrument):
    # problem_solving has SP1-SP5, SP3 reverse-worded: 4 of 5 answers are needed.
    answers = {"SP1": 7, "SP2": 6, "SP3": 1, "SP4": 5}  # SP3 counts as 7: mean (7+6+7+5)/4 = 6.25
    scores = sa.score_answers(answers, instrument)
    assert scores["problem_solving"] == pytest.approx((6.25 - 1) / 6 * 100)
    assert scores["processes"] == pytest.approx(scores["problem_solving"])  # the only scored dimension of its block
    assert scores["experimentation"] is None
    fewer = sa.score_answers({"SP1": 7, "SP2": 6, "SP3": 1}, instrument)
    assert fewer["problem_solving"] is None and fewer["processes"] is None


def test_score_answers_rejects_unknown_items(instrument):
    with pytest.raises(KeyError, match="XX1"):
        sa.score_answers({"XX1": 3}, instrument)


def test_format_score_rounds_halves_up():
    assert sa.format_score(6.25) == "6.3"  # Python's own format would give 6.2; JavaScript's toFixed gives 6.3
    assert sa.format_score(62.5) == "62.5" and sa.format_score(83.33333) == "83.3"
    assert sa.format_score(None) == "not scored" and sa.format_score(math.nan) == "not scored"


def test_profile_shows_single_dimension_blocks_once(instrument):
    spec = sa.instrument_spec(instrument)
    measures = [r["measure"] for r in spec["profile"]]
    assert "leadership" in measures and "leadership_block" not in measures
    row = next(r for r in spec["profile"] if r["measure"] == "leadership")
    assert {round(r["value"], 1) for r in row["references"]} == {76.0, round((4.92 - 1) / 6 * 100, 1)}


# ------------------------------------------------------------------------------------------- files and the CLI

def some_answers(instrument) -> dict:
    return {item: (1 + i % 7 if i % 5 else None) for i, item in enumerate(instrument.item_ids)}


def test_answers_csv_is_scored_identically_by_the_cli(tmp_path, instrument):
    answers = some_answers(instrument)
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(sa.answers_csv(answers, instrument), encoding="utf-8")
    header = csv_file.read_text().splitlines()[0].split(",")
    assert header == ["respondent_id", *instrument.item_ids]
    out = tmp_path / "scores.csv"
    result = subprocess.run([sys.executable, "-m", "learnorg", "score", str(csv_file), "--out-scores", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    scores = pd.read_csv(out).iloc[0]
    expected = sa.score_answers(answers, instrument)
    for measure, value in expected.items():
        if value is None:
            assert pd.isna(scores[measure])
        else:
            assert scores[measure] == pytest.approx(value, abs=0.005)


def test_read_answers_round_trip_csv_and_json(tmp_path, instrument):
    answers = some_answers(instrument)
    for name, text in (("a.csv", sa.answers_csv(answers, instrument)), ("a.json", sa.answers_json(answers, instrument))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert sa.read_answers(path, instrument) == answers


def test_read_answers_reports_bad_json_values(tmp_path, instrument):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"answers": {"SP1": 9}}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.json, field 'answers.SP1': expected a whole number from 1 to 7"):
        sa.read_answers(path, instrument)


def test_read_answers_wants_one_respondent(tmp_path, instrument):
    path = tmp_path / "two.csv"
    text = sa.answers_csv({}, instrument)
    path.write_text(text + text.splitlines()[1].replace("me", "you") + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected the answers of one respondent"):
        sa.read_answers(path, instrument)


# ------------------------------------------------------------------------------------------- static HTML

def test_static_form_labels_every_input(instrument):
    soup = BeautifulSoup(sa.static_html(instrument), "html.parser")
    items = soup.select("fieldset.lm-sa-item")
    assert len(items) == len(instrument.item_ids)
    for fieldset in items:
        assert fieldset.legend.get_text(strip=True)
        radios = fieldset.select("input[type=radio]")
        assert [r["value"] for r in radios] == [str(v) for v in instrument.scale["value"]]
        for radio in radios:
            assert soup.select_one(f'label[for="{radio["id"]}"]').get_text(strip=True)
    assert "Nothing you choose here is sent anywhere" in soup.get_text()
    assert soup.select_one(".lm-sa-status")["aria-live"] == "polite"
    assert soup.select_one('label[for="' + soup.select_one("input[type=file]")["id"] + '"]')
    assert json.loads(soup.select_one("script.lm-sa-data").string) == json.loads(json.dumps(sa.instrument_spec(instrument)))


def test_static_form_prints_as_a_worksheet_with_a_scoring_grid(instrument):
    soup = BeautifulSoup(sa.static_html(instrument), "html.parser")
    worksheet = soup.select_one(".print-only.lm-sa-worksheet")
    assert worksheet is not None, "no print-only worksheet for the PDF"
    rows = worksheet.select("table.grid tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [instrument.label(d) for d in instrument.dimension_ids]
    reversed_cells = [td.get_text(strip=True) for td in worksheet.select("td.item") if "†" in td.get_text()]
    assert sorted(c.rstrip("†") for c in reversed_cells) == sorted(instrument.reverse_items)


def test_mimebundle_has_widget_and_html():
    bundle = sa.self_assessment()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-lm-selfscore="self-assessment"' in bundle["text/html"]


# ------------------------------------------------------------------------------------------- the widget

@pytest.fixture
def form(instrument):
    return sa.SelfAssessmentWidget(instrument)


def test_widget_progress_and_live_scores(form, instrument):
    assert form.count.value == "0 of 46 statements answered"
    for item, value in {"SP1": 7, "SP2": 6, "SP3": 1, "SP4": 5}.items():
        form.buttons[item].value = value  # as a click would
    assert form.progress.value == 4 and form.count.value == "4 of 46 statements answered"
    assert form.scores["problem_solving"] == pytest.approx(87.5)
    assert "87.5" in form.results.value and "4 of 5" in form.results.value
    assert form.accordion.get_title(0) == "Systematic problem-solving (4 of 5)"


def test_widget_save_load_round_trip_and_reset(tmp_path, form, instrument):
    answers = some_answers(instrument)
    form.set_answers(answers)
    for suffix in (".csv", ".json"):
        form.filename.value = str(tmp_path / f"mine{suffix}")
        form.save_button.click()
        assert "Saved" in form.status.value
        form.reset_button.click()
        assert all(v is None for v in form.answers.values()) and form.progress.value == 0
        form.load_button.click()
        assert "Loaded" in form.status.value
        assert form.answers == answers
        assert form.scores == sa.score_answers(answers, instrument)


def test_widget_shows_problems_instead_of_raising(tmp_path, form):
    form.filename.value = str(tmp_path / "answers.txt")
    form.save_button.click()
    assert "Problem" in form.status.value and ".csv or .json" in form.status.value
    form.filename.value = str(tmp_path / "missing.csv")
    form.load_button.click()
    assert "Problem" in form.status.value and "file not found" in form.status.value
