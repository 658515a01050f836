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

from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.booktools.page_assets import PageAssets

PAGE = PageAssets(marker="data-lm-planner=", folder="learnorg-planner", script="planner.js", style="planner.css",
                  needs_selfscore=True)


def setup(app: Sphinx) -> dict:
    PAGE.connect(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
