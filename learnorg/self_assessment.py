"""The self-assessment for one reader: an ipywidgets form in Jupyter, a plain HTML form on the static site.

Both score with the toolkit's rules (:func:`learnorg.scoring.score_respondents`); the browser uses a
JavaScript port in ``learnorg/web/selfscore.js``. Shared test vectors (answers -> expected scores) keep
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

from learnorg.instrument import Instrument, instrument_metadata, load_instrument
from learnorg.paper import scoring_grid_html
from learnorg.quiz import _json_script
from learnorg.scoring import reference_values, score_respondents

RESPONDENT_ID = "me"
PRIVACY = ("Your answers stay on this device. Nothing you choose here is sent anywhere: the scores are computed "
           "in your browser, and your answers are kept only in this browser's storage until you clear them.")
HATCH = "repeating-linear-gradient(45deg,#555 0 3px,#fff 3px 6px)"


# ------------------------------------------------------------------------------------------- rules


def format_score(value: float | None) -> str:
    """A score for display: one decimal, halves rounded up (the same rule as ``formatScore`` in JS)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not scored"
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def _profile(instrument: Instrument) -> list[dict]:
    """Rows of the results, in display order; a block with one dimension is shown once, as that dimension."""
    rows = []
    for block in instrument.block_ids:
        members = instrument.dimensions_of(block)
        if len(members) > 1:
            rows.append({"measure": block, "kind": "block", "label": instrument.label(block), "aliases": [block]})
        for dim in members:
            aliases = [dim] + ([block] if len(members) == 1 else [])
            rows.append({"measure": dim, "kind": "dimension", "label": instrument.label(dim), "aliases": aliases})
    return rows


def instrument_spec(instrument: Instrument | None = None) -> dict:
    """Everything the browser needs to show and score the instrument, as plain JSON data."""
    instrument = instrument or load_instrument()
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


def static_html(instrument: Instrument | None = None) -> str:
    """The self-assessment as a plain HTML form; ``selfscore.js`` scores it in the browser."""
    instrument = instrument or load_instrument()
    spec = instrument_spec(instrument)
    meta = instrument_metadata(instrument)
    n_items = len(spec["items"])
    key = f"lm-sa-{instrument.id}"
    scale_text = "; ".join(f"{s['value']} = {escape(s['label'])}" for s in spec["scale"])
    parts = [f'<div class="lm-sa" data-lm-selfscore="self-assessment" id="{escape(key)}">',
             _json_script(spec, "lm-sa-data"),
             f'<p class="lm-sa-privacy"><strong>Private by design.</strong> {escape(PRIVACY)}</p>',
             f'<p class="lm-nojs">This form scores your answers with JavaScript, which seems to be off. You can still '
             f'print it and score it by hand, or run this page in Jupyter, Binder or Colab.</p>']
    if meta.get("respondent_instructions"):
        parts.append(f'<p class="lm-sa-instructions">{escape(" ".join(str(meta["respondent_instructions"]).split()))}</p>')
    parts.append(f'<p class="lm-sa-scale">Answer scale: {scale_text}.</p>')
    parts.append('<div class="lm-sa-progress screen-only" hidden><label for="lm-sa-progress">Your progress</label> '
                 f'<progress id="lm-sa-progress" max="{n_items}" value="0"></progress> '
                 f'<span class="lm-sa-count">0 of {n_items} statements answered</span></div>')
    parts.append('<form class="lm-sa-form" novalidate>')
    items = {i["id"]: i for i in spec["items"]}
    for dim in spec["dimensions"]:
        parts.append(f'<div class="lm-sa-dim" data-dimension="{escape(dim["id"])}">')
        parts.append(f'<h3 class="lm-sa-dim-title" id="{key}-{escape(dim["id"])}">{escape(dim["label"])}</h3>')
        parts.append(f'<p class="lm-sa-dim-desc">{escape(dim["description"])}</p>')
        for item_id in dim["items"]:
            item = items[item_id]
            parts.append(f'<fieldset class="lm-sa-item" data-item="{escape(item_id)}"><legend>'
                         f'<span class="lm-sa-item-id">{escape(item_id)}.</span> {escape(item["text"])}</legend>'
                         '<div class="lm-sa-opts">')
            for s in spec["scale"]:
                oid = f"{key}-{item_id}-{s['value']}"
                parts.append(f'<span class="lm-sa-opt"><input type="radio" name="{escape(item_id)}" '
                             f'id="{escape(oid)}" value="{s["value"]}"><label for="{escape(oid)}">'
                             f'<span class="lm-sa-val">{s["value"]}</span> {escape(s["label"])}</label></span>')
            parts.append("</div></fieldset>")
        parts.append("</div>")
    parts.append("</form>")
    # On paper (the PDF of the book, or a printed page) the form becomes a worksheet with a scoring grid.
    parts.append(f'<div class="print-only lm-sa-worksheet">{scoring_grid_html(instrument)}</div>')
    parts.append(
        '<div class="lm-sa-tools screen-only" hidden>'
        '<p><button type="button" class="lm-btn" data-action="score">Show my scores</button> '
        '<button type="button" class="lm-btn" data-action="download">Download my answers (CSV)</button> '
        '<button type="button" class="lm-btn lm-btn-secondary" data-action="reset">Clear all my answers</button></p>'
        f'<p><label for="{key}-load">Load answers from a CSV file saved earlier:</label> '
        f'<input type="file" id="{key}-load" accept=".csv,text/csv" data-action="load"></p>'
        '<p class="lm-sa-status" role="status" aria-live="polite"></p></div>')
    parts.append(
        '<div class="lm-sa-results screen-only" hidden>'
        f'<h3 id="{key}-results" tabindex="-1">Your scores</h3>'
        '<p>Scores run from 0 to 100. A dimension is scored once at least two-thirds of its statements are '
        'answered; a block score is the mean of its scored dimensions. Reference values come from other '
        'instruments and are indicative only.</p>'
        '<figure class="lm-sa-chart"><div class="lm-sa-bars" aria-hidden="true"></div>'
        '<figcaption>Your scores out of 100. Hatched bars are blocks, plain bars are dimensions, each bar '
        'is labelled with its value, and ◆ marks an indicative reference value (listed in the table '
        'below).</figcaption></figure>'
        '<table class="lm-sa-table"><caption>Your scores (the same values as the chart)</caption><thead><tr>'
        '<th scope="col">Measure</th><th scope="col">Kind</th><th scope="col">Your score (0–100)</th>'
        '<th scope="col">Statements answered</th><th scope="col">Indicative reference values</th></tr></thead>'
        '<tbody></tbody></table></div>')
    parts.append("</div>")
    return "\n".join(parts)


# ------------------------------------------------------------------------------------------- widgets


def results_html(spec: dict, scores: Mapping[str, float | None], answered: Mapping[str, int]) -> str:
    """Scores as labelled bars (blocks hatched) with reference markers, and the same values as a table."""
    dims = {d["id"]: d for d in spec["dimensions"]}
    blocks = {b["id"]: b for b in spec["blocks"]}
    bars, rows = [], []
    for row in spec["profile"]:
        m = row["measure"]
        value = scores.get(m)
        width = 0 if value is None else max(0.0, min(100.0, value))
        fill = HATCH if row["kind"] == "block" else "#bbb"
        marks = "".join(f'<span title="{escape(r["label"])}" style="position:absolute;left:{r["value"]:.1f}%;'
                        f'top:-2px;transform:translateX(-50%)">◆</span>' for r in row["references"])
        bars.append(
            f'<div style="display:flex;align-items:center;gap:0.5em;margin:2px 0">'
            f'<span style="width:16em">{"<strong>" if row["kind"] == "block" else ""}{escape(row["label"])}'
            f'{"</strong>" if row["kind"] == "block" else ""}</span>'
            f'<span style="position:relative;display:inline-block;width:20em;height:1.1em;border:1px solid #333">'
            f'<span style="display:block;height:100%;width:{width:.1f}%;background:{fill}"></span>{marks}</span>'
            f'<span>{format_score(value)}</span></div>')
        members = blocks[m]["dimensions"] if row["kind"] == "block" else [m]
        count, total = sum(answered[d] for d in members), sum(len(dims[d]["items"]) for d in members)
        refs = "; ".join(f'{escape(r["label"])}: {format_score(r["value"])}' for r in row["references"]) or "none"
        rows.append(f"<tr><td>{escape(row['label'])}</td><td>{row['kind']}</td><td>{format_score(value)}</td>"
                    f"<td>{count} of {total}</td><td>{refs}</td></tr>")
    return ("<div>" + "".join(bars) + "<p><small>Hatched bars: blocks; plain bars: dimensions; ◆: indicative "
            "reference value.</small></p></div><table><caption>Your scores</caption><thead><tr><th>Measure</th>"
            "<th>Kind</th><th>Your score (0–100)</th><th>Statements answered</th><th>Indicative reference values</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


class SelfAssessmentWidget:
    """The ipywidgets form: one page per dimension, progress, live scores and chart, save/load, reset."""

    def __init__(self, instrument: Instrument | None = None):
        import ipywidgets as w

        self.instrument = instrument or load_instrument()
        self.spec = instrument_spec(self.instrument)
        items = {i["id"]: i for i in self.spec["items"]}
        labels = [s["label"] for s in self.spec["scale"]]
        self.buttons: dict[str, Any] = {}
        pages, titles = [], []
        for dim in self.spec["dimensions"]:
            rows = [w.HTML(f"<p><em>{escape(dim['description'])}</em></p>")]
            for item_id in dim["items"]:
                toggle = w.ToggleButtons(options=[(str(s["value"]), s["value"]) for s in self.spec["scale"]],
                                         value=None, tooltips=labels, style={"button_width": "3em"})
                toggle.observe(lambda _change: self._update(), names="value")
                self.buttons[item_id] = toggle
                rows.append(w.VBox([w.HTML(f"<p><strong>{escape(item_id)}.</strong> {escape(items[item_id]['text'])}</p>"),
                                    toggle]))
            pages.append(w.VBox(rows))
            titles.append(dim["label"])
        self.accordion = w.Accordion(children=pages, titles=tuple(titles))
        self.progress = w.IntProgress(value=0, min=0, max=len(items), description="Answered")
        self.count = w.Label()
        self.results = w.HTML()
        self.filename = w.Text(value="my_self_assessment.csv", description="File",
                               tooltip="A .csv or .json file name")
        self.status = w.HTML()
        save, load, reset = (w.Button(description="Save answers", icon="save"),
                             w.Button(description="Load answers", icon="folder-open"),
                             w.Button(description="Clear all answers", icon="undo"))
        save.on_click(lambda _: self._guard(lambda: self.save(self.filename.value)))
        load.on_click(lambda _: self._guard(lambda: self.load(self.filename.value)))
        reset.on_click(lambda _: self.reset())
        self.save_button, self.load_button, self.reset_button = save, load, reset
        scale = "; ".join(f"{s['value']} = {escape(s['label'])}" for s in self.spec["scale"])
        self.view = w.VBox([
            w.HTML(f"<p>Think of your own unit. Answer scale: {scale}. Your answers stay in this notebook "
                   "unless you save them to a file.</p>"),
            w.HBox([self.progress, self.count]),
            self.accordion,
            w.HBox([self.filename, save, load, reset]),
            self.status,
            w.HTML("<h3>Your scores</h3>"),
            self.results,
        ])
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
        self.status.value = "<p>All answers cleared.</p>"

    def save(self, path: str | Path) -> Path:
        """Save the answers as CSV (``.csv``, scoreable with ``python -m learnorg score``) or JSON (``.json``)."""
        path = Path(path)
        if path.suffix.lower() not in (".csv", ".json"):
            raise ValueError(f"{path.name}: choose a file name ending in .csv or .json.")
        text = (answers_json(self.answers, self.instrument) if path.suffix.lower() == ".json"
                else answers_csv(self.answers, self.instrument))
        path.write_text(text, encoding="utf-8")
        self.status.value = f"<p>Saved your answers to <code>{escape(str(path))}</code>.</p>"
        return path

    def load(self, path: str | Path) -> None:
        """Load answers saved with :meth:`save` (or any one-row survey CSV)."""
        answers = read_answers(path, self.instrument)
        self.set_answers(answers)
        self.status.value = f"<p>Loaded answers from <code>{escape(str(path))}</code>.</p>"

    def _guard(self, action) -> None:
        try:
            action()
        except (OSError, ValueError, KeyError) as err:
            self.status.value = f"<p><strong>Problem:</strong> {escape(str(err))}</p>"

    def _update(self) -> None:
        if getattr(self, "_hold", False):
            return
        answers = self.answers
        done = sum(v is not None for v in answers.values())
        self.progress.value = done
        self.count.value = f"{done} of {len(answers)} statements answered"
        counts = answered_counts(answers, self.instrument)
        for i, dim in enumerate(self.spec["dimensions"]):
            self.accordion.set_title(i, f"{dim['label']} ({counts[dim['id']]} of {len(dim['items'])})")
        self.results.value = results_html(self.spec, score_answers(answers, self.instrument), counts)


class SelfAssessment:
    """The self-assessment for a notebook cell: ipywidgets in Jupyter, the HTML form on the static site."""

    def __init__(self, instrument: Instrument | None = None):
        self.instrument = instrument or load_instrument()
        self._widget: SelfAssessmentWidget | None = None

    @property
    def widget(self) -> SelfAssessmentWidget:
        if self._widget is None:
            self._widget = SelfAssessmentWidget(self.instrument)
        return self._widget

    def html(self) -> str:
        return static_html(self.instrument)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget.view._repr_mimebundle_() or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"Self-assessment: {self.instrument.title} ({len(self.instrument.item_ids)} statements)"
        return bundle


def self_assessment(instrument: Instrument | str | Path | None = None) -> SelfAssessment:
    """The self-assessment of the shipped instrument (or of another instrument folder)."""
    if not isinstance(instrument, Instrument):
        instrument = load_instrument(instrument)
    return SelfAssessment(instrument)


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
