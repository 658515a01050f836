"""Export the instrument as an XLSForm for KoboToolbox and ODK (phones and tablets, offline).

The form has three sheets, as the XLSForm standard wants: ``survey`` (an introduction note on
confidentiality, optional unit and role questions, one page per dimension, a closing note),
``choices`` (the 7-point scale with names ``1`` … ``7``, so exports with "XML values" give the
numbers the scorer reads directly) and ``settings`` (form id and version from ``instrument.yaml``).
Several languages give ``label::English (en)``-style columns and a ``default_language``.
:func:`convert_xlsform` turns the file into an XForm with pyxform and, optionally, runs ODK Validate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from learnorg.i18n import LANGUAGES, check_lang, t
from learnorg.instrument import Instrument, instrument_metadata, load_instrument
from learnorg.outputs import atomic_save, text_cell

SCALE_LIST = "agree"
UNIT_LIST = "units"
ROLE_LIST = "roles"
ROLES = ["manager", "technical", "data", "support", "other"]
GROUP_PREFIX = "grp_"
_CHOICE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


class XLSFormError(ValueError):
    """Bad input for the form (a unit-choices file); the message names file, row and column."""


def language_column(kind: str, lang: str) -> str:
    """XLSForm column for a translated text, e.g. ``label::Français (fr)``."""
    return f"{kind}::{LANGUAGES[check_lang(lang)]} ({lang})"


def group_name(dimension_id: str) -> str:
    """XML name of the group holding a dimension's items, e.g. ``grp_problem_solving``."""
    return f"{GROUP_PREFIX}{dimension_id}"


def read_unit_choices(path: str | Path, langs: list[str] | tuple[str, ...] = ("en",)) -> pd.DataFrame:
    """Read a units CSV with columns ``name,label`` (and ``label_fr`` …), checking every row.

    Names must be unique XML-safe codes (letters, digits, ``_``, ``-``, ``.``; no spaces). A missing
    ``label_xx`` column for a requested language falls back to ``label``.
    """
    path = Path(path)
    if not path.is_file():
        raise XLSFormError(f"{path}: file not found; expected a CSV with columns name,label[,label_fr].")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise XLSFormError(f"{path}: not valid UTF-8 text ({err.reason} at byte {err.start}); save it as CSV UTF-8.") from err
    from io import StringIO

    sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    frame = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in ("name", "label") if c not in frame.columns]
    if missing:
        raise XLSFormError(f"{path}, row 1: missing column(s) {', '.join(missing)}; expected name,label[,label_fr] "
                           f"(found {', '.join(frame.columns) or 'none'}).")
    frame = frame.apply(lambda col: col.str.strip())
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise XLSFormError(f"{path}: no units listed; expected one row per unit under the header name,label.")
    errors, seen = [], {}
    for i, row in frame.iterrows():
        where = f"{path}, row {i + 2}"
        if not _CHOICE_NAME.match(row["name"]):
            errors.append(f"{where}, column 'name': expected a short code of letters, digits, '_', '-' or '.', "
                          f"without spaces (for example district_nord), got {row['name']!r}.")
        elif row["name"] in seen:
            errors.append(f"{where}, column 'name': {row['name']!r} is already used in row {seen[row['name']]}.")
        else:
            seen[row["name"]] = i + 2
        if not row["label"]:
            errors.append(f"{where}, column 'label': expected the unit's name as respondents should see it.")
    if errors:
        raise XLSFormError("\n".join(errors))
    out = pd.DataFrame({"name": frame["name"]})
    for lang in langs:
        column = "label" if lang == "en" else f"label_{lang}"
        out[lang] = frame[column] if column in frame.columns else frame["label"]
        out.loc[out[lang] == "", lang] = frame["label"]
    return out.reset_index(drop=True)


def build_xlsform(
    instrument: Instrument | None = None,
    langs: list[str] | tuple[str, ...] = ("en",),
    units: pd.DataFrame | None = None,
    *,
    ask_unit_role: bool = True,
    min_group_size: int = 5,
) -> dict[str, pd.DataFrame]:
    """The three sheets of the XLSForm: ``{"survey": ..., "choices": ..., "settings": ...}``.

    ``units`` (from :func:`read_unit_choices`) makes the unit a select_one; without it the unit is free text.
    """
    instrument = instrument or load_instrument()
    langs = [check_lang(lang) for lang in langs]
    if not langs:
        raise ValueError("at least one language is needed")
    if len(set(langs)) != len(langs):
        raise ValueError(f"a language is listed twice: {', '.join(langs)}")
    versions = {lang: instrument.localized(lang) for lang in langs}
    meta = instrument_metadata(instrument)

    def texts(get) -> dict[str, str]:
        return {language_column("label", lang): get(lang) for lang in langs}

    def hints(get) -> dict[str, str]:
        return {language_column("hint", lang): get(lang) for lang in langs}

    def instructions(lang: str) -> str:
        key = "respondent_instructions" if lang == "en" else f"respondent_instructions_{lang}"
        intro = " ".join(str(meta.get(key) or "").split())
        return (intro + "\n\n" if intro else "") + t("confidentiality", lang, min_group_size=min_group_size)

    rows: list[dict[str, str]] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "note", "name": "intro", **texts(instructions)},
    ]
    if ask_unit_role:
        rows.append({"type": f"select_one {UNIT_LIST}" if units is not None else "text", "name": "unit",
                     "required": "yes", **texts(lambda lang: t("unit_question", lang)),
                     **hints(lambda lang: t("unit_hint", lang))})
        rows.append({"type": f"select_one {ROLE_LIST}", "name": "role",
                     **texts(lambda lang: t("role_question", lang))})
    for dim in instrument.dimension_ids:
        rows.append({"type": "begin_group", "name": group_name(dim), "appearance": "field-list",
                     **texts(lambda lang, d=dim: versions[lang].label(d))})
        for item in instrument.items_of(dim):
            rows.append({"type": f"select_one {SCALE_LIST}", "name": item,
                         **texts(lambda lang, i=item: versions[lang].text(i))})
        rows.append({"type": "end_group", "name": ""})
    rows.append({"type": "note", "name": "thanks", **texts(lambda lang: t("end_note", lang))})
    survey_columns = ["type", "name"] + [language_column("label", lang) for lang in langs] + \
                     [language_column("hint", lang) for lang in langs] + ["required", "appearance"]
    survey = pd.DataFrame([{c: row.get(c, "") for c in survey_columns} for row in rows], columns=survey_columns)

    choice_rows = []
    labels = {lang: instrument.scale_labels(lang) for lang in langs}
    for pos, value in enumerate(instrument.scale["value"]):
        choice_rows.append({"list_name": SCALE_LIST, "name": str(int(value)),
                            **{language_column("label", lang): labels[lang][pos] for lang in langs}})
    if ask_unit_role:
        if units is not None:
            for row in units.itertuples(index=False):
                choice_rows.append({"list_name": UNIT_LIST, "name": row.name,
                                    **{language_column("label", lang): getattr(row, lang) for lang in langs}})
        for role in ROLES:
            choice_rows.append({"list_name": ROLE_LIST, "name": role,
                                **texts(lambda lang, r=role: t(f"role_{r}", lang))})
    choices = pd.DataFrame(choice_rows, columns=["list_name", "name"] + [language_column("label", lang) for lang in langs])

    settings = pd.DataFrame([{
        "form_title": versions[langs[0]].title,
        "form_id": instrument.id,
        "version": instrument.version,
        "default_language": f"{LANGUAGES[langs[0]]} ({langs[0]})",
        "style": "pages",
    }])
    return {"survey": survey, "choices": choices, "settings": settings}


def write_xlsform(
    path: str | Path,
    instrument: Instrument | None = None,
    langs: list[str] | tuple[str, ...] = ("en",),
    unit_choices: str | Path | None = None,
    *,
    ask_unit_role: bool = True,
    min_group_size: int = 5,
) -> Path:
    """Write the XLSForm (.xlsx) and return its path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise XLSFormError(f"{path}: an XLSForm must be an .xlsx file; use a name ending in .xlsx.")
    units = read_unit_choices(unit_choices, langs) if unit_choices is not None else None
    sheets = build_xlsform(instrument, langs, units, ask_unit_role=ask_unit_role, min_group_size=min_group_size)
    book = sheets_workbook(sheets)
    return atomic_save(path, book.save)


def sheets_workbook(sheets: dict[str, pd.DataFrame]):
    """An openpyxl workbook of the sheets, every cell written as plain text (a label starting with '=' is a
    label, never a live formula)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        for c, header in enumerate(frame.columns, start=1):
            text_cell(sheet, 1, c, str(header))
        for r, row in enumerate(frame.itertuples(index=False), start=2):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    text_cell(sheet, r, c, str(value))
    return book


def convert_xlsform(path: str | Path, validate: bool = False) -> tuple[str, list[str]]:
    """Convert an XLSForm with pyxform: ``(XForm XML, warnings)``; ``validate=True`` also runs ODK Validate
    (needs Java). pyxform raises its own error, naming the problem, if the form is invalid."""
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings, validate=validate)
    return result.xform, warnings
