"""The book for readers who cannot stay online: a zip of the whole site and a PDF.

Run from the repository root::

    python -m learnorg.booktools.offline zip    # -> _build/learning-ministries-site.zip (open index.html inside)
    python -m learnorg.booktools.offline pdf    # -> _build/learning-ministries.pdf
    python -m learnorg.booktools.offline tools  # -> _build/html/_downloads/tools/<tool>.pdf, one A4 page each

The commands first build the site with ``jupyter-book build`` (incremental; ``--no-build`` reuses
``_build/html`` as it is). Nothing is downloaded.

The PDF is printed by Chromium (through Playwright, with Debian's ``/usr/bin/chromium``) from one long
HTML document assembled from the built pages, in book order, without any JavaScript:

- solutions and other dropdowns print open (``<details>`` are opened; toggles need JavaScript to hide);
- elements with class ``screen-only`` (live widgets, "check answers" buttons) are left out;
- elements with class ``print-only`` (a paper worksheet with a scoring grid, say) appear only in print
  (``_static/lm-print.css`` hides them on screen);
- elements with class ``print-appendix`` (an answer key, say) are moved to an appendix at the back of the
  PDF, under the title of the page they came from.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import shutil
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_FOLDER = "learning-ministries"
ZIP_NAME = "learning-ministries-site.zip"
PDF_NAME = "learning-ministries.pdf"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PRINT_FILE = "_lm_print.html"

_ZIP_README = """Learning Ministries, offline copy
================================

Open index.html in this folder with any web browser (double-click it). No internet connection is needed:
pages, navigation and search work from the file system. Each chapter's notebook can be downloaded from
its page (download button at the top), or found in the _sources folder.
"""

_PRINT_CSS = """
html { font-size: 11pt; }
.lm-print-page { break-before: page; }
/* sphinx-book-theme hides an article's first h1 in print (it prints its own title): here each page keeps it */
.bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
.lm-print-cover h1 { font-size: 2.2rem; margin-top: 30vh; }
.lm-print-contents li { margin: 0.2rem 0; }
details > summary { list-style: none; }
.print-only { display: block !important; }
.screen-only { display: none !important; }
"""


# --------------------------------------------------------------------------------------------- building

def jupyter_book() -> str:
    """The jupyter-book executable of this Python environment (or the one on PATH)."""
    candidate = Path(sys.executable).parent / "jupyter-book"
    return str(candidate) if candidate.exists() else "jupyter-book"


def book_root(root: str | os.PathLike | None = None) -> Path:
    """The repository root holding ``_config.yml`` and ``_toc.yml`` (default: the current folder)."""
    path = Path(root or Path.cwd()).resolve()
    if not (path / "_config.yml").is_file() or not (path / "_toc.yml").is_file():
        raise FileNotFoundError(
            f"{path} is not the book's root: _config.yml and _toc.yml are missing. Run this command from "
            "the repository root or pass --root."
        )
    return path


def build_html(root: str | os.PathLike | None = None, path_output: str | os.PathLike | None = None) -> Path:
    """Build the HTML site with jupyter-book (incremental) and return its folder."""
    root = book_root(root)
    out = Path(path_output).resolve() if path_output else root
    command = [jupyter_book(), "build", str(root), "--path-output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("jupyter-book build failed:\n" + (result.stdout + result.stderr)[-4000:])
    return out / "_build" / "html"


def _site_dir(html_dir: str | os.PathLike) -> Path:
    html_dir = Path(html_dir).resolve()
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir} holds no built site (index.html is missing): build the book first.")
    return html_dir


# --------------------------------------------------------------------------------------------- the zip

def make_zip(html_dir: str | os.PathLike, zip_path: str | os.PathLike, exclude: tuple[str, ...] = ()) -> Path:
    """Write the built site into a zip with one top folder; it works opened from the file system.

    Left out: Sphinx's build stamp, the theme's source maps (``*.map``, only for developer tools) and the
    site-relative paths in ``exclude`` (such as the zip itself when it is written inside the site).
    """
    html_dir = _site_dir(html_dir)
    zip_path = Path(zip_path).resolve()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in html_dir.rglob("*")
                   if p.is_file() and p.name not in {".buildinfo", PRINT_FILE} and p.suffix != ".map"
                   and p.relative_to(html_dir).as_posix() not in exclude and p.resolve() != zip_path)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(f"{SITE_FOLDER}/README.txt", _ZIP_README)
        for path in files:
            archive.write(path, f"{SITE_FOLDER}/{path.relative_to(html_dir).as_posix()}")
    return zip_path


# --------------------------------------------------------------------------------------------- the PDF

def book_pages(html_dir: str | os.PathLike) -> list[str]:
    """The pages of the built site in book order (root-relative paths), following the "next" links."""
    from bs4 import BeautifulSoup

    html_dir = _site_dir(html_dir)
    start = BeautifulSoup((html_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    refresh = start.find("meta", attrs={"http-equiv": "Refresh"})
    page = refresh["content"].split("url=", 1)[1].strip() if refresh else "index.html"
    order: list[str] = []
    while page and page not in order:
        order.append(page)
        soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
        nxt = soup.find("link", rel="next")
        page = posixpath.normpath(posixpath.join(posixpath.dirname(page), nxt["href"])) if nxt else None
    return order


def _slug(page: str) -> str:
    return page.removesuffix(".html").replace("/", "-")


def _rewrite_links(article, page: str, pages: set[str]) -> None:
    """Make ids unique across pages and point links at the right place in the single document."""
    slug = _slug(page)
    for tag in article.find_all(id=True):
        tag["id"] = f"{slug}--{tag['id']}"
    for tag in article.find_all(["img", "source", "a"]):
        attr = "href" if tag.name == "a" else "src"
        url = tag.get(attr)
        if not url or url.startswith("data:"):
            continue
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            continue
        if not parts.path:  # a link within the page
            tag[attr] = f"#{slug}--{parts.fragment}" if parts.fragment else f"#{slug}"
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if tag.name == "a" and target in pages:
            tag[attr] = f"#{_slug(target)}--{parts.fragment}" if parts.fragment else f"#{_slug(target)}"
        else:
            tag[attr] = target + (f"#{parts.fragment}" if parts.fragment else "")


def print_document(html_dir: str | os.PathLike, title: str | None = None) -> str:
    """One HTML document holding every page in book order, ready for printing (no JavaScript)."""
    from bs4 import BeautifulSoup

    html_dir = _site_dir(html_dir)
    order = book_pages(html_dir)
    first = BeautifulSoup((html_dir / order[0]).read_text(encoding="utf-8"), "html.parser")
    title = title or (first.select_one(".logo__title") or first.title).get_text(strip=True)

    out = BeautifulSoup('<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head>'
                        '<meta charset="utf-8"/></head><body></body></html>', "html.parser")
    title_tag = out.new_tag("title")
    title_tag.string = title
    out.head.append(title_tag)
    for link in first.find_all("link", rel="stylesheet"):
        href = urlsplit(link["href"]).path
        new = out.new_tag("link", rel="stylesheet",
                          href=posixpath.normpath(posixpath.join(posixpath.dirname(order[0]), href)))
        out.head.append(new)
    style = out.new_tag("style")
    style.string = _PRINT_CSS
    out.head.append(style)

    article_root = BeautifulSoup('<main class="bd-main"><div class="bd-content"><div class="bd-article-container">'
                                 '<article class="bd-article"></article></div></div></main>', "html.parser")
    body = article_root.article
    cover = BeautifulSoup(f'<section class="lm-print-cover"><h1>{escape(title)}</h1>'
                          '<nav class="lm-print-contents" aria-label="Contents"><h2>Contents</h2><ol></ol></nav>'
                          '</section>', "html.parser")
    contents = cover.ol
    body.append(cover)

    appendix = []
    pages = set(order)
    for page in order:
        soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is None:
            continue
        for tag in article.select("script, .screen-only, .headerlink"):
            tag.decompose()
        for tag in article.find_all("details"):
            tag["open"] = ""
        _rewrite_links(article, page, pages)
        heading = article.find("h1")
        page_title = heading.get_text(" ", strip=True).rstrip("#").strip() if heading else page
        for item in article.select(".print-appendix"):
            appendix.append((page_title, item.extract()))
        section = soup.new_tag("section", attrs={"class": "lm-print-page", "id": _slug(page)})
        section.extend(list(article.contents))
        body.append(section)
        entry = cover.new_tag("li")
        link = cover.new_tag("a", href=f"#{_slug(page)}")
        link.string = page_title
        entry.append(link)
        contents.append(entry)

    if appendix:
        section = out.new_tag("section", attrs={"class": "lm-print-page lm-print-appendix", "id": "appendix"})
        heading = out.new_tag("h1")
        heading.string = "Appendix: answer keys and worksheets"
        section.append(heading)
        for page_title, item in appendix:
            sub = out.new_tag("h2")
            sub.string = page_title
            section.append(sub)
            section.append(item)
        body.append(section)
    out.body.append(article_root)
    return str(out)


def chromium_path() -> str:
    """Debian's Chromium (override with the CHROMIUM environment variable)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError(f"Chromium not found at {path}: install it with 'apt-get install -y chromium' "
                                "or set CHROMIUM to its path.")
    return path


def make_pdf(html_dir: str | os.PathLike, pdf_path: str | os.PathLike, browser=None) -> Path:
    """Print the whole book to a PDF with Chromium; every request outside the site folder is blocked.

    ``browser`` is an open Playwright Chromium browser to use (default: launch Debian's Chromium).
    """
    html_dir = _site_dir(html_dir)
    pdf_path = Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    document = html_dir / PRINT_FILE
    document.write_text(print_document(html_dir), encoding="utf-8")
    try:
        if browser is not None:
            _print(browser, html_dir, document, pdf_path)
        else:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise RuntimeError("The PDF needs Playwright: pip install -r requirements-test.txt") from exc
            with sync_playwright() as p:
                own = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
                try:
                    _print(own, html_dir, document, pdf_path)
                finally:
                    own.close()
    finally:
        document.unlink(missing_ok=True)
    return pdf_path


def _print(browser, html_dir: Path, document: Path, pdf_path: Path) -> None:
    site = html_dir.as_uri()
    context = browser.new_context()
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site)
                      else route.abort())
        page = context.new_page()
        page.goto(document.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.pdf(path=str(pdf_path), format="A4", outline=True, tagged=True, print_background=False,
                 margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                 display_header_footer=True, header_template="<span></span>",
                 footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                 '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
    finally:
        context.close()


TOOLS_FOLDER = "book/tools"
TOOL_PDF_FOLDER = "_downloads/tools"


def tool_pages(html_dir: str | os.PathLike) -> list[Path]:
    """The built pages of the printable tools (``book/tools/*.html`` holding a ``.printable-tool`` form)."""
    folder = _site_dir(html_dir) / TOOLS_FOLDER
    return sorted(p for p in folder.glob("*.html") if 'class="printable-tool' in p.read_text(encoding="utf-8"))


def print_page(browser, html_dir: str | os.PathLike, page_path: Path, pdf_path: Path) -> Path:
    """Print one built page to an A4 PDF as a browser's Print command would (print stylesheet, no network)."""
    site = _site_dir(html_dir).as_uri()
    context = browser.new_context()
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site)
                      else route.abort())
        page = context.new_page()
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf_path), format="A4", print_background=False,
                 margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
    finally:
        context.close()
    return pdf_path


def with_browser(run, browser=None):
    """Call ``run(browser)`` with the given Playwright browser, or with Debian's Chromium launched for the call."""
    if browser is not None:
        return run(browser)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("Printing needs Playwright: pip install -r requirements-test.txt") from exc
    with sync_playwright() as p:
        own = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            return run(own)
        finally:
            own.close()


def make_tool_pdfs(html_dir: str | os.PathLike, out_dir: str | os.PathLike | None = None, browser=None) -> list[Path]:
    """Print every tool page to its own one-page PDF (default: into the site, under ``_downloads/tools/``)."""
    html_dir = _site_dir(html_dir)
    out = Path(out_dir) if out_dir else html_dir / TOOL_PDF_FOLDER
    return with_browser(lambda b: [print_page(b, html_dir, page, out / f"{page.stem}.pdf")
                                   for page in tool_pages(html_dir)], browser)


# --------------------------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnorg.booktools.offline", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["zip", "pdf", "tools"],
                        help="zip: the whole site; pdf: the book as one PDF; tools: one PDF per printable tool")
    parser.add_argument("--root", default=None, help="the book's root folder (default: current folder)")
    parser.add_argument("--output", default=None, help="file to write (default: in _build/)")
    parser.add_argument("--no-build", action="store_true", help="use _build/html as it is, without building")
    args = parser.parse_args(argv)

    root = book_root(args.root)
    html_dir = root / "_build" / "html" if args.no_build else build_html(root)
    if args.what == "zip":
        path = make_zip(html_dir, args.output or root / "_build" / ZIP_NAME)
        print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB). Unzip it and open "
              f"{SITE_FOLDER}/index.html in a browser.")
    elif args.what == "tools":
        for path in make_tool_pdfs(html_dir, args.output):
            print(f"Wrote {path}")
    else:
        path = make_pdf(html_dir, args.output or root / "_build" / PDF_NAME)
        print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
