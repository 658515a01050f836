"""The self-assessment in Jupyter: an ipywidgets form, and the object a notebook cell displays."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from learnorg.i18n import LANGUAGES, t
from learnorg.instrument import Instrument, load_instrument
from learnorg.outputs import atomic_write_text
from learnorg.self_assessment.files import answers_csv, answers_json, read_answers
from learnorg.self_assessment.spec import (HATCH, LANGUAGE_LABEL, _clean, answered_counts, format_score,
                                           instrument_spec, require_language, score_answers)
from learnorg.self_assessment.static import static_html


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
        atomic_write_text(path, text)
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
