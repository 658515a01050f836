"""Workbook checks for the chapter "Experimentation".

Every expected answer is computed from the shipped data (or, for the synthetic roll-out, from the seeded
package function), never typed in.
"""

from __future__ import annotations

from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.did import did_2x2
from learnorg.forest import excludes_null

MCH = "mozambique_integrated_mch"
P4P = "tanzania_p4p_effects"
ROLLOUT_SEED = 2018
REVIEW_PERIOD = 2


def _mch_row(outcome: str):
    return datasets.load(MCH).set_index("outcome").loc[outcome]


def _did(outcome: str):
    row = _mch_row(outcome)
    return did_2x2(row["control_before"], row["control_after"], row["intervention_before"], row["intervention_after"])


@_register("experimentation/maternal-did")
def _maternal_did(answer: object) -> Feedback:
    result = _did("Maternal health consultations")
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of consultations a month, for example 25.")
    if _near(number, result.did, 0.51):
        return _right(
            f"({result.treated_after:.0f} − {result.treated_before:.0f}) − ({result.control_after:.0f} − "
            f"{result.control_before:.0f}) = {result.did:+.0f} consultations a month: almost no difference."
        )
    if _near(number, -result.did, 0.51):
        return _hint("the sign is the wrong way round: take the pilot clinics' change minus the comparison clinics' change.")
    if _near(number, result.change_treated, 0.51):
        return _hint("that is the pilot clinics' change alone (before and after). Now subtract the comparison clinics' change.")
    if _near(number, result.change_control, 0.51):
        return _hint("that is the comparison clinics' change. Subtract it from the pilot clinics' change.")
    return _hint("work out (pilot after − pilot before) − (comparison after − comparison before).")


@_register("experimentation/child-ratio")
def _child_ratio(answer: object) -> Feedback:
    result = _did("Child health consultations")
    number = _as_number(answer)
    if number is None:
        return _hint("give a number with two decimals, for example 1.25.")
    if _near(number, result.ratio_of_ratios, 0.006):
        return _right(
            f"{result.ratio_treated:.3f} ÷ {result.ratio_control:.3f} = {result.ratio_of_ratios:.2f}: the pilot "
            f"clinics kept about {100 * (result.ratio_of_ratios - 1):.0f}% more of their consultations."
        )
    if _near(number, 1 / result.ratio_of_ratios, 0.006):
        return _hint("you divided the other way round: pilot ratio ÷ comparison ratio.")
    if _near(number, result.ratio_treated, 0.006) or _near(number, result.ratio_control, 0.006):
        return _hint("that is one group's ratio (after ÷ before). Divide the pilot ratio by the comparison ratio.")
    return _hint("compute after ÷ before for each group, then divide the pilot's ratio by the comparison's.")


@_register("experimentation/includes-zero")
def _includes_zero(answer: object) -> Feedback:
    p4p = datasets.load(P4P)
    unclear = [row.outcome for row in p4p.itertuples() if not excludes_null(row.ci_low, row.ci_high)]
    expected = len(unclear)
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return _hint("the answer is a whole number: how many rows have ci_low <= 0 <= ci_high?")
    if int(number) == expected:
        return _right(f"{expected} rows: {'; '.join(unclear)}.")
    if int(number) == len(p4p) - expected:
        return _hint("that is how many intervals EXCLUDE zero. Count the ones that include it.")
    return _hint("an interval includes zero when its lower end is at or below 0 and its upper end at or above 0.")


@_register("experimentation/largest-stockout-fall")
def _largest_stockout_fall(answer: object) -> Feedback:
    p4p = datasets.load(P4P)
    stockouts = p4p[p4p["outcome"].str.contains("stock-out", case=False)]
    best = stockouts.loc[stockouts["effect"].idxmin()]
    if not isinstance(answer, str):
        return _hint("give the outcome's name as text (in quotes), exactly as in the 'outcome' column.")
    given = answer.strip().casefold()
    if given == best["outcome"].casefold():
        return _right(f"{best['outcome']}: {best['effect']:.1f} percentage points ({best['ci_low']:.1f} to {best['ci_high']:.1f}).")
    names = {name.casefold(): name for name in p4p["outcome"]}
    if given in names:
        if "stock-out" not in given:
            return _hint("that row is not a stock-out measure. Keep only rows whose name contains 'stock-out'.")
        return _hint("that stock-out fell, but another fell further: the largest fall is the most negative effect.")
    return _hint(f"{answer!r} is not one of the outcomes; copy the name from the 'outcome' column.")


def _rollout_error() -> float:
    from learnorg.rollout import estimate_effects, simulate_rollout

    panel = simulate_rollout("best_first", seed=ROLLOUT_SEED)
    return estimate_effects(panel, REVIEW_PERIOD)["same_period"] - panel.attrs["true_effect"]


@_register("experimentation/rollout-error")
def _rollout_error_check(answer: object) -> Feedback:
    expected = _rollout_error()
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of percentage points, for example 3.2.")
    if _near(number, expected, 0.051):
        return _right(f"The comparison was off by {expected:+.1f} points, although the true effect is only 5 (synthetic data).")
    if _near(number, expected + 5, 0.051):
        return _hint("that is the estimate itself. The error is the estimate minus the true effect (5).")
    if _near(number, -expected, 0.051):
        return _hint("the sign is the wrong way round: estimate minus true effect.")
    return _hint("take estimates['same_period'] and subtract the true effect, panel.attrs['true_effect'].")
