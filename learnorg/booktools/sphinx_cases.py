"""Sphinx extension for the case library (registered in ``_config.yml`` under ``sphinx: extra_extensions``).

- On ``config-inited`` (before any source is read) it validates every case in ``data/cases/`` and writes
  one MyST page per case to ``book/cases/generated/<id>.md`` (git-ignored; ``_toc.yml`` lists them with a
  glob). Stale generated pages are removed; unchanged ones are not rewritten.
- ``{case-gallery}`` renders the filterable gallery; its script and style are added to that page only.
- ``{case-box} <id>`` renders a short box for a chapter: title, the start of the summary, the building
  blocks and a link to the case page.

Settings (``sphinx: config:``): ``learnorg_cases_dir`` (default: the package's case folder),
``learnorg_cases_output`` (default ``book/cases/generated``, relative to the source folder) and
``learnorg_cases_glossary`` (default ``book/glossary.md``) and ``learnorg_cases_bibliography_doc``
(default ``book/references``; empty for none).
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from learnorg import __version__
from learnorg.case_render import BLOCKS, case_page, first_words, gallery_html, glossary_terms
from learnorg.cases import CaseError, bib_keys, case_files, cases_dir, read_folder

STATIC = Path(__file__).resolve().parent.parent / "static"
ASSETS = ("case_gallery.js", "case_gallery.css")
ASSET_FOLDER = "_static/learnorg"
METADATA_FLAG = "learnorg_case_gallery"


def _cases_dir(config: Config) -> Path:
    return Path(config.learnorg_cases_dir) if config.learnorg_cases_dir else cases_dir()


def _bibliography(app: Sphinx) -> set[str] | None:
    files = getattr(app.config, "bibtex_bibfiles", None) or []
    if not files:
        return None
    keys: set[str] = set()
    for name in files:
        keys |= bib_keys(Path(app.srcdir) / name) or set()
    return keys


def _output_docname(config: Config, case_id: str) -> str:
    return posixpath.join(config.learnorg_cases_output.strip("/"), case_id)


def write_pages(cases: list[dict], out: Path, glossary: Path, bibliography_doc: str | None) -> None:
    """Write one MyST page per case into ``out`` (only when its text changed) and delete pages of removed cases."""
    out.mkdir(parents=True, exist_ok=True)
    terms = glossary_terms(glossary.read_text(encoding="utf-8")) if glossary.is_file() else set()
    wanted = set()
    for case in cases:
        target = out / f"{case['id']}.md"
        wanted.add(target.name)
        text = case_page(case, terms, source_file=f"data/cases/{case['id']}.yaml", bibliography_doc=bibliography_doc)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for stale in out.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()


def generate_pages(app: Sphinx, config: Config) -> None:
    """Validate the cases and (re)write their pages; raise CaseError on any invalid case."""
    folder = _cases_dir(config)
    try:
        cases = read_folder(folder, _bibliography(app))
    except CaseError as err:
        raise CaseError(f"Invalid case file(s) in {folder}:\n{err}") from None
    write_pages(
        cases,
        Path(app.srcdir) / config.learnorg_cases_output,
        Path(app.srcdir) / config.learnorg_cases_glossary,
        config.learnorg_cases_bibliography_doc or None,
    )
    app.env_cases = {case["id"]: case for case in cases}  # type: ignore[attr-defined]


def _cases(directive: SphinxDirective) -> dict[str, dict]:
    cases = getattr(directive.env.app, "env_cases", None)
    if cases is None:
        raise directive.error("the case library was not loaded (is learnorg.booktools.sphinx_cases set up?)")
    folder = _cases_dir(directive.config)
    for path in case_files(folder):
        directive.env.note_dependency(str(path))
    return cases


class CaseGallery(SphinxDirective):
    """``{case-gallery}``: every case as a card, with filters."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        cases = list(_cases(self).values())
        here = posixpath.dirname(self.env.docname)

        def link(case_id: str) -> str:
            return posixpath.relpath(_output_docname(self.config, case_id), here or ".") + ".html"

        self.env.metadata[self.env.docname][METADATA_FLAG] = True
        return [nodes.raw("", gallery_html(cases, link), format="html")]


class CaseBox(SphinxDirective):
    """``{case-box} <id>``: a short admonition about one case, linking to its page."""

    required_arguments = 1
    has_content = False
    option_spec = {"words": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        cases = _cases(self)
        case_id = self.arguments[0].strip()
        if case_id not in cases:
            raise self.error(f"unknown case {case_id!r}; known cases: {', '.join(sorted(cases))}")
        case = cases[case_id]
        box = nodes.admonition(classes=["case-box", "tip"])
        box += nodes.title("", "Case: " + case["title"])
        box += nodes.paragraph("", first_words(case["summary"], self.options.get("words", 60)))
        box += nodes.paragraph(
            "", "", nodes.strong("", "Building blocks: "),
            nodes.Text("; ".join(BLOCKS[b] for b in case["building_blocks"]) + "."),
        )
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget="/" + _output_docname(self.config, case_id),
            refexplicit=True, refwarn=True, refdoc=self.env.docname,
        )
        xref += nodes.inline("", "Read the full case, with figures, sources and discussion questions")
        box += nodes.paragraph("", "", xref, nodes.Text("."))
        self.set_source_info(box)
        return [box]


def add_gallery_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add the gallery's script and style to the gallery page only."""
    if app.env.metadata.get(pagename, {}).get(METADATA_FLAG):
        app.add_css_file("learnorg/case_gallery.css")
        app.add_js_file("learnorg/case_gallery.js", loading_method="defer")


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / ASSET_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        for name in ASSETS:
            shutil.copyfile(STATIC / name, target / name)


def setup(app: Sphinx) -> dict:
    app.add_config_value("learnorg_cases_dir", "", "env")
    app.add_config_value("learnorg_cases_output", "book/cases/generated", "env")
    app.add_config_value("learnorg_cases_glossary", "book/glossary.md", "env")
    app.add_config_value("learnorg_cases_bibliography_doc", "book/references", "env")
    app.connect("config-inited", generate_pages)
    app.connect("html-page-context", add_gallery_assets)
    app.connect("build-finished", copy_assets)
    app.add_directive("case-gallery", CaseGallery)
    app.add_directive("case-box", CaseBox)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
