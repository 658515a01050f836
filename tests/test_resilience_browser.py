"""The thought experiment of "Learning and resilience" on the built site, in Chromium, with every outside request
blocked: moving a control changes the picture and the numbers, with no kernel and no network.

Uses the session fixtures of conftest.py: one strict build of the book (`site`), served on 127.0.0.1 (`site_url`),
and Debian's Chromium driven by Playwright (`browser`).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, block_outside, need_browser_tools
from learnorg import resilience_explorer as rx
from learnorg import resilience_model as rm

PAGE = "book/learning_and_resilience.html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CDN = re.compile(r"cdnjs|jsdelivr|unpkg|require\.js|embed-amd", re.I)


@pytest.fixture
def page(browser, site_url):
    """A fresh page whose requests outside the local site are blocked and recorded, with console errors recorded."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    seen = {"external": block_outside(context, site_url), "errors": []}
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(site_url + PAGE, wait_until="networkidle")
    yield page
    assert not seen["external"], f"requests left the machine: {seen['external']}"
    assert not seen["errors"], f"console errors: {seen['errors']}"
    context.close()


def shown(page) -> dict:
    root = page.locator('[data-lm-resilience="explorer"]')
    return {
        "points": root.locator(".lm-res-line").get_attribute("points"),
        "cells": root.locator("td[data-cell]").all_inner_texts(),
        "summary": root.locator(".lm-res-summary").inner_text(),
        "desc": root.locator(".lm-res-desc").text_content(),
        "troughs": root.locator(".lm-res-trough text").all_text_contents(),
    }


# ------------------------------------------------------------------------------------------- the built HTML

def test_script_only_on_the_chapter_page_and_nothing_from_a_cdn(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(s.endswith("learnorg-resilience/resilience.js") for s in scripts)
    assert not [s for s in scripts if CDN.search(s)]
    assert not soup.select('script[type="application/vnd.jupyter.widget-view+json"]')
    assert (site / "_static" / "learnorg-resilience" / "resilience.js").is_file()
    for other in ("book/index.html", "book/why_health_systems_need_to_learn.html"):
        assert "learnorg-resilience" not in (site / other).read_text(encoding="utf-8")


def test_page_shows_the_html_version_labelled_as_a_thought_experiment(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    root = soup.select_one('[data-lm-resilience="explorer"]')
    assert root is not None and root.find_parent("section")["id"] == "a-thought-experiment-detection-adaptation-and-memory"
    assert "Thought experiment — not evidence" in root.get_text()
    assert "explorer()" not in root.find_parent("section").select_one(".cell_output").get_text()


# ------------------------------------------------------------------------------------------- in the browser

def test_moving_a_control_changes_the_picture_and_the_numbers(page):
    root = page.locator('[data-lm-resilience="explorer"]')
    assert root.locator(".lm-nojs").count() == 0
    assert root.locator(".lm-res-controls").is_visible()
    assert root.get_by_text("Thought experiment — not evidence").first.is_visible()
    start = shown(page)
    default = rm.simulate(**rm.DEFAULT)
    assert start["cells"] == rx.cells(default)

    # Keyboard only: focus the detection delay slider and press the right arrow (3 -> 4 months).
    delay = root.get_by_label("Detection delay: months before anyone responds")
    delay.focus()
    page.keyboard.press("ArrowRight")
    assert delay.get_attribute("aria-valuetext") == "4 months"
    assert root.locator(f'output[for="{delay.get_attribute("id")}"]').inner_text() == "4 months"
    after = shown(page)
    run = rm.simulate(4, 10.0, 0.5)
    assert after["points"] != start["points"]
    assert after["cells"] == rx.cells(run) and after["cells"] != start["cells"]
    assert after["cells"][4] == "70"  # depth of the first fall: 30 + 4 x 10 points
    assert after["summary"] == rx.summary(run) != start["summary"]
    assert after["desc"] == rx.description(run)
    assert after["troughs"] == ["lowest 30%", "lowest 50%"]

    # Memory to 100% with the End key: the second shock is noticed at once.
    memory = root.get_by_label("Memory: share of the first shock's lessons still in use at the second")
    memory.focus()
    page.keyboard.press("End")
    full = shown(page)
    assert full["cells"] == rx.cells(rm.simulate(4, 10.0, 1.0))
    assert full["cells"][1] == "0"
    assert full["troughs"][1] == "lowest 70%"

    # The line really moved: the point of the second trough is higher on the chart (smaller y).
    def second_trough_y(points: str) -> float:
        return float(points.split()[rm.SHOCK_MONTHS[1] + 2].split(",")[1])

    assert second_trough_y(full["points"]) < second_trough_y(after["points"])


def test_explorer_has_no_serious_accessibility_violations(page):
    need_browser_tools(AXE)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run('[data-lm-resilience]', {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
