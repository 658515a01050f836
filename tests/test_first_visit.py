"""A light first visit: what a reader's browser downloads, compressed as a static host serves it, stays within
budget, with no icon-font script and only the small icon-font subsets."""

from __future__ import annotations

import gzip
import re
from urllib.parse import unquote, urlsplit

import pytest
from fontTools.ttLib import TTFont

from conftest import block_outside
from learnorg.booktools import icons

BUDGETS = {  # bytes transferred on a first visit (empty cache), text compressed with gzip
    "book/index.html": 400_000,
    "book/why_health_systems_need_to_learn.html": 500_000,
}
BINARY = (".png", ".jpg", ".jpeg", ".woff", ".woff2", ".ttf", ".gif", ".ico")


def first_visit(browser, site, site_url, path):
    """Every local file a fresh browser requests for ``path``, with its size as served gzipped."""
    context = browser.new_context()
    urls: list[str] = []
    blocked = block_outside(context, site_url, urls)
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
    finally:
        context.close()
    assert not blocked, blocked
    sizes = {}
    for url in dict.fromkeys(urls):
        file = site / unquote(urlsplit(url).path.lstrip("/"))
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            data = file.read_bytes()
            sizes[str(file.relative_to(site))] = len(data) if file.suffix in BINARY else len(gzip.compress(data, 6))
    return sizes


@pytest.mark.parametrize("path", sorted(BUDGETS))
def test_first_visit_stays_within_budget(browser, site, site_url, path):
    sizes = first_visit(browser, site, site_url, path)
    total = sum(sizes.values())
    heaviest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert total <= BUDGETS[path], f"{path}: {total / 1000:.0f} kB on a first visit; heaviest: {heaviest}"
    assert not [f for f in sizes if "fontawesome" in f], "Font Awesome's script or full fonts are loaded"
    assert [f for f in sizes if f.endswith("-subset.woff")], "the icon-font subsets are not used"
    assert "searchindex.js" not in sizes, "the search index is loaded outside the search page"


def test_every_icon_class_in_the_site_has_a_glyph(site):
    used = set()
    for page in site.rglob("*.html"):
        used |= set(re.findall(r'class="[^"]*\bfa-([a-z0-9-]+)', page.read_text(encoding="utf-8")))
    used -= {"solid", "regular", "brands", "lg", "xs", "sm", "fw", "2x"}
    assert used <= set(icons.ICONS), f"icons used by the pages but not in learnorg.booktools.icons.ICONS: {used - set(icons.ICONS)}"


def test_icon_subsets_hold_the_glyphs_the_pages_use(site):
    folder = site / "_static" / "learnorg-icons"
    solid = TTFont(str(folder / "fa-solid-900-subset.woff")).getBestCmap()
    brands = TTFont(str(folder / "fa-brands-400-subset.woff")).getBestCmap()
    for code in (0xF0C9, 0xF002, 0xF0EB):  # bars, magnifying glass, light bulb (admonition "tip")
        assert code in solid
    assert 0xF09B in brands  # GitHub
    assert len(solid) < 80, "the solid subset should hold only the glyphs the pages use"
    css = (folder / icons.CSS_FILE).read_text(encoding="utf-8")
    assert css.count("@font-face") == 3 and "-subset.woff" in css


def test_used_code_points_reads_classes_and_theme_variables():
    theme_css = ('.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-sun:before{content:"\\f185"}'
                 ':root{--pst-icon-bell:"\\f0f3";--pst-breadcrumb-divider:"\\f105"}')
    assert icons.used_code_points(theme_css, icons=("bars", "sun")) == {0xF0C9, 0xF185, 0xF0F3, 0xF105}
    with pytest.raises(icons.IconError, match="fa-moon"):
        icons.used_code_points(theme_css, icons=("moon",))
