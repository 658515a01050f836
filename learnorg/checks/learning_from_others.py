"""Workbook checks for the chapter "Learning from others".

Every expected answer is computed here from the shipped data, never typed in.
"""

from __future__ import annotations

from learnorg import benchmarking as bm
from learnorg import datasets
from learnorg.checks import Feedback, _as_number, _hint, _near, _register, _right

PEERS = "u5mr_sowc2019_peers"
DISTRICTS = "synthetic_district_facility_births"
DULAR = "dular_positive_deviance"
RATES = {1990: "u5mr_1990", 2000: "u5mr_2000", 2018: "u5mr_2018"}


def _peer(country: str):
    peers = datasets.load(PEERS)
    return peers.set_index("country").loc[country]


def _peer_table():
    return bm.peer_table(datasets.load(PEERS), "country", RATES, periods=[(1990, 2018), (2000, 2018)])


@_register("learn-others/arr-bangladesh")
def _arr_bangladesh(answer: object) -> Feedback:
    row = _peer("Bangladesh")
    expected = bm.annual_rate_of_reduction(row["u5mr_2000"], row["u5mr_2018"], 2000, 2018)
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of per cent per year, for example 3.2.")
    if _near(number, expected, 0.06):
        return _right(
            f"{expected:.2f}% a year; UNICEF prints {row['arr_2000_2018_published']:.1f}, computed from unrounded rates."
        )
    if _near(number, expected / 100, 0.0006):
        return _hint("that is a fraction. Multiply by 100 to get per cent per year.")
    if _near(number, bm.percent_decline(row["u5mr_2000"], row["u5mr_2018"]), 0.6):
        return _hint("that is the total fall over 18 years. The ARR spreads it over the years: "
                     "100 * ln(start / end) / years.")
    if _near(number, bm.annual_rate_of_reduction(row["u5mr_1990"], row["u5mr_2018"], 1990, 2018), 0.06):
        return _hint("that is the rate from 1990. The task asks for 2000 to 2018.")
    if _near(number, 100 * (row["u5mr_2000"] - row["u5mr_2018"]) / row["u5mr_2000"] / 18, 0.06):
        return _hint("dividing the percentage fall by the number of years is close, but not the UN method. "
                     "Use the natural logarithm: 100 * np.log(87 / 30) / 18.")
    return _hint("use 100 * np.log(u5mr_2000 / u5mr_2018) / (2018 - 2000) for Bangladesh.")


@_register("learn-others/fastest-2000")
def _fastest_2000(answer: object) -> Feedback:
    table = _peer_table()
    ranked = table.sort_values("arr_2000_2018", ascending=False).reset_index(drop=True)
    expected = ranked.loc[0, "country"]
    if not isinstance(answer, str):
        return _hint("give the country's name as text (in quotes), as it appears in the 'country' column.")
    given = answer.strip().casefold()
    if given == expected.casefold():
        return _right(f"{expected}, at {ranked.loc[0, 'arr_2000_2018']:.1f}% a year from 2000 to 2018.")
    names = {name.casefold(): name for name in table["country"]}
    if given in names:
        row = table[table["country"] == names[given]].iloc[0]
        return _hint(f"{row['country']} reduced its rate by {row['arr_2000_2018']:.1f}% a year, but another "
                     "country was faster. Sort the ARR column from largest to smallest.")
    return _hint(f"{answer!r} is not in the table. Choose one of: {', '.join(sorted(table['country']))}.")


@_register("learn-others/rwanda-from-1990")
def _rwanda_from_1990(answer: object) -> Feedback:
    row = _peer("Rwanda")
    expected = bm.annual_rate_of_reduction(row["u5mr_1990"], row["u5mr_2018"], 1990, 2018)
    from_2000 = bm.annual_rate_of_reduction(row["u5mr_2000"], row["u5mr_2018"], 2000, 2018)
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of per cent per year.")
    if _near(number, expected, 0.06):
        return _right(f"{expected:.1f}% a year from 1990, against {from_2000:.1f}% from 2000: "
                      "the start year changes the story.")
    if _near(number, from_2000, 0.06):
        return _hint("that is the rate from 2000. Start from the 1990 rate and divide by 28 years.")
    return _hint("use 100 * np.log(u5mr_1990 / u5mr_2018) / (2018 - 1990) for Rwanda.")


@_register("learn-others/nigeria-halving")
def _nigeria_halving(answer: object) -> Feedback:
    row = _peer("Nigeria")
    arr = bm.annual_rate_of_reduction(row["u5mr_2000"], row["u5mr_2018"], 2000, 2018)
    expected = bm.halving_time(arr)
    number = _as_number(answer)
    if number is None:
        return _hint("give a number of years.")
    if _near(number, expected, 0.6):
        return _right(f"About {expected:.0f} years at {arr:.1f}% a year.")
    if _near(number, bm.halving_time(row["arr_2000_2018_published"]), 0.6):
        return _right(f"Using the published ARR gives about {number:.0f} years; from the rates, {expected:.1f}.")
    if _near(number, 50 / arr, 0.6):
        return _hint("halving is not 50 / ARR: a rate that falls by a constant share each year halves in "
                     "ln(2) / (ARR / 100) years.")
    return _hint("compute the ARR from 2000 to 2018, then years = np.log(2) / (arr / 100).")


@_register("learn-others/districts-above")
def _districts_above(answer: object) -> Feedback:
    table = bm.funnel_table(datasets.load(DISTRICTS), "facility_births", "expected_births")
    expected = int((table["flag"] == bm.FLAG_HIGH_998).sum())
    above_95 = int(table["flag"].isin([bm.FLAG_HIGH_998, bm.FLAG_HIGH_95]).sum())
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return _hint("the answer is a whole number of districts.")
    if int(number) == expected:
        return _right(f"{expected} districts are above the 99.8% limit: candidates for a positive-deviance visit.")
    if int(number) == above_95:
        return _hint("that counts every district above the 95% limit too. Count only those above the 99.8% limit.")
    if int(number) == int((table["proportion"] > table.attrs["target"]).sum()):
        return _hint("that counts every district above the average. Most of them are within the limits.")
    return _hint("count the rows where flag equals learnorg.benchmarking.FLAG_HIGH_998.")


@_register("learn-others/literacy-ratio")
def _literacy_ratio(answer: object) -> Feedback:
    dular = datasets.load(DULAR)
    row = dular[dular["practice"].str.contains("literate")].iloc[0]
    expected = row["positive_deviants"] / row["severely_malnourished"]
    number = _as_number(answer)
    if number is None:
        return _hint("give a number, for example 2.5.")
    if _near(number, expected, 0.051):
        return _right(f"{expected:.1f} times as likely, the authors' \"more than seven times\".")
    if _near(number, row["positive_deviants"] - row["severely_malnourished"], 0.051):
        return _hint("that is the difference in percentage points. The question asks how many times as likely: divide.")
    if _near(number, 1 / expected, 0.01):
        return _hint("you divided the wrong way round: positive deviants divided by severely malnourished.")
    return _hint("divide the positive deviants' value by the severely malnourished children's value.")
