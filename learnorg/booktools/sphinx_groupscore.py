"""Sphinx extension: the trainers' group-results page works on the static site without a kernel.

A notebook cell displays :class:`learnorg.self_assessment.group.GroupResults`, whose ``text/html`` output is a
plain form with the instrument's JSON spec. On pages whose body contains ``data-lm-groupscore`` markup this
extension adds:

- ``selfscore.js`` (the self-assessment's script, copied to ``_static/learnorg-selfscore/`` exactly as
  :mod:`learnorg.booktools.sphinx_selfscore` does): the group page scores each respondent with its
  ``LMSelfScore.scoreAnswers`` and reads answer cells with its ``parseAnswer``, so there is one scoring rule in
  the browser;
- ``groupscore.js`` and ``groupscore.css`` (copied to ``_static/learnorg-groupscore/``), loaded after it.

Nothing is added to other pages, and nothing is loaded from outside the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from learnorg import __version__

WEB = Path(__file__).resolve().parent.parent / "web"
MARKER = "data-lm-groupscore="
FOLDER = "learnorg-groupscore"
SELFSCORE_FOLDER = "learnorg-selfscore"
ASSETS = {FOLDER: ("groupscore.js", "groupscore.css"), SELFSCORE_FOLDER: ("selfscore.js", "selfscore.css")}


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the group page's script and style (and the self-assessment's script) to pages that show it."""
    if MARKER in (context.get("body") or ""):
        app.add_js_file(f"{SELFSCORE_FOLDER}/selfscore.js", loading_method="defer")
        app.add_css_file(f"{FOLDER}/groupscore.css")
        app.add_js_file(f"{FOLDER}/groupscore.js", priority=510, loading_method="defer")


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
