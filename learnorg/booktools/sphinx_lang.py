"""Sphinx extension: a page written in another language than the book says so in its HTML.

A page whose front matter (or notebook metadata) has ``language: fr`` is served as ``<html lang="fr">``, so
screen readers, translation tools and hyphenation treat it as French. The theme's own parts of that page
(header, navigation, buttons, footer) stay in the book's language and get ``lang="en"``. On every page, links
to such a page in the navigation and in the previous/next buttons carry its language, since their text is that
page's title. French passages inside an English page take the class ``language-fr``, which docutils already
writes as ``lang="fr"``.

The work is done by :func:`localize_html`, a plain function on HTML text; ``_templates/layout.html`` applies it
to the page through the ``lm_localize`` context function this extension sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from learnorg import __version__

logger = logging.getLogger(__name__)

#: Front matter key that names a page's language.
KEY = "language"
_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
#: The theme's own parts of a page (pydata-sphinx-theme and sphinx-book-theme), written in the book's language:
#: elements with one of these ids or classes.
CHROME_IDS = ("pst-skip-link", "pst-back-to-top", "pst-search-dialog", "pst-header", "pst-primary-sidebar")
CHROME_CLASSES = ("bd-header-article", "onthispage", "prev-next-footer", "bd-footer-content", "bd-footer")
_OPEN_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*)?>")
_ATTR = re.compile(r'\s([\w:-]+)\s*=\s*"([^"]*)"')
_NAV = re.compile(r'(<nav\b[^>]*\bclass="[^"]*\bbd-docs-nav\b[^"]*"[^>]*>)(.*?)(</nav>)', re.S)
_PREV_NEXT = re.compile(r'(<footer\b[^>]*\bclass="[^"]*\bprev-next-footer\b[^"]*"[^>]*>)(.*?)(</footer>)', re.S)
_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.S)


def page_language(metadata: Mapping[str, Any], default: str) -> str:
    """The language a page's metadata names (``language: fr``), or ``default``; ``ValueError`` if not a code."""
    value = metadata.get(KEY)
    if value is None or str(value).strip() == "":
        return default
    code = str(value).strip()
    if not _CODE.fullmatch(code):
        raise ValueError(f"'{KEY}: {value}' is not a language code; expected one such as fr or en (BCP 47).")
    return code


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): value for name, value in _ATTR.findall(tag)}


def _with_lang(tag: str, lang: str) -> str:
    """An opening tag with ``lang`` added (kept as it is when it already has one)."""
    if "lang" in _attributes(tag):
        return tag
    name = re.match(r"<[\w-]+", tag).group(0)
    return f'{name} lang="{lang}"{tag[len(name):]}'


def mark_chrome(html: str, lang: str) -> str:
    """Give the theme's own parts of a page (:data:`CHROME_IDS`, :data:`CHROME_CLASSES`) the language ``lang``."""
    def mark(match: re.Match) -> str:
        attrs = _attributes(match.group(0))
        if attrs.get("id") in CHROME_IDS or set(attrs.get("class", "").split()) & set(CHROME_CLASSES):
            return _with_lang(match.group(0), lang)
        return match.group(0)

    return _OPEN_TAG.sub(mark, html)


def _target(link: str) -> str:
    href = _attributes(re.match(r"<a\b[^>]*>", link).group(0)).get("href", "")
    return href if href == "#" else href.split("#")[0]


def mark_links(html: str, links: Mapping[str, str]) -> str:
    """Links to pages in another language, in the navigation and the previous/next buttons, get its ``lang``.

    ``links`` maps a link's target as written on this page (``en_francais.html``, ``#`` for the page itself)
    to that page's language. A navigation link is marked whole; a previous/next button only on its title,
    since its "previous"/"next" label is the theme's.
    """
    def nav_link(match: re.Match) -> str:
        link = match.group(0)
        lang = links.get(_target(link))
        if not lang:
            return link
        opening = re.match(r"<a\b[^>]*>", link).group(0)
        return _with_lang(opening, lang) + link[len(opening):]

    def button(match: re.Match) -> str:
        link = match.group(0)
        lang = links.get(_target(link))
        if not lang:
            return link
        return re.sub(r'<p\b[^>]*\bclass="[^"]*\bprev-next-title\b[^"]*"[^>]*>', lambda m: _with_lang(m.group(0), lang),
                      link)

    def region(pattern: re.Pattern, each) -> None:
        nonlocal html
        html = pattern.sub(lambda m: m.group(1) + _LINK.sub(each, m.group(2)) + m.group(3), html)

    if links:
        region(_NAV, nav_link)
        region(_PREV_NEXT, button)
    return html


def localize_html(html: str, page_lang: str, book_lang: str, links: Mapping[str, str]) -> str:
    """Part of a rendered page with every language said: the chrome of a page in another language than the
    book's keeps the book's (:func:`mark_chrome`), and links to such pages carry theirs (:func:`mark_links`)."""
    if page_lang != book_lang:
        html = mark_chrome(html, book_lang)
    return mark_links(html, links)


# ------------------------------------------------------------------------------------------------ Sphinx wiring

def _book_language(app: Sphinx) -> str:
    return app.config.language or "en"


def _languages(env: BuildEnvironment, book: str) -> dict[str, str]:
    """Pages in another language than the book's: ``{docname: language}``."""
    found = {}
    for doc, meta in env.metadata.items():
        try:
            lang = page_language(meta, book)
        except ValueError:
            continue  # reported once by check_languages
        if lang != book:
            found[doc] = lang
    return found


def check_languages(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn (a failure in the strict build) about a language that is not a code."""
    for doc in sorted(env.found_docs & set(env.metadata)):
        try:
            page_language(env.metadata[doc], _book_language(app))
        except ValueError as err:
            logger.warning(str(err), location=doc)


def set_page_language(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the page's ``<html lang>`` and the ``lm_localize`` function of the templates."""
    book = _book_language(app)
    languages = _languages(app.env, book)
    lang = languages.get(pagename, book)
    links = {app.builder.get_relative_uri(pagename, doc): code for doc, code in languages.items() if doc != pagename}
    if lang != book:
        context["language"] = lang
        links["#"] = lang
    context["lm_localize"] = partial(localize_html, page_lang=lang, book_lang=book, links=links)


def setup(app: Sphinx) -> dict:
    app.connect("env-check-consistency", check_languages)
    app.connect("html-page-context", set_page_language)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
