"""Checks on the repository itself: table of contents, notebooks, citations, pins."""

from __future__ import annotations

import json
import re

import pytest
from pybtex.database import parse_file

from conftest import BOOK, ROOT, markdown_text, notebooks, pages, toc_entries, without_code_examples
from learnorg.booktools import launch

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def test_every_toc_entry_exists():
    missing = [
        entry
        for entry in toc_entries()
        if not any((BOOK / f"{entry}{suffix}").is_file() for suffix in (".md", ".ipynb"))  # sources + generated pages
    ]
    assert not missing, f"_toc.yml names files that do not exist: {missing}"


def test_every_page_is_in_the_toc():
    listed = set(toc_entries())
    orphans = [
        str(p.relative_to(ROOT)) for p in pages() if str(p.relative_to(ROOT).with_suffix("")) not in listed
    ]
    assert not orphans, f"pages missing from _toc.yml: {orphans}"


def test_no_page_name_starts_with_a_digit():
    bad = [p.name for p in pages() if p.name[0].isdigit()]
    assert not bad, f"file names starting with a digit break the PDF build: {bad}"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_starts_with_current_colab_setup_cell(path):
    import nbformat

    source = launch.setup_cell_source(launch.repository_url(ROOT / "_config.yml"))
    nb = nbformat.read(path, as_version=4)
    assert launch.is_current(nb, source), (
        f"{path.name}: first cell is not the current Colab setup cell; run `python -m learnorg.booktools.launch`"
    )


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_code_does_not_use_relative_data_paths(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    pattern = re.compile(r"""["'](\.\./|\./|data/|/work/)""")
    offenders = [
        "".join(c["source"])[:80]
        for c in nb["cells"]
        if c["cell_type"] == "code" and pattern.search("".join(c["source"]))
    ]
    assert not offenders, f"{path.name}: load data through learnorg, not by path: {offenders}"


def test_every_citation_key_is_in_the_bibliography():
    known = set(parse_file(ROOT / "references.bib").entries)
    cited = {}
    for page in pages():
        for match in CITE.finditer(without_code_examples(markdown_text(page))):
            for key in match.group(1).split(","):
                cited.setdefault(key.strip(), page.relative_to(ROOT))
    assert cited, "no citations found at all: the scanner is broken"
    unknown = {key: str(page) for key, page in cited.items() if key not in known}
    assert not unknown, f"citation keys missing from references.bib: {unknown}"


def test_bibliography_has_one_well_formed_entry_per_key():
    # A merge can drop an entry's closing brace, silently folding the next entry into it.
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    starts = re.findall(r"^@\w+\{([^,\s]+),", text, re.M)
    parsed = parse_file(ROOT / "references.bib").entries
    assert len(starts) == len(set(starts)), f"duplicate keys: {sorted(k for k in starts if starts.count(k) > 1)}"
    assert sorted(parsed) == sorted(starts), "some entries are malformed (unbalanced braces?)"
    for key, entry in parsed.items():
        for field, value in entry.fields.items():
            assert "@" not in value or field.lower() in {"url", "note"}, f"{key}.{field} swallowed another entry"


def test_citation_scanner_ignores_code_examples():
    text = "See {cite:p}`real2020key`.\n\n```md\n{cite:p}`fake`\n```\nand ``{cite:t}`alsofake` ``"
    keys = [m.group(1) for m in CITE.finditer(without_code_examples(text))]
    assert keys == ["real2020key"]


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line or line == "." or line.startswith("-r "):
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"{name}: not pinned exactly: {line!r}"


def test_binder_gets_python_311():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def _ignored(part: str) -> bool:
    return part.startswith((".", "_build")) or part.endswith(".egg-info") or part in {"venv", "node_modules", "build", "dist"}


def test_repository_url_is_set_in_one_place():
    """Only _config.yml holds the URL; notebooks get it through `python -m learnorg.booktools.launch` (tested above)."""
    url = launch.repository_url(ROOT / "_config.yml")
    assert url.startswith("https://"), url
    host_and_path = url.split("://", 1)[1]
    hits = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if p.is_file()
        and p.suffix in {".py", ".md", ".yml", ".yaml", ".txt", ".toml", ".cff", ".cfg", ".html", ""}
        and not any(_ignored(part) for part in p.relative_to(ROOT).parts)
        and host_and_path in p.read_text(encoding="utf-8", errors="ignore")
    )
    assert hits == ["_config.yml"], f"the repository URL must only be set in _config.yml, found in {hits}"
