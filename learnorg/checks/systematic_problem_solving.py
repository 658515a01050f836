"""Workbook checks for the chapter "Systematic problem-solving"."""

from __future__ import annotations

from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.runchart import analyse, pareto_table

UGANDA = "uganda_weekly_reporting_rate"
RATE = "reporting_rate_pct"
CAUSES = "maternal_death_causes_global"
KENYA = "kenya_malaria_reporting_completeness"


def _uganda_analysis():
    return analyse(datasets.load(UGANDA)[RATE])


def _whole_number(answer: object) -> int | None:
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return None
    return int(number)


@_register("solve/median")
def _median(answer: object) -> Feedback:
    rates = datasets.load(UGANDA)[RATE]
    expected = _uganda_analysis().median
    number = _as_number(answer)
    if number is None:
        return _hint("give a number, for example 79.5.")
    if _near(number, expected, 0.051):
        return _right(f"The median is {expected:g}%: half the weeks are above it and half below.")
    if _near(number, rates.mean(), 0.051):
        return _hint("that is the mean (average). A run chart uses the median: the middle value once sorted.")
    return _hint("sort the 16 values; with an even number of values the median is the average of the middle two.")


@_register("solve/runs")
def _runs(answer: object) -> Feedback:
    result = _uganda_analysis()
    number = _whole_number(answer)
    if number is None:
        return _hint("the number of runs is a whole number.")
    if number == result.runs:
        low, high = result.runs_limits
        return _right(f"{result.runs} runs, within the {low} to {high} expected for {result.useful_observations} points.")
    if number == result.crossings:
        return _hint("that is the number of times the line crosses the median. The number of runs is one more.")
    return _hint("a run is one or more points in a row on the same side of the median; count the groups.")


@_register("solve/longest-run")
def _longest_run(answer: object) -> Feedback:
    result = _uganda_analysis()
    number = _whole_number(answer)
    if number is None:
        return _hint("give the number of points in the longest run, a whole number.")
    if number == result.longest_run:
        return _right(f"The longest run is {result.longest_run} points: one short of the 6 a shift needs.")
    if number == result.longest_trend:
        return _hint("that is the longest rising or falling sequence (trend). A run is about sides of the median.")
    return _hint("look at the 'run' column of result.points() and find the run with the most points.")


@_register("solve/below-target")
def _below_target(answer: object) -> Feedback:
    rates = datasets.load(UGANDA)[RATE]
    expected = int((rates < 80).sum())
    number = _whole_number(answer)
    if number is None:
        return _hint("the answer is a whole number of weeks.")
    if number == expected:
        return _right(f"{expected} of the {len(rates)} published weeks were below the 80% target.")
    if number == len(rates) - expected:
        return _hint("that is the number of weeks at or above 80%. The question asks for weeks below it.")
    return _hint("count the rows where reporting_rate_pct is below 80, e.g. (column < 80).sum().")


@_register("solve/week6-pct")
def _week6_pct(answer: object) -> Feedback:
    frame = datasets.load(UGANDA)
    row = frame[(frame["year"] == 2017) & (frame["week"] == 6)].iloc[0]
    expected = row["districts_all_reporting"] / row["districts"] * 100
    number = _as_number(answer)
    if number is None:
        return _hint("give a percentage, for example 25.0.")
    if _near(number, expected, 0.051):
        return _right(
            f"{row['districts_all_reporting']:g} of {row['districts']:g} is {expected:.1f}%, "
            f"not the {row['districts_all_reporting_pct_stated']:g}% printed."
        )
    if _near(number, row["districts_all_reporting_pct_stated"], 0.01):
        return _hint("that is the percentage printed in the bulletin. Compute it yourself from the two counts.")
    if _near(number, expected / 100, 0.0006):
        return _hint("that is a proportion. Multiply by 100 to get a percentage.")
    return _hint("divide districts_all_reporting by districts for week 6 of 2017, then multiply by 100.")


@_register("solve/pareto-top3")
def _pareto_top3(answer: object) -> Feedback:
    table = pareto_table(datasets.load(CAUSES), "cause", "deaths_thousands")
    expected = table.loc[2, "cumulative_percent"]
    number = _as_number(answer)
    if number is None:
        return _hint("give a percentage, for example 50.0.")
    if _near(number, expected, 0.051):
        return _right(f"The three largest categories make {expected:.1f}% of maternal deaths.")
    if _near(number, expected / 100, 0.0006):
        return _hint("that is a proportion. Multiply by 100 to get a percentage.")
    if _near(number, table.loc[3, "cumulative_percent"], 0.051) or _near(number, table.loc[1, "cumulative_percent"], 0.051):
        return _hint("take exactly three categories: read the cumulative_percent of the row with rank 3.")
    return _hint("build pareto_table(causes, 'cause', 'deaths_thousands') and read cumulative_percent at rank 3.")


@_register("solve/kenya-fell")
def _kenya_fell(answer: object) -> Feedback:
    kenya = datasets.load(KENYA)
    change = kenya["completeness_2015"] - kenya["completeness_2011"]
    expected = int((change < 0).sum())
    number = _whole_number(answer)
    if number is None:
        return _hint("the answer is a whole number of indicators.")
    if number == expected:
        fell = "; ".join(kenya.loc[change < 0, "indicator"])
        return _right(f"{expected} indicators became less complete: {fell}.")
    if number == int((change > 0).sum()):
        return _hint("that is the number that improved. The question asks how many fell.")
    if number == len(kenya) - int((change > 0).sum()):
        return _hint("rows with no 2011 value cannot have fallen: they were not collected in 2011.")
    return _hint("subtract completeness_2011 from completeness_2015 and count the negative results.")
