"""Workbook checks for the chapter "Why health systems need to learn"."""

from __future__ import annotations

from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.figures import rank_changes

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
