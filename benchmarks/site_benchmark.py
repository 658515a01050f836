"""Benchmark of the book's site (a script, not a test): build times, test-suite time, scoring, Lighthouse.

Usage, from the repository root::

    python benchmarks/site_benchmark.py                 # everything; writes benchmarks/results/site.md
    python benchmarks/site_benchmark.py --skip-tests    # without the (slow) full test suite
    python benchmarks/site_benchmark.py --quick-scoring # the scoring benchmark on 100,000 rows
    python benchmarks/site_benchmark.py --first-visit-before OLD/_build/html   # also the first-visit section

What is measured:

1. Clean build: the repository (without _build, .git, node_modules) is copied to a temporary folder and built
   with ``jupyter-book build`` from nothing, notebooks executed.
2. Rebuild after a one-page edit: one Markdown page of the copy gets an extra paragraph; the book is rebuilt.
3. Full test suite: ``python -m pytest`` in the repository (``--skip-tests`` leaves it out).
4. Scoring: ``benchmarks/bench_scoring.py``, if present; its table is copied into the report.
5. Lighthouse (npm, Debian's Chromium, desktop preset) on the landing page and the first chapter, with the
   clean build served on 127.0.0.1 with gzip, as static hosts such as GitHub Pages serve it. Also reported:
   each page's transfer size as Lighthouse measured it.
6. First visit over a slow link (``--first-visit``, or ``--first-visit-before SITE`` to compare with an older
   build): ``benchmarks/first_visit.py`` on the clean build. Without these options the report keeps the
   first-visit section it already has.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from learnorg.booktools.offline import CHROMIUM_ARGS, jupyter_book
from learnorg.booktools.toc import toc_documents


ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.md"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = " ".join(CHROMIUM_ARGS)
TARGETS = {"accessibility": 100, "performance": 90}
GZIP_TYPES = (".html", ".css", ".js", ".svg", ".json", ".txt", ".ipynb", ".map")
IGNORE = shutil.ignore_patterns("_build", ".git", "node_modules", ".venv*", "venv", ".hypothesis",
                                ".pytest_cache", "__pycache__", "build", "*.egg-info")


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, result


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves text files gzipped, like a static host does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Bytes(body)
        return super().send_head()


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    command = ["npx", "--no-install", "lighthouse", url, "--preset=desktop", "--output=json",
               f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError("lighthouse failed (run 'npm ci' first):\n" + result.stderr[-2000:])
    report = json.loads(out.read_text())
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v["score"] is not None}
    scores["transfer_kB"] = round(report["audits"]["total-byte-weight"]["numericValue"] / 1000)
    scores["LCP_s"] = round(report["audits"]["largest-contentful-paint"]["numericValue"] / 1000, 2)
    scores["failing_a11y"] = [a["id"] for a in report["categories"]["accessibility"]["auditRefs"]
                              if report["audits"][a["id"]]["score"] not in (None, 1)]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not time the full test suite")
    parser.add_argument("--quick-scoring", action="store_true", help="scoring benchmark on 100,000 rows")
    parser.add_argument("--first-visit", action="store_true",
                        help="time a first visit over a slow link on the clean build (benchmarks/first_visit.py)")
    parser.add_argument("--first-visit-before", type=Path, metavar="SITE",
                        help="--first-visit, plus an older built site, labelled 'before' (the clean build: 'after')")
    parser.add_argument("--no-write", action="store_true", help=f"print only; do not write {RESULTS.name}")
    args = parser.parse_args(argv)
    import first_visit  # here, not at the top: first_visit imports GzipHandler from this module

    args.first_visit = args.first_visit or args.first_visit_before is not None
    if args.first_visit_before is not None:
        try:
            first_visit.check_pages(args.first_visit_before, first_visit.PAGES)
        except FileNotFoundError as error:
            parser.error(str(error))
    old_report = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    first_visit_text = first_visit.current_section(old_report)
    rows: list[tuple[str, str]] = []
    notes: list[str] = []

    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=IGNORE, symlinks=True)
        print("clean build ...", flush=True)
        seconds, result = timed([jupyter_book(), "build", "."], copy)
        if result.returncode != 0:
            raise RuntimeError("clean build failed:\n" + (result.stdout + result.stderr)[-3000:])
        rows.append(("Clean build (notebooks executed)", f"{seconds:.1f} s"))

        pages = toc_documents(copy)
        edited = next(copy / f"{p}.md" for p in pages if (copy / f"{p}.md").is_file())
        with edited.open("a", encoding="utf-8") as handle:
            handle.write("\n\nAn extra paragraph, added by the benchmark.\n")
        print("rebuild ...", flush=True)
        seconds, result = timed([jupyter_book(), "build", "."], copy)
        rows.append((f"Rebuild after editing one page (`{edited.relative_to(copy)}`)", f"{seconds:.1f} s"))

        site = copy / "_build" / "html"
        landing = f"{pages[0]}.html"
        chapter = next((f"{p}.html" for p in pages[1:] if (copy / f"{p}.ipynb").is_file()), f"{pages[1]}.html")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        lh = {}
        try:
            for page in (landing, chapter):
                print(f"lighthouse {page} ...", flush=True)
                lh[page] = lighthouse(base + page, Path(tmp) / "lh.json")
        finally:
            server.shutdown()

        if args.first_visit:
            sites = {"after": site} if args.first_visit_before is None else {
                "before": args.first_visit_before, "after": site}
            measured = {label: first_visit.measure(path) for label, path in sites.items()}
            sources = {label: first_visit.source_of(path) for label, path in sites.items()}
            sources["after"] = f"the clean build of {first_visit.source_of(ROOT)}"
            command = "python benchmarks/site_benchmark.py --first-visit" + (
                f"-before {args.first_visit_before}" if args.first_visit_before is not None else "")
            first_visit_text = first_visit.section(measured, sources, command)

    if not args.skip_tests:
        print("full test suite ...", flush=True)
        seconds, result = timed([sys.executable, "-m", "pytest", "-q", "-rf"], ROOT)
        summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
        rows.append(("Full test suite (`python -m pytest`)", f"{seconds:.0f} s ({summary.strip('= ')})"))
        notes += [f"- Test suite: `{line}`" for line in result.stdout.splitlines() if line.startswith("FAILED")]

    scoring = ROOT / "benchmarks" / "bench_scoring.py"
    scoring_text = "Not run: `benchmarks/bench_scoring.py` is not there yet."
    if scoring.is_file():
        print("scoring benchmark ...", flush=True)
        extra = ["--rows", "100000", "--sample", "2000"] if args.quick_scoring else []
        seconds, result = timed([sys.executable, str(scoring), *extra], ROOT)
        scoring_text = ("\n".join("###" + line[1:] if line.startswith("# ") else line
                                  for line in result.stdout.strip().splitlines()) if result.returncode == 0
                        else f"bench_scoring.py failed:\n\n```\n{result.stderr[-1500:]}\n```")
        rows.append(("Scoring benchmark, whole script" + (" (100,000 rows)" if extra else ""), f"{seconds:.0f} s"))

    lines = [
        "# Site benchmark",
        "",
        f"Taken on {date.today().isoformat()} with `python benchmarks/site_benchmark.py` "
        f"on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        "Times depend on the machine and its load; nothing here is a test.",
        "",
        "## Times",
        "",
        "| Step | Time |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
        "## Lighthouse (desktop preset)",
        "",
        "The clean build served on 127.0.0.1 with gzip, Debian's Chromium, no network. "
        f"Aims: accessibility {TARGETS['accessibility']}, performance ≥ {TARGETS['performance']}.",
        "",
        "Transfer is a first visit with an empty cache, so it includes the theme's files shared by every page "
        "(cached after the first page).",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | Transfer | LCP |",
        "|---|---|---|---|---|---|---|",
        *[f"| `{page}` | {s.get('performance')} | {s.get('accessibility')} | {s.get('best-practices')} | "
          f"{s.get('seo')} | {s['transfer_kB']} kB | {s['LCP_s']} s |" for page, s in lh.items()],
        "",
    ]
    for page, s in lh.items():
        if s["failing_a11y"]:
            notes.append(f"- `{page}`: accessibility audits not passed: {', '.join(s['failing_a11y'])}")
        for key, aim in TARGETS.items():
            if s.get(key, 0) < aim:
                notes.append(f"- `{page}`: {key} {s.get(key)} is below the aim of {aim}.")
    lines += (["To look at:", "", *notes, ""] if notes else ["Every page meets both aims.", ""])
    lines += ["## Scoring benchmark", "", scoring_text, ""]
    report = "\n".join(lines)
    if first_visit_text:
        report = first_visit.replace_section(report, first_visit_text)
    print(report)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, encoding="utf-8")
        print(f"Wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
