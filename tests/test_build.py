"""The book builds strictly (any Sphinx warning fails) and the built pages carry what readers need."""

from __future__ import annotations

import re
from pathlib import Path

# The strict build is the session fixture `site` in conftest.py (built once, shared with the browser tests).


def page(site: Path, name: str) -> str:
    return (site / f"{name}.html").read_text(encoding="utf-8")


def test_every_toc_page_is_built(site):
    from conftest import toc_entries

    missing = [entry for entry in toc_entries() if not (site / f"{entry}.html").is_file()]
    assert not missing, missing


def test_landing_page_links_glossary_and_citations(site):
    html = page(site, "book/index")
    assert 'href="glossary.html#term-' in html
    assert 'href="references.html#' in html


def test_exemplar_chapter_shows_figure_exercise_citations_and_terms(site):
    html = page(site, "book/why_health_systems_need_to_learn")
    figures = re.findall(r'<img alt="([^"]*)" src="\.\./_images/[^"]+\.png"', html)
    assert figures and all(len(alt) > 40 for alt in figures), "chapter figure missing or without alt text"
    assert "<figcaption>" in html
    assert html.count('class="exercise admonition"') >= 1
    assert html.count('class="solution dropdown admonition"') >= 1
    assert len(set(re.findall(r'href="references.html#(id\d+)"', html))) >= 8
    assert len(set(re.findall(r'href="glossary.html#(term-[^"]+)"', html))) >= 5
    assert "<caption>" in html  # the table beside the figure


def test_colab_setup_cell_is_hidden_and_launch_buttons_exist(site):
    html = page(site, "book/why_health_systems_need_to_learn")
    assert "google.colab" not in html
    assert "mybinder.org/v2/gh/" in html and "colab.research.google.com/github/" in html


def test_bibliography_page_lists_entries(site):
    html = page(site, "book/references")
    assert html.count('role="doc-biblioentry"') >= 8
