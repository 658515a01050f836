"""Sphinx extension: the action planner works on the static site without a kernel.

A notebook cell displays :class:`learnorg.planner.ActionPlanner`, whose output carries an ipywidgets view (for
live Jupyter) and a ``text/html`` form; ``_config.yml`` makes the HTML builder prefer ``text/html``. On pages
whose body contains ``data-lm-planner`` markup this extension adds:

- ``selfscore.js`` (the self-assessment's script, from ``learnorg/web/``, copied to ``_static/learnorg-selfscore/``
  exactly as :mod:`learnorg.booktools.sphinx_selfscore` does): the planner scores the self-assessment answers stored in the
  browser with its ``LMSelfScore.scoreAnswers``, so there is one scoring rule in the browser. When the page also
  has a knowledge check, Sphinx keeps a single copy (same file, same attributes);
- ``planner.js`` and ``planner.css`` (copied to ``_static/learnorg-planner/``), loaded after ``selfscore.js``.

Nothing is added to other pages, and nothing is loaded from outside the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from learnorg import __version__

WEB = Path(__file__).resolve().parent.parent / "web"
MARKER = "data-lm-planner="
FOLDER = "learnorg-planner"
SELFSCORE_FOLDER = "learnorg-selfscore"
ASSETS = {FOLDER: ("planner.js", "planner.css"), SELFSCORE_FOLDER: ("selfscore.js", "selfscore.css")}


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the planner's script and style (and the self-assessment's script) to pages that show the planner."""
    if MARKER in (context.get("body") or ""):
        app.add_js_file(f"{SELFSCORE_FOLDER}/selfscore.js", loading_method="defer")
        app.add_css_file(f"{FOLDER}/planner.css")
        app.add_js_file(f"{FOLDER}/planner.js", priority=510, loading_method="defer")


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        for folder, names in ASSETS.items():
            target = Path(app.outdir) / "_static" / folder
            target.mkdir(parents=True, exist_ok=True)
            for name in names:
                shutil.copyfile(WEB / name, target / name)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", copy_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
