"""Workbook checks for the chapter "Transferring knowledge".

Every expected answer is computed here from ``data/datasets/jee_spread.csv`` with
:mod:`learnorg.diffusion`, so the checks follow the data if a figure is corrected.
"""

from __future__ import annotations

import pandas as pd

from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.diffusion import decimal_years, first_at_or_above, fit_logistic

JEE = "jee_spread"


def _scope(name: str) -> pd.DataFrame:
    jee = datasets.load(JEE)
    return jee[jee["scope"] == name].reset_index(drop=True)


def _world() -> pd.DataFrame:
    return _scope("global")


def _half_level() -> float:
    return float(_world()["eligible"].iloc[0]) / 2


def _years_to_half() -> float:
    world = _world()
    date = first_at_or_above(world["date"], world["cumulative"], _half_level())
    return float(decimal_years([world["date"].iloc[0], date])[1])


def _ceiling(last_date: str | None = None) -> float:
    world = _world()
    if last_date is not None:
        world = world[world["date"] <= last_date]
    return fit_logistic(decimal_years(world["date"]), world["cumulative"]).ceiling


@_register("transfer/half-level")
def _check_half_level(answer: object) -> Feedback:
    world = _world()
    expected = _half_level()
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of countries, for example 50.")
    if _near(number, expected, 0.51):
        return _right(
            f"Half of the {world['eligible'].iloc[0]} countries that could take part is {expected:g}."
        )
    if _near(number, world["eligible"].iloc[0], 0.01):
        return _hint("that is every country that could take part. Half is that number divided by 2.")
    if any(_near(number, count / 2, 0.51) for count in world["cumulative"]):
        return _hint(
            "that is half of one of the counts. 'Half' means half of the countries that could adopt: "
            "use the 'eligible' column."
        )
    return _hint("take the 'eligible' value of the global rows and divide it by 2.")


@_register("transfer/years-to-half")
def _check_years_to_half(answer: object) -> Feedback:
    expected = _years_to_half()
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of years, for example 1.5.")
    if _near(number, expected, 0.05):
        return _right(
            f"About {expected:.2f} years ({round(expected * 12)} months) after the first JEE, the published "
            "count was at or above half for the first time."
        )
    if 2000 < number < 2100:
        return _hint("that is a calendar year. Give the number of years since the first JEE (February 2016).")
    if _near(number, expected * 12, 0.51):
        return _hint("that is the number of months. Divide by 12 to get years.")
    return _hint(
        "find the first date whose count is at or above half (first_at_or_above), then turn the first date "
        "and that date into years since the start with decimal_years."
    )


@_register("transfer/fitted-ceiling")
def _check_fitted_ceiling(answer: object) -> Feedback:
    expected = _ceiling()
    number = _as_number(answer)
    if number is None:
        return _hint("give the fitted ceiling as a number, for example 150.")
    if _near(number, expected, 1.0):
        return _right(
            f"The curve fitted to all five global counts levels off at about {expected:.0f} countries, "
            f"below the {_world()['cumulative'].max()} countries that had done a JEE by 2023."
        )
    if _near(number, _half_level() * 2, 0.5):
        return _hint("that is the number that could take part. Fit the ceiling freely: leave ceiling=None.")
    if _near(number, _ceiling("2019-12"), 1.0):
        return _hint("that is the fit to the points up to 2019 only. This task uses all five global points.")
    return _hint("fit_logistic(decimal_years(world['date']), world['cumulative']) and read .ceiling.")


@_register("transfer/ceiling-to-2019")
def _check_ceiling_to_2019(answer: object) -> Feedback:
    expected = _ceiling("2019-12")
    number = _as_number(answer)
    if number is None:
        return _hint("give the fitted ceiling as a number, for example 150.")
    if _near(number, expected, 1.0):
        latest = _world()["cumulative"].max()
        return _right(
            f"Fitted to the counts up to 2019 only, the curve levels off at about {expected:.0f}; yet "
            f"{latest} countries had done a JEE by 2023. A fitted ceiling describes the points; it is not a forecast."
        )
    if _near(number, _ceiling(), 1.0):
        return _hint("that fit includes the 2023 count. Keep only the rows dated up to 2019.")
    return _hint("keep the global rows with date <= '2019-12', fit them with fit_logistic, and read .ceiling.")


@_register("transfer/africa-share")
def _check_africa_share(answer: object) -> Feedback:
    africa = _scope("who_african_region")
    row = africa[africa["date"] == "2019-03"].iloc[0]
    expected = 100 * row["cumulative"] / row["eligible"]
    number = _as_number(answer)
    if number is None:
        return _hint("give a percentage, for example 42.5.")
    if _near(number, expected, 0.15):
        return _right(
            f"{row['cumulative']} of {row['eligible']} is {expected:.1f}%. The article's abstract prints 81%: "
            "always recompute a percentage from its counts when you can."
        )
    if _near(number, expected / 100, 0.002):
        return _hint("that is a proportion. Multiply by 100 to give a percentage.")
    if _near(number, 81, 0.5):
        return _hint(
            "81% is the figure printed in the source's abstract. Compute it yourself from the counts in the "
            "table: does it agree?"
        )
    return _hint("divide the March 2019 count by the number of countries in the Region, then multiply by 100.")
