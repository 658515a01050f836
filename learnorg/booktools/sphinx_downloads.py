"""Sphinx extension: each chapter page lists its downloads (participant handout, answer key, tool as PDF).

The files are made after the build by ``python -m learnorg.booktools.downloads`` (see :mod:`learnorg.booktools.downloads`); the
links point into ``downloads/`` in the built site. Which chapters get which files comes from the course map
(:mod:`learnorg.booktools.coursemap`), the same rule the handouts use.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.booktools.coursemap import Chapter, CourseMapError, course_map
from learnorg.booktools.downloads import FOLDER
from learnorg.booktools.handouts import handout_name, has_handout, tool_pdf_name


PAGE = "book/downloads"
TABLE = "book/_downloads_table.md"


def downloads_table(chapters: list[Chapter], root: Path, page: str = PAGE) -> str:
    """A raw-HTML table of every chapter's handout, answer key and tool, with links relative to ``page``."""
    here = posixpath.dirname(page)

    def href(target: str) -> str:
        return escape(posixpath.relpath(f"{FOLDER}/{target}", here))

    rows = []
    for c in chapters:
        pdf = tool_pdf_name(c, root)
        tool = f'<a href="{href(f"tools/{pdf}")}">tool (PDF)</a>' if pdf else ""
        rows.append(f"<tr><td>{c.number}. {escape(c.title)}</td>"
                    f'<td><a href="{href("handouts/" + handout_name(c, "participant"))}">participant handout</a></td>'
                    f'<td><a href="{href("handouts/" + handout_name(c, "answer-key"))}">answer key</a></td>'
                    f"<td>{tool}</td></tr>")
    # The theme's own wrapper for wide tables: on a phone the table scrolls in its box, not the page.
    return ("```{raw} html\n<div class=\"pst-scrollable-table-container\">"
            "<table class=\"lm-downloads-table\"><caption>Handouts, answer keys and tools by "
            "chapter</caption><thead><tr><th scope=\"col\">Chapter</th><th scope=\"col\">For participants</th>"
            "<th scope=\"col\">For the trainer</th><th scope=\"col\">Tool</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>\n```\n")


def write_table(app: Sphinx, config) -> None:
    root = Path(app.srcdir)
    if not (root / f"{PAGE}.md").is_file():
        return
    try:
        chapters = [c for c in course_map(root) if has_handout(c)]
    except CourseMapError:
        chapters = []  # learnorg.booktools.sphinx_coursemap reports the problem
    text = downloads_table(chapters, root)
    target = root / TABLE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def read_chapters(app: Sphinx) -> None:
    try:
        app.env.lm_download_chapters = {c.doc: c for c in course_map(Path(app.srcdir)) if has_handout(c)}
    except CourseMapError:
        app.env.lm_download_chapters = {}  # learnorg.booktools.sphinx_coursemap reports the problem


def add_box(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    chapter = getattr(app.env, "lm_download_chapters", {}).get(pagename)
    if chapter is None or "body" not in context:
        return
    here = posixpath.dirname(pagename)

    def link(target: str, text: str) -> str:
        return f'<li><a href="{escape(posixpath.relpath(f"{FOLDER}/{target}", here))}">{escape(text)}</a></li>'

    items = [link(f"handouts/{handout_name(chapter, 'participant')}", "Participant handout: exercises, prompts, "
                  "workbook tasks and the tool, without solutions (PDF)"),
             link(f"handouts/{handout_name(chapter, 'answer-key')}", "Answer key for the trainer (PDF)")]
    pdf = tool_pdf_name(chapter, Path(app.srcdir))
    if pdf:
        items.append(link(f"tools/{pdf}", "The tool on one A4 page (PDF)"))
    downloads_page = posixpath.relpath("book/downloads.html", here)
    context["body"] += (
        '<div class="admonition lm-downloads screen-only"><p class="admonition-title">Downloads for this chapter'
        f'</p><ul>{"".join(items)}</ul><p>All downloads, including the whole book as a PDF and for reading '
        f'offline: <a href="{escape(downloads_page)}">Downloads</a>.</p></div>')


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", write_table)
    app.connect("builder-inited", read_chapters)
    app.connect("html-page-context", add_box)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
