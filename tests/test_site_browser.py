"""Site quality gates: the built book, served on 127.0.0.1, as readers on slow or no connections, with screen
readers or keyboards meet it.

Every page in _toc.yml (plus search and the general index) is loaded once in Debian's Chromium with every
request outside the local server blocked. The gates: no console errors, no request leaves the machine,
axe-core finds no serious or critical violation, pages stay within their weight budgets. Static checks on
the built HTML: internal links and anchors resolve, images have alt text, charts have a table or text
equivalent, images are compressed, every notebook can be downloaded.
"""

from __future__ import annotations

import io
import json
import statistics
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, block_outside, need_browser_tools, toc_entries

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EXTRA_PAGES = ["search.html", "genindex.html"]
SITE_PAGES = [f"{entry}.html" for entry in toc_entries()] + EXTRA_PAGES
NOTEBOOK_ENTRIES = [entry for entry in toc_entries() if (ROOT / f"{entry}.ipynb").is_file()]
FAILING_IMPACTS = {"serious", "critical"}
MEDIAN_BUDGET = 300_000  # bytes: HTML + page-specific assets, median over pages
PAGE_BUDGET = 1_000_000  # bytes: HTML + page-specific assets, any page
IMAGE_BUDGET = 300_000  # bytes: any single image
ROOT_STATIC_BUDGET = 20_000  # bytes: root _static/ is added to every page by Jupyter Book: keep it tiny
LOCAL_SCHEMES = ("", "file", "data")  # data: URIs are embedded in the file, not fetched


# ------------------------------------------------------------------------------------------------ visiting

class Visits:
    """Load each page once (fresh browser context, so a first visit is tested) and remember what happened."""

    def __init__(self, browser, base: str):
        self.browser, self.base, self.done = browser, base, {}

    def __call__(self, path: str) -> dict:
        if path not in self.done:
            self.done[path] = self._visit(path)
        return self.done[path]

    def _visit(self, path: str) -> dict:
        report = {"console": [], "external": [], "failed": [], "requests": [], "violations": []}
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        report["external"] = block_outside(context, self.base, seen=report["requests"])
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and report["console"].append(m.text))
        page.on("pageerror", lambda e: report["console"].append(f"uncaught: {e}"))
        page.on("response", lambda r: r.status >= 400 and report["failed"].append(f"{r.status} {r.url}"))
        try:
            page.goto(self.base + path, wait_until="networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            report["violations"] = [
                {"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "targets": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"]
            ]
        finally:
            context.close()
        return report


@pytest.fixture(scope="module")
def visit(browser, site_url):
    need_browser_tools(AXE)
    return Visits(browser, site_url)


def local_path(site: Path, url: str, base: str) -> Path | None:
    """The file behind a URL of the local server (None for a folder or a missing file)."""
    path = site / unquote(urlsplit(url).path).removeprefix(urlsplit(base).path)
    return path if path.is_file() else None


def page_weights(visit, site: Path, base: str) -> dict[str, int]:
    """Bytes each page needs on top of the assets every page shares (the theme): its HTML, its own assets
    (as requested by the browser) and every image it embeds (even lazy ones)."""
    requested = {p: {u.split("?")[0].split("#")[0] for u in visit(p)["requests"]} for p in SITE_PAGES}
    shared = set.intersection(*requested.values()) - {base + p for p in SITE_PAGES}
    weights = {}
    for page, urls in requested.items():
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        embedded = {urljoin(base + page, img["src"]) for img in soup.find_all("img", src=True)
                    if urlsplit(img["src"]).scheme in LOCAL_SCHEMES}
        files = {local_path(site, u, base) for u in (urls - shared) | embedded | {base + page}}
        weights[page] = sum(f.stat().st_size for f in files if f is not None)
    return weights


def describe(items) -> str:
    return "\n".join(f"  {item}" for item in items)


# ------------------------------------------------------------------------------------------------ browser gates

@pytest.mark.parametrize("path", SITE_PAGES)
def test_page_loads_without_console_errors(visit, path):
    report = visit(path)
    assert not report["console"], f"{path}: console errors\n" + describe(report["console"])
    assert not report["failed"], f"{path}: failed requests\n" + describe(report["failed"])


@pytest.mark.parametrize("path", SITE_PAGES)
def test_no_request_leaves_the_machine(visit, path):
    report = visit(path)
    assert not report["external"], (
        f"{path} requested outside the site (vendor it or avoid it; MathJax comes from a CDN on pages with "
        "math):\n" + describe(report["external"]))


@pytest.mark.parametrize("path", SITE_PAGES)
def test_no_serious_or_critical_accessibility_violations(visit, path):
    found = [v for v in visit(path)["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not found, f"{path}: axe-core violations\n" + describe(
        f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in found)


def test_theme_fixes_leave_no_known_minor_findings(visit):
    """The theme findings fixed in _templates/ stay fixed, even the moderate ones (content outside landmarks,
    names that do not contain the visible label, the bibliography list without list items)."""
    fixed = {"region", "label-content-name-mismatch", "aria-required-children"}
    found = [(p, v["id"], v["targets"]) for p in SITE_PAGES for v in visit(p)["violations"] if v["id"] in fixed]
    assert not found, describe(found)


def test_page_weight_budgets(visit, site, site_url):
    weights = page_weights(visit, site, site_url)
    heavy = {p: w for p, w in weights.items() if w > PAGE_BUDGET}
    assert not heavy, f"pages above {PAGE_BUDGET} bytes: {heavy}"
    median = statistics.median(weights.values())
    assert median <= MEDIAN_BUDGET, f"median page weight {median:.0f} bytes > {MEDIAN_BUDGET}: {weights}"


def test_weights_count_page_specific_assets(visit, site, site_url):
    """The budget really sees a page's own images: the heaviest page is at least its HTML plus its images."""
    weights = page_weights(visit, site, site_url)
    for page in SITE_PAGES:
        html = site / page
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        images = {(html.parent / unquote(img["src"])).resolve() for img in soup.find_all("img", src=True)
                  if "_images/" in img["src"]}
        assert weights[page] >= html.stat().st_size + sum(p.stat().st_size for p in images), page


def test_landing_redirect_skip_link_and_search_work_offline(browser, site_url):
    need_browser_tools(AXE)
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="networkidle")
        assert page.url.endswith("book/index.html")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
        page.goto(site_url + "search.html?q=ministry", wait_until="networkidle")
        page.wait_for_selector("#search-results li", timeout=15_000)
        assert page.locator("#search-results li").count() >= 1
    finally:
        context.close()


# ------------------------------------------------------------------------------------------------ static gates

def site_html(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(site).parts))


def test_every_toc_page_is_checked():
    assert len(SITE_PAGES) == len(toc_entries()) + len(EXTRA_PAGES) >= 3


def test_internal_links_and_anchors_resolve(site):
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids[path] = {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}
        return ids[path]

    broken = []
    for page in site_html(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in [("a", "href"), ("img", "src"), ("script", "src"), ("link", "href"), ("source", "src")]:
            for element in soup.find_all(tag, attrs={attr: True}):
                url = urlsplit(element[attr])
                if url.scheme not in ("", "file") or url.netloc or element[attr].startswith("//"):
                    continue  # remote, or embedded (data:): nothing to resolve
                target = (page.parent / unquote(url.path)).resolve() if url.path else page
                if not target.exists():
                    broken.append(f"{page.relative_to(site)}: {element[attr]} (no such file)")
                elif url.fragment and tag == "a" and target.suffix == ".html" and url.fragment not in anchors(target):
                    broken.append(f"{page.relative_to(site)}: {element[attr]} (no such anchor)")
    assert not broken, "broken internal links:\n" + describe(broken)


def test_no_page_loads_assets_from_elsewhere(site):
    """A static twin of the browser check: nothing a page loads (script, style, image, frame) is remote."""
    remote = []
    for page in site_html(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")]:
            for element in soup.find_all(tag, attrs={attr: True}):
                if tag == "link" and not {"stylesheet", "preload", "modulepreload", "icon"} & set(element.get("rel", [])):
                    continue
                if urlsplit(element[attr]).scheme not in LOCAL_SCHEMES or element[attr].startswith("//"):
                    remote.append(f"{page.relative_to(site)}: <{tag} {attr}={element[attr]}>")
    assert not remote, "remote assets:\n" + describe(remote)


def test_every_image_has_alt_text(site):
    missing = [f"{page.relative_to(site)}: {img.get('src')}"
               for page in site_html(site)
               for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img")
               if not (img.get("alt") or "").strip()]
    assert not missing, "images without alt text:\n" + describe(missing)


def test_every_chart_has_a_table_or_text_equivalent(site):
    """A chart (an image made by a code cell) needs, in the same section, a table or an element of class
    text-equivalent that gives its values in words."""
    lonely = []
    for page in site_html(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in soup.select(".cell_output img"):
            section = img.find_parent("section") or soup
            if not (section.find("table") or section.select_one(".text-equivalent")):
                lonely.append(f"{page.relative_to(site)}: {img.get('src')}")
    assert not lonely, "charts without a table or text equivalent in their section:\n" + describe(lonely)


def test_images_are_compressed(site):
    from PIL import Image

    problems = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and "_static" not in p.relative_to(site).parts):
        suffix = path.suffix.lower()
        if suffix not in {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff"}:
            continue
        size = path.stat().st_size
        name = path.relative_to(site)
        if size > IMAGE_BUDGET:
            problems.append(f"{name}: {size} bytes > {IMAGE_BUDGET}")
        if suffix in {".bmp", ".tif", ".tiff"}:
            problems.append(f"{name}: use PNG, JPEG, WebP or SVG")
            continue
        if suffix == ".svg":
            continue
        with Image.open(path) as image:
            if max(image.size) > 2400:
                problems.append(f"{name}: {image.size} pixels; 2400 on the long side is plenty")
            if suffix == ".png":
                again = io.BytesIO()
                image.save(again, "PNG", optimize=True)
                if size > 1.5 * len(again.getvalue()) + 2048:
                    problems.append(f"{name}: {size} bytes, {len(again.getvalue())} after optimising")
            elif suffix in {".jpg", ".jpeg"} and size / (image.size[0] * image.size[1]) > 0.6:
                problems.append(f"{name}: JPEG above 0.6 bytes per pixel; lower its quality")
    assert not problems, describe(problems)


def test_root_static_folder_stays_tiny():
    """Jupyter Book adds every file under the root _static/ to every page: only tiny, site-wide fixes go there."""
    files = [p for p in (ROOT / "_static").rglob("*") if p.is_file()] if (ROOT / "_static").is_dir() else []
    total = sum(p.stat().st_size for p in files)
    assert total <= ROOT_STATIC_BUDGET, f"_static/ holds {total} bytes: move page-specific files elsewhere"


@pytest.mark.parametrize("entry", NOTEBOOK_ENTRIES)
def test_notebook_is_downloadable_from_its_page(site, site_url, entry):
    page = site / f"{entry}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("a.btn-download-source-button[href]") if a["href"].endswith(".ipynb")]
    assert links, f"{entry}: no .ipynb download button (html.use_download_button)"
    url = urljoin(site_url + f"{entry}.html", links[0])
    assert urlsplit(url).netloc == urlsplit(site_url).netloc, "the download must come from the site itself"
    with urllib.request.urlopen(url, timeout=10) as response:
        notebook = json.loads(response.read())
    assert notebook["nbformat"] == 4 and notebook["cells"], f"{url} is not a notebook"
