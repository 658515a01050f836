"""Keep every notebook launchable in Colab from the one repository URL in ``_config.yml``.

Each notebook starts with a setup cell, removed from the web site (tag ``remove-cell``),
that installs this package, pinned to the release tag, only when running in Google Colab.
Binder and local installs get the package from ``requirements.txt`` instead.

Run ``python -m learnorg.booktools.launch`` after changing ``repository.url`` or the version;
``python -m learnorg.booktools.launch --check`` only reports notebooks that are out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

import learnorg

SETUP_TAGS = ["remove-cell", "colab-setup"]
NOTEBOOK_FOLDERS = ("book", "exercises")

_TEMPLATE = '''\
# Colab setup: installs the course package and its data (pinned) when running in Google Colab.
# Elsewhere (Binder, your computer) it does nothing: requirements.txt has already installed it.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "{spec}"],
        check=True,
    )'''


def repository_url(config_file: Path) -> str:
    """Return ``repository.url`` from the book's ``_config.yml``."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    try:
        url = config["repository"]["url"]
    except (TypeError, KeyError) as err:
        raise ValueError(f"{config_file}: no repository.url set") from err
    return str(url).rstrip("/")


def install_spec(url: str, version: str = learnorg.__version__) -> str:
    """Return the pip requirement that installs this package at release tag ``v<version>``."""
    return f"learnorg @ git+{url}@v{version}"


def setup_cell_source(url: str, version: str = learnorg.__version__) -> str:
    """Return the source of the Colab setup cell."""
    return _TEMPLATE.format(spec=install_spec(url, version))


def notebooks(root: Path) -> list[Path]:
    """Every notebook under the book's notebook folders."""
    found = []
    for folder in NOTEBOOK_FOLDERS:
        found += [
            p for p in sorted((root / folder).rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts
        ]
    return found


def is_current(nb: nbformat.NotebookNode, source: str) -> bool:
    """True when the notebook's first cell is exactly the expected setup cell."""
    if not nb.cells:
        return False
    first = nb.cells[0]
    return (
        first.cell_type == "code"
        and first.source == source
        and first.metadata.get("tags", []) == SETUP_TAGS
    )


def sync(root: Path, check: bool = False) -> list[Path]:
    """Insert or update the setup cell in every notebook; return the notebooks that were out of date."""
    source = setup_cell_source(repository_url(root / "_config.yml"))
    stale = []
    for path in notebooks(root):
        nb = nbformat.read(path, as_version=4)
        if is_current(nb, source):
            continue
        stale.append(path)
        if check:
            continue
        first = nb.cells[0] if nb.cells else None
        if first is not None and "colab-setup" in first.metadata.get("tags", []):
            nb.cells.pop(0)
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(SETUP_TAGS)})
        cell["id"] = "colab-setup"
        nb.cells.insert(0, cell)
        nbformat.validator.normalize(nb)
        nbformat.write(nb, path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnorg.booktools.launch", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (default: .)")
    parser.add_argument("--check", action="store_true", help="only report notebooks that need updating")
    args = parser.parse_args(argv)
    stale = sync(args.root, check=args.check)
    verb = "needs updating" if args.check else "updated"
    for path in stale:
        print(f"{path}: {verb}")
    if not stale:
        print("All notebooks have the current Colab setup cell.")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
