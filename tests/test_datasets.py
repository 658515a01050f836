"""The shipped datasets: every file documented, sourced and plausible; bad files fail loudly."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from pybtex.database import parse_file

import learnorg
from learnorg import datasets
from learnorg.datasets import DatasetError

ROOT = learnorg.data_dir().parent
NAMES = datasets.available()


def _bib_keys() -> set[str]:
    return set(parse_file(ROOT / "references.bib").entries)


def _sources(meta: dict) -> list[str]:
    source = meta["source"]
    return [source] if isinstance(source, str) else list(source)


def test_the_chapter_datasets_are_shipped():
    for name in ("liberia_ebola_service_falls", "liberia_ebola_cumulative_losses", "who_pulse_surveys"):
        assert name in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_csv_has_a_complete_sidecar(name):
    meta = yaml.safe_load((datasets._folder() / f"{name}.yaml").read_text(encoding="utf-8"))
    for key in ("title", "source", "source_detail", "licence", "synthetic", "notes", "columns"):
        assert key in meta, f"{name}.yaml lacks {key!r}"
        assert meta[key] not in (None, ""), f"{name}.yaml has an empty {key!r}"
    assert isinstance(meta["synthetic"], bool)
    for column, meaning in meta["columns"].items():
        assert isinstance(meaning, str) and len(meaning) > 10, f"{name}: column {column!r} is not explained"


@pytest.mark.parametrize("name", NAMES)
def test_header_matches_documented_columns_and_attrs_are_set(name):
    frame = datasets.load(name)
    meta = datasets.metadata(name)
    assert list(frame.columns) == list(meta["columns"])
    assert frame.attrs["name"] == name
    assert frame.attrs["title"] == meta["title"]
    assert frame.attrs["columns"] == meta["columns"]
    assert len(frame) > 0


@pytest.mark.parametrize("name", NAMES)
def test_sources_are_in_the_bibliography(name):
    keys = _bib_keys()
    for key in _sources(datasets.metadata(name)):
        assert key in keys, f"{name}: source {key!r} is not in references.bib"


@pytest.mark.parametrize("name", NAMES)
def test_real_data_is_not_labelled_synthetic(name):
    # Every dataset so far is retyped from a publication; a synthetic one would have to say so.
    meta = datasets.metadata(name)
    if name.startswith("synthetic_"):
        assert meta["synthetic"] is True
    else:
        assert meta["synthetic"] is False


def test_service_falls_are_plausible_and_match_the_source():
    falls = datasets.load("liberia_ebola_service_falls")
    numbers = falls[["pct_change_may_sep_2014", "ci_low", "ci_high"]]
    assert numbers.notna().all().all()
    assert ((numbers >= -100) & (numbers <= 100)).all().all()
    assert (falls["ci_low"] <= falls["pct_change_may_sep_2014"]).all()
    assert (falls["pct_change_may_sep_2014"] <= falls["ci_high"]).all()
    # Wagenaar et al. 2018, abstract: measles -67.3%, first ANC visits -35.2%.
    by_name = falls.set_index("indicator")["pct_change_may_sep_2014"]
    assert by_name["Measles vaccinations"] == pytest.approx(-67.3)
    assert by_name["First antenatal care visits"] == pytest.approx(-35.2)
    assert falls["indicator"].is_unique


def test_cumulative_losses_are_positive_counts_inside_their_interval():
    losses = datasets.load("liberia_ebola_cumulative_losses").set_index("service_output")
    assert pd.api.types.is_integer_dtype(losses["estimated_loss"])
    assert (losses["ci_low"] > 0).all()
    assert (losses["ci_low"] <= losses["estimated_loss"]).all()
    assert (losses["estimated_loss"] <= losses["ci_high"]).all()
    assert losses.loc["Clinic visits", "estimated_loss"] == 776_110
    assert losses.loc["BCG vaccinations", "estimated_loss"] == 24_449


def test_pulse_surveys_are_plausible():
    pulse = datasets.load("who_pulse_surveys")
    assert pulse["round"].tolist() == [1, 2, 4]  # round 3 is left out on purpose
    assert pulse["countries_responding"].tolist() == [105, 135, 139]
    for column in ("pct_countries_any_disruption", "avg_pct_services_disrupted"):
        present = pulse[column].dropna()
        assert ((present >= 0) & (present <= 100)).all()
    # Missing figures stay missing (never silently zero) and every row explains itself.
    assert pulse["pct_countries_any_disruption"].isna().tolist() == [False, False, True]
    assert pulse["note"].str.len().gt(20).all()
    assert pd.to_datetime(pulse["report_date"], format="%Y-%m-%d").is_monotonic_increasing


def test_data_readme_lists_every_dataset():
    readme = (learnorg.data_dir() / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"{name}.csv" in readme


def test_unknown_name_lists_the_available_datasets():
    with pytest.raises(DatasetError) as info:
        datasets.load("no_such_dataset")
    message = str(info.value)
    assert "no_such_dataset" in message
    for name in NAMES:
        assert name in message


def _write(folder, name, csv_text, columns):
    (folder / f"{name}.csv").write_text(csv_text, encoding="utf-8")
    meta = {"title": "t", "source": "wagenaar2018ebola", "licence": "CC BY 4.0", "synthetic": False,
            "columns": columns}
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")


def test_undocumented_column_raises_error_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    _write(tmp_path, "bad", "a,b,extra\n1,2,3\n", {"a": "first column", "b": "second column"})
    with pytest.raises(DatasetError) as info:
        datasets.load("bad")
    message = str(info.value)
    assert "bad.csv" in message and "extra" in message and "bad.yaml" in message


def test_well_formed_file_in_a_temporary_folder_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    _write(tmp_path, "good", "a,b\n1,2\n", {"a": "first column", "b": "second column"})
    assert datasets.available() == ["good"]
    assert datasets.load("good")["b"].tolist() == [2]


def test_missing_sidecar_and_missing_keys_are_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "_folder", lambda: tmp_path)
    (tmp_path / "lonely.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="lonely.yaml: missing"):
        datasets.load("lonely")
    (tmp_path / "lonely.yaml").write_text("title: only a title\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="missing key"):
        datasets.load("lonely")
