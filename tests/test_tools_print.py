"""Printable tools (book/tools/): each prints from the site on exactly one A4 page, with nothing cut off."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from learnorg.booktools import offline

TOOL_SOURCES = sorted(p for p in (ROOT / "book" / "tools").glob("*.md") if p.stem != "index")


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w.isalpha()]


def test_every_tool_page_has_a_printable_form():
    for source in TOOL_SOURCES:
        text = source.read_text(encoding="utf-8")
        assert "printable-tool" in text, f"{source.name}: put the form in a ':::{{div}} printable-tool' block"


@pytest.mark.parametrize("source", TOOL_SOURCES, ids=lambda p: p.stem)
def test_tool_prints_on_one_a4_page(site, browser, tmp_path, source):
    built = site / "book" / "tools" / f"{source.stem}.html"
    assert built in offline.tool_pages(site), f"{source.name} is not built as a tool page"
    pdf = offline.print_page(browser, site, built, tmp_path / f"{source.stem}.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1, f"{source.name} prints on {len(reader.pages)} pages; it must fit on one A4 page"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, f"not A4: {width} x {height} pt"
    printed = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())  # "ﬁ" -> "fi"
    form = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").select_one(".printable-tool")
    last_words = _words(form.get_text(" "))[-4:]
    assert last_words and " ".join(last_words) in " ".join(_words(printed)), (
        f"{source.name}: the end of the form ({' '.join(last_words)!r}) is missing from the printed page")
    intro = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").select_one(".screen-only")
    if intro is not None:
        first = " ".join(_words(intro.get_text(" "))[:5])
        assert first not in " ".join(_words(printed)), f"{source.name}: the on-screen introduction is printed"


def test_printer_finds_only_pages_with_a_form(tmp_path):
    tools = tmp_path / "html" / "book" / "tools"
    tools.mkdir(parents=True)
    (tmp_path / "html" / "index.html").write_text("<p>home</p>")
    (tools / "index.html").write_text("<p>list of tools</p>")
    (tools / "plan.html").write_text('<div class="printable-tool docutils container"><p>Form</p></div>')
    assert [p.name for p in offline.tool_pages(tmp_path / "html")] == ["plan.html"]
