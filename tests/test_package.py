"""Unit tests of the package basics: data location, tables, the Colab setup cell."""

from __future__ import annotations

import shutil

import nbformat
import pandas as pd
import pytest

import learnorg
from learnorg import paths
from learnorg.booktools import launch
from learnorg.display import table_html

from conftest import ROOT


def test_data_dir_is_the_checkout_data_folder():
    assert learnorg.data_dir() == ROOT / "data"


def test_data_path_names_the_missing_file():
    with pytest.raises(FileNotFoundError, match="no_such_file.csv"):
        learnorg.data_path("datasets", "no_such_file.csv")


def test_data_dir_prefers_installed_copy(tmp_path, monkeypatch):
    installed = tmp_path / "learnorg"
    (installed / "data").mkdir(parents=True)
    (installed / "data" / "README.md").write_text("x")
    monkeypatch.setattr(paths, "_HERE", installed)
    assert paths.data_dir() == installed / "data"


def test_data_dir_error_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_HERE", tmp_path / "pkg")
    with pytest.raises(FileNotFoundError, match="cannot find its data folder"):
        paths.data_dir()


def test_table_html_has_caption_headers_and_escapes():
    frame = pd.DataFrame({"Unit <b>": ["<script>x</script>", "Planning"], "Score": [61.25, float("nan")]})
    html = table_html(frame, caption="Scores & ranks")
    assert "<caption>Scores &amp; ranks</caption>" in html
    assert '<th scope="col">Unit &lt;b&gt;</th>' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<td>61.2</td>" in html  # one decimal by default
    assert html.count("<tr>") == 3  # header + two rows, no index column
    assert "<td></td>" in html  # missing value shown empty, not 'nan'


def test_install_spec_pins_the_release_tag():
    spec = launch.install_spec("https://example.org/me/course", "1.2.3")
    assert spec == "learnorg @ git+https://example.org/me/course@v1.2.3"


def test_setup_cell_only_installs_in_colab():
    source = launch.setup_cell_source("https://example.org/me/course", "1.2.3")
    namespace: dict = {}
    exec(compile(source, "setup-cell", "exec"), namespace)  # outside Colab: must do nothing
    assert 'if "google.colab" in sys.modules' in source
    assert "git+https://example.org/me/course@v1.2.3" in source


@pytest.fixture
def tiny_repo(tmp_path):
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "book").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title")])
    nbformat.write(nb, tmp_path / "book" / "page.ipynb")
    return tmp_path


def test_sync_inserts_setup_cell_once(tiny_repo):
    page = tiny_repo / "book" / "page.ipynb"
    assert launch.sync(tiny_repo, check=True) == [page]
    assert launch.sync(tiny_repo) == [page]
    assert launch.sync(tiny_repo) == []  # idempotent
    nb = nbformat.read(page, as_version=4)
    assert len(nb.cells) == 2
    assert nb.cells[0].metadata["tags"] == launch.SETUP_TAGS
    assert nb.cells[1].source == "# Title"


def test_sync_follows_a_new_repository_url(tiny_repo):
    launch.sync(tiny_repo)
    config = tiny_repo / "_config.yml"
    config.write_text(config.read_text().replace(
        launch.repository_url(ROOT / "_config.yml"), "https://example.org/fork/course"))
    assert launch.main(["--root", str(tiny_repo), "--check"]) == 1
    assert launch.main(["--root", str(tiny_repo)]) == 0
    nb = nbformat.read(tiny_repo / "book" / "page.ipynb", as_version=4)
    assert "git+https://example.org/fork/course@v" in nb.cells[0].source
    assert len(nb.cells) == 2  # replaced, not duplicated


def test_table_html_formats_whole_numbers_with_separators():
    frame = pd.DataFrame({"Service": ["Clinic visits"], "Lost": [776110], "Share": [0.5]})
    html = table_html(frame, caption="Losses", float_format="{:.2f}")
    assert "<td>776,110</td>" in html and "<td>0.50</td>" in html


def test_table_html_refuses_unnamed_columns():
    with pytest.raises(ValueError, match="no name"):
        table_html(pd.DataFrame({"": [1], "Score": [2]}), caption="Scores")
