"""Workbook checks for the chapter "Environment, leadership and incentives".

The expected answers are computed from the Akhnif et al. (2018) table, the instrument's reference values and
the synthetic example survey, through the same package functions the chapter uses.
"""

from __future__ import annotations

from learnorg import datasets, scoring, synthetic
from learnorg.benchmarks import reading_table, spread_summary
from learnorg.checks import Feedback, _as_number, _hint, _register, _right
from learnorg.checks.what_a_learning_organization_is import _match_sub_block
from learnorg.heatmap import count_lowest, score_matrix
from learnorg.instrument import load_instrument
from learnorg.readers import read_survey

TABLE = "akhnif2018_table1"
LEADERSHIP_BLOCK = "Leadership that reinforces learning"
ENVIRONMENT_BLOCK = "Environment supportive of learning"
LEADERSHIP = "1.1 Leadership that reinforces learning"
TECHNICAL = "2.5 Technical culture for UHC"
UNIT = "Maternal & Child Health"
WAVE = "2"
LOS_LEADERSHIP = "LOS benchmark median"


def _env_lead():
    table = datasets.load(TABLE)
    return table[table["block"].isin([LEADERSHIP_BLOCK, ENVIRONMENT_BLOCK])]


def _environment_matrix():
    table = datasets.load(TABLE)
    return score_matrix(table[table["block"] == ENVIRONMENT_BLOCK], "sub_block", "country", "mean")


def _whole_number(answer: object) -> int | None:
    """The answer as an int when it is a whole number, else None."""
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return None
    return int(number)


@_register("env-lead/weakest-environment-sub-block")
def _weakest_environment(answer: object) -> Feedback:
    means = _environment_matrix().mean(axis=1)
    labels = list(means.index)
    if not isinstance(answer, str):
        return _hint("give the sub-block as text (in quotes), for example '2.3 Collaborative culture'.")
    chosen = _match_sub_block(answer, labels)
    if chosen is None:
        return _hint(f"{answer!r} is not one of the environment sub-blocks. Use a label from the rows of the matrix, "
                     f"e.g. {labels[0]!r}.")
    expected = means.idxmin()
    if chosen == expected:
        return _right(f"{expected}: six-country mean {means[expected]:.2f}.")
    return _hint(f"{chosen} has a six-country mean of {means[chosen]:.2f}; another environment sub-block is lower.")


@_register("env-lead/technical-lowest-count")
def _technical_lowest(answer: object) -> Feedback:
    matrix = _environment_matrix()
    expected = count_lowest(matrix, TECHNICAL)
    given = _whole_number(answer)
    if given is None:
        return _hint("the answer is a whole number of countries, from 0 to 6.")
    if given == expected:
        return _right(f"The technical culture sub-block is the lowest, or tied for lowest, in {expected} of the "
                      f"{matrix.shape[1]} countries.")
    if given == expected - 1:
        return _hint("count the ties too: in one country two sub-blocks share the lowest score.")
    return _hint("for each country (column of the environment matrix), find the lowest score and count the columns "
                 "where the technical culture row holds it.")


@_register("env-lead/leadership-spread-in-sd")
def _leadership_spread(answer: object) -> Feedback:
    summary = spread_summary(_env_lead(), decimals=6).set_index("sub_block")
    expected = float(summary.loc[LEADERSHIP, "spread_in_sd"])
    number = _as_number(answer)
    if number is None:
        return _hint("give a number: the spread between countries divided by the typical SD.")
    if abs(number - expected) <= 0.02:
        return _right(f"The leadership spread is {summary.loc[LEADERSHIP, 'spread']:.1f} points, about "
                      f"{expected:.2f} of a typical SD of {summary.loc[LEADERSHIP, 'typical_sd']:.2f}.")
    spread = float(summary.loc[LEADERSHIP, "spread"])
    if abs(number - spread) <= 0.02:
        return _hint("that is the spread in points; now divide it by the typical SD.")
    return _hint("spread = highest country mean minus lowest; typical SD = square root of the mean of the squared "
                 "SDs; divide the first by the second.")


@_register("env-lead/leadership-rescaled")
def _leadership_rescaled(answer: object) -> Feedback:
    table = _env_lead()
    mean = float(table.loc[table["sub_block"] == LEADERSHIP, "mean"].mean())
    expected = (mean - 1) / 6 * 100
    number = _as_number(answer)
    if number is None:
        return _hint("give a number on the 0-100 scale.")
    if abs(number - expected) <= 0.5:
        return _right(f"({mean:.3f} - 1) / 6 x 100 = {expected:.1f}, the value in the reference table.")
    if abs(number - mean) <= 0.05:
        return _hint("that is the six-country mean on the 1-7 scale; now rescale it with (mean - 1) / 6 x 100.")
    if abs(number - 76) <= 0.5:
        return _hint("76 is the Learning Organization Survey median, a different source; rescale the Akhnif "
                     "leadership mean instead.")
    return _hint("take the mean of the six country means for leadership, then compute (mean - 1) / 6 x 100.")


def _unit_reading():
    instrument = load_instrument()
    survey = read_survey(synthetic.example_path(), instrument)
    scores = scoring.score_respondents(survey.answers, instrument)
    latest = (survey.extra["wave"].astype(str).str.strip() == WAVE).to_numpy()
    summary = scoring.group_summary(scores[latest], survey.extra.loc[latest, "unit"])
    return reading_table(summary, scoring.reference_values(instrument), instrument, ["leadership"], group=UNIT)


@_register("env-lead/unit-leadership-gap")
def _unit_gap(answer: object) -> Feedback:
    reading = _unit_reading()
    row = reading[reading["source"] == LOS_LEADERSHIP].iloc[0]
    expected = float(row["gap"])
    number = _as_number(answer)
    if number is None:
        return _hint("give a number: the unit's mean minus the reference value.")
    if abs(number - expected) <= 0.5:
        return _right(f"{row['mean']:.1f} - {row['reference']:.0f} = {expected:.1f} points: a {row['reading']} by the "
                      "chapter's rule, and indicative only.")
    if abs(number + expected) <= 0.5:
        return _hint("right size, wrong sign: the gap is the unit's mean minus the reference, so it is negative when "
                     "the unit is below.")
    return _hint(f"take the 'gap' of the row whose source is {LOS_LEADERSHIP!r} in the reading table for {UNIT}.")


@_register("env-lead/leadership-below-environment")
def _leadership_below(answer: object) -> Feedback:
    wide = score_matrix(_env_lead(), "sub_block", "country", "mean")
    environment = wide.drop(index=LEADERSHIP).mean()
    below = wide.loc[LEADERSHIP] < environment
    expected = int(below.sum())
    given = _whole_number(answer)
    if given is None:
        return _hint("the answer is a whole number of countries, from 0 to 6.")
    if given == expected:
        above = ", ".join(below.index[~below])
        return _right(f"In {expected} countries leadership is rated below the environment average"
                      + (f"; the exception is {above}." if above else "."))
    return _hint("for each country, compare the leadership score with the mean of its five environment sub-blocks, "
                 "and count the countries where leadership is lower.")
