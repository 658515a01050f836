"""The trainers' group-results page on the built site, in Chromium, with every outside request blocked.

Six participants' answer files, written as the web form downloads them, are set on the page's file input; the
page's numbers must equal ``python -m learnorg score`` on the same answers combined. Four files are fewer than the
minimum group size: nothing is shown. Uses the session fixtures of conftest.py (`site`, `site_url`, `browser`).
"""

from __future__ import annotations

import json
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
PAGE = "book/trainers/group_results.html"
VECTORS = ROOT / "tests" / "vectors" / "group_results.json"
ROOT_SELECTOR = '[data-lm-groupscore="group"]'


@pytest.fixture
def page(browser, site_url):
    """A fresh page whose requests outside the local site are blocked and recorded, with console errors recorded."""
    context = browser.new_context(accept_downloads=True)
    seen = {"external": block_outside(context, site_url), "errors": []}
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.seen = seen
    yield page
    assert not seen["external"], f"requests left the machine: {seen['external']}"
    assert not seen["errors"], f"console errors: {seen['errors']}"
    context.close()


def answer_files(tmp_path: Path, respondents: list[dict], folder: str) -> list[Path]:
    """One file per participant, exactly as the web form's "Download my answers (CSV)" writes it (id "me")."""
    instrument = load_instrument()
    target = tmp_path / folder
    target.mkdir()
    paths = []
    for k, r in enumerate(respondents):
        path = target / f"my_self_assessment ({k + 1}).csv"
        path.write_text(sa.answers_csv(r["answers"], instrument), encoding="utf-8")
        paths.append(path)
    return paths


def cli_summary(tmp_path: Path, respondents: list[dict]) -> tuple[dict, pd.DataFrame, str]:
    """``python -m learnorg score`` on the same answers combined into one file (one row each, distinct ids):
    the block summaries of ``--json`` (full precision), the ``--out-summary`` table and its text."""
    instrument = load_instrument()
    rows = [{"respondent_id": f"p{k + 1}", **{i: ("" if r["answers"][i] is None else r["answers"][i])
                                             for i in instrument.item_ids}} for k, r in enumerate(respondents)]
    survey, summary = tmp_path / "combined.csv", tmp_path / "summary.csv"
    pd.DataFrame(rows).to_csv(survey, index=False)
    result = subprocess.run([sys.executable, "-m", "learnorg", "score", str(survey), "--out-scores",
                             str(tmp_path / "scores.csv"), "--out-summary", str(summary), "--json"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    blocks = {r["measure"]: r for r in json.loads(result.stdout)["summary"]}
    return blocks, pd.read_csv(summary, comment="#"), summary.read_text(encoding="utf-8")


def shown_rows(page) -> dict:
    rows = page.locator(f"{ROOT_SELECTOR} table.lm-gr-table tbody tr")
    out = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        out[row.get_attribute("data-measure")] = {
            "n": int(row.get_attribute("data-n")),
            **{key: (None if row.get_attribute(f"data-{attr}") == "" else float(row.get_attribute(f"data-{attr}")))
               for key, attr in (("mean", "mean"), ("sd", "sd"), ("ci_low", "ci-low"), ("ci_high", "ci-high"))},
            "text": [c.strip() for c in row.locator("th, td").all_inner_texts()],
        }
    return out


def load(page, paths: list[Path]) -> None:
    page.locator(ROOT_SELECTOR).get_by_label("Choose answer files").set_input_files([str(p) for p in paths])
    page.wait_for_function("document.querySelector('.lm-gr-status').textContent.startsWith('Read ')")


def test_assets_only_on_the_group_page_and_nothing_from_outside(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    scripts = [s.get("src", "") for s in soup.find_all("script") if s.get("src")]
    assert [s for s in scripts if "learnorg-selfscore/selfscore.js" in s]
    assert [s for s in scripts if "learnorg-groupscore/groupscore.js" in s]
    assert scripts.index(next(s for s in scripts if "selfscore.js" in s)) < scripts.index(
        next(s for s in scripts if "groupscore.js" in s))
    assert soup.select_one(ROOT_SELECTOR) is not None and "group_results()" not in soup.get_text()
    assert "groupscore" not in (site / "book" / "self_assessment.html").read_text(encoding="utf-8")
    assert (site / "_static" / "learnorg-groupscore" / "groupscore.js").is_file()
    toc = (site / "book" / "trainers" / "index.html").read_text(encoding="utf-8")
    assert "group_results.html" in toc


def test_six_answer_files_give_the_command_lines_numbers_offline(page, site_url, tmp_path):
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    six = next(c for c in data["cases"] if c["name"].startswith("six"))["respondents"]
    paths = answer_files(tmp_path, six, "six")
    blocks, table, cli_csv = cli_summary(tmp_path, six)
    page.goto(site_url + PAGE, wait_until="networkidle")
    root = page.locator(ROOT_SELECTOR)
    assert root.locator(".lm-nojs").count() == 0
    assert "Nothing is uploaded." in root.inner_text()
    load(page, paths)
    assert page.locator(".lm-gr-status").inner_text() == "Read 6 files. 6 respondents in all."
    assert root.locator(".lm-gr-files li").count() == 6
    assert "6 respondents from 6 files" in root.locator(".lm-gr-summary").inner_text()
    assert root.locator(".lm-gr-group h4").all_inner_texts() == ["All respondents (6 respondents)"]

    shown = shown_rows(page)
    profile = sa.instrument_spec()["profile"]
    assert list(shown) == [r["measure"] for r in profile]
    cli = {r.measure: r for r in table.itertuples(index=False)}
    for row in profile:
        got = shown[row["measure"]]
        rounded = cli[row["measure"]]  # --out-summary: two decimals
        assert got["n"] == rounded.n, row["measure"]
        for key in ("mean", "sd", "ci_low", "ci_high"):
            value = getattr(rounded, key)
            assert (got[key] is None) if pd.isna(value) else got[key] == pytest.approx(value, abs=0.0051), key
        assert got["text"][3] == sa.format_score(got["mean"])
        full = next((blocks[a] for a in row["aliases"] if a in blocks), None)  # --json: blocks, full precision
        if full is not None:
            for key in ("mean", "sd", "ci_low", "ci_high"):
                assert got[key] == pytest.approx(full[key], abs=1e-9), (row["measure"], key)
            assert got["text"][3] == sa.format_score(full["mean"])
            assert got["text"][5] == f"{sa.format_score(full['ci_low'])} to {sa.format_score(full['ci_high'])}"
    assert sum(any(a in blocks for a in r["aliases"]) for r in profile) == 4

    # The chart labels every bar with its numbers.
    values = root.locator(".lm-gr-bar-value").all_inner_texts()
    assert len(values) == len(profile) and all("[" in v for v in values)

    # The CSV download is what --out-summary writes.
    with page.expect_download() as info:
        root.get_by_role("button", name="Download group results (CSV)").click()
    assert info.value.suggested_filename == "group_results.csv"
    saved = tmp_path / "group_results.csv"
    info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == cli_csv
    assert "my_self_assessment" not in cli_csv

    # Print view: the results, not the controls.
    page.emulate_media(media="print")
    assert not root.locator(".lm-gr-controls").is_visible()
    assert root.locator("table.lm-gr-table").is_visible()
    page.emulate_media(media="screen")


def test_four_files_are_fewer_than_the_minimum_and_nothing_is_shown(page, site_url, tmp_path):
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    four = next(c for c in data["cases"] if c["name"].startswith("four"))["respondents"]
    _blocks, _table, cli_csv = cli_summary(tmp_path, four)
    page.goto(site_url + PAGE, wait_until="networkidle")
    root = page.locator(ROOT_SELECTOR)
    load(page, answer_files(tmp_path, four, "four"))
    assert page.locator(".lm-gr-status").inner_text().endswith("Fewer than 5: no results are shown.")
    assert "No results are shown: fewer than 5 respondents" in root.locator(".lm-gr-summary").inner_text()
    assert root.locator("table.lm-gr-table").count() == 0 and root.locator(".lm-gr-bar-value").count() == 0
    assert root.locator("[data-mean]").count() == 0
    with page.expect_download() as info:
        root.get_by_role("button", name="Download group results (CSV)").click()
    saved = tmp_path / "four.csv"
    info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == cli_csv
    assert "fewer than 5 respondents: no results are shown" in cli_csv

    # The minimum can be raised, not lowered below the command line's default.
    minimum = root.get_by_label("Minimum group size")
    minimum.fill("2")
    minimum.dispatch_event("change")
    assert minimum.input_value() == "5" and root.locator("table.lm-gr-table").count() == 0


def test_a_template_with_units_shows_only_groups_large_enough_and_refuses_a_bad_file(page, site_url, tmp_path):
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["name"].startswith("by unit: two groups"))
    instrument = load_instrument()
    rows = [{"respondent_id": f"r{k + 1}", "unit": r["columns"]["unit"] or "", "role": r["columns"]["role"],
             **{i: ("" if r["answers"][i] is None else r["answers"][i]) for i in instrument.item_ids}}
            for k, r in enumerate(case["respondents"])]
    entry = tmp_path / "entry.csv"
    pd.DataFrame(rows).to_csv(entry, index=False)
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id,SP1\nme,9\n", encoding="utf-8")

    page.goto(site_url + PAGE, wait_until="networkidle")
    root = page.locator(ROOT_SELECTOR)
    load(page, [entry, bad])
    assert "1 could not be used" in page.locator(".lm-gr-status").inner_text()
    assert "Not used: bad.csv: row 2, column SP1" in root.locator(".lm-gr-files").inner_text()
    root.get_by_label("Show results by").select_option("unit")
    assert root.locator(".lm-gr-group h4").all_inner_texts() == ["North (7 respondents)", "south (5 respondents)"]
    assert "1 group(s) with fewer than 5 respondents are not shown" in root.locator(".lm-gr-summary").inner_text()
    with page.expect_download() as info:
        root.get_by_role("button", name="Download group results (CSV)").click()
    saved = tmp_path / "by_unit.csv"
    info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == case["expected"]["summary_csv"]


def test_keyboard_only_reaches_the_file_input_and_axe_finds_nothing_serious(page, site_url, tmp_path):
    need_browser_tools(AXE)
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    six = next(c for c in data["cases"] if c["name"].startswith("six"))["respondents"]
    page.goto(site_url + PAGE, wait_until="networkidle")
    root = page.locator(ROOT_SELECTOR)
    assert root.locator("input, select, button").first.get_attribute("data-action") == "files"
    root.get_by_label("Choose answer files").focus()
    assert page.evaluate("document.activeElement.getAttribute('data-action')") == "files"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-action')") == "by"
    load(page, answer_files(tmp_path, six, "six"))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document.querySelector('{ROOT_SELECTOR}').closest('section') || document,"
                           " {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad
