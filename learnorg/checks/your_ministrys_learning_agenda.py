"""Workbook checks for the chapter "Your ministry's learning agenda".

Expected answers are computed from the Akhnif et al. (2018) table, the SYNTHETIC example survey and the
planner's practices file, with the same package functions the chapter uses.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from learnorg import agenda, datasets, planner, scoring, synthetic
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right
from learnorg.instrument import load_instrument

TABLE = "akhnif2018_table1"
EXPERIENCE = "3.3 Experience"
BENIN = "Benin"
PP = "Planning & Policy"
MCH = "Maternal & Child Health"
WAVE = "2"


def _bottom() -> pd.DataFrame:
    return agenda.bottom_k_with_ties(datasets.load(TABLE), "country", "sub_block", "mean", k=3)


@lru_cache(maxsize=1)
def _scores() -> tuple[pd.DataFrame, pd.DataFrame]:
    instrument = load_instrument()
    survey = pd.read_csv(synthetic.example_path(), dtype={"wave": str})
    return survey, scoring.score_respondents(survey[instrument.item_ids].astype(float), instrument)


def _ranked(unit: str) -> pd.DataFrame:
    instrument = load_instrument()
    survey, scores = _scores()
    keep = (survey["unit"] == unit) & (survey["wave"] == WAVE)
    return planner.rank_dimensions(planner.summarise_scores(scores[keep], instrument), instrument)


def _summary(unit: str) -> pd.DataFrame:
    instrument = load_instrument()
    survey, scores = _scores()
    keep = (survey["unit"] == unit) & (survey["wave"] == WAVE)
    return planner.summarise_scores(scores[keep], instrument)


def _whole(answer: object) -> int | None:
    number = _as_number(answer)
    return int(number) if number is not None and number.is_integer() else None


def _dimension(answer: object) -> str | None:
    """The dimension id an answer names: its id ('experimentation') or its label ('Experimentation')."""
    if not isinstance(answer, str):
        return None
    instrument = load_instrument()
    given = " ".join(answer.replace("_", " ").split()).casefold()
    for dim in instrument.dimension_ids:
        if given in (dim.replace("_", " "), instrument.label(dim).casefold()):
            return dim
    return None


@_register("agenda/experience-countries")
def _experience_countries(answer: object) -> Feedback:
    bottom = _bottom()
    expected = int((bottom["sub_block"] == EXPERIENCE).sum())
    number = _whole(answer)
    if number is None:
        return _hint("the answer is a whole number of countries, from 0 to 6.")
    if number == expected:
        which = ", ".join(bottom.loc[bottom["sub_block"] == EXPERIENCE, "country"])
        return _right(f"{EXPERIENCE} is among the three lowest, ties included, in {expected} countries: {which}.")
    if number == 6:
        return _hint("not in every country: check Togo's three lowest sub-blocks.")
    return _hint("filter the table from bottom_k_with_ties to the rows whose sub_block is '3.3 Experience' and count "
                 "them, including countries where it is tied for third place.")


@_register("agenda/benin-bottom")
def _benin_bottom(answer: object) -> Feedback:
    bottom = _bottom()
    expected = int((bottom["country"] == BENIN).sum())
    number = _whole(answer)
    if number is None:
        return _hint("the answer is a whole number of sub-blocks.")
    if number == expected:
        tied = int(bottom.loc[bottom["country"] == BENIN, "tied"].sum())
        return _right(f"{expected} sub-blocks: the two lowest and {tied} tied for third place.")
    if number == 3:
        return _hint("three is the strict count. Keep every sub-block tied at the third-lowest score.")
    return _hint("count the rows of the bottom_k_with_ties table whose country is Benin.")


@_register("agenda/weakest-pp")
def _weakest_pp(answer: object) -> Feedback:
    ranked = _ranked(PP)
    expected = ranked.iloc[0]["dimension"]
    instrument = load_instrument()
    if not isinstance(answer, str):
        return _hint("give the dimension as text in quotes, its id (e.g. 'leadership') or its label.")
    chosen = _dimension(answer)
    if chosen is None:
        return _hint(f"{answer!r} is not a dimension. Use an id from the 'dimension' column, e.g. 'problem_solving'.")
    if chosen == expected:
        return _right(f"{instrument.label(expected)} is the weakest, at {ranked.iloc[0]['mean']:.1f}.")
    rank = ranked.set_index("dimension").loc[chosen, "rank"] if chosen in set(ranked["dimension"]) else None
    return _hint(f"{instrument.label(chosen)} is ranked {rank}; look at rank 1 of rank_dimensions for this unit.")


@_register("agenda/within-reach-mch")
def _within_reach(answer: object) -> Feedback:
    ranked = _ranked(MCH)
    expected = int(ranked["candidate"].sum())
    extra = expected - int(ranked["suggested"].sum())
    number = _whole(answer)
    if number is None:
        return _hint("the answer is a whole number of dimensions.")
    if number == expected:
        return _right(f"{expected} dimensions: the 3 suggested and {extra} more whose intervals reach the third.")
    if number == extra:
        return _hint("that is the number beyond the suggested three. The 'candidate' column also counts the suggested ones.")
    return _hint("sum the 'candidate' column of rank_dimensions for this unit (True counts as 1).")


@_register("agenda/first-practice")
def _first_practice(answer: object) -> Feedback:
    practices = planner.load_practices()
    weakest = _ranked(PP).iloc[0]["dimension"]
    expected = practices.of(weakest)[0]
    if not isinstance(answer, str):
        return _hint("give the practice id as text, e.g. 'ps-run-chart'.")
    given = answer.strip()
    if given == expected.id:
        return _right(f"'{expected.title}', taught in the chapter {practices.chapters[expected.chapter]}.")
    if given.casefold() == expected.title.casefold():
        return _hint("that is the practice's title; the check wants its id (the 'id' attribute).")
    found = practices.get(given)
    if found is not None:
        return _hint(f"{given!r} is a practice for {load_instrument().label(found.dimension)}; use the weakest "
                     "dimension of Planning & Policy.")
    return _hint("use practices.of(dimension)[0].id for the unit's weakest dimension.")


@_register("agenda/half-width-20")
def _half_width(answer: object) -> Feedback:
    sd = _summary(MCH)["sd"].median()
    expected = agenda.interval_half_width(sd, 20)
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of points, for example 6.5.")
    if _near(number, expected, 0.051):
        return _right(f"About {expected:.1f} points either side of the mean with 20 respondents.")
    if _near(number, 2 * expected, 0.11):
        return _hint("that is the full width of the interval; the question asks for the half-width.")
    if _near(number, 1.96 * sd / 20 ** 0.5, 0.051):
        return _hint("close, but the chapter uses the t distribution (interval_half_width), not 1.96.")
    return _hint("use agenda.interval_half_width(sd, 20) with sd = the median of the summary's 'sd' column.")
