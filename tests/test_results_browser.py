"""The self-assessment's results as a reader keeps them, on a phone: readable chart and table, a print of the
scores in a few pages, a scores download, and a confirmation before clearing. Chromium, every outside request
blocked (conftest.py's session fixtures build and serve the book)."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from conftest import ROOT, need_browser_tools, watched_page
from learnorg import self_assessment as sa
from learnorg.instrument import load_instrument

SA_PAGE = "book/self_assessment.html"
VECTORS = ROOT / "tests" / "vectors" / "self_assessment.json"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 390, 430)


@pytest.fixture
def phone(site_url, browser, request):
    width = getattr(request, "param", 390)
    with watched_page(browser, site_url, viewport={"width": width, "height": 800}, has_touch=True, is_mobile=True,
                      accept_downloads=True) as page:
        page.goto(site_url + SA_PAGE, wait_until="networkidle")
        yield page
    assert not page.errors, f"console errors: {page.errors}"


def a_case(name: str) -> dict:
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    return next(c for c in data["cases"] if name in c["name"])["answers"]


def answer(page, answers: dict) -> None:
    """Fill the form as a phone reader would: tap each answer's label."""
    root = page.locator('[data-lm-selfscore="self-assessment"]')
    for item, value in answers.items():
        if value is not None:
            root.locator(f'label[for$="-{item}-{value}"]').tap()
    root.get_by_role("button", name="Show my scores").tap()


@pytest.mark.parametrize("phone", WIDTHS, indirect=True, ids=[f"{w}px" for w in WIDTHS])
def test_results_fit_a_phone_and_bars_can_be_compared(phone):
    answers = a_case("10% missing")
    expected = sa.score_answers(answers, load_instrument())
    answer(phone, answers)
    width = phone.evaluate("window.innerWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"

    rows = phone.evaluate("""() => Array.from(document.querySelectorAll('.lm-sa-bar-row')).map(r => {
        const track = r.querySelector('.lm-sa-bar-track').getBoundingClientRect();
        const bar = r.querySelector('.lm-sa-bar').getBoundingClientRect();
        const label = r.querySelector('.lm-sa-bar-label').getBoundingClientRect();
        return {track: track.width, right: Math.max(track.right, label.right), bar: bar.width,
                value: r.querySelector('.lm-sa-bar-value').textContent};
    })""")
    profile = sa.instrument_spec()["profile"]
    assert len(rows) == len(profile)
    for row, spec_row in zip(rows, profile):
        assert row["track"] >= 0.55 * width, f"bar track only {row['track']:.0f} px wide at {width} px"
        assert row["right"] <= width
        score = expected[spec_row["measure"]]
        assert row["value"] == sa.format_score(score)
        if score is not None:  # the bar's length is the score, within a pixel (its border aside)
            assert row["bar"] == pytest.approx(score / 100 * (row["track"] - 2), abs=1.5), spec_row["measure"]

    # The table is readable without sideways scrolling: each cell says which column it is.
    table = phone.locator(".lm-sa-table")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    first_score = table.locator("td[data-measure]").first
    label = first_score.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Your score" in label
    assert table.get_attribute("role") == "table" and first_score.get_attribute("role") == "cell"


@pytest.mark.parametrize("phone", [390], indirect=True)
def test_print_shows_the_scores_in_a_few_pages(phone):
    answers = a_case("10% missing")
    expected = sa.score_answers(answers, load_instrument())
    answer(phone, answers)
    pdf = PdfReader(io.BytesIO(phone.pdf(format="A4")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) <= 3, f"{len(pdf.pages)} pages"
    assert "Your scores" in text and "Printed on" in text
    assert sa.format_score(expected["problem_solving"]) in text
    instrument = load_instrument()
    first_item = instrument.items.iloc[0]["text"]
    assert first_item[:40] not in text, "the statements were printed with the results"
    assert "Scoring grid" not in text

    # With no answers the page still prints the paper worksheet, not empty results.
    phone.once("dialog", lambda d: d.accept())
    phone.get_by_role("button", name="Clear all my answers").tap()
    blank = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(phone.pdf(format="A4"))).pages)
    assert "Scoring grid" in blank and "Printed on" not in blank


@pytest.mark.parametrize("phone", [390], indirect=True)
def test_clear_asks_first(phone):
    answer(phone, {"SP1": 7, "SP2": 6, "SP3": 5})
    root = phone.locator('[data-lm-selfscore="self-assessment"]')
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    phone.once("dialog", dismiss)
    root.get_by_role("button", name="Clear all my answers").tap()
    assert asked and "3 answers" in asked[0]
    assert root.locator("input:checked").count() == 3
    assert "Nothing was cleared" in root.locator(".lm-sa-status").inner_text()
    phone.reload(wait_until="networkidle")
    assert root.locator("input:checked").count() == 3, "dismissing the question lost the saved answers"

    phone.once("dialog", lambda d: d.accept())
    root.get_by_role("button", name="Clear all my answers").tap()
    assert root.locator("input:checked").count() == 0
    phone.reload(wait_until="networkidle")
    assert root.locator("input:checked").count() == 0


@pytest.mark.parametrize("phone", [390], indirect=True)
def test_scores_download_matches_the_page(phone, tmp_path):
    answers = a_case("30% missing")
    answer(phone, answers)
    root = phone.locator('[data-lm-selfscore="self-assessment"]')
    with phone.expect_download() as info:
        root.get_by_role("button", name="Download my scores (CSV)").tap()
    assert info.value.suggested_filename == "my_scores.csv"
    path = tmp_path / "my_scores.csv"
    info.value.save_as(path)
    header, row = path.read_text(encoding="utf-8").splitlines()
    shown = {c.get_attribute("data-measure"): c.get_attribute("data-score")
             for c in root.locator("td[data-measure]").all()}
    cells = dict(zip(header.split(","), row.split(",")))
    assert cells.pop("respondent_id") == "me"
    # The file has every dimension and block; the page shows a one-dimension block once, as its dimension.
    shown_as = {alias: row["measure"] for row in sa.instrument_spec()["profile"] for alias in row["aliases"]}
    assert set(cells) == set(shown_as) and set(shown_as.values()) == set(shown)
    for measure, text in cells.items():
        on_page = shown[shown_as[measure]]
        assert (text == "") == (on_page == ""), measure
        if text:
            assert float(text) == pytest.approx(float(on_page), abs=0.005), measure
    assert "my_scores.csv" in root.locator(".lm-sa-status").inner_text()


@pytest.mark.parametrize("phone", [390], indirect=True)
def test_results_on_a_phone_pass_axe(phone):
    need_browser_tools(AXE)
    answer(phone, a_case("10% missing"))
    phone.add_script_tag(path=str(AXE))
    result = phone.evaluate("axe.run(document.querySelector('.lm-sa-results'), {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
