"""Benchmarking against peers: rates of reduction, peer tables and funnel plots.

Two tools for the chapter "Learning from others":

* the **annual rate of reduction** (ARR) of a rate such as under-five mortality, computed the way UNICEF and
  the UN Inter-agency Group for Child Mortality Estimation (UN IGME) compute it: the average exponential
  rate of decline between two years, ``ARR = 100 * ln(rate_start / rate_end) / (end_year - start_year)``,
  in per cent per year. A positive ARR is a decline; a negative one is a rise;
* **funnel plots** for comparing units of very different sizes (districts, hospitals) on a proportion,
  after Spiegelhalter (2005): each unit's proportion is plotted against its number of cases, with control
  limits around a target that narrow as the number of cases grows. We draw limits at 95% and 99.8%
  (about two and three standard deviations), from the binomial distribution (interpolated between whole
  counts) or from its normal approximation. Units outside the limits vary more
  than chance alone would make them; units inside should not be ranked.

Every chart is readable in greyscale: meaning is carried by marker shape, line style and text labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import stats

from learnorg.figures import PHONE_WIDTH_IN, SMALLEST_FONT_PT

MINUS = "\u2212"

# Funnel-plot control limits used in the chapter: about 2 and about 3 standard deviations.
COVERAGES = (0.95, 0.998)

FLAG_HIGH_998 = "above the 99.8% limit"
FLAG_HIGH_95 = "above the 95% limit"
FLAG_WITHIN = "within the limits"
FLAG_LOW_95 = "below the 95% limit"
FLAG_LOW_998 = "below the 99.8% limit"
FLAG_ORDER = (FLAG_HIGH_998, FLAG_HIGH_95, FLAG_WITHIN, FLAG_LOW_95, FLAG_LOW_998)


# Annual rate of reduction ---------------------------------------------------------------------------

def annual_rate_of_reduction(start_value, end_value, start_year: float, end_year: float):
    """Annual rate of reduction, in per cent per year, between two years.

    ``100 * ln(start_value / end_value) / (end_year - start_year)``. Works on numbers or on arrays/Series
    of the same shape (for a whole table at once). Rates must be positive and ``end_year`` later than
    ``start_year``.

    >>> round(annual_rate_of_reduction(20, 10, 1990, 2015), 1)
    2.8
    """
    if not end_year > start_year:
        raise ValueError(f"end_year ({end_year}) must be later than start_year ({start_year}).")
    start = np.asarray(start_value, dtype=float)
    end = np.asarray(end_value, dtype=float)
    if np.any(~np.isfinite(start)) or np.any(~np.isfinite(end)) or np.any(start <= 0) or np.any(end <= 0):
        raise ValueError("Rates must be positive numbers (a rate of zero has no logarithm).")
    arr = 100.0 * np.log(start / end) / (end_year - start_year)
    if isinstance(start_value, pd.Series):
        return pd.Series(arr, index=start_value.index, name="arr")
    return float(arr) if arr.ndim == 0 else arr


def percent_decline(start_value: float, end_value: float) -> float:
    """The plain percentage fall from ``start_value`` to ``end_value`` (negative for a rise)."""
    if start_value <= 0:
        raise ValueError("The starting value must be positive.")
    return 100.0 * (start_value - end_value) / start_value


def halving_time(arr_percent: float) -> float:
    """Years a rate takes to halve if it keeps falling at ``arr_percent`` per cent a year.

    ``ln(2) / (arr / 100)``: at an ARR of 5%, about 13.9 years. Infinite if the rate is not falling.
    """
    if arr_percent <= 0:
        return math.inf
    return math.log(2) / (arr_percent / 100.0)


def project(value: float, arr_percent: float, years: float) -> float:
    """The rate ``years`` from now if it keeps falling at ``arr_percent`` per cent a year."""
    return value * math.exp(-arr_percent / 100.0 * years)


def peer_table(
    frame: pd.DataFrame,
    name: str,
    rates: dict[int, str],
    *,
    periods: Sequence[tuple[int, int]] | None = None,
    rank_by: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """A peer-comparison table: the ARR and the percentage decline for each period, ranked.

    ``rates`` maps each year to the column holding the rate for that year, e.g.
    ``{1990: "u5mr_1990", 2000: "u5mr_2000", 2018: "u5mr_2018"}``. ``periods`` lists ``(start, end)``
    pairs (default: first year to last year). Adds ``arr_<start>_<end>`` and ``decline_<start>_<end>``
    columns, and ``rank`` (1 = fastest ARR over ``rank_by``, default the last period). Ties share a rank.
    """
    if name not in frame.columns:
        raise KeyError(f"No column {name!r}; the columns are {list(frame.columns)}.")
    missing = [column for column in rates.values() if column not in frame.columns]
    if missing:
        raise KeyError(f"No column(s) {missing}; the columns are {list(frame.columns)}.")
    years = sorted(rates)
    if len(years) < 2:
        raise ValueError("Give rates for at least two years.")
    periods = list(periods) if periods is not None else [(years[0], years[-1])]
    for start, end in periods:
        if start not in rates or end not in rates:
            raise ValueError(f"Period {start}-{end}: both years must be among {years}.")
    table = frame[[name, *[rates[y] for y in years]]].copy()
    for start, end in periods:
        table[f"arr_{start}_{end}"] = annual_rate_of_reduction(
            table[rates[start]], table[rates[end]], start, end
        ).round(2)
        table[f"decline_{start}_{end}"] = (
            100.0 * (table[rates[start]] - table[rates[end]]) / table[rates[start]]
        ).round(1)
    start, end = rank_by if rank_by is not None else periods[-1]
    key = f"arr_{start}_{end}"
    if key not in table.columns:
        raise ValueError(f"rank_by {rank_by} is not one of the periods {periods}.")
    table.insert(0, "rank", table[key].rank(ascending=False, method="min").astype(int))
    return table.sort_values(["rank", name], kind="stable").reset_index(drop=True)


def arr_dot_chart(
    table: pd.DataFrame,
    name: str,
    arr_columns: Sequence[str],
    labels: Sequence[str],
    *,
    highlight: Sequence[str] = (),
    xlabel: str = "Annual rate of reduction (% per year)",
) -> Figure:
    """Dot chart of one or two ARR columns per country, fastest at the top.

    Each period has its own marker shape (filled circle, open square), every dot carries its value, and
    names in ``highlight`` are printed in bold, so the chart reads the same without colour.
    """
    if len(arr_columns) != len(labels) or not 1 <= len(arr_columns) <= 2:
        raise ValueError("Give one or two ARR columns, each with a label.")
    for column in (name, *arr_columns):
        if column not in table.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(table.columns)}.")
    data = table.sort_values(arr_columns[-1], ascending=True, kind="stable").reset_index(drop=True)
    positions = np.arange(len(data))
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.38 * len(data) + 1.6), layout="constrained")
    styles = [
        {"marker": "o", "color": "black", "markerfacecolor": "black"},
        {"marker": "s", "color": "black", "markerfacecolor": "white"},
    ]
    offsets = [0.0] if len(arr_columns) == 1 else [0.17, -0.17]
    for column, label, style, offset in zip(arr_columns, labels, styles, offsets):
        ax.plot(data[column], positions + offset, linestyle="none", markersize=7, label=label, **style)
        for y, value in zip(positions + offset, data[column]):
            text = f"{value:.1f}".replace("-", MINUS)
            ax.annotate(text, (value, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=SMALLEST_FONT_PT)
    if len(arr_columns) == 2:
        for y, a, b in zip(positions, data[arr_columns[0]], data[arr_columns[1]]):
            ax.plot([a, b], [y + offsets[0], y + offsets[1]], color="0.6", lw=0.8, zorder=0)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(positions, data[name])
    for tick in ax.get_yticklabels():
        if tick.get_text() in set(highlight):
            tick.set_fontweight("bold")
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="0.85", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", frameon=True)
    right = float(np.nanmax(data[list(arr_columns)].to_numpy()))
    ax.set_xlim(min(0.0, float(np.nanmin(data[list(arr_columns)].to_numpy()))) - 0.3, right + 1.2)
    return fig


# Funnel plots -----------------------------------------------------------------------------------------

def _exact_binomial_limit(n: int, target: float, prob: float) -> float:
    """Interpolated binomial quantile, as a proportion.

    ``r`` is the smallest count with ``P(X <= r) >= prob`` for ``X ~ Binomial(n, target)``; the limit is
    ``(r - a) / n`` with ``a = (P(X <= r) - prob) / (P(X <= r) - P(X <= r - 1))``, which smooths the steps
    of the discrete distribution.
    """
    r = stats.binom.ppf(prob, n, target)
    upper_cdf = stats.binom.cdf(r, n, target)
    lower_cdf = stats.binom.cdf(r - 1, n, target) if r > 0 else 0.0
    span = upper_cdf - lower_cdf
    a = (upper_cdf - prob) / span if span > 0 else 0.0
    return float(min(max((r - a) / n, 0.0), 1.0))


def funnel_limits(target: float, n, coverage: float = 0.95, method: str = "exact") -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper control limits for a proportion observed in ``n`` cases, around ``target``.

    ``coverage`` is the share of in-control units expected inside the limits (0.95 about 2 standard
    deviations, 0.998 about 3). ``method="exact"`` uses interpolated binomial limits, ``"normal"`` the
    normal approximation ``target ± z * sqrt(target * (1 - target) / n)``, clipped to 0-1.
    """
    if not 0 < target < 1:
        raise ValueError(f"target must be a proportion strictly between 0 and 1, got {target}.")
    if not 0 < coverage < 1:
        raise ValueError(f"coverage must be between 0 and 1, got {coverage}.")
    sizes = np.atleast_1d(np.asarray(n, dtype=float))
    if np.any(sizes < 1) or np.any(sizes != np.round(sizes)):
        raise ValueError("n must be whole numbers of cases, at least 1.")
    tail = (1 - coverage) / 2
    if method == "normal":
        z = stats.norm.ppf(1 - tail)
        half = z * np.sqrt(target * (1 - target) / sizes)
        return np.clip(target - half, 0, 1), np.clip(target + half, 0, 1)
    if method != "exact":
        raise ValueError(f"method must be 'exact' or 'normal', got {method!r}.")
    lower = np.array([_exact_binomial_limit(int(k), target, tail) for k in sizes])
    upper = np.array([_exact_binomial_limit(int(k), target, 1 - tail) for k in sizes])
    return lower, upper


def funnel_table(
    frame: pd.DataFrame,
    events: str,
    cases: str,
    *,
    target: float | None = None,
    method: str = "exact",
) -> pd.DataFrame:
    """Each unit's proportion, its control limits and where it falls.

    ``target`` defaults to the pooled proportion (all events / all cases). Adds ``proportion``,
    ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998`` and ``flag`` (one of :data:`FLAG_ORDER`).
    The table's ``attrs["target"]`` holds the target used.
    """
    for column in (events, cases):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    if (frame[events] < 0).any() or (frame[events] > frame[cases]).any():
        raise ValueError("Every unit needs 0 <= events <= cases.")
    if target is None:
        target = float(frame[events].sum() / frame[cases].sum())
    table = frame.copy()
    table["proportion"] = table[events] / table[cases]
    low95, high95 = funnel_limits(target, table[cases], COVERAGES[0], method)
    low998, high998 = funnel_limits(target, table[cases], COVERAGES[1], method)
    table["lower_95"], table["upper_95"] = low95, high95
    table["lower_998"], table["upper_998"] = low998, high998
    p = table["proportion"]
    table["flag"] = np.select(
        [p > table["upper_998"], p > table["upper_95"], p < table["lower_998"], p < table["lower_95"]],
        [FLAG_HIGH_998, FLAG_HIGH_95, FLAG_LOW_998, FLAG_LOW_95],
        default=FLAG_WITHIN,
    )
    table.attrs["target"] = target
    return table


def funnel_plot(
    table: pd.DataFrame,
    cases: str,
    label: str,
    *,
    target: float | None = None,
    method: str = "exact",
    xlabel: str = "Number of cases",
    ylabel: str = "Proportion (%)",
    label_flags: Sequence[str] = (FLAG_HIGH_998, FLAG_LOW_998),
) -> Figure:
    """Funnel plot of a :func:`funnel_table`: proportions (in %) against size, with 95% and 99.8% limits.

    Limits are drawn as dashed (95%) and solid (99.8%) lines; units above the limits are triangles
    pointing up, units below are triangles pointing down, the rest open circles; units whose flag is in
    ``label_flags`` are named on the chart.
    """
    for column in (cases, label, "proportion", "flag"):
        if column not in table.columns:
            raise KeyError(f"No column {column!r}: pass the output of funnel_table().")
    target = table.attrs.get("target") if target is None else target
    if target is None:
        raise ValueError("No target: pass target= or use the output of funnel_table().")
    grid = np.unique(np.linspace(max(1, int(table[cases].min() * 0.8)), int(table[cases].max() * 1.05), 200).round())
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 5.2), layout="constrained")
    for coverage, style, name in ((COVERAGES[0], "--", "95% limits"), (COVERAGES[1], "-", "99.8% limits")):
        low, high = funnel_limits(target, grid, coverage, method)
        ax.plot(grid, 100 * low, linestyle=style, color="black", lw=1, label=name)
        ax.plot(grid, 100 * high, linestyle=style, color="black", lw=1)
    ax.axhline(100 * target, color="0.4", lw=1, linestyle=":", label=f"Target {100 * target:.1f}%")
    markers = {
        FLAG_HIGH_998: ("^", "black", "black"),
        FLAG_HIGH_95: ("^", "black", "white"),
        FLAG_WITHIN: ("o", "0.35", "white"),
        FLAG_LOW_95: ("v", "black", "white"),
        FLAG_LOW_998: ("v", "black", "black"),
    }
    for flag in FLAG_ORDER:
        part = table[table["flag"] == flag]
        if part.empty:
            continue
        marker, edge, face = markers[flag]
        ax.scatter(part[cases], 100 * part["proportion"], marker=marker, s=46, edgecolors=edge,
                   facecolors=face, linewidths=1, label=f"{flag} ({len(part)})", zorder=3)
    right_edge = 0.85 * float(table[cases].max())
    for _, row in table[table["flag"].isin(list(label_flags))].iterrows():
        near_edge = row[cases] > right_edge  # keep labels of the largest units inside the axes
        ax.annotate(str(row[label]), (row[cases], 100 * row["proportion"]), xytext=(-5 if near_edge else 5, 4),
                    textcoords="offset points", fontsize=SMALLEST_FONT_PT, ha="right" if near_edge else "left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(color="0.9", lw=0.6)
    ax.set_axisbelow(True)
    # Below the plot: inside it, the key would hide points and their labels on a phone-width chart.
    fig.legend(loc="outside lower center", ncol=2, fontsize=SMALLEST_FONT_PT, frameon=False)
    return fig


# Synthetic district data for the funnel plot ------------------------------------------------------

SYNTHETIC_DISTRICTS_SEED = 2024


def synthetic_district_births(seed: int = SYNTHETIC_DISTRICTS_SEED, n_districts: int = 40) -> pd.DataFrame:
    """Made-up districts for teaching the funnel plot: expected births and births in a health facility.

    **Synthetic: describes no real country.** District sizes range from a few hundred to several thousand
    expected births. Most districts share one underlying facility-birth proportion (about 62%) with
    modest extra variation between districts; two are given a much higher true proportion and two a much
    lower one, so that the funnel plot has real outliers to find. Fully determined by ``seed``.
    """
    if n_districts < 8:
        raise ValueError("Use at least 8 districts.")
    rng = np.random.default_rng(seed)
    sizes = np.round(np.exp(rng.uniform(np.log(200), np.log(5000), n_districts))).astype(int)
    logit = np.log(0.62 / 0.38) + rng.normal(0.0, 0.03, n_districts)
    order = rng.permutation(n_districts)
    logit[order[:2]] += 0.6   # two positive deviants
    logit[order[2:4]] -= 0.6  # two districts in trouble
    true_p = 1 / (1 + np.exp(-logit))
    births = rng.binomial(sizes, true_p)
    names = [f"District {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(n_districts)]
    return pd.DataFrame({"district": names, "expected_births": sizes, "facility_births": births})


def main(argv: Sequence[str] | None = None) -> int:
    """Write the shipped synthetic district file: ``python -m learnorg.benchmarking --out FILE``."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=SYNTHETIC_DISTRICTS_SEED)
    args = parser.parse_args(argv)
    synthetic_district_births(args.seed).to_csv(args.out, index=False)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
