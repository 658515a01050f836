"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGE_FOLDERS = ("book", "exercises")
PAGE_SUFFIXES = (".md", ".ipynb")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def toc_entries() -> list[str]:
    """Every document named in _toc.yml (root, files and expanded globs), without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            if "glob" in node:
                found.extend(
                    str(p.relative_to(ROOT).with_suffix(""))
                    for p in sorted(ROOT.glob(node["glob"]))
                    if p.suffix in PAGE_SUFFIXES
                )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc.get("parts", toc.get("chapters", [])))
    return found


def pages() -> list[Path]:
    """Every page (Markdown or notebook) under the page folders."""
    return sorted(
        p
        for folder in PAGE_FOLDERS
        for p in (ROOT / folder).rglob("*")
        if p.suffix in PAGE_SUFFIXES and ".ipynb_checkpoints" not in p.parts
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
