"""Problems found in an input file, collected (not raised one at a time) and reported together."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 50  # problems shown in a message
MAX_KEPT = 10_000  # problems kept in SurveyInputError.problems (the total is always counted)


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; ``row`` is the spreadsheet row (header = 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class SurveyInputError(ValueError):
    """Bad survey input. ``problems`` lists them (up to 10,000); ``total`` counts them all.

    ``suggest_invalid_missing`` is True only when the problems are a few invalid answer cells that could
    safely be treated as missing (``invalid="missing"``): never when doing so would bias the scores.
    """

    def __init__(self, problems: list[Problem], total: int | None = None, *, suggest_invalid_missing: bool = False):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        self.suggest_invalid_missing = suggest_invalid_missing
        super().__init__(self.describe())

    def describe(self, limit: int = MAX_LISTED) -> str:
        """A readable message listing the first ``limit`` problems and counting the rest."""
        head = f"{self.total} problem{'s' if self.total != 1 else ''} found in the input:"
        lines = [head] + [f"  - {p}" for p in self.problems[:limit]]
        if self.total > limit:
            lines.append(f"  ... and {self.total - limit} more (only the first {limit} are listed).")
        return "\n".join(lines)


class Collector:
    """Collects problems, keeping the first MAX_KEPT and counting all."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.total = 0
        self.suggest_invalid_missing = False

    def add(self, row: int | None, column: str | None, message: str, file: str | None = None) -> None:
        self.total += 1
        if len(self.problems) < MAX_KEPT:
            self.problems.append(Problem(file or self.file, row, column, message))

    def raise_if_any(self) -> None:
        if self.total:
            # Other files (mapping, value map) first, then the survey by row; the sort is stable within a row.
            ordered = sorted(self.problems, key=lambda p: (p.file == self.file, p.row or 0))
            raise SurveyInputError(ordered, self.total, suggest_invalid_missing=self.suggest_invalid_missing)


def fail(file: str, message: str, row: int | None = None, column: str | None = None):
    """Stop at once with one problem."""
    raise SurveyInputError([Problem(file, row, column, message)])
