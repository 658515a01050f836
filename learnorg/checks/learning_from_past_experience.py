"""Workbook checks for the chapter "Learning from past experience"."""

from __future__ import annotations

from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.reviews import shares
from learnorg.timelines import outbreak_intervals

UGANDA = "uganda_ebola_outbreaks"
GUINEA = "guinea_ebola_outbreaks"
AAR = "who_aar_reports_2016_2019"


def _uganda():
    return outbreak_intervals(datasets.load(UGANDA))


def _guinea():
    return outbreak_intervals(datasets.load(GUINEA))


@_register("past-experience/onset-to-declared-2022")
def _onset_to_declared_2022(answer: object) -> Feedback:
    row = _uganda().set_index("year_declared").loc[2022]
    expected = row["days_onset_to_declared"]
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of days, for example 30.")
    if _near(number, expected, 0.01):
        return _right(f"{int(expected)} days passed between the earliest onset and the declaration.")
    if _near(number, row["days_reported_to_declared"], 0.01):
        return _hint("that is from the first report to the declaration. Start from the earliest onset instead.")
    if _near(number, row["days_declared_to_over"], 0.01):
        return _hint("that is from the declaration to the end. The question asks about the time before the declaration.")
    if _near(abs(number), expected, 0.01):
        return _hint("give the number of days as a positive number.")
    return _hint("subtract the earliest_onset date from the declared date (both as dates), then take .days.")


@_register("past-experience/longest-response")
def _longest_response(answer: object) -> Feedback:
    table = _uganda()
    row = table.loc[table["days_declared_to_over"].idxmax()]
    expected = row["outbreak"]
    if not isinstance(answer, str):
        return _hint("give the outbreak's name as text (in quotes), exactly as in the 'outbreak' column.")
    given = answer.strip().casefold()
    if given == expected.casefold():
        return _right(f"{expected}: {int(row['days_declared_to_over'])} days from declaration to the declared end.")
    names = {name.casefold(): name for name in table["outbreak"]}
    if given in names:
        other = table[table["outbreak"] == names[given]].iloc[0]
        if other["days_onset_to_declared"] == table["days_onset_to_declared"].max():
            return _hint("that outbreak took longest to be declared. The question asks about declaration to end.")
        return _hint(f"{other['outbreak']} lasted {int(other['days_declared_to_over'])} days after declaration; one lasted longer.")
    return _hint(f"{answer!r} is not one of the outbreaks. Choose one of: {', '.join(table['outbreak'])}.")


@_register("past-experience/guinea-ratio")
def _guinea_ratio(answer: object) -> Feedback:
    table = _guinea().set_index("year_declared")
    first, second = table.loc[2014, "days_declared_to_over"], table.loc[2021, "days_declared_to_over"]
    expected = first / second
    number = _as_number(answer)
    if number is None:
        return _hint("give a number, for example 2.5.")
    if _near(number, expected, 0.051):
        return _right(f"{int(first)} ÷ {int(second)} = {expected:.1f}: the first outbreak lasted about {round(expected)} times as long.")
    if _near(number, 1 / expected, 0.01):
        return _hint("you divided the short outbreak by the long one. Put the 2014–16 outbreak on top.")
    if _near(number, first - second, 0.51):
        return _hint("that is the difference in days. The question asks how many times longer: divide instead.")
    return _hint("divide days_declared_to_over for 2014 by the same column for 2021.")


@_register("past-experience/working-group-share")
def _working_group_share(answer: object) -> Feedback:
    table = shares(datasets.load(AAR)).set_index(["dimension", "category"])
    row = table.loc[("AAR format", "Working group")]
    expected = row["percent"]
    number = _as_number(answer)
    if number is None:
        return _hint("give a percentage as a number, for example 50.")
    if _near(number, expected, 0.051):
        return _right(f"{int(row['reports'])} of 42 reports, {expected:.1f}%.")
    if _near(number, row["reports"], 0.01):
        return _hint("that is the number of reports. Divide by the 42 reports and multiply by 100.")
    if _near(number, expected / 100, 0.001):
        return _hint("that is a proportion. Multiply by 100 to get a percentage.")
    if _near(number, 100 * row["reports"] / 63, 0.051):
        return _hint("63 reviews were supported, but only 42 reports were available; Table 2 describes those 42.")
    return _hint("divide the working group count by the total of the 'AAR format' rows, then multiply by 100.")
