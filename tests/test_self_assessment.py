"""The self-assessment: scoring one reader, files, test vectors and the ipywidgets form."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from html import escape

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from learnorg import self_assessment as sa
from learnorg.instrument import load_instrument

VECTORS = ROOT / "tests" / "vectors" / "self_assessment.json"



def test_vectors_file_is_up_to_date():
    assert VECTORS.read_text(encoding="utf-8") == sa.vectors_text(), (
        "tests/vectors/self_assessment.json is stale: run "
        "python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json")


def test_vectors_agree_with_the_independent_reference_scorer():
    """The expected scores the browser is held to come from Python; the reference scorer checks them."""
    from reference_scorer import ReferenceInstrument, score_one

    reference = ReferenceInstrument()
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    for case in data["cases"]:
        expected = score_one(case["answers"], reference)
        for measure, value in case["scores"].items():
            assert value == pytest.approx(expected[measure], abs=1e-9) if value is not None \
                else expected[measure] is None, (case["name"], measure)


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


def test_each_reference_carries_its_label_in_every_language(instrument):
    spec = sa.instrument_spec(instrument)
    written = instrument.references.set_index("label")["label_fr"]
    refs = [r for row in spec["profile"] for r in row["references"]]
    assert len(refs) == len(written) == 14
    for ref in refs:
        assert set(ref["labels"]) == set(spec["languages"]) == {"en", "fr"}
        assert ref["labels"]["en"] == ref["label"]  # `label` stays, in English
        assert ref["labels"]["fr"] == written[ref["label"]] != ref["label"]
    leadership = next(row for row in spec["profile"] if row["measure"] == "leadership")
    assert sorted(r["labels"]["fr"] for r in leadership["references"]) == [
        "Akhnif et al. 2018, sous-bloc 1.1 leadership qui renforce l'apprentissage (moyenne des six pays)",
        "Médiane de référence du LOS : leadership qui renforce l'apprentissage"]


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
    text = sa.answers_csv({"SP1": 5}, instrument)
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


# ------------------------------------------------------------------------------------------- languages

def english_only(tmp_path, instrument, drop_one: str | None = None):
    """A copy of the shipped instrument without its French (or, with ``drop_one``, missing one item text)."""
    import shutil

    folder = tmp_path / "instrument"
    shutil.copytree(instrument.source, folder)
    for name in ("items.csv", "scale.csv", "blocks.csv", "dimensions.csv", "references.csv"):
        table = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        if drop_one:
            if name == "items.csv":
                table.loc[table["item_id"] == drop_one, "text_fr"] = ""
        else:
            table = table[[c for c in table.columns if not c.endswith("_fr")]]
        table.to_csv(folder / name, index=False)
    return load_instrument(folder)


def test_spec_carries_every_text_in_english_and_french(instrument):
    spec = sa.instrument_spec(instrument)
    assert spec["languages"] == ["en", "fr"] and list(spec["i18n"]) == ["en", "fr"]
    fr, en = spec["i18n"]["fr"], spec["i18n"]["en"]
    assert list(fr["items"]) == instrument.item_ids
    for item in instrument.item_ids:
        assert fr["items"][item].strip() and fr["items"][item] == instrument.text(item, "fr") != en["items"][item]
    assert fr["scale"] == instrument.scale_labels("fr") and fr["scale"][0] == "Pas du tout d'accord"
    for measure in [*instrument.dimension_ids, *instrument.block_ids]:
        assert fr["labels"][measure] == instrument.label(measure, "fr")
    for dim in instrument.dimension_ids:
        assert fr["descriptions"][dim] == instrument.description(dim, "fr") != ""
    assert fr["instructions"].startswith("Pensez à la structure")
    assert set(fr["ui"]) == set(en["ui"]) == set(sa.UI_KEYS) and all(fr["ui"].values())
    assert fr["ui"]["score"] == "Afficher mes scores" and en["ui"]["score"] == "Show my scores"
    # Scoring data is the same whatever the language: the English fields are unchanged.
    assert [i["text"] for i in spec["items"]] == list(instrument.items["text"])


def test_static_form_has_a_labelled_language_switch_hidden_until_the_script_runs(instrument):
    soup = BeautifulSoup(sa.static_html(instrument), "html.parser")
    root = soup.select_one('[data-lm-selfscore="self-assessment"]')
    assert root["lang"] == "en"
    select = root.select_one("select[data-action=lang]")
    label = soup.select_one(f'label[for="{select["id"]}"]')
    assert label.get_text() == "Langue / Language"
    holder = select.find_parent(class_="lm-sa-lang")
    assert "screen-only" in holder["class"] and holder.has_attr("hidden")
    assert [(o["value"], o["lang"], o.get_text()) for o in select.find_all("option")] == [
        ("en", "en", "English"), ("fr", "fr", "Français")]
    # At the top of the form: before the privacy note and every statement.
    assert root.find(["p", "fieldset", "form"]) is holder
    # Every catalogue message in the page can be re-translated by the script.
    assert {n["data-i18n"] for n in root.select("[data-i18n]")} <= set(sa.UI_KEYS)
    assert len(root.select(".lm-sa-item-text")) == len(instrument.item_ids)
    # Answer labels end with the scale label as plain text, which the script replaces.
    labels = [lab.contents[-1] for lab in root.select(".lm-sa-opt label")]
    assert len(labels) == len(instrument.item_ids) * len(instrument.scale)
    assert all(isinstance(x, str) and x.strip() in instrument.scale_labels() for x in labels)
    # The French worksheet waits in an inert template (never printed without the script).
    template = root.select_one("template.lm-sa-worksheet-text")
    assert template["data-lang"] == "fr" and "Grille de calcul" in template.decode_contents()
    assert "Scoring grid" in root.select_one(".lm-sa-worksheet").get_text()


def test_static_form_in_french(instrument):
    soup = BeautifulSoup(sa.static_html(instrument, lang="fr"), "html.parser")
    root = soup.select_one('[data-lm-selfscore="self-assessment"]')
    assert root["lang"] == "fr"
    assert root.select_one("option[selected]")["value"] == "fr"
    sp1 = root.select_one('fieldset[data-item="SP1"] .lm-sa-item-text').get_text()
    assert sp1 == instrument.text("SP1", "fr")
    assert root.select_one("[data-action=score]").get_text() == "Afficher mes scores"
    assert root.select_one(".lm-sa-count").get_text() == "Affirmations renseignées : 0 sur 46"
    assert root.select_one(".lm-sa-dim-title").get_text() == instrument.label("problem_solving", "fr")
    assert "Vos réponses restent sur cet appareil" in root.get_text()
    assert "Échelle de réponse : 1 = Pas du tout d'accord ; 2 = " in root.get_text()
    assert "Grille de calcul" in root.select_one(".lm-sa-worksheet").get_text()
    assert root.select_one("template.lm-sa-worksheet-text")["data-lang"] == "en"
    # Same inputs, same ids and values as in English: answers and the CSV do not depend on the language.
    english = BeautifulSoup(sa.static_html(instrument), "html.parser")
    assert ([(i["name"], i["id"], i["value"]) for i in root.select("input[type=radio]")]
            == [(i["name"], i["id"], i["value"]) for i in english.select("input[type=radio]")])


def test_an_english_only_instrument_shows_no_switch(tmp_path, instrument):
    plain = english_only(tmp_path / "plain", instrument)
    assert plain.languages == ["en"]
    spec = sa.instrument_spec(plain)
    assert spec["languages"] == ["en"] and list(spec["i18n"]) == ["en"]
    soup = BeautifulSoup(sa.static_html(plain), "html.parser")
    assert soup.select_one("select") is None and soup.select_one(".lm-sa-lang") is None
    assert soup.select_one("template") is None
    assert len(soup.select("fieldset.lm-sa-item")) == len(plain.item_ids)
    with pytest.raises(sa.InstrumentError, match="text_fr"):
        sa.static_html(plain, lang="fr")
    with pytest.raises(sa.InstrumentError, match="text_fr"):
        sa.self_assessment(plain, lang="fr")


def test_a_partly_translated_instrument_offers_no_french(tmp_path, instrument):
    partial = english_only(tmp_path / "partial", instrument, drop_one="EX2")
    assert partial.languages == ["en", "fr"]  # the column is there ...
    assert sa.form_languages(partial) == ["en"]  # ... but one statement is missing, so no switch
    assert BeautifulSoup(sa.static_html(partial), "html.parser").select_one("select") is None
    with pytest.raises(sa.InstrumentError, match=r"row 8 \(EX2\), column 'text_fr'"):
        sa.static_html(partial, lang="fr")


def test_a_missing_french_reference_label_means_no_french_form(tmp_path, instrument):
    folder = tmp_path / "instrument"
    shutil.copytree(instrument.source, folder)
    refs = pd.read_csv(folder / "references.csv", dtype=str, keep_default_na=False)
    refs.loc[5, "label_fr"] = " "
    refs.to_csv(folder / "references.csv", index=False)
    partial = load_instrument(folder)
    assert sa.form_languages(partial) == ["en"]
    assert all(set(r["labels"]) == {"en"} for row in sa.instrument_spec(partial)["profile"] for r in row["references"])
    with pytest.raises(sa.InstrumentError, match=r"references.csv, row 7 \(environment\), column 'label_fr'"):
        sa.static_html(partial, lang="fr")


def test_format_score_in_french():
    assert sa.format_score(62.5, "fr") == "62,5" and sa.format_score(6.25, "fr") == "6,3"
    assert sa.format_score(None, "fr") == "pas de score"


def test_widget_in_french_and_switching_keeps_answers(instrument):
    form = sa.self_assessment(lang="fr").widget
    assert form.language.value == "fr" and form.language in form.view.children
    assert form.item_texts["SP1"].value == f"<p><strong>SP1.</strong> {escape(instrument.text('SP1', 'fr'))}</p>"
    assert form.save_button.description == "Enregistrer les réponses"
    assert form.count.value == "Affirmations renseignées : 0 sur 46"
    assert list(form.buttons["SP1"].tooltips) == instrument.scale_labels("fr")
    form.set_answers({"SP1": 7, "SP2": 6, "SP3": 1, "SP4": 5})
    assert form.accordion.get_title(0) == "Résolution systématique des problèmes (4 sur 5)"
    assert "87,5" in form.results.value and "Vos scores" in form.results.value
    assert "1 = Pas du tout d&#x27;accord ; 2 = " in form.intro.value
    form.reset_button.click()
    assert "Toutes les réponses ont été effacées" in form.status.value
    form.set_answers({"SP1": 7, "SP2": 6, "SP3": 1, "SP4": 5})
    french_scores = form.scores

    form.language.value = "en"  # as the dropdown would
    assert form.lang == "en" and form.save_button.description == "Save answers"
    assert form.accordion.get_title(0) == "Systematic problem-solving (4 of 5)"
    assert "All answers cleared" in form.status.value  # the last message, said again in English
    assert form.answers["SP1"] == 7 and form.scores == french_scores
    assert "87.5" in form.results.value


def test_widget_refuses_a_language_the_instrument_lacks(instrument):
    with pytest.raises(ValueError, match="choose one of: en, fr"):
        sa.SelfAssessmentWidget(instrument, lang="de")


def test_french_mimebundle_html_starts_in_french():
    bundle = sa.self_assessment(lang="fr")._repr_mimebundle_()
    assert 'lang="fr"' in bundle["text/html"] and "Afficher mes scores" in bundle["text/html"]
