"""Group results in the browser: a trainer loads several answer files and sees the group's profile.

The page is kernel-free: :func:`group_html` writes a plain HTML form with the instrument's JSON spec
(:func:`group_spec`) and ``learnorg/web/groupscore.js`` does the rest, scoring each respondent with the
single-person form's engine (``scoreAnswers`` of ``selfscore.js``) and summarising the group exactly as
:func:`learnorg.results.compute_results` does: n, mean, SD and the 95% t-interval per measure, no group of
fewer than ``min_group_size`` respondents (5, as on the command line), the latest wave when a ``wave`` column
holds two or more. Its CSV download is the text of ``python -m learnorg score ... --out-summary``.

The t quantiles come from this module, not from a JavaScript port of scipy: :func:`group_spec` carries the
0.975 quantile of Student's t for every df below :data:`learnorg.scoring.LARGE_DF` (computed by
:func:`learnorg.scoring.t_quantile`, i.e. scipy) and the normal quantile from which the script applies the same
Cornish-Fisher expansion as :func:`learnorg.scoring.t_quantile` for larger df.

Shared test vectors (``python -m learnorg.self_assessment group-vectors tests/vectors/group_results.json``)
hold small groups, with their expected summaries and summary CSV from :mod:`learnorg.results`.
"""

from __future__ import annotations

from html import escape
from statistics import NormalDist

import numpy as np
import pandas as pd

from learnorg.display import json_script
from learnorg.instrument import Instrument, load_instrument
from learnorg.readers.rows import ID_COLUMN_NAMES
from learnorg.scoring import ALL_GROUP, LARGE_DF, measures, t_quantile
from learnorg.self_assessment.spec import instrument_spec

#: The confidentiality rule's default, as on the command line (``--min-group-size``).
MIN_GROUP_SIZE = 5
LEVEL = 0.95
PRIVACY = ("Nothing is uploaded. The files you choose are read by a small script in this browser, on this "
           "device; no answer and no result is sent anywhere, and nothing is kept after you close the page.")


def group_spec(instrument: Instrument | None = None, min_group_size: int = MIN_GROUP_SIZE) -> dict:
    """The browser's spec: the self-assessment's spec (without its form texts) plus what group summaries need."""
    instrument = instrument or load_instrument()
    spec = instrument_spec(instrument)
    spec.pop("i18n", None)  # the form's texts in every language: the group page shows no form
    p = 0.5 + LEVEL / 2
    dfs = np.arange(1, LARGE_DF)
    spec["group"] = {
        "min_group_size": int(min_group_size),
        "level": LEVEL,
        "all_group": ALL_GROUP,
        "measures": [{"id": m, "label": instrument.label(m)} for m in measures(instrument)],
        "id_columns": list(ID_COLUMN_NAMES),
        "large_df": LARGE_DF,
        "t_quantiles": [None, *(float(v) for v in t_quantile(dfs, p))],  # index = degrees of freedom
        "z": NormalDist().inv_cdf(p),
    }
    return spec


def group_html(instrument: Instrument | None = None, min_group_size: int = MIN_GROUP_SIZE) -> str:
    """The group-results page's form: a labelled multiple file picker, a drop zone, options and empty results."""
    instrument = instrument or load_instrument()
    spec = group_spec(instrument, min_group_size)
    key = f"lm-gr-{instrument.id}"
    n = int(min_group_size)
    return "".join([
        f'<div class="lm-gr" data-lm-groupscore="group" id="{escape(key)}">',
        json_script(spec, "lm-gr-data"),
        f'<p class="lm-gr-privacy"><strong>Nothing is uploaded.</strong> {escape(PRIVACY.split(". ", 1)[1])}</p>',
        '<p class="lm-nojs">This page needs JavaScript to read the files. Without it, score the files with the '
        'course package: <code>python -m learnorg score answers.csv --out-scores scores.csv --out-summary '
        'summary.csv</code>.</p>',
        f'<div class="lm-gr-controls screen-only" hidden>',
        f'<div class="lm-gr-drop" data-drop="files"><p><label for="{key}-files"><strong>Choose answer files'
        f'</strong> (CSV, several at once)</label><br><input type="file" id="{key}-files" multiple '
        f'accept=".csv,.tsv,.txt,text/csv,text/plain" data-action="files"></p>'
        '<p class="lm-gr-drop-hint">or drag and drop the files onto this box.</p></div>',
        f'<p><label for="{key}-by">Show results by</label> <select id="{key}-by" data-action="by">'
        '<option value="">the whole group</option></select> '
        f'<label for="{key}-min">Minimum group size</label> <input type="number" id="{key}-min" data-action="min" '
        f'min="{n}" step="1" value="{n}" inputmode="numeric" aria-describedby="{key}-min-help"></p>',
        f'<p id="{key}-min-help" class="lm-gr-help">Results of a group with fewer than {n} respondents are not shown, '
        'so that nobody\'s answers can be recognised; you can raise this number here, not lower it.</p>',
        '<p><button type="button" class="lm-btn" data-action="download" disabled>Download group results (CSV)'
        '</button> <button type="button" class="lm-btn" data-action="print">Print the results</button> '
        '<button type="button" class="lm-btn lm-btn-secondary" data-action="clear">Remove all files</button></p>',
        '<div class="lm-gr-files"><h3>Files read</h3><p class="lm-gr-nofiles">No file yet.</p><ul></ul></div>',
        '</div>',
        '<p class="lm-gr-status" role="status" aria-live="polite"></p>',
        f'<section class="lm-gr-results" aria-labelledby="{key}-results"><h3 id="{key}-results" tabindex="-1">'
        'Group results</h3><p class="lm-gr-summary">Load the answer files to see the group\'s results.</p>'
        '<div class="lm-gr-groups"></div></section>',
        '</div>',
    ])


class GroupResults:
    """The group-results page for a notebook cell: the HTML form (the site's script brings it to life)."""

    def __init__(self, instrument: Instrument | None = None, min_group_size: int = MIN_GROUP_SIZE):
        self.instrument = instrument or load_instrument()
        self.min_group_size = min_group_size

    def html(self) -> str:
        return group_html(self.instrument, self.min_group_size)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(),
                "text/plain": (f"Group results: load answer files on the course site, or run python -m learnorg "
                               f"score FILE --out-scores scores.csv --by COLUMN (min. group size "
                               f"{self.min_group_size}).")}


def group_results(instrument: Instrument | str | None = None, min_group_size: int = MIN_GROUP_SIZE) -> GroupResults:
    """The group-results page of the shipped instrument (or of another instrument folder)."""
    if not isinstance(instrument, Instrument):
        instrument = load_instrument(instrument)
    return GroupResults(instrument, min_group_size)


# ------------------------------------------------------------------------------------------ test vectors

def _number(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)


def group_case(instrument: Instrument, name: str, respondents: list[dict], by: str | None = None,
               min_group_size: int = MIN_GROUP_SIZE) -> dict:
    """One vector: respondents ({answers, columns}) -> what learnorg.results and ``--out-summary`` give."""
    from learnorg.cli import _format_summary_csv, _summary_table
    from learnorg.results import compute_results
    from learnorg.scoring import score_respondents

    items = instrument.item_ids
    answers = pd.DataFrame([{i: r["answers"].get(i) for i in items} for r in respondents], columns=items,
                           dtype=float)
    names = sorted({c for r in respondents for c in r.get("columns", {})})
    groups = pd.DataFrame({c: [r.get("columns", {}).get(c) for r in respondents] for c in names},
                          index=answers.index, dtype=object)
    scores = score_respondents(answers, instrument)
    results = compute_results(instrument, scores, groups, by, min_group_size=min_group_size, changes=False)
    rows = results.summary_rows()
    return {
        "name": name,
        "by": by,
        "min_group_size": min_group_size,
        "respondents": [{"answers": {i: r["answers"].get(i) for i in items}, "columns": r.get("columns", {})}
                        for r in respondents],
        "expected": {
            "respondents": results.respondents,
            "in_scope": results.in_scope,
            "scope_wave": results.scope_wave,
            "too_few": results.too_few,
            "group_sizes": results.group_sizes if by is not None else ({} if results.too_few else
                                                                     {ALL_GROUP: results.in_scope}),
            "hidden_groups": results.hidden_groups,
            "unassigned": results.unassigned,
            "rows": [{"group": r.group, "measure": r.measure, "n": int(r.n), "mean": _number(r.mean),
                      "sd": _number(r.sd), "ci_low": _number(r.ci_low), "ci_high": _number(r.ci_high)}
                     for r in rows.itertuples(index=False)],
            "summary_csv": _format_summary_csv(_summary_table(results, instrument), results),
        },
    }


def make_group_vectors(instrument: Instrument | None = None, seed: int = 2026) -> dict:
    """Small groups -> expected summaries from :mod:`learnorg.results`, for checking ``groupscore.js``."""
    instrument = instrument or load_instrument()
    items = instrument.item_ids
    lo, hi = instrument.scale_min, instrument.scale_max
    rng = np.random.default_rng(seed)

    def person(missing: float = 0.1) -> dict:
        values = rng.integers(lo, hi + 1, size=len(items))
        keep = rng.random(len(items)) >= missing
        return {i: int(v) for i, v, k in zip(items, values, keep) if k}

    six = [{"answers": person(), "columns": {}} for _ in range(6)]
    four = [{"answers": person(), "columns": {}} for _ in range(4)]
    units = ["North"] * 6 + ["south"] * 5 + ["East"] * 2 + [" ", None] + ["North "]
    by_unit = [{"answers": person(0.2), "columns": {"unit": u, "role": "staff"}} for u in units]
    waves = [{"answers": person(), "columns": {"wave": w}} for w in ["1"] * 6 + ["2"] * 5 + ["10"] * 5]
    sparse = [{"answers": person(0.6), "columns": {}} for _ in range(3)]
    everyone = [{"answers": person(0.05), "columns": {"unit": "=A" if k < 230 else "B, central"}} for k in range(260)]
    cases = [
        group_case(instrument, "six respondents, the whole group", six),
        group_case(instrument, "four respondents: fewer than the minimum, nothing shown", four),
        group_case(instrument, "by unit: two groups shown, one too small, two unassigned", by_unit, "unit"),
        group_case(instrument, "by role: one group", by_unit, "role"),
        group_case(instrument, "three waves: the latest (10) is described", waves),
        group_case(instrument, "by unit, minimum 8: every group too small", by_unit, "unit", 8),
        group_case(instrument, "minimum 3, many missing scores", sparse, None, 3),
        group_case(instrument, "260 respondents in two groups (t quantile above 200 df)", everyone, "unit"),
    ]
    return {
        "generated_by": "python -m learnorg.self_assessment group-vectors tests/vectors/group_results.json",
        "instrument": {"id": instrument.id, "version": instrument.version},
        "tolerance": 1e-9,
        "spec": group_spec(instrument),
        "cases": cases,
    }
