"""The self-contained HTML report: drawn from a :class:`learnorg.results.Results`, computed once.

One HTML file with inline CSS, charts as base64 PNG images, no scripts and no external assets, so it can be
e-mailed or opened offline. :func:`render_report` only formats what the results hold (small groups are already
left out there); :func:`build_report` computes the results and renders them in one call.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
from html import escape

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from learnorg import i18n, scoring
from learnorg.display import table_html
from learnorg.report.charts import heatmap_chart, profile_chart, wave_chart
from learnorg.report.tables import (BOOK_URL, _ci, _label, heatmap_table, profile_table, strengths_and_gaps,
                                    wave_table)
from learnorg.results import Results, compute_results

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#111;
background:#fff;margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.7rem}h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid #999}h3{font-size:1.1rem}
.banner{border:3px solid #000;background:#ffe9a8;color:#000;padding:.6rem 1rem;font-weight:bold;
letter-spacing:.04em;text-align:center}
.note{border-left:4px solid #555;background:#f3f3f3;padding:.5rem .9rem}
figure{margin:1.2rem 0}figure img{max-width:100%;height:auto;border:1px solid #ccc}
figcaption{font-size:.95rem;color:#222;margin-top:.3rem}
table{border-collapse:collapse;margin:.8rem 0 1.4rem;font-size:.9rem;display:block;overflow-x:auto}
caption{caption-side:top;text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#e8e8e8}a{color:#0b3d91}
"""


def _figure_html(fig: Figure, alt: str, caption: str) -> str:
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _profile_alt(table: pd.DataFrame, who: str, lang: str = "en") -> str:
    scored = table.dropna(subset=["Mean (0-100)"])
    dims = scored[scored["Type"] == "Dimension"]
    text = i18n.t("profile_alt", lang, who=who)
    if len(dims):
        top = dims.loc[dims["Mean (0-100)"].idxmax()]
        bottom = dims.loc[dims["Mean (0-100)"].idxmin()]
        text += i18n.t("profile_alt_extremes", lang, top=top["Measure"], top_value=f"{top['Mean (0-100)']:.0f}",
                       bottom=bottom["Measure"], bottom_value=f"{bottom['Mean (0-100)']:.0f}")
    return text + i18n.t("profile_alt_end", lang)


def _localized_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A report table with its column headers (and Block/Dimension values) in ``lang``."""
    if lang == "en":
        return table
    out = table.rename(columns={c: i18n.column(str(c), lang) for c in table.columns})
    if "Type" in table.columns:
        out[i18n.column("Type", lang)] = table["Type"].map(lambda v: i18n.column(str(v), lang))
    return out



def build_report(
    instrument,
    scores: pd.DataFrame,
    groups: pd.DataFrame | None,
    by: str | None = None,
    *,
    title: str | None = None,
    synthetic: bool = False,
    min_group_size: int = 5,
    answers: pd.DataFrame | None = None,
    references: pd.DataFrame | None = None,
    link_base: str = BOOK_URL,
    generated: str | None = None,
    lang: str = "en",
    id_column: str | None = None,
) -> str:
    """Return a self-contained HTML report (inline CSS, charts as base64 PNG, no scripts, no external assets).

    ``scores`` comes from ``scoring.score_respondents``; ``groups`` holds the respondents' other columns (same
    index), ``by`` names the column to break results down by (e.g. ``"unit"``). With a ``wave`` column holding
    two or more waves, results describe the latest wave and a section compares the first and the latest.
    Groups with fewer than ``min_group_size`` respondents are not shown, and no score at all is shown when the
    results cover fewer respondents than that. Respondent identifiers are never written: ``id_column`` (and
    any column of ``groups`` other than ``by`` and ``wave``) is not used. ``answers`` (item answers) adds a
    reliability table; ``references`` defaults to ``scoring.reference_values``. ``lang`` ("en" or "fr")
    chooses the language of the report and of the instrument's labels.
    """
    i18n.check_lang(lang)
    results = compute_results(instrument, scores, groups, by, answers=answers, min_group_size=min_group_size,
                              references=references, id_column=id_column)
    return render_report(results, title=title, synthetic=synthetic, link_base=link_base, generated=generated,
                         lang=lang)


def render_report(results: Results, *, title: str | None = None, synthetic: bool = False, link_base: str = BOOK_URL,
                  generated: str | None = None, lang: str = "en") -> str:
    """The HTML report of ``results`` (from :func:`learnorg.results.compute_results`), in ``lang``."""
    i18n.check_lang(lang)

    def tr(key: str, **values) -> str:
        return i18n.t(key, lang, **values)

    instrument = results.instrument.localized(lang)
    references = scoring.localized_references(results.references, lang)
    title = title or tr("default_title", title=instrument.title)
    generated = generated or _dt.date.today().isoformat()
    diagnostic = tr("diagnostic")
    scope = tr("scope_latest", wave=results.scope_wave) if results.scope_wave is not None else tr("scope_all")

    def table(frame: pd.DataFrame, caption: str, **options) -> str:
        return table_html(_localized_table(frame, lang), caption, **options)

    parts: list[str] = []
    add = parts.append
    if synthetic:
        add(f'<p class="banner" role="note">{escape(tr("synthetic_banner"))}</p>')
    add(f"<h1>{escape(title)}</h1>")

    # Overview
    add(f'<h2 id="overview">{escape(tr("h_overview"))}</h2>')
    add(f'<p class="note"><strong>{escape(diagnostic)}</strong> {escape(tr("overview_note"))}</p>')
    overview = [
        (tr("ov_respondents_file"), f"{results.respondents:,}"),
        (tr("ov_scope"), scope),
        (tr("ov_respondents_scope"), f"{results.in_scope:,}"),
        (tr("ov_instrument"), tr("ov_instrument_value", title=instrument.title, version=instrument.version)),
        (tr("ov_generated"), generated),
    ]
    if results.waves:
        overview.insert(2, (tr("ov_waves"), ", ".join(map(str, results.waves))))
    if results.by is not None:
        overview.append((tr("ov_by"), results.by))
    add(table_html(pd.DataFrame(overview, columns=[tr("ov_item"), tr("ov_value")]), tr("ov_caption")))

    if results.too_few:
        add(f'<h2 id="profile">{escape(tr("h_profile"))}</h2>')
        add(f'<p class="note" role="note">{escape(tr("too_few_overall", n=results.in_scope, min_group_size=results.min_group_size))}</p>')
    else:
        _add_results(add, table, tr, instrument, results, scope, references, link_base, lang)

    # Method notes and references
    add(f'<h2 id="method">{escape(tr("h_method"))}</h2>')
    add("<ul>" + "".join(f"<li>{escape(text)}</li>" for text in (
        tr("method_1"), tr("method_2"), tr("method_3"), tr("method_4"),
        tr("method_5", min_group_size=results.min_group_size), tr("method_6"), tr("method_7"),
    )) + "</ul>")
    add(f'<h2 id="references">{escape(tr("h_references"))}</h2>')
    add(_para(tr("references_intro")))
    if references is not None and not references.empty:
        rtable = pd.DataFrame(
            {
                "Measure": [_label(instrument, m) for m in references["measure"]],
                "Value (0-100)": references["value"].astype(float),
                "What it is": references["label"].astype(str),
                "Source": references["source_key"].astype(str),
                "Note": references["note"].astype(str),
            }
        )
        add(table(rtable, tr("references_caption")))
    add(_para(f"{tr('generated_by', date=generated)} {diagnostic}"))

    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(parts)
        + "\n</main>\n</body>\n</html>\n"
    )


def _add_results(add, table, tr, instrument, results: Results, scope, references, link_base, lang) -> None:
    """The result sections (profile, groups, waves, strengths, gaps, reliability), drawn from ``results``."""
    overall = results.overall
    group_name = scoring.ALL_GROUP
    by = results.by

    # Overall profile
    add(f'<h2 id="profile">{escape(tr("h_profile"))}</h2>')
    ptable = profile_table(overall, instrument, references, group=group_name, lang=lang)
    add(_para(tr("profile_intro")))
    add(_figure_html(profile_chart(overall, references, instrument, group=group_name, lang=lang),
                     _profile_alt(ptable, scope, lang), tr("profile_caption", scope=scope)))
    add(table(ptable, tr("profile_table_caption", scope=scope)))

    # Per-group results
    if by is not None:
        add(f'<h2 id="groups">{escape(tr("h_groups", by=by))}</h2>')
        shown = list(results.group_sizes)
        add(_para(
            tr("groups_intro", shown=len(shown), hidden=results.hidden_groups, min_group_size=results.min_group_size)
            + (tr("groups_missing", n=results.unassigned, by=by) if results.unassigned else "")
        ))
        if shown:
            gsum = results.group_summary
            block_rows = []
            for g in shown:
                part = gsum[gsum["group"] == g].set_index("measure")
                row = {by: g, "Respondents": results.group_sizes[g]}
                for b in instrument.block_ids:
                    row[_label(instrument, b)] = float(part["mean"].get(b, np.nan))
                block_rows.append(row)
            add(f"<h3>{escape(tr('h_blocks_by', by=by))}</h3>")
            add(table(pd.DataFrame(block_rows), tr("blocks_by_caption", by=by, scope=scope)))
            add(f"<h3>{escape(tr('h_dims_by', by=by))}</h3>")
            htable = heatmap_table(gsum, instrument).rename(columns={"Group": by})
            add(_figure_html(
                heatmap_chart(gsum, instrument, lang=lang),
                tr("heatmap_alt", by=by, n_groups=len(shown), n_dims=len(instrument.dimension_ids)),
                tr("heatmap_caption", by=by, scope=scope),
            ))
            add(table(htable, tr("heatmap_table_caption", by=by, scope=scope)))

    # Wave change
    if results.waves:
        first, second = results.first_wave, results.last_wave
        add(f'<h2 id="waves">{escape(tr("h_waves"))}</h2>')
        add(_para(tr("waves_intro", first=first, second=second, hidden=results.wave_units_hidden,
                     min_group_size=results.min_group_size)))
        change = results.wave_change
        if change is not None and len(change):
            if by is None:
                change = change.assign(unit=change["unit"].replace({scoring.ALL_GROUP: tr("all_respondents")}))
            add(_figure_html(
                wave_chart(change, instrument, lang=lang),
                tr("waves_alt", first=first, second=second),
                tr("waves_caption", first=first, second=second),
            ))
            add(table(wave_table(change, instrument, lang=lang), tr("waves_table_caption", first=first, second=second)))

    # Strengths, gaps, next steps
    sg = strengths_and_gaps(overall, instrument, group=group_name, link_base=link_base)
    for kind, heading, anchor, intro in (
        ("strength", tr("h_strengths"), "strengths", tr("strengths_intro")),
        ("gap", tr("h_gaps"), "gaps", tr("gaps_intro")),
    ):
        add(f'<h2 id="{anchor}">{escape(heading)}</h2>')
        add(_para(intro))
        part = sg[sg["kind"] == kind]
        items = "".join(
            f"<li><strong>{escape(r.label)}</strong>: "
            f"{escape(tr('out_of_100', mean=f'{r.mean:.0f}', ci=_ci(r.ci_low, r.ci_high, lang)))}</li>"
            for r in part.itertuples()
        )
        add(f"<ol>{items}</ol>" if items else _para(tr("not_enough_dims")))
    add(f'<h2 id="next-steps">{escape(tr("h_next_steps"))}</h2>')
    add(_para(tr("next_steps_intro")))
    steps = "".join(
        f"<li><strong>{escape(r.label)}</strong>: {escape(r.next_step)} "
        f'<a href="{escape(r.link)}">{escape(tr("read_more", label=r.label))}</a></li>'
        for r in sg[sg["kind"] == "gap"].itertuples()
    )
    add(f"<ul>{steps}</ul>" if steps else _para(tr("no_gaps")))

    # Reliability
    add(f'<h2 id="reliability">{escape(tr("h_reliability"))}</h2>')
    if results.alpha is not None:
        alpha = results.alpha
        atable = pd.DataFrame(
            {
                "Dimension": [_label(instrument, d) for d in alpha["dimension"]],
                "Items": alpha["k_items"].astype(int),
                "Complete answers": alpha["n_complete"].astype(int),
                "Cronbach's alpha": alpha["alpha"].astype(float),
            }
        )
        add(_para(tr("reliability_intro")))
        add(table(atable, tr("reliability_caption"), float_format="{:.2f}"))
    else:
        add(_para(tr("reliability_none")))
