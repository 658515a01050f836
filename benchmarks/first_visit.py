"""First visit over a slow link: the landing page and a chapter with an empty cache (a benchmark, not a test).

Usage, from the repository root, after building the book::

    python benchmarks/first_visit.py                           # _build/html; prints a Markdown table
    python benchmarks/first_visit.py --site OLD/_build/html --label before --site _build/html --label after

Each page is loaded in a fresh Chromium context (empty cache) from the built site served on 127.0.0.1 with gzip,
through Chromium's network emulation: 400 kbit/s down and up, 400 ms round-trip latency (a slow 3G-like link).
Reported: time to first contentful paint, time to the load event, and the bytes transferred. Best of three runs.
The byte budgets are tests (tests/test_first_visit.py); these times are not.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_benchmark import GzipHandler  # noqa: E402

from learnorg.booktools.offline import CHROMIUM_ARGS, chromium_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("book/index.html", "book/why_health_systems_need_to_learn.html")
LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
RUNS = 3


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def visit(browser, url: str) -> dict[str, float]:
    """One first visit over the emulated link: FCP and load in seconds, transfer in kB."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", LINK)
        sizes: list[float] = []
        cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
        page.goto(url, wait_until="load", timeout=600_000)
        timing = page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd};
        }""")
        return {"fcp_s": (timing["fcp"] or 0) / 1000, "load_s": timing["load"] / 1000, "transfer_kB": sum(sizes) / 1000}
    finally:
        context.close()


def measure(site: Path, pages: tuple[str, ...] = PAGES, runs: int = RUNS) -> dict[str, dict[str, float]]:
    """Best of ``runs`` first visits to each page of a built site."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            try:
                results = {}
                for path in pages:
                    visits = [visit(browser, base + path) for _ in range(runs)]
                    results[path] = min(visits, key=lambda v: v["load_s"])
                return results
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def table(measured: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = ["| Site | Page | First contentful paint | Load | Transferred |", "|---|---|---|---|---|"]
    for label, pages in measured.items():
        for path, m in pages.items():
            lines.append(f"| {label} | `{path}` | {m['fcp_s']:.1f} s | {m['load_s']:.1f} s | {m['transfer_kB']:.0f} kB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", type=Path, help="a built site (default: _build/html)")
    parser.add_argument("--label", action="append", help="a label for each --site, in order")
    args = parser.parse_args(argv)
    sites = args.site or [ROOT / "_build" / "html"]
    labels = args.label or [str(s) for s in sites]
    print(table({label: measure(site) for label, site in zip(labels, sites)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
