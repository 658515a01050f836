"""The book-wide glossary: sorted, and every {term} used in a page is defined."""

from __future__ import annotations

import re

from conftest import ROOT, markdown_text, pages, without_code_examples

GLOSSARY = ROOT / "book" / "glossary.md"
_TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def glossary_terms() -> list[str]:
    """Terms in the order they appear: unindented lines inside the glossary block."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"^(?::::|```)\{glossary\}\n(.*?)^(?::::|```)\s*$", text, re.S | re.M)
    assert block, "book/glossary.md has no glossary block"
    return [
        line.strip()
        for line in block.group(1).splitlines()
        if line.strip() and not line.startswith((" ", "\t", ":"))
    ]


def test_glossary_terms_are_sorted_and_unique():
    terms = glossary_terms()
    assert len(terms) >= 10
    assert terms == sorted(terms, key=str.casefold)
    assert len({t.casefold() for t in terms}) == len(terms)


def test_every_term_used_in_a_page_is_defined():
    defined = {t.casefold() for t in glossary_terms()}
    for page in pages():
        for role in _TERM_ROLE.findall(without_code_examples(markdown_text(page))):
            target = re.search(r"<([^>]+)>\s*$", role)
            name = (target.group(1) if target else role).strip()
            assert name.casefold() in defined, f"{page.name}: {{term}} {name!r} is not in the glossary"


def test_the_scanner_sees_the_chapter_terms():
    chapter = ROOT / "book" / "why_health_systems_need_to_learn.ipynb"
    roles = _TERM_ROLE.findall(without_code_examples(markdown_text(chapter)))
    assert len(roles) >= 10
