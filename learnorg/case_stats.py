"""The case library as data: how many cases show each building block and capacity, and where evidence is thin.

Everything is computed from the case files each time (through :func:`learnorg.cases.load_cases`), so the
counts change as cases are added. The block and capacity tags are the course authors' interpretation of
the sources, not the sources' own classification.
"""

from __future__ import annotations

import pandas as pd

from learnorg.cases import BLOCKS, CAPACITIES, REGIONS, block_matrix, load_cases


def _cases(cases: pd.DataFrame | None) -> pd.DataFrame:
    return load_cases() if cases is None else cases


def block_coverage(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """One line per building block, in Garvin's order: how many cases show it and how varied they are.

    Columns: ``block`` (label), ``cases`` (number of cases tagged with the block), ``share`` (percentage of
    all cases), ``regions`` (number of different regions among those cases), ``countries`` (different
    countries), ``key_figures`` (checked figures recorded in those cases) and ``case_ids``.
    """
    cases = _cases(cases)
    total = len(cases)
    rows = []
    for block, label in BLOCKS.items():
        tagged = cases[cases["building_blocks"].map(lambda values, b=block: b in values)]
        countries = {country for values in tagged["countries"] for country in values}
        rows.append({
            "block": label,
            "cases": len(tagged),
            "share": round(100 * len(tagged) / total, 1) if total else 0.0,
            "regions": tagged["region"].nunique(),
            "countries": len(countries),
            "key_figures": int(tagged["figures"].map(len).sum()),
            "case_ids": ", ".join(tagged["id"]),
        })
    return pd.DataFrame(rows)


def block_capacity_counts(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Matrix of case counts: one row per building block, one column per resilience capacity.

    A case tagged with two blocks and two capacities counts in four cells, so the cells do not add up to
    the number of cases.
    """
    cases = _cases(cases)
    counts = pd.DataFrame(0, index=pd.Index(list(BLOCKS.values()), name="Building block"),
                          columns=pd.Index(list(CAPACITIES.values()), name="Resilience capacity"))
    for blocks, capacities in zip(cases["building_blocks"], cases["capacities"]):
        for block in blocks:
            for capacity in capacities:
                counts.loc[BLOCKS[block], CAPACITIES[capacity]] += 1
    return counts


def region_counts(cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Number of cases per region (every region of the vocabulary, including those with none)."""
    cases = _cases(cases)
    counts = cases["region"].value_counts()
    return pd.DataFrame({"region": list(REGIONS.values()),
                         "cases": [int(counts.get(key, 0)) for key in REGIONS]})


def thin_cells(counts: pd.DataFrame, below: int = 2) -> pd.DataFrame:
    """Cells of a count matrix with fewer than ``below`` cases, as rows (row label, column label, count).

    These are the combinations where the library's evidence is thin: a trainer looking for a case that
    shows, say, experimentation building transformative capacity can see at once whether there is one.
    """
    if below < 1:
        raise ValueError("'below' must be at least 1.")
    long = counts.stack().rename("cases").reset_index()
    return long[long["cases"] < below].reset_index(drop=True)


def thinnest_blocks(cases: pd.DataFrame | None = None) -> list[str]:
    """The building block(s) shown by the fewest cases (all of them if tied)."""
    coverage = block_coverage(cases)
    fewest = coverage["cases"].min()
    return coverage.loc[coverage["cases"] == fewest, "block"].tolist()


def blocks_per_case(cases: pd.DataFrame | None = None) -> pd.Series:
    """How many cases show one, two, three ... building blocks (index: number of blocks)."""
    sizes = block_matrix(_cases(cases)).sum(axis=1)
    return sizes.value_counts().sort_index().rename_axis("blocks").rename("cases")
