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

from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.booktools.page_assets import PageAssets

PAGE = PageAssets(marker="data-lm-groupscore=", folder="learnorg-groupscore", script="groupscore.js",
                  style="groupscore.css", needs_selfscore=True)


def setup(app: Sphinx) -> dict:
    PAGE.connect(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
