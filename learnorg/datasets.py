"""Load the small published datasets shipped in ``data/datasets``.

Each dataset is a CSV file with a YAML sidecar of the same name that records its
title, the BibTeX key of its source, its licence and what every column means.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from learnorg.paths import data_dir

REQUIRED_KEYS = ("title", "source", "licence", "synthetic", "columns")


class DatasetError(ValueError):
    """A dataset or its metadata file is missing or inconsistent."""


def _folder() -> Path:
    return data_dir() / "datasets"


def available() -> list[str]:
    """Names of the shipped datasets."""
    return sorted(p.stem for p in _folder().glob("*.csv"))


def metadata(name: str) -> dict:
    """Return the validated metadata of dataset ``name``."""
    meta_file = _folder() / f"{name}.yaml"
    if not (_folder() / f"{name}.csv").is_file():
        raise DatasetError(f"Unknown dataset {name!r}. Available: {', '.join(available())}.")
    if not meta_file.is_file():
        raise DatasetError(f"{meta_file}: missing; every dataset needs a metadata file.")
    try:
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise DatasetError(f"{meta_file}: not valid YAML ({err}).") from err
    if not isinstance(meta, dict):
        raise DatasetError(f"{meta_file}: expected a mapping of keys to values.")
    missing = [key for key in REQUIRED_KEYS if key not in meta]
    if missing:
        raise DatasetError(f"{meta_file}: missing key(s) {', '.join(missing)}.")
    if not isinstance(meta["columns"], dict) or not meta["columns"]:
        raise DatasetError(f"{meta_file}: 'columns' must map each column name to its meaning.")
    return meta


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a DataFrame; its metadata is in ``df.attrs``.

    The CSV's header must list exactly the columns documented in the metadata.
    """
    meta = metadata(name)
    csv_file = _folder() / f"{name}.csv"
    frame = pd.read_csv(csv_file, comment="#")
    documented = list(meta["columns"])
    if list(frame.columns) != documented:
        raise DatasetError(
            f"{csv_file}: columns {list(frame.columns)} do not match the documented "
            f"columns {documented} in {name}.yaml."
        )
    frame.attrs.update({"name": name, **{k: v for k, v in meta.items() if k != "columns"}})
    frame.attrs["columns"] = dict(meta["columns"])
    return frame
