"""The self-assessment for one reader: an ipywidgets form in Jupyter, a plain HTML form on the static site.

Both score with the toolkit's rules (:func:`learnorg.scoring.score_respondents`); the browser uses a
JavaScript port in ``learnorg/web/selfscore.js``. Both speak every language the instrument is fully
translated into (English and French for the shipped one): instrument texts come from the instrument data,
the rest from :mod:`learnorg.i18n`, and the static form offers a language switch. Shared test vectors (answers -> expected scores) keep
the two in step: ``python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json``
writes them from this engine, and ``--check`` says whether a file is up to date.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from learnorg.display import json_script
from learnorg.i18n import LANGUAGES, check_lang, t
from learnorg.instrument import (Instrument, InstrumentError, check_language, instrument_metadata, load_instrument,
                                 profile_rows)
from learnorg.paper import scoring_grid_html
from learnorg.scoring import reference_values, score_respondents

RESPONDENT_ID = "me"
PRIVACY = t("sa_privacy")
LANGUAGE_LABEL = "Langue / Language"
#: Messages of the browser form (catalogue keys without their ``sa_`` prefix), carried in the page's JSON.
UI_KEYS = ("privacy_title", "privacy", "scale", "progress", "count", "score", "download", "reset", "load",
           "results", "results_intro", "chart_caption", "table_caption", "col_measure", "col_kind", "col_score",
           "col_answered", "col_refs", "kind_block", "kind_dimension", "answered_of", "none", "not_scored",
           "decimal_mark", "list_separator", "status_scored", "status_downloaded", "status_cleared", "status_loaded",
           "status_load_failed", "status_no_storage", "csv_too_short", "csv_too_many", "csv_bad_cell",
           "csv_no_items")
HATCH = "repeating-linear-gradient(45deg,#555 0 3px,#fff 3px 6px)"


# ------------------------------------------------------------------------------------------- rules


def format_score(value: float | None, lang: str = "en") -> str:
    """A score for display: one decimal, halves rounded up (the same rule as ``formatScore`` in JS).

    In French the decimal mark is a comma, as in the browser form.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("sa_not_scored", lang)
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}".replace(".", t("sa_decimal_mark", lang))


# ------------------------------------------------------------------------------------------- languages


def require_language(instrument: Instrument, lang: str) -> None:
    """Raise a clear error unless the form can be shown in ``lang`` (catalogue and every instrument text)."""
    check_lang(lang)
    check_language(instrument, lang)
    meta = instrument_metadata(instrument)
    if lang != "en" and meta.get("respondent_instructions") and not meta.get(f"respondent_instructions_{lang}"):
        raise InstrumentError(f"{instrument.source / 'instrument.yaml'}: missing 'respondent_instructions_{lang}' "
                              f"beside 'respondent_instructions'; the form cannot be shown in {lang!r}.")


def form_languages(instrument: Instrument) -> list[str]:
    """Languages the form can be shown in: English, plus each one the instrument is fully translated into."""
    found = ["en"]
    for lang in instrument.languages:
        if lang == "en" or lang not in LANGUAGES:
            continue
        try:
            require_language(instrument, lang)
        except InstrumentError:
            continue
        found.append(lang)
    return found


def form_texts(instrument: Instrument, lang: str = "en") -> dict:
    """Every text the form shows, in ``lang``: instrument texts from its data, the rest from the catalogue."""
    require_language(instrument, lang)
    inst = instrument.localized(lang)
    meta = instrument_metadata(instrument)
    instructions = meta.get("respondent_instructions" if lang == "en" else f"respondent_instructions_{lang}") or ""
    return {
        "title": inst.title,
        "instructions": " ".join(str(instructions).split()),
        "scale": [str(label) for label in inst.scale["label"]],
        "items": dict(zip(inst.items["item_id"], inst.items["text"])),
        "labels": {m: inst.label(m) for m in [*inst.dimension_ids, *inst.block_ids]},
        "descriptions": {d: str(desc) for d, desc in zip(inst.dimensions["dimension_id"],
                                                         inst.dimensions["description"])},
        "ui": {key: t(f"sa_{key}", lang) for key in UI_KEYS},
    }


def _profile(instrument: Instrument) -> list[dict]:
    """Rows of the results, in display order; a block with one dimension is shown once, as that dimension."""
    return [{"measure": m, "kind": kind, "label": instrument.label(m), "aliases": aliases}
            for m, kind, aliases in profile_rows(instrument)]


def instrument_spec(instrument: Instrument | None = None) -> dict:
    """Everything the browser needs to show and score the instrument, as plain JSON data.

    ``languages`` lists the languages the form can switch between and ``i18n`` holds, for each, every text
    the form shows (:func:`form_texts`); the other fields are in English.
    """
    instrument = instrument or load_instrument()
    languages = form_languages(instrument)
    refs = reference_values(instrument)
    profile = _profile(instrument)
    for row in profile:
        matches = refs[refs["measure"].isin(row["aliases"])]
        row["references"] = [{"value": round(float(r.value), 4), "label": r.label}
                             for r in matches.itertuples(index=False)]
    return {
        "id": instrument.id,
        "version": instrument.version,
        "title": instrument.title,
        "scale": [{"value": int(v), "label": str(label)} for v, label in zip(instrument.scale["value"],
                                                                              instrument.scale["label"])],
        "items": [{"id": r.item_id, "dimension": r.dimension, "reverse": bool(r.reverse), "text": r.text}
                  for r in instrument.items.itertuples(index=False)],
        "dimensions": [{"id": d, "label": instrument.label(d), "block": b,
                        "description": desc, "items": instrument.items_of(d),
                        "min_answered": instrument.min_answered(d)}
                       for d, b, desc in zip(instrument.dimensions["dimension_id"], instrument.dimensions["block_id"],
                                             instrument.dimensions["description"])],
        "blocks": [{"id": b, "label": instrument.label(b), "dimensions": instrument.dimensions_of(b)}
                   for b in instrument.block_ids],
        "profile": profile,
        "languages": languages,
        "i18n": {lang: form_texts(instrument, lang) for lang in languages},
    }


def _clean(value) -> float | None:
    if value is None or value == "":
        return None
    value = float(value)
    return None if math.isnan(value) else value


def score_answers(answers: Mapping[str, Any], instrument: Instrument | None = None) -> dict[str, float | None]:
    """Dimension and block scores (0-100, None when missing) of one respondent, by the toolkit's engine."""
    instrument = instrument or load_instrument()
    unknown = sorted(set(answers) - set(instrument.item_ids))
    if unknown:
        raise KeyError(f"not items of the instrument: {', '.join(unknown)}")
    row = {item: _clean(answers.get(item)) for item in instrument.item_ids}
    frame = pd.DataFrame([row], columns=instrument.item_ids, dtype=float)
    scores = score_respondents(frame, instrument).iloc[0]
    return {m: (None if np.isnan(v) else float(v)) for m, v in scores.items()}


def answered_counts(answers: Mapping[str, Any], instrument: Instrument) -> dict[str, int]:
    """Answered items per dimension."""
    return {d: sum(_clean(answers.get(i)) is not None for i in instrument.items_of(d)) for d in instrument.dimension_ids}


# ------------------------------------------------------------------------------------------- files


def answers_csv(answers: Mapping[str, Any], instrument: Instrument, respondent_id: str = RESPONDENT_ID) -> str:
    """One-row CSV (respondent_id + one column per item) that ``python -m learnorg score`` accepts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["respondent_id", *instrument.item_ids])
    values = [_clean(answers.get(i)) for i in instrument.item_ids]
    writer.writerow([respondent_id, *("" if v is None else f"{v:g}" for v in values)])
    return out.getvalue()


def answers_json(answers: Mapping[str, Any], instrument: Instrument) -> str:
    """The answers as JSON, with the instrument they belong to."""
    data = {"instrument": instrument.id, "version": instrument.version,
            "answers": {i: (None if (v := _clean(answers.get(i))) is None else int(v)) for i in instrument.item_ids}}
    return json.dumps(data, indent=2)


def read_answers(path: str | Path, instrument: Instrument | None = None) -> dict[str, int | None]:
    """Answers of one respondent from a CSV (checked like any survey file) or from :func:`answers_json` output."""
    from learnorg.readers import read_survey

    instrument = instrument or load_instrument()
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as err:
            raise ValueError(f"{path.name}: cannot be read as JSON ({err}).") from err
        raw = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(raw, dict):
            raise ValueError(f"{path.name}: expected an object with an 'answers' mapping of item ids to 1-7 or null.")
        unknown = sorted(set(raw) - set(instrument.item_ids))
        if unknown:
            raise ValueError(f"{path.name}, field 'answers': not items of the instrument: {', '.join(unknown)}.")
        out = {}
        lo, hi = instrument.scale_min, instrument.scale_max
        for item in instrument.item_ids:
            value = raw.get(item)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or value != int(value) or not lo <= value <= hi):
                raise ValueError(f"{path.name}, field 'answers.{item}': expected a whole number from {lo} to {hi} "
                                 f"or null, got {value!r}.")
            out[item] = None if value is None else int(value)
        return out
    survey = read_survey(path, instrument)
    if len(survey.answers) != 1:
        raise ValueError(f"{path.name}: expected the answers of one respondent (one row), "
                         f"found {len(survey.answers)}.")
    row = survey.answers.iloc[0]
    return {i: (None if np.isnan(row[i]) else int(row[i])) for i in instrument.item_ids}


# ------------------------------------------------------------------------------------------- test vectors


def make_vectors(instrument: Instrument | None = None, seed: int = 2018) -> dict:
    """Answers -> expected scores from the Python engine, for checking the JavaScript port."""
    instrument = instrument or load_instrument()
    items = instrument.item_ids
    lo, hi = instrument.scale_min, instrument.scale_max
    cases: list[tuple[str, dict]] = [
        ("all lowest", {i: lo for i in items}),
        ("all highest", {i: hi for i in items}),
        ("all midpoint", {i: (lo + hi) // 2 for i in items}),
        ("nothing answered", {}),
        ("agree with everything (reverse items pull scores down)", {i: 6 for i in items}),
        ("reverse items only answered 1, others 7",
         {i: (lo if i in instrument.reverse_items else hi) for i in items}),
    ]
    for dim in instrument.dimension_ids:
        own = instrument.items_of(dim)
        need = instrument.min_answered(dim)
        base = {i: 5 for i in items if i not in own}
        cases.append((f"{dim}: exactly two-thirds answered ({need} of {len(own)})",
                      {**base, **{i: 1 + k % 7 for k, i in enumerate(own[:need])}}))
        cases.append((f"{dim}: one answer short of two-thirds ({need - 1} of {len(own)})",
                      {**base, **{i: 7 for i in own[: need - 1]}}))
    rng = np.random.default_rng(seed)
    for n in range(12):
        missing_share = [0.0, 0.1, 0.3, 0.5][n % 4]
        values = rng.integers(lo, hi + 1, size=len(items))
        keep = rng.random(len(items)) >= missing_share
        cases.append((f"random {n + 1} (seed {seed}, about {missing_share:.0%} missing)",
                      {i: int(v) for i, v, k in zip(items, values, keep) if k}))
    vectors = []
    for name, answers in cases:
        full = {i: answers.get(i) for i in items}
        scores = score_answers(full, instrument)
        vectors.append({"name": name, "answers": full, "scores": scores,
                        "display": {m: format_score(v) for m, v in scores.items()}})
    return {
        "generated_by": "python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json",
        "instrument": {"id": instrument.id, "version": instrument.version},
        "tolerance": 1e-9,
        "spec": instrument_spec(instrument),
        "cases": vectors,
    }


def vectors_text(instrument: Instrument | None = None) -> str:
    return json.dumps(make_vectors(instrument), indent=1, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------------- static HTML


def static_html(instrument: Instrument | None = None, lang: str = "en") -> str:
    """The self-assessment as a plain HTML form, in ``lang``; ``selfscore.js`` scores it in the browser.

    When the instrument is fully translated into more than one language, a language switch (hidden until
    the script runs) shows every text of the form in another language without touching the answers.
    """
    instrument = instrument or load_instrument()
    spec = instrument_spec(instrument)
    require_language(instrument, lang)
    tx = spec["i18n"][lang] if lang in spec["i18n"] else form_texts(instrument, lang)
    ui = tx["ui"]
    n_items = len(spec["items"])
    key = f"lm-sa-{instrument.id}"

    def text(name: str, tag: str = "span") -> str:
        """A catalogue message in an element the script can re-translate (``data-i18n``)."""
        return f'<{tag} data-i18n="{name}">{escape(ui[name])}</{tag}>'

    scale_text = ui["list_separator"].join(f"{s['value']} = {label}" for s, label in zip(spec["scale"], tx["scale"]))
    parts = [f'<div class="lm-sa" data-lm-selfscore="self-assessment" id="{escape(key)}" lang="{lang}">',
             json_script(spec, "lm-sa-data")]
    if len(spec["languages"]) > 1:
        options = "".join(f'<option value="{code}" lang="{code}"{" selected" if code == lang else ""}>'
                          f'{escape(LANGUAGES[code])}</option>' for code in spec["languages"])
        parts.append(f'<p class="lm-sa-lang screen-only" hidden><label for="{key}-lang"><span lang="fr">Langue</span>'
                     f' / <span lang="en">Language</span></label> '
                     f'<select id="{key}-lang" data-action="lang">{options}</select></p>')
    parts.append(f'<p class="lm-sa-privacy">{text("privacy_title", "strong")} {text("privacy")}</p>')
    parts.append(f'<p class="lm-nojs">{escape(t("sa_nojs", lang))}</p>')
    if tx["instructions"]:
        parts.append(f'<p class="lm-sa-instructions">{escape(tx["instructions"])}</p>')
    parts.append(f'<p class="lm-sa-scale">{escape(t("sa_scale", lang, scale=scale_text))}</p>')
    parts.append(f'<div class="lm-sa-progress screen-only" hidden><label for="lm-sa-progress">{text("progress")}'
                 f'</label> <progress id="lm-sa-progress" max="{n_items}" value="0"></progress> '
                 f'<span class="lm-sa-count">{escape(t("sa_count", lang, done=0, total=n_items))}</span></div>')
    parts.append('<form class="lm-sa-form" novalidate>')
    for dim in spec["dimensions"]:
        d = dim["id"]
        parts.append(f'<div class="lm-sa-dim" data-dimension="{escape(d)}">')
        parts.append(f'<h3 class="lm-sa-dim-title" id="{key}-{escape(d)}">{escape(tx["labels"][d])}</h3>')
        parts.append(f'<p class="lm-sa-dim-desc">{escape(tx["descriptions"][d])}</p>')
        for item_id in dim["items"]:
            parts.append(f'<fieldset class="lm-sa-item" data-item="{escape(item_id)}"><legend>'
                         f'<span class="lm-sa-item-id">{escape(item_id)}.</span> '
                         f'<span class="lm-sa-item-text">{escape(tx["items"][item_id])}</span></legend>'
                         '<div class="lm-sa-opts">')
            for s, label in zip(spec["scale"], tx["scale"]):
                oid = f"{key}-{item_id}-{s['value']}"
                parts.append(f'<span class="lm-sa-opt"><input type="radio" name="{escape(item_id)}" '
                             f'id="{escape(oid)}" value="{s["value"]}"><label for="{escape(oid)}">'
                             f'<span class="lm-sa-val">{s["value"]}</span> {escape(label)}</label></span>')
            parts.append("</div></fieldset>")
        parts.append("</div>")
    parts.append("</form>")
    # On paper (the PDF of the book, or a printed page) the form becomes a worksheet with a scoring grid.
    # The worksheets of the other languages wait in inert <template>s: never shown, never printed without
    # the script, which swaps them in when the language changes.
    parts.append(f'<div class="print-only lm-sa-worksheet" lang="{lang}">{scoring_grid_html(instrument, lang)}</div>')
    for code in spec["languages"]:
        if code != lang:
            parts.append(f'<template class="lm-sa-worksheet-text" data-lang="{code}">'
                         f'{scoring_grid_html(instrument, code)}</template>')
    parts.append(
        '<div class="lm-sa-tools screen-only" hidden>'
        f'<p><button type="button" class="lm-btn" data-action="score" data-i18n="score">{escape(ui["score"])}</button> '
        f'<button type="button" class="lm-btn" data-action="download" data-i18n="download">{escape(ui["download"])}'
        '</button> <button type="button" class="lm-btn lm-btn-secondary" data-action="reset" data-i18n="reset">'
        f'{escape(ui["reset"])}</button></p>'
        f'<p><label for="{key}-load" data-i18n="load">{escape(ui["load"])}</label> '
        f'<input type="file" id="{key}-load" accept=".csv,text/csv" data-action="load"></p>'
        '<p class="lm-sa-status" role="status" aria-live="polite"></p></div>')
    heads = "".join(f'<th scope="col">{text(c)}</th>'
                    for c in ("col_measure", "col_kind", "col_score", "col_answered", "col_refs"))
    parts.append(
        '<div class="lm-sa-results screen-only" hidden>'
        f'<h3 id="{key}-results" tabindex="-1" data-i18n="results">{escape(ui["results"])}</h3>'
        f'{text("results_intro", "p")}'
        '<figure class="lm-sa-chart"><div class="lm-sa-bars" aria-hidden="true"></div>'
        f'{text("chart_caption", "figcaption")}</figure>'
        f'<table class="lm-sa-table">{text("table_caption", "caption")}<thead><tr>{heads}</tr></thead>'
        '<tbody></tbody></table></div>')
    parts.append("</div>")
    return "\n".join(parts)


# ------------------------------------------------------------------------------------------- widgets


def results_html(spec: dict, scores: Mapping[str, float | None], answered: Mapping[str, int],
                 lang: str = "en") -> str:
    """Scores as labelled bars (blocks hatched) with reference markers, and the same values as a table."""
    dims = {d["id"]: d for d in spec["dimensions"]}
    blocks = {b["id"]: b for b in spec["blocks"]}
    labels = spec["i18n"][lang]["labels"] if lang in spec.get("i18n", {}) else {}
    bars, rows = [], []
    for row in spec["profile"]:
        m = row["measure"]
        label = labels.get(m, row["label"])
        value = scores.get(m)
        width = 0 if value is None else max(0.0, min(100.0, value))
        fill = HATCH if row["kind"] == "block" else "#bbb"
        marks = "".join(f'<span title="{escape(r["label"])}" style="position:absolute;left:{r["value"]:.1f}%;'
                        f'top:-2px;transform:translateX(-50%)">◆</span>' for r in row["references"])
        bars.append(
            f'<div style="display:flex;align-items:center;gap:0.5em;margin:2px 0">'
            f'<span style="width:16em">{"<strong>" if row["kind"] == "block" else ""}{escape(label)}'
            f'{"</strong>" if row["kind"] == "block" else ""}</span>'
            f'<span style="position:relative;display:inline-block;width:20em;height:1.1em;border:1px solid #333">'
            f'<span style="display:block;height:100%;width:{width:.1f}%;background:{fill}"></span>{marks}</span>'
            f'<span>{format_score(value, lang)}</span></div>')
        members = blocks[m]["dimensions"] if row["kind"] == "block" else [m]
        count, total = sum(answered[d] for d in members), sum(len(dims[d]["items"]) for d in members)
        refs = t("sa_list_separator", lang).join(f'{escape(r["label"])}: {format_score(r["value"], lang)}'
                         for r in row["references"]) or t("sa_none", lang)
        rows.append(f"<tr><td>{escape(label)}</td><td>{escape(t('sa_kind_' + row['kind'], lang))}</td>"
                    f"<td>{format_score(value, lang)}</td>"
                    f"<td>{escape(t('sa_answered_of', lang, answered=count, total=total))}</td><td>{refs}</td></tr>")
    heads = "".join(f"<th>{escape(t('sa_' + c, lang))}</th>"
                    for c in ("col_measure", "col_kind", "col_score", "col_answered", "col_refs"))
    return ("<div>" + "".join(bars) + f"<p><small>{escape(t('sa_widget_legend', lang))}</small></p></div>"
            f"<table><caption>{escape(t('sa_results', lang))}</caption><thead><tr>{heads}</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


class SelfAssessmentWidget:
    """The ipywidgets form: one page per dimension, progress, live scores and chart, save/load, reset.

    ``lang`` chooses the language shown first; when the instrument is translated, a dropdown switches the
    language at any time without touching the answers.
    """

    def __init__(self, instrument: Instrument | None = None, lang: str = "en"):
        import ipywidgets as w

        self.instrument = instrument or load_instrument()
        require_language(self.instrument, lang)
        self.spec = instrument_spec(self.instrument)
        self.lang = lang
        self._status: tuple[str, dict] | None = None
        self.buttons: dict[str, Any] = {}
        self.item_texts: dict[str, Any] = {}
        self.descriptions: dict[str, Any] = {}
        pages = []
        for dim in self.spec["dimensions"]:
            self.descriptions[dim["id"]] = w.HTML()
            rows = [self.descriptions[dim["id"]]]
            for item_id in dim["items"]:
                toggle = w.ToggleButtons(options=[(str(s["value"]), s["value"]) for s in self.spec["scale"]],
                                         value=None, style={"button_width": "3em"})
                toggle.observe(lambda _change: self._update(), names="value")
                self.buttons[item_id] = toggle
                self.item_texts[item_id] = w.HTML()
                rows.append(w.VBox([self.item_texts[item_id], toggle]))
            pages.append(w.VBox(rows))
        self.accordion = w.Accordion(children=pages)
        self.progress = w.IntProgress(value=0, min=0, max=len(self.buttons))
        self.count = w.Label()
        self.results = w.HTML()
        self.filename = w.Text(value="my_self_assessment.csv")
        self.status = w.HTML()
        save, load, reset = w.Button(icon="save"), w.Button(icon="folder-open"), w.Button(icon="undo")
        save.on_click(lambda _: self._guard(lambda: self.save(self.filename.value)))
        load.on_click(lambda _: self._guard(lambda: self.load(self.filename.value)))
        reset.on_click(lambda _: self.reset())
        self.save_button, self.load_button, self.reset_button = save, load, reset
        self.intro = w.HTML()
        self.heading = w.HTML()
        self.language = w.Dropdown(options=[(LANGUAGES[c], c) for c in self.spec["languages"]], value=lang,
                                   description=LANGUAGE_LABEL, style={"description_width": "initial"})
        self.language.observe(lambda change: self.set_language(change["new"]), names="value")
        self.view = w.VBox([
            *([self.language] if len(self.spec["languages"]) > 1 else []),
            self.intro,
            w.HBox([self.progress, self.count]),
            self.accordion,
            w.HBox([self.filename, save, load, reset]),
            self.status,
            self.heading,
            self.results,
        ])
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Show every text in ``lang`` (one of ``spec["languages"]``); answers and scores are unchanged."""
        if lang not in self.spec["i18n"]:
            require_language(self.instrument, lang)  # a clear error naming what is missing
        self.lang = lang
        if self.language.value != lang:
            self.language.value = lang  # calls back here once, with the same language
        tx = self.spec["i18n"][lang]
        for dim in self.spec["dimensions"]:
            self.descriptions[dim["id"]].value = f"<p><em>{escape(tx['descriptions'][dim['id']])}</em></p>"
        for item_id, html in self.item_texts.items():
            html.value = f"<p><strong>{escape(item_id)}.</strong> {escape(tx['items'][item_id])}</p>"
        for toggle in self.buttons.values():
            toggle.tooltips = list(tx["scale"])
        scale = t("sa_list_separator", lang).join(f"{s['value']} = {label}"
                                                  for s, label in zip(self.spec["scale"], tx["scale"]))
        self.intro.value = f"<p>{escape(t('sa_widget_intro', lang, scale=scale))}</p>"
        self.progress.description = t("sa_widget_answered", lang)
        self.filename.description = t("sa_widget_file", lang)
        self.filename.tooltip = t("sa_widget_file_hint", lang)
        self.save_button.description = t("sa_widget_save", lang)
        self.load_button.description = t("sa_widget_load", lang)
        self.reset_button.description = t("sa_widget_reset", lang)
        self.heading.value = f"<h3>{escape(t('sa_results', lang))}</h3>"
        if self._status:
            self._say(*self._status)
        self._update()

    @property
    def answers(self) -> dict[str, int | None]:
        return {item: b.value for item, b in self.buttons.items()}

    @property
    def scores(self) -> dict[str, float | None]:
        return score_answers(self.answers, self.instrument)

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """Set several answers at once (items not given are left as they are)."""
        unknown = sorted(set(answers) - set(self.buttons))
        if unknown:
            raise KeyError(f"not items of the instrument: {', '.join(unknown)}")
        self._hold = True
        try:
            for item, value in answers.items():
                value = _clean(value)
                self.buttons[item].value = None if value is None else int(value)
        finally:
            self._hold = False
        self._update()

    def reset(self) -> None:
        """Clear every answer."""
        self.set_answers({item: None for item in self.buttons})
        self._say("sa_widget_cleared", {})

    def save(self, path: str | Path) -> Path:
        """Save the answers as CSV (``.csv``, scoreable with ``python -m learnorg score``) or JSON (``.json``)."""
        path = Path(path)
        if path.suffix.lower() not in (".csv", ".json"):
            raise ValueError(f"{path.name}: choose a file name ending in .csv or .json.")
        text = (answers_json(self.answers, self.instrument) if path.suffix.lower() == ".json"
                else answers_csv(self.answers, self.instrument))
        path.write_text(text, encoding="utf-8")
        self._say("sa_widget_saved", {"path": str(path)})
        return path

    def load(self, path: str | Path) -> None:
        """Load answers saved with :meth:`save` (or any one-row survey CSV)."""
        answers = read_answers(path, self.instrument)
        self.set_answers(answers)
        self._say("sa_widget_loaded", {"path": str(path)})

    def _say(self, key: str, values: dict) -> None:
        """Show a status message in the current language (file names and error details as they are)."""
        self._status = (key, values)
        if key == "problem":
            self.status.value = (f"<p><strong>{escape(t('sa_widget_problem', self.lang))}</strong> "
                                 f"{escape(values['error'])}</p>")
            return
        message = escape(t(key, self.lang))
        for name, value in values.items():
            message = message.replace("{" + name + "}", f"<code>{escape(value)}</code>")
        self.status.value = f"<p>{message}</p>"

    def _guard(self, action) -> None:
        try:
            action()
        except (OSError, ValueError, KeyError) as err:
            self._say("problem", {"error": str(err)})

    def _update(self) -> None:
        if getattr(self, "_hold", False):
            return
        answers = self.answers
        done = sum(v is not None for v in answers.values())
        self.progress.value = done
        self.count.value = t("sa_count", self.lang, done=done, total=len(answers))
        counts = answered_counts(answers, self.instrument)
        labels = self.spec["i18n"][self.lang]["labels"]
        for i, dim in enumerate(self.spec["dimensions"]):
            of = t("sa_answered_of", self.lang, answered=counts[dim["id"]], total=len(dim["items"]))
            self.accordion.set_title(i, f"{labels[dim['id']]} ({of})")
        self.results.value = results_html(self.spec, score_answers(answers, self.instrument), counts, self.lang)


class SelfAssessment:
    """The self-assessment for a notebook cell: ipywidgets in Jupyter, the HTML form on the static site."""

    def __init__(self, instrument: Instrument | None = None, lang: str = "en"):
        self.instrument = instrument or load_instrument()
        require_language(self.instrument, lang)
        self.lang = lang
        self._widget: SelfAssessmentWidget | None = None

    @property
    def widget(self) -> SelfAssessmentWidget:
        if self._widget is None:
            self._widget = SelfAssessmentWidget(self.instrument, self.lang)
        return self._widget

    def html(self) -> str:
        return static_html(self.instrument, self.lang)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget.view._repr_mimebundle_() or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"Self-assessment: {self.instrument.title} ({len(self.instrument.item_ids)} statements)"
        return bundle


def self_assessment(instrument: Instrument | str | Path | None = None, lang: str = "en") -> SelfAssessment:
    """The self-assessment of the shipped instrument (or of another instrument folder), first shown in ``lang``."""
    if not isinstance(instrument, Instrument):
        instrument = load_instrument(instrument)
    return SelfAssessment(instrument, lang)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnorg.self_assessment",
                                     description="Write or check the shared scoring test vectors.")
    sub = parser.add_subparsers(dest="command", required=True)
    vec = sub.add_parser("vectors", help="write answers -> expected scores for the JavaScript port")
    vec.add_argument("path", type=Path)
    vec.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args(argv)
    text = vectors_text()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.is_file() else ""
        if current != text:
            print(f"{args.path}: out of date; run python -m learnorg.self_assessment vectors {args.path}")
            return 1
        print(f"{args.path}: up to date")
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
