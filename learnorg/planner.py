"""The action planner: from self-assessment results to a 12-month learning agenda a team can print.

How it works (the chapter ``book/your_ministrys_learning_agenda`` teaches the reasoning; the planner itself
is on the page ``book/tools/action_planner``):

* **One source of truth for suggested practices**: ``data/planner/practices.yaml`` maps each dimension of the
  instrument to 2-4 practices (title, description in our own words, the chapter that teaches it, the chapter's
  tool page if any, an example indicator). :func:`load_practices` checks it and names the file, the dimension,
  the practice and the field of every problem. A chapter or tool path is accepted when its page exists in the
  book, or when it is one of the chapters and tools written on other branches (:data:`KNOWN_CHAPTERS`,
  :data:`KNOWN_TOOLS`).
* **Starting points.** Either the answers of one respondent (what the self-assessment stores), scored with
  :func:`learnorg.scoring.score_respondents`, or the scores file written by
  ``python -m learnorg score SURVEY --out-scores SCORES.csv`` (one row per respondent, one column per
  dimension), summarised per dimension. The weakest dimensions are suggested: lowest score first, ties in
  instrument order. Means of a scores file are computed from the values in hundredths with integer sums,
  so Python and the browser get the same numbers to the last bit; :func:`summarise_scores` adds the
  confidence intervals of :func:`learnorg.scoring.group_summary`.
* **The plan** (:class:`Plan`): team, start date, where the scores came from, up to three priorities (dimension,
  practice or a practice of the team's own, owner, first milestone and its date, indicator), a review date and
  the date of the next survey wave. :func:`plan_problems` lists what is still missing or inconsistent; the plan
  is never blocked by it.
* **Outputs**: :func:`plan_csv` (one row per priority; UTF-8 with a byte-order mark so spreadsheet programs
  read accents; CRLF line ends) and :func:`plan_document` (a self-contained HTML document that prints on A4).
  The browser makes byte-identical files: ``learnorg/web/planner.js`` is a port of these functions, pinned by
  shared vectors (``python -m learnorg.planner vectors tests/vectors/planner.json``, checked in Node).
* **Views**: :class:`ActionPlanner` shows an ipywidgets form in Jupyter and, on the static site, a kernel-free
  HTML form (:func:`static_html`) that ``planner.js`` brings to life (``nb_mime_priority_overrides`` in
  ``_config.yml`` makes the site use the HTML).
* **Browser storage.** The planner reads, and never writes, the self-assessment's answers, which
  ``selfscore.js`` keeps in ``localStorage`` under ``learnorg:self-assessment:<instrument id>:<version>`` as
  ``{"answers": {item id: 1-7 or null}}``; it scores them by calling ``LMSelfScore.scoreAnswers`` (the
  self-assessment's own function). The plan is kept under its own key, :data:`STORAGE_KEY`, as
  ``{"version": 1, "plan": {...}}`` (the dictionary of :meth:`Plan.to_dict`). Nothing is sent anywhere.

Command line::

    python -m learnorg.planner check                       # validate data/planner/practices.yaml
    python -m learnorg.planner plan my_scores.csv --team "Planning unit" --csv plan.csv --html plan.html
    python -m learnorg.planner vectors tests/vectors/planner.json [--check]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from learnorg.instrument import Instrument, load_instrument
from learnorg.paths import data_dir
from learnorg.scoring import group_summary, score_respondents

PRIORITIES = 3
MIN_PRIORITIES = 2
OTHER = "other"
STORAGE_KEY = "learnorg:action-planner:v1"
SELF_ASSESSMENT_PREFIX = "learnorg:self-assessment:"
PAGE = "book/tools/action_planner"
REPO_ROOT = Path(__file__).resolve().parent.parent

#: Chapters that teach practices, including those written on other branches of the book.
KNOWN_CHAPTERS = (
    "book/what_a_learning_organization_is",
    "book/learning_and_resilience",
    "book/systematic_problem_solving",
    "book/experimentation",
    "book/learning_from_past_experience",
    "book/learning_from_others",
    "book/transferring_knowledge",
    "book/measuring_your_ministry",
    "book/environment_leadership_and_incentives",
    "book/challenges_and_research_agenda",
    "book/your_ministrys_learning_agenda",
)
#: The building-block chapters' printable tools (some on other branches).
KNOWN_TOOLS = (
    "book/tools/pdsa_root_cause_worksheet",
    "book/tools/small_test_planner",
    "book/tools/after_action_review",
    "book/tools/learning_visit_plan",
    "book/tools/spread_plan",
)
PRACTICE_FIELDS = ("id", "title", "description", "chapter", "tool", "indicator")
DESCRIPTION_MAX = 320
TITLE_MAX = 80
PRACTICE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CSV_COLUMNS = ("team", "plan_start", "priority", "dimension_id", "dimension", "score", "practice_id", "practice",
               "chapter", "tool", "owner", "first_milestone", "milestone_date", "indicator", "review_date",
               "next_survey_wave", "based_on")

#: Every text of the plan and the form. The browser gets the same dictionary (``spec["texts"]``), so the
#: documents it makes use the same words.
TEXTS: dict[str, Any] = {
    "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"],
    "plan_title": "Our learning agenda for the next 12 months",
    "document_title": "Learning agenda",
    "team": "Team",
    "start": "Plan starts",
    "based_on": "Based on",
    "table_caption": "Priorities, practices, owners, milestones and indicators",
    "col_number": "No.",
    "col_dimension": "Dimension to strengthen",
    "col_practice": "Practice",
    "col_owner": "Owner",
    "col_milestone": "First milestone, and by when",
    "col_indicator": "Indicator",
    "score": "score {score} of 100",
    "by": "by {date}",
    "chapter": "Chapter: {chapter}.",
    "tool": "Tool: {tool}.",
    "own_practice": "A practice of our own",
    "review": "Review the plan on",
    "next_wave": "Next survey wave",
    "notes_title": "Still to settle",
    "footer": "Made with the Learning Ministries action planner. The plan stays with your team unless you share it.",
    "none": "(none)",
    "other_option": "Another practice (describe it)",
    "small_group": "{file}: only {n} respondents; a group's results are used only when at least {min} answered, "
                   "so that nobody's answers can be recognised. Group small units together before scoring, or "
                   "plan from the whole file.",
    "problem_choose": "Choose two or three dimensions to work on.",
    "problem_repeat": "Priority {number} repeats {dimension}; choose another dimension or leave it empty.",
    "problem_missing": "Priority {number} ({dimension}): add {fields}.",
    "missing_practice": "a practice",
    "missing_owner": "an owner",
    "missing_milestone": "a first milestone",
    "missing_milestone_date": "a date for the milestone",
    "missing_indicator": "an indicator",
    "and": "and",
    "problem_review": "Set a date to review the plan.",
    "problem_wave": "Set a date for the next survey wave.",
    "problem_review_after_wave": "Review the plan before the next survey wave, so there is time to adjust it.",
    "problem_wave_before_start": "The next survey wave should come after the plan starts.",
    "problem_milestone_after_review": ("Priority {number}: the first milestone falls after the review date; "
                                       "bring it forward so that the review can look at it."),
    "source_answers": "Self-assessment answers of one person ({answered} of {total} statements answered)",
    "source_scores": "Scores file {file} ({respondents} respondents)",
    "source_scores_one": "Scores file {file} (1 respondent)",
}


class PlannerError(ValueError):
    """A practices file, scores file or plan that cannot be used; the message says where and why."""


# ------------------------------------------------------------------------------------------- practices


@dataclass(frozen=True)
class Practice:
    """One suggested practice for a dimension."""

    id: str
    dimension: str
    title: str
    description: str
    chapter: str
    tool: str | None
    indicator: str


@dataclass(frozen=True)
class Practices:
    """The validated contents of ``practices.yaml``."""

    by_dimension: dict[str, list[Practice]]
    chapters: dict[str, str]
    tools: dict[str, str]
    source: Path

    def get(self, practice_id: str) -> Practice | None:
        for practices in self.by_dimension.values():
            for practice in practices:
                if practice.id == practice_id:
                    return practice
        return None

    def of(self, dimension: str) -> list[Practice]:
        return list(self.by_dimension.get(dimension, []))


# The same default as `python -m learnorg score --min-group-size` (learnorg.results): fewer respondents and a
# group's means could reveal what individuals answered.
MIN_GROUP_SIZE = 5

def practices_path() -> Path:
    """The shipped practices file."""
    return data_dir() / "planner" / "practices.yaml"


def book_root() -> Path | None:
    """The book's root folder in a checkout (where ``_toc.yml`` is), or None in an installed package."""
    return REPO_ROOT if (REPO_ROOT / "_toc.yml").is_file() else None


def page_exists(doc: str, root: Path | None = None) -> bool:
    """Whether the book page ``doc`` (a path without suffix) exists under ``root``."""
    root = book_root() if root is None else root
    return root is not None and any((root / f"{doc}{suffix}").is_file() for suffix in (".ipynb", ".md"))


def load_practices(path: str | Path | None = None, instrument: Instrument | None = None,
                   root: Path | None = None) -> Practices:
    """Read and check a practices file (default: the shipped one) against the instrument's dimensions.

    Raises :class:`PlannerError` listing every problem as ``file, dimension 'x', practice n, field 'y': ...``.
    """
    path = Path(path) if path is not None else practices_path()
    instrument = instrument or load_instrument()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise PlannerError(f"{path}: cannot be read ({err.strerror or err}).") from err
    except yaml.YAMLError as err:
        raise PlannerError(f"{path.name}: not valid YAML ({err}).") from err
    return validate_practices(data, path, instrument, root)


def _known(doc: str, known: Sequence[str], root: Path | None) -> bool:
    return doc in known or page_exists(doc, root)


def validate_practices(data: Any, source: str | Path, instrument: Instrument, root: Path | None = None) -> Practices:
    """Check parsed practices data; see :func:`load_practices`."""
    name = Path(source).name
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise PlannerError(f"{name}: expected the keys 'chapters', 'tools' and 'dimensions'.")
    for key in sorted(set(data) - {"chapters", "tools", "dimensions"}, key=str):
        problems.append(f"{name}: unknown key {key!r}; expected chapters, tools and dimensions.")

    def titles(key: str, known: Sequence[str]) -> dict[str, str]:
        value = data.get(key)
        if not isinstance(value, Mapping) or not value:
            problems.append(f"{name}, field {key!r}: expected a mapping of page paths to titles.")
            return {}
        out = {}
        for doc, title in value.items():
            if not isinstance(title, str) or not title.strip():
                problems.append(f"{name}, field '{key}.{doc}': expected a title, got {title!r}.")
            elif not _known(str(doc), known, root):
                problems.append(f"{name}, field '{key}.{doc}': no such page in the book (and not one of the "
                                f"known {key}: {', '.join(known)}).")
            else:
                out[str(doc)] = title.strip()
        return out

    chapters = titles("chapters", KNOWN_CHAPTERS)
    tools = titles("tools", KNOWN_TOOLS)
    dims = data.get("dimensions")
    by_dimension: dict[str, list[Practice]] = {}
    seen: dict[str, str] = {}
    if not isinstance(dims, Mapping):
        problems.append(f"{name}, field 'dimensions': expected one entry per dimension id "
                        f"({', '.join(instrument.dimension_ids)}).")
        dims = {}
    for dim in instrument.dimension_ids:
        if dim not in dims:
            problems.append(f"{name}, dimension {dim!r}: missing; every dimension of the instrument needs 2 to 4 "
                            "practices.")
    for dim, entries in dims.items():
        where = f"{name}, dimension {dim!r}"
        if dim not in instrument.dimension_ids:
            problems.append(f"{where}: not a dimension of the instrument (known: {', '.join(instrument.dimension_ids)}).")
            continue
        if not isinstance(entries, list) or not 2 <= len(entries) <= 4:
            count = len(entries) if isinstance(entries, list) else "no list of"
            problems.append(f"{where}: expected a list of 2 to 4 practices, found {count}.")
            if not isinstance(entries, list):
                continue
        found = []
        for n, entry in enumerate(entries, start=1):
            at = f"{where}, practice {n}"
            if not isinstance(entry, Mapping):
                problems.append(f"{at}: expected the fields {', '.join(PRACTICE_FIELDS)}.")
                continue
            bad = len(problems)
            for key in sorted(set(entry) - set(PRACTICE_FIELDS), key=str):
                problems.append(f"{at}, field {key!r}: unknown; the fields are {', '.join(PRACTICE_FIELDS)}.")
            for key in PRACTICE_FIELDS:
                if key not in entry:
                    problems.append(f"{at}, field {key!r}: missing.")
            for key in ("id", "title", "description", "chapter", "indicator"):
                if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                    problems.append(f"{at}, field {key!r}: expected non-empty text, got {entry[key]!r}.")
            pid = entry.get("id")
            if isinstance(pid, str) and pid.strip():
                if not PRACTICE_ID.match(pid) or pid == OTHER:
                    problems.append(f"{at}, field 'id': {pid!r} must be lower-case letters, digits and hyphens "
                                    f"(and not {OTHER!r}).")
                elif pid in seen:
                    problems.append(f"{at}, field 'id': {pid!r} is already used in dimension {seen[pid]!r}.")
                else:
                    seen[pid] = dim
            title = entry.get("title")
            if isinstance(title, str) and len(title.strip()) > TITLE_MAX:
                problems.append(f"{at}, field 'title': {len(title.strip())} characters; keep it to {TITLE_MAX}.")
            desc = entry.get("description")
            if isinstance(desc, str) and len(" ".join(desc.split())) > DESCRIPTION_MAX:
                problems.append(f"{at}, field 'description': {len(' '.join(desc.split()))} characters; keep it to "
                                f"{DESCRIPTION_MAX}.")
            chapter = entry.get("chapter")
            if isinstance(chapter, str) and chapter.strip() and chapter not in chapters:
                problems.append(f"{at}, field 'chapter': {chapter!r} is not listed under 'chapters' (or its page "
                                "does not exist).")
            tool = entry.get("tool")
            if tool is not None and (not isinstance(tool, str) or tool not in tools):
                problems.append(f"{at}, field 'tool': {tool!r} is not listed under 'tools' (or its page does not "
                                "exist); use null for no tool.")
            if len(problems) == bad:
                found.append(Practice(pid, dim, " ".join(title.split()), " ".join(desc.split()), chapter, tool,
                                      " ".join(entry["indicator"].split())))
        by_dimension[dim] = found
    if problems:
        raise PlannerError("\n".join(problems))
    ordered = {d: by_dimension[d] for d in instrument.dimension_ids}
    return Practices(ordered, chapters, tools, Path(source))


# ------------------------------------------------------------------------------------------- scores


def scores_from_answers(answers: Mapping[str, Any], instrument: Instrument | None = None) -> dict[str, float | None]:
    """Dimension scores (0-100, None when too few items are answered) of one respondent's answers."""
    instrument = instrument or load_instrument()
    unknown = sorted(set(answers) - set(instrument.item_ids))
    if unknown:
        raise PlannerError(f"not items of the instrument: {', '.join(unknown)}")

    def clean(value):
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            return np.nan
        return float(value)

    row = {item: clean(answers.get(item)) for item in instrument.item_ids}
    frame = pd.DataFrame([row], columns=instrument.item_ids, dtype=float)
    scores = score_respondents(frame, instrument).iloc[0]
    return {d: (None if np.isnan(scores[d]) else float(scores[d])) for d in instrument.dimension_ids}


def _hundredths(text: str) -> int | None:
    """A score cell as a whole number of hundredths (half up), the same rule as the browser."""
    value = float(text)
    if math.isnan(value):
        return None
    return math.floor(value * 100 + 0.5)


def parse_scores_csv(text: str, instrument: Instrument | None = None, name: str = "scores file") -> dict:
    """The per-dimension means of a scores CSV given as text (what the browser's file picker reads).

    Returns ``{"means": {dim: mean or None}, "counts": {dim: n}, "rows": number of data rows}``. Means are
    sums of hundredths divided by n, so they are the same numbers the browser computes.
    """
    instrument = instrument or load_instrument()
    try:
        frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise PlannerError(f"{name}: cannot be read as CSV ({err}).") from err
    frame.columns = [str(c).strip() for c in frame.columns]
    dims = [d for d in instrument.dimension_ids if d in frame.columns]
    if not dims:
        raise PlannerError(f"{name}: no dimension columns found (expected columns such as "
                           f"{', '.join(instrument.dimension_ids[:3])}, as written by "
                           "'python -m learnorg score ... --out-scores').")
    means, counts = {}, {}
    problems = []
    for dim in instrument.dimension_ids:
        if dim not in dims:
            means[dim], counts[dim] = None, 0
            continue
        total, n = 0, 0
        for row, cell in enumerate(frame[dim], start=2):
            cell = cell.strip()
            if cell == "" or cell.lower() in ("nan", "na", "n/a"):
                continue
            try:
                value = float(cell)
            except ValueError:
                problems.append(f"{name}, row {row}, column {dim!r}: expected a score from 0 to 100, got {cell!r}.")
                continue
            if not 0 <= value <= 100:
                problems.append(f"{name}, row {row}, column {dim!r}: expected a score from 0 to 100, got {cell!r}.")
                continue
            total += _hundredths(cell)
            n += 1
        means[dim] = total / n / 100 if n else None
        counts[dim] = n
    if problems:
        raise PlannerError("\n".join(problems[:20]) + (f"\n... and {len(problems) - 20} more." if len(problems) > 20 else ""))
    return {"means": means, "counts": counts, "rows": len(frame)}


def read_scores(path: str | Path, instrument: Instrument | None = None, unit: str | None = None,
                wave: str | None = None) -> pd.DataFrame:
    """A scores file written by ``python -m learnorg score --out-scores``, optionally filtered to one unit and wave.

    Dimension columns are returned as floats (NaN where empty); other columns as text.
    """
    instrument = instrument or load_instrument()
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise PlannerError(f"{path}: cannot be read ({err.strerror or err}).") from err
    except UnicodeDecodeError as err:
        raise PlannerError(f"{path.name}: not UTF-8 text; save it as CSV UTF-8.") from err
    parse_scores_csv(text, instrument, path.name)  # checks every cell, naming row and column
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    for column, value in (("unit", unit), ("wave", wave)):
        if value is None:
            continue
        if column not in frame.columns:
            raise PlannerError(f"{path.name}: no {column!r} column to filter on; its columns are "
                               f"{', '.join(frame.columns)}.")
        keep = frame[column].str.strip() == str(value).strip()
        if not keep.any():
            found = ", ".join(sorted(set(frame[column].str.strip()))) or "none"
            raise PlannerError(f"{path.name}: no rows with {column} {value!r}; found: {found}.")
        frame = frame[keep]
    for dim in instrument.dimension_ids:
        if dim in frame.columns:
            frame[dim] = pd.to_numeric(frame[dim].str.strip().replace({"": np.nan}), errors="coerce")
    return frame.reset_index(drop=True)


def summarise_scores(scores: pd.DataFrame, instrument: Instrument | None = None) -> pd.DataFrame:
    """Per dimension: n, mean, SD and 95% interval (:func:`learnorg.scoring.group_summary`), with labels.

    ``mean`` is replaced by the exact mean of the values in hundredths (see :func:`parse_scores_csv`) when the
    scores have at most two decimals, so the ranking agrees with the browser's.
    """
    instrument = instrument or load_instrument()
    dims = [d for d in instrument.dimension_ids if d in scores.columns]
    summary = group_summary(scores[dims].astype(float))
    summary = summary.rename(columns={"measure": "dimension"}).drop(columns="group")
    exact = []
    for dim in summary["dimension"]:
        values = scores[dim].dropna().astype(float)
        exact.append(sum(math.floor(v * 100 + 0.5) for v in values) / len(values) / 100 if len(values) else np.nan)
    summary["mean"] = exact
    summary.insert(1, "label", summary["dimension"].map(instrument.label))
    return summary


def rank_dimensions(summary: pd.DataFrame | Mapping[str, float | None], instrument: Instrument | None = None,
                    k: int = PRIORITIES) -> pd.DataFrame:
    """Dimensions from weakest to strongest, the ``k`` weakest marked ``suggested``.

    ``summary`` is :func:`summarise_scores` output (or a mapping of dimension to score, e.g. from
    :func:`scores_from_answers`). Dimensions without a score are left out. Ties keep the instrument's order.
    ``candidate`` marks every dimension whose 95% interval reaches the interval of the k-th weakest: on these
    data it cannot be told apart from the suggested ones, so the team should weigh it too.
    """
    instrument = instrument or load_instrument()
    if isinstance(summary, Mapping):
        summary = pd.DataFrame({"dimension": list(summary), "mean": [np.nan if v is None else v for v in summary.values()]})
        summary["label"] = summary["dimension"].map(instrument.label)
    frame = summary.copy()
    for column in ("n", "ci_low", "ci_high"):
        if column not in frame.columns:
            frame[column] = np.nan
    order = {d: i for i, d in enumerate(instrument.dimension_ids)}
    frame = frame[frame["mean"].notna()].copy()
    frame["_order"] = frame["dimension"].map(order)
    frame = frame.sort_values(["mean", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["suggested"] = frame["rank"] <= k
    if len(frame) >= k and frame["ci_high"].notna().any():
        kth_high = frame.loc[k - 1, "ci_high"]
        frame["candidate"] = frame["suggested"] | (frame["ci_low"] <= kth_high)
    else:
        frame["candidate"] = frame["suggested"]
    return frame


def rank_means(means: Mapping[str, float | None], instrument: Instrument | None = None) -> list[str]:
    """Dimension ids with a score, weakest first (ties in instrument order): what the browser computes."""
    instrument = instrument or load_instrument()
    dims = [d for d in instrument.dimension_ids if means.get(d) is not None]
    return sorted(dims, key=lambda d: (means[d], instrument.dimension_ids.index(d)))


# ------------------------------------------------------------------------------------------- the plan


@dataclass
class Priority:
    """One row of the plan."""

    dimension: str = ""
    practice: str = ""
    own_practice: str = ""
    owner: str = ""
    milestone: str = ""
    milestone_date: str = ""
    indicator: str = ""

    FIELDS = ("dimension", "practice", "own_practice", "owner", "milestone", "milestone_date", "indicator")


@dataclass
class Plan:
    """A team's learning agenda: up to three priorities, a review date and the next survey wave."""

    team: str = ""
    start: str = ""
    source: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    priorities: list[Priority] = field(default_factory=lambda: [Priority() for _ in range(PRIORITIES)])
    review_date: str = ""
    next_wave: str = ""

    TEXT_FIELDS = ("team", "start", "source", "review_date", "next_wave")

    def to_dict(self) -> dict:
        """The plan as JSON-ready data: the format the browser keeps in ``localStorage``."""
        return {
            "team": self.team, "start": self.start, "source": self.source,
            "scores": {k: float(v) for k, v in self.scores.items()},
            "priorities": [{f: getattr(p, f) for f in Priority.FIELDS} for p in self.priorities],
            "review_date": self.review_date, "next_wave": self.next_wave,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Plan":
        """A plan from :meth:`to_dict` data; missing fields are empty, unknown fields are errors."""
        if not isinstance(data, Mapping):
            raise PlannerError("a plan must be a mapping of fields to values.")
        allowed = {*cls.TEXT_FIELDS, "scores", "priorities"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise PlannerError(f"unknown plan field(s): {', '.join(unknown)}.")
        plan = cls(**{k: _text(data.get(k), k) for k in cls.TEXT_FIELDS})
        scores = data.get("scores") or {}
        if not isinstance(scores, Mapping):
            raise PlannerError("plan field 'scores': expected a mapping of dimension ids to numbers.")
        plan.scores = {}
        for key, value in scores.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                raise PlannerError(f"plan field 'scores.{key}': expected a number, got {value!r}.")
            plan.scores[str(key)] = float(value)
        rows = data.get("priorities") or []
        if not isinstance(rows, list) or len(rows) > PRIORITIES:
            raise PlannerError(f"plan field 'priorities': expected a list of at most {PRIORITIES} priorities.")
        plan.priorities = []
        for n, row in enumerate(rows, start=1):
            if not isinstance(row, Mapping):
                raise PlannerError(f"plan priority {n}: expected a mapping of fields to text.")
            extra = sorted(set(row) - set(Priority.FIELDS))
            if extra:
                raise PlannerError(f"plan priority {n}: unknown field(s) {', '.join(extra)}.")
            plan.priorities.append(Priority(**{f: _text(row.get(f), f"priorities.{n}.{f}") for f in Priority.FIELDS}))
        while len(plan.priorities) < PRIORITIES:
            plan.priorities.append(Priority())
        return plan

    def chosen(self) -> list[tuple[int, Priority]]:
        """(number, priority) of every priority with a dimension."""
        return [(n, p) for n, p in enumerate(self.priorities, start=1) if p.dimension]


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PlannerError(f"plan field {name!r}: expected text, got {value!r}.")
    return value


def suggest_plan(means: Mapping[str, float | None], practices: Practices | None = None,
                 instrument: Instrument | None = None, *, k: int = PRIORITIES, source: str = "",
                 base: Plan | None = None) -> Plan:
    """A plan whose first ``k`` priorities are the ``k`` weakest dimensions, each with its first suggested
    practice and that practice's example indicator. Other fields are kept from ``base`` (default: empty)."""
    instrument = instrument or load_instrument()
    practices = practices or load_practices(instrument=instrument)
    plan = Plan.from_dict(base.to_dict()) if base is not None else Plan()
    plan.scores = {d: float(v) for d, v in means.items() if v is not None}
    plan.source = source
    weakest = rank_means(means, instrument)[:k]
    for n in range(PRIORITIES):
        row = plan.priorities[n]
        if n < len(weakest):
            first = practices.of(weakest[n])[0]
            row.dimension, row.practice, row.indicator = weakest[n], first.id, first.indicator
            row.own_practice = ""
        else:
            row.dimension, row.practice, row.own_practice, row.indicator = "", "", "", ""
    return plan


def plan_from_answers(answers: Mapping[str, Any], instrument: Instrument | None = None, *, k: int = PRIORITIES,
                      team: str = "") -> Plan:
    """A suggested plan from one respondent's answers (as the self-assessment stores them)."""
    instrument = instrument or load_instrument()
    scores = scores_from_answers(answers, instrument)
    answered = sum(answers.get(i) not in (None, "") for i in instrument.item_ids)
    source = TEXTS["source_answers"].format(answered=answered, total=len(instrument.item_ids))
    return suggest_plan(scores, instrument=instrument, k=k, source=source, base=Plan(team=team))


def plan_from_scores(path: str | Path, instrument: Instrument | None = None, *, k: int = PRIORITIES,
                     unit: str | None = None, wave: str | None = None, team: str = "",
                     min_group_size: int = MIN_GROUP_SIZE) -> Plan:
    """A suggested plan from a scores file written by ``python -m learnorg score ... --out-scores``.

    ``unit`` and ``wave`` keep only the rows of one unit or wave (columns of the same names). The scores of
    the plan are the per-dimension means; the ``k`` weakest become its priorities. As everywhere in the
    toolkit, a group's means are shown only when at least ``min_group_size`` people answered: a file (or the
    rows kept) with two to ``min_group_size - 1`` respondents is refused; one row is a reader's own scores.
    """
    instrument = instrument or load_instrument()
    path = Path(path)
    scores = read_scores(path, instrument, unit=unit, wave=wave)
    if 1 < len(scores) < min_group_size:
        label = path.name + "".join(f", {c} {v}" for c, v in (("unit", unit), ("wave", wave)) if v is not None)
        raise PlannerError(TEXTS["small_group"].format(file=label, n=len(scores), min=min_group_size))
    summary = summarise_scores(scores, instrument)
    means = {r.dimension: (None if np.isnan(r.mean) else float(r.mean)) for r in summary.itertuples(index=False)}
    rows = len(scores)
    label = path.name + "".join(f", {c} {v}" for c, v in (("unit", unit), ("wave", wave)) if v is not None)
    source = (TEXTS["source_scores_one"].format(file=label) if rows == 1
              else TEXTS["source_scores"].format(file=label, respondents=f"{rows:,}"))
    return suggest_plan(means, instrument=instrument, k=k, source=source, base=Plan(team=team or (unit or "")))


def _label(dim: str, instrument: Instrument) -> str:
    return instrument.label(dim) if dim in instrument.dimension_ids else dim


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {TEXTS['and']} " + parts[-1]


def plan_problems(plan: Plan, instrument: Instrument | None = None) -> list[str]:
    """What is still missing or inconsistent in a plan, in plain words (empty when the plan is complete)."""
    instrument = instrument or load_instrument()
    out = []
    chosen = plan.chosen()
    if len(chosen) < MIN_PRIORITIES:
        out.append(TEXTS["problem_choose"])
    seen = set()
    for n, row in chosen:
        label = _label(row.dimension, instrument)
        if row.dimension in seen:
            out.append(TEXTS["problem_repeat"].format(number=n, dimension=label))
        seen.add(row.dimension)
        missing = []
        if not row.practice or (row.practice == OTHER and not row.own_practice.strip()):
            missing.append(TEXTS["missing_practice"])
        for key in ("owner", "milestone", "milestone_date", "indicator"):
            if not getattr(row, key).strip():
                missing.append(TEXTS[f"missing_{key}"])
        if missing:
            out.append(TEXTS["problem_missing"].format(number=n, dimension=label, fields=_join(missing)))
    if not plan.review_date.strip():
        out.append(TEXTS["problem_review"])
    if not plan.next_wave.strip():
        out.append(TEXTS["problem_wave"])
    iso = lambda s: bool(ISO_DATE.match(s))  # noqa: E731
    if iso(plan.review_date) and iso(plan.next_wave) and plan.review_date >= plan.next_wave:
        out.append(TEXTS["problem_review_after_wave"])
    if iso(plan.start) and iso(plan.next_wave) and plan.next_wave <= plan.start:
        out.append(TEXTS["problem_wave_before_start"])
    if iso(plan.review_date):
        for n, row in chosen:
            if iso(row.milestone_date) and row.milestone_date > plan.review_date:
                out.append(TEXTS["problem_milestone_after_review"].format(number=n))
    return out


# ------------------------------------------------------------------------------------------- rendering


def format_score(value: float | None) -> str:
    """One decimal, halves rounded up (as the self-assessment); empty when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def format_date(text: str) -> str:
    """``2026-09-30`` as ``30 September 2026``; anything else as typed."""
    if not ISO_DATE.match(text or ""):
        return text or ""
    year, month, day = (int(x) for x in text.split("-"))
    if not 1 <= month <= 12:
        return text
    return f"{day} {TEXTS['months'][month - 1]} {year}"


def _practice_parts(row: Priority, practices: Practices) -> tuple[str, str, str, str]:
    """(title, description, chapter title, tool title) of a priority's practice."""
    if row.practice == OTHER:
        return row.own_practice.strip(), "", "", ""
    practice = practices.get(row.practice) if row.practice else None
    if practice is None:
        return "", "", "", ""
    return (practice.title, practice.description, practices.chapters.get(practice.chapter, ""),
            practices.tools.get(practice.tool, "") if practice.tool else "")


def _csv_cell(value: str) -> str:
    value = "" if value is None else str(value)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def plan_csv(plan: Plan, practices: Practices | None = None, instrument: Instrument | None = None) -> str:
    """The plan as CSV: one row per chosen priority (one row of plan fields when none is chosen)."""
    instrument = instrument or load_instrument()
    practices = practices or load_practices(instrument=instrument)
    rows = []
    common = {"team": plan.team, "plan_start": plan.start, "review_date": plan.review_date,
              "next_survey_wave": plan.next_wave, "based_on": plan.source}
    for n, row in plan.chosen() or [(None, None)]:
        record = dict.fromkeys(CSV_COLUMNS, "")
        record.update(common)
        if row is not None:
            title, _desc, chapter, tool = _practice_parts(row, practices)
            record.update({
                "priority": str(n), "dimension_id": row.dimension, "dimension": _label(row.dimension, instrument),
                "score": format_score(plan.scores.get(row.dimension)), "practice_id": row.practice,
                "practice": title, "chapter": chapter, "tool": tool, "owner": row.owner,
                "first_milestone": row.milestone, "milestone_date": row.milestone_date, "indicator": row.indicator,
            })
        rows.append(",".join(_csv_cell(record[c]) for c in CSV_COLUMNS))
    return "\ufeff" + ",".join(CSV_COLUMNS) + "\r\n" + "".join(r + "\r\n" for r in rows)


def _e(text: str) -> str:
    return escape(text or "", quote=True)


def _field(text: str) -> str:
    """A value, or a blank line to write on when it is empty (the printed plan doubles as a paper form)."""
    return _e(text) if (text or "").strip() else '<span class="lm-blank"></span>'


def plan_body_html(plan: Plan, practices: Practices | None = None, instrument: Instrument | None = None) -> str:
    """The plan as an HTML fragment: shown on the page, printed, and the body of :func:`plan_document`."""
    instrument = instrument or load_instrument()
    practices = practices or load_practices(instrument=instrument)
    tx = TEXTS
    out = ['<div class="lm-plan">', f'<h2 class="lm-plan-title">{_e(tx["plan_title"])}</h2>',
           '<p class="lm-plan-meta">'
           f'<strong>{_e(tx["team"])}:</strong> {_field(plan.team)}<br>'
           f'<strong>{_e(tx["start"])}:</strong> {_field(format_date(plan.start))}'
           + (f'<br><strong>{_e(tx["based_on"])}:</strong> {_e(plan.source)}' if plan.source.strip() else "")
           + "</p>",
           f'<table class="lm-plan-table"><caption>{_e(tx["table_caption"])}</caption><thead><tr>'
           + "".join(f'<th scope="col">{_e(tx[c])}</th>' for c in ("col_number", "col_dimension", "col_practice",
                                                                     "col_owner", "col_milestone", "col_indicator"))
           + "</tr></thead><tbody>"]
    chosen = plan.chosen() or [(n, Priority()) for n in range(1, PRIORITIES + 1)]
    for n, row in chosen:
        if row.dimension:
            score = plan.scores.get(row.dimension)
            dim = _e(_label(row.dimension, instrument)) + (
                f'<br><span class="lm-plan-score">{_e(tx["score"].format(score=format_score(score)))}</span>'
                if score is not None else "")
        else:
            dim = _field("")
        title, desc, chapter, tool = _practice_parts(row, practices)
        if title:
            practice = f"<strong>{_e(title)}</strong>"
            if desc:
                practice += f" {_e(desc)}"
            refs = []
            if chapter:
                refs.append(_e(tx["chapter"].format(chapter=chapter)))
            if tool:
                refs.append(_e(tx["tool"].format(tool=tool)))
            if row.practice == OTHER:
                refs.append(_e(tx["own_practice"]) + ".")
            if refs:
                practice += f'<br><span class="lm-plan-ref">{" ".join(refs)}</span>'
        else:
            practice = _field("")
        milestone = _field(row.milestone) + "<br>" + (
            _e(tx["by"].format(date=format_date(row.milestone_date))) if row.milestone_date.strip()
            else _e(tx["by"].format(date="")) + '<span class="lm-blank lm-blank-short"></span>')
        out.append(f"<tr><td>{n}</td><td>{dim}</td><td>{practice}</td><td>{_field(row.owner)}</td>"
                   f"<td>{milestone}</td><td>{_field(row.indicator)}</td></tr>")
    out.append("</tbody></table>")
    out.append(f'<p class="lm-plan-dates"><strong>{_e(tx["review"])}:</strong> {_field(format_date(plan.review_date))}'
               f'<br><strong>{_e(tx["next_wave"])}:</strong> {_field(format_date(plan.next_wave))}</p>')
    problems = plan_problems(plan, instrument)
    if problems and plan.chosen():
        out.append(f'<div class="lm-plan-notes"><h3>{_e(tx["notes_title"])}</h3><ul>'
                   + "".join(f"<li>{_e(p)}</li>" for p in problems) + "</ul></div>")
    out.append(f'<p class="lm-plan-foot">{_e(tx["footer"])}</p></div>')
    return "".join(out)


DOCUMENT_CSS = (
    "@page{size:A4;margin:14mm}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:10pt;line-height:1.35;"
    "color:#111;max-width:60rem;margin:1rem auto;padding:0 1rem}"
    "h2{font-size:15pt;margin:0 0 .4rem}h3{font-size:11pt;margin:.6rem 0 .2rem}"
    "table{border-collapse:collapse;width:100%;margin:.4rem 0}caption{text-align:left;font-weight:bold;padding:.2rem 0}"
    "th,td{border:1px solid #444;padding:.25rem .35rem;vertical-align:top;text-align:left}"
    "th{background:#eee}.lm-plan-ref,.lm-plan-score{font-size:9pt;font-style:italic}"
    ".lm-blank{display:inline-block;min-width:9rem;border-bottom:1px solid #444;height:1.1em}"
    ".lm-blank-short{min-width:5rem}td .lm-blank{display:block;min-width:0;width:100%}"
    ".lm-plan-foot{font-size:8.5pt;color:#333}"
    "@media print{body{margin:0;padding:0;max-width:none}}"
)


def plan_document(plan: Plan, practices: Practices | None = None, instrument: Instrument | None = None) -> str:
    """The plan as a self-contained HTML document (no scripts, no outside files) that prints on A4."""
    title = TEXTS["document_title"] + (f": {plan.team.strip()}" if plan.team.strip() else "")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{DOCUMENT_CSS}</style></head><body>"
            + plan_body_html(plan, practices, instrument) + "</body></html>\n")


def save_plan(plan: Plan, path: str | Path, practices: Practices | None = None,
              instrument: Instrument | None = None) -> Path:
    """Write the plan as ``.csv``, ``.html``/``.htm`` (readable document) or ``.json`` (to load again)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(plan_csv(plan, practices, instrument).encode("utf-8"))
    elif suffix in (".html", ".htm"):
        path.write_text(plan_document(plan, practices, instrument), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(json.dumps({"version": 1, "plan": plan.to_dict()}, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    else:
        raise PlannerError(f"{path.name}: choose a file name ending in .csv, .html or .json.")
    return path


def load_plan(path: str | Path) -> Plan:
    """A plan saved with :func:`save_plan` as ``.json``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as err:
        raise PlannerError(f"{path.name}: cannot be read as a saved plan ({err}).") from err
    if not isinstance(data, Mapping) or "plan" not in data:
        raise PlannerError(f"{path.name}: expected an object with a 'plan' field (saved with save_plan).")
    return Plan.from_dict(data["plan"])


# ------------------------------------------------------------------------------------------- the browser


def instrument_for_scoring(instrument: Instrument) -> dict:
    """What ``LMSelfScore.scoreAnswers`` needs: scale, items (id, reverse), dimensions (items, min_answered)
    and blocks, plus the labels the planner shows."""
    return {
        "id": instrument.id,
        "version": instrument.version,
        "scale": [{"value": int(v)} for v in instrument.scale["value"]],
        "items": [{"id": r.item_id, "reverse": bool(r.reverse)} for r in instrument.items.itertuples(index=False)],
        "dimensions": [{"id": d, "label": instrument.label(d), "items": instrument.items_of(d),
                        "min_answered": instrument.min_answered(d)} for d in instrument.dimension_ids],
        "blocks": [{"id": b, "dimensions": instrument.dimensions_of(b)} for b in instrument.block_ids],
    }


def self_assessment_key(instrument: Instrument) -> str:
    """The ``localStorage`` key under which ``selfscore.js`` keeps the self-assessment's answers."""
    return f"{SELF_ASSESSMENT_PREFIX}{instrument.id}:{instrument.version}"


def _relative(target: str, page: str) -> str:
    import posixpath

    return posixpath.relpath(target, posixpath.dirname(page)) + ".html"


def planner_spec(instrument: Instrument | None = None, practices: Practices | None = None,
                 page: str = PAGE, root: Path | None = None, links: bool = True) -> dict:
    """Everything ``planner.js`` needs, as JSON data. Links to chapters and tools are given only for pages that
    exist in this book (relative to ``page``), and not at all when ``links`` is false (the shared test vectors,
    which must not change when chapters are added)."""
    instrument = instrument or load_instrument()
    practices = practices or load_practices(instrument=instrument)
    root = book_root() if root is None else root

    def url(doc: str | None) -> str | None:
        return _relative(doc, page) if links and doc and page_exists(doc, root) else None

    return {
        "storage_key": STORAGE_KEY,
        "self_assessment_key": self_assessment_key(instrument),
        "self_assessment_url": url("book/self_assessment"),
        "priorities": PRIORITIES,
        "min_priorities": MIN_PRIORITIES,
        "min_group_size": MIN_GROUP_SIZE,
        "instrument": instrument_for_scoring(instrument),
        "practices": {d: [{"id": p.id, "title": p.title, "description": p.description,
                           "chapter": practices.chapters[p.chapter], "chapter_url": url(p.chapter),
                           "tool": practices.tools.get(p.tool) if p.tool else None, "tool_url": url(p.tool),
                           "indicator": p.indicator} for p in ps]
                      for d, ps in practices.by_dimension.items()},
        "columns": list(CSV_COLUMNS),
        "texts": TEXTS,
        "document_css": DOCUMENT_CSS,
    }


def _input(uid: str, name: str, label: str, kind: str = "text", hint: str = "") -> str:
    hint_id = f"{uid}-{name}-hint"
    described = f' aria-describedby="{hint_id}"' if hint else ""
    return (f'<p class="lm-field"><label for="{uid}-{name}">{_e(label)}</label> '
            f'<input type="{kind}" id="{uid}-{name}" name="{name}"{described}>'
            + (f' <span class="lm-hint" id="{hint_id}">{_e(hint)}</span>' if hint else "") + "</p>")


def static_html(instrument: Instrument | None = None, practices: Practices | None = None, page: str = PAGE) -> str:
    """The planner as a plain HTML form for the static site; ``planner.js`` makes it work without a kernel.

    Without JavaScript (or in the printed book) the page shows a note and a blank plan to fill in by hand.
    """
    instrument = instrument or load_instrument()
    practices = practices or load_practices(instrument=instrument)
    spec = planner_spec(instrument, practices, page)
    from learnorg.display import json_script

    uid = "lm-planner"
    dims = "".join(f'<option value="{_e(d)}">{_e(instrument.label(d))}</option>' for d in instrument.dimension_ids)
    parts = [f'<div class="lm-planner" data-lm-planner="planner" id="{uid}" lang="en">',
             json_script(spec, "lm-planner-data"),
             '<div class="lm-nojs"><p><strong>The action planner needs JavaScript.</strong> It works in your '
             "browser, offline, and sends nothing anywhere. Without JavaScript, print this page: the blank plan "
             "below is a paper form your team can fill in by hand.</p></div>",
             f'<div class="lm-planner-ui screen-only" hidden>',
             f'<section class="lm-planner-start" aria-labelledby="{uid}-start-h">',
             f'<h3 id="{uid}-start-h">1. Start from your results</h3>',
             "<p>The planner suggests your weakest dimensions and, for each, practices from the chapters of this "
             "course. Your answers and your plan stay in this browser.</p>",
             '<p><button type="button" class="lm-button" data-action="use-self-assessment">'
             "Use my self-assessment answers</button> "
             '<span class="lm-hint">(the answers you gave on the self-assessment page of this site, in this '
             "browser)</span></p>",
             f'<p class="lm-field"><label for="{uid}-file">Or load a scores file (CSV written by '
             "<code>python -m learnorg score … --out-scores</code>):</label> "
             f'<input type="file" id="{uid}-file" accept=".csv,text/csv" data-action="load-scores"></p>',
             f'<div class="lm-planner-ranking" id="{uid}-ranking"></div>',
             "</section>",
             f'<form class="lm-planner-form" novalidate aria-labelledby="{uid}-form-h">',
             f'<h3 id="{uid}-form-h">2. Write the plan</h3>',
             "<fieldset><legend>Your team</legend>",
             _input(uid, "team", "Team or unit"),
             _input(uid, "start", "The plan starts on", "date"),
             "</fieldset>"]
    for n in range(1, PRIORITIES + 1):
        p = f"p{n}"
        parts += [f'<fieldset class="lm-priority" data-priority="{n}"><legend>Priority {n}'
                  + (" (optional)" if n > MIN_PRIORITIES else "") + "</legend>",
                  f'<p class="lm-field"><label for="{uid}-{p}-dimension">Dimension to strengthen</label> '
                  f'<select id="{uid}-{p}-dimension" name="{p}-dimension"><option value="">{_e(TEXTS["none"])}'
                  f"</option>{dims}</select></p>",
                  f'<div class="lm-practice-row" hidden><p class="lm-field"><label for="{uid}-{p}-practice">'
                  f'Practice</label> <select id="{uid}-{p}-practice" name="{p}-practice" '
                  f'aria-describedby="{uid}-{p}-about"></select></p>'
                  f'<div class="lm-practice-about" id="{uid}-{p}-about"></div>'
                  f'<div class="lm-own-row" hidden>{_input(uid, f"{p}-own_practice", "Describe your practice")}</div>'
                  "</div>",
                  _input(uid, f"{p}-owner", "Owner", hint="a named person, not a unit"),
                  _input(uid, f"{p}-milestone", "First milestone", hint="something visible, within three months"),
                  _input(uid, f"{p}-milestone_date", "Date of the first milestone", "date"),
                  _input(uid, f"{p}-indicator", "Indicator", hint="how you will know it is happening"),
                  "</fieldset>"]
    parts += ["<fieldset><legend>Review and the next survey wave</legend>",
              _input(uid, "review_date", "Review the plan on", "date"),
              _input(uid, "next_wave", "Next survey wave", "date"),
              "</fieldset></form>",
              f'<section class="lm-planner-finish" aria-labelledby="{uid}-finish-h">',
              f'<h3 id="{uid}-finish-h">3. Check, print and save</h3>',
              f'<div class="lm-planner-notes" id="{uid}-notes"></div>',
              '<p class="lm-planner-buttons">'
              '<button type="button" class="lm-button" data-action="print">Print the plan</button> '
              '<button type="button" class="lm-button" data-action="download-csv">Download the plan (CSV)</button> '
              '<button type="button" class="lm-button" data-action="download-html">Download the plan (document)'
              "</button> "
              '<button type="button" class="lm-button" data-action="clear">Clear the plan</button></p>',
              f'<div class="lm-planner-confirm" hidden role="group" aria-labelledby="{uid}-confirm-q">'
              f'<p id="{uid}-confirm-q">Clear every field of the plan in this browser? This cannot be undone; '
              "download the plan first if you want to keep it.</p>"
              '<button type="button" class="lm-button" data-action="confirm-clear">Yes, clear the plan</button> '
              '<button type="button" class="lm-button" data-action="cancel-clear">No, keep it</button></div>',
              '<p class="lm-planner-status" role="status" aria-live="polite"></p>',
              "</section></div>",
              f'<section class="lm-plan-doc" aria-label="Your plan as it prints">',
              '<p class="lm-plan-preview-note screen-only">Preview: this is what prints and what the document '
              "download contains.</p>",
              plan_body_html(Plan(), practices, instrument),
              '<p class="print-only lm-plan-printnote">Keep this sheet with the minutes of the meeting that agreed '
              "it, and bring it to the review.</p>",
              "</section></div>"]
    return "".join(parts)


# ------------------------------------------------------------------------------------------- Jupyter


class PlannerWidget:
    """The ipywidgets form: the same fields, practices and outputs as the web page."""

    def __init__(self, instrument: Instrument | None = None, practices: Practices | None = None):
        import ipywidgets as w

        self.instrument = instrument or load_instrument()
        self.practices = practices or load_practices(instrument=self.instrument)
        self.scores: dict[str, float] = {}
        self.source = ""
        self._hold = False
        wide = {"description_width": "14em"}
        layout = w.Layout(width="95%")
        dim_options = [(TEXTS["none"], "")] + [(self.instrument.label(d), d) for d in self.instrument.dimension_ids]
        self.results_path = w.Text(description="Results file", placeholder="my_scores.csv or my_self_assessment.csv",
                                   style=wide, layout=layout)
        self.load_button = w.Button(description="Suggest priorities", icon="lightbulb-o",
                                    tooltip="Read the file and suggest the weakest dimensions")
        self.load_button.on_click(lambda _: self._guard(lambda: self.load_results(self.results_path.value)))
        self.ranking = w.HTML()
        self.team = w.Text(description="Team or unit", style=wide, layout=layout)
        self.start = w.DatePicker(description="The plan starts on", style=wide)
        self.rows: list[dict[str, Any]] = []
        boxes = []
        for n in range(1, PRIORITIES + 1):
            row = {
                "dimension": w.Dropdown(options=dim_options, value="", description="Dimension", style=wide,
                                        layout=layout),
                "practice": w.Dropdown(options=[], description="Practice", style=wide, layout=layout),
                "about": w.HTML(),
                "own_practice": w.Text(description="Describe your practice", style=wide, layout=layout),
                "owner": w.Text(description="Owner", placeholder="a named person", style=wide, layout=layout),
                "milestone": w.Text(description="First milestone", style=wide, layout=layout),
                "milestone_date": w.DatePicker(description="Date of the milestone", style=wide),
                "indicator": w.Text(description="Indicator", style=wide, layout=layout),
            }
            row["own_practice"].layout.display = "none"
            row["practice"].layout.display = "none"
            row["dimension"].observe(lambda ch, n=n: self._dimension_changed(n), names="value")
            row["practice"].observe(lambda ch, n=n: self._practice_changed(n, ch["old"]), names="value")
            for key in ("own_practice", "owner", "milestone", "milestone_date", "indicator"):
                row[key].observe(lambda _ch: self._update(), names="value")
            self.rows.append(row)
            title = f"Priority {n}" + (" (optional)" if n > MIN_PRIORITIES else "")
            boxes.append(w.VBox([w.HTML(f"<h4>{_e(title)}</h4>"), row["dimension"], row["practice"], row["about"],
                                 row["own_practice"], row["owner"], row["milestone"], row["milestone_date"],
                                 row["indicator"]]))
        self.review_date = w.DatePicker(description="Review the plan on", style=wide)
        self.next_wave = w.DatePicker(description="Next survey wave", style=wide)
        for widget in (self.team, self.start, self.review_date, self.next_wave):
            widget.observe(lambda _ch: self._update(), names="value")
        self.filename = w.Text(value="our_learning_agenda", description="File name (no ending)", style=wide)
        self.csv_button = w.Button(description="Save CSV", icon="table")
        self.html_button = w.Button(description="Save document (HTML)", icon="file-text-o")
        self.clear_button = w.Button(description="Clear the plan", icon="trash")
        self.confirm_button = w.Button(description="Yes, clear the plan", button_style="danger")
        self.cancel_button = w.Button(description="No, keep it")
        self.confirm_box = w.HBox([w.Label("Clear every field of the plan?"), self.confirm_button, self.cancel_button])
        self.confirm_box.layout.display = "none"
        self.csv_button.on_click(lambda _: self._guard(lambda: self._save(".csv")))
        self.html_button.on_click(lambda _: self._guard(lambda: self._save(".html")))
        self.clear_button.on_click(lambda _: self._ask_clear())
        self.confirm_button.on_click(lambda _: self.clear())
        self.cancel_button.on_click(lambda _: self._cancel_clear())
        self.status = w.HTML()
        self.notes = w.HTML()
        self.preview = w.HTML()
        self.view = w.VBox([
            w.HTML("<h3>1. Start from your results</h3><p>Give the file your self-assessment saved "
                   "(<code>my_self_assessment.csv</code>) or a scores file written by <code>python -m learnorg "
                   "score … --out-scores</code>.</p>"),
            w.HBox([self.results_path, self.load_button]), self.ranking,
            w.HTML("<h3>2. Write the plan</h3>"), self.team, self.start, *boxes, self.review_date, self.next_wave,
            w.HTML("<h3>3. Check and save</h3>"), self.notes,
            w.HBox([self.filename, self.csv_button, self.html_button, self.clear_button]), self.confirm_box,
            self.status, w.HTML("<h3>Preview</h3>"), self.preview,
        ])
        self._update()

    # -- reading and writing the plan

    @property
    def plan(self) -> Plan:
        """The plan as the form shows it."""
        def date(widget) -> str:
            return widget.value.isoformat() if widget.value else ""

        priorities = []
        for row in self.rows:
            priorities.append(Priority(
                dimension=row["dimension"].value or "", practice=row["practice"].value or "",
                own_practice=row["own_practice"].value, owner=row["owner"].value, milestone=row["milestone"].value,
                milestone_date=date(row["milestone_date"]), indicator=row["indicator"].value))
        return Plan(team=self.team.value, start=date(self.start), source=self.source, scores=dict(self.scores),
                    priorities=priorities, review_date=date(self.review_date), next_wave=date(self.next_wave))

    def set_plan(self, plan: Plan) -> None:
        """Show ``plan`` in the form."""
        def date(text: str):
            return _dt.date.fromisoformat(text) if ISO_DATE.match(text or "") else None

        self._hold = True
        try:
            self.scores, self.source = dict(plan.scores), plan.source
            self.team.value, self.start.value = plan.team, date(plan.start)
            for row, p in zip(self.rows, plan.priorities):
                row["dimension"].value = p.dimension if p.dimension in self.instrument.dimension_ids else ""
                self._fill_practices(row, p.dimension)
                options = [v for _label, v in row["practice"].options]
                row["practice"].value = p.practice if p.practice in options else (options[0] if options else None)
                row["own_practice"].value, row["owner"].value = p.own_practice, p.owner
                row["milestone"].value, row["milestone_date"].value = p.milestone, date(p.milestone_date)
                row["indicator"].value = p.indicator
            self.review_date.value, self.next_wave.value = date(plan.review_date), date(plan.next_wave)
        finally:
            self._hold = False
        self._update()

    def load_results(self, path: str | Path) -> None:
        """Read a self-assessment answers file or a scores file and suggest the weakest dimensions."""
        path = Path(path)
        head = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns if path.suffix.lower() == ".csv" else []
        items = [c for c in head if c in self.instrument.item_ids]
        if items:
            frame = pd.read_csv(path, encoding="utf-8-sig")
            if len(frame) != 1:
                raise PlannerError(f"{path.name}: an answers file holds one respondent; found {len(frame)} rows. "
                                   "Score a team's survey with 'python -m learnorg score' and load the scores file.")
            answers = {i: (None if pd.isna(frame.loc[0, i]) else int(frame.loc[0, i])) for i in items}
            plan = plan_from_answers(answers, self.instrument)
            ranked = rank_dimensions(plan.scores, self.instrument)
        else:
            plan = plan_from_scores(path, self.instrument)
            ranked = rank_dimensions(summarise_scores(read_scores(path, self.instrument), self.instrument),
                                     self.instrument)
        current = self.plan
        plan.team, plan.start = current.team, current.start
        plan.review_date, plan.next_wave = current.review_date, current.next_wave
        for new, old in zip(plan.priorities, current.priorities):
            new.owner, new.milestone, new.milestone_date = old.owner, old.milestone, old.milestone_date
        self.set_plan(plan)
        self.ranking.value = ranking_html(ranked)
        self._say(f"Read {_e(path.name)}: the {len(plan.chosen())} weakest dimensions are suggested below. "
                  "Change them if your team sees it differently.")

    def clear(self) -> None:
        """Empty every field (after confirmation in the form)."""
        self.set_plan(Plan())
        self.ranking.value = ""
        self.confirm_box.layout.display = "none"
        self._say("The plan was cleared.")

    # -- internals

    def _fill_practices(self, row: dict, dimension: str) -> None:
        options = [(p.title, p.id) for p in self.practices.of(dimension)]
        if dimension:
            options.append((TEXTS["other_option"], OTHER))
        row["practice"].options = options
        row["practice"].layout.display = "" if dimension else "none"

    def _dimension_changed(self, n: int) -> None:
        if self._hold:
            return
        row = self.rows[n - 1]
        self._hold = True
        try:
            self._fill_practices(row, row["dimension"].value)
            options = [v for _l, v in row["practice"].options]
            row["practice"].value = options[0] if options else None
            first = self.practices.get(row["practice"].value or "")
            row["indicator"].value = first.indicator if first else ""
        finally:
            self._hold = False
        self._update()

    def _practice_changed(self, n: int, old: str | None) -> None:
        if self._hold:
            return
        row = self.rows[n - 1]
        before = self.practices.get(old or "")
        now = self.practices.get(row["practice"].value or "")
        if now and (not row["indicator"].value.strip() or (before and row["indicator"].value == before.indicator)):
            self._hold = True
            row["indicator"].value = now.indicator
            self._hold = False
        self._update()

    def _ask_clear(self) -> None:
        self.confirm_box.layout.display = ""
        self._say("Clear the plan? Choose <em>Yes, clear the plan</em> or <em>No, keep it</em>.")

    def _cancel_clear(self) -> None:
        self.confirm_box.layout.display = "none"
        self._say("The plan was kept.")

    def _save(self, suffix: str) -> Path:
        name = (self.filename.value or "our_learning_agenda").strip()
        path = save_plan(self.plan, Path(name).with_suffix(suffix), self.practices, self.instrument)
        self._say(f"Saved <code>{_e(str(path))}</code>.")
        return path

    def _say(self, html: str) -> None:
        self.status.value = f"<p>{html}</p>"

    def _guard(self, action) -> None:
        try:
            action()
        except (OSError, ValueError, KeyError) as err:
            self.status.value = f"<p><strong>Problem:</strong> {_e(str(err))}</p>"

    def _update(self) -> None:
        if self._hold:
            return
        plan = self.plan
        for row, p in zip(self.rows, plan.priorities):
            row["own_practice"].layout.display = "" if p.practice == OTHER else "none"
            practice = self.practices.get(p.practice)
            row["about"].value = (f"<p><em>{_e(practice.description)}</em></p>" if practice else "")
        problems = plan_problems(plan, self.instrument)
        self.notes.value = ("<p>The plan is complete.</p>" if not problems else
                            "<p>Still to settle:</p><ul>" + "".join(f"<li>{_e(x)}</li>" for x in problems) + "</ul>")
        self.preview.value = plan_body_html(plan, self.practices, self.instrument)


def ranking_html(ranked: pd.DataFrame) -> str:
    """A small table of the ranking (weakest first), marking the suggested and the borderline dimensions."""
    rows = []
    for r in ranked.itertuples(index=False):
        interval = ("" if pd.isna(r.ci_low) else f"{format_score(r.ci_low)} to {format_score(r.ci_high)}")
        mark = "★ suggested" if r.suggested else ("☆ also within reach" if r.candidate else "")
        n = "" if pd.isna(r.n) else f"{int(r.n):,}"
        rows.append(f"<tr><td>{r.rank}</td><td>{_e(r.label)}</td><td>{format_score(r.mean)}</td><td>{interval}</td>"
                    f"<td>{n}</td><td>{mark}</td></tr>")
    return ('<table><caption>Your dimensions, weakest first</caption><thead><tr><th scope="col">Rank</th>'
            '<th scope="col">Dimension</th><th scope="col">Score</th><th scope="col">95% interval</th>'
            '<th scope="col">Respondents</th><th scope="col">Suggested?</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


class ActionPlanner:
    """The action planner for a notebook cell: ipywidgets in Jupyter, the HTML form on the static site."""

    def __init__(self, instrument: Instrument | None = None, practices: Practices | None = None, page: str = PAGE):
        self.instrument = instrument or load_instrument()
        self.practices = practices or load_practices(instrument=self.instrument)
        self.page = page
        self._widget: PlannerWidget | None = None

    @property
    def widget(self) -> PlannerWidget:
        if self._widget is None:
            self._widget = PlannerWidget(self.instrument, self.practices)
        return self._widget

    def html(self) -> str:
        return static_html(self.instrument, self.practices, self.page)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget.view._repr_mimebundle_() or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = "Action planner: from your self-assessment to a 12-month learning agenda"
        return bundle


def action_planner(page: str = PAGE) -> ActionPlanner:
    """The action planner of the shipped instrument and practices (``page`` is where the site shows it)."""
    return ActionPlanner(page=page)


# ------------------------------------------------------------------------------------------- test vectors


def _scores_csv_text(frame: pd.DataFrame) -> str:
    """Scores as ``python -m learnorg score --out-scores`` writes them."""
    out = io.StringIO()
    frame.to_csv(out, index=False, float_format="%.2f", na_rep="")
    return out.getvalue()


def make_vectors(instrument: Instrument | None = None, practices: Practices | None = None) -> dict:
    """Inputs and the outputs this module gives for them, for checking ``planner.js`` in Node."""
    from learnorg.synthetic import example_path

    instrument = instrument or load_instrument()
    practices = practices or load_practices(instrument=instrument)
    items = instrument.item_ids
    rng = np.random.default_rng(2018)
    answer_cases = [("all midpoint (every dimension ties)", {i: 4 for i in items}),
                    ("nothing answered", {})]
    for n in range(6):
        missing = [0.0, 0.2, 0.5][n % 3]
        values = rng.integers(1, 8, size=len(items))
        keep = rng.random(len(items)) >= missing
        answer_cases.append((f"random {n + 1} (about {missing:.0%} missing)",
                             {i: int(v) for i, v, k in zip(items, values, keep) if k}))
    answers_out = []
    for name, answers in answer_cases:
        full = {i: answers.get(i) for i in items}
        scores = scores_from_answers(full, instrument)
        answers_out.append({"name": name, "answers": full, "scores": scores,
                            "ranking": rank_means(scores, instrument),
                            "plan": suggest_plan(scores, practices, instrument,
                                                 source=plan_from_answers(full, instrument).source).to_dict()})
    survey = pd.read_csv(example_path(), dtype={"wave": str})
    scores = pd.concat([survey[["respondent_id", "unit", "role", "wave"]],
                        score_respondents(survey[items].astype(float), instrument)], axis=1)
    csv_cases = [("synthetic example, all respondents", _scores_csv_text(scores))]
    for unit in sorted(scores["unit"].unique())[:3]:
        part = scores[(scores["unit"] == unit) & (scores["wave"] == "2")]
        csv_cases.append((f"synthetic example, {unit}, wave 2", _scores_csv_text(part)))
    csv_cases.append(("hand-made: quoted unit with a comma, blanks, a missing dimension column",
                      '\ufeffrespondent_id,unit,problem_solving,experimentation\r\n'
                      'a,"Unit, North",50.00,\r\nb,"Unit, North",41.67,25\r\nc,"Unit ""X""",,12.5\r\n'))
    csv_out = []
    for name, text in csv_cases:
        parsed = parse_scores_csv(text, instrument)
        csv_out.append({"name": name, "text": text, "means": parsed["means"], "counts": parsed["counts"],
                        "rows": parsed["rows"], "ranking": rank_means(parsed["means"], instrument)})
    errors = [{"text": "respondent_id,unit\na,b\n", "error": "no dimension columns"},
              {"text": "respondent_id,problem_solving\na,abc\n", "error": "row 2, column 'problem_solving'"},
              {"text": "respondent_id,problem_solving\na,130\n", "error": "expected a score from 0 to 100"}]
    first = answers_out[2]["plan"]
    full = Plan.from_dict(first)
    full.team, full.start, full.review_date, full.next_wave = "District health team, Nord", "2026-10-01", "2027-04-15", "2027-10-01"
    for n, row in enumerate(full.priorities, start=1):
        row.owner, row.milestone, row.milestone_date = f"Owner {n}", f"Milestone {n} agreed", f"2026-12-0{n}"
    tricky = Plan.from_dict(full.to_dict())
    tricky.team = 'Équipe "Santé" <Sud>, & co'
    tricky.priorities[0].practice, tricky.priorities[0].own_practice = OTHER, "Lunch-time reading club, monthly"
    tricky.priorities[1].owner = "Dr A. N'Diaye\nand deputy"
    tricky.priorities[2] = Priority(dimension=tricky.priorities[0].dimension, practice="")
    tricky.review_date = "2027-11-01"
    plans = [("empty plan", Plan()), ("suggested, nothing else filled in", Plan.from_dict(first)),
             ("complete plan", full), ("special characters, own practice, repeated dimension, late review", tricky),
             ("one priority, no dates", Plan(priorities=[Priority(dimension="incentives", practice="inc-appraisal")]))]
    plans_out = [{"name": name, "plan": plan.to_dict(), "problems": plan_problems(plan, instrument),
                  "csv": plan_csv(plan, practices, instrument), "body": plan_body_html(plan, practices, instrument),
                  "document": plan_document(plan, practices, instrument)} for name, plan in plans]
    scores_display = [0, 12.25, 12.35, 33.333333333333336, 62.45, 99.95, 100, None]
    return {
        "generated_by": "python -m learnorg.planner vectors tests/vectors/planner.json",
        "spec": planner_spec(instrument, practices, links=False),
        "answers": answers_out,
        "scores_csv": csv_out,
        "scores_csv_errors": errors,
        "plans": plans_out,
        "format_score": [{"value": v, "text": format_score(v)} for v in scores_display],
        "format_date": [{"value": v, "text": format_date(v)} for v in ("2026-09-30", "2027-01-01", "next week", "")],
    }


def vectors_text() -> str:
    return json.dumps(make_vectors(), indent=1, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnorg.planner",
                                     description="Check the practices data, make a plan from scores, or write the "
                                                 "test vectors of the browser planner.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/planner/practices.yaml")
    plan = sub.add_parser("plan", help="suggest a plan from a scores file (python -m learnorg score --out-scores)")
    plan.add_argument("scores", type=Path)
    plan.add_argument("--unit", help="only the rows of this unit")
    plan.add_argument("--wave", help="only the rows of this wave")
    plan.add_argument("--team", default="", help="team name printed on the plan")
    plan.add_argument("--priorities", type=int, default=PRIORITIES, choices=[2, 3], help="how many to suggest")
    plan.add_argument("--min-group-size", type=int, default=MIN_GROUP_SIZE,
                      help=f"fewest respondents a group needs before its means are used (default: {MIN_GROUP_SIZE})")
    plan.add_argument("--csv", type=Path, help="write the plan as CSV")
    plan.add_argument("--html", type=Path, help="write the plan as a readable document")
    plan.add_argument("--json", type=Path, help="write the plan as JSON (to edit and load again)")
    vec = sub.add_parser("vectors", help="write the shared test vectors for planner.js")
    vec.add_argument("path", type=Path)
    vec.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            practices = load_practices()
            total = sum(len(p) for p in practices.by_dimension.values())
            print(f"OK: {practices.source.name} has {total} practices for {len(practices.by_dimension)} dimensions.")
            return 0
        if args.command == "plan":
            result = plan_from_scores(args.scores, unit=args.unit, wave=args.wave, team=args.team, k=args.priorities,
                                      min_group_size=args.min_group_size)
            names = [f"{n}. {load_instrument().label(p.dimension)} ({format_score(result.scores.get(p.dimension))})"
                     for n, p in result.chosen()]
            print(f"Suggested priorities from {result.source}:\n  " + "\n  ".join(names))
            for target in (args.csv, args.html, args.json):
                if target is not None:
                    print(f"Wrote {save_plan(result, target)}")
            return 0
    except PlannerError as err:
        print(f"learnorg.planner: {err}", file=sys.stderr)
        return 2
    text = vectors_text()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.is_file() else ""
        if current != text:
            print(f"{args.path}: out of date; run python -m learnorg.planner vectors {args.path}")
            return 1
        print(f"{args.path}: up to date")
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
