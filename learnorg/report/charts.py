"""The charts of the report: every one readable in greyscale (hatching, marker shapes and printed values carry
the meaning, never colour alone), each with a table equivalent in :mod:`learnorg.report.tables`."""

from __future__ import annotations

import textwrap

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from learnorg import i18n, scoring
from learnorg.figures import SMALLEST_FONT_PT
from learnorg.instrument import profile_rows
from learnorg.report.tables import (_label, _reference_lookup, _select_group, _wave_measures, heatmap_table)

DIMENSION_COLOUR = "#c8c8c8"
BLOCK_COLOUR = "#6e6e6e"
WAVE_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

REFERENCE_MARKERS = ("D", "^", "s", "v", "P")


def _text(value: object) -> str:
    """Plain text for matplotlib: ``$`` would otherwise start mathtext."""
    return str(value).replace("$", r"\$")


def _wrap(value: object, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(_text(value), width)) or ""

def _text_colour(rgba) -> str:
    """Black or white, whichever contrasts more with a cell colour (WCAG relative luminance)."""
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def profile_chart(summary: pd.DataFrame, references: pd.DataFrame | None, instrument, group=None,
                  lang: str = "en") -> Figure:
    """Horizontal bars of mean scores (blocks hatched, dimensions plain) with 95% CIs and reference markers.

    ``summary`` is the long output of ``scoring.group_summary``; ``group`` picks one of its groups (needed when it
    holds several). Every bar carries its value; reference values appear as open diamonds.
    """
    data = _select_group(summary, group)
    rows = profile_rows(instrument)
    refs = _reference_lookup(references, rows)
    n = len(rows)
    y = np.arange(n)[::-1]
    mean = np.array([data["mean"].get(m, np.nan) for m, _k, _a in rows], dtype=float)
    low = np.array([data["ci_low"].get(m, np.nan) for m, _k, _a in rows], dtype=float)
    high = np.array([data["ci_high"].get(m, np.nan) for m, _k, _a in rows], dtype=float)
    is_block = np.array([k == "block" for _m, k, _a in rows])

    fig, ax = plt.subplots(figsize=(8.5, 0.42 * n + 2.2), layout="constrained")
    bars = ax.barh(
        y,
        np.nan_to_num(mean),
        color=[BLOCK_COLOUR if b else DIMENSION_COLOUR for b in is_block],
        edgecolor="black",
        linewidth=0.6,
        height=0.7,
    )
    for bar, b in zip(bars, is_block):
        if b:
            bar.set_hatch("///")
    ok = ~np.isnan(mean) & ~np.isnan(low) & ~np.isnan(high)
    if ok.any():
        ax.errorbar(
            mean[ok], y[ok], xerr=[mean[ok] - low[ok], high[ok] - mean[ok]],
            fmt="none", ecolor="black", elinewidth=1, capsize=3,
        )
    # Values in a column right of the plot, clear of whiskers and reference markers.
    column = matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(1.02, y[0] + 0.75, i18n.t("chart_mean", lang), transform=column, va="center", ha="left", fontsize=SMALLEST_FONT_PT, fontweight="bold")
    for yi, m, b in zip(y, mean, is_block):
        ax.text(1.02, yi, i18n.t("chart_no_data", lang) if np.isnan(m) else f"{m:.0f}", transform=column, va="center", ha="left",
                fontsize=SMALLEST_FONT_PT, fontweight="bold" if b else "normal")
    row_y = {measure: yi for yi, (measure, _k, _a) in zip(y, rows)}
    sources = list(pd.unique(refs["source"]))
    for j, source in enumerate(sources):
        part = refs[refs["source"] == source]
        ax.plot(part["value"], [row_y[m] for m in part["row_measure"]], marker=REFERENCE_MARKERS[j % 5],
                markersize=7, markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.4,
                linestyle="none", zorder=4, alpha=0.9)
    ax.set_yticks(y)
    ax.set_yticklabels([_text(_label(instrument, m)) for m, _k, _a in rows], fontsize=9)
    for tick, b in zip(ax.get_yticklabels(), is_block):
        if b:
            tick.set_fontweight("bold")
    ax.set_xlim(0, 100)
    ax.set_xlabel(i18n.t("chart_profile_x", lang))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    name = data["group"].iloc[0] if "group" in data.columns and len(data) else group
    if name == scoring.ALL_GROUP:
        name = i18n.t("all_respondents", lang)
    title = i18n.t("chart_profile_title", lang) + (f": {_text(name)}" if name is not None else "")
    ax.set_title(title, loc="left", fontsize=11)
    handles = [
        Patch(facecolor=DIMENSION_COLOUR, edgecolor="black", label=i18n.t("chart_legend_dimension", lang)),
        Patch(facecolor=BLOCK_COLOUR, edgecolor="black", hatch="///", label=i18n.t("chart_legend_block", lang)),
        Line2D([], [], color="black", marker="|", markersize=8, linestyle="-", label=i18n.t("chart_legend_ci", lang)),
    ]
    for j, source in enumerate(sources):
        handles.append(
            Line2D([], [], marker=REFERENCE_MARKERS[j % 5], markerfacecolor="white", markeredgecolor="black",
                   linestyle="none", label=i18n.t("chart_legend_reference", lang, source=_text(source)))
        )
    fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=SMALLEST_FONT_PT, frameon=False)
    return fig


def heatmap_chart(summary: pd.DataFrame, instrument, lang: str = "en") -> Figure:
    """Groups (rows) by dimensions (columns), the mean printed in every cell, missing cells marked "–".

    Uses the 'cividis' colormap, whose lightness rises steadily, so it reads correctly in greyscale.
    """
    table = heatmap_table(summary, instrument)
    values = table.drop(columns="Group").to_numpy(dtype=float)
    n_rows, n_cols = values.shape
    fig, ax = plt.subplots(figsize=(max(7.0, 0.85 * n_cols + 2.8), 0.55 * n_rows + 2.6), layout="constrained")
    norm = matplotlib.colors.Normalize(vmin=0, vmax=100)
    cmap = matplotlib.colormaps["cividis"].with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    for i in range(n_rows):
        for j in range(n_cols):
            v = values[i, j]
            if np.isnan(v):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor="#999999",
                                       hatch="xx", linewidth=0))
                ax.text(j, i, "–", ha="center", va="center", fontsize=10, color="black")
            else:
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=9,
                        color=_text_colour(cmap(norm(v))), fontweight="bold")
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels([_wrap(c, 16) for c in table.columns[1:]], rotation=45, ha="right", fontsize=SMALLEST_FONT_PT)
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([_text(g) for g in table["Group"]], fontsize=9)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    bar.set_label(i18n.t("chart_heatmap_bar", lang))
    ax.set_title(i18n.t("chart_heatmap_title", lang), loc="left", fontsize=11)
    return fig


def wave_chart(change: pd.DataFrame, instrument, measure: str | None = None, lang: str = "en") -> Figure:
    """Change between two waves per unit with 95% CIs: one marker shape per measure (the blocks by default)."""
    measures = _wave_measures(change, instrument, measure)
    units = list(pd.unique(change["unit"]))
    n_units, n_meas = len(units), len(measures)
    fig, ax = plt.subplots(figsize=(8.5, 0.2 * n_units * max(n_meas, 2.5) + 2.0), layout="constrained")
    y_unit = np.arange(n_units)[::-1].astype(float)
    spread = 0.7 / max(n_meas, 1)
    for j, m in enumerate(measures):
        part = change[change["measure"] == m].set_index("unit").reindex(units)
        y = y_unit + (n_meas - 1) / 2 * spread - j * spread
        c = part["change"].to_numpy(dtype=float)
        lo = part["ci_low"].to_numpy(dtype=float)
        hi = part["ci_high"].to_numpy(dtype=float)
        err = np.vstack([np.nan_to_num(c - lo), np.nan_to_num(hi - c)])
        ax.errorbar(
            c, y, xerr=err, fmt=WAVE_MARKERS[j % len(WAVE_MARKERS)], color="black",
            markerfacecolor="white" if j % 2 else "black", markersize=6, capsize=2.5, elinewidth=0.9,
            label=_text(_label(instrument, m)),
        )
        if n_meas == 1:
            for ci, hi_, yi in zip(c, hi, y):
                if not np.isnan(ci):
                    ax.text((hi_ if not np.isnan(hi_) else ci) + 0.6, yi, f"{ci:+.0f}", va="center", fontsize=SMALLEST_FONT_PT)
    ax.axvline(0, color="black", linestyle="--", linewidth=0.8)
    ax.set_yticks(y_unit)
    ax.set_yticklabels([_text(u) for u in units], fontsize=9)
    ax.set_xlabel(i18n.t("chart_wave_x", lang))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    what = _text(_label(instrument, measure)) if measure is not None else i18n.t("chart_wave_blocks", lang)
    ax.set_title(i18n.t("chart_wave_title", lang, what=what), loc="left", fontsize=11)
    if n_meas > 1:
        fig.legend(loc="outside lower center", ncol=min(n_meas, 2), fontsize=SMALLEST_FONT_PT, frameon=False)
    return fig
