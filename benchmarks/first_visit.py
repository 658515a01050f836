"""First visit over a slow link: the landing page and a chapter with an empty cache (a benchmark, not a test).

Usage, from the repository root, after building the book::

    python benchmarks/first_visit.py                           # _build/html; prints a Markdown table
    python benchmarks/first_visit.py --site OLD/_build/html --label before --site _build/html --label after
    python benchmarks/first_visit.py ... --write               # also replace its section in results/site.md
    python benchmarks/first_visit.py --page book/index.html    # other pages (repeat --page)

Each page is loaded in a fresh Chromium context (empty cache) from the built site served on 127.0.0.1 with gzip,
through Chromium's network emulation: 400 kbit/s down and up, 400 ms latency (a slow 3G-like link).
Reported: time to first contentful paint and to the load event, and the bytes transferred (headers included,
counted until the network is idle). Best of three runs by load time; FCP and bytes come from that run.
The byte budgets are tests (tests/test_first_visit.py); these times are not.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import re
import shlex
import subprocess
import sys
import threading
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_benchmark import GzipHandler  # noqa: E402

from learnorg.booktools.offline import CHROMIUM_ARGS, chromium_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.md"
HEADING = "## First visit over a slow link"
PAGES = ("book/index.html", "book/why_health_systems_need_to_learn.html")
KBIT_S, LATENCY_MS = 400, 400
LINK = {"offline": False, "latency": LATENCY_MS,
        "downloadThroughput": KBIT_S * 1000 / 8, "uploadThroughput": KBIT_S * 1000 / 8}
RUNS = 3


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def visit(browser, url: str) -> dict[str, float | None]:
    """One first visit over the emulated link: FCP and load in seconds (FCP None if never painted), kB sent."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", LINK)
        sizes: list[float] = []
        cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
        response = page.goto(url, wait_until="load", timeout=600_000)
        if response is None or not response.ok:
            raise RuntimeError(f"{url}: HTTP {response.status if response else 'no response'}")
        timing = page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd};
        }""")
        page.wait_for_load_state("networkidle", timeout=600_000)
        fcp = timing["fcp"] / 1000 if timing["fcp"] is not None else None
        return {"fcp_s": fcp, "load_s": timing["load"] / 1000, "transfer_kB": sum(sizes) / 1000}
    finally:
        context.close()


def check_pages(site: Path, pages: tuple[str, ...]) -> None:
    """A clear error when a site is not built or lacks a page (a 404 page would be measured otherwise)."""
    if not site.is_dir():
        raise FileNotFoundError(f"{site}: no built site here (run 'jupyter-book build .' first)")
    missing = [p for p in pages if not (site / p).is_file()]
    if missing:
        raise FileNotFoundError(f"{site}: no {', '.join(missing)} (choose the pages with --page)")


def measure(site: Path, pages: tuple[str, ...] = PAGES, runs: int = RUNS) -> dict[str, dict[str, float | None]]:
    """Best of ``runs`` first visits (by load time) to each page of a built site."""
    from playwright.sync_api import sync_playwright

    check_pages(site, pages)
    server, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            try:
                results = {}
                for path in pages:
                    print(f"first visit: {site} {path} ...", file=sys.stderr, flush=True)
                    visits = [visit(browser, base + path) for _ in range(runs)]
                    results[path] = min(visits, key=lambda v: v["load_s"])
                return results
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def source_of(site: Path) -> str:
    """The commit a site's checkout is at (``-dirty`` if files outside benchmarks/ changed), else its path."""
    def git(*args: str) -> str | None:
        result = subprocess.run(["git", "-C", str(site), *args], capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else None

    top, commit = git("rev-parse", "--show-toplevel"), git("rev-parse", "--short", "HEAD")
    if not top or not commit:
        return str(site)
    changed = git("-C", top, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)benchmarks")
    return f"commit {commit}{'-dirty' if changed else ''}"


def chromium_version() -> str:
    result = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True)
    return result.stdout.strip() or "Chromium"


def table(measured: dict[str, dict[str, dict[str, float | None]]]) -> str:
    """One row per page and site, the sites of a page next to each other."""
    lines = ["| Page | Site | First contentful paint | Load | Transferred |", "|---|---|---|---|---|"]
    pages = dict.fromkeys(path for results in measured.values() for path in results)
    for path in pages:
        for label, results in measured.items():
            if path in results:
                m = results[path]
                fcp = f"{m['fcp_s']:.1f} s" if m["fcp_s"] is not None else "none"
                lines.append(f"| `{path}` | {label} | {fcp} | {m['load_s']:.1f} s | {m['transfer_kB']:.0f} kB |")
    return "\n".join(lines)


def section(measured: dict[str, dict[str, dict[str, float | None]]], sources: dict[str, str],
            command: str = "python benchmarks/first_visit.py", runs: int = RUNS) -> str:
    """The report section: date, machine, method, what each site is, and the table."""
    built = "; ".join(f"{label}: {sources[label]}" for label in measured)
    return "\n".join([
        HEADING,
        "",
        f"Taken on {date.today().isoformat()} with `{command}` on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other work (load average {os.getloadavg()[0]:.1f} at the start), "
        f"{chromium_version()}. Sites: {built}.",
        "",
        f"Method: each page is opened in a fresh browser context (empty cache), served from the built site on "
        f"127.0.0.1 with gzip, through Chromium's network emulation ({KBIT_S} kbit/s down and up, "
        f"{LATENCY_MS} ms latency). Best of {runs} runs by load time; first contentful paint and bytes come from "
        "that run. Transferred counts every response, headers included, until the network is idle. "
        "Times depend on the machine and its load; nothing here is a test.",
        "",
        table(measured),
        "",
    ])


def replace_section(report: str, new: str) -> str:
    """``report`` with its first-visit section replaced by ``new`` (added before the scoring section if absent)."""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(report):
        return pattern.sub(lambda _: new + "\n", report, count=1).rstrip("\n") + "\n"
    anchor = re.search(r"^## Scoring benchmark", report, re.M)
    if anchor:
        return report[:anchor.start()] + new + "\n" + report[anchor.start():]
    return report.rstrip("\n") + "\n\n" + new


def current_section(report: str) -> str | None:
    """The first-visit section of a report, if it has one."""
    match = re.search(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", report, re.S | re.M)
    return match.group(0).rstrip("\n") + "\n" if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", type=Path, help="a built site (default: _build/html)")
    parser.add_argument("--label", action="append", help="a label for each --site, in order")
    parser.add_argument("--page", action="append", help=f"a page to visit (default: {', '.join(PAGES)})")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"visits per page, the best kept (default {RUNS})")
    parser.add_argument("--write", action="store_true", help=f"also write the section into {RESULTS.name}")
    args = parser.parse_args(argv)
    sites = args.site or [ROOT / "_build" / "html"]
    labels = args.label or [str(s) for s in sites]
    if len(labels) != len(sites):
        parser.error(f"{len(sites)} --site but {len(labels)} --label: give one label per site, in order")
    pages = tuple(args.page or PAGES)
    from playwright.sync_api import Error as PlaywrightError

    try:
        for site in sites:
            check_pages(site, pages)
        measured = {label: measure(site, pages, args.runs) for label, site in zip(labels, sites)}
    except (FileNotFoundError, RuntimeError, PlaywrightError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    given = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--write"]
    command = shlex.join(["python", "benchmarks/first_visit.py", *given])
    text = section(measured, {label: source_of(site) for label, site in zip(labels, sites)}, command, args.runs)
    print(text)
    if args.write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "# Site benchmark\n"
        RESULTS.write_text(replace_section(old, text), encoding="utf-8")
        print(f"Wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
