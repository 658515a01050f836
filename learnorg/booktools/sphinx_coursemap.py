"""Sphinx extension: write the course map (see :mod:`learnorg.booktools.coursemap`) before the book is read.

On ``config-inited`` it reads every numbered chapter and writes ``book/trainers/_course_map_table.md`` (git-ignored),
which ``book/trainers/course_map.md`` includes. A chapter without its metadata stops the build with a message
that names the file.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from learnorg import __version__
from learnorg.booktools.coursemap import CourseMapError, course_map_markdown

PAGE = "book/trainers/course_map"
OUTPUT = "book/trainers/_course_map_table.md"


def write_course_map(app: Sphinx, config: Config) -> None:
    root = Path(app.srcdir)
    if not (root / f"{PAGE}.md").is_file():
        return
    try:
        text = course_map_markdown(root, PAGE)
    except CourseMapError as err:
        raise ConfigError(f"course map: {err}") from err
    target = root / OUTPUT
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", write_course_map)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
