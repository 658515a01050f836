"""The site on phones and tablets: navigation by touch and keyboard, offline (every outside request blocked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, toc_entries, watched_page
from learnorg.booktools.coursemap import course_map

CHAPTER = "book/why_health_systems_need_to_learn.html"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
#: Phone widths checked for sideways scrolling: every page at PHONE's width, the key pages at these too.
OTHER_PHONE_WIDTHS = (360, 430)

# Does the page scroll sideways? If so, the element (or text) reaching furthest right that widens the page.
# The page's width is the layout viewport (clientWidth): on a phone the browser zooms out to show overflow,
# so innerWidth grows with the page and cannot reveal it. An element that scrolls inside its own box (an
# ancestor in its chain of containing blocks with overflow-x other than visible) or is fixed on the screen
# does not widen the page. Text is measured on its own: a long word can run out of its element's box.
WIDEST_OVERFLOW = r"""() => {
  const root = document.documentElement, limit = root.clientWidth;
  if (root.scrollWidth <= limit) return null;
  const widensPage = el => {
    for (let box = el; box && box !== root && box !== document.body; ) {
      const position = getComputedStyle(box).position;
      if (position === 'fixed') return false;
      const block = position === 'absolute' ? box.offsetParent : box.parentElement;
      if (block && block !== root && block !== document.body && getComputedStyle(block).overflowX !== 'visible') return false;
      box = block;
    }
    return true;
  };
  const boxes = Array.from(document.body.querySelectorAll('*'), el => [el, el.getBoundingClientRect()]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.data.trim() || !text.parentElement) continue;
    range.selectNodeContents(text);
    boxes.push([text.parentElement, range.getBoundingClientRect()]);
  }
  let widest = null;
  for (const [el, r] of boxes) {
    const right = r.right + window.scrollX;
    if ((r.width === 0 && r.height === 0) || right <= limit + 0.5 || (widest && right <= widest.right)) continue;
    if (!widensPage(el)) continue;
    widest = {tag: el.tagName.toLowerCase(), cls: typeof el.className === 'string' ? el.className : '', id: el.id,
              text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60), right: Math.round(right)};
  }
  return {scrollWidth: root.scrollWidth, width: limit, widest};
}"""


@pytest.fixture
def phone(browser, site_url, request):
    viewport = getattr(request, "param", PHONE)
    with watched_page(browser, site_url, viewport=viewport, has_touch=True, is_mobile=viewport["width"] < 700) as page:
        yield page


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


# ------------------------------------------------------------------------------------------------ no sideways scrolling

def site_pages(site: Path) -> list[str]:
    """Every page of the built site (the root pages, the book, the exercises), redirects aside."""
    pages = [*site.glob("*.html"), *(site / "book").rglob("*.html"), *(site / "exercises").rglob("*.html")]
    return sorted(p.relative_to(site).as_posix() for p in pages
                  if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000].lower())


def key_pages() -> list[str]:
    """The landing page, every chapter (the self-assessment is one) and every tool."""
    tools = sorted(p.with_suffix(".html").relative_to(ROOT).as_posix() for p in (ROOT / "book" / "tools").iterdir()
                   if p.suffix in (".md", ".ipynb"))
    return ["book/index.html"] + [f"{c.doc}.html" for c in course_map(ROOT)] + tools


def test_no_page_scrolls_sideways_on_a_phone(phone, site, site_url):
    """No page may be wider than a 360, 390 or 430 px phone: every page at 390 px, the key pages at 360 and 430
    too. A failure names the page and the element (or text) that reaches furthest right."""
    pages = site_pages(site)
    assert len(pages) >= len(toc_entries()), f"only {len(pages)} pages found in {site}"
    assert "book/self_assessment.html" in key_pages() and set(key_pages()) <= set(pages)
    checks = [(PHONE["width"], page) for page in pages]
    checks += [(width, page) for width in OTHER_PHONE_WIDTHS for page in key_pages()]
    wide = []
    for width, page in checks:
        if phone.viewport_size["width"] != width:
            phone.set_viewport_size({"width": width, "height": PHONE["height"]})
        phone.goto(site_url + page)
        found = phone.evaluate(WIDEST_OVERFLOW)
        if found:
            w = found["widest"]
            culprit = (f"<{w['tag']} class={w['cls']!r} id={w['id']!r}> {w['text']!r} ends at {w['right']} px"
                       if w else "no single element found")
            wide.append(f"{page} at {width} px: page {found['scrollWidth']} px wide; {culprit}")
    assert not wide, "pages that scroll sideways on a phone:\n  " + "\n  ".join(wide)


# ------------------------------------------------------------------------------------------------ charts legible on a phone

CHARTS = """() => Array.from(document.querySelectorAll('.cell_output img'), img => {
  const box = img.closest('.lm-chart-scroll');
  return {src: img.getAttribute('src'), alt: img.alt.slice(0, 50), shown: img.getBoundingClientRect().width,
          scrolls: box ? box.scrollWidth > box.clientWidth : null, focusable: box ? box.tabIndex === 0 : null};
})"""


def test_charts_are_legible_on_a_phone(phone, site, site_url):
    """At 390 px, every chart (a PNG shown by a code cell) is shown wide enough for its smallest text
    (SMALLEST_FONT_PT, tests/test_figures.py) to measure MIN_TEXT_PX: a phone-width chart fills the column, a
    wider one keeps its legible width and scrolls in its own box, which the keyboard can reach."""
    from learnorg.booktools.sphinx_charts import image_width_pt
    from learnorg.figures import MIN_TEXT_PX, SMALLEST_FONT_PT

    pages = [p for p in site_pages(site) if 'class="cell_output' in (site / p).read_text(encoding="utf-8")]
    small, seen, scrolling = [], 0, 0
    for page in pages:
        phone.goto(site_url + page)
        for chart in phone.evaluate(CHARTS):
            if not chart["src"].lower().endswith(".png"):
                continue
            seen += 1
            width_pt = image_width_pt((site / page).parent / chart["src"])
            assert width_pt, f"{page}: {chart['src']} records no resolution"
            text_px = SMALLEST_FONT_PT * chart["shown"] / width_pt
            if text_px < MIN_TEXT_PX - 0.05:
                small.append(f"{page}: chart {chart['alt']!r}... shown {chart['shown']:.0f} px wide: text {text_px:.1f} px")
            if chart["scrolls"]:
                scrolling += 1
                assert chart["focusable"], f"{page}: the scrolling box of chart {chart['alt']!r} is not focusable"
    assert seen >= 10, f"only {seen} charts found"
    assert not small, f"charts too small to read at {PHONE['width']} px:\n  " + "\n  ".join(small)
    assert 0 < scrolling < seen, f"{scrolling} of {seen} charts scroll sideways: expected some, not all"
