"""A SYNTHETIC phased roll-out: why randomising the order of districts lets a ministry learn.

Nothing here describes a real country. :func:`simulate_rollout` invents a ministry that introduces a
new service package district by district, in waves, and records one outcome (say, the percentage of
births in a health facility) in every district in every period. The invented world has four parts:

- each district starts at its own level (some districts are simply stronger than others);
- every district improves a little each period anyway (the secular trend), and the stronger districts
  improve faster (they are "readier");
- the package adds a fixed true effect from the period a district starts;
- plus a little random noise.

The ministry chooses the order of the waves, either ``"best_first"`` (the strongest districts go
first, as often happens) or ``"random"`` (a public lottery decides). :func:`estimate_effects` then
estimates the effect three ways a ministry might, and :func:`compare_orders` repeats the whole exercise
many times so that the average error (bias) of each way can be seen. Everything is fully determined by
the seed, following the conventions of :mod:`learnorg.synthetic`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from learnorg.figures import PHONE_WIDTH_IN, SMALLEST_FONT_PT, wrap
from learnorg.synthetic import DEFAULT_SEED

ORDERS = ("random", "best_first")
METHODS = ("before_after", "same_period", "fixed_effects")
METHOD_LABELS = {
    "before_after": "Before and after, in the districts that started",
    "same_period": "Started vs not yet started, same period",
    "fixed_effects": "Difference-in-differences (district and period effects)",
}
ORDER_LABELS = {"random": "Order drawn by lottery", "best_first": "Strongest districts first"}
SYNTHETIC_NOTE = "SYNTHETIC data made by learnorg.rollout.simulate_rollout; it describes no real country."


def simulate_rollout(
    order: str = "random",
    *,
    seed: int = DEFAULT_SEED,
    n_districts: int = 24,
    n_waves: int = 4,
    effect: float = 5.0,
    baseline: float = 55.0,
    district_sd: float = 8.0,
    trend: float = 2.0,
    readiness_trend: float = 1.0,
    noise_sd: float = 2.0,
) -> pd.DataFrame:
    """Return one synthetic phased roll-out as a long table: one row per district and period.

    Columns: ``district``, ``strength_rank`` (1 = the strongest district at the start), ``wave``
    (when the district starts: 1 to ``n_waves``), ``period`` (0 = baseline, before anyone starts, to
    ``n_waves``, when everyone has started), ``started`` (True from the district's wave on) and
    ``outcome`` (percentage points, one decimal).

    The districts, their trends and the noise depend only on ``seed``, so the two orders can be
    compared on exactly the same invented country. ``order="best_first"`` gives the first wave to the
    strongest districts; ``order="random"`` shuffles them. The settings and the true effect are kept in
    ``attrs`` together with ``synthetic=True``.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, got {order!r}.")
    if n_waves < 2:
        raise ValueError(f"n_waves must be at least 2, got {n_waves}.")
    if n_districts < n_waves or n_districts % n_waves:
        raise ValueError(f"n_districts ({n_districts}) must be a multiple of n_waves ({n_waves}).")
    rng = np.random.default_rng(seed)
    level = rng.normal(baseline, district_sd, size=n_districts)
    spread = level.std()
    # Standardised strength: 0 is an average district (all 0 when every district starts level).
    strength = (level - level.mean()) / spread if spread > 0 else np.zeros(n_districts)
    slope = trend + readiness_trend * strength  # stronger districts improve faster
    periods = np.arange(n_waves + 1)
    noise = rng.normal(0.0, noise_sd, size=(n_districts, len(periods)))
    lottery = rng.permutation(n_districts)  # drawn whatever the order, so both orders share the same world

    per_wave = n_districts // n_waves
    ranking = np.argsort(-level, kind="stable")  # strongest first
    sequence = ranking if order == "best_first" else lottery
    wave = np.empty(n_districts, dtype=int)
    wave[sequence] = np.repeat(np.arange(1, n_waves + 1), per_wave)
    strength_rank = np.empty(n_districts, dtype=int)
    strength_rank[ranking] = np.arange(1, n_districts + 1)

    started = periods[None, :] >= wave[:, None]
    outcome = level[:, None] + slope[:, None] * periods[None, :] + effect * started + noise
    width = len(str(n_districts))
    frame = pd.DataFrame(
        {
            "district": np.repeat([f"District {i + 1:0{width}d}" for i in range(n_districts)], len(periods)),
            "strength_rank": np.repeat(strength_rank, len(periods)),
            "wave": np.repeat(wave, len(periods)),
            "period": np.tile(periods, n_districts),
            "started": started.ravel(),
            "outcome": outcome.ravel().round(1),
        }
    )
    frame.attrs.update(
        {
            "synthetic": True,
            "note": SYNTHETIC_NOTE,
            "order": order,
            "seed": seed,
            "true_effect": effect,
            "settings": {
                "n_districts": n_districts,
                "n_waves": n_waves,
                "effect": effect,
                "baseline": baseline,
                "district_sd": district_sd,
                "trend": trend,
                "readiness_trend": readiness_trend,
                "noise_sd": noise_sd,
            },
        }
    )
    return frame


def _before_after(panel: pd.DataFrame) -> float:
    """Average over districts of (mean after starting − mean before starting)."""
    by = panel.groupby(["district", "started"])["outcome"].mean().unstack("started")
    return float((by[True] - by[False]).mean())


def _same_period(panel: pd.DataFrame) -> float:
    """Average over periods (where both kinds exist) of (mean of started − mean of not yet started)."""
    gaps = []
    for _, rows in panel.groupby("period"):
        if rows["started"].all() or not rows["started"].any():
            continue
        means = rows.groupby("started")["outcome"].mean()
        gaps.append(means[True] - means[False])
    return float(np.mean(gaps))


def _fixed_effects(panel: pd.DataFrame) -> float:
    """Least-squares coefficient of ``started`` with one dummy per district and per period
    (the two-way fixed-effects form of difference-in-differences)."""
    districts = pd.get_dummies(panel["district"], dtype=float)
    periods = pd.get_dummies(panel["period"], prefix="p", dtype=float).iloc[:, 1:]  # drop one: collinear
    design = np.column_stack([panel["started"].to_numpy(float), districts.to_numpy(), periods.to_numpy()])
    coefficients, *_ = np.linalg.lstsq(design, panel["outcome"].to_numpy(float), rcond=None)
    return float(coefficients[0])


def estimate_effects(panel: pd.DataFrame, review_period: int | None = None) -> dict[str, float]:
    """Three estimates of the package's effect from one roll-out table.

    ``review_period`` uses only the periods up to and including it, as a ministry must at a mid-term
    review, when the later waves have not started yet (``None``: every period).

    - ``before_after``: each district after starting minus before, averaged. Mixes the effect with
      the secular trend, whatever the order.
    - ``same_period``: in each period, districts that have started minus those that have not yet,
      averaged over periods. Fair only if the early and late districts are alike, as a lottery makes them.
    - ``fixed_effects``: difference-in-differences with a level for every district and every period.
      Removes fixed differences between districts and the common trend, but not differences in how
      fast districts were improving anyway, which a best-first order builds in.
    """
    missing = {"district", "period", "started", "outcome"} - set(panel.columns)
    if missing:
        raise KeyError(f"the roll-out table lacks column(s) {sorted(missing)}.")
    if review_period is not None:
        panel = panel[panel["period"] <= review_period]
        if not panel["started"].any() or panel["started"].all():
            raise ValueError(
                f"at review period {review_period} there must be districts that have started and districts that have not."
            )
    return {
        "before_after": _before_after(panel),
        "same_period": _same_period(panel),
        "fixed_effects": _fixed_effects(panel),
    }


def compare_orders(
    n_runs: int = 200, *, seed: int = DEFAULT_SEED, review_period: int | None = None, **settings
) -> pd.DataFrame:
    """Repeat the synthetic roll-out ``n_runs`` times for each order; one row per run, order and method.

    Run ``i`` uses seed ``seed + i`` for both orders, so each pair of runs shares one invented country.
    ``review_period`` and ``settings`` are passed on to :func:`estimate_effects` and :func:`simulate_rollout`.
    Columns: ``run``, ``order``, ``method``, ``estimate``, ``true_effect``, ``error`` (estimate − truth).
    """
    if n_runs < 1:
        raise ValueError(f"n_runs must be at least 1, got {n_runs}.")
    rows = []
    for run in range(n_runs):
        for order in ORDERS:
            panel = simulate_rollout(order, seed=seed + run, **settings)
            truth = panel.attrs["true_effect"]
            for method, value in estimate_effects(panel, review_period).items():
                rows.append({"run": run, "order": order, "method": method, "estimate": value,
                             "true_effect": truth, "error": value - truth})
    runs = pd.DataFrame(rows)
    runs.attrs.update({"synthetic": True, "note": SYNTHETIC_NOTE, "seed": seed, "n_runs": n_runs,
                       "review_period": review_period})
    return runs


def summarise_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Per order and method: the average estimate, the bias (average error) and the spread (standard
    deviation) across runs, in the orders of :data:`ORDERS` and :data:`METHODS`."""
    summary = (
        runs.groupby(["order", "method"])
        .agg(average_estimate=("estimate", "mean"), bias=("error", "mean"), spread=("estimate", "std"),
             runs=("estimate", "size"))
        .reset_index()
    )
    summary["order"] = pd.Categorical(summary["order"], ORDERS, ordered=True)
    summary["method"] = pd.Categorical(summary["method"], METHODS, ordered=True)
    return summary.sort_values(["order", "method"]).reset_index(drop=True)


def wave_means(panel: pd.DataFrame) -> pd.DataFrame:
    """Average outcome of each wave in each period (rows: periods; columns: 'Wave 1', 'Wave 2', ...)."""
    means = panel.groupby(["period", "wave"])["outcome"].mean().unstack("wave")
    means.columns = [f"Wave {w}" for w in means.columns]
    return means.round(1)


_MARKERS = ("s", "o", "^", "D", "v", "P", "X", "*")


def rollout_chart(panel: pd.DataFrame, *, review_period: int | None = None, title: str | None = None) -> Figure:
    """Average outcome of each wave over time. Each wave has its own marker and label; markers are open
    before the wave starts and filled from its start, so the chart reads the same in greyscale.
    ``review_period`` adds a dotted vertical line labelled "mid-term review"."""
    means = wave_means(panel)
    starts = panel.groupby("wave")["period"].apply(lambda p: p[panel.loc[p.index, "started"]].min())
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 4.4), layout="constrained")
    for i, column in enumerate(means.columns):
        wave = int(column.split()[-1])
        marker = _MARKERS[i % len(_MARKERS)]
        ax.plot(means.index, means[column], color="black", lw=1, marker=None)
        for period, value in means[column].items():
            filled = period >= starts[wave]
            ax.plot(period, value, marker=marker, markersize=7, color="black",
                    markerfacecolor="black" if filled else "white", linestyle="none")
        ax.annotate(column, (means.index[-1], means[column].iloc[-1]), textcoords="offset points",
                    xytext=(8, 0), va="center", fontsize=9)
    ax.set_xticks(list(means.index), ["Baseline" if p == 0 else f"Period {p}" for p in means.index])
    ax.set_xlim(means.index.min() - 0.3, means.index.max() + 0.9)
    if review_period is not None:
        ax.axvline(review_period, color="black", ls=":", lw=1)
        ax.annotate("mid-term review", (review_period, 0.02), xycoords=("data", "axes fraction"),
                    xytext=(4, 0), textcoords="offset points", fontsize=SMALLEST_FONT_PT)
    ax.set_ylabel("Average outcome (synthetic, %)")
    ax.spines[["top", "right"]].set_visible(False)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.12 * (high - low))  # a band at the top for the key, clear of the lines
    ax.text(0.01, 0.99, "Open marker: not yet started · filled marker: started", transform=ax.transAxes,
            va="top", fontsize=SMALLEST_FONT_PT)
    if title:
        ax.set_title(title, loc="left")
    return fig


def order_comparison_chart(runs: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Box plots of the estimates from many synthetic runs: one panel per order (stacked), one box per method.

    A dashed line marks the true effect; the average estimate is written above each box."""
    truth = float(runs["true_effect"].iloc[0])
    fig, axes = plt.subplots(len(ORDERS), 1, figsize=(PHONE_WIDTH_IN, 3.6 * len(ORDERS)), sharey=True,
                             layout="constrained")
    hatches = ("", "//", "..")
    for ax, order in zip(axes, ORDERS):
        data = [runs.loc[(runs["order"] == order) & (runs["method"] == m), "estimate"].to_numpy() for m in METHODS]
        boxes = ax.boxplot(data, patch_artist=True, widths=0.55, medianprops={"color": "black"})
        for patch, hatch in zip(boxes["boxes"], hatches):
            patch.set(facecolor="0.88", edgecolor="black", hatch=hatch)
        ax.axhline(truth, color="black", ls="--", lw=1)
        top = max(d.max() for d in data)
        for x, values in enumerate(data, start=1):
            ax.annotate(f"avg {values.mean():.1f}", (x, top), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=SMALLEST_FONT_PT)
        ax.set_xticks([1, 2, 3], ["Before and\nafter", "Started vs\nnot yet", "Difference-in-\ndifferences"])
        ax.set_title(ORDER_LABELS[order], loc="left", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_ylabel(wrap(f"Estimated effect (true effect {truth:g}, dashed)", 26))
    low, high = axes[0].get_ylim()  # shared: room above the highest box for its "avg" label, below the title
    axes[0].set_ylim(low, high + 0.1 * (high - low))
    if title:
        fig.suptitle(title)
    return fig
