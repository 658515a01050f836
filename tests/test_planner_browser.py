"""The action planner on the built site, in Chromium, with every request outside the local site blocked.

Uses the session fixtures of conftest.py: one strict build of the book (`site`), served on 127.0.0.1
(`site_url`), and Debian's Chromium driven by Playwright (`browser`). Each test checks that no request left the
machine and that the page logged no console error.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, block_outside, need_browser_tools
from learnorg import planner
from learnorg.instrument import load_instrument
from learnorg.synthetic import example_path

PAGE = "book/tools/action_planner.html"
SA_PAGE = "book/self_assessment.html"
CHAPTER = "book/your_ministrys_learning_agenda.html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CDN = re.compile(r"cdnjs|jsdelivr|unpkg|require\.js|embed-amd", re.I)


@pytest.fixture(scope="module")
def inst():
    return load_instrument()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(accept_downloads=True)
    seen = {"external": block_outside(context, site_url), "errors": []}
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.base = site_url
    yield page
    assert not seen["external"], f"requests left the machine: {seen['external']}"
    assert not seen["errors"], f"console errors: {seen['errors']}"
    context.close()


def weak_answers(inst) -> dict:
    """Answers that make leadership, then psychological safety, clearly the weakest dimensions."""
    answers = {i: 6 for i in inst.item_ids}
    for dim, low in (("leadership", 1), ("psychological_safety", 2), ("experimentation", 3)):
        for item in inst.items_of(dim):
            answers[item] = (8 - low) if item in inst.reverse_items else low
    answers[inst.items_of("incentives")[0]] = None
    return answers


def store_answers(page, inst, answers: dict) -> None:
    """Put answers in localStorage exactly as selfscore.js does (its key, {"answers": ...})."""
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [planner.self_assessment_key(inst), json.dumps({"answers": answers})])


def chosen(page) -> list[str]:
    return [page.locator(f'select[name="p{n}-dimension"]').input_value() for n in (1, 2, 3)]


def stored_plan(page) -> planner.Plan:
    raw = page.evaluate("k => localStorage.getItem(k)", planner.STORAGE_KEY)
    return planner.Plan.from_dict(json.loads(raw)["plan"])


# ------------------------------------------------------------------------------------------- the built HTML


def test_assets_only_where_needed_and_nothing_from_a_cdn(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    ours = [s for s in scripts if "learnorg-" in s]
    assert [s.rsplit("/", 1)[-1] for s in ours] == ["selfscore.js", "planner.js"]  # scorer first, once
    assert not [s for s in scripts if CDN.search(s)]
    assert soup.select_one('[data-lm-planner="planner"] script.lm-planner-data')
    assert not soup.select('script[type="application/vnd.jupyter.widget-state+json"]')
    assert "planner_spec" not in soup.get_text() and "action_planner()" not in soup.get_text()  # input removed
    for other in ("book/index.html", CHAPTER):
        assert "planner.js" not in (site / other).read_text(encoding="utf-8"), other
    assert (site / "_static" / "learnorg-planner" / "planner.js").is_file()


# ------------------------------------------------------------------------------------------- from stored results


def test_suggests_the_weakest_dimensions_from_stored_self_assessment_answers(page, inst):
    page.goto(page.base + PAGE, wait_until="networkidle")
    assert page.locator(".lm-nojs").count() == 0 and page.locator(".lm-planner-ui").is_visible()
    store_answers(page, inst, weak_answers(inst))
    page.reload(wait_until="networkidle")
    expected = planner.plan_from_answers(weak_answers(inst), inst)
    assert chosen(page) == [p.dimension for p in expected.priorities] == [
        "leadership", "psychological_safety", "experimentation"]
    assert [page.locator(f'select[name="p{n}-practice"]').input_value() for n in (1, 2, 3)] == [
        p.practice for p in expected.priorities]
    status = page.locator(".lm-planner-status").inner_text()
    assert "Suggested from your self-assessment (45 of 46 statements answered)" in status
    ranking = page.locator(".lm-planner-ranking table")
    assert ranking.locator("tbody tr").count() == 11
    shown = {td.get_attribute("data-dimension"): td.inner_text() for td in ranking.locator("td[data-dimension]").all()}
    assert shown == {d: planner.format_score(v) for d, v in expected.scores.items()}
    assert stored_plan(page).to_dict() == expected.to_dict()
    # read only: the self-assessment's own record is untouched
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", planner.self_assessment_key(inst))) == {
        "answers": weak_answers(inst)}


def test_starts_from_answers_given_on_the_self_assessment_page(page, inst):
    """End to end: answer on the self-assessment page (selfscore.js stores them), then open the planner."""
    page.goto(page.base + SA_PAGE, wait_until="networkidle")
    answers = weak_answers(inst)
    form = page.locator('[data-lm-selfscore="self-assessment"]')
    for item, value in answers.items():
        if value is not None:
            form.locator(f'label[for$="-{item}-{value}"]').click()
    page.goto(page.base + PAGE, wait_until="networkidle")
    assert chosen(page) == ["leadership", "psychological_safety", "experimentation"]


def test_no_stored_answers_says_so_and_the_button_reports_it(page):
    page.goto(page.base + PAGE, wait_until="networkidle")
    assert chosen(page) == ["", "", ""]
    assert "No self-assessment answers were found" in page.locator(".lm-planner-status").inner_text()
    page.get_by_role("button", name="Use my self-assessment answers").click()
    assert "No self-assessment answers were found" in page.locator(".lm-planner-status").inner_text()


def test_loads_a_scores_file_from_the_command_line(page, inst, tmp_path):
    import subprocess
    import sys

    scores = tmp_path / "team_scores.csv"
    done = subprocess.run([sys.executable, "-m", "learnorg", "score", str(example_path()), "--out-scores",
                           str(scores)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    page.goto(page.base + PAGE, wait_until="networkidle")
    page.get_by_label(re.compile("Or load a scores file")).set_input_files(str(scores))
    page.wait_for_function("document.querySelector('.lm-planner-status').textContent.startsWith('Read team_scores')")
    expected = planner.plan_from_scores(scores, inst)
    assert chosen(page) == [p.dimension for p in expected.priorities]
    assert stored_plan(page).scores == pytest.approx(expected.scores, abs=1e-12)
    assert stored_plan(page).source == expected.source
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id,unit\nR1,North\n")
    page.get_by_label(re.compile("Or load a scores file")).set_input_files(str(bad))
    page.wait_for_function("document.querySelector('.lm-planner-status').textContent.startsWith('Could not use')")
    assert "no dimension columns found" in page.locator(".lm-planner-status").inner_text()
    assert chosen(page) == [p.dimension for p in expected.priorities]  # the plan is unchanged
    # A group too small to protect its members is refused, as on the command line; one reader's scores are not.
    small = tmp_path / "small.csv"
    lines = scores.read_text(encoding="utf-8").splitlines()
    small.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    page.get_by_label(re.compile("Or load a scores file")).set_input_files(str(small))
    page.wait_for_function("document.querySelector('.lm-planner-status').textContent.includes('small.csv: only')")
    with pytest.raises(planner.PlannerError) as refused:
        planner.plan_from_scores(small, inst)
    assert str(refused.value) in page.locator(".lm-planner-status").inner_text()
    assert chosen(page) == [p.dimension for p in expected.priorities]
    own = tmp_path / "my_scores.csv"
    own.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    page.get_by_label(re.compile("Or load a scores file")).set_input_files(str(own))
    page.wait_for_function("document.querySelector('.lm-planner-status').textContent.startsWith('Read my_scores')")


# ------------------------------------------------------------------------------------------- fill, reload, print, download


def fill_plan(page) -> None:
    page.get_by_label("Team or unit").fill("District health team, Nord")
    page.get_by_label("The plan starts on").fill("2026-10-01")
    rows = {1: ("A. Mensah", "First review slot held", "2026-11-15"),
            2: ("B. Diallo", "Ground rules agreed", "2026-12-01"),
            3: ("C. Banda", "First small test designed", "2027-01-15")}
    for n, (owner, milestone, date) in rows.items():
        box = page.locator(f'fieldset[data-priority="{n}"]')
        box.get_by_label("Owner").fill(owner)
        box.get_by_label("First milestone", exact=True).fill(milestone)
        box.get_by_label("Date of the first milestone").fill(date)
    page.get_by_label("Review the plan on").fill("2027-04-30")
    page.get_by_label("Next survey wave").fill("2027-10-01")


def test_fill_reload_print_download_and_clear(page, inst, tmp_path):
    page.goto(page.base + PAGE, wait_until="networkidle")
    store_answers(page, inst, weak_answers(inst))
    page.reload(wait_until="networkidle")
    # a team changes the third priority with the keyboard and picks its own practice for it
    third = page.locator('select[name="p3-dimension"]')
    third.focus()
    third.select_option("time_for_reflection")
    assert page.locator('select[name="p3-practice"]').input_value() == "refl-protected-slot"
    assert page.get_by_label("Indicator").nth(2).input_value() == "Monthly review slots held as planned (out of 12)"
    page.locator('select[name="p3-practice"]').select_option("other")
    own = page.locator('fieldset[data-priority="3"]').get_by_label("Describe your practice")
    assert own.is_visible()
    own.fill('Monthly "learning lunch", 45 minutes')
    fill_plan(page)
    notes = page.locator(".lm-planner-notes")
    assert "The plan is complete" in notes.inner_text()

    page.reload(wait_until="networkidle")
    assert "restored" in page.locator(".lm-planner-status").inner_text()
    assert page.get_by_label("Team or unit").input_value() == "District health team, Nord"
    assert page.locator('fieldset[data-priority="2"]').get_by_label("Owner").input_value() == "B. Diallo"
    assert page.get_by_label("Next survey wave").input_value() == "2027-10-01"
    assert own.input_value() == 'Monthly "learning lunch", 45 minutes' and own.is_visible()
    plan = stored_plan(page)
    assert plan.priorities[2].practice == "other" and plan.priorities[2].dimension == "time_for_reflection"
    assert planner.plan_problems(plan, inst) == []

    # print: A4, only the plan
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Print the plan").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(tmp_path / "plan.pdf"), format="A4")
    page.emulate_media(media="screen")
    reader = PdfReader(tmp_path / "plan.pdf")
    assert len(reader.pages) == 1 and pdf
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2
    printed = " ".join(reader.pages[0].extract_text().split())
    for text in ("Our learning agenda for the next 12 months", "District health team, Nord", "A. Mensah",
                 "Leadership that reinforces learning", "learning lunch", "30 April 2027", "1 October 2027"):
        assert text in printed, text
    for screen_text in ("Start from your results", "Download the plan", "Clear the plan", "Private by design"):
        assert screen_text not in printed, screen_text

    # downloads: the same bytes as learnorg.planner makes from the same plan
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the plan (CSV)").click()
    csv_file = info.value
    assert csv_file.suggested_filename == "learning_agenda_district_health_team_nord.csv"
    assert open(csv_file.path(), "rb").read().decode("utf-8") == planner.plan_csv(plan, instrument=inst)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the plan (document)").click()
    document = open(info.value.path(), encoding="utf-8").read()
    assert document == planner.plan_document(plan, instrument=inst)
    assert "<script" not in document and "Monthly &quot;learning lunch&quot;, 45 minutes" in document
    assert "Downloaded learning_agenda_district_health_team_nord.html" in page.locator(".lm-planner-status").inner_text()

    # clear: asks first; "No" keeps the plan, "Yes" empties it (and only its own storage key)
    page.get_by_role("button", name="Clear the plan").click()
    confirm = page.locator(".lm-planner-confirm")
    assert confirm.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "No, keep it"
    page.keyboard.press("Enter")
    assert not confirm.is_visible() and page.get_by_label("Team or unit").input_value() == "District health team, Nord"
    page.get_by_role("button", name="Clear the plan").click()
    page.get_by_role("button", name="Yes, clear the plan").click()
    assert page.get_by_label("Team or unit").input_value() == "" and chosen(page) == ["", "", ""]
    assert page.evaluate("k => localStorage.getItem(k)", planner.STORAGE_KEY) is None
    assert page.evaluate("k => localStorage.getItem(k)", planner.self_assessment_key(inst)) is not None
    assert "cleared" in page.locator(".lm-planner-status").inner_text()
    page.reload(wait_until="networkidle")
    assert chosen(page) == ["leadership", "psychological_safety", "experimentation"]  # suggested afresh


def test_every_control_has_a_label_and_keyboard_reaches_the_buttons(page):
    page.goto(page.base + PAGE, wait_until="networkidle")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.lm-planner input, .lm-planner select')).filter(el => !el.hidden && !(el.labels && el.labels.length))
        .map(el => el.name || el.id)""")
    assert unlabelled == []
    page.get_by_role("button", name="Print the plan").focus()
    names = [page.evaluate("document.activeElement.textContent")]
    for _ in range(3):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent"))
    assert names == ["Print the plan", "Download the plan (CSV)", "Download the plan (document)", "Clear the plan"]
    assert page.locator(".lm-planner-status").get_attribute("aria-live") == "polite"


def test_no_serious_or_critical_axe_violations(page, inst):
    if not AXE.is_file():
        message = f"{AXE} is missing: run 'npm ci' (or 'npm install --no-save axe-core@4.14.1')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    need_browser_tools(AXE)
    page.goto(page.base + PAGE, wait_until="networkidle")
    store_answers(page, inst, weak_answers(inst))
    page.reload(wait_until="networkidle")
    page.locator('select[name="p1-practice"]').select_option("other")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document.querySelector('[data-lm-planner]'), {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def test_without_javascript_the_page_offers_a_blank_paper_plan(browser, site_url, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    blocked = block_outside(context, site_url)
    page = context.new_page()
    page.goto(site_url + PAGE, wait_until="load")
    assert page.locator(".lm-nojs").is_visible() and not page.locator(".lm-planner-ui").is_visible()
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "blank.pdf"), format="A4")
    text = " ".join(PdfReader(tmp_path / "blank.pdf").pages[0].extract_text().split())
    assert "Our learning agenda for the next 12 months" in text and "Review the plan on" in text
    assert not blocked
    context.close()
