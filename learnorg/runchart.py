"""Run charts: the median, the four standard run-chart rules, and an accessible chart.

A run chart plots a measure in time order with its median as the centre line. Four rules
tell random variation from a signal (Perla, Provost & Murray 2011, BMJ Qual Saf 20:46-51):

1. **Shift**: six or more consecutive points all above, or all below, the median. Points
   exactly on the median are skipped: they neither extend nor break a shift.
2. **Trend**: five or more consecutive points all going up, or all going down. When two or
   more consecutive values are equal, only one of them counts: a tie neither extends nor
   breaks a trend.
3. **Runs**: too few or too many runs for the number of useful observations (points not on
   the median). A run is one or more consecutive useful points on the same side of the
   median, so runs = crossings + 1. The limits here are computed exactly from the
   distribution of the number of runs (Swed & Eisenhart 1943), the distribution Perla's
   table is based on: with ``n`` useful points split ``floor(n/2)`` / ``ceil(n/2)``, the
   lower limit is the smallest count whose lower tail exceeds 2.5%, the upper limit the
   largest count whose upper tail exceeds 2.5%; fewer runs than the lower limit is "too
   few", more than the upper limit "too many". This tail convention is ours: the limits are not
   copied from Perla's printed table and can differ from it by one run for some chart lengths. The
   rule is applied from 10 useful points.
4. **Astronomical point**: a value so different from all the others that everyone looking
   at the chart would agree it is unusual. This is a judgement, not a calculation: the
   package only records the points a team has judged astronomical, and can list
   *candidates* for that discussion (:func:`astronomical_candidates`).

The Anhøj rules (Anhøj & Olesen 2014, PLoS ONE 9:e113825) are offered beside them:
a signal if the longest run is longer than ``round(log2(n) + 3)``, or if the number of
crossings is below the 5th percentile of a binomial distribution with ``n - 1`` trials and
probability 0.5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from statistics import median as _median

import pandas as pd

from learnorg.figures import SMALLEST_FONT_PT

SHIFT_LENGTH = 6
TREND_LENGTH = 5
RUNS_TAIL = Fraction(25, 1000)  # 2.5% in each tail, about 5% in all
RUNS_MIN_USEFUL = 10

ABOVE, BELOW, ON = 1, -1, 0


# Basic pieces -----------------------------------------------------------------------------------

def _as_floats(values: Iterable[float]) -> list[float]:
    numbers = [float(v) for v in values]
    if any(math.isnan(v) for v in numbers):
        raise ValueError("A run chart needs a value for every period; remove or fill missing values first.")
    return numbers


def centre_line(values: Iterable[float]) -> float:
    """The median of ``values``: the centre line of a run chart."""
    numbers = _as_floats(values)
    if not numbers:
        raise ValueError("A run chart needs at least one value.")
    return round(float(_median(numbers)), 10)  # 81.2, not 81.19999999999999


def sides(values: Iterable[float], centre: float | None = None) -> list[int]:
    """For each value: ``1`` above the centre line, ``-1`` below, ``0`` exactly on it."""
    numbers = _as_floats(values)
    centre = centre_line(numbers) if centre is None else centre
    return [ABOVE if v > centre else BELOW if v < centre else ON for v in numbers]


def runs(values: Iterable[float], centre: float | None = None) -> list[list[int]]:
    """The runs, each a list of positions of consecutive useful points on one side.

    Points on the centre line are left out and do not end a run.
    """
    found: list[list[int]] = []
    last_side = ON
    for position, side in enumerate(sides(values, centre)):
        if side == ON:
            continue
        if side != last_side:
            found.append([])
            last_side = side
        found[-1].append(position)
    return found


def useful_observations(values: Iterable[float], centre: float | None = None) -> int:
    """Number of points not on the centre line."""
    return sum(1 for s in sides(values, centre) if s != ON)


# Rule 1: shifts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Signal:
    """One signal found on a run chart.

    ``rule`` is ``"shift"``, ``"trend"``, ``"runs"`` or ``"astronomical"``; ``positions`` are the
    points that make the signal (0-based); ``direction`` says which way (``"above"``,
    ``"below"``, ``"up"``, ``"down"``, ``"too few"``, ``"too many"`` or ``"judged"``).
    """

    rule: str
    positions: tuple[int, ...]
    direction: str
    description: str


def shifts(values: Iterable[float], centre: float | None = None, *, min_length: int = SHIFT_LENGTH) -> list[Signal]:
    """Every run of ``min_length`` or more useful points on one side of the centre line."""
    numbers = _as_floats(values)
    centre = centre_line(numbers) if centre is None else centre
    found = []
    for run in runs(numbers, centre):
        if len(run) >= min_length:
            side = "above" if numbers[run[0]] > centre else "below"
            found.append(
                Signal(
                    "shift",
                    tuple(run),
                    side,
                    f"Shift: {len(run)} points in a row {side} the median "
                    f"(points {run[0] + 1} to {run[-1] + 1}).",
                )
            )
    return found


# Rule 2: trends ---------------------------------------------------------------------------------

def _monotone_sequences(numbers: Sequence[float]) -> list[tuple[str, list[int]]]:
    """Maximal runs of strictly rising or falling values, ties collapsed to their first point.

    Returns (direction, positions) pairs; positions are the points that count (a repeated
    value is represented by its first occurrence).
    """
    kept = [i for i in range(len(numbers)) if i == 0 or numbers[i] != numbers[i - 1]]
    found: list[tuple[str, list[int]]] = []
    current: list[int] = kept[:1]
    direction = ""
    for previous, this in zip(kept, kept[1:]):
        step = "up" if numbers[this] > numbers[previous] else "down"
        if step == direction:
            current.append(this)
        else:
            if len(current) >= 2:
                found.append((direction, current))
            current = [previous, this]
            direction = step
    if len(current) >= 2:
        found.append((direction, current))
    return found


def longest_trend(values: Iterable[float]) -> int:
    """Number of points in the longest rising or falling sequence (ties count once)."""
    numbers = _as_floats(values)
    sequences = _monotone_sequences(numbers)
    return max((len(points) for _direction, points in sequences), default=min(1, len(numbers)))


def trends(values: Iterable[float], *, min_length: int = TREND_LENGTH) -> list[Signal]:
    """Every sequence of ``min_length`` or more points all going up, or all going down."""
    found = []
    for direction, points in _monotone_sequences(_as_floats(values)):
        if len(points) >= min_length:
            word = "rising" if direction == "up" else "falling"
            found.append(
                Signal(
                    "trend",
                    tuple(points),
                    direction,
                    f"Trend: {len(points)} points in a row {word} "
                    f"(points {points[0] + 1} to {points[-1] + 1}).",
                )
            )
    return found


# Rule 3: number of runs -------------------------------------------------------------------------

@lru_cache(maxsize=None)
def runs_distribution(n_above: int, n_below: int) -> dict[int, Fraction]:
    """Exact probability of each number of runs when ``n_above`` and ``n_below`` points are
    arranged at random (Swed & Eisenhart 1943). Probabilities are exact fractions."""
    if n_above < 0 or n_below < 0:
        raise ValueError("Counts of points cannot be negative.")
    total = n_above + n_below
    if total == 0:
        return {0: Fraction(1)}
    if n_above == 0 or n_below == 0:
        return {1: Fraction(1)}
    arrangements = math.comb(total, n_above)
    dist: dict[int, Fraction] = {}
    for k in range(1, min(n_above, n_below) + 1):
        even = 2 * math.comb(n_above - 1, k - 1) * math.comb(n_below - 1, k - 1)
        odd = math.comb(n_above - 1, k - 1) * math.comb(n_below - 1, k) + math.comb(n_above - 1, k) * math.comb(
            n_below - 1, k - 1
        )
        if even:
            dist[2 * k] = Fraction(even, arrangements)
        if odd:
            dist[2 * k + 1] = Fraction(odd, arrangements)
    return dist


def runs_limits(useful: int, *, tail: Fraction | float = RUNS_TAIL) -> tuple[int, int]:
    """``(lower, upper)``: fewer runs than ``lower`` is too few, more than ``upper`` too many.

    ``useful`` is the number of points not on the median; they are taken as split evenly
    (``floor/ceil``) above and below it.
    """
    if useful < 2:
        raise ValueError("The runs rule needs at least 2 useful observations.")
    tail = Fraction(tail).limit_denominator(10**6)
    dist = runs_distribution(useful // 2, useful - useful // 2)
    counts = sorted(dist)
    cumulative = Fraction(0)
    lower = counts[0]
    for r in counts:  # smallest r with P(R <= r) > tail
        cumulative += dist[r]
        if cumulative > tail:
            lower = r
            break
    cumulative = Fraction(0)
    upper = counts[-1]
    for r in reversed(counts):  # largest r with P(R >= r) > tail
        cumulative += dist[r]
        if cumulative > tail:
            upper = r
            break
    return lower, upper


def runs_table(start: int = 10, stop: int = 60) -> pd.DataFrame:
    """The limits of :func:`runs_limits` for ``start`` to ``stop`` useful observations."""
    rows = [(n, *runs_limits(n)) for n in range(start, stop + 1)]
    return pd.DataFrame(rows, columns=["useful_observations", "fewest_runs_expected", "most_runs_expected"])


# Anhøj rules ------------------------------------------------------------------------------------

def _binomial_quantile(p: float, trials: int, prob: float = 0.5) -> int:
    """Smallest x with P(X <= x) >= p for X ~ Binomial(trials, prob) (like R's qbinom)."""
    cumulative = 0.0
    for x in range(trials + 1):
        cumulative += math.comb(trials, x) * prob**x * (1 - prob) ** (trials - x)
        if cumulative >= p - 1e-12:
            return x
    return trials


def anhoej_limits(useful: int) -> tuple[int, int]:
    """``(longest run allowed, fewest crossings expected)`` for ``useful`` observations.

    A longest run above the first number, or fewer crossings than the second, is a signal.
    """
    if useful < 2:
        raise ValueError("The Anhøj rules need at least 2 useful observations.")
    return round(math.log2(useful) + 3), _binomial_quantile(0.05, useful - 1)


# Rule 4: astronomical points --------------------------------------------------------------------

def astronomical_candidates(values: Iterable[float], *, factor: float = 5.0) -> list[int]:
    """Positions of points far from the others, to *discuss* as possible astronomical points.

    A point is listed when its distance from the median is more than ``factor`` times the
    median absolute deviation. This is a prompt for a team's judgement, not a rule: Perla's
    fourth rule is that everyone looking at the chart would agree the point is unusual.
    """
    numbers = _as_floats(values)
    if len(numbers) < 3:
        return []
    centre = centre_line(numbers)
    deviations = [abs(v - centre) for v in numbers]
    spread = float(_median(deviations))
    if spread == 0:
        return [i for i, d in enumerate(deviations) if d > 0]
    return [i for i, d in enumerate(deviations) if d > factor * spread]


# The whole analysis -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RunChartAnalysis:
    """Everything the four rules (and the Anhøj rules) say about one series."""

    values: tuple[float, ...]
    median: float
    useful_observations: int
    runs: int
    crossings: int
    longest_run: int
    longest_trend: int
    runs_limits: tuple[int, int] | None
    anhoej_limits: tuple[int, int] | None
    shifts: tuple[Signal, ...]
    trends: tuple[Signal, ...]
    runs_signal: Signal | None
    astronomical: tuple[Signal, ...]
    anhoej_signals: tuple[str, ...] = field(default=())

    @property
    def signals(self) -> list[Signal]:
        """Every signal of the four rules, in rule order."""
        found = [*self.shifts, *self.trends]
        if self.runs_signal is not None:
            found.append(self.runs_signal)
        return found + list(self.astronomical)

    @property
    def has_signal(self) -> bool:
        return bool(self.signals)

    def summary(self) -> list[str]:
        """The findings in plain sentences, one per rule."""
        lines = [
            f"Median {self.median:g}; {len(self.values)} points, of which {self.useful_observations} "
            "are not on the median."
        ]
        lines += [s.description for s in self.shifts] or [
            f"No shift: the longest run on one side of the median is {self.longest_run} points "
            f"(a shift needs {SHIFT_LENGTH})."
        ]
        lines += [s.description for s in self.trends] or [
            f"No trend: the longest rising or falling sequence is {self.longest_trend} points "
            f"(a trend needs {TREND_LENGTH})."
        ]
        if self.runs_limits is None:
            lines.append(
                f"Runs: {self.runs}; the runs rule needs at least {RUNS_MIN_USEFUL} useful observations."
            )
        elif self.runs_signal is not None:
            lines.append(self.runs_signal.description)
        else:
            low, high = self.runs_limits
            lines.append(f"Number of runs is {self.runs}: within the expected {low} to {high}, so no signal.")
        lines += [s.description for s in self.astronomical] or [
            "Astronomical point: none recorded (this rule is the team's judgement)."
        ]
        return lines

    def points(self) -> pd.DataFrame:
        """One row per point: its side of the median, its run and the signals it belongs to."""
        side_names = {ABOVE: "above", BELOW: "below", ON: "on the median"}
        run_of: dict[int, int] = {}
        for number, run in enumerate(runs(self.values, self.median), start=1):
            for position in run:
                run_of[position] = number
        rows = []
        for position, (value, side) in enumerate(zip(self.values, sides(self.values, self.median))):
            rules = [s.rule for s in self.signals if position in s.positions]
            rows.append(
                {
                    "point": position + 1,
                    "value": value,
                    "side": side_names[side],
                    "run": run_of.get(position),
                    "signals": ", ".join(dict.fromkeys(rules)),
                }
            )
        frame = pd.DataFrame(rows)
        frame["run"] = frame["run"].astype("Int64")
        return frame


def analyse(
    values: Iterable[float],
    *,
    centre: float | None = None,
    astronomical: Iterable[int] = (),
) -> RunChartAnalysis:
    """Apply the four run-chart rules (and the Anhøj rules) to ``values`` in time order.

    ``centre`` overrides the median (for example a median frozen on a baseline period);
    ``astronomical`` lists the positions (0-based) the team has judged astronomical.
    """
    numbers = _as_floats(values)
    if not numbers:
        raise ValueError("A run chart needs at least one value.")
    centre = centre_line(numbers) if centre is None else float(centre)
    found_runs = runs(numbers, centre)
    useful = sum(len(r) for r in found_runs)
    n_runs = len(found_runs)
    longest = max((len(r) for r in found_runs), default=0)

    limits = runs_limits(useful) if useful >= RUNS_MIN_USEFUL else None
    runs_signal = None
    if limits is not None:
        low, high = limits
        if n_runs < low or n_runs > high:
            word = "too few" if n_runs < low else "too many"
            runs_signal = Signal(
                "runs",
                tuple(p for r in found_runs for p in r),
                word,
                f"Runs: {n_runs} runs is {word} for {useful} useful observations "
                f"(expected {low} to {high}).",
            )

    anhoej = anhoej_limits(useful) if useful >= RUNS_MIN_USEFUL else None
    anhoej_found: list[str] = []
    if anhoej is not None:
        if longest > anhoej[0]:
            anhoej_found.append(f"longest run {longest} is longer than {anhoej[0]}")
        if max(n_runs - 1, 0) < anhoej[1]:
            anhoej_found.append(f"{max(n_runs - 1, 0)} crossings is fewer than {anhoej[1]}")

    judged = []
    for position in sorted(set(astronomical)):
        if not 0 <= position < len(numbers):
            raise IndexError(f"Point {position} is not on the chart (0 to {len(numbers) - 1}).")
        judged.append(
            Signal(
                "astronomical",
                (position,),
                "judged",
                f"Astronomical point: point {position + 1} ({numbers[position]:g}), as judged by the team.",
            )
        )

    return RunChartAnalysis(
        values=tuple(numbers),
        median=centre,
        useful_observations=useful,
        runs=n_runs,
        crossings=max(n_runs - 1, 0),
        longest_run=longest,
        longest_trend=longest_trend(numbers) if numbers else 0,
        runs_limits=limits,
        anhoej_limits=anhoej,
        shifts=tuple(shifts(numbers, centre)),
        trends=tuple(trends(numbers)),
        runs_signal=runs_signal,
        astronomical=tuple(judged),
        anhoej_signals=tuple(anhoej_found),
    )


# The chart --------------------------------------------------------------------------------------

_MARKERS = {
    "shift": dict(marker="s", markersize=10, markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.6),
    "trend": dict(marker="D", markersize=7, markerfacecolor="0.35", markeredgecolor="black"),
    "astronomical": dict(marker="*", markersize=16, markerfacecolor="white", markeredgecolor="black"),
}
_LABELS = {"shift": "Shift", "trend": "Trend", "astronomical": "Astronomical (judged)"}


def run_chart(
    ax,
    values: Sequence[float],
    *,
    labels: Sequence[str] | None = None,
    analysis: RunChartAnalysis | None = None,
    target: float | None = None,
    target_label: str = "Target",
    ylabel: str = "",
    annotations: Iterable[tuple[int, str]] = (),
    value_format: str = "{:g}",
    label_points: bool = True,
):
    """Draw a run chart on ``ax`` and return ``analysis`` (computed if not given).

    The median is a dashed line labelled with its value; an optional target is a dotted line
    with its label. Points in a shift are framed by squares, points in a trend by diamonds and
    judged astronomical points by stars, each labelled in words beside the chart, so nothing
    depends on colour. The runs result is written in the corner. ``labels`` name the periods on
    the x axis; ``annotations`` are ``(position, text)`` notes for events on the chart.
    """
    numbers = _as_floats(values)
    analysis = analysis if analysis is not None else analyse(numbers)
    positions = list(range(len(numbers)))

    ax.plot(positions, numbers, color="black", lw=1.2, marker="o", markersize=5, zorder=3, label="Value")
    ax.axhline(analysis.median, color="black", lw=1.2, ls="--", zorder=2)
    ax.annotate(
        f"Median {value_format.format(analysis.median)}",
        xy=(1.0, analysis.median),
        xycoords=("axes fraction", "data"),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        fontsize=9,
    )
    if target is not None:
        ax.axhline(target, color="0.4", lw=1.2, ls=":", zorder=1)
        ax.annotate(
            f"{target_label} {value_format.format(target)}",
            xy=(1.0, target),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color="0.25",
        )

    for rule in ("shift", "trend", "astronomical"):
        signals = [s for s in analysis.signals if s.rule == rule]
        if not signals:
            continue
        points = sorted({p for s in signals for p in s.positions})
        ax.plot(points, [numbers[p] for p in points], ls="none", zorder=4, label=_LABELS[rule], **_MARKERS[rule])
        for signal in signals:
            first = signal.positions[0]
            ax.annotate(
                _LABELS[rule],
                xy=(first, numbers[first]),
                xytext=(0, 14 if rule != "trend" else -18),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                fontweight="bold",
            )

    if label_points:
        for x, y in zip(positions, numbers):
            ax.annotate(value_format.format(y), xy=(x, y), xytext=(0, 7), textcoords="offset points",
                        ha="center", fontsize=SMALLEST_FONT_PT, color="0.2",
                        bbox=dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))

    for position, text in annotations:
        ax.annotate(
            text,
            xy=(position, numbers[position]),
            xytext=(0, -30),
            textcoords="offset points",
            ha="center",
            fontsize=SMALLEST_FONT_PT,
            arrowprops=dict(arrowstyle="->", color="0.3", lw=0.8),
        )

    if analysis.runs_limits is not None:
        low, high = analysis.runs_limits
        verdict = "no signal" if analysis.runs_signal is None else analysis.runs_signal.direction + " runs"
        runs_text = f"Runs: {analysis.runs} (expected {low} to {high}): {verdict}"
    else:
        runs_text = f"Runs: {analysis.runs} (too few points for the runs rule)"
    ax.text(0.01, 0.98, runs_text, transform=ax.transAxes, fontsize=9, va="top",
            bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.5"), zorder=5)
    low_y, high_y = min(numbers), max(numbers)
    span = (high_y - low_y) or 1.0
    ax.set_ylim(low_y - 0.12 * span, high_y + 0.3 * span)  # room for value labels and the runs box

    if labels is not None:
        if len(labels) != len(numbers):
            raise ValueError("Give one label for each value.")
        ax.set_xticks(positions, list(labels), rotation=60, ha="right", fontsize=SMALLEST_FONT_PT)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    return analysis


# Pareto analysis --------------------------------------------------------------------------------

def pareto_table(frame: pd.DataFrame, category: str, count: str) -> pd.DataFrame:
    """Categories from largest to smallest, with their percent and cumulative percent.

    Adds ``rank``, ``percent``, ``cumulative`` (count) and ``cumulative_percent``. Ties keep
    their order in ``frame``. Counts must be zero or more.
    """
    for column in (category, count):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    counts = pd.to_numeric(frame[count], errors="raise")
    if (counts < 0).any():
        raise ValueError("Pareto analysis needs counts of zero or more.")
    total = counts.sum()
    if total <= 0:
        raise ValueError("Pareto analysis needs at least one count above zero.")
    table = frame[[category]].assign(**{count: counts})
    table = table.sort_values(count, ascending=False, kind="stable").reset_index(drop=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    table["percent"] = table[count] / total * 100
    table["cumulative"] = table[count].cumsum()
    table["cumulative_percent"] = table["cumulative"] / total * 100
    return table


def vital_few(table: pd.DataFrame, threshold: float = 80.0) -> int:
    """How many of the top categories it takes to reach ``threshold`` percent of the total."""
    reached = table.index[table["cumulative_percent"] >= threshold - 1e-9]
    return int(reached[0]) + 1 if len(reached) else len(table)


def pareto_chart(ax, table: pd.DataFrame, category: str, count: str, *, ylabel: str = "Count",
                 threshold: float | None = 80.0, count_format: str = "{:,.0f}"):
    """Draw a Pareto chart of a :func:`pareto_table` on ``ax``; return the cumulative-percent axis.

    Bars are hatched grey with their count written on top; the cumulative percentage is a line
    with square markers and its value at each point; an optional dotted reference line marks
    ``threshold`` percent. No meaning depends on colour.
    """
    positions = list(range(len(table)))
    ax.bar(positions, table[count], color="0.8", edgecolor="black", hatch="//", width=0.7)
    for x, value in zip(positions, table[count]):
        ax.annotate(count_format.format(value), xy=(x, value), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=SMALLEST_FONT_PT)
    ax.set_xticks(positions, list(table[category]), rotation=30, ha="right", fontsize=9)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, table[count].max() * 1.15)
    ax.spines[["top"]].set_visible(False)

    cumulative_axis = ax.twinx()
    cumulative_axis.plot(positions, table["cumulative_percent"], color="black", marker="s", lw=1.2)
    for x, value in zip(positions, table["cumulative_percent"]):
        cumulative_axis.annotate(f"{value:.0f}%", xy=(x, value), xytext=(0, 7), textcoords="offset points",
                                 ha="center", fontsize=SMALLEST_FONT_PT, fontweight="bold")
    if threshold is not None:
        cumulative_axis.axhline(threshold, color="0.4", ls=":", lw=1)
        cumulative_axis.annotate(f"{threshold:.0f}% line", xy=(1.0, threshold), xycoords=("axes fraction", "data"),
                                 xytext=(-4, 3), textcoords="offset points", ha="right", va="bottom", fontsize=SMALLEST_FONT_PT)
    cumulative_axis.set_ylim(0, 110)
    cumulative_axis.set_ylabel("Cumulative percent of total")
    cumulative_axis.spines[["top"]].set_visible(False)
    return cumulative_axis
