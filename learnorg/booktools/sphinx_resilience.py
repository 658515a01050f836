"""Sphinx extension: the thought experiment of "Learning and resilience" works on the static site without a kernel.

The notebook cell displays :class:`learnorg.resilience_explorer.Explorer`, whose output carries an ipywidgets view
(for live Jupyter) and a ``text/html`` version that the book's HTML builder prefers (``nb_mime_priority_overrides``
in ``_config.yml``). This extension adds ``resilience.js`` and ``resilience.css`` (from ``learnorg/web/``, copied to
``_static/learnorg-resilience/``) only to pages whose body contains ``data-lm-resilience`` markup, so no other page
carries them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from learnorg import __version__

WEB = Path(__file__).resolve().parent.parent / "web"
ASSETS = ("resilience.js", "resilience.css")
ASSET_FOLDER = "learnorg-resilience"
MARKER = "data-lm-resilience="


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the script and style to pages that show the thought experiment."""
    if MARKER in (context.get("body") or ""):
        app.add_css_file(f"{ASSET_FOLDER}/resilience.css")
        app.add_js_file(f"{ASSET_FOLDER}/resilience.js", loading_method="defer")


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / ASSET_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        for name in ASSETS:
            shutil.copyfile(WEB / name, target / name)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", copy_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
