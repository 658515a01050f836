"""Where the course's data lives, whether running from a checkout or an installed package."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder holding the course data.

    An installed package carries the data as ``learnorg/data``; a checkout or an
    editable install uses the repository's top-level ``data/`` folder.
    """
    for candidate in (_HERE / "data", _HERE.parent / "data"):
        if (candidate / "README.md").is_file():
            return candidate
    raise FileNotFoundError(
        "learnorg cannot find its data folder (looked in "
        f"{_HERE / 'data'} and {_HERE.parent / 'data'}). Reinstall the package with "
        "'pip install .' from the repository, or run from a full checkout."
    )


def data_path(*parts: str) -> Path:
    """Return the path of a file inside the data folder, e.g. ``data_path("datasets", "x.csv")``."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"No data file {'/'.join(parts)!r} in {data_dir()}.")
    return path
