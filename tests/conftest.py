"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from learnorg.offline import CHROMIUM_ARGS, jupyter_book
from learnorg.toc import toc_documents

ROOT = Path(__file__).resolve().parent.parent
PAGE_FOLDERS = ("book", "exercises")
PAGE_SUFFIXES = (".md", ".ipynb")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="module")
def instrument():
    """The shipped instrument, loaded once per test module."""
    from learnorg.instrument import load_instrument

    return load_instrument()


def generate_case_pages() -> None:
    """Write the case pages exactly as the book build does, so that the toc's glob of them can be expanded
    when tests are collected (in a clean checkout they exist only after a build)."""
    from learnorg.cases import bib_keys, cases_dir, read_folder
    from learnorg.sphinx_cases import write_pages

    cases = read_folder(cases_dir(), bib_keys(ROOT / "references.bib"))
    write_pages(cases, ROOT / "book" / "cases" / "generated", ROOT / "book" / "glossary.md", "book/references")


generate_case_pages()


def toc_entries() -> list[str]:
    """Every document named in _toc.yml (root, files and expanded globs), without suffix."""
    return toc_documents(ROOT)


def pages() -> list[Path]:
    """Every page (Markdown or notebook) under the page folders; files named _*.md are fragments that pages
    include (such as the generated course-map table), not pages."""
    return sorted(
        p
        for folder in PAGE_FOLDERS
        for p in (ROOT / folder).rglob("*")
        if p.suffix in PAGE_SUFFIXES and ".ipynb_checkpoints" not in p.parts and not p.name.startswith("_")
    )


def notebooks() -> list[Path]:
    return [p for p in pages() if p.suffix == ".ipynb"]


def markdown_text(page: Path) -> str:
    """The Markdown of a page: the file itself, or the Markdown cells of a notebook."""
    if page.suffix == ".ipynb":
        nb = json.loads(page.read_text(encoding="utf-8"))
        return "\n\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"]
            if c["cell_type"] == "markdown"
        )
    return page.read_text(encoding="utf-8")


_FENCE = re.compile(r"^(`{3,}|~{3,})(?!\{).*?^\1[ \t]*$", re.S | re.M)
_DOUBLE_TICKS = re.compile(r"``.*?``", re.S)


def without_code_examples(text: str) -> str:
    """Drop fenced code blocks (but not ```{directive} blocks) and ``double-backtick`` spans."""
    return _DOUBLE_TICKS.sub("", _FENCE.sub("", text))


# ----------------------------------------------------------------------------------------------------
# The built site, shared by every test that needs it (tests/test_build.py, tests/test_site_browser.py,
# tests/test_offline.py): the book is built once per session, strictly (any Sphinx warning fails).

SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def site_output(tmp_path_factory) -> Path:
    """The --path-output folder of one strict build of the book (holds _build/html and the execution cache)."""
    import subprocess

    out = tmp_path_factory.mktemp("book")
    command = [jupyter_book(), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if SPHINX_PROBLEM.search(line)]
    assert result.returncode == 0 and not problems, "strict build failed:\n" + "\n".join(problems or [log[-6000:]])
    return out


@pytest.fixture(scope="session")
def site(site_output) -> Path:
    """The built HTML site, with its downloads made as the README says (python -m learnorg.downloads)."""
    from learnorg.downloads import make_downloads

    html = site_output / "_build" / "html"
    if CHROMIUM.exists() and not (html / "downloads").exists():
        make_downloads(ROOT, html)
    return html


def need_browser_tools(*paths: Path) -> None:
    """Skip when Chromium (or another browser tool) is missing on a developer machine; fail in CI."""
    missing = [str(p) for p in (CHROMIUM, *paths) if not p.exists()]
    if missing:
        message = (f"missing {', '.join(missing)}: install Chromium with 'apt-get install -y chromium' and the "
                   "npm tools with 'npm ci' (see .ci/run)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def site_url(site):
    """The built site served on 127.0.0.1 (a free port) for the whole session."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def block_outside(context, base: str, seen: list[str] | None = None) -> list[str]:
    """Abort every request of a Playwright ``context`` that does not go to the local site at ``base``.

    Returns the list of blocked URLs (filled as pages load); local URLs are appended to ``seen`` if given.
    """
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            if seen is not None:
                seen.append(url)
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    return blocked


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never 'playwright install')."""
    need_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
