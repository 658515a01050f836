"""Self-checks for the workbooks.

A workbook cell calls ``check("chapter/task", answer)``. The expected answer is always
computed from the shipped data, never typed in, so the checks stay right if the data are corrected.
Each chapter's checks live in their own module in this package (``learnorg/checks/<chapter>.py``),
registered with ``@_register("chapter/task")``; every module here is imported on first use.
An answer of ``None`` means "not answered yet"; a wrong answer gets a hint, not the solution.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real


NOT_ANSWERED = "not answered"
CORRECT = "correct"
INCORRECT = "incorrect"


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: a status and a message for the learner."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


_CHECKS: dict[str, Callable[[object], Feedback]] = {}


def _register(check_id: str):
    def decorate(func: Callable[[object], Feedback]) -> Callable[[object], Feedback]:
        _CHECKS[check_id] = func
        return func

    return decorate


def available() -> list[str]:
    """Identifiers of every check, e.g. ``"why-learn/largest-fall"``."""
    return sorted(_CHECKS)


def evaluate(check_id: str, answer: object) -> Feedback:
    """Return the feedback for ``answer`` without printing it."""
    if check_id not in _CHECKS:
        raise KeyError(f"Unknown check {check_id!r}. Available checks: {', '.join(available())}.")
    if answer is None:
        return Feedback(NOT_ANSWERED, "Not answered yet: replace None with your answer and run the cell again.")
    return _CHECKS[check_id](answer)


def check(check_id: str, answer: object) -> None:
    """Print the feedback for ``answer`` (for use in a workbook cell)."""
    print(evaluate(check_id, answer).message)


# Helpers ---------------------------------------------------------------------------------------

def _right(detail: str = "") -> Feedback:
    return Feedback(CORRECT, "Correct." + (f" {detail}" if detail else ""))


def _hint(text: str) -> Feedback:
    return Feedback(INCORRECT, f"Not quite. Hint: {text}")


def _as_number(answer: object) -> float | None:
    """The answer as a float, or None if it is not a plain number (booleans are not numbers here)."""
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return None
    number = float(answer)
    return None if math.isnan(number) else number


def _near(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance


def _load_chapter_checks() -> None:
    """Import every module in this package: each registers one chapter's checks."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_load_chapter_checks()
