"""French edition: complete, side-by-side translations; the message catalogue; French reports; privacy."""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from learnorg import i18n, report, scoring
from learnorg.instrument import InstrumentError, load_instrument, missing_translations

#: Texts allowed to read the same in English and French (proper names); none so far.
SAME_IN_BOTH: set[str] = set()



def test_every_text_has_every_language(instrument):
    assert instrument.languages == ["en", "fr"]
    tables = [(instrument.items, "item_id", ["text"]), (instrument.scale, "value", ["label"]),
              (instrument.blocks, "block_id", ["label", "description"]),
              (instrument.dimensions, "dimension_id", ["label", "description", "next_step"])]
    for lang in instrument.languages[1:]:
        for table, key, columns in tables:
            for column in columns:
                translated = table[f"{column}_{lang}"].astype(str).str.strip()
                assert (translated != "").all(), (column, lang)
                same = table.loc[translated == table[column].astype(str).str.strip(), key]
                assert set(same) <= SAME_IN_BOTH, f"{column}_{lang} equals the English for {list(same)}"
                assert translated.is_unique or column == "label" and table is instrument.dimensions
    assert missing_translations(instrument, "fr") == []


def test_french_uses_ministry_vocabulary(instrument):
    text = " ".join(instrument.items["text_fr"]) + " " + " ".join(instrument.dimensions["next_step_fr"])
    for phrase in ("districts sanitaires", "SNIS/DHIS2", "revue après action", "formations sanitaires", "direction"):
        assert phrase in text, phrase
    assert "équipe cadre de district" in " ".join(i18n.MESSAGES["unit_hint"].values())


def test_accessors_keep_the_english_signatures(instrument):
    assert instrument.label("processes") == "Learning processes"
    assert instrument.label("processes", "fr") == "Processus d'apprentissage"
    assert instrument.text("PS3", "fr").startswith("En réunion")
    assert instrument.scale_labels("fr")[3] == "Ni d'accord ni pas d'accord"
    assert instrument.next_step("incentives", "fr").startswith("Ajoutez")
    with pytest.raises(KeyError):
        instrument.text("XX9", "fr")


def test_localized_copy_scores_identically(instrument):
    french = instrument.localized("fr")
    assert french.item_ids == instrument.item_ids and french.reverse_items == instrument.reverse_items
    assert french.label("leadership") == "Leadership qui renforce l'apprentissage"
    assert instrument.label("leadership") == "Leadership that reinforces learning"  # original untouched
    answers = pd.DataFrame([[(i % 7) + 1 for i in range(46)], [7 - (i % 7) for i in range(46)]],
                           columns=instrument.item_ids, dtype=float)
    pd.testing.assert_frame_equal(scoring.score_respondents(answers, french),
                                  scoring.score_respondents(answers, instrument))


def test_an_untranslated_instrument_is_refused_clearly(tmp_path, instrument):
    folder = tmp_path / "partial"
    shutil.copytree(instrument.source, folder)
    items = (folder / "items.csv").read_text(encoding="utf-8")
    items = items.replace(instrument.text("EX2", "fr"), "", 1)
    (folder / "items.csv").write_text(items, encoding="utf-8")
    partial = load_instrument(folder)
    with pytest.raises(InstrumentError, match=r"items.csv, row 8 \(EX2\), column 'text_fr'"):
        partial.localized("fr")


def test_catalogue_is_complete_with_matching_placeholders():
    fields = lambda text: sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)  # noqa: E731
    for key, entry in i18n.MESSAGES.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(entry.values()), key
        assert fields(entry["en"]) == fields(entry["fr"]), key
    assert i18n.t("groups_missing", "fr", n=2, by="unit") == " 2 répondant(s) sans valeur pour unit."
    with pytest.raises(ValueError, match="choose one of: en, fr"):
        i18n.t("diagnostic", "de")


def test_every_message_the_browser_form_uses_exists_in_every_language(instrument):
    """The form's messages come from the catalogue (``sa_`` + key) through the spec: every key that the page's
    markup (``data-i18n``) or selfscore.js asks for is there, non-empty, in every language of the form."""
    from bs4 import BeautifulSoup

    from learnorg import self_assessment as sa

    script = (ROOT / "learnorg" / "web" / "selfscore.js").read_text(encoding="utf-8")
    used = set(re.findall(r'\b(?:ui|say)\("(\w+)"(?!\s*\+)', script))
    used |= set(re.findall(r'\bmessage\(spec, [^,()]+, "(\w+)"', script))
    if 'ui("kind_" + row.kind)' in script:
        used |= {"kind_block", "kind_dimension"}
    spec = sa.instrument_spec(instrument)
    for lang in spec["languages"]:
        page = BeautifulSoup(sa.static_html(instrument, lang=lang), "html.parser")
        used |= {node["data-i18n"] for node in page.select("[data-i18n]")}
    assert len(used) >= 30 and {"score", "status_scored", "not_scored", "csv_bad_cell"} <= used
    assert spec["languages"] == list(i18n.LANGUAGES)
    for lang in spec["languages"]:
        texts = spec["i18n"][lang]["ui"]
        missing = sorted(key for key in used if not str(texts.get(key, "")).strip())
        assert not missing, f"{lang}: the form uses {missing}, which the catalogue lacks (add sa_<key> to i18n.MESSAGES "
        "and the key to learnorg.self_assessment.spec.UI_KEYS)"
        assert all(i18n.MESSAGES[f"sa_{key}"][lang] == texts[key] for key in used)


# --- French report and privacy -------------------------------------------------------------------


def _survey(instrument, sizes: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Everyone answers 5 on forward and 3 on reverse items (score (5-1)/6*100 = 66.7); ids are 'secret-id-N'."""
    row = {i: 3.0 if r else 5.0 for i, r in zip(instrument.items["item_id"], instrument.items["reverse"])}
    units = [u for u, n in sizes.items() for _ in range(n)]
    answers = pd.DataFrame([row] * len(units))
    meta = pd.DataFrame({"respondent_id": [f"secret-id-{k}" for k in range(len(units))], "unit": units})
    return answers, meta


def test_french_report_headings_and_labels(instrument):
    answers, meta = _survey(instrument, {"Direction A": 6, "District B": 3})
    scores = scoring.score_respondents(answers, instrument)
    html = report.build_report(instrument, scores, meta, by="unit", answers=answers, lang="fr", generated="2025-01-01")
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert headings[:3] == ["Vue d&#x27;ensemble", "Profil d&#x27;ensemble", "Résultats par unit"]
    assert "Points à améliorer" in headings and "Notes de méthode" in headings
    assert '<html lang="fr">' in html and "Processus d&#x27;apprentissage" in html
    assert "Overview" not in html and "Strengths" not in html and "Learning processes" not in html
    assert "66,7" in html or "67 sur 100" in html
    english = report.build_report(instrument, scores, meta, by="unit", answers=answers, generated="2025-01-01")
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", english)[:3] == ["Overview", "Overall profile", "Results by unit"]


def test_french_report_without_grouping_names_everyone_in_french(instrument):
    answers, meta = _survey(instrument, {"Direction A": 6, "Direction B": 6})
    meta["wave"] = ["1"] * 6 + ["2"] * 6
    scores = scoring.score_respondents(answers, instrument)
    html = report.build_report(instrument, scores, meta, answers=answers, lang="fr", generated="2025-01-01")
    assert "Ensemble des répondants" in html
    assert "All respondents" not in html


def test_small_groups_and_identifiers_never_appear(instrument):
    answers, meta = _survey(instrument, {"Direction A": 6, "District B": 3})
    scores = scoring.score_respondents(answers, instrument)
    html = report.build_report(instrument, scores, meta, by="unit", answers=answers, id_column="respondent_id")
    assert "Direction A" in html and "District B" not in html
    assert "secret-id" not in html
    with pytest.raises(ValueError, match="respondent ids"):
        report.build_report(instrument, scores, meta, by="respondent_id", id_column="respondent_id")


def test_no_scores_at_all_below_the_minimum(instrument):
    answers, meta = _survey(instrument, {"Direction A": 4})
    scores = scoring.score_respondents(answers, instrument)
    html = report.build_report(instrument, scores, meta, by="unit", answers=answers)
    assert "fewer than the minimum of 5" in html and "<img" not in html and "66.7" not in html
    assert "Direction A" not in html
    lowered = report.build_report(instrument, scores, meta, by="unit", answers=answers, min_group_size=4)
    assert "<img" in lowered and "Direction A" in lowered


def test_cli_min_group_size_and_lang(tmp_path, instrument):
    answers, meta = _survey(instrument, {"Direction A": 6, "District B": 3})
    table = pd.concat([meta, answers.astype(int)], axis=1)
    path = tmp_path / "survey.csv"
    table.to_csv(path, index=False)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "learnorg", "score", str(path), "--out-scores",
                               str(tmp_path / "s.csv"), "--by", "unit", "--report", str(tmp_path / "r.html"), *args],
                              capture_output=True, text=True, encoding="utf-8", timeout=300)

    assert run().returncode == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "District B" not in html and "secret-id" not in html
    assert run("--min-group-size", "3", "--lang", "fr").returncode == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "District B" in html and "Résultats par unit" in html and "secret-id" not in html
    bad = run("--min-group-size", "0")
    assert bad.returncode == 2 and "at least 1" in bad.stderr
    by_id = subprocess.run([sys.executable, "-m", "learnorg", "score", str(path), "--out-scores", str(tmp_path / "s.csv"),
                            "--by", "respondent_id", "--report", str(tmp_path / "r2.html")],
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert by_id.returncode == 2 and "respondent ids" in by_id.stderr
