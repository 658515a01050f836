"""Page-specific scripts and styles from ``learnorg/web/``, added only to the pages that need them.

Jupyter Book adds every file under the root ``_static/`` to every page, so the book's larger scripts live in the
package instead: a :class:`PageAssets` adds its script and style to a page whose body contains its marker, and
copies them into ``_static/<folder>/`` when the build finishes. Nothing is loaded from outside the site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx

WEB = Path(__file__).resolve().parent.parent / "web"
SELFSCORE_FOLDER = "learnorg-selfscore"
SELFSCORE_FILES = ("selfscore.js", "selfscore.css")


@dataclass(frozen=True)
class PageAssets:
    """One page feature's script and style (files in ``learnorg/web/``)."""

    marker: str  # text in a page's body that asks for the assets, e.g. 'data-lm-planner='
    folder: str  # folder under the site's _static/
    script: str
    style: str
    needs_selfscore: bool = False  # load selfscore.js first: one scoring rule for every page in the browser

    @property
    def files(self) -> tuple[str, str]:
        return (self.script, self.style)

    def add(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
        """``html-page-context`` handler: add the files to a page that shows the feature."""
        if self.marker not in (context.get("body") or ""):
            return
        if self.needs_selfscore:
            app.add_js_file(f"{SELFSCORE_FOLDER}/selfscore.js", loading_method="defer")
        app.add_css_file(f"{self.folder}/{self.style}")
        app.add_js_file(f"{self.folder}/{self.script}", loading_method="defer",
                        **({"priority": 510} if self.needs_selfscore else {}))

    def copy(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished`` handler: copy the files (and selfscore.js, when needed) into the site."""
        if exception is not None or app.builder.format != "html":
            return
        folders = {self.folder: self.files}
        if self.needs_selfscore:
            folders[SELFSCORE_FOLDER] = SELFSCORE_FILES
        for folder, names in folders.items():
            target = Path(app.outdir) / "_static" / folder
            target.mkdir(parents=True, exist_ok=True)
            for name in names:
                shutil.copyfile(WEB / name, target / name)

    def connect(self, app: Sphinx) -> None:
        app.connect("html-page-context", self.add)
        app.connect("build-finished", self.copy)
