"""Results computed once (learnorg.results), with the minimum group size applied before any output sees them."""

from __future__ import annotations

import pandas as pd
import pytest

from learnorg import report, scoring
from learnorg.results import compute_results


def answers_for(instrument, value: int, n: int) -> pd.DataFrame:
    row = {i: float(8 - value if r else value) for i, r in zip(instrument.items["item_id"], instrument.items["reverse"])}
    return pd.DataFrame([row] * n)


@pytest.fixture(scope="module")
def data(instrument):
    """Units A (6 per wave: 50 then 100), B (5 per wave: 16.7 then 50) and C (1 per wave)."""
    parts, meta = [], []
    for unit, n, (v1, v2) in (("A", 6, (4, 7)), ("B", 5, (2, 4)), ("C", 1, (6, 6))):
        for wave, value in ((1, v1), (2, v2)):
            parts.append(answers_for(instrument, value, n))
            meta += [{"unit": unit, "wave": str(wave)}] * n
    answers = pd.concat(parts, ignore_index=True)
    return answers, pd.DataFrame(meta), scoring.score_respondents(answers, instrument)


def test_groups_below_the_minimum_are_left_out_of_every_summary(instrument, data):
    answers, meta, scores = data
    results = compute_results(instrument, scores, meta, "unit", answers=answers, min_group_size=5)
    assert results.scope_wave == "2" and results.in_scope == 12
    assert results.group_sizes == {"A": 6, "B": 5} and results.hidden_groups == 1
    assert set(results.group_summary["group"]) == {"A", "B"}
    assert set(results.summary_rows()["group"]) == {"A", "B"}
    assert set(results.wave_change["unit"]) == {"A", "B"} and results.wave_units_hidden == 1
    a = results.group_summary.set_index(["group", "measure"]).loc[("A", "leadership_block")]
    assert a["n"] == 6 and a["mean"] == pytest.approx(100.0)
    change = results.wave_change.set_index(["unit", "measure"]).loc[("A", "leadership_block")]
    assert change["change"] == pytest.approx(50.0)
    assert results.alpha is not None and results.missing_scores["leadership"] == 0


def test_nothing_is_summarised_when_the_results_cover_too_few_respondents(instrument, data):
    answers, meta, scores = data
    results = compute_results(instrument, scores, meta, "unit", min_group_size=13)
    assert results.too_few and results.overall is None and results.summary_rows().empty


def test_results_are_never_broken_down_by_respondent(instrument, data):
    _answers, meta, scores = data
    meta = meta.assign(respondent_id=[f"r{i}" for i in range(len(meta))])
    with pytest.raises(ValueError, match="respondent ids"):
        compute_results(instrument, scores, meta, "respondent_id", id_column="respondent_id")


def test_the_report_draws_the_results_without_calling_scoring_again(instrument, data, monkeypatch):
    answers, meta, scores = data
    results = compute_results(instrument, scores, meta, "unit", answers=answers)

    def forbidden(*args, **kwargs):
        raise AssertionError("the report called back into scoring while rendering")

    for name in ("group_summary", "wave_change", "cronbach_alpha", "score_respondents", "reference_values"):
        monkeypatch.setattr(scoring, name, forbidden)
    html = report.render_report(results, generated="2025-01-01")
    assert "Change between waves" in html and "Cronbach" in html and ">C<" not in html


def test_summaries_can_be_limited_to_some_measures(instrument, data):
    _answers, meta, scores = data
    results = compute_results(instrument, scores, meta, "unit", measures=instrument.block_ids, changes=False)
    assert set(results.overall["measure"]) == set(instrument.block_ids)
    assert set(results.group_summary["measure"]) == set(instrument.block_ids) and results.wave_change is None
