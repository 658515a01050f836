"""French where a francophone reader arrives: page languages in the HTML, the landing page's French entry,
and a self-assessment that opens in the browser's language (learnorg.booktools.sphinx_lang, selfscore.js)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, block_outside, toc_entries
from learnorg.booktools.sphinx_lang import localize_html, mark_chrome, mark_links, page_language

SELF_ASSESSMENT = "book/self_assessment"
FRENCH_PAGE = "book/en_francais"
LANDING = "book/index"


# ------------------------------------------------------------------------------------------- the plain functions

def test_page_language_reads_the_front_matter():
    assert page_language({"language": "fr"}, "en") == "fr"
    assert page_language({"language": " fr-CA "}, "en") == "fr-CA"
    assert page_language({}, "en") == "en" and page_language({"language": ""}, "en") == "en"
    with pytest.raises(ValueError, match="'language: French' is not a language code"):
        page_language({"language": "French"}, "en")


CHROME = ('<div id="pst-skip-link" class="skip-link">Skip</div><header id="pst-header" class="bd-header">'
          '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar"><nav class="bd-links bd-docs-nav">'
          '<a class="reference internal" href="downloads.html">Downloads</a>'
          '<a class="current reference internal" href="#">En français</a></nav></div>'
          '<article class="bd-article"><div class="bd-footer-like">Texte</div></article>'
          '<footer class="prev-next-footer d-print-none"><a class="left-prev" href="downloads.html">'
          '<p class="prev-next-subtitle">previous</p><p class="prev-next-title">Downloads</p></a></footer>'
          '<footer class="bd-footer-content">Footer</footer><footer class="bd-footer" lang="de">x</footer>')


def test_mark_chrome_gives_the_themes_parts_the_books_language():
    soup = BeautifulSoup(mark_chrome(CHROME, "en"), "html.parser")
    for selector in ("#pst-skip-link", "#pst-header", "#pst-primary-sidebar", ".prev-next-footer", ".bd-footer-content"):
        assert soup.select_one(selector)["lang"] == "en", selector
    assert soup.select_one(".bd-footer")["lang"] == "de"  # an existing lang is kept
    assert not soup.select_one("article").has_attr("lang")  # the page's own text is left alone
    assert not soup.select_one(".bd-footer-like").has_attr("lang")  # classes match whole, not by prefix


def test_mark_links_marks_navigation_and_button_titles_only():
    html = CHROME + '<article><a href="en_francais.html">the French page</a></article>'
    html = html.replace('href="downloads.html"', 'href="en_francais.html#top"', 1)
    soup = BeautifulSoup(mark_links(html, {"en_francais.html": "fr", "#": "fr"}), "html.parser")
    nav = soup.select("nav a")
    assert [a.get("lang") for a in nav] == ["fr", "fr"]  # a fragment does not matter; '#' is the page itself
    assert nav[0].get_text() == "Downloads"  # the link keeps its text
    assert not soup.select_one("article a").has_attr("lang")  # a link in the text is the author's to mark
    soup = BeautifulSoup(mark_links(CHROME.replace('"left-prev" href="downloads.html"',
                                                   '"left-prev" href="en_francais.html"'), {"en_francais.html": "fr"}),
                         "html.parser")
    button = soup.select_one(".prev-next-footer a")
    assert not button.has_attr("lang") and not button.select_one(".prev-next-subtitle").has_attr("lang")
    assert button.select_one(".prev-next-title")["lang"] == "fr"
    assert mark_links(CHROME, {}) == CHROME


def test_localize_html_marks_the_chrome_only_on_pages_in_another_language():
    assert localize_html(CHROME, "en", "en", {}) == CHROME
    french = BeautifulSoup(localize_html(CHROME, "fr", "en", {"#": "fr"}), "html.parser")
    assert french.select_one("#pst-primary-sidebar")["lang"] == "en"
    assert french.select_one("a.current")["lang"] == "fr"  # inside the English sidebar, the French title


# ------------------------------------------------------------------------------------------- the built pages

def soup_of(site, entry: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{entry}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_pages_are_in_the_table_of_contents():
    assert {SELF_ASSESSMENT, FRENCH_PAGE, LANDING} <= set(toc_entries())
    assert "language: fr" in (ROOT / f"{FRENCH_PAGE}.md").read_text(encoding="utf-8").split("---")[1]


def test_the_french_page_is_french_and_its_frame_english(site):
    soup = soup_of(site, FRENCH_PAGE)
    assert soup.html["lang"] == "fr"
    assert soup.h1.get_text(strip=True).rstrip("#") == "En français"
    for selector in ("#pst-skip-link", "#pst-header", "#pst-primary-sidebar", ".bd-header-article",
                     ".prev-next-footer", ".bd-footer-content"):
        assert soup.select_one(selector)["lang"] == "en", selector
    assert not soup.select_one("article.bd-article").has_attr("lang")  # the page's text: French, from <html>
    assert soup.select_one("nav.bd-docs-nav a.current")["lang"] == "fr"
    text = soup.select_one("article.bd-article").get_text(" ")
    for what in ("questionnaire papier", "KoboToolbox", "rapport", "édition française"):
        assert what in text, what
    commands = " ".join(pre.get_text() for pre in soup.select("article pre"))
    for what in ("paper --out questionnaire.html --lang fr", "xlsform --out auto_evaluation.xlsx --lang fr,en",
                 "--report rapport.html --lang fr", 'self_assessment(lang="fr")'):
        assert what in commands, what
    links = {a["href"] for a in soup.select("article a[href]")}
    assert {"self_assessment.html", "self_assessment.html?lang=fr", "../downloads/questionnaire-fr.html",
            "../downloads/self-assessment-xlsform.xlsx"} <= links


def test_english_pages_stay_english_and_mark_links_to_the_french_page(site):
    for entry in (LANDING, SELF_ASSESSMENT, "book/downloads"):
        soup = soup_of(site, entry)
        assert soup.html["lang"] == "en", entry
        assert not soup.select_one("#pst-primary-sidebar").has_attr("lang"), entry
        nav = soup.select('nav.bd-docs-nav a[href$="en_francais.html"]')
        assert len(nav) == 1 and nav[0].get_text() == "En français" and nav[0]["lang"] == "fr", entry
    # On the page before it, the "next" button's title is French, its "next" label English.
    downloads = soup_of(site, "book/downloads")
    button = downloads.select_one('.prev-next-footer a[href="en_francais.html"]')
    assert button.select_one(".prev-next-title")["lang"] == "fr" and not button.has_attr("lang")


def test_the_landing_page_has_a_french_entry(site):
    entry = soup_of(site, LANDING).select_one("#en-francais-entry")
    assert entry["lang"] == "fr"
    assert "Vous lisez le français ?" in entry.get_text() and "édition française est prévue" in entry.get_text()
    assert entry.select_one('a[href="en_francais.html"]') is not None


# ------------------------------------------------------------------------------------------- in the browser

class Reader:
    """A browser context with a language, every outside request blocked, and console errors collected."""

    def __init__(self, browser, base: str, locale: str):
        self.base = base
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        self.blocked = block_outside(self.context, base)
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page

    def form(self, path: str = f"{SELF_ASSESSMENT}.html"):
        page = self.open(path)
        page.wait_for_selector('[data-lm-selfscore="self-assessment"].lm-ready')
        return page.locator('[data-lm-selfscore="self-assessment"]')

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked


@pytest.fixture()
def reader(browser, site_url):
    made: list[Reader] = []

    def make(locale: str) -> Reader:
        made.append(Reader(browser, site_url, locale))
        return made[-1]

    yield make
    for r in made:
        r.close()


def shows(form, lang: str, instrument) -> None:
    """The form is entirely in ``lang``: root lang, a statement, a button, a scale label, a dimension, the switch."""
    assert form.get_attribute("lang") == lang
    assert form.locator('fieldset[data-item="SP1"] .lm-sa-item-text').text_content() == instrument.text("SP1", lang)
    assert form.locator("[data-action=score]").text_content() == {"en": "Show my scores", "fr": "Afficher mes scores"}[lang]
    first = form.locator(".lm-sa-opt label").first.text_content()
    assert first.strip() == f"1 {instrument.scale_labels(lang)[0]}"
    assert form.locator(".lm-sa-dim-title").first.text_content() == instrument.label("problem_solving", lang)
    assert form.locator("select[data-action=lang]").input_value() == lang


def test_a_french_browser_gets_the_french_form_until_the_reader_chooses(reader, instrument):
    fr = reader("fr-FR")
    assert fr.page.evaluate("navigator.languages")[0] == "fr-FR"
    form = fr.form()
    shows(form, "fr", instrument)
    assert fr.page.locator("html").get_attribute("lang") == "en"  # the page around the form is English
    # The reader switches to English: the choice wins over the browser's, and is remembered.
    form.locator("select[data-action=lang]").select_option("en")
    shows(form, "en", instrument)
    fr.page.reload(wait_until="networkidle")
    shows(fr.page.locator('[data-lm-selfscore="self-assessment"]'), "en", instrument)
    # ... until the address asks for French.
    shows(fr.form(f"{SELF_ASSESSMENT}.html?lang=fr"), "fr", instrument)


def test_the_address_overrides_a_french_browser(reader, instrument):
    shows(reader("fr-FR").form(f"{SELF_ASSESSMENT}.html?lang=en"), "en", instrument)


def test_an_english_browser_gets_english(reader, instrument):
    en = reader("en-US")
    shows(en.form(), "en", instrument)
    shows(en.form(f"{SELF_ASSESSMENT}.html?lang=fr"), "fr", instrument)  # not remembered: only for this visit
    shows(en.form(), "en", instrument)


def test_the_landing_page_leads_a_french_reader_to_the_french_page(reader):
    fr = reader("fr-FR")
    page = fr.open(f"{LANDING}.html")
    entry = page.locator("#en-francais-entry")
    assert entry.get_attribute("lang") == "fr" and entry.is_visible()
    entry.locator('a[href="en_francais.html"]').click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"{FRENCH_PAGE}.html")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.text_content().startswith("En français")
    # From there, the direct link opens the form in French.
    page.locator('article a[href="self_assessment.html?lang=fr"]').click()
    page.wait_for_selector('[data-lm-selfscore="self-assessment"].lm-ready')
    assert page.locator('[data-lm-selfscore="self-assessment"]').get_attribute("lang") == "fr"
