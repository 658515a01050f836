"""The seeded synthetic survey generator and the shipped synthetic example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from learnorg import synthetic
from learnorg.scoring import score_respondents



@pytest.fixture(scope="module")
def survey(instrument):
    return synthetic.generate_survey(instrument)


def test_same_seed_same_data_other_seed_other_data(instrument):
    a = synthetic.generate_survey(instrument, seed=7)
    b = synthetic.generate_survey(instrument, seed=7)
    c = synthetic.generate_survey(instrument, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_layout_six_units_two_waves_15_to_40_each(survey, instrument):
    assert list(survey.columns) == ["respondent_id", "unit", "role", "wave", *instrument.item_ids]
    sizes = survey.groupby(["unit", "wave"]).size()
    assert len(sizes) == 12
    assert set(survey["unit"]) == set(synthetic.UNITS)
    assert set(survey["wave"]) == {1, 2}
    assert sizes.between(15, 40).all(), sizes
    assert set(survey["role"]) == set(synthetic.ROLES)
    assert survey["respondent_id"].is_unique


def test_answers_are_whole_numbers_1_to_7_or_missing(survey, instrument):
    answers = survey[instrument.item_ids]
    assert (answers.dtypes == "Int64").all()
    values = answers.to_numpy(dtype=float, na_value=np.nan)
    present = set(np.unique(values[~np.isnan(values)]))
    assert present == set(range(1, 8))  # nothing outside 1..7, and the whole scale is used


def test_missingness_is_realistic(survey, instrument):
    answers = survey[instrument.item_ids]
    share = answers.isna().to_numpy().mean()
    assert 0.01 < share < 0.10
    # some respondents stop partway: their last item is missing while their first is answered
    assert (answers.iloc[:, 0].notna() & answers.iloc[:, -1].isna()).sum() >= 3
    scores = score_respondents(answers.astype(float), instrument)
    assert scores[instrument.dimension_ids].isna().any(axis=1).sum() >= 5  # some dimension scores missing
    assert scores[instrument.dimension_ids].isna().mean().max() < 0.15  # but most scores exist


def test_no_missingness_when_rates_are_zero(instrument):
    full = synthetic.generate_survey(instrument, missing_rate=0, dropout_rate=0, gap_rate=0)
    assert not full[instrument.item_ids].isna().any(axis=None)


def test_reverse_items_run_against_their_dimension(survey, instrument):
    answers = survey[instrument.item_ids].astype(float)
    items = instrument.items
    checked = 0
    for dim in instrument.dimension_ids:
        part = items[items["dimension"] == dim]
        forward = list(part.loc[~part["reverse"], "item_id"])
        for item in part.loc[part["reverse"], "item_id"]:
            r = answers[item].corr(answers[forward].mean(axis=1))
            assert r < -0.3, f"{item} correlates {r:.2f} with the other items of {dim}"
            # once reverse-scored it agrees with them
            assert (8 - answers[item]).corr(answers[forward].mean(axis=1)) > 0.3
            checked += 1
    assert checked == int(items["reverse"].sum()) > 0


def test_some_units_improve_and_some_do_not(instrument):
    # Large samples remove sampling noise, leaving the generator's designed change between waves.
    big = synthetic.generate_survey(instrument, seed=11, n_range=(400, 400))
    scores = score_respondents(big[instrument.item_ids].astype(float), instrument)
    overall = scores[instrument.dimension_ids].mean(axis=1)
    means = overall.groupby([big["unit"], big["wave"]]).mean().unstack("wave")
    change = means[2] - means[1]
    assert (change > 4).sum() == 3, change  # half of the six units improve clearly
    assert (change.abs() < 2.5).sum() == 3, change  # the others stay about where they were


def test_units_differ_in_profile(survey, instrument):
    scores = score_respondents(survey[instrument.item_ids].astype(float), instrument)
    profile = scores[instrument.dimension_ids].groupby(survey["unit"]).mean()
    weakest = profile.idxmin(axis=1)
    assert weakest.nunique() >= 2  # not every unit has the same weakest dimension
    assert (profile.max(axis=1) - profile.min(axis=1) > 10).all()


def test_invalid_arguments_are_refused(instrument):
    with pytest.raises(ValueError, match="waves"):
        synthetic.generate_survey(instrument, waves=0)
    with pytest.raises(ValueError, match="n_range"):
        synthetic.generate_survey(instrument, n_range=(30, 10))
    with pytest.raises(ValueError, match="units"):
        synthetic.generate_survey(instrument, units=[])


def test_custom_units_and_waves(instrument):
    frame = synthetic.generate_survey(instrument, units=["A", "B"], waves=3, n_range=(5, 5))
    assert frame.groupby(["unit", "wave"]).size().to_dict() == {
        (u, w): 5 for u in ("A", "B") for w in (1, 2, 3)
    }


def test_shipped_example_is_exactly_what_the_generator_makes(tmp_path):
    meta = yaml.safe_load(synthetic.example_path().with_suffix(".yaml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert "SYNTHETIC" in meta["title"]
    assert f"--seed {meta['seed']}" in meta["command"]
    fresh = synthetic.write_survey(tmp_path / "again.csv", seed=meta["seed"])
    assert fresh.read_bytes() == synthetic.example_path().read_bytes(), (
        "data/examples/synthetic_survey.csv differs from the generator's output; regenerate it with: "
        + meta["command"]
    )
    assert synthetic.example_path().stat().st_size < 200_000
    assert sum(1 for _ in synthetic.example_path().open(encoding="utf-8")) - 1 == meta["rows"]


def test_command_line_writes_the_same_file(tmp_path, capsys):
    out = tmp_path / "cli.csv"
    assert synthetic.main(["--out", str(out), "--seed", "5"]) == 0
    assert "synthetic" in capsys.readouterr().out.lower()
    assert out.read_bytes() == synthetic.write_survey(tmp_path / "api.csv", seed=5).read_bytes()


def test_large_answers(instrument):
    a = synthetic.large_answers(5_000, instrument, seed=3)
    assert a.shape == (5_000, len(instrument.item_ids))
    assert list(a.columns) == instrument.item_ids
    values = a.to_numpy()
    present = values[~np.isnan(values)]
    assert set(np.unique(present)) == set(range(1, 8))
    assert 0.02 < np.isnan(values).mean() < 0.04
    pd.testing.assert_frame_equal(a, synthetic.large_answers(5_000, instrument, seed=3))
    # reverse items still run against their dimension
    sp = instrument.items_of("problem_solving")
    rev = [i for i in sp if i in instrument.reverse_items][0]
    fwd = [i for i in sp if i not in instrument.reverse_items]
    assert a[rev].corr(a[fwd].mean(axis=1)) < -0.3
