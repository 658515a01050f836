"""The tables of the report (each chart has one), strengths and gaps, and links to the book."""

from __future__ import annotations

import numpy as np
import pandas as pd

from learnorg import i18n
from learnorg.instrument import profile_rows

#: Where the published book lives; links in reports point here. Change it for a fork.
BOOK_URL = "https://learning-ministries.github.io/learning-ministries"
#: Book page (without ``.html``) for dimensions whose own chapter is not published yet.
CODEBOOK_PAGE = "book/measuring_your_ministry"
#: Book chapter for a dimension, once that chapter exists. Dimensions not listed link to CODEBOOK_PAGE.
CHAPTER_PAGES: dict[str, str] = {}

DIAGNOSTIC = "This is a diagnostic to start a discussion, not a grade."


def _select_group(summary: pd.DataFrame, group=None) -> pd.DataFrame:
    """Rows of ``summary`` for one group, indexed by measure."""
    if "group" in summary.columns:
        present = list(pd.unique(summary["group"]))
        if group is None:
            if len(present) != 1:
                raise ValueError(
                    f"summary holds {len(present)} groups ({', '.join(map(str, present[:5]))}...); "
                    "pass group= to choose one."
                )
            group = present[0]
        part = summary[summary["group"] == group]
        if part.empty:
            raise ValueError(f"group {group!r} is not in the summary; groups are {present}.")
    else:
        part = summary
    return part.drop_duplicates("measure").set_index("measure")


def _label(instrument, measure: str) -> str:
    try:
        return str(instrument.label(measure))
    except (KeyError, ValueError):
        return str(measure)


def _source_name(label: str) -> str:
    """Short name of a reference's source: its label up to the first ':' or ','."""
    text = str(label)
    cut = min((i for i in (text.find(":"), text.find(",")) if i > 0), default=len(text))
    return text[:cut].strip()


def _reference_lookup(references: pd.DataFrame | None, rows) -> pd.DataFrame:
    """References matched to profile rows: columns row_measure, value, source (short name)."""
    columns = ["row_measure", "value", "source"]
    if references is None or references.empty:
        return pd.DataFrame(columns=columns)
    alias_to_row = {alias: measure for measure, _kind, aliases in rows for alias in aliases}
    refs = references[references["measure"].isin(alias_to_row) & references["value"].notna()]
    return pd.DataFrame(
        {
            "row_measure": refs["measure"].map(alias_to_row).to_numpy(),
            "value": refs["value"].astype(float).to_numpy(),
            "source": [_source_name(lbl) for lbl in refs["label"]],
        },
        columns=columns,
    )


def _reference_text(refs: pd.DataFrame, measure: str) -> str:
    part = refs[refs["row_measure"] == measure]
    if part.empty:
        return "–"
    return "; ".join(
        ", ".join(f"{v:.0f}" for v in grp["value"]) + f" ({src})"
        for src, grp in part.groupby("source", sort=False)
    )

def _ci(low: float, high: float, lang: str = "en") -> str:
    if pd.isna(low) or pd.isna(high):
        return "–"
    return i18n.t("ci_range", lang, low=i18n.number(low, 1, lang), high=i18n.number(high, 1, lang))


def dimensions_table(instrument) -> pd.DataFrame:
    """What the instrument measures: block, dimension, description, number of items and of reverse-worded items."""
    dims = instrument.dimensions
    reverse = set(instrument.items.loc[instrument.items["reverse"], "item_id"])
    items = {d: instrument.items_of(d) for d in dims["dimension_id"]}
    return pd.DataFrame(
        {
            "Block": [_label(instrument, b) for b in dims["block_id"]],
            "Dimension": list(dims["label"]),
            "What it asks about": list(dims["description"]) if "description" in dims else "",
            "Items": [len(items[d]) for d in dims["dimension_id"]],
            "Reverse-worded items": [sum(i in reverse for i in items[d]) for d in dims["dimension_id"]],
        }
    )



def profile_table(summary: pd.DataFrame, instrument, references: pd.DataFrame | None = None, group=None,
                  lang: str = "en") -> pd.DataFrame:
    """Table equivalent of :func:`profile_chart`."""
    data = _select_group(summary, group)
    rows = profile_rows(instrument)
    refs = _reference_lookup(references, rows)
    out = []
    for measure, kind, _aliases in rows:
        r = data.loc[measure] if measure in data.index else None
        out.append(
            {
                "Measure": _label(instrument, measure),
                "Type": "Block" if kind == "block" else "Dimension",
                "Respondents": int(r["n"]) if r is not None and pd.notna(r["n"]) else 0,
                "Mean (0-100)": float(r["mean"]) if r is not None else np.nan,
                "95% CI": _ci(r["ci_low"], r["ci_high"], lang) if r is not None else "–",
                "Indicative reference(s)": _reference_text(refs, measure),
            }
        )
    return pd.DataFrame(out)


def heatmap_table(summary: pd.DataFrame, instrument) -> pd.DataFrame:
    """Table equivalent of :func:`heatmap_chart`: one row per group, one column per dimension."""
    dims = [d for d in instrument.dimension_ids]
    data = summary[summary["measure"].isin(dims)]
    groups = list(pd.unique(data["group"]))
    wide = data.pivot_table(index="group", columns="measure", values="mean", aggfunc="first", dropna=False)
    wide = wide.reindex(index=groups, columns=dims)
    wide.columns = [_label(instrument, d) for d in dims]
    return wide.rename_axis("Group").reset_index().astype({"Group": str})


def wave_table(change: pd.DataFrame, instrument, measure: str | None = None, lang: str = "en") -> pd.DataFrame:
    """Table equivalent of :func:`wave_chart`."""
    data = _wave_rows(change, instrument, measure)
    data = data.reset_index(drop=True)
    return pd.DataFrame(
        {
            "Unit": data["unit"].astype(str),
            "Measure": [_label(instrument, m) for m in data["measure"]],
            "n (first)": data["n_first"].astype("Int64"),
            "Mean (first)": data["mean_first"].astype(float),
            "n (second)": data["n_second"].astype("Int64"),
            "Mean (second)": data["mean_second"].astype(float),
            "Change": data["change"].astype(float),
            "95% CI of change": [_ci(lo, hi, lang) for lo, hi in zip(data["ci_low"], data["ci_high"])],
        }
    )


def _wave_measures(change: pd.DataFrame, instrument, measure: str | None) -> list[str]:
    if measure is not None:
        if measure not in set(change["measure"]):
            raise ValueError(f"measure {measure!r} is not in the change table.")
        return [measure]
    return [b for b in instrument.block_ids if b in set(change["measure"])]


def _wave_rows(change: pd.DataFrame, instrument, measure: str | None) -> pd.DataFrame:
    measures = _wave_measures(change, instrument, measure)
    data = change[change["measure"].isin(measures)].copy()
    data["_order"] = data["measure"].map({m: i for i, m in enumerate(measures)})
    units = list(pd.unique(change["unit"]))
    data["_unit"] = data["unit"].map({u: i for i, u in enumerate(units)})
    return data.sort_values(["_unit", "_order"]).drop(columns=["_order", "_unit"])


def chapter_link(dimension_id: str, link_base: str = BOOK_URL, chapter_pages: dict[str, str] | None = None) -> str:
    """Link to the book chapter on a dimension, or to the instrument page when there is no chapter yet."""
    pages = CHAPTER_PAGES if chapter_pages is None else chapter_pages
    return f"{link_base.rstrip('/')}/{pages.get(dimension_id, CODEBOOK_PAGE)}.html"


def strengths_and_gaps(
    summary: pd.DataFrame,
    instrument,
    k: int = 3,
    *,
    group=None,
    link_base: str = BOOK_URL,
    chapter_pages: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The ``k`` strongest and ``k`` weakest dimensions, each with its suggested next step and a book link.

    Columns: kind ('strength' or 'gap'), rank, dimension, label, mean, ci_low, ci_high, next_step, link.
    Dimensions without a score are left out; if there are fewer than ``2 * k``, the two lists share none.
    """
    data = _select_group(summary, group)
    dims = instrument.dimensions.set_index("dimension_id")
    scored = data.loc[[d for d in instrument.dimension_ids if d in data.index]]
    scored = scored[scored["mean"].notna()]
    k = max(0, min(k, len(scored) // 2))
    ordered = scored.sort_values("mean", ascending=False, kind="stable")
    picks = [("strength", ordered.head(k)), ("gap", ordered.tail(k).iloc[::-1])]
    rows = []
    for kind, part in picks:
        for rank, (dim, r) in enumerate(part.iterrows(), start=1):
            rows.append(
                {
                    "kind": kind,
                    "rank": rank,
                    "dimension": dim,
                    "label": _label(instrument, dim),
                    "mean": float(r["mean"]),
                    "ci_low": float(r["ci_low"]),
                    "ci_high": float(r["ci_high"]),
                    "next_step": str(dims.loc[dim, "next_step"]) if "next_step" in dims.columns else "",
                    "link": chapter_link(dim, link_base, chapter_pages),
                }
            )
    return pd.DataFrame(
        rows, columns=["kind", "rank", "dimension", "label", "mean", "ci_low", "ci_high", "next_step", "link"]
    )
