"""Measure a shock in a yearly (or monthly) series: how deep the fall, how long the recovery, where it ended.

The three numbers answer the questions a ministry asks after a crisis:

- **depth of the fall**: how far the series moved in the bad direction, from the last value before the shock
  (the *reference*) to the worst value after it;
- **time to recover**: how long it took to get back to the reference, counted from the worst point and from the
  start of the shock;
- **level after**: where the series stands at its last value, compared with the reference ("bouncing back" means
  about level with it; "bouncing forward" means better).

"Worse" depends on the indicator: a fall in life expectancy, a rise in infant mortality. Pass
``higher_is_better=False`` for indicators where a rise is bad. Missing values are ignored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from learnorg.figures import PHONE_WIDTH_IN


@dataclass(frozen=True)
class ShockMetrics:
    """Depth, recovery and level after a shock, for one series.

    ``depth`` and ``change_after`` are in the series' own unit and signed so that a positive depth is a move in
    the bad direction and a positive ``change_after`` is an improvement on the reference.
    """

    reference_period: int
    reference_value: float
    worst_period: int
    worst_value: float
    depth: float
    depth_percent: float
    recovery_period: int | None
    periods_to_recover: int | None
    periods_below: int | None
    last_period: int
    last_value: float
    change_after: float

    @property
    def recovered(self) -> bool:
        return self.recovery_period is not None

    def as_dict(self) -> dict:
        return asdict(self)


def _clean(series: pd.Series) -> pd.Series:
    values = pd.to_numeric(series, errors="raise").dropna()
    if values.empty:
        raise ValueError("the series has no values")
    index = pd.Index(values.index)
    if not pd.api.types.is_integer_dtype(index):
        raise ValueError(f"the series must be indexed by whole periods (years or months), not {index.dtype}")
    if not index.is_monotonic_increasing or index.has_duplicates:
        raise ValueError("the periods of the series must be increasing and unique")
    return values


def shock_metrics(
    series: pd.Series,
    shock_start: int,
    *,
    higher_is_better: bool = True,
    search_until: int | None = None,
) -> ShockMetrics:
    """Measure the shock that starts in period ``shock_start`` (for example a year).

    - The **reference** is the last value *before* ``shock_start``.
    - The **worst** value is the lowest (or, with ``higher_is_better=False``, the highest) from ``shock_start``
      up to ``search_until`` (default: the end of the series); the first one if it occurs twice.
    - **Recovery** is the first period after the worst one in which the series is back at the reference or
      better. ``periods_to_recover`` counts from the worst period; ``periods_below`` counts from
      ``shock_start``, i.e. how many periods the series spent worse than the reference. Both are ``None`` if the
      series never gets back.
    - The **level after** is the last value of the series, compared with the reference.
    """
    values = _clean(series)
    before = values[values.index < shock_start]
    if before.empty:
        raise ValueError(f"no value before the shock start {shock_start}: a reference is needed")
    end = values.index.max() if search_until is None else search_until
    during = values[(values.index >= shock_start) & (values.index <= end)]
    if during.empty:
        raise ValueError(f"no value between {shock_start} and {end}")

    sign = 1.0 if higher_is_better else -1.0
    reference_period, reference_value = int(before.index[-1]), float(before.iloc[-1])
    worst_period = int((during * sign).idxmin())
    worst_value = float(values[worst_period])
    depth = sign * (reference_value - worst_value)

    after = values[values.index > worst_period]
    back = after[sign * (after - reference_value) >= 0]
    recovery_period = int(back.index[0]) if not back.empty else None

    last_period, last_value = int(values.index[-1]), float(values.iloc[-1])
    return ShockMetrics(
        reference_period=reference_period,
        reference_value=reference_value,
        worst_period=worst_period,
        worst_value=worst_value,
        depth=round(depth, 10),
        depth_percent=round(100 * depth / reference_value, 10) if reference_value else float("nan"),
        recovery_period=recovery_period,
        periods_to_recover=None if recovery_period is None else recovery_period - worst_period,
        periods_below=None if recovery_period is None else recovery_period - shock_start,
        last_period=last_period,
        last_value=last_value,
        change_after=round(sign * (last_value - reference_value), 10),
    )


def metrics_table(metrics: dict[str, ShockMetrics], unit: str = "years") -> pd.DataFrame:
    """One row per series: the three numbers (and where they come from) in words a reader can check."""
    rows = []
    for name, m in metrics.items():
        rows.append({
            "Series": name,
            "Reference (last value before the shock)": f"{m.reference_value:g} in {m.reference_period}",
            "Worst value": f"{m.worst_value:g} in {m.worst_period}",
            "Depth of the fall": f"{m.depth:.1f} ({m.depth_percent:.1f}% of the reference)",
            "Back at the reference": str(m.recovery_period) if m.recovered else "not yet",
            f"{unit.capitalize()} from worst to recovered": m.periods_to_recover if m.recovered else "",
            "Last value": f"{m.last_value:g} in {m.last_period}",
            "Better than the reference by": f"{m.change_after:.1f}",
        })
    return pd.DataFrame(rows)


def plot_shock(
    ax: Axes,
    series: pd.Series,
    metrics: ShockMetrics,
    *,
    ylabel: str,
    title: str | None = None,
    marker: str = "o",
) -> Axes:
    """Draw ``series`` on ``ax`` with the reference as a dashed line and the three measured points labelled.

    The reference, worst, recovery and last points carry text labels, so the chart reads the same in greyscale.
    """
    values = _clean(series)
    ax.plot(values.index, values.values, color="black", marker=marker, markersize=3.5, lw=1.4)
    ax.axhline(metrics.reference_value, color="black", lw=1, ls="--")
    span = float(values.max() - values.min()) or 1.0
    points = [
        (metrics.reference_period, metrics.reference_value, f"reference {metrics.reference_value:g}", 1),
        (metrics.worst_period, metrics.worst_value, f"worst {metrics.worst_value:g}", -1),
        (metrics.last_period, metrics.last_value, f"last {metrics.last_value:g}", 1),
    ]
    if metrics.recovered:
        points.append((metrics.recovery_period, float(values[metrics.recovery_period]),
                       f"back in {metrics.recovery_period}", -1))
    worse_is_down = metrics.worst_value < metrics.reference_value
    for x, y, text, side in points:
        ax.plot([x], [y], marker="s", markersize=7, markerfacecolor="white", markeredgecolor="black", zorder=3)
        direction = side if worse_is_down else -side
        ax.annotate(text, (x, y), xytext=(0, 12 * direction), textcoords="offset points", ha="center",
                    va="bottom" if direction > 0 else "top", fontsize=9)
    ax.set_ylim(values.min() - 0.15 * span, values.max() + 0.15 * span)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return ax


def shock_figure(panels: list[tuple[pd.Series, ShockMetrics, str, str]], *, xlabel: str = "Year"):
    """One panel per ``(series, metrics, ylabel, title)``, stacked, sharing the x axis. Returns the figure."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(PHONE_WIDTH_IN, 3.2 * len(panels)), sharex=True, layout="constrained")
    axes = [axes] if len(panels) == 1 else list(axes)
    for ax, (series, metrics, ylabel, title) in zip(axes, panels):
        plot_shock(ax, series, metrics, ylabel=ylabel, title=title)
    axes[-1].set_xlabel(xlabel)
    return fig


MARKERS = ("o", "s", "^", "D", "v")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)))


def country_panels(
    frame: pd.DataFrame,
    countries: list[str],
    columns: list[tuple[str, str]],
    *,
    mark: int | None = None,
    mark_label: str = "",
):
    """Stacked panels (a phone-width column), one per ``(column, ylabel)``, with one line per country in ``frame`` (long format:
    ``country``, ``year`` and the columns). Each country has its own marker and line style and its name written at
    the end of its line, so no meaning rests on colour. ``mark`` draws a dotted vertical line at that year."""
    fig, axes = plt.subplots(len(columns), 1, figsize=(PHONE_WIDTH_IN, 3.4 * len(columns)), layout="constrained")
    axes = [axes] if len(columns) == 1 else list(axes)
    for ax, (column, ylabel) in zip(axes, columns):
        for n, country in enumerate(countries):
            rows = frame[frame["country"] == country].dropna(subset=[column]).sort_values("year")
            ax.plot(rows["year"], rows[column], color="black", marker=MARKERS[n % len(MARKERS)],
                    linestyle=LINESTYLES[n % len(LINESTYLES)], markersize=5, markerfacecolor="white", lw=1.3)
            last = rows.iloc[-1]
            ax.annotate(country, (last["year"], last[column]), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=9)
        if mark is not None:
            ax.axvline(mark, color="black", lw=1, ls=":")
            if mark_label:
                ax.annotate(mark_label, (mark, 1), xycoords=("data", "axes fraction"), xytext=(3, -3),
                            textcoords="offset points", va="top", fontsize=9)
        years = frame.loc[frame["country"].isin(countries), "year"]
        ax.set_xlim(years.min() - 0.5, years.max() + 2.8)
        ax.set_xticks(range(int(years.min()), int(years.max()) + 1, 2))
        ax.set_ylabel(ylabel)
        ax.set_xlabel("Year")
        ax.spines[["top", "right"]].set_visible(False)
    return fig
