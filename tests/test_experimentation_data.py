"""The chapter "Experimentation": its datasets match their sources, and its new cases are in the library."""

from __future__ import annotations

import pytest

from learnorg import datasets
from learnorg.cases import load_cases


def test_tanzania_p4p_matches_table_3():
    p4p = datasets.load("tanzania_p4p_effects").set_index("outcome")
    assert len(p4p) == 13
    assert (p4p["ci_low"] <= p4p["effect"]).all() and (p4p["effect"] <= p4p["ci_high"]).all()
    # Anselmi et al. 2017, Table 3 (and the Binyaruka et al. 2015 abstract for the first and third rows).
    assert p4p.loc["Facility-based delivery", ["effect", "ci_low", "ci_high"]].tolist() == [8.2, 3.6, 12.8]
    assert p4p.loc["At least 2 doses of antimalarial in pregnancy", "effect"] == 10.3
    assert p4p.loc["Oxytocin injection stock-out, last 90 days", ["effect", "ci_low", "ci_high"]].tolist() == [
        -36.2, -55.9, -16.4]
    assert p4p["group"].value_counts().to_dict() == {"Potential mediator": 10, "Maternal care outcome": 3}
    # The Bonferroni mark exists for mediators only.
    assert p4p.loc[p4p["group"] == "Maternal care outcome", "bonferroni_significant"].isna().all()
    assert (p4p["bonferroni_significant"] == True).sum() == 5  # noqa: E712


def test_mozambique_matches_table_2():
    mch = datasets.load("mozambique_integrated_mch").set_index("outcome")
    assert mch.loc["Maternal health consultations"].tolist()[:4] == [785, 525, 748, 501]
    assert mch.loc["Child health consultations"].tolist()[:4] == [1355, 857, 1048, 956]
    assert mch["p_difference"].tolist() == [0.535, 0.194]


def test_seguro_popular_matches_the_abstract():
    sp = datasets.load("seguro_popular_effects")
    assert sp["reduction"].tolist() == [1.9, 3.0, 6.5, 426, 915]
    assert (sp["ci_low"] < sp["reduction"]).all() and (sp["reduction"] < sp["ci_high"]).all()
    assert sp["relative_reduction_pct"].dropna().tolist() == [23, 30, 59]


@pytest.mark.parametrize(
    "case_id",
    ["tanzania_p4p_pwani", "mozambique_integrated_mch_tete", "gambia_hepatitis_b_phased_rollout",
     "mexico_seguro_popular_experiment"],
)
def test_new_experimentation_cases_load(case_id):
    cases = load_cases().set_index("id")
    assert case_id in cases.index
    assert "experimentation" in cases.loc[case_id, "building_blocks"]
