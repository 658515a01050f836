"""Sphinx extension: the theme's icons from small font subsets (see :mod:`learnorg.booktools.icons`).

``_templates/static/webpack-macros.html`` removes Font Awesome's script from every page; this extension writes
the icon-font subsets and ``learnorg-icons.css`` into ``_static/learnorg-icons/`` and adds the stylesheet to every
page, after the theme's, so its ``@font-face`` rules are the ones the browser uses.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.booktools.icons import CSS_FILE, write_icon_fonts

FOLDER = "learnorg-icons"


def write_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_icon_fonts(Path(app.outdir) / "_static" / FOLDER)


def setup(app: Sphinx) -> dict:
    app.add_css_file(f"{FOLDER}/{CSS_FILE}")
    app.connect("build-finished", write_fonts)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
