"""Everything a trainer or an offline reader downloads, made after the site is built and put inside it.

Run from the repository root, after ``jupyter-book build .``::

    python -m learnorg.booktools.downloads            # -> _build/html/downloads/

It writes, under ``downloads/`` in the built site: the book as a PDF, the whole site as a zip, the paper
questionnaire (English and French), the XLSForm for KoboToolbox/ODK, the data-entry template, a sample HTML
report (from the synthetic survey), one PDF per printable tool, and a participant handout and an answer key
for every chapter. The Downloads page and each chapter page link to these files. Printing uses Debian's
Chromium through Playwright; nothing is downloaded from the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from learnorg.booktools import offline
from learnorg.booktools.handouts import write_handouts
from learnorg.paths import data_dir

FOLDER = "downloads"
BOOK_PDF = "learning-ministries.pdf"
SITE_ZIP = "learning-ministries-site.zip"
# name in downloads/ -> arguments of `python -m learnorg`
CLI_FILES = {
    "questionnaire-en.html": ["paper", "--lang", "en", "--out"],
    "questionnaire-fr.html": ["paper", "--lang", "fr", "--out"],
    "self-assessment-xlsform.xlsx": ["xlsform", "--lang", "en,fr", "--out"],
    "data-entry-template.xlsx": ["template", "--out"],
    "data-entry-template.csv": ["template", "--out"],
}


def _learnorg(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "learnorg", *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"python -m learnorg {' '.join(args)} failed:\n{result.stderr[-2000:]}")


def sample_report(path: Path) -> Path:
    """An HTML report of the synthetic example survey, bannered SYNTHETIC, as a ministry team would get one."""
    survey = data_dir() / "examples" / "synthetic_survey.csv"
    with tempfile.TemporaryDirectory() as tmp:
        _learnorg(["score", str(survey), "--out-scores", str(Path(tmp) / "scores.csv"), "--by", "unit",
                   "--report", str(path), "--synthetic", "--title", "Sample report (synthetic data)"])
    return path


def make_downloads(root: Path, site: Path, browser=None, book_pdf: bool = True) -> list[Path]:
    """Write every download into ``site/downloads/`` and return the files written."""
    out = site / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, args in CLI_FILES.items():
        _learnorg([*args, str(out / name)])
        written.append(out / name)
    written.append(sample_report(out / "sample-report.html"))

    def printed(b) -> list[Path]:
        files = offline.make_tool_pdfs(site, out / "tools", browser=b)
        files += write_handouts(site, root, out / "handouts", browser=b)
        if book_pdf:
            files.append(offline.make_pdf(site, out / BOOK_PDF, browser=b))
        return files

    written += offline.with_browser(printed, browser)
    written.append(offline.make_zip(site, out / SITE_ZIP, exclude=(f"{FOLDER}/{SITE_ZIP}", f"{FOLDER}/{BOOK_PDF}")))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnorg.booktools.downloads", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=".", help="the book's root folder (default: current folder)")
    parser.add_argument("--no-book-pdf", action="store_true", help="skip the whole-book PDF (the slowest part)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    site = root / "_build" / "html"
    try:
        files = make_downloads(root, site, book_pdf=not args.no_book_pdf)
    except (FileNotFoundError, RuntimeError) as err:
        print(f"downloads: {err}", file=sys.stderr)
        return 2
    total = sum(f.stat().st_size for f in files)
    print(f"Wrote {len(files)} files ({total / 1e6:.1f} MB) into {site / FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
