"""Handouts for workshops, made from the built site: for every chapter, a participant handout without any
solution or answer key, and a separate answer key for the trainer.

The participant handout holds the chapter's exercises (solutions removed), its reflection prompts, the tasks of
its workbook (without code) and its printable tool. The answer key holds every worked solution and the knowledge
check's answers. Both are plain HTML documents assembled from the built pages and printed to A4 PDFs by
Chromium (:mod:`learnorg.booktools.offline`); nothing is downloaded.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from html import escape
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from learnorg.booktools.coursemap import Chapter, course_map

# Anything that gives an answer away: worked solutions, answer keys, live quizzes, hidden toggles, code.
REVEALING = (".solution", ".dropdown", ".lm-quiz-key", ".print-appendix", "[data-lm-selfscore]", ".toggle-hidden",
             "div.cell", ".cell_output", "details", "script", "button", ".headerlink")
STYLE = """
body { font-family: system-ui, sans-serif; font-size: 10.5pt; line-height: 1.4; margin: 0; color: #111; }
h1 { font-size: 17pt; margin: 0 0 .3rem; } h2 { font-size: 13pt; margin: 1.1rem 0 .4rem; break-after: avoid; }
h3 { font-size: 11.5pt; } .lm-handout-note { font-size: 9pt; color: #333; border-bottom: 1px solid #999;
padding-bottom: .4rem; } .admonition { border: 1px solid #999; padding: .3rem .6rem; margin: .6rem 0;
break-inside: avoid; } .admonition-title { font-weight: 600; margin: 0 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; } th, td { border: 1px solid #555;
padding: .15rem .3rem; vertical-align: top; } td { height: 1.4rem; } .lm-tool { break-before: page; }
.screen-only { display: none; } img { max-width: 100%; } a { color: inherit; text-decoration: none; }
"""


@dataclass
class Handout:
    chapter: Chapter
    participant_html: str
    key_html: str


def _article(site: Path, doc: str) -> Tag | None:
    path = site / f"{doc}.html"
    if not path.is_file():
        return None
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.bd-article")


def _section(article: Tag, startswith: str) -> Tag | None:
    for section in article.select("section"):
        heading = section.find(["h2"], recursive=False)
        if heading and heading.get_text(" ", strip=True).lstrip("0123456789. ").startswith(startswith):
            return section
    return None


def _strip(node: Tag) -> Tag:
    node = copy.copy(node)
    for selector in REVEALING:
        for element in node.select(selector):
            element.decompose()
    for img in node.select("img"):  # figures live in the chapter; the handout is for writing on
        img.decompose()
    return node


def _document(title: str, note: str, parts: list[str]) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape(title)}</h1><p class=\"lm-handout-note\">{escape(note)}</p>{''.join(parts)}</body></html>")


def _is_answer(dropdown: Tag) -> bool:
    """A folded block of a workbook that gives an answer away (its title says solution or answer)."""
    title = dropdown.select_one(".admonition-title")
    return title is not None and any(w in title.get_text(" ").lower() for w in ("solution", "answer"))


def handout(site: Path, chapter: Chapter) -> Handout:
    """The participant handout and the trainer's answer key of one chapter, as HTML documents."""
    article = _article(site, chapter.doc)
    if article is None:
        raise FileNotFoundError(f"{chapter.doc}.html is not in the built site {site}: build the book first")
    name = f"Chapter {chapter.number}. {chapter.title}"
    participant: list[str] = []
    for heading in ("Exercises", "Reflection prompts"):
        section = _section(article, heading)
        if section is not None:
            participant.append(str(_strip(section)))
    if chapter.workbook:
        workbook = _article(site, chapter.workbook)
        if workbook is not None:
            body = _strip(workbook)
            for h1 in body.select("h1"):
                h1.name = "h2"
            participant.append(f"<section><h2>Workbook tasks</h2>{''.join(str(c) for c in body.contents)}</section>")
    if chapter.tool:
        tool = _article(site, chapter.tool)
        form = tool.select_one(".printable-tool") if tool is not None else None
        if form is not None:
            title = tool.find("h1").get_text(" ", strip=True).rstrip("#")
            participant.append(f'<section class="lm-tool"><h2>{escape(title)}</h2>{_strip(form)}</section>')
    key: list[str] = []
    solutions = article.select(".solution")
    if solutions:
        key.append("<section><h2>Worked solutions</h2>")
        for solution in solutions:
            solution = copy.copy(solution)
            for link in solution.select("a"):
                link.unwrap()
            key.append(str(solution))
        key.append("</section>")
    if chapter.workbook:
        workbook = _article(site, chapter.workbook)
        folded = workbook.select(".dropdown.admonition") if workbook is not None else []
        answers = [copy.copy(d) for d in folded if _is_answer(d)]
        if answers:
            for answer in answers:
                for link in answer.select("a"):
                    link.unwrap()
            key.append("<section><h2>Workbook: solutions</h2>" + "".join(str(a) for a in answers) + "</section>")
    for answers in article.select(".lm-quiz-key"):
        key.append(f"<section><h2>Knowledge check: answers</h2>{''.join(str(c) for c in answers.contents)}</section>")
    return Handout(
        chapter,
        _document(f"{name}: participant handout",
                  "Exercises, discussion prompts, workbook tasks and the tool to fill in. Solutions are in the "
                  "trainer's answer key.", participant),
        _document(f"{name}: answer key (for the trainer)",
                  "Worked solutions and knowledge-check answers. Do not hand out before the session.", key),
    )


def has_handout(chapter: Chapter) -> bool:
    """Chapters with a workbook, a knowledge check or a tool get a handout and an answer key."""
    return bool(chapter.workbook or chapter.knowledge_check or chapter.tool)


def tool_pdf_name(chapter: Chapter, root: Path) -> str | None:
    """File name of the chapter's tool as a one-page PDF, or None when its tool is not a printable form
    (the action planner, say, is an interactive page)."""
    if not chapter.tool:
        return None
    source = root / f"{chapter.tool}.md"
    if not source.is_file() or "printable-tool" not in source.read_text(encoding="utf-8"):
        return None
    return f"{Path(chapter.tool).name}.pdf"


def handout_name(chapter: Chapter, kind: str) -> str:
    """File name of a chapter's handout: ``kind`` is "participant" or "answer-key"."""
    return f"{Path(chapter.doc).name}-{kind}.pdf"


def handouts(site: Path, root: Path) -> list[Handout]:
    """Handouts for every numbered chapter that has a workbook, a knowledge check or a tool."""
    return [handout(site, chapter) for chapter in course_map(root) if has_handout(chapter)]


def write_handouts(site: Path, root: Path, out_dir: Path, browser=None) -> list[Path]:
    """Write ``<chapter>-participant.pdf`` and ``<chapter>-answer-key.pdf`` for every chapter into ``out_dir``."""
    from learnorg.booktools import offline

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    made = handouts(site, root)

    def run(b) -> None:
        for item in made:
            for kind, html in (("participant", item.participant_html), ("answer-key", item.key_html)):
                name = handout_name(item.chapter, kind)
                page = site / f"_lm_handout_{name}.html"  # inside the site: the printer reads only the site
                page.write_text(html, encoding="utf-8")
                try:
                    written.append(offline.print_page(b, site, page, out_dir / name))
                finally:
                    page.unlink()

    offline.with_browser(run, browser)
    return written
