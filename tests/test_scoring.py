"""Scoring rules, group summaries, Cronbach's alpha, wave change and reference values."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from learnorg.instrument import load_instrument
from learnorg.scoring import (
    cronbach_alpha,
    group_summary,
    reference_values,
    score_respondents,
    wave_change,
    welch_interval,
)

from reference_scorer import ReferenceInstrument, score_one

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED = load_instrument()
TINY = load_instrument(FIXTURES / "tiny_instrument")
REF_SHIPPED = ReferenceInstrument()
REF_TINY = ReferenceInstrument(FIXTURES / "tiny_instrument")


def reference_scores(answers: pd.DataFrame, reference: ReferenceInstrument) -> pd.DataFrame:
    """Scores from the independent reference scorer (tests/reference_scorer.py), as a frame."""
    rows = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in rec.items()}
            for rec in answers.to_dict(orient="records")]
    out = pd.DataFrame([score_one(r, reference) for r in rows], index=answers.index, columns=reference.measures)
    return out.astype(float)


def tiny_answers() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "hand_computed.csv")[TINY.item_ids].astype(float)


# --- Hand-computed scores (tiny instrument: d1 = A1-A3 with A3 reversed, d2 = B1-B4 with B4 reversed,
# --- d3 = C1-C2; b1 = d1 + d2, b2 = d3) -------------------------------------------------------------

EXPECTED = pd.DataFrame(
    {
        # r1: d1 answers 7, 5, 2 -> 7, 5, 6 -> mean 6 -> (6-1)/6*100 = 83.33; d2 all 4 -> 50; d3 1, 1 -> 0
        # r2: d1 has 1 of 3 answered (< 2) -> missing; d2 7, 7, -, 1 -> 7, 7, 7 -> 100; d3 1 of 2 -> missing
        # r3: d1 1, 2 -> 1.5 -> 8.33; d2 2 of 4 answered (< 3) -> missing; d3 4, 7 -> 5.5 -> 75
        "d1": [500 / 6, np.nan, 50 / 6],
        "d2": [50.0, 100.0, np.nan],
        "d3": [0.0, np.nan, 75.0],
        # blocks: mean of the available dimension scores
        "b1": [(500 / 6 + 50) / 2, 100.0, 50 / 6],
        "b2": [0.0, np.nan, 75.0],
    }
)


@pytest.mark.parametrize("scorer", [lambda a: score_respondents(a, TINY), lambda a: reference_scores(a, REF_TINY)],
                         ids=["package", "reference"])
def test_hand_computed_scores(scorer):
    scores = scorer(tiny_answers())
    assert list(scores.columns) == ["d1", "d2", "d3", "b1", "b2"]
    pd.testing.assert_frame_equal(scores, EXPECTED, check_exact=False, atol=1e-9)


def test_shipped_instrument_all_sevens():
    # Agreeing fully with everything: positive items count 7, reverse-worded ones 8 - 7 = 1.
    answers = pd.DataFrame([[7.0] * 46], columns=SHIPPED.item_ids)
    scores = score_respondents(answers, SHIPPED).iloc[0]
    # problem_solving: SP1-SP5 with SP3 reversed -> (7+7+1+7+7)/5 = 5.8 -> (5.8-1)/6*100 = 80
    assert scores["problem_solving"] == pytest.approx(80.0)
    # psychological_safety: PS3 and PS5 reversed -> (7+7+1+7+1)/5 = 4.6 -> 60
    assert scores["psychological_safety"] == pytest.approx(60.0)
    # time_for_reflection: TR2, TR3 reversed -> 4 -> 50
    assert scores["time_for_reflection"] == pytest.approx(50.0)
    # incentives: IN3, IN4 reversed -> 4 -> 50 ; the block equals its single dimension
    assert scores["incentives_block"] == pytest.approx(50.0)
    # all neutral answers give 50 everywhere
    neutral = score_respondents(pd.DataFrame([[4.0] * 46], columns=SHIPPED.item_ids), SHIPPED)
    assert np.allclose(neutral.to_numpy(), 50.0)


def test_scores_keep_the_index():
    answers = tiny_answers()
    answers.index = [10, 20, 30]
    assert list(score_respondents(answers, TINY).index) == [10, 20, 30]


def test_missing_item_column_is_an_error():
    with pytest.raises(KeyError, match="C2"):
        score_respondents(tiny_answers().drop(columns="C2"), TINY)


def test_empty_input_gives_empty_scores():
    scores = score_respondents(pd.DataFrame(columns=TINY.item_ids, dtype=float), TINY)
    assert scores.shape == (0, 5)


# --- Properties ---------------------------------------------------------------------------------------

answer_values = st.one_of(st.integers(1, 7).map(float), st.just(np.nan))


def answer_frames(instrument, max_rows=25):
    return st.integers(1, max_rows).flatmap(
        lambda n: arrays(float, (n, len(instrument.item_ids)), elements=answer_values).map(
            lambda a: pd.DataFrame(a, columns=instrument.item_ids)
        )
    )


@settings(max_examples=60, deadline=None)
@given(answer_frames(SHIPPED))
def test_scores_stay_within_0_and_100_and_match_the_reference_scorer(answers):
    scores = score_respondents(answers, SHIPPED)
    values = scores.to_numpy()
    finite = values[~np.isnan(values)]
    assert ((finite >= 0) & (finite <= 100)).all()
    pd.testing.assert_frame_equal(scores, reference_scores(answers, REF_SHIPPED), check_exact=False, rtol=1e-12)


def test_the_reference_scorer_can_disagree():
    """The comparison above can fail: a package result with one rule changed differs from the reference."""
    answers = pd.DataFrame([[7.0] * 46], columns=SHIPPED.item_ids)
    flipped = SHIPPED.items.copy()
    flipped["reverse"] = False
    wrong = score_respondents(answers, type(SHIPPED)(**{**SHIPPED.__dict__, "items": flipped}))
    assert not np.allclose(wrong.to_numpy(), reference_scores(answers, REF_SHIPPED).to_numpy())


@settings(max_examples=40, deadline=None)
@given(answer_frames(SHIPPED), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(answers, rnd):
    order = list(range(len(answers)))
    rnd.shuffle(order)
    shuffled = answers.iloc[order]
    scores = score_respondents(answers, SHIPPED)
    pd.testing.assert_frame_equal(score_respondents(shuffled, SHIPPED), scores.iloc[order])
    summary = group_summary(scores)
    summary_shuffled = group_summary(scores.iloc[order])
    pd.testing.assert_frame_equal(summary, summary_shuffled, check_exact=False, rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(answer_frames(SHIPPED))
def test_reverse_coding_is_consistent(answers):
    # Mirroring every answer (r -> 8 - r) turns every dimension score s into 100 - s...
    scores = score_respondents(answers, SHIPPED)
    mirrored = score_respondents(8 - answers, SHIPPED)
    dims = SHIPPED.dimension_ids
    np.testing.assert_allclose(mirrored[dims].to_numpy(), 100 - scores[dims].to_numpy(), atol=1e-9)
    # ...and flipping one item's reverse flag while mirroring its answers changes nothing.
    flipped_items = SHIPPED.items.copy()
    flipped_items["reverse"] = ~flipped_items["reverse"]
    flipped = type(SHIPPED)(**{**SHIPPED.__dict__, "items": flipped_items})
    np.testing.assert_allclose(score_respondents(8 - answers, flipped).to_numpy(), scores.to_numpy(), atol=1e-9)


# --- Group summary ------------------------------------------------------------------------------------


def test_group_summary_hand_computed():
    scores = pd.DataFrame({"d1": [50.0, 60.0, 70.0, 20.0, np.nan], "d2": [10.0, 10.0, 10.0, np.nan, np.nan]})
    groups = pd.Series(["A", "A", "A", "B", "B"])
    out = group_summary(scores, groups)
    assert list(out.columns) == ["group", "measure", "n", "mean", "sd", "ci_low", "ci_high"]
    a = out[(out.group == "A") & (out.measure == "d1")].iloc[0]
    # mean 60, SD 10, n 3; t(0.975, 2) = 4.303 from any t table: 60 -/+ 4.303 * 10 / sqrt(3)
    assert (a.n, a["mean"], a.sd) == (3, 60.0, 10.0)
    assert a.ci_low == pytest.approx(60 - 4.303 * 10 / math.sqrt(3), abs=0.01)
    assert a.ci_high == pytest.approx(60 + 4.303 * 10 / math.sqrt(3), abs=0.01)
    b = out[(out.group == "B") & (out.measure == "d1")].iloc[0]
    assert b.n == 1 and b["mean"] == 20.0 and math.isnan(b.sd) and math.isnan(b.ci_low)
    b2 = out[(out.group == "B") & (out.measure == "d2")].iloc[0]
    assert b2.n == 0 and math.isnan(b2["mean"])
    zero_spread = out[(out.group == "A") & (out.measure == "d2")].iloc[0]
    assert zero_spread.sd == 0 and zero_spread.ci_low == zero_spread.ci_high == 10.0


def test_group_summary_defaults_and_order():
    scores = score_respondents(tiny_answers(), TINY)
    out = group_summary(scores)
    assert set(out.group) == {"All respondents"}
    assert list(out.measure) == ["d1", "d2", "d3", "b1", "b2"]  # instrument order
    assert list(out.n) == [2, 2, 2, 3, 2]
    waves = group_summary(scores, pd.Series(["10", "2", None]))
    assert list(dict.fromkeys(waves.group)) == ["2", "10", "(missing)"]  # numeric order, missing last


def test_group_summary_rejects_misaligned_groups():
    with pytest.raises(ValueError, match="groups has 2 values"):
        group_summary(pd.DataFrame({"d1": [1.0, 2.0, 3.0]}), pd.Series(["a", "b"]))


# --- Cronbach's alpha -----------------------------------------------------------------------------------


def test_cronbach_alpha_matches_published_example():
    # Worked example from the documentation of the R package 'performance' (easystats),
    # https://easystats.github.io/performance/reference/cronbachs_alpha.html :
    # cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")]) prints 0.09463206.
    # The mtcars values (R 'datasets', Henderson & Velleman 1981) are in fixtures/mtcars_alpha.csv.
    cars = pd.read_csv(FIXTURES / "mtcars_alpha.csv")
    folder = FIXTURES / "tiny_instrument"
    instrument = load_instrument(folder)
    items = pd.DataFrame(
        {"item_id": ["cyl", "gear", "carb", "hp"], "block": "b1", "dimension": "d1", "reverse": False,
         "text": "x", "construct": "", "inspired_by": ""}
    )
    dims = instrument.dimensions.iloc[[0]]
    blocks = instrument.blocks.iloc[[0]]
    cars_instrument = type(instrument)(**{**instrument.__dict__, "items": items, "dimensions": dims, "blocks": blocks})
    out = cronbach_alpha(cars[["cyl", "gear", "carb", "hp"]].astype(float), cars_instrument)
    assert out.loc[0, "alpha"] == pytest.approx(0.09463206, abs=1e-8)
    assert (out.loc[0, "k_items"], out.loc[0, "n_complete"]) == (4, 32)


def test_cronbach_alpha_uses_reverse_coded_complete_cases():
    answers = tiny_answers()
    out = cronbach_alpha(answers, TINY).set_index("dimension")
    assert list(out.columns) == ["k_items", "n_complete", "alpha"]
    # d1: only r1 is complete -> alpha cannot be computed
    assert out.loc["d1", "n_complete"] == 1 and math.isnan(out.loc["d1", "alpha"])
    # d3: r1 (1, 1) and r3 (4, 7): item variances 4.5 and 18, total (2, 11) variance 40.5
    # alpha = 2/1 * (1 - 22.5/40.5) = 0.8889
    assert out.loc["d3", "n_complete"] == 2
    assert out.loc["d3", "alpha"] == pytest.approx(2 * (1 - 22.5 / 40.5))
    # Reverse coding: perfectly consistent answers (A3 worded the other way) give alpha = 1.
    consistent = pd.DataFrame({"A1": [1.0, 4.0, 7.0], "A2": [1.0, 4.0, 7.0], "A3": [7.0, 4.0, 1.0]})
    full = consistent.reindex(columns=TINY.item_ids)
    assert cronbach_alpha(full, TINY).set_index("dimension").loc["d1", "alpha"] == pytest.approx(1.0)


# --- Wave change -------------------------------------------------------------------------------------------


def test_welch_interval_matches_scipy():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 6.0, 8.0])
    low, high = welch_interval(x, y)
    ci = stats.ttest_ind(y, x, equal_var=False).confidence_interval(0.95)
    assert (low, high) == pytest.approx((ci.low, ci.high))
    assert low < 4 < high  # the difference of means, 6 - 2 = 4
    assert all(math.isnan(v) for v in welch_interval(np.array([1.0]), y))


def test_wave_change_per_unit():
    scores = pd.DataFrame({"d1": [10.0, 20.0, 30.0, 40.0, 60.0, 80.0, 50.0]})
    units = pd.Series(["U", "U", "U", "U", "U", "U", "V"])
    waves = pd.Series(["1", "1", "1", "2", "2", "2", "1"])
    out = wave_change(scores, units, waves, 1, 2)
    assert list(out.columns) == ["unit", "measure", "n_first", "mean_first", "n_second", "mean_second",
                                 "change", "ci_low", "ci_high"]
    u = out[out.unit == "U"].iloc[0]
    assert (u.n_first, u.mean_first, u.n_second, u.mean_second, u.change) == (3, 20.0, 3, 60.0, 40.0)
    ci = stats.ttest_ind([40, 60, 80], [10, 20, 30], equal_var=False).confidence_interval(0.95)
    assert (u.ci_low, u.ci_high) == pytest.approx((ci.low, ci.high))
    v = out[out.unit == "V"].iloc[0]  # only in wave 1: kept, with no change
    assert v.n_second == 0 and math.isnan(v.change)
    with pytest.raises(ValueError, match="no respondents in wave '3'"):
        wave_change(scores, units, waves, "1", "3")


# --- Reference values ----------------------------------------------------------------------------------------


def test_reference_values_are_rescaled_and_indicative():
    refs = reference_values(SHIPPED)
    assert list(refs.columns) == ["measure", "value", "label", "label_fr", "source_key", "note"]
    los = refs[refs.source_key == "garvin2008learning"].set_index("measure")["value"]
    assert los.to_dict() == {"environment": 71.0, "processes": 74.0, "leadership_block": 76.0}
    akhnif = refs[refs.source_key == "akhnif2018uhc"]
    assert len(akhnif) == 11
    # Akhnif 3.1 learning agenda: 4.32 on 1-7 -> (4.32 - 1) / 6 * 100 = 55.33
    agenda = akhnif[akhnif.label.str.contains("learning agenda")].iloc[0]
    assert agenda["value"] == pytest.approx(55.3333, abs=1e-3)
    assert "rescaled" in agenda["note"] and "4.32" in agenda["note"]
    assert refs["note"].str.contains("Indicative only").all()
    assert ((refs["value"] >= 0) & (refs["value"] <= 100)).all()


def test_reference_values_of_another_instrument():
    refs = reference_values(TINY)
    assert list(refs.measure) == ["b1", "d3"]  # the row for an unknown measure is left out
    assert refs.set_index("measure").loc["d3", "value"] == pytest.approx(50.0)


@pytest.mark.parametrize("df", [1, 2, 5, 29, 199, 200, 201, 1_000, 10**6])
def test_t_quantile_matches_scipy_everywhere(df):
    from learnorg.scoring import t_quantile

    for p in (0.975, 0.995, 0.9):
        assert float(t_quantile(df, p)) == pytest.approx(stats.t.ppf(p, df), rel=1e-10, abs=1e-10)
