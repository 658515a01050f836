"""The case library: schema validation, loading, rendering (with escaping), the matrix and the explorer."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
import yaml

from conftest import ROOT
from learnorg import cases as lc
from learnorg.case_render import case_page, first_words, gallery_html, glossary_terms, md_escape

matplotlib.use("Agg")

SHIPPED = sorted((ROOT / "data" / "cases").glob("*.yaml"))
BIB = ROOT / "references.bib"

SUMMARY = " ".join(["word"] * 160)
GOOD = {
    "id": "testland_trial",
    "title": "Testland: a trial",
    "countries": ["Testland"],
    "region": "south_asia",
    "years": {"start": 2010, "end": 2012},
    "shock": "A test shock",
    "shock_type": "epidemic",
    "summary": SUMMARY,
    "learning": "They learned by testing.",
    "building_blocks": ["experimentation"],
    "capacities": ["adaptive"],
    "evidence": "trial",
    "figures": [{"value": 12.5, "unit": "%", "measures": "A change", "year": 2011, "source": "key2020a"}],
    "sources": ["key2020a"],
    "questions": ["One?", "Two?", "Three?"],
    "lessons": ["Test first."],
}
BIB_TEXT = (
    "@misc{key2020a,\n  author = {Doe, J.},\n  title = {A},\n  year = {2020}\n}\n"
    "@misc{other2019b,\n  author = {Roe, R.},\n  title = {B},\n  year = {2019}\n}\n"
)


def write_case(folder: Path, data: dict, name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path):
    """A folder with one valid case and a bibliography file."""
    folder = tmp_path / "cases"
    folder.mkdir()
    write_case(folder, GOOD)
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB_TEXT, encoding="utf-8")
    return folder, bib


def broken(library, change) -> str:
    """Write GOOD changed by ``change`` and return the error message raised when loading it."""
    folder, bib = library
    data = copy.deepcopy(GOOD)
    change(data)
    write_case(folder, data)
    with pytest.raises(lc.CaseError) as err:
        lc.load_cases(folder, bib)
    return str(err.value)


# The shipped library ---------------------------------------------------------------------------


def test_at_least_fifteen_shipped_cases():
    assert len(SHIPPED) >= 15


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_case_is_valid(path):
    case = lc.read_case_file(path, lc.bib_keys(BIB))
    assert case["id"] == path.stem
    assert not case["id"][0].isdigit()


def test_shipped_cases_load_as_one_row_each():
    frame = lc.load_cases()
    assert list(frame["id"]) == sorted(p.stem for p in SHIPPED)
    assert frame["id"].is_unique
    assert all(isinstance(v, list) for v in frame["building_blocks"])
    assert str(frame["year_start"].dtype) == "Int64"
    # Every block and capacity is illustrated by at least one case.
    assert set().union(*frame["building_blocks"]) == set(lc.BLOCKS)
    assert set().union(*frame["capacities"]) == set(lc.CAPACITIES)


def test_load_case_by_id_and_unknown_id():
    case = lc.load_case("ghana_navrongo_chps")
    assert case["countries"] == ["Ghana"]
    with pytest.raises(lc.CaseError, match="No case 'nowhere'.*ghana_navrongo_chps"):
        lc.load_case("nowhere")


def test_case_figures_long_form():
    figures = lc.case_figures()
    assert len(figures) == sum(len(f) for f in lc.load_cases()["figures"])
    assert set(figures.columns) == {"case_id", "value", "unit", "measures", "year", "source", "note"}


def test_bib_keys_reads_entries_only(tmp_path):
    path = tmp_path / "x.bib"
    path.write_text(BIB_TEXT + "@comment{ignored,\n}\n", encoding="utf-8")
    assert lc.bib_keys(path) == {"key2020a", "other2019b"}


# Validation errors name the file and the field ---------------------------------------------------


def test_valid_test_case_loads(library):
    folder, bib = library
    frame = lc.load_cases(folder, bib)
    assert list(frame["id"]) == ["testland_trial"]
    assert frame.loc[0, "year_end"] == 2012


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda d: d["building_blocks"].append("daydreaming"), "building_blocks[1]", "unknown value 'daydreaming'"),
        (lambda d: d["capacities"].__setitem__(0, "elastic"), "capacities[0]", "unknown value 'elastic'"),
        (lambda d: d["figures"][0].pop("source"), "figures[0].source", "every figure needs a source"),
        (lambda d: d["figures"][0].__setitem__("source", "nobody2000x"), "figures[0].source", "not in references.bib"),
        (lambda d: d["sources"].append("missing1999z"), "sources[1]", "'missing1999z' is not in references.bib"),
        (lambda d: d["figures"][0].__setitem__("source", "other2019b"), "figures[0].source", "not listed under 'sources'"),
        (lambda d: d["years"].__setitem__("start", 1850), "years.start", "impossible year 1850"),
        (lambda d: d["years"].__setitem__("end", 3020), "years.end", "impossible year 3020"),
        (lambda d: d["years"].update(start=2012, end=2010), "years.end", "before the start year"),
        (lambda d: d["figures"][0].__setitem__("year", 20111), "figures[0].year", "impossible year"),
        (lambda d: d.pop("lessons"), "lessons", "missing"),
        (lambda d: d.pop("region"), "region", "missing"),
        (lambda d: d.__setitem__("summary", " ".join(["w"] * 149)), "summary", "has 149 words; expected 150–300"),
        (lambda d: d.__setitem__("summary", " ".join(["w"] * 301)), "summary", "has 301 words"),
        (lambda d: d.__setitem__("questions", ["One?", "Two?"]), "questions", "at least 3"),
        (lambda d: d.__setitem__("region", "atlantis"), "region", "unknown value 'atlantis'"),
        (lambda d: d["figures"][0].__setitem__("value", "lots"), "figures[0].value", "expected a number"),
        (lambda d: d.__setitem__("colour", "blue"), "colour", "unknown field"),
        (lambda d: d.pop("evidence"), "evidence", "missing"),
        (lambda d: d.__setitem__("evidence", "anecdote"), "evidence", "unknown value 'anecdote'"),
    ],
)
def test_each_error_names_file_and_field(library, change, field, words):
    message = broken(library, change)
    assert "testland_trial.yaml" in message
    assert f"field {field!r}" in message
    assert words in message


def test_id_rules(library):
    folder, bib = library
    write_case(folder, dict(GOOD, id="other_name"), name="testland_trial")
    with pytest.raises(lc.CaseError, match=r"testland_trial\.yaml: field 'id': 'other_name' must equal the file name"):
        lc.load_cases(folder, bib)
    write_case(folder, GOOD)
    data = dict(GOOD, id="2014_ebola")
    write_case(folder, data, name="2014_ebola")
    with pytest.raises(lc.CaseError, match=r"2014_ebola\.yaml: field 'id': '2014_ebola' is not lower snake case"):
        lc.load_cases(folder, bib)


def test_all_problems_of_all_files_are_listed(library):
    folder, bib = library
    write_case(folder, dict(copy.deepcopy(GOOD), id="second_case", questions=["Only one?"]))
    write_case(folder, dict(copy.deepcopy(GOOD), region="mars"))
    with pytest.raises(lc.CaseError) as err:
        lc.load_cases(folder, bib)
    message = str(err.value)
    assert "second_case.yaml: field 'questions'" in message
    assert "testland_trial.yaml: field 'region'" in message


def test_invalid_yaml_names_the_file(library):
    folder, bib = library
    (folder / "testland_trial.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(lc.CaseError, match=r"testland_trial\.yaml: not valid YAML"):
        lc.load_cases(folder, bib)


def test_bibliography_check_can_be_skipped_but_not_by_default(library):
    # The package's own bibliography is used by default and the test key is not in it.
    folder, _bib = library
    with pytest.raises(lc.CaseError, match="not in references.bib"):
        lc.load_cases(folder)
    case = lc.validate_case(copy.deepcopy(GOOD), "testland_trial.yaml", bib=None)
    assert case["sources"] == ["key2020a"]


# Filtering, matrix and figure ----------------------------------------------------------------


def test_filter_cases_combines_filters():
    frame = lc.load_cases()
    experiments = lc.filter_cases(frame, block="experimentation")
    assert "rwanda_pbf_impact_evaluation" in set(experiments["id"])
    assert all("experimentation" in b for b in experiments["building_blocks"])
    both = lc.filter_cases(frame, block="experimentation", region="south_asia")
    assert list(both["id"]) == ["bangladesh_imci_trial"]
    assert len(lc.filter_cases(frame)) == len(frame)


def test_block_matrix_matches_the_data():
    frame = lc.load_cases()
    matrix = lc.block_matrix(frame)
    assert matrix.shape == (len(frame), 5)
    assert list(matrix.columns) == list(lc.BLOCKS.values())
    assert matrix.sum().sum() == sum(len(b) for b in frame["building_blocks"])
    table = lc.block_table(frame)
    assert set(table["Experimentation"]) <= {"Yes", "No"}
    assert table["Blocks"].sum() == matrix.sum().sum()


def test_matrix_figure_uses_filled_and_empty_markers():
    frame = lc.load_cases()
    fig = lc.case_matrix_figure(frame)
    ax = fig.axes[0]
    filled = sum(len(c.get_offsets()) for c in ax.collections if c.get_facecolor()[0][:3].sum() == 0)
    empty = sum(len(c.get_offsets()) for c in ax.collections if c.get_facecolor()[0][:3].sum() == 3)
    assert filled == lc.block_matrix(frame).sum().sum()
    assert filled + empty == len(frame) * 5
    assert [t.get_text() for t in ax.get_yticklabels()] == list(frame["title"])


def test_years_label():
    assert lc.years_label(1994, 2003) == "1994–2003"
    assert lc.years_label(2014, 2014) == "2014"
    assert lc.years_label(2010, None) == "2010 onwards"


# Rendering and escaping ----------------------------------------------------------------------------

NASTY = "Ministry {cite:p}`fake` *bold* <script>alert(1)</script> `code` [link](http://x) {{ sub }} & | # -"


def nasty_case() -> dict:
    data = copy.deepcopy(GOOD)
    data["title"] = "Bad " + NASTY
    data["summary"] = SUMMARY + " " + NASTY
    data["shock"] = NASTY
    data["questions"] = [NASTY, "Two?", "Three?"]
    data["figures"][0]["measures"] = NASTY
    return lc.validate_case(data, "testland_trial.yaml", bib={"key2020a"})


def test_md_escape_escapes_every_markup_character():
    escaped = md_escape("a*b_c`d{e}<f>[g](h)#|&")
    assert escaped == r"a\*b\_c\`d\{e\}\<f\>\[g\]\(h\)\#\|\&"
    assert md_escape("two\nlines   here") == "two lines here"


def test_case_page_keeps_case_text_literal():
    page = case_page(nasty_case(), terms={"experimentation"})
    # The only live roles are ours: the figure's citation and the sources list.
    assert re.findall(r"(?<!\\)\{cite:p\}`([^`]+)`", page) == ["key2020a"]
    assert "<script>" not in page and r"\<script\>" in page
    assert "{term}`Experimentation`" in page
    assert "Adaptive capacity" in page and "{term}`Adaptive capacity`" not in page
    assert "our interpretation" in page
    assert "**Kind of evidence:** Randomised trial" in page


def test_filter_cases_by_evidence_and_shipped_values():
    frame = lc.load_cases()
    assert set(frame["evidence"]) <= set(lc.EVIDENCE)
    trials = lc.filter_cases(frame, evidence="trial")
    assert "rwanda_pbf_impact_evaluation" in set(trials["id"])
    assert (trials["evidence"] == "trial").all()
    assert sum(len(lc.filter_cases(frame, evidence=kind)) for kind in lc.EVIDENCE) == len(frame)


def test_gallery_html_has_an_evidence_filter_and_attribute():
    html = gallery_html([nasty_case()], lambda case_id: f"generated/{case_id}.html")
    assert '<label for="case-filter-evidence">Kind of evidence</label>' in html
    assert '<option value="trial">Randomised trial</option>' in html
    assert 'data-evidence="trial"' in html
    assert "<dt>Kind of evidence</dt><dd>Randomised trial</dd>" in html


def test_gallery_html_escapes_and_counts():
    case = nasty_case()
    html = gallery_html([case], lambda case_id: f"generated/{case_id}.html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count('class="case-card"') == 1
    assert 'aria-live="polite"' in html and "<legend>" in html
    assert '<label for="case-filter-blocks">' in html and 'id="case-filter-blocks"' in html
    assert 'href="generated/testland_trial.html"' in html


def test_first_words():
    assert first_words("a b c", 5) == "a b c"
    assert first_words("a b c d e f", 3) == "a b c …"


def test_glossary_terms_reads_the_book_glossary():
    terms = glossary_terms((ROOT / "book" / "glossary.md").read_text(encoding="utf-8"))
    for label in [*lc.BLOCKS.values(), *lc.CAPACITIES.values()]:
        assert label.casefold() in terms


def test_explorer_detail_is_escaped():
    from learnorg.case_explorer import case_detail_html

    row = lc.cases_frame([nasty_case()]).iloc[0]
    html = case_detail_html(row)
    assert "<script>" not in html and "&lt;script&gt;" in html


# The explorer widget ------------------------------------------------------------------------------


def test_explorer_filters_change_the_listed_cases():
    from learnorg.case_explorer import case_explorer

    explorer = case_explorer()
    everything = explorer.listed
    assert len(everything) == len(SHIPPED)
    explorer.block.value = "experimentation"
    experiments = explorer.listed
    assert 0 < len(experiments) < len(everything)
    assert "rwanda_pbf_impact_evaluation" in experiments
    assert explorer.count.value.startswith(f"{len(experiments)} of {len(everything)}")
    explorer.region.value = "south_asia"
    assert explorer.listed == ["bangladesh_imci_trial"]
    assert "Bangladesh" in explorer.detail.value
    explorer.capacity.value = "transformative"
    assert explorer.listed == [] and "No case matches" in explorer.detail.value
    explorer.block.value = explorer.region.value = explorer.capacity.value = None
    assert explorer.listed == everything


# A real Sphinx build of a tiny book with a malicious case ----------------------------------------


def test_sphinx_extension_renders_pages_gallery_and_box_safely(tmp_path):
    src = tmp_path / "src"
    (src / "cases").mkdir(parents=True)
    data_folder = tmp_path / "data"
    data_folder.mkdir()
    data = copy.deepcopy(GOOD)
    data["title"] = "Bad " + NASTY
    data["summary"] = SUMMARY + " " + NASTY
    data["questions"] = [NASTY, "Two?", "Three?"]
    write_case(data_folder, data)
    (src / "refs.bib").write_text(BIB_TEXT, encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'learnorg.booktools.sphinx_cases']\n"
        "bibtex_bibfiles = ['refs.bib']\n"
        f"learnorg_cases_dir = {str(data_folder)!r}\n"
        "learnorg_cases_output = 'cases/generated'\n"
        "learnorg_cases_glossary = 'none.md'\n"
        "learnorg_cases_bibliography_doc = 'refs'\n"
        "exclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Home\n\n```{toctree}\n:glob:\ncases/index\ncases/generated/*\nrefs\n```\n\n"
        "```{case-box} testland_trial\n```\n",
        encoding="utf-8",
    )
    (src / "cases" / "index.md").write_text("# Gallery\n\n```{case-gallery}\n```\n", encoding="utf-8")
    (src / "refs.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "-q", str(src), str(out)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert (src / "cases" / "generated" / "testland_trial.md").is_file()

    page = (out / "cases" / "generated" / "testland_trial.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "*bold*" in page and "<em>bold</em>" not in page
    assert "{cite:p}" in page  # shown literally, not turned into a citation
    assert 'href="../../refs.html#' in page  # the real citation of the figure links to the bibliography
    assert "case_gallery.js" not in page  # the gallery script is only on the gallery page

    gallery = (out / "cases" / "index.html").read_text(encoding="utf-8")
    assert "_static/learnorg/case_gallery.js" in gallery and "<script>alert" not in gallery
    assert 'href="generated/testland_trial.html"' in gallery
    assert (out / "_static" / "learnorg" / "case_gallery.js").is_file()

    home = (out / "index.html").read_text(encoding="utf-8")
    assert "case-box" in home and 'href="cases/generated/testland_trial.html"' in home
    assert "<script>alert" not in home and "case_gallery.js" not in home

    # A case that goes away loses its generated page on the next build.
    (data_folder / "testland_trial.yaml").rename(data_folder / "testland_trial.txt")
    write_case(data_folder, dict(copy.deepcopy(GOOD), id="second_case"))
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)], capture_output=True)
    assert not (src / "cases" / "generated" / "testland_trial.md").exists()
    assert (src / "cases" / "generated" / "second_case.md").is_file()


def test_sphinx_build_stops_on_an_invalid_case(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    data_folder = tmp_path / "data"
    data_folder.mkdir()
    write_case(data_folder, dict(copy.deepcopy(GOOD), building_blocks=["guessing"]))
    (src / "refs.bib").write_text(BIB_TEXT, encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'learnorg.booktools.sphinx_cases']\n"
        f"bibtex_bibfiles = ['refs.bib']\nlearnorg_cases_dir = {str(data_folder)!r}\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "testland_trial.yaml: field 'building_blocks[0]': unknown value 'guessing'" in result.stderr
