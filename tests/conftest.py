"""Shared fixtures and helpers for the test suite.

The suite writes nothing into the checkout: the book is built from a copy of its sources in a temporary
folder (where the build also writes the generated case pages), Hypothesis keeps no example database, and
every test writes under ``tmp_path``. A check at the end of the session fails the run if files appeared in
the checkout (``git status --ignored``; the interpreter's ``__pycache__`` folders aside).

Tests that need Chromium, Node.js or Java fail when the tool is missing; set ``LEARNORG_SKIP_BROWSER=1`` to
skip them instead.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from learnorg.booktools.offline import CHROMIUM_ARGS, jupyter_book
from learnorg.booktools.toc import toc_documents

ROOT = Path(__file__).resolve().parent.parent
PAGE_FOLDERS = ("book", "exercises")
PAGE_SUFFIXES = (".md", ".ipynb")
SKIP_VARIABLE = "LEARNORG_SKIP_BROWSER"
#: What the book build reads: copied to a temporary folder, so that the build's output stays out of the checkout.
BOOK_SOURCES = ("_config.yml", "_toc.yml", "references.bib", "book", "exercises", "_static", "_templates")

# Hypothesis keeps no example database, and its caches go to a temporary folder, not .hypothesis/ in the checkout.
_HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="learnorg-hypothesis-"))
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)
set_hypothesis_home_dir(str(_HYPOTHESIS_HOME))
settings.register_profile("learnorg", database=None)
settings.load_profile("learnorg")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="module")
def instrument():
    """The shipped instrument, loaded once per test module."""
    from learnorg.instrument import load_instrument

    return load_instrument()


def _book_copy() -> Path:
    """A copy of the book's sources in a temporary folder, with the case pages generated as the build does.

    Made when the tests are collected (the toc's glob of the case pages must be expanded then) and removed
    when the interpreter exits. The strict build of the tests runs on this copy, never on the checkout.
    """
    from learnorg.booktools.sphinx_cases import write_pages
    from learnorg.cases import bib_keys, cases_dir, read_folder

    folder = Path(tempfile.mkdtemp(prefix="learnorg-book-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    skip = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__", "generated")
    for name in BOOK_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=skip)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    cases = read_folder(cases_dir(), bib_keys(folder / "references.bib"))
    write_pages(cases, folder / "book" / "cases" / "generated", folder / "book" / "glossary.md", "book/references")
    return folder


BOOK = _book_copy()


def toc_entries() -> list[str]:
    """Every document named in _toc.yml (root, files and expanded globs, the generated case pages included),
    without suffix."""
    return toc_documents(BOOK)


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


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}|:{3,})(.*)$")
_DOUBLE_TICKS = re.compile(r"``.*?``", re.S)


def _without_code_fences(text: str) -> str:
    """Drop the lines of fenced code blocks, keeping ```{directive} and :::{directive} blocks (and their
    fences) and the blocks nested in them. Fences are matched line by line, opener to its own closer, so a
    directive's closing fence is never taken for the opening of a code block."""
    kept, stack = [], []  # stack of (fence, is_code)
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match:
            fence, rest = match.group(1), match.group(2).strip()
            if stack and not rest and fence[0] == stack[-1][0][0] and len(fence) >= len(stack[-1][0]):
                _, is_code = stack.pop()
                if not is_code and not any(code for _, code in stack):
                    kept.append(line)
                continue
            if not (stack and stack[-1][1]):  # fences inside a code block are just text
                is_code = fence[0] != ":" and not rest.startswith("{")
                if not any(code for _, code in stack) and not is_code:
                    kept.append(line)
                stack.append((fence, is_code))
                continue
        if not any(code for _, code in stack):
            kept.append(line)
    return "\n".join(kept)


def without_code_examples(text: str) -> str:
    """Drop fenced code blocks (but not ```{directive} blocks) and ``double-backtick`` spans."""
    return _DOUBLE_TICKS.sub("", _without_code_fences(text))


# ----------------------------------------------------------------------------------------------------
# The built site, shared by every test that needs it (tests/test_build.py, tests/test_site_browser.py,
# tests/test_offline.py): the book is built once per session, strictly (any Sphinx warning fails).

SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def site_output(tmp_path_factory) -> Path:
    """The --path-output folder of one strict build of the book (holds _build/html and the execution cache).

    The build reads the copy of the sources in ``BOOK`` (a temporary folder), so what it writes beside its
    sources (the generated case pages) never lands in the checkout.
    """
    out = tmp_path_factory.mktemp("book")
    command = [jupyter_book(), "build", str(BOOK), "-W", "-n", "--keep-going", "--path-output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    log = result.stdout + result.stderr
    problems = [line for line in log.splitlines() if SPHINX_PROBLEM.search(line)]
    assert result.returncode == 0 and not problems, "strict build failed:\n" + "\n".join(problems or [log[-6000:]])
    return out


@pytest.fixture(scope="session")
def site(site_output, request) -> Path:
    """The built HTML site, with its downloads made as the README says (python -m learnorg.booktools.downloads).

    The downloads are printed with the session's browser: a second Playwright cannot start while the first
    runs (as it does when a test asks for ``browser`` before ``site``)."""
    from learnorg.booktools.downloads import make_downloads

    html = site_output / "_build" / "html"
    if CHROMIUM.exists() and not (html / "downloads").exists():
        make_downloads(ROOT, html, browser=request.getfixturevalue("browser"))
    return html


def missing_tool(what: str, hint: str) -> None:
    """Fail (or, with LEARNORG_SKIP_BROWSER=1, skip) a test whose system tool is missing, with a one-line hint."""
    message = f"{what} is missing: {hint}. Or set {SKIP_VARIABLE}=1 to skip the tests that need Chromium, Node.js or Java."
    if os.environ.get(SKIP_VARIABLE, "").strip() not in ("", "0"):
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


def need_browser_tools(*paths: Path) -> None:
    """Chromium (and the npm tools named in ``paths``) must exist; see :func:`missing_tool`."""
    if not CHROMIUM.exists():
        missing_tool(f"Chromium ({CHROMIUM})", "install it with 'apt-get install -y chromium'")
    for path in paths:
        if not path.exists():
            missing_tool(str(path), "run 'npm ci' in the repository root")


def need_node() -> str:
    """The path of the ``node`` executable; see :func:`missing_tool`."""
    node = shutil.which("node")
    if node is None:
        missing_tool("Node.js (node)", "install it with 'apt-get install -y nodejs npm'")
    return node


def need_java() -> None:
    """Java runs ODK Validate; see :func:`missing_tool`."""
    if shutil.which("java") is None:
        missing_tool("Java (java)", "install it with 'apt-get install -y default-jre-headless'")


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


@contextlib.contextmanager
def watched_page(browser, site_url: str, **options):
    """A page in a new browser context (``options`` as for ``new_context``) with every request outside the
    local site blocked and console errors collected in ``page.errors``; ``page.base`` is the site's URL.
    On exit the context closes, and the test fails if a request tried to leave the machine."""
    context = browser.new_context(**options)
    blocked = block_outside(context, site_url)
    page = context.new_page()
    page.errors = []
    page.base = site_url
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
    assert not blocked, f"requests left the machine: {blocked}"


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
    """Debian's Chromium driven by Playwright (never 'playwright install'); ``site`` prints its downloads with it."""
    need_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# ----------------------------------------------------------------------------------------------------
# The test suite writes nothing into the checkout: compare `git status --ignored` before and after.

def _checkout_state() -> set[str] | None:
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None  # not a git checkout (an unpacked archive): nothing to compare
    return {line for line in result.stdout.splitlines() if "__pycache__/" not in line}


def pytest_sessionstart(session):
    session.config._learnorg_checkout = _checkout_state()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_learnorg_checkout", None)
    after = _checkout_state() if before is not None else None
    if before is None or after is None:
        return
    new = sorted(after - before)
    if new:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        text = ("The test run wrote into the checkout (tests must write under tmp_path):\n  "
                + "\n  ".join(new[:20]) + ("\n  ..." if len(new) > 20 else ""))
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(text, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
