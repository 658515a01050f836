"""Sphinx extension: knowledge checks and the self-assessment work on the static site without a kernel.

Notebook cells display :class:`learnorg.quiz.KnowledgeCheck` or :class:`learnorg.self_assessment.SelfAssessment`,
whose outputs carry both an ipywidgets view (for live Jupyter) and a ``text/html`` form. ``_config.yml`` makes the
HTML builder prefer ``text/html`` (``nb_mime_priority_overrides``) and loads no ipywidgets JavaScript
(``nb_ipywidgets_js: {}``). This extension then:

- adds ``selfscore.js`` and ``selfscore.css`` (from ``learnorg/web/``, copied to ``_static/learnorg-selfscore/``)
  only to pages whose body contains ``data-lm-selfscore`` markup;
- drops the embedded ipywidgets state from pages when no ipywidgets JavaScript is configured: without it the
  state cannot render anything and only adds weight.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from learnorg import __version__
from learnorg.booktools.page_assets import SELFSCORE_FILES, SELFSCORE_FOLDER, PageAssets

PAGE = PageAssets(marker="data-lm-selfscore=", folder=SELFSCORE_FOLDER, script=SELFSCORE_FILES[0],
                  style=SELFSCORE_FILES[1])


def drop_widget_state(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove myst-nb's ipywidgets state and loaders from the page when ``nb_ipywidgets_js`` is empty."""
    if getattr(app.config, "nb_ipywidgets_js", None):
        return
    per_page = getattr(app.env, "nb_metadata", {}).get(pagename, {})
    js_files = per_page.get("js_files", {})
    for key in [k for k in js_files if k.startswith("ipywidgets")]:
        del js_files[key]


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", drop_widget_state, priority=400)  # before myst-nb adds the files (500)
    PAGE.connect(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
