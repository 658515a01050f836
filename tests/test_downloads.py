"""Downloads (learnorg.booktools.downloads): every file the site links to exists, and handouts keep solutions apart.

Uses the session site of conftest.py, whose downloads are made with learnorg.booktools.downloads as the README says.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from learnorg.booktools.coursemap import course_map
from learnorg.booktools.handouts import handout_name, has_handout

CHAPTERS = [c for c in course_map(ROOT) if has_handout(c)]


def pdf_text(path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", unicodedata.normalize("NFKC", text))


def linked_files(site, page: str) -> list[str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    base = (site / page).parent
    out = []
    for a in soup.select("a[href*='downloads/']"):
        target = (base / unquote(urlsplit(a["href"]).path)).resolve()
        out.append(str(target.relative_to(site.resolve())))
    return out


def test_downloads_page_links_resolve(site):
    links = linked_files(site, "book/downloads.html")
    assert len(links) >= 8 + 2 * len(CHAPTERS)
    missing = [link for link in links if not (site / link).is_file()]
    assert not missing, f"download links with no file: {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.doc)
def test_chapter_page_links_its_handouts(site, chapter):
    links = linked_files(site, f"{chapter.doc}.html")
    assert f"downloads/handouts/{handout_name(chapter, 'participant')}" in links
    assert f"downloads/handouts/{handout_name(chapter, 'answer-key')}" in links
    assert all((site / link).is_file() for link in links), links


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.doc)
def test_participant_handout_has_no_solution_text_and_the_key_has_it(site, chapter):
    page = BeautifulSoup((site / f"{chapter.doc}.html").read_text(encoding="utf-8"), "html.parser")
    participant = " ".join(words(pdf_text(site / "downloads" / "handouts" / handout_name(chapter, "participant"))))
    key = " ".join(words(pdf_text(site / "downloads" / "handouts" / handout_name(chapter, "answer-key"))))
    solutions = page.select(".solution")
    if chapter.workbook:
        workbook = BeautifulSoup((site / f"{chapter.workbook}.html").read_text(encoding="utf-8"), "html.parser")
        solutions += [d for d in workbook.select(".dropdown.admonition")
                      if "solution" in d.select_one(".admonition-title").get_text().lower()]
    tasks = " ".join(words(" ".join(e.get_text(" ") for e in page.select(".exercise"))))
    for solution in solutions:
        body = copy.copy(solution.select_one("section") or solution)
        for title in body.select(".admonition-title"):
            title.decompose()
        run = words(body.get_text(" "))[:10]
        if len(run) < 6 or " ".join(run) in tasks:  # a solution that repeats the task's own words proves nothing
            continue
        phrase = " ".join(run)
        assert phrase not in participant, f"{chapter.doc}: solution text in the participant handout: {phrase!r}"
        assert phrase in key, f"{chapter.doc}: solution missing from the answer key: {phrase!r}"
    exercises = page.select(".exercise")
    if exercises:
        first = " ".join(words(exercises[0].get_text(" "))[3:11])
        assert first in participant, f"{chapter.doc}: the exercises are missing from the participant handout"
    if chapter.knowledge_check:
        assert "Knowledge check answers" in key


def test_survey_files_are_usable(site):
    folder = site / "downloads"
    assert 'lang="fr"' in (folder / "questionnaire-fr.html").read_text(encoding="utf-8")
    form = openpyxl.load_workbook(folder / "self-assessment-xlsform.xlsx")
    assert {"survey", "choices", "settings"} <= set(form.sheetnames)
    assert (folder / "data-entry-template.csv").read_text(encoding="utf-8").startswith("respondent_id")
    assert "SYNTHETIC" in (folder / "sample-report.html").read_text(encoding="utf-8").upper()
    assert PdfReader(folder / "learning-ministries.pdf").pages, "empty book PDF"
