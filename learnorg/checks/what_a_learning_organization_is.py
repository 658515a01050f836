"""Workbook checks for the chapter "What a learning organization is".

The expected answers come from the Akhnif et al. (2018) table and from the case library as it is now, so
the checks stay right when cases are added.
"""

from __future__ import annotations

from learnorg import datasets
from learnorg.case_stats import block_capacity_counts, block_coverage, thin_cells, thinnest_blocks
from learnorg.checks import Feedback, _as_number, _hint, _register, _right
from learnorg.heatmap import count_lowest, row_summary, score_matrix

TABLE = "akhnif2018_table1"
AGENDA = "3.1 Learning agenda"


def _matrix():
    return score_matrix(datasets.load(TABLE), "sub_block", "country", "mean")


def _match_sub_block(answer: object, labels: list[str]) -> str | None:
    """The sub-block label an answer names: the full label, its number ('3.1') or its words ('learning agenda')."""
    if not isinstance(answer, str):
        return None
    given = " ".join(answer.split()).casefold()
    for label in labels:
        code, _, words = label.partition(" ")
        if given in (label.casefold(), code, words.casefold()):
            return label
    return None


def _sub_block_feedback(answer: object, expected: str, value_name: str, values: dict[str, float]) -> Feedback:
    labels = list(values)
    if not isinstance(answer, str):
        return _hint("give the sub-block as text (in quotes), for example '2.3 Collaborative culture'.")
    chosen = _match_sub_block(answer, labels)
    if chosen is None:
        return _hint(f"{answer!r} is not one of the sub-blocks. Use a label from the 'sub_block' column, e.g. {labels[0]!r}.")
    if chosen == expected:
        return _right(f"{expected}: {value_name} {values[expected]:.2f}.")
    return _hint(f"{chosen} has a {value_name} of {values[chosen]:.2f}; another sub-block goes further.")


@_register("what-lo/weakest-sub-block")
def _weakest_sub_block(answer: object) -> Feedback:
    summary = row_summary(_matrix()).set_index("sub_block")
    expected = summary["mean"].idxmin()
    return _sub_block_feedback(answer, expected, "six-country mean of", summary["mean"].to_dict())


@_register("what-lo/agenda-lowest-count")
def _agenda_lowest_count(answer: object) -> Feedback:
    matrix = _matrix()
    expected = count_lowest(matrix, AGENDA)
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return _hint("the answer is a whole number of countries, from 0 to 6.")
    if int(number) == expected:
        return _right(f"The learning agenda is the lowest sub-block in {expected} of the {matrix.shape[1]} countries.")
    if int(number) == matrix.shape[1]:
        return _hint("not in every country: look at Benin and Morocco, whose lowest sub-blocks are others.")
    return _hint("for each country (column), find the lowest score; count the columns where it is on the learning agenda row.")


@_register("what-lo/widest-spread")
def _widest_spread(answer: object) -> Feedback:
    summary = row_summary(_matrix()).set_index("sub_block")
    expected = summary["spread"].idxmax()
    return _sub_block_feedback(answer, expected, "spread between countries of", summary["spread"].to_dict())


@_register("what-lo/thinnest-block")
def _thinnest_block(answer: object) -> Feedback:
    coverage = block_coverage().set_index("block")["cases"]
    fewest = thinnest_blocks()
    if not isinstance(answer, str):
        return _hint("give the building block's name as text, as it appears in the 'block' column.")
    names = {name.casefold(): name for name in coverage.index}
    given = " ".join(answer.split()).casefold()
    if given not in names:
        return _hint(f"{answer!r} is not a building block. Choose one of: {', '.join(coverage.index)}.")
    chosen = names[given]
    if chosen in fewest:
        tie = f" (tied with {', '.join(b for b in fewest if b != chosen)})" if len(fewest) > 1 else ""
        return _right(f"{chosen} is shown by {coverage[chosen]} case(s), the fewest in the library{tie}.")
    return _hint(f"{chosen} is shown by {coverage[chosen]} cases; another block has fewer.")


@_register("what-lo/empty-cells")
def _empty_cells(answer: object) -> Feedback:
    counts = block_capacity_counts()
    empty = thin_cells(counts, below=1)
    expected = len(empty)
    number = _as_number(answer)
    if number is None or not number.is_integer():
        return _hint("the answer is a whole number of cells (block and capacity combinations).")
    if int(number) == expected:
        pairs = "; ".join(f"{b} with {c.lower()}" for b, c in zip(empty["Building block"], empty["Resilience capacity"]))
        return _right(f"{expected} combination(s) have no case yet" + (f": {pairs}." if pairs else "."))
    if int(number) == counts.size:
        return _hint("that is every cell of the table. Count only the cells that hold 0.")
    return _hint("count the cells of the block-by-capacity table that hold 0 (for example (counts == 0).sum().sum()).")
