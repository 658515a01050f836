"""Sphinx extension: the thought experiment of "Learning and resilience" works on the static site without a kernel.

The notebook cell displays :class:`learnorg.resilience_explorer.Explorer`, whose output carries an ipywidgets view
(for live Jupyter) and a ``text/html`` version that the book's HTML builder prefers (``nb_mime_priority_overrides``
in ``_config.yml``). This extension adds ``resilience.js`` and ``resilience.css`` (from ``learnorg/web/``, copied to
``_static/learnorg-resilience/``) only to pages whose body contains ``data-lm-resilience`` markup, so no other page
carries them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.booktools.page_assets import WEB, PageAssets  # noqa: F401 (WEB: used by the tests)

PAGE = PageAssets(marker="data-lm-resilience=", folder="learnorg-resilience", script="resilience.js",
                  style="resilience.css")
add_assets, ASSETS = PAGE.add, PAGE.files  # used by the tests


def setup(app: Sphinx) -> dict:
    PAGE.connect(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
