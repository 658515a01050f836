"""Read the book's table of contents (``_toc.yml``)."""

from __future__ import annotations

from pathlib import Path

import yaml

PAGE_SUFFIXES = (".md", ".ipynb")


def toc_documents(root: Path) -> list[str]:
    """Every document in ``root/_toc.yml``, in book order (root first, globs expanded), without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            if "glob" in node:
                found.extend(
                    str(p.relative_to(root).with_suffix("").as_posix())
                    for p in sorted(root.glob(node["glob"]))
                    if p.suffix in PAGE_SUFFIXES
                )
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key, []))
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    return found
