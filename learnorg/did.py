"""Difference-in-differences from four published numbers.

Many pilot evaluations report just four averages: the comparison group before and after, and the
pilot group before and after. The change in the comparison group estimates what would have happened
to the pilot group anyway (the secular trend); the difference-in-differences is what is left over.

Worked example (Mozambique, maternal consultations a month, Geelhoed et al. 2013, Table 2)::

    comparison: 785 before, 525 after  -> change -260
    pilot:      748 before, 501 after  -> change -247
    difference-in-differences = -247 - (-260) = +13 consultations a month

The same can be done in ratios, which suits counts that differ in size between groups:
pilot after/before = 0.670, comparison after/before = 0.669, ratio of ratios = 1.00 (no difference).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from learnorg.figures import MINUS, PHONE_WIDTH_IN, SMALLEST_FONT_PT


@dataclass(frozen=True)
class DiD:
    """The pieces of a 2×2 difference-in-differences, all computed from the four means."""

    control_before: float
    control_after: float
    treated_before: float
    treated_after: float
    change_control: float  # after − before, comparison group
    change_treated: float  # after − before, pilot group
    did: float  # change_treated − change_control (in the outcome's own units)
    naive_before_after: float  # change_treated alone: what a before-and-after look would report
    ratio_control: float  # after ÷ before, comparison group
    ratio_treated: float  # after ÷ before, pilot group
    ratio_of_ratios: float  # ratio_treated ÷ ratio_control (1 means no difference)

    def as_dict(self) -> dict:
        return asdict(self)


def did_2x2(control_before: float, control_after: float, treated_before: float, treated_after: float) -> DiD:
    """Difference-in-differences from the four group means (before and after, comparison and pilot)."""
    values = (control_before, control_after, treated_before, treated_after)
    if any(pd.isna(v) for v in values):
        raise ValueError("all four means are needed; one of them is missing.")
    change_control = control_after - control_before
    change_treated = treated_after - treated_before
    ratios = {}
    for name, (before, after) in {"control": (control_before, control_after), "treated": (treated_before, treated_after)}.items():
        ratios[name] = after / before if before else float("nan")
    return DiD(
        control_before=control_before,
        control_after=control_after,
        treated_before=treated_before,
        treated_after=treated_after,
        change_control=change_control,
        change_treated=change_treated,
        did=change_treated - change_control,
        naive_before_after=change_treated,
        ratio_control=ratios["control"],
        ratio_treated=ratios["treated"],
        ratio_of_ratios=ratios["treated"] / ratios["control"],
    )


def did_table(
    frame: pd.DataFrame,
    label: str,
    control_before: str,
    control_after: str,
    treated_before: str,
    treated_after: str,
) -> pd.DataFrame:
    """Apply :func:`did_2x2` to every row of ``frame``; one output row per outcome."""
    for column in (label, control_before, control_after, treated_before, treated_after):
        if column not in frame.columns:
            raise KeyError(f"No column {column!r}; the columns are {list(frame.columns)}.")
    rows = []
    for _, row in frame.iterrows():
        result = did_2x2(row[control_before], row[control_after], row[treated_before], row[treated_after])
        rows.append({label: row[label], **result.as_dict()})
    return pd.DataFrame(rows)


def did_chart(result: DiD, *, ylabel: str = "Average a month", title: str | None = None) -> Figure:
    """Before-and-after lines for both groups, plus the dashed 'what would have happened' line.

    The dashed line starts at the pilot group's 'before' value and follows the comparison group's
    change: the gap between it and the pilot's real 'after' value is the difference-in-differences.
    Lines differ by marker and style (not by colour), and every point is labelled with its value.
    """
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 4.2), layout="constrained")
    x = [0, 1]
    ax.plot(x, [result.control_before, result.control_after], marker="o", color="black", ls="-", label="Comparison group")
    ax.plot(x, [result.treated_before, result.treated_after], marker="s", color="black", ls="-", lw=2.2, label="Pilot group")
    counterfactual = result.treated_before + result.change_control
    ax.plot(x, [result.treated_before, counterfactual], marker="^", color="0.45", ls="--",
            label="Pilot group if it had changed like the comparison group")
    # Values beside the points: to the left of "before", to the right of "after", so they never overlap.
    for value in (result.control_before, result.treated_before):
        ax.annotate(f"{value:,.0f}", (0, value), textcoords="offset points", xytext=(-9, 0), ha="right",
                    va="center", fontsize=9)
    for value in (result.control_after, result.treated_after, counterfactual):
        ax.annotate(f"{value:,.0f}", (1, value), textcoords="offset points", xytext=(9, 0), ha="left",
                    va="center", fontsize=9)
    sign = "+" if result.did > 0 else (MINUS if result.did < 0 else "")
    ax.annotate(
        f"difference-in-\ndifferences: {sign}{abs(result.did):,.0f}",
        xy=(1, (result.treated_after + counterfactual) / 2),
        xytext=(48, 0),
        textcoords="offset points",
        va="center",
        fontsize=9,
    )
    ax.vlines(1, min(result.treated_after, counterfactual), max(result.treated_after, counterfactual), color="black", lw=1, ls=":")
    ax.set_xticks(x, ["Before", "After"])
    ax.set_xlim(-0.45, 2.0)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside lower center", frameon=False, fontsize=SMALLEST_FONT_PT)  # below: the lines need the width
    if title:
        ax.set_title(title, loc="left")
    return fig
