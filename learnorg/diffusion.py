"""How a practice spreads: reading and describing an S-shaped (logistic) adoption curve.

The chapter "Transferring knowledge" uses this module on a published series of the Joint External
Evaluation spreading across countries. Two ways to answer "how long did it take to reach half?":

* :func:`first_at_or_above` reads it straight from the data: the first observation at or above a
  level. A beginner can check it by eye, but it can only give a date that was observed.
* :func:`fit_logistic` fits the curve ``ceiling / (1 + exp(-rate * (t - midpoint)))`` by least
  squares. The fitted curve reaches half of its *own* ceiling at ``midpoint``.

A fitted curve **describes** the points it was given; it is not a forecast. With few points the
ceiling in particular is poorly determined, so always show the data beside the fit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy.optimize import curve_fit

from learnorg.figures import PHONE_WIDTH_IN, wrap

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class DiffusionError(ValueError):
    """The data cannot describe an adoption curve (too few points, counts going down, ...)."""


def decimal_years(dates: Sequence[str], origin: str | None = None) -> np.ndarray:
    """Turn ``"YYYY-MM"`` dates into years since ``origin`` (default: the first date).

    Months count as twelfths of a year: ``["2016-02", "2017-07"]`` gives ``[0, 17/12]``.
    """
    def months(text: object) -> int:
        match = _MONTH.match(str(text))
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise DiffusionError(f"{text!r} is not a month written as YYYY-MM (for example 2016-02).")
        return int(match.group(1)) * 12 + int(match.group(2)) - 1

    values = [months(d) for d in dates]
    if not values:
        raise DiffusionError("no dates given.")
    start = months(origin) if origin is not None else values[0]
    return (np.array(values, dtype=float) - start) / 12


def logistic(t: float | np.ndarray, ceiling: float, rate: float, midpoint: float) -> np.ndarray:
    """The S-shaped curve ``ceiling / (1 + exp(-rate * (t - midpoint)))``.

    It starts near 0, rises fastest at ``midpoint`` (where it equals half the ceiling) and levels off
    at ``ceiling``. ``rate`` sets how steep the rise is.
    """
    z = np.clip(-rate * (np.asarray(t, dtype=float) - midpoint), -700, 700)
    return ceiling / (1.0 + np.exp(z))


def _counts(cumulative: Sequence[float]) -> np.ndarray:
    """Validate running totals: numbers, none missing or negative, never going down."""
    try:
        y = np.asarray(cumulative, dtype=float)
    except (TypeError, ValueError) as err:
        raise DiffusionError(f"counts must be numbers ({err}).") from err
    if y.ndim != 1 or len(y) == 0:
        raise DiffusionError("give the counts as a flat, non-empty list of numbers.")
    if not np.isfinite(y).all():
        raise DiffusionError("counts must not be empty or missing (NaN).")
    if (y < 0).any():
        raise DiffusionError("counts cannot be negative.")
    if (np.diff(y) < 0).any():
        i = int(np.argmax(np.diff(y) < 0)) + 1
        raise DiffusionError(
            f"cumulative counts cannot go down: the count at position {i} ({y[i]:g}) is smaller than the one "
            f"before ({y[i - 1]:g}). Check that the column holds running totals, not new adopters per period."
        )
    return y


def _series(
    times: Sequence[float], cumulative: Sequence[float], minimum: int = 1, *, growth: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Validate a cumulative adoption series and return times and counts as two float arrays."""
    y = _counts(cumulative)
    try:
        t = np.asarray(times, dtype=float)
    except (TypeError, ValueError) as err:
        raise DiffusionError(f"times must be numbers, such as years since the start ({err}).") from err
    if t.ndim != 1:
        raise DiffusionError("give the times as a flat list of numbers.")
    if len(t) != len(y):
        raise DiffusionError(f"there are {len(t)} times but {len(y)} counts; give one count per time.")
    if len(t) < minimum:
        raise DiffusionError(
            f"too few points: {len(t)} given, at least {minimum} needed. A logistic curve has three "
            "numbers to estimate (ceiling, rate, midpoint), or two if you fix the ceiling."
        )
    if not np.isfinite(t).all():
        raise DiffusionError("times must not be empty or missing (NaN).")
    if (np.diff(t) <= 0).any():
        i = int(np.argmax(np.diff(t) <= 0)) + 1
        raise DiffusionError(
            f"times must increase: the time at position {i} ({t[i]:g}) is not after the one before ({t[i - 1]:g})."
        )
    if growth and y[-1] == y[0]:
        raise DiffusionError("the counts never change, so there is no curve to describe.")
    return t, y


def first_at_or_above(times: Sequence[object], cumulative: Sequence[float], level: float):
    """The first time whose cumulative count is at or above ``level``; ``None`` if it is never reached.

    This is the plain reading of the data: with yearly counts of 3, 8 and 15 districts out of 20, half
    (10) is first reached in the year with 15. ``times`` may be numbers or labels such as "2019-07";
    the matching element is returned as it was given. Only an observed time can be returned.
    """
    y = _counts(cumulative)
    labels = list(times)
    if len(labels) != len(y):
        raise DiffusionError(f"there are {len(labels)} times but {len(y)} counts; give one count per time.")
    hits = np.nonzero(y >= level)[0]
    return labels[int(hits[0])] if len(hits) else None


@dataclass(frozen=True)
class LogisticFit:
    """A logistic curve fitted to a cumulative adoption series (see :func:`fit_logistic`)."""

    ceiling: float
    rate: float
    midpoint: float
    ceiling_fixed: bool
    n_points: int
    rmse: float

    def predict(self, t: float | Sequence[float] | np.ndarray) -> np.ndarray:
        """The fitted curve's value at time(s) ``t``."""
        return logistic(t, self.ceiling, self.rate, self.midpoint)

    @property
    def time_to_half(self) -> float:
        """When the fitted curve reaches half of its own ceiling (this is the midpoint)."""
        return self.midpoint

    def time_to_reach(self, level: float) -> float:
        """When the fitted curve reaches ``level`` (which must lie between 0 and the ceiling)."""
        if not 0 < level < self.ceiling:
            raise DiffusionError(
                f"the fitted curve never reaches {level:g}: it stays between 0 and its ceiling of {self.ceiling:.1f}."
            )
        return self.midpoint - math.log(self.ceiling / level - 1.0) / self.rate


def fit_logistic(
    times: Sequence[float], cumulative: Sequence[float], ceiling: float | None = None
) -> LogisticFit:
    """Fit ``ceiling / (1 + exp(-rate * (t - midpoint)))`` to a cumulative series by least squares.

    Leave ``ceiling`` as ``None`` to estimate it (at least four points needed), or fix it, for example
    at the number of districts that could adopt (at least three points). Raises
    :class:`DiffusionError` with a plain explanation when the data cannot be fitted.
    """
    t, y = _series(times, cumulative, minimum=3 if ceiling is not None else 4, growth=True)
    span = float(t[-1] - t[0])
    if ceiling is not None:
        if isinstance(ceiling, bool) or not isinstance(ceiling, (int, float, np.number)) \
                or not math.isfinite(ceiling) or ceiling <= 0:
            raise DiffusionError(f"the ceiling must be a positive number, got {ceiling!r}.")
        if ceiling < y.max():
            raise DiffusionError(
                f"the ceiling ({ceiling:g}) is below the largest count observed ({y.max():g}); "
                "a ceiling is the most that can ever adopt."
            )
    k0 = float(ceiling) if ceiling is not None else float(y.max()) * 1.2
    above = np.nonzero(y >= k0 / 2)[0]
    t0 = float(t[above[0]]) if len(above) else float(t[-1])
    r0 = 4.0 / span
    low_t, high_t = t[0] - 10 * span, t[-1] + 10 * span
    try:
        if ceiling is None:
            params, _ = curve_fit(
                logistic, t, y, p0=[k0, r0, t0],
                bounds=([1e-9, 1e-9, low_t], [1e3 * y.max(), np.inf, high_t]), maxfev=20000,
            )
            k, r, m = float(params[0]), float(params[1]), float(params[2])
        else:
            def fixed(tt, rate, midpoint):
                return logistic(tt, ceiling, rate, midpoint)

            params, _ = curve_fit(
                fixed, t, y, p0=[r0, t0], bounds=([1e-9, low_t], [np.inf, high_t]), maxfev=20000
            )
            k, r, m = float(ceiling), float(params[0]), float(params[1])
    except (RuntimeError, ValueError) as err:
        raise DiffusionError(f"the logistic curve could not be fitted to these points ({err}).") from err
    residuals = y - logistic(t, k, r, m)
    return LogisticFit(
        ceiling=k, rate=r, midpoint=m, ceiling_fixed=ceiling is not None, n_points=len(t),
        rmse=float(np.sqrt(np.mean(residuals**2))),
    )


def observed_and_fitted(labels: Sequence[object], times: Sequence[float], cumulative: Sequence[float],
                        fit: LogisticFit) -> pd.DataFrame:
    """A table of each observation beside the fitted value and the difference (observed minus fitted)."""
    t, y = _series(times, cumulative)
    if len(labels) != len(t):
        raise DiffusionError(f"there are {len(labels)} labels but {len(t)} observations.")
    fitted = fit.predict(t)
    return pd.DataFrame({
        "label": list(labels), "time": t, "observed": y, "fitted": fitted.round(1),
        "difference": (y - fitted).round(1),
    })


def s_curve_chart(
    times: Sequence[float],
    cumulative: Sequence[float],
    fit: LogisticFit | None = None,
    *,
    point_labels: Sequence[str] | None = None,
    level: float | None = None,
    level_label: str = "half",
    xlabel: str = "Years since the first adopter",
    ylabel: str = "Cumulative adopters",
    title: str | None = None,
) -> Figure:
    """Observed cumulative counts as labelled markers, with an optional fitted curve and reference level.

    Readable in greyscale: the data are black circles with their values written beside them, the fit
    is a dashed line, the reference level a dotted line with its own label. Returns the figure.
    """
    t, y = _series(times, cumulative)
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 4.2), layout="constrained")
    if fit is not None:
        grid = np.linspace(min(t[0], 0.0), t[-1] + 0.15 * (t[-1] - t[0] or 1), 200)
        ax.plot(grid, fit.predict(grid), color="0.35", ls="--", lw=1.6,
                label=f"fitted logistic curve (ceiling {fit.ceiling:.0f})")
    ax.plot(t, y, "o", color="black", ms=7, label="published count")
    texts = point_labels if point_labels is not None else [f"{v:g}" for v in y]
    for x, v, text in zip(t, y, texts):
        ax.annotate(text, (x, v), textcoords="offset points", xytext=(6, -12), fontsize=9)
    if level is not None:
        ax.axhline(level, color="black", ls=":", lw=1)
        # at the right, under the line (and a point label), on short lines: the curve is above it there by then
        ax.annotate(wrap(f"{level_label} = {level:g}"), (ax.get_xlim()[1], level), textcoords="offset points",
                    xytext=(-4, -18), ha="right", va="top", fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return fig
