"""The case library as an evidence map: building blocks x resilience capacities x kind of evidence.

Each case records, in its ``evidence`` field, the design of the studies its account rests on (``trial``,
``quasi_experimental``, ``evaluation`` or ``descriptive``; see ``data/cases/README.md``). Counting cases by
building block, capacity and kind of evidence shows where the library's evidence is thin. Everything is
computed from the case files each time (through :func:`learnorg.cases.load_cases`), so the map changes as
cases are added. The tags and the evidence classification are the course authors' reading of the sources.

A case tagged with two blocks and two capacities counts in four cells of the map, so cells do not add up
to the number of cases; the one-way counts (:func:`evidence_counts`) count each case once.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from learnorg.figures import PHONE_WIDTH_IN, wrap
from learnorg.cases import BLOCKS, CAPACITIES, EVIDENCE, load_cases
from learnorg.heatmap import heatmap_figure

# Designs with a comparison able to estimate an effect: randomised or not.
COMPARATIVE: tuple[str, ...] = ("trial", "quasi_experimental")
SEPARATOR = " · "


def _cases(cases: pd.DataFrame | None) -> pd.DataFrame:
    cases = load_cases() if cases is None else cases
    if "evidence" not in cases.columns:
        raise KeyError("The cases have no 'evidence' column; load them with learnorg.cases.load_cases().")
    unknown = sorted(set(cases["evidence"]) - set(EVIDENCE))
    if unknown:
        raise ValueError(f"Unknown kind(s) of evidence {unknown}; expected one of {', '.join(EVIDENCE)}.")
    return cases


def evidence_counts(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """One line per kind of evidence, strongest first: ``evidence`` (key), ``label``, ``cases`` and ``share``
    (percentage of all cases, one decimal). Kinds with no case are listed with 0."""
    cases = _cases(cases)
    counts = cases["evidence"].value_counts()
    total = len(cases)
    return pd.DataFrame({
        "evidence": list(EVIDENCE),
        "label": list(EVIDENCE.values()),
        "cases": [int(counts.get(key, 0)) for key in EVIDENCE],
        "share": [round(100 * int(counts.get(key, 0)) / total, 1) if total else 0.0 for key in EVIDENCE],
    })


def comparative_share(cases: pd.DataFrame | None = None, kinds: tuple[str, ...] = COMPARATIVE) -> float:
    """Percentage of cases (one decimal) whose evidence is one of ``kinds`` (default: a trial or a
    comparison without randomisation)."""
    cases = _cases(cases)
    if not len(cases):
        return 0.0
    return round(100 * float(cases["evidence"].isin(kinds).mean()), 1)


def evidence_by(cases: pd.DataFrame | None = None, by: str = "building_blocks") -> pd.DataFrame:
    """Count matrix: one row per building block (``by="building_blocks"``) or resilience capacity
    (``by="capacities"``), one column per kind of evidence (labels, strongest first)."""
    vocabularies = {"building_blocks": (BLOCKS, "Building block"), "capacities": (CAPACITIES, "Resilience capacity")}
    if by not in vocabularies:
        raise ValueError(f"'by' must be one of {', '.join(vocabularies)}, not {by!r}.")
    vocabulary, name = vocabularies[by]
    cases = _cases(cases)
    counts = pd.DataFrame(0, index=pd.Index(list(vocabulary.values()), name=name),
                          columns=pd.Index(list(EVIDENCE.values()), name="Kind of evidence"))
    for tags, kind in zip(cases[by], cases["evidence"]):
        for tag in tags:
            counts.loc[vocabulary[tag], EVIDENCE[kind]] += 1
    return counts


def evidence_map(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The three-way map in long-wide form: one line per (building block, capacity) pair, in Garvin's and
    Blanchet's order, with the number of cases of each kind of evidence, ``all`` (cases showing the pair)
    and ``comparative`` (those resting on a trial or a comparison without randomisation)."""
    cases = _cases(cases)
    rows = []
    for block, block_label in BLOCKS.items():
        for capacity, capacity_label in CAPACITIES.items():
            mask = cases["building_blocks"].map(lambda v, b=block: b in v) & cases["capacities"].map(
                lambda v, c=capacity: c in v)
            kinds = cases.loc[mask, "evidence"].value_counts()
            row = {"block": block_label, "capacity": capacity_label}
            row.update({label: int(kinds.get(key, 0)) for key, label in EVIDENCE.items()})
            row["all"] = int(mask.sum())
            row["comparative"] = int(cases.loc[mask, "evidence"].isin(COMPARATIVE).sum())
            rows.append(row)
    return pd.DataFrame(rows)


def evidence_grid(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """The map as a count matrix for a heatmap: rows "Block · capacity", columns the kinds of evidence."""
    table = evidence_map(cases)
    index = pd.Index([f"{b}{SEPARATOR}{c.replace(' capacity', '').lower()}"
                      for b, c in zip(table["block"], table["capacity"])], name="Building block · capacity")
    grid = table[list(EVIDENCE.values())].set_axis(index)
    grid.columns.name = "Kind of evidence"
    return grid


def thin_evidence(cases: pd.DataFrame | None = None, below: int = 1) -> pd.DataFrame:
    """Pairs of a building block and a capacity backed by fewer than ``below`` comparative cases (default:
    none), with how many cases of any kind show them. These are the places where the library can
    illustrate an idea but cannot show whether it made a difference."""
    if below < 1:
        raise ValueError("'below' must be at least 1.")
    table = evidence_map(cases)
    thin = table[table["comparative"] < below]
    return thin[["block", "capacity", "all", "comparative"]].reset_index(drop=True)


def strongest_blocks(cases: pd.DataFrame | None = None) -> list[str]:
    """The building block(s) with the most comparative cases (all of them if tied)."""
    counts = evidence_by(cases, "building_blocks")
    comparative = counts[[EVIDENCE[k] for k in COMPARATIVE]].sum(axis=1)
    return comparative[comparative == comparative.max()].index.tolist()


def evidence_summary(cases: pd.DataFrame | None = None) -> dict[str, int | float]:
    """The numbers a text about the map needs, computed now: ``cases``, one count per kind of evidence
    (keyed as in :data:`learnorg.cases.EVIDENCE`), ``comparative``, ``comparative_share`` (%),
    ``pairs`` (block x capacity pairs, 15), ``pairs_without_cases`` and ``pairs_without_comparative``."""
    cases = _cases(cases)
    counts = evidence_counts(cases).set_index("evidence")["cases"]
    table = evidence_map(cases)
    summary: dict[str, int | float] = {"cases": len(cases)}
    summary.update({key: int(counts[key]) for key in EVIDENCE})
    summary["comparative"] = int(sum(counts[k] for k in COMPARATIVE))
    summary["comparative_share"] = comparative_share(cases)
    summary["pairs"] = len(table)
    summary["pairs_without_cases"] = int((table["all"] == 0).sum())
    summary["pairs_without_comparative"] = int((table["comparative"] == 0).sum())
    return summary


def evidence_map_figure(cases: pd.DataFrame | None = None) -> Figure:
    """Greyscale heatmap of the map: 15 block-capacity rows by the four kinds of evidence, every cell
    labelled with its count (darker means more cases), so nothing depends on shade alone."""
    grid = evidence_grid(cases)
    fig = heatmap_figure(grid, value_format="{:.0f}", vmin=0, vmax=max(1, int(grid.to_numpy().max())),
                         mark_extremes=False, colorbar_label="Number of cases", wrap=11,
                         cell_width=1.0)  # wider than a phone: long column labels
    ax = fig.axes[0]
    for boundary in range(len(CAPACITIES), len(grid), len(CAPACITIES)):
        ax.axhline(boundary - 0.5, color="black", linewidth=1.2)
    ax.set_ylabel("")
    return fig


def count_bar_figure(table: pd.DataFrame, category: str, value: str, *, group: str | None = None,
                       xlabel: str = "", title: str = "") -> Figure:
    """Horizontal bars of ``value`` by ``category`` with the value written at the end of each bar; with
    ``group``, groups are separated and named on the left. Readable in greyscale (one colour, labels)."""
    if table.empty:
        raise ValueError("The table is empty.")
    labels = (table[group] + ": " + table[category]).tolist() if group else table[category].tolist()
    values = table[value].to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH_IN, 0.45 * len(table) + 1.4), layout="constrained")
    positions = range(len(table))
    ax.barh(list(positions), values, color="0.55", edgecolor="black", hatch="//")
    for y, v in zip(positions, values):
        ax.text(v + values.max() * 0.01, y, f"{v:g}", va="center", fontsize=9)
    ax.set_yticks(list(positions), [wrap(v) for v in labels], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, values.max() * 1.12)
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
