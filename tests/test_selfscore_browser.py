"""The knowledge check and the self-assessment on the built site, in Chromium, with every outside request blocked.

Uses the session fixtures of conftest.py: one strict build of the book (`site`), served on 127.0.0.1
(`site_url`), and Debian's Chromium driven by Playwright (`browser`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, block_outside, need_browser_tools
from learnorg import self_assessment as sa
from learnorg.instrument import load_instrument

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
QUIZ_PAGE = "book/why_health_systems_need_to_learn.html"
SA_PAGE = "book/self_assessment.html"
CDN = re.compile(r"cdnjs|jsdelivr|unpkg|require\.js|embed-amd", re.I)
VECTORS = ROOT / "tests" / "vectors" / "self_assessment.json"


@pytest.fixture
def page(browser, site_url):
    """A fresh page whose requests outside the local site are blocked and recorded, with console errors recorded."""
    context = browser.new_context(accept_downloads=True)
    seen = {"external": block_outside(context, site_url), "errors": []}
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.seen = seen
    page.base = site_url
    yield page
    assert not seen["external"], f"requests left the machine: {seen['external']}"
    assert not seen["errors"], f"console errors: {seen['errors']}"
    context.close()


# ------------------------------------------------------------------------------------------- the built HTML

def test_assets_only_on_pages_that_use_them_and_nothing_from_a_cdn(site):
    for name in (QUIZ_PAGE, SA_PAGE):
        soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        scripts = [s.get("src", "") for s in soup.find_all("script")]
        assert any(s.endswith("learnorg-selfscore/selfscore.js") for s in scripts), name
        assert not [s for s in scripts if CDN.search(s)], name
        assert not soup.select('script[type="application/vnd.jupyter.widget-state+json"]'), name
        assert not soup.select('script[type="application/vnd.jupyter.widget-view+json"]'), name
        assert not [link["href"] for link in soup.find_all("link", href=True) if CDN.search(link["href"])], name
        assert not CDN.search(str(soup.select_one("[data-lm-selfscore]"))), name
    other = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert "selfscore" not in other
    assert (site / "_static" / "learnorg-selfscore" / "selfscore.js").is_file()


def test_site_shows_the_html_version_not_a_dead_widget(site):
    soup = BeautifulSoup((site / QUIZ_PAGE).read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="knowledge-check")
    assert section is not None and section.select_one('[data-lm-selfscore="quiz"]')
    assert section.find_next("section")["id"] == "exercises"
    assert "knowledge_check(" not in section.get_text()  # the code is removed from the page, the output stays


# ------------------------------------------------------------------------------------------- the knowledge check

def test_quiz_works_without_a_kernel(page):
    page.goto(page.base + QUIZ_PAGE, wait_until="networkidle")
    quiz = page.locator('[data-lm-selfscore="quiz"]')
    assert quiz.locator(".lm-nojs").count() == 0
    score = quiz.locator(".lm-quiz-score")
    assert score.inner_text() == "Score: 0 of 8 correct (0 checked)."

    # Keyboard only: arrow keys choose in the radio group, Tab reaches the button, Enter checks.
    first = quiz.locator('form[data-qid="capacity-three-months"]')
    first.locator("input").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    assert "✓ Correct." in first.locator(".lm-quiz-feedback").inner_text()
    assert "Explanation." in first.locator(".lm-quiz-feedback").inner_text()
    assert score.inner_text() == "Score: 1 of 8 correct (1 checked)."

    numeric = quiz.locator('form[data-qid="visits-lost-per-facility"]')
    numeric.get_by_label("Your answer (clinic visits per facility)").fill("1,500")
    numeric.get_by_role("button", name="Check answer").click()
    assert "Not quite" in numeric.locator(".lm-quiz-feedback").inner_text()
    assert "Too low" in numeric.locator(".lm-quiz-feedback").inner_text()
    numeric.get_by_role("button", name="Try again").click()
    assert numeric.locator(".lm-quiz-feedback").inner_text() == ""
    numeric.get_by_label("Your answer (clinic visits per facility)").fill("2,048")
    numeric.get_by_role("button", name="Check answer").click()

    many = quiz.locator('form[data-qid="kruk-characteristics"]')
    for label in ("Aware", "Self-regulating", "Integrated"):
        many.get_by_label(label, exact=True).check()
    many.get_by_role("button", name="Check answer").click()
    assert score.inner_text() == "Score: 3 of 8 correct (3 checked)."

    page.once("dialog", lambda dialog: dialog.accept())  # the checked answers are saved: it asks first
    quiz.get_by_role("button", name="Clear all answers").click()
    assert score.inner_text() == "Score: 0 of 8 correct (0 checked)."
    assert quiz.locator("input:checked").count() == 0


# ------------------------------------------------------------------------------------------- the self-assessment

def fill(page, answers: dict) -> None:
    form = page.locator('[data-lm-selfscore="self-assessment"]')
    for item, value in answers.items():
        if value is not None:
            form.locator(f'label[for$="-{item}-{value}"]').click()


def shown_scores(page) -> dict:
    cells = page.locator("td[data-measure]")
    return {cells.nth(i).get_attribute("data-measure"): cells.nth(i).get_attribute("data-score")
            for i in range(cells.count())}


def shown_text(page) -> dict:
    cells = page.locator("td[data-measure]")
    return {cells.nth(i).get_attribute("data-measure"): cells.nth(i).inner_text() for i in range(cells.count())}


def assert_cli_scores(csv_file: Path, expected: dict, tmp_path: Path) -> None:
    """``python -m learnorg score`` accepts the downloaded CSV and gives the ``expected`` scores."""
    out = tmp_path / "scores.csv"
    result = subprocess.run([sys.executable, "-m", "learnorg", "score", str(csv_file), "--out-scores", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    cli = pd.read_csv(out).iloc[0]
    for measure, value in expected.items():
        assert (pd.isna(cli[measure]) if value is None else cli[measure] == pytest.approx(value, abs=0.005)), measure


def test_self_assessment_scores_like_python_keeps_answers_and_downloads_a_scoreable_csv(page, tmp_path):
    instrument = load_instrument()
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if "30% missing" in c["name"])
    answers = case["answers"]
    expected = sa.score_answers(answers, instrument)

    page.goto(page.base + SA_PAGE, wait_until="networkidle")
    root = page.locator('[data-lm-selfscore="self-assessment"]')
    assert "Nothing you choose here is sent anywhere" in root.inner_text()
    fill(page, answers)
    done = sum(v is not None for v in answers.values())
    assert root.locator(".lm-sa-count").inner_text() == f"{done} of 46 statements answered"
    root.get_by_role("button", name="Show my scores").click()
    assert "dimensions scored" in root.locator(".lm-sa-status").inner_text()

    shown = shown_scores(page)
    profile = [r["measure"] for r in sa.instrument_spec(instrument)["profile"]]
    assert list(shown) == profile
    for measure in profile:
        if expected[measure] is None:
            assert shown[measure] == ""
        else:
            assert float(shown[measure]) == pytest.approx(expected[measure], abs=1e-9)
    assert shown_text(page) == {m: sa.format_score(expected[m]) for m in profile}

    # Kept in this browser: a reload shows the same answers and scores.
    page.reload(wait_until="networkidle")
    assert shown_scores(page) == shown

    with page.expect_download() as info:
        root.get_by_role("button", name="Download my answers (CSV)").click()
    download = info.value
    assert download.suggested_filename == "my_self_assessment.csv"
    csv_file = tmp_path / "my_self_assessment.csv"
    download.save_as(csv_file)
    assert csv_file.read_text(encoding="utf-8").splitlines()[0] == ",".join(["respondent_id", *instrument.item_ids])
    assert_cli_scores(csv_file, expected, tmp_path)

    page.once("dialog", lambda dialog: dialog.accept())  # "Clear all ... answers?" (see test_results_browser.py)
    root.get_by_role("button", name="Clear all my answers").click()
    assert root.locator("input:checked").count() == 0
    assert all(v == "" for v in shown_scores(page).values())
    page.reload(wait_until="networkidle")
    assert root.locator("input:checked").count() == 0

    # ... and the downloaded file loads back.
    root.get_by_label("Load answers from a CSV file saved earlier:").set_input_files(str(csv_file))
    page.wait_for_function("document.querySelector('.lm-sa-status').textContent.startsWith('Loaded')")
    assert shown_scores(page) == shown


def test_self_assessment_switches_to_french_without_losing_answers(page, tmp_path):
    instrument = load_instrument()
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    answers = next(c for c in data["cases"] if "10% missing" in c["name"])["answers"]
    expected = sa.score_answers(answers, instrument)
    done = sum(v is not None for v in answers.values())

    page.goto(page.base + SA_PAGE, wait_until="networkidle")
    root = page.locator('[data-lm-selfscore="self-assessment"]')
    fill(page, answers)
    root.get_by_role("button", name="Show my scores").click()
    english = shown_scores(page)
    sp1 = root.locator('fieldset[data-item="SP1"] .lm-sa-item-text')
    assert sp1.inner_text() == instrument.text("SP1")

    # Keyboard only: the switch is labelled, sits first in the form and answers to the arrow keys.
    switch = root.get_by_label("Langue / Language")
    assert switch.is_visible() and switch.input_value() == "en"
    assert root.locator("select, input, button").first.get_attribute("data-action") == "lang"
    switch.focus()
    page.keyboard.press("ArrowDown")
    assert switch.input_value() == "fr"

    assert root.get_attribute("lang") == "fr"
    assert page.evaluate("document.documentElement.lang") == "en"  # the page itself stays English
    assert sp1.inner_text() == instrument.text("SP1", "fr")
    assert root.locator(".lm-sa-dim-title").first.inner_text() == instrument.label("problem_solving", "fr")
    assert root.locator('label[for$="-SP1-1"]').inner_text() == "1 " + instrument.scale_labels("fr")[0]
    assert root.get_by_role("button", name="Afficher mes scores").is_visible()
    assert root.get_by_role("button", name="Show my scores").count() == 0
    assert root.locator(".lm-sa-count").inner_text() == f"Affirmations renseignées : {done} sur 46"
    assert root.locator(".lm-sa-status").inner_text().startswith("Scores mis à jour ci-dessous")
    assert "Vos réponses restent sur cet appareil" in root.inner_text()
    assert root.locator(".lm-sa-table caption").inner_text().startswith("Vos scores")
    assert "Grille de calcul" in root.locator(".lm-sa-worksheet h2").text_content()
    # The answers and the scores are untouched; only the way numbers are written changes.
    assert root.locator("input:checked").count() == done
    assert shown_scores(page) == english
    profile = [r["measure"] for r in sa.instrument_spec(instrument)["profile"]]
    assert shown_text(page) == {m: sa.format_score(expected[m], "fr") for m in profile}

    # The choice is kept in this browser.
    page.reload(wait_until="networkidle")
    assert root.get_attribute("lang") == "fr" and switch.input_value() == "fr"
    assert sp1.inner_text() == instrument.text("SP1", "fr")
    assert root.locator("input:checked").count() == done and shown_scores(page) == english

    # The file downloaded in French is the same file, and the course package scores it the same.
    with page.expect_download() as info:
        root.get_by_role("button", name="Télécharger mes réponses (CSV)").click()
    csv_file = tmp_path / "my_self_assessment.csv"
    info.value.save_as(csv_file)
    assert info.value.suggested_filename == "my_self_assessment.csv"
    assert csv_file.read_text(encoding="utf-8") == sa.answers_csv(answers, instrument)
    assert_cli_scores(csv_file, expected, tmp_path)
    assert root.locator(".lm-sa-status").inner_text().startswith("Vos réponses ont été enregistrées")

    # And back to English.
    switch.select_option("en")
    assert root.get_attribute("lang") == "en" and sp1.inner_text() == instrument.text("SP1")
    assert root.locator(".lm-sa-status").inner_text().startswith("Your answers were saved")
    assert shown_text(page) == {m: sa.format_score(expected[m]) for m in profile}


# ------------------------------------------------------------------------------------------- accessibility

@pytest.mark.parametrize("name,lang", [(QUIZ_PAGE, "en"), (SA_PAGE, "en"), (SA_PAGE, "fr")])
def test_no_serious_or_critical_axe_violations(page, name, lang):
    need_browser_tools(AXE)
    page.goto(page.base + name, wait_until="networkidle")
    if name == QUIZ_PAGE:  # check the state with feedback showing, too
        form = page.locator('form[data-qid="capacity-three-months"]')
        form.get_by_label("Absorptive capacity").check()
        form.get_by_role("button", name="Check answer").click()
    if lang == "fr":  # the self-assessment shown in French, with scores and a status message
        page.get_by_label("Langue / Language").select_option("fr")
        fill(page, {"SP1": 7, "SP2": 6, "SP3": 1, "SP4": 5})
        page.get_by_role("button", name="Afficher mes scores").click()
        assert page.locator("[data-lm-selfscore]").get_attribute("lang") == "fr"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document.querySelector('[data-lm-selfscore]').closest('section') || document,"
                           " {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
