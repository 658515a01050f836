"""Workbook checks for the chapter "Learning and resilience".

Every expected answer is computed from the shipped Gapminder series (with :func:`learnorg.shocks.shock_metrics`)
or from the thought-experiment model (:mod:`learnorg.resilience_model`), never typed in.
"""

from __future__ import annotations

from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.resilience_model import simulate
from learnorg.shocks import shock_metrics

SERIES = "gapminder_shock_series"
RWANDA_SHOCK_START = 1991  # the first year of the fall; the reference is the last year before it (1990)
EBOLA_SHOCK_YEAR = 2014
MODEL_TASK = {"detection_delay": 4, "adaptation_speed": 10.0, "memory": 0.5}


def _country(name: str):
    frame = datasets.load(SERIES)
    return frame[frame["country"] == name].set_index("year")


def _rwanda(column: str):
    return shock_metrics(_country("Rwanda")[column], RWANDA_SHOCK_START,
                         higher_is_better=(column != "infant_mortality"))


def _year(answer: object) -> int | None:
    number = _as_number(answer)
    return int(number) if number is not None and number.is_integer() else None


@_register("resilience/rwanda-depth")
def _rwanda_depth(answer: object) -> Feedback:
    m = _rwanda("life_expectancy")
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of years, for example 12.5.")
    if _near(number, m.depth, 0.051):
        return _right(f"{m.reference_value:g} in {m.reference_period} minus {m.worst_value:g} in {m.worst_period} "
                      f"is a fall of {m.depth:.1f} years.")
    if _near(number, m.worst_value, 0.051):
        return _hint(f"{m.worst_value:g} is the worst value itself. The depth is how far it fell from the reference "
                     f"({m.reference_period}).")
    if _near(number, m.depth_percent, 0.051):
        return _hint("that is the fall as a percentage of the reference. Give it in years.")
    if _near(number, -m.depth, 0.051):
        return _hint("give the depth of the fall as a positive number.")
    return _hint(f"subtract the worst value after {m.reference_period} from the value in {m.reference_period}.")


@_register("resilience/rwanda-back")
def _rwanda_back(answer: object) -> Feedback:
    m = _rwanda("life_expectancy")
    series = _country("Rwanda")["life_expectancy"]
    year = _year(answer)
    if year is None:
        return _hint("give a year, for example 1999.")
    if year == m.recovery_period:
        return _right(f"In {year} life expectancy was {series[year]:g}, back above {m.reference_value:g} for the first "
                      f"time: {m.periods_to_recover} years after the worst year.")
    if year == m.periods_to_recover:
        return _hint("that is a number of years. The question asks for the calendar year.")
    if year == m.worst_period:
        return _hint(f"{year} is the worst year. Look for the first year after it at or above {m.reference_value:g}.")
    if year in series.index and m.worst_period < year < m.recovery_period:
        return _hint(f"in {year} the value was {series[year]:g}, still below {m.reference_value:g}. Look later.")
    if year in series.index and year > m.recovery_period:
        return _hint(f"the value was already back at or above {m.reference_value:g} before {year}. Look earlier.")
    return _hint(f"find the first year after {m.worst_period} whose value is at least {m.reference_value:g}.")


@_register("resilience/infant-back")
def _infant_back(answer: object) -> Feedback:
    m = _rwanda("infant_mortality")
    series = _country("Rwanda")["infant_mortality"]
    year = _year(answer)
    if year is None:
        return _hint("give a year, for example 1999.")
    if year == m.recovery_period:
        return _right(f"In {year} infant mortality was {series[year]:g} per 1,000, at or below the {m.reference_value:g} "
                      f"of {m.reference_period} for the first time since the shock.")
    life = _rwanda("life_expectancy")
    if year == life.recovery_period:
        return _hint("that is when life expectancy recovered. For infant mortality, lower is better: look for the "
                     f"first year after {m.worst_period} at or below {m.reference_value:g}.")
    if year in series.index and m.worst_period < year < m.recovery_period:
        return _hint(f"in {year} infant mortality was {series[year]:g}, still above {m.reference_value:g}.")
    return _hint(f"for infant mortality a fall is good: find the first year after {m.worst_period} with a value at "
                 f"or below {m.reference_value:g}.")


@_register("resilience/ebola-deepest")
def _ebola_deepest(answer: object) -> Feedback:
    frame = datasets.load(SERIES)
    countries = [c for c in frame["country"].unique() if c != "Rwanda"]
    depths = {c: shock_metrics(_country(c)["life_expectancy"], EBOLA_SHOCK_YEAR,
                               search_until=EBOLA_SHOCK_YEAR).depth for c in countries}
    deepest = max(depths, key=depths.get)
    if not isinstance(answer, str):
        return _hint("give the country's name as text, in quotes.")
    names = {c.casefold(): c for c in countries}
    given = names.get(answer.strip().casefold())
    if given == deepest:
        return _right(f"Life expectancy in {deepest} fell by {depths[deepest]:.1f} years from 2013 to 2014.")
    if given is not None:
        return _hint(f"{given} fell by {depths[given]:.1f} years. Another country fell further.")
    return _hint(f"{answer!r} is not one of the three countries: {', '.join(countries)}.")


@_register("resilience/model-saving")
def _model_saving(answer: object) -> Feedback:
    run = simulate(**MODEL_TASK)
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of months of normal service, for example 1.5.")
    if _near(number, run.saving, 0.051):
        return _right(f"The first shock costs {run.first.services_lost:.1f} months of normal service and the second "
                      f"{run.second.services_lost:.1f}: memory saves {run.saving:.1f}.")
    if _near(number, run.first.services_lost, 0.051):
        return _hint("that is what the first shock costs. Subtract what the second shock costs.")
    if _near(number, run.second.services_lost, 0.051):
        return _hint("that is what the second shock costs. How much less is it than the first?")
    if _near(number, -run.saving, 0.051):
        return _hint("give the saving as a positive number: first shock minus second shock.")
    return _hint("run simulate(4, 10, 0.5) and subtract second.services_lost from first.services_lost.")
