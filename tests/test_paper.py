"""The printable questionnaire and the data-entry template."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import openpyxl
import pytest

from learnorg.instrument import load_instrument
from learnorg.paper import REVERSE_SYMBOL, TEMPLATE_COLUMNS, paper_form_html, write_template
from learnorg.readers import read_survey
from learnorg.scoring import score_respondents

EVIL = "<script>alert(1)</script>"



@pytest.fixture(scope="module")
def html(instrument):
    return paper_form_html(instrument)


def test_seven_boxes_per_item_under_the_scale_labels(html, instrument):
    for item in instrument.item_ids:
        assert len(re.findall(rf'aria-label="{item}: \d – ', html)) == 7, item
    heads = re.findall(r'<th class="opt" scope="col">(\d)<br>([^<]+)</th>', html)
    assert heads[:7] == [(str(v), label.replace("'", "&#x27;")) for v, label in
                         zip(instrument.scale["value"], instrument.scale["label"])]
    assert html.count("<table><caption>") == len(instrument.dimension_ids)


def test_reverse_items_and_only_they_carry_the_symbol(html, instrument):
    marked = set(re.findall(rf'scope="row">(\w+) <span class="rev">{REVERSE_SYMBOL}</span>', html))
    assert marked == set(instrument.reverse_items) and len(marked) == 14


def test_instructions_confidentiality_and_fields(html):
    assert "Think of the unit you work in most" in html
    assert "Your answers are confidential" in html and "at least 5 people" in html
    for field in ("Your unit", "Your role", "Date"):
        assert f">{field}:" in html


def test_scoring_grid(html, instrument):
    grid = html[html.index('<table class="grid">'):]
    rows = re.findall(r'<tr><th class="dim" scope="row">', grid)
    assert len(rows) == len(instrument.dimension_ids)
    assert "8 − answer" in html and "(mean − 1) ÷ 6 × 100" in html
    # hand-computed worked example: (5 + 6 + (8 - 2) + 4) / 4 = 5.25 -> (5.25 - 1) / 6 * 100 = 70.8 -> 71
    assert "mean of 5.25" in html and "= 71" in html
    assert "≥ 4</td>" in grid and "≥ 2</td>" in grid  # 5 items need 4 answers, 3 items need 2
    assert f"SP3{REVERSE_SYMBOL}" in grid and f"SP1{REVERSE_SYMBOL}" not in grid


def test_print_css_a4_and_a_page_per_block(html, instrument):
    assert "@page{size:A4" in html
    assert html.count('<section class="block') == len(instrument.block_ids) + 1  # blocks + scoring grid
    assert "break-before:page" in html and html.count('class="block first"') == 1
    assert "<script" not in html and "http" not in html.split("<body>")[1]  # self-contained


def test_french_form(instrument):
    html = paper_form_html(instrument, "fr")
    assert '<html lang="fr">' in html
    assert "Tout à fait d&#x27;accord" in html and "Vos réponses sont confidentielles" in html
    assert "Grille de calcul" in html and "8 − réponse" in html
    assert instrument.text("SP1") not in html
    assert "rapports du SNIS/DHIS2" in html


def test_every_string_is_escaped(tmp_path, instrument):
    folder = tmp_path / "evil"
    shutil.copytree(instrument.source, folder)
    for name, old in (("items.csv", "My unit checks its explanation"), ("dimensions.csv", "Experimentation,")):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        new = f"{EVIL} checks its explanation" if name == "items.csv" else f"{EVIL.replace('<', '&lt;')}<b>,"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    html = paper_form_html(load_instrument(folder))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; checks" in html


def test_csv_template_header_and_the_scorer_accepts_it(tmp_path, instrument):
    path = write_template(tmp_path / "entry.csv", instrument)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == TEMPLATE_COLUMNS + instrument.item_ids
    # fill two respondents by hand: all 4s -> every score 50; forward 7 / reverse 1 -> every score 100
    rows = [["p1", "dps", "manager", "1"] + ["4"] * len(instrument.item_ids),
            ["p2", "dps", "other", "1"] + ["1" if r else "7" for r in instrument.items["reverse"]]]
    with path.open("a", encoding="utf-8") as f:
        f.writelines(",".join(r) + "\n" for r in rows)
    survey = read_survey(path, instrument)
    scores = score_respondents(survey.answers, instrument)
    assert survey.id_column == "respondent_id" and list(survey.extra.columns) == TEMPLATE_COLUMNS
    assert scores.iloc[0].round(6).eq(50).all() and scores.iloc[1].round(6).eq(100).all()


def test_excel_template_validates_1_to_7(tmp_path, instrument):
    path = write_template(tmp_path / "entry.xlsx", instrument, "fr")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["data", "items"]
    sheet = book["data"]
    assert [c.value for c in sheet[1]] == TEMPLATE_COLUMNS + instrument.item_ids
    (check,) = sheet.data_validations.dataValidation
    assert check.type == "whole" and check.operator == "between" and (check.formula1, check.formula2) == ("1", "7")
    assert str(check.sqref) == "E2:AX501"  # item columns E (SP1) to AX (IN4), 500 rows
    assert "nombre entier de 1 à 7" in check.error
    assert book["items"]["D2"].value == instrument.text("SP1", "fr")
    sheet.append(["p1", "dps", "", "1"] + [4] * len(instrument.item_ids))
    book.save(path)
    survey = read_survey(path, instrument)
    assert score_respondents(survey.answers, instrument).iloc[0].round(6).eq(50).all()


def test_cli_paper_and_template(tmp_path):
    for args in (["paper", "--out", str(tmp_path / "form.html"), "--lang", "fr"],
                 ["template", "--out", str(tmp_path / "entry.xlsx")]):
        result = subprocess.run([sys.executable, "-m", "learnorg", *args], capture_output=True, text=True,
                                encoding="utf-8", timeout=120)
        assert result.returncode == 0, result.stderr
    assert "Grille de calcul" in (tmp_path / "form.html").read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "learnorg", "template", "--out", str(tmp_path / "entry.ods")],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert bad.returncode == 2 and ".csv or .xlsx" in bad.stderr
