"""The self-assessment as a plain HTML form for the static site; ``selfscore.js`` brings it to life."""

from __future__ import annotations

from html import escape

from learnorg.display import json_script
from learnorg.i18n import LANGUAGES, t
from learnorg.instrument import Instrument, load_instrument
from learnorg.paper import scoring_grid_html
from learnorg.self_assessment.spec import form_texts, instrument_spec, require_language


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
        '</button> <button type="button" class="lm-btn" data-action="download-scores" data-i18n="download_scores">'
        f'{escape(ui["download_scores"])}</button> '
        f'<button type="button" class="lm-btn" data-action="print" data-i18n="print">{escape(ui["print"])}</button> '
        '<button type="button" class="lm-btn lm-btn-secondary" data-action="reset" data-i18n="reset">'
        f'{escape(ui["reset"])}</button></p>'
        f'<p><label for="{key}-load" data-i18n="load">{escape(ui["load"])}</label> '
        f'<input type="file" id="{key}-load" accept=".csv,text/csv" data-action="load"></p>'
        '<p class="lm-sa-status" role="status" aria-live="polite"></p></div>')
    # Explicit table roles: on a phone the table is shown as stacked rows (CSS display: block), which would
    # otherwise take its table semantics away from screen readers.
    heads = "".join(f'<th scope="col" role="columnheader">{text(c)}</th>'
                    for c in ("col_measure", "col_kind", "col_score", "col_answered", "col_refs"))
    parts.append(
        '<div class="lm-sa-results screen-only" hidden>'
        f'<h3 id="{key}-results" tabindex="-1" data-i18n="results">{escape(ui["results"])}</h3>'
        '<p class="lm-sa-print-note print-only"></p>'
        f'{text("results_intro", "p")}'
        '<figure class="lm-sa-chart"><div class="lm-sa-bars" aria-hidden="true"></div>'
        f'{text("chart_caption", "figcaption")}</figure>'
        f'<table class="lm-sa-table" role="table">{text("table_caption", "caption")}'
        f'<thead role="rowgroup"><tr role="row">{heads}</tr></thead>'
        '<tbody role="rowgroup"></tbody></table></div>')
    parts.append("</div>")
    return "\n".join(parts)
