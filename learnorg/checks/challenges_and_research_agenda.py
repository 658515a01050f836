"""Workbook checks for the chapter "Challenges and a research agenda".

The expected answers are computed from the case library as it is when the check runs (so they stay right
as cases are added) and from the Akhnif et al. (2017) scoping-review counts.
"""

from __future__ import annotations

from learnorg import datasets
from learnorg.cases import EVIDENCE, load_cases
from learnorg.checks import Feedback, _as_number, _hint, _register, _right
from learnorg.evidence_map import (
    COMPARATIVE, comparative_share, evidence_by, evidence_counts, evidence_summary, strongest_blocks,
)

SCOPING = "akhnif2017_scoping_review"
CLASSIFY_CASE = "tanzania_p4p_pwani"


def _whole_number(answer: object, what: str) -> int | Feedback:
    """The answer as an int, or a hint if it is not a whole number."""
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return _hint(f"the answer is a whole number of {what}.")
    return int(number)


@_register("challenges/trial-count")
def _trial_count(answer: object) -> Feedback:
    counts = evidence_counts().set_index("evidence")["cases"]
    expected = int(counts["trial"])
    number = _whole_number(answer, "cases")
    if isinstance(number, Feedback):
        return number
    if number == expected:
        return _right(f"{expected} of the {int(counts.sum())} cases rest on a randomised trial.")
    if number == int(counts[list(COMPARATIVE)].sum()):
        return _hint("that counts comparisons without randomisation too; count only the value 'trial'.")
    return _hint("count the rows whose 'evidence' is 'trial', e.g. (cases['evidence'] == 'trial').sum().")


@_register("challenges/comparative-share")
def _comparative_share(answer: object) -> Feedback:
    expected = comparative_share()
    number = _as_number(answer)
    if number is None:
        return _hint("give a percentage as a number, e.g. 12.5 for 12.5%.")
    if abs(number - expected) <= 0.15:
        return _right(f"{expected:.1f}% of the cases rest on a trial or a comparison without randomisation.")
    if abs(100 * number - expected) <= 0.15:
        return _hint("that looks like a proportion; multiply by 100 to give a percentage.")
    trials_only = comparative_share(kinds=("trial",))
    if abs(number - trials_only) <= 0.15:
        return _hint("that is the share of trials only; add the comparisons without randomisation.")
    return _hint("divide the number of cases whose evidence is 'trial' or 'quasi_experimental' by all cases, "
                 "and multiply by 100.")


@_register("challenges/strongest-block")
def _strongest_block(answer: object) -> Feedback:
    counts = evidence_by(by="building_blocks")
    comparative = counts[[EVIDENCE[k] for k in COMPARATIVE]].sum(axis=1)
    best = strongest_blocks()
    if not isinstance(answer, str):
        return _hint("give the building block's name as text, as it appears in the rows of the table.")
    names = {name.casefold(): name for name in comparative.index}
    chosen = names.get(" ".join(answer.split()).casefold())
    if chosen is None:
        return _hint(f"{answer!r} is not a building block. Choose one of: {', '.join(comparative.index)}.")
    if chosen in best:
        return _right(f"{chosen}: {int(comparative[chosen])} case(s) resting on a trial or another comparison.")
    return _hint(f"{chosen} has {int(comparative[chosen])} comparative case(s); another block has more.")


@_register("challenges/pairs-without-comparative")
def _pairs_without_comparative(answer: object) -> Feedback:
    summary = evidence_summary()
    expected = summary["pairs_without_comparative"]
    number = _whole_number(answer, "block-and-capacity pairs")
    if isinstance(number, Feedback):
        return number
    if number == expected:
        return _right(f"{expected} of the {summary['pairs']} pairs have no case resting on a trial or another "
                      "comparison.")
    if number == summary["pairs_without_cases"]:
        return _hint("that counts the pairs with no case at all; count the pairs with no comparative case.")
    return _hint("in evidence_map(), count the rows whose 'comparative' column is 0.")


@_register("challenges/classify-tanzania")
def _classify_tanzania(answer: object) -> Feedback:
    cases = load_cases().set_index("id")
    expected = cases.loc[CLASSIFY_CASE, "evidence"]
    if not isinstance(answer, str):
        return _hint(f"give one of the values as text: {', '.join(EVIDENCE)}.")
    given = " ".join(answer.split()).casefold().replace("-", "_").replace(" ", "_")
    labels = {label.casefold().replace(" ", "_"): key for key, label in EVIDENCE.items()}
    given = labels.get(given, given)
    if given not in EVIDENCE:
        return _hint(f"{answer!r} is not one of the values: {', '.join(EVIDENCE)}.")
    if given == expected:
        return _right(f"'{expected}': {EVIDENCE[expected].lower()}. The districts were compared, but not chosen "
                      "by lottery.")
    if given == "trial":
        return _hint("there was a comparison group, but were the districts assigned by chance?")
    return _hint("there was a comparison group measured before and after; what was missing?")


@_register("challenges/hospital-share")
def _hospital_share(answer: object) -> Feedback:
    table = datasets.load(SCOPING).set_index("category")["documents"]
    expected = round(100 * table["Hospital"] / table["Used for the summary"], 1)
    number = _as_number(answer)
    if number is None:
        return _hint("give a percentage as a number, e.g. 40.0.")
    if abs(number - expected) <= 0.15:
        return _right(f"{int(table['Hospital'])} of {int(table['Used for the summary'])} articles: {expected:.1f}%. "
                      "The abstract gives it as 55%.")
    if abs(100 * number - expected) <= 0.15:
        return _hint("that looks like a proportion; multiply by 100.")
    return _hint("divide the hospital articles by the 27 articles used for the summary (not by 263 or 50).")
