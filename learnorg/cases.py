"""The case library: real cases from low- and middle-income countries, kept as validated data.

Each case is one YAML file in ``data/cases/`` (the schema is in ``data/cases/README.md``). The same
file feeds the case's page in the book, the gallery, the case boxes in chapters, the notebook
explorer and analyses such as :func:`case_matrix_figure`.

:func:`load_cases` returns one row per case. List fields (``countries``, ``building_blocks``,
``capacities``, ``sources``, ``questions``, ``lessons``, ``figures``) hold Python lists.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from numbers import Real
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import yaml
from matplotlib.figure import Figure

from learnorg.paths import data_dir

# Garvin's (1993) five building blocks, in his order, with their labels (also glossary terms).
BLOCKS: dict[str, str] = {
    "systematic_problem_solving": "Systematic problem-solving",
    "experimentation": "Experimentation",
    "learning_from_past_experience": "Learning from past experience",
    "learning_from_others": "Learning from others",
    "knowledge_transfer": "Knowledge transfer",
}
# Blanchet et al.'s (2017) three resilience capacities; the labels are glossary terms.
CAPACITIES: dict[str, str] = {
    "absorptive": "Absorptive capacity",
    "adaptive": "Adaptive capacity",
    "transformative": "Transformative capacity",
}
REGIONS: dict[str, str] = {
    "east_asia_pacific": "East Asia and Pacific",
    "latin_america_caribbean": "Latin America and the Caribbean",
    "middle_east_north_africa": "Middle East and North Africa",
    "south_asia": "South Asia",
    "sub_saharan_africa": "Sub-Saharan Africa",
    "global": "Global (several regions)",
}
SHOCK_TYPES: dict[str, str] = {
    "epidemic": "Epidemic or outbreak",
    "natural_disaster": "Natural disaster",
    "conflict_displacement": "Conflict or displacement",
    "chronic_stress": "Chronic stress on the system",
}
# The kind of evidence behind a case: our classification of the design of the cited studies on which the
# case's account of what changed rests, strongest first (see data/cases/README.md).
EVIDENCE: dict[str, str] = {
    "trial": "Randomised trial",
    "quasi_experimental": "Comparison without randomisation",
    "evaluation": "Evaluation without a comparison group",
    "descriptive": "Descriptive account",
}

FIELDS = (
    "id", "title", "countries", "region", "years", "shock", "shock_type", "summary", "learning",
    "building_blocks", "capacities", "evidence", "figures", "sources", "questions", "lessons",
)
FIGURE_FIELDS = ("value", "unit", "measures", "year", "source")
SUMMARY_WORDS = (150, 300)
MIN_QUESTIONS = 3
FIRST_YEAR = 1900
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_:\-]+$")
_BIB_ENTRY = re.compile(r"^\s*@\s*(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)

_HERE = Path(__file__).resolve().parent


class CaseError(ValueError):
    """A case file breaks the schema; the message names the file and the field."""


def cases_dir() -> Path:
    """The folder holding the shipped case files."""
    return data_dir() / "cases"


def bibliography_path() -> Path | None:
    """The book's ``references.bib`` in a checkout or editable install, or None in an installed wheel."""
    path = _HERE.parent / "references.bib"
    return path if path.is_file() else None


def bib_keys(path: Path | str | None = None) -> set[str] | None:
    """Citation keys of a BibTeX file (default: the book's), or None when there is no file to check against."""
    path = bibliography_path() if path is None else Path(path)
    if path is None:
        return None
    text = path.read_text(encoding="utf-8")
    return {key for kind, key in _BIB_ENTRY.findall(text) if kind.lower() not in {"comment", "string", "preamble"}}


def word_count(text: str) -> int:
    """Number of words, counting anything between spaces as a word."""
    return len(str(text).split())


# Validation ------------------------------------------------------------------------------------


def _is_year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def validate_case(
    data: object, source: str | Path = "<case>", bib: Iterable[str] | None = None, *, today: _dt.date | None = None
) -> dict:
    """Check one case against the schema and return it, normalised (``years`` as start/end).

    ``source`` names the file in error messages; ``bib`` is the set of known citation keys (None skips
    the bibliography check). Raises :class:`CaseError` listing every problem found, each as
    ``file: field 'name': what is wrong``.
    """
    name = Path(source).name if str(source) != "<case>" else "<case>"
    problems: list[str] = []

    def bad(field: str, message: str) -> None:
        problems.append(f"{name}: field {field!r}: {message}")

    if not isinstance(data, Mapping):
        raise CaseError(f"{name}: expected a mapping of fields to values, got {type(data).__name__}.")
    this_year = (today or _dt.date.today()).year
    known_keys = None if bib is None else set(bib)

    for field in FIELDS:
        if field not in data or data[field] is None:
            bad(field, "missing (every case needs it; see data/cases/README.md).")
    for field in sorted(set(data) - set(FIELDS), key=str):
        bad(str(field), f"unknown field; the allowed fields are {', '.join(FIELDS)}.")

    def text_field(field: str) -> None:
        if field in data and data[field] is not None and not _text(data[field]):
            bad(field, f"expected non-empty text, got {data[field]!r}.")

    def list_field(field: str, minimum: int = 1) -> list:
        value = data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            bad(field, f"expected a list, got {type(value).__name__}.")
            return []
        if len(value) < minimum:
            bad(field, f"expected at least {minimum} item(s), got {len(value)}.")
        for i, item in enumerate(value):
            if field != "figures" and not _text(item):
                bad(f"{field}[{i}]", f"expected non-empty text, got {item!r}.")
        return value

    def check_year(field: str, value: object) -> None:
        if not _is_year(value):
            bad(field, f"expected a whole year such as 2014, got {value!r}.")
        elif not FIRST_YEAR <= value <= this_year:
            bad(field, f"impossible year {value}; expected {FIRST_YEAR}–{this_year}.")

    # Identity and text fields.
    case_id = data.get("id")
    if case_id is not None:
        if not isinstance(case_id, str) or not ID_PATTERN.match(case_id):
            bad("id", f"{case_id!r} is not lower snake case starting with a letter (e.g. ghana_navrongo_chps).")
        elif name.endswith((".yaml", ".yml")) and Path(name).stem != case_id:
            bad("id", f"{case_id!r} must equal the file name without .yaml ({Path(name).stem!r}).")
    for field in ("title", "shock", "summary", "learning"):
        text_field(field)
    summary = data.get("summary")
    if _text(summary):
        words = word_count(summary)
        low, high = SUMMARY_WORDS
        if not low <= words <= high:
            bad("summary", f"has {words} words; expected {low}–{high}.")

    # Controlled vocabularies.
    for field, vocabulary in (("region", REGIONS), ("shock_type", SHOCK_TYPES), ("evidence", EVIDENCE)):
        value = data.get(field)
        if value is not None and value not in vocabulary:
            bad(field, f"unknown value {value!r}; expected one of {', '.join(vocabulary)}.")
    list_field("countries")
    for field, vocabulary in (("building_blocks", BLOCKS), ("capacities", CAPACITIES)):
        values = list_field(field)
        for i, value in enumerate(values):
            if _text(value) and value not in vocabulary:
                bad(f"{field}[{i}]", f"unknown value {value!r}; expected one of {', '.join(vocabulary)}.")
        if len(set(map(str, values))) != len(values):
            bad(field, "lists a value more than once.")

    # Years.
    years = data.get("years")
    start = end = None
    if years is not None:
        if not isinstance(years, Mapping) or "start" not in years or set(years) - {"start", "end"}:
            bad("years", f"expected a mapping with 'start' and optionally 'end', got {years!r}.")
        else:
            start, end = years.get("start"), years.get("end")
            check_year("years.start", start)
            if end is not None:
                check_year("years.end", end)
                if _is_year(start) and _is_year(end) and end < start:
                    bad("years.end", f"{end} is before the start year {start}.")

    # Sources and bibliography.
    sources = list_field("sources")
    for i, key in enumerate(sources):
        if not _text(key):
            continue
        if not KEY_PATTERN.match(key):
            bad(f"sources[{i}]", f"{key!r} is not a citation key (letters, digits, _ : - only).")
        elif known_keys is not None and key not in known_keys:
            bad(f"sources[{i}]", f"citation key {key!r} is not in references.bib.")

    # Key figures.
    figures = list_field("figures")
    for i, figure in enumerate(figures):
        where = f"figures[{i}]"
        if not isinstance(figure, Mapping):
            bad(where, f"expected a mapping with {', '.join(FIGURE_FIELDS)}, got {figure!r}.")
            continue
        for field in FIGURE_FIELDS:
            if figure.get(field) is None:
                message = "missing: every figure needs a source key" if field == "source" else "missing"
                bad(f"{where}.{field}", message + ".")
        for field in sorted(set(figure) - set(FIGURE_FIELDS) - {"note"}, key=str):
            bad(f"{where}.{field}", f"unknown field; allowed: {', '.join(FIGURE_FIELDS)}, note.")
        value = figure.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, Real)):
            bad(f"{where}.value", f"expected a number, got {value!r}.")
        for field in ("unit", "measures"):
            if figure.get(field) is not None and not _text(figure[field]):
                bad(f"{where}.{field}", f"expected non-empty text, got {figure[field]!r}.")
        if figure.get("year") is not None:
            check_year(f"{where}.year", figure["year"])
        key = figure.get("source")
        if key is not None:
            if not _text(key) or not KEY_PATTERN.match(key):
                bad(f"{where}.source", f"{key!r} is not a citation key.")
            elif known_keys is not None and key not in known_keys:
                bad(f"{where}.source", f"citation key {key!r} is not in references.bib.")
            elif isinstance(sources, list) and key not in sources:
                bad(f"{where}.source", f"{key!r} is not listed under 'sources'.")

    list_field("questions", MIN_QUESTIONS)
    list_field("lessons")

    if problems:
        raise CaseError("\n".join(problems))
    case = {field: data[field] for field in FIELDS}
    case["years"] = {"start": start, "end": end}
    case["figures"] = [
        {**{field: figure[field] for field in FIGURE_FIELDS}, "note": figure.get("note")} for figure in figures
    ]
    return case


def read_case_file(path: Path | str, bib: Iterable[str] | None = None) -> dict:
    """Read and validate one case file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise CaseError(f"{path.name}: not valid YAML ({err}).") from err
    return validate_case(data, path, bib)


def case_files(folder: Path | str | None = None) -> list[Path]:
    """The case files of ``folder`` (default: the shipped cases), sorted by name."""
    folder = cases_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        raise CaseError(f"{folder}: no such case folder.")
    return sorted(folder.glob("*.yaml"))


def read_folder(folder: Path | str | None, keys: Iterable[str] | None) -> list[dict]:
    """Every case of ``folder`` validated against the citation ``keys`` (None: no bibliography check).

    All files are checked before an error is raised, so one run lists every problem.
    """
    files = case_files(folder)
    if not files:
        raise CaseError(f"{folder or cases_dir()}: no case files (*.yaml).")
    cases, problems = [], []
    for path in files:
        try:
            cases.append(read_case_file(path, keys))
        except CaseError as err:
            problems.append(str(err))
    if problems:
        raise CaseError("\n".join(problems))
    return sorted(cases, key=lambda case: case["id"])


def read_cases(folder: Path | str | None = None, bibliography: Path | str | None = None) -> list[dict]:
    """Every case of ``folder`` as validated dicts, sorted by id.

    Source keys are checked against ``bibliography`` (default: the book's ``references.bib`` when
    running from a checkout; an installed package has no bibliography and skips that check).
    """
    return read_folder(folder, bib_keys(bibliography))


def load_case(case_id: str, folder: Path | str | None = None, bibliography: Path | str | None = None) -> dict:
    """One case by id, validated."""
    path = (cases_dir() if folder is None else Path(folder)) / f"{case_id}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in case_files(folder))
        raise CaseError(f"No case {case_id!r}. Known cases: {known}.")
    return read_case_file(path, bib_keys(bibliography))


def cases_frame(cases: list[dict]) -> pd.DataFrame:
    """One row per case; list fields stay Python lists, years become ``year_start``/``year_end`` (Int64)."""
    rows = []
    for case in cases:
        row = {field: case[field] for field in FIELDS if field != "years"}
        row["year_start"] = case["years"]["start"]
        row["year_end"] = case["years"]["end"]
        rows.append(row)
    columns = [
        "id", "title", "countries", "region", "year_start", "year_end", "shock", "shock_type", "summary",
        "learning", "building_blocks", "capacities", "evidence", "figures", "sources", "questions", "lessons",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year_start"] = frame["year_start"].astype("Int64")
    frame["year_end"] = frame["year_end"].astype("Int64")
    return frame


def load_cases(folder: Path | str | None = None, bibliography: Path | str | None = None) -> pd.DataFrame:
    """All cases as a DataFrame, one row per case, sorted by id (see :func:`cases_frame`)."""
    return cases_frame(read_cases(folder, bibliography))


def case_figures(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The key figures of every case in long form: case_id, value, unit, measures, year, source, note."""
    cases = load_cases() if cases is None else cases
    rows = [
        {"case_id": case_id, **figure}
        for case_id, figures in zip(cases["id"], cases["figures"])
        for figure in figures
    ]
    return pd.DataFrame(rows, columns=["case_id", *FIGURE_FIELDS, "note"])


def years_label(start: int, end: int | None) -> str:
    """``1994–2003``, ``2014`` or ``2010 onwards``."""
    if end is None or pd.isna(end):
        return f"{start} onwards"
    return str(start) if start == end else f"{start}–{end}"


def filter_cases(
    cases: pd.DataFrame, *, block: str | None = None, capacity: str | None = None,
    region: str | None = None, shock_type: str | None = None, evidence: str | None = None,
) -> pd.DataFrame:
    """Cases that illustrate ``block`` and ``capacity`` and lie in ``region``/``shock_type``/``evidence`` (None: any)."""
    keep = pd.Series(True, index=cases.index)
    if block:
        keep &= cases["building_blocks"].map(lambda values: block in values)
    if capacity:
        keep &= cases["capacities"].map(lambda values: capacity in values)
    if region:
        keep &= cases["region"] == region
    if shock_type:
        keep &= cases["shock_type"] == shock_type
    if evidence:
        keep &= cases["evidence"] == evidence
    return cases[keep]


# The matrix of cases by building block ------------------------------------------------------------


def block_matrix(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Boolean table: one row per case (indexed by title), one column per building block label."""
    cases = load_cases() if cases is None else cases
    data = {label: cases["building_blocks"].map(lambda values, b=block: b in values).to_numpy()
            for block, label in BLOCKS.items()}
    return pd.DataFrame(data, index=pd.Index(cases["title"], name="Case"))


def block_table(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The matrix as text for a table beside the figure: "Yes"/"No", plus a count per case."""
    matrix = block_matrix(cases)
    table = matrix.replace({True: "Yes", False: "No"}).reset_index()
    table["Blocks"] = matrix.sum(axis=1).to_numpy()
    return table


_SHORT_BLOCK_LABELS = {
    "Systematic problem-solving": "Systematic\nproblem-\nsolving",
    "Experimentation": "Experi-\nmentation",
    "Learning from past experience": "Learning\nfrom past\nexperience",
    "Learning from others": "Learning\nfrom\nothers",
    "Knowledge transfer": "Knowledge\ntransfer",
}


def case_matrix_figure(cases: pd.DataFrame | None = None) -> Figure:
    """Dot matrix of cases (rows) by building blocks (columns), readable in greyscale.

    A filled black circle marks a block the case illustrates, an empty circle one it does not; the
    number of cases per block is written under each column.
    """
    matrix = block_matrix(cases)
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(11, 0.36 * n_rows + 2.6), layout="constrained")
    for col, label in enumerate(matrix.columns):
        yes = matrix[label].to_numpy()
        rows = range(n_rows)
        ax.scatter([col] * int(yes.sum()), [r for r in rows if yes[r]], s=110, marker="o",
                   facecolor="black", edgecolor="black", label="Illustrates the block" if col == 0 else None)
        ax.scatter([col] * int((~yes).sum()), [r for r in rows if not yes[r]], s=110, marker="o",
                   facecolor="white", edgecolor="0.35", linewidth=1, label="Does not" if col == 0 else None)
        ax.text(col, n_rows - 0.2, f"{int(yes.sum())} cases", ha="center", va="top", fontsize=9)
    ax.set_xticks(range(n_cols), [_SHORT_BLOCK_LABELS.get(label, label) for label in matrix.columns], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n_rows), matrix.index, fontsize=9)
    ax.set_xlim(-0.6, n_cols - 0.4)
    ax.set_ylim(n_rows + 0.4, -0.7)
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2, frameon=False, fontsize=9)
    return fig
