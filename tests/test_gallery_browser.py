"""The case gallery works in a real browser, offline: filters show and hide cards and announce the count.

Uses the session fixtures of conftest.py: one strict build of the book (`site`), served on 127.0.0.1
(`site_url`), driven by Debian's Chromium (`browser`) with every request to another host blocked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import block_outside
from learnorg.cases import filter_cases, load_cases


@pytest.fixture(scope="module")
def server(site_url):
    """The site's base URL without the trailing slash."""
    return site_url.rstrip("/")


def offline_page(browser, base: str, javascript: bool = True):
    """A page in a fresh context where every request outside the local site is aborted (and recorded)."""
    context = browser.new_context(java_script_enabled=javascript)
    blocked = block_outside(context, base)
    return context, context.new_page(), blocked


def visible_ids(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        ".case-card:not([hidden]) .case-card-title a", "links => links.map(a => a.getAttribute('href'))"
    )
    return sorted(Path(h).stem for h in hrefs)


def test_every_case_has_a_built_page(site):
    for case_id in load_cases()["id"]:
        assert (site / "book" / "cases" / "generated" / f"{case_id}.html").is_file(), case_id


def test_filters_show_matching_cards_and_announce_the_count(browser, server):
    cases = load_cases()
    total = len(cases)
    context, page, blocked = offline_page(browser, server)
    page.goto(server + "/book/cases/index.html")
    status = page.locator(".case-count")
    assert page.locator("form.case-filters").is_visible()
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"Showing all {total} cases."
    assert visible_ids(page) == sorted(cases["id"])

    page.select_option("#case-filter-blocks", "experimentation")
    expected = sorted(filter_cases(cases, block="experimentation")["id"])
    assert 0 < len(expected) < total
    assert visible_ids(page) == expected
    assert status.inner_text() == f"Showing {len(expected)} of {total} cases."

    page.select_option("#case-filter-region", "south_asia")
    expected = sorted(filter_cases(cases, block="experimentation", region="south_asia")["id"])
    assert visible_ids(page) == expected
    assert status.inner_text() == f"Showing {len(expected)} of {total} cases."

    page.select_option("#case-filter-blocks", "")
    page.select_option("#case-filter-region", "")
    page.select_option("#case-filter-shock", "natural_disaster" if "natural_disaster" in set(cases["shock_type"]) else "epidemic")
    shock = page.eval_on_selector("#case-filter-shock", "s => s.value")
    assert visible_ids(page) == sorted(filter_cases(cases, shock_type=shock)["id"])

    page.click("button.case-filter-reset")
    page.wait_for_function(f"document.querySelectorAll('.case-card:not([hidden])').length === {total}")
    assert status.inner_text() == f"Showing all {total} cases."
    assert not blocked, f"requests left the machine: {blocked}"
    context.close()


def test_filters_have_labels_in_a_fieldset_and_work_from_the_keyboard(browser, server):
    context, page, blocked = offline_page(browser, server)
    page.goto(server + "/book/cases/index.html")
    assert page.locator("fieldset > legend").inner_text() == "Filter the cases"
    for name in ("blocks", "capacities", "region", "shock"):
        assert page.locator(f"label[for='case-filter-{name}']").count() == 1
    page.focus("#case-filter-capacities")
    page.keyboard.press("ArrowDown")
    chosen = page.eval_on_selector("#case-filter-capacities", "s => s.value")
    assert chosen == "absorptive"
    cases = load_cases()
    assert visible_ids(page) == sorted(filter_cases(cases, capacity="absorptive")["id"])
    assert not blocked, f"requests left the machine: {blocked}"
    context.close()


def test_without_javascript_every_card_is_visible_and_no_dead_controls(browser, server):
    context, page, blocked = offline_page(browser, server, javascript=False)
    page.goto(server + "/book/cases/index.html")
    assert page.locator(".case-card").count() == len(load_cases())
    assert all(page.locator(".case-card").nth(i).is_visible() for i in range(page.locator(".case-card").count()))
    assert not page.locator("form.case-filters").is_visible()
    assert not blocked, f"requests left the machine: {blocked}"
    context.close()


def test_gallery_script_loads_only_on_the_gallery_page(site):
    assert "case_gallery.js" in (site / "book" / "cases" / "index.html").read_text(encoding="utf-8")
    for other in ("book/index.html", "book/why_health_systems_need_to_learn.html",
                  "book/cases/generated/ghana_navrongo_chps.html"):
        assert "case_gallery.js" not in (site / other).read_text(encoding="utf-8"), other


def test_exemplar_chapter_shows_the_case_box(site):
    html = (site / "book" / "why_health_systems_need_to_learn.html").read_text(encoding="utf-8")
    assert 'class="case-box' in html
    assert 'href="cases/generated/liberia_resilient_health_investment_plan.html"' in html


def test_filters_are_kept_in_the_address_and_survive_back(browser, server):
    cases = load_cases()
    context, page, blocked = offline_page(browser, server)
    page.goto(server + "/book/cases/index.html")
    page.select_option("#case-filter-region", "sub_saharan_africa")
    expected = sorted(filter_cases(cases, region="sub_saharan_africa")["id"])
    assert "region=sub_saharan_africa" in page.url
    page.locator(".case-card:not([hidden]) .case-card-title a").first.click()
    page.wait_for_url("**/generated/*.html")
    page.go_back()
    page.wait_for_url("**/cases/index.html?region=sub_saharan_africa")
    page.wait_for_function("document.querySelector('#case-filter-region').value === 'sub_saharan_africa'")
    assert visible_ids(page) == expected
    page.go_forward()
    page.go_back()
    assert visible_ids(page) == expected
    assert not blocked, f"requests left the machine: {blocked}"
    context.close()


def test_a_filtered_gallery_can_be_shared_as_a_link(browser, server):
    cases = load_cases()
    context, page, blocked = offline_page(browser, server)
    page.goto(server + "/book/cases/index.html?blocks=experimentation&region=nowhere")
    assert page.eval_on_selector("#case-filter-blocks", "s => s.value") == "experimentation"
    assert page.eval_on_selector("#case-filter-region", "s => s.value") == "", "unknown values are ignored"
    assert visible_ids(page) == sorted(filter_cases(cases, block="experimentation")["id"])
    page.click("button.case-filter-reset")
    page.wait_for_function("!window.location.search")
    assert not blocked, f"requests left the machine: {blocked}"
    context.close()
