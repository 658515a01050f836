"""The site on phones and tablets: navigation by touch and keyboard, offline (every outside request blocked)."""

from __future__ import annotations

import pytest

from conftest import block_outside

CHAPTER = "book/why_health_systems_need_to_learn.html"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def phone(browser, site_url, request):
    viewport = getattr(request, "param", PHONE)
    context = browser.new_context(viewport=viewport, has_touch=True, is_mobile=viewport["width"] < 700)
    blocked = block_outside(context, site_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    yield page
    context.close()
    assert not blocked, f"requests left the machine: {blocked}"


@pytest.mark.parametrize("phone", [PHONE, TABLET], indirect=True, ids=["390px", "768px"])
def test_menu_button_opens_the_table_of_contents_by_touch(phone, site_url):
    phone.goto(site_url + CHAPTER)
    dialog = phone.locator("#pst-primary-sidebar-modal")
    links = dialog.locator("a.reference.internal")
    assert not dialog.evaluate("d => d.open")
    phone.locator(".primary-toggle:visible").tap()
    phone.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
    assert links.first.is_visible(), "the menu opened but its links are not visible"
    target = dialog.locator("a.reference.internal", has_text="The argument of the source paper")
    target.tap()
    phone.wait_for_url("**/source_paper.html")
    assert not phone.errors, phone.errors


@pytest.mark.parametrize("phone", [PHONE, TABLET], indirect=True, ids=["390px", "768px"])
def test_contents_button_opens_the_page_contents_by_touch(phone, site_url):
    phone.goto(site_url + CHAPTER)
    phone.locator(".secondary-toggle:visible").tap()
    phone.wait_for_function("document.querySelector('#pst-secondary-sidebar-modal').open")
    links = phone.locator("#pst-secondary-sidebar-modal a.nav-link")
    assert links.count() >= 5 and links.first.is_visible()
    assert not phone.errors, phone.errors


def test_menu_opens_and_closes_with_the_keyboard(phone, site_url):
    phone.goto(site_url + CHAPTER)
    button = phone.locator(".primary-toggle:visible")
    button.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
    phone.keyboard.press("Escape")
    phone.wait_for_function("!document.querySelector('#pst-primary-sidebar-modal').open")


def test_only_one_button_of_each_kind(phone, site_url):
    # Both themes bind their click handlers to the first .primary-toggle/.secondary-toggle only.
    phone.goto(site_url + CHAPTER)
    assert phone.locator(".primary-toggle").count() == 1
    assert phone.locator(".secondary-toggle").count() == 1


def test_desktop_shows_the_table_of_contents_without_a_tap(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + CHAPTER)
        assert page.locator("#pst-primary-sidebar a.reference.internal").first.is_visible()
    finally:
        context.close()
