"""Self-checks for the workbooks.

A workbook cell calls ``check("chapter/task", answer)``. The expected answer is always
computed from the shipped data, never typed in, so the checks stay right if the data are corrected.
An answer of ``None`` means "not answered yet"; a wrong answer gets a hint, not the solution.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

from learnorg import datasets
from learnorg.figures import rank_changes

NOT_ANSWERED = "not answered"
CORRECT = "correct"
INCORRECT = "incorrect"


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: a status and a message for the learner."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


_CHECKS: dict[str, Callable[[object], Feedback]] = {}


def _register(check_id: str):
    def decorate(func: Callable[[object], Feedback]) -> Callable[[object], Feedback]:
        _CHECKS[check_id] = func
        return func

    return decorate


def available() -> list[str]:
    """Identifiers of every check, e.g. ``"why-learn/largest-fall"``."""
    return sorted(_CHECKS)


def evaluate(check_id: str, answer: object) -> Feedback:
    """Return the feedback for ``answer`` without printing it."""
    if check_id not in _CHECKS:
        raise KeyError(f"Unknown check {check_id!r}. Available checks: {', '.join(available())}.")
    if answer is None:
        return Feedback(NOT_ANSWERED, "Not answered yet: replace None with your answer and run the cell again.")
    return _CHECKS[check_id](answer)


def check(check_id: str, answer: object) -> None:
    """Print the feedback for ``answer`` (for use in a workbook cell)."""
    print(evaluate(check_id, answer).message)


# Helpers ---------------------------------------------------------------------------------------

def _right(detail: str = "") -> Feedback:
    return Feedback(CORRECT, "Correct." + (f" {detail}" if detail else ""))


def _hint(text: str) -> Feedback:
    return Feedback(INCORRECT, f"Not quite. Hint: {text}")


def _as_number(answer: object) -> float | None:
    """The answer as a float, or None if it is not a plain number (booleans are not numbers here)."""
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return None
    number = float(answer)
    return None if math.isnan(number) else number


def _near(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance


# Chapter: Why health systems need to learn ------------------------------------------------------

FALLS = "liberia_ebola_service_falls"
FALL_COLUMN = "pct_change_may_sep_2014"
PULSE = "who_pulse_surveys"


def _ranked_falls():
    return rank_changes(datasets.load(FALLS), FALL_COLUMN)


@_register("why-learn/largest-fall")
def _largest_fall(answer: object) -> Feedback:
    ranked = _ranked_falls()
    expected = ranked.loc[0, "indicator"]
    if not isinstance(answer, str):
        return _hint("give the indicator's name as text (in quotes), exactly as it appears in the 'indicator' column.")
    given = answer.strip().casefold()
    if given == expected.casefold():
        return _right(f"{expected} fell by {abs(ranked.loc[0, FALL_COLUMN]):.1f}%.")
    names = {name.casefold(): name for name in ranked["indicator"]}
    if given in names:
        row = ranked[ranked["indicator"] == names[given]].iloc[0]
        return _hint(
            f"{row['indicator']} fell by {abs(row[FALL_COLUMN]):.1f}%, but another service fell further. "
            "The largest fall is the most negative number: sort the column from smallest to largest."
        )
    return _hint(f"{answer!r} is not one of the indicators. Choose one of: {', '.join(ranked['indicator'])}.")


@_register("why-learn/more-than-half")
def _more_than_half(answer: object) -> Feedback:
    changes = _ranked_falls()[FALL_COLUMN]
    expected = int((changes < -50).sum())
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return _hint("the answer is a whole number: how many rows have a fall bigger than 50%?")
    if int(number) == expected:
        return _right(f"{expected} of the {len(changes)} services lost more than half of their outputs.")
    if int(number) == len(changes):
        return _hint("every service fell, but not all by more than half. A fall of more than half is a value below -50.")
    return _hint("count the rows where the change is below -50 (for example with (column < -50).sum()).")


@_register("why-learn/measles-per-10")
def _measles_per_10(answer: object) -> Feedback:
    ranked = _ranked_falls()
    row = ranked[ranked["indicator"].str.casefold() == "measles vaccinations"].iloc[0]
    expected = -row[FALL_COLUMN] / 10
    number = _as_number(answer)
    if number is None:
        return _hint("give a number, for example 4.2.")
    if _near(number, expected, 0.051):
        return _right(f"About {expected:.1f} of every 10 measles vaccinations given in May were missing in September.")
    if _near(abs(number), expected * 10, 0.51):
        return _hint("that is the percentage, out of 100. Divide by 10 to get the number out of 10.")
    if _near(number, 10 - expected, 0.051):
        return _hint("that is how many were still given. The question asks how many were lost.")
    if _near(number, -expected, 0.051):
        return _hint("give the number lost as a positive number.")
    return _hint("take the measles percentage change, drop the minus sign and divide by 10.")


@_register("why-learn/disrupted-round-2")
def _disrupted_round_2(answer: object) -> Feedback:
    pulse = datasets.load(PULSE)
    row = pulse[pulse["round"] == 2].iloc[0]
    exact = row["countries_responding"] * row["pct_countries_any_disruption"] / 100
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of countries, for example 80.")
    if _near(number, exact, 0.51):
        return _right(f"{exact:.1f}, so about {round(exact)} countries reported at least one disrupted service.")
    if _near(number, row["pct_countries_any_disruption"], 0.01):
        return _hint("that is the percentage. Multiply the number of countries by the percentage, then divide by 100.")
    if _near(number, row["countries_responding"], 0.01):
        return _hint("that is every country that answered. Only some of them reported a disruption.")
    return _hint("multiply countries_responding by pct_countries_any_disruption for round 2, then divide by 100.")
