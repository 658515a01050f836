"""Downloads for low connectivity (learnorg.booktools.offline): the site as a zip that works from the file system, and
the book as a PDF printed offline with solutions open and an appendix for answer keys."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import toc_entries
from learnorg.booktools import offline

MINI_PAGE = """<!DOCTYPE html><html><head><title>{title}</title>
<link rel="stylesheet" href="../_static/theme.css?digest=1"/>{next}</head>
<body><p class="title logo__title">Mini book</p><article class="bd-article">{body}</article></body></html>"""


@pytest.fixture
def mini_site(tmp_path) -> Path:
    """A two-page built site written by hand, to check the print document exactly."""
    site = tmp_path / "html"
    (site / "book").mkdir(parents=True)
    (site / "_images").mkdir()
    (site / "_images" / "chart.png").write_bytes(b"\x89PNG")
    (site / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/a.html" />')
    (site / "book" / "a.html").write_text(MINI_PAGE.format(
        title="A", next='<link rel="next" title="B" href="b.html" />',
        body='<section id="intro"><h1>Page A<a class="headerlink" href="#intro">#</a></h1>'
             '<p><a href="b.html#x">to B</a> <a href="#intro">here</a> <a href="https://example.org/">out</a></p>'
             '<img alt="a chart" src="../_images/chart.png"/>'
             '<details><summary>Show</summary><p>hidden code</p></details>'
             '<div class="screen-only"><button>Check answers</button></div>'
             '<div class="print-appendix"><p>Answer key A</p></div><script>alert(1)</script></section>'))
    (site / "book" / "b.html").write_text(MINI_PAGE.format(
        title="B", next="", body='<section id="intro"><h1>Page B</h1><p id="x">target</p></section>'))
    return site


def test_book_pages_follow_the_next_links(mini_site):
    assert offline.book_pages(mini_site) == ["book/a.html", "book/b.html"]


def test_print_document_joins_pages_and_rewrites_links(mini_site):
    soup = BeautifulSoup(offline.print_document(mini_site), "html.parser")
    pages = soup.select("section.lm-print-page")
    assert [p["id"] for p in pages] == ["book-a", "book-b", "appendix"]
    assert soup.title.string == "Mini book"
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids must be unique across pages"
    hrefs = {a.get_text(): a["href"] for a in soup.find_all("a")}
    assert hrefs["to B"] == "#book-b--x" and soup.find(id="book-b--x").get_text() == "target"
    assert hrefs["here"] == "#book-a--intro"
    assert hrefs["out"] == "https://example.org/"
    assert hrefs["Page A"] == "#book-a" and hrefs["Page B"] == "#book-b"  # the contents list
    assert soup.find("img")["src"] == "_images/chart.png"
    assert soup.find("link", rel="stylesheet")["href"] == "_static/theme.css"


def test_print_document_opens_details_drops_screen_only_and_moves_answer_keys_to_the_back(mini_site):
    soup = BeautifulSoup(offline.print_document(mini_site), "html.parser")
    assert soup.find("details").has_attr("open")
    assert not soup.select(".screen-only") and not soup.find("script") and not soup.select(".headerlink")
    page_a, appendix = soup.find(id="book-a"), soup.find(id="appendix")
    assert "Answer key A" not in page_a.get_text()
    assert "Answer key A" in appendix.get_text() and appendix.find("h2").get_text() == "Page A"


def test_print_document_has_no_appendix_without_answer_keys(mini_site):
    page = mini_site / "book" / "a.html"
    page.write_text(page.read_text().replace("print-appendix", "plain"))
    assert BeautifulSoup(offline.print_document(mini_site), "html.parser").find(id="appendix") is None


def test_zip_holds_the_site_under_one_folder(site, tmp_path):
    archive = offline.make_zip(site, tmp_path / "site.zip")
    names = set(zipfile.ZipFile(archive).namelist())
    assert all(name.startswith(offline.SITE_FOLDER + "/") for name in names)
    expected = {f"{offline.SITE_FOLDER}/{entry}.html" for entry in toc_entries()}
    expected |= {f"{offline.SITE_FOLDER}/{name}" for name in ("index.html", "README.txt", "searchindex.js")}
    assert expected <= names, expected - names
    assert not any(name.endswith((".buildinfo", ".map")) for name in names)
    assert archive.stat().st_size < 0.6 * sum(p.stat().st_size for p in site.rglob("*") if p.is_file()), \
        "the archive is compressed and leaves the source maps out"


def test_cli_needs_the_book_root(tmp_path):
    with pytest.raises(FileNotFoundError, match="_config.yml and _toc.yml"):
        offline.main(["zip", "--root", str(tmp_path), "--no-build"])


def test_cli_zip_without_build(mini_site, tmp_path, capsys):
    root = tmp_path / "book_root"
    (root / "_build").mkdir(parents=True)
    (root / "_config.yml").write_text("title: x\n")
    (root / "_toc.yml").write_text("root: x\n")
    (root / "_build" / "html").symlink_to(mini_site)
    assert offline.main(["zip", "--root", str(root), "--no-build"]) == 0
    archive = root / "_build" / offline.ZIP_NAME
    assert f"{offline.SITE_FOLDER}/book/a.html" in zipfile.ZipFile(archive).namelist()
    assert str(archive) in capsys.readouterr().out


def test_unzipped_site_works_from_the_file_system(site, browser, tmp_path):
    """Landing page, sidebar navigation and search work over file://, and nothing is fetched from elsewhere."""
    zipfile.ZipFile(offline.make_zip(site, tmp_path / "site.zip")).extractall(tmp_path)
    folder = (tmp_path / offline.SITE_FOLDER).as_uri()
    elsewhere, errors = [], []
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(folder)
                  else (elsewhere.append(r.request.url), r.abort()))
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(folder + "/index.html", wait_until="load")
        page.wait_for_url("**/book/index.html")
        chapter = toc_entries()[1]
        page.locator(f'nav.bd-docs-nav a[href$="{Path(chapter).name}.html"]').first.click()
        page.wait_for_url(f"**/{chapter}.html")
        assert page.locator("article h1").count() >= 1
        assert not errors, errors
        # Search lists its results; over file:// the browser refuses the fetch that adds a text snippet
        # under each result, so those (and only those) errors are expected.
        page.goto(folder + "/search.html?q=ministry", wait_until="load")
        page.wait_for_selector("#search-results li a", timeout=15_000)
        page.locator("#search-results li a").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith(folder) and page.url.split("#")[0].endswith(".html")
    finally:
        context.close()
    snippet_fetch = re.compile(r"Access to fetch at 'file:|net::ERR_FAILED|Failed to fetch")
    assert not [e for e in errors if not snippet_fetch.search(e)], errors
    assert not elsewhere, elsewhere


def test_print_stylesheet_opens_solution_dropdowns(site_url, browser):
    """On screen a solution starts collapsed; printed, its content shows."""
    pages = [e for e in toc_entries() if (Path(__file__).parent.parent / f"{e}.ipynb").exists()]
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page = context.new_page()
    try:
        for entry in pages:
            page.goto(site_url + f"{entry}.html", wait_until="networkidle")
            if page.locator(".solution.toggle-hidden").count():
                break
        else:
            pytest.skip("no page with a collapsed solution")
        body = ".solution.toggle-hidden .admonition-title ~ *"
        assert page.eval_on_selector(body, "e => getComputedStyle(e).visibility") == "hidden"
        page.emulate_media(media="print")
        assert page.eval_on_selector(body, "e => getComputedStyle(e).visibility") == "visible"
        assert page.eval_on_selector(body, "e => e.getBoundingClientRect().height") > 0
    finally:
        context.close()


def test_pdf_is_printed_offline(site, browser, tmp_path):
    pdf = offline.make_pdf(site, tmp_path / "book.pdf", browser=browser).read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= len(toc_entries()) + 1, "every page of the book starts on a new PDF page, after the cover"
    assert b"/Outlines" in pdf, "the PDF has bookmarks"
    assert not (site / offline.PRINT_FILE).exists(), "the temporary print document is removed"


def test_printed_pages_keep_their_titles(site, browser):
    """Every page's title (its h1) shows in the print document, which the theme would hide."""
    document = site / offline.PRINT_FILE
    document.write_text(offline.print_document(site), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(document.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        hidden = page.eval_on_selector_all(
            "section.lm-print-page > section > h1, .lm-print-cover h1",
            "els => els.filter(e => getComputedStyle(e).display === 'none').map(e => e.textContent)")
        count = page.locator("section.lm-print-page > section > h1").count()
    finally:
        page.close()
        document.unlink()
    assert count >= len(toc_entries()) - 1
    assert not hidden, hidden
    assert not (site / offline.PRINT_FILE).exists(), "the temporary print document is removed"
