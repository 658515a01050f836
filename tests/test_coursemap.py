"""The course map is made from the chapters' own metadata and fails loudly when a chapter lacks it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from learnorg.booktools.coursemap import CourseMapError, course_map, course_map_markdown, numbered_chapters


def test_every_numbered_chapter_is_on_the_map_with_its_time():
    chapters = course_map(ROOT)
    assert [c.doc for c in chapters] == [doc for _, _, doc in numbered_chapters(ROOT)]
    assert [c.number for c in chapters] == list(range(1, len(chapters) + 1))
    for c in chapters:
        assert c.time_minutes > 0 and c.objectives and c.title
    text = course_map_markdown(ROOT)
    for c in chapters:
        assert f"{c.number}. {{doc}}`{c.title} <" in text and f"| {c.time_minutes} min |" in text


@pytest.fixture
def mini_book(tmp_path) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "data" / "quizzes").mkdir(parents=True)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/index\nparts:\n  - caption: Start\n    chapters:\n      - file: book/intro\n"
        "  - caption: Part I\n    numbered: true\n    chapters:\n      - file: book/one\n      - file: book/two\n")
    cell = "# One\n\n:::{admonition} At a glance\n**You will be able to:**\n\n- do {term}`a thing <Thing>`;\n- do more.\n:::\n"
    meta = {"time_minutes": 40, "workbook": "exercises/one", "knowledge_check": "one", "tool": None}
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": cell}], "metadata": {"learnorg": meta},
          "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "book" / "one.ipynb").write_text(json.dumps(nb))
    (tmp_path / "exercises" / "one.ipynb").write_text("{}")
    (tmp_path / "data" / "quizzes" / "one.yaml").write_text("questions: [{id: a}, {id: b}]\n")
    (tmp_path / "book" / "two.md").write_text(
        "---\nlearnorg:\n  time_minutes: 20\n  workbook: null\n  knowledge_check: null\n  tool: null\n"
        "  objectives: [read a table]\n---\n# Two\n\nText.\n")
    return tmp_path


def test_map_reads_notebooks_and_markdown_chapters(mini_book):
    one, two = course_map(mini_book)
    assert (one.number, one.title, one.objectives, one.time_minutes) == (1, "One", ["do a thing", "do more"], 40)
    assert (two.number, two.title, two.objectives, two.workbook) == (2, "Two", ["read a table"], None)
    text = course_map_markdown(mini_book, "book/trainers/course_map")
    assert "{doc}`One <../one>`" in text and "2 questions" in text and "about 1 hours" in text


def test_missing_metadata_names_the_file(mini_book):
    nb = json.loads((mini_book / "book" / "one.ipynb").read_text())
    del nb["metadata"]["learnorg"]["time_minutes"]
    (mini_book / "book" / "one.ipynb").write_text(json.dumps(nb))
    with pytest.raises(CourseMapError, match=r"book/one.ipynb: .* lacks time_minutes"):
        course_map(mini_book)


def test_missing_objectives_and_missing_workbook_are_errors(mini_book):
    (mini_book / "book" / "two.md").write_text(
        "---\nlearnorg:\n  time_minutes: 20\n  workbook: null\n  knowledge_check: null\n  tool: null\n---\n# Two\n")
    with pytest.raises(CourseMapError, match="book/two.md: no learning objectives"):
        course_map(mini_book)
    shutil.rmtree(mini_book / "exercises")
    with pytest.raises(CourseMapError, match="workbook 'exercises/one' does not exist"):
        course_map(mini_book)
