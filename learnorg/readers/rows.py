"""Which rows are respondents: ids, and submissions that the platform marks incomplete or rejected.

Rows that are not respondents are never scored: empty rows, header-like rows (a KoboToolbox HXL hashtag row,
a header row repeated where two exports were pasted together) and rows without any answered item (REDCap
writes one row per event of a longitudinal project). The summary says how many of each were left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from learnorg.answers import normalize_text

#: Headers (compared normalised) recognised as the respondent id, in order of preference.
ID_COLUMN_NAMES = ["respondent_id", "respondent", "record_id", "record id", "response id", "responseid", "id", "_uuid", "_id",
                   "instanceid", "meta/instanceid", "meta-instanceid", "key"]
#: Columns that, with the id, identify a row of a REDCap export (one row per record, event and repeat).
ID_QUALIFIERS = ["redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
                 "event name", "repeat instrument", "repeat instance"]  # raw and labelled exports


@dataclass(frozen=True)
class StatusRule:
    """A platform's marker of an incomplete or rejected submission."""

    platform: str
    kind: str  # "incomplete" or "rejected"
    matches_header: Callable[[str], bool]
    flagged: Callable[[str], bool]  # on the normalised cell
    describe: str
    where: str = "any"  # "after" the items (REDCap's form status), "before" them (its survey timestamp), or "any"


STATUS_RULES = [
    StatusRule("LimeSurvey", "incomplete", lambda h: h in ("submitdate", "date submitted"), lambda v: v == "",
               "no submission date (the response was not completed)"),
    StatusRule("REDCap", "incomplete", lambda h: h.endswith("_complete") or h == "complete",
               lambda v: v in ("0", "incomplete"), "form status 'Incomplete'", where="after"),
    StatusRule("REDCap", "incomplete", lambda h: h.endswith("_timestamp") or h == "survey timestamp",
               lambda v: v == "[not completed]", "survey timestamp '[not completed]'", where="before"),
    StatusRule("ODK Central", "rejected", lambda h: h == "reviewstate", lambda v: v == "rejected",
               "review state 'rejected'"),
    StatusRule("SurveyCTO", "rejected", lambda h: h == "review_status", lambda v: v == "rejected",
               "review status 'rejected'"),
    StatusRule("KoboToolbox", "rejected", lambda h: h == "_validation_status",
               lambda v: v in ("validation_status_not_approved", "not approved"), "validation status 'Not approved'"),
]


def find_id_column(extras: dict[int, str]) -> int | None:
    """Position of the first column whose header is a known respondent-id name."""
    by_name = {}
    for pos, header in extras.items():
        by_name.setdefault(normalize_text(header), pos)
    for candidate in ID_COLUMN_NAMES:
        if candidate in by_name:
            return by_name[candidate]
    return None


def qualifier_columns(extras: dict[int, str]) -> list[int]:
    return [pos for pos, header in extras.items() if normalize_text(header) in ID_QUALIFIERS]


@dataclass
class StatusFlags:
    """Rows flagged by one rule: which column, and a boolean mask over the rows."""

    rule: StatusRule
    column: str
    mask: np.ndarray


def status_flags(headers: dict[int, str], columns: dict[int, np.ndarray], item_positions: list[int],
                 names: dict[int, str] | None = None) -> list[StatusFlags]:
    """Every platform marker of incomplete or rejected submissions found among the non-item columns.

    ``headers`` are the non-item columns' headers as written (position -> header), ``names`` the names they
    are shown under (a repeated header gets a suffix). REDCap writes one form-status column per instrument
    (after its fields) and one survey timestamp (before them): only the ones nearest the item columns describe
    this survey.
    """
    extras, names = headers, names or headers
    first_item, last_item = min(item_positions), max(item_positions)
    found = []
    for rule in STATUS_RULES:
        candidates = [pos for pos, header in extras.items() if rule.matches_header(normalize_text(header))]
        if rule.where == "after":
            candidates = [min((p for p in candidates if p > last_item), default=None)]
        elif rule.where == "before":
            candidates = [max((p for p in candidates if p < first_item), default=None)]
        for pos in candidates:
            if pos is None:
                continue
            values = columns[pos]
            codes, uniques = _factorize(values)
            flagged = np.array([rule.flagged(normalize_text(u)) for u in uniques] + [False], dtype=bool)
            found.append(StatusFlags(rule, names[pos], flagged[codes]))
    return found


def _factorize(values: np.ndarray):
    import pandas as pd

    codes, uniques = pd.factorize(values)
    return codes, [str(u) for u in uniques]
