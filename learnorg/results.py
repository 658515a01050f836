"""Results computed once from the scores, then drawn by every output (report, terminal, JSON, summary CSV).

:func:`compute_results` applies the confidentiality rule in one place: no group of fewer than
``min_group_size`` respondents is summarised (and nothing at all when the results cover fewer respondents than
that). The report (:func:`learnorg.report.render_report`) and the command line only format what it holds;
they never call back into :mod:`learnorg.scoring`.

Results describe the latest wave when a ``wave`` column holds two or more waves; change between the first
and the latest wave is computed for every unit (``by``) with at least ``min_group_size`` respondents in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from learnorg import scoring


def as_text(values: pd.Series) -> pd.Series:
    """Group labels as stripped text; empty or missing values become None (worked out once per distinct value)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    texts = [None if (u is None or (isinstance(u, float) and u != u)) else (str(u).strip() or None) for u in uniques]
    return pd.Series(np.array(texts, dtype=object)[codes] if texts else np.zeros(0, dtype=object),
                     index=values.index, dtype=object)


def wave_order(values: pd.Series) -> list:
    """Waves in order: numerically when all are numbers, else as text."""
    distinct = list(pd.unique(values.dropna()))
    numeric = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")
    if numeric.notna().all():
        return [v for _n, v in sorted(zip(numeric, distinct), key=lambda t: t[0])]
    return sorted(distinct, key=str)


@dataclass
class Results:
    """Everything an output shows about a set of scores, with small groups already left out."""

    instrument: object
    min_group_size: int
    respondents: int  # scored respondents in the file
    waves: list = field(default_factory=list)  # the waves, in order, when there are two or more
    scope_wave: object = None  # the latest wave when results describe it; None for all respondents
    in_scope: int = 0  # respondents the results describe
    overall: pd.DataFrame | None = None  # scoring.group_summary of the scope (None when too few respondents)
    by: str | None = None
    group_summary: pd.DataFrame | None = None  # per shown group and measure (scope)
    group_sizes: dict = field(default_factory=dict)  # shown group -> respondents (scope), in display order
    hidden_groups: int = 0  # groups with fewer than min_group_size respondents (scope), not shown
    unassigned: int = 0  # respondents without a value in the ``by`` column (scope)
    wave_change: pd.DataFrame | None = None  # scoring.wave_change for the eligible units
    wave_units_hidden: int = 0  # units without min_group_size respondents in both waves
    alpha: pd.DataFrame | None = None  # scoring.cronbach_alpha (None when no answers were given)
    missing_scores: dict = field(default_factory=dict)  # measure -> respondents without a score (whole file)
    references: pd.DataFrame | None = None

    @property
    def too_few(self) -> bool:
        """True when the results cover fewer respondents than the minimum group size: nothing is shown."""
        return self.in_scope < self.min_group_size

    @property
    def first_wave(self):
        return self.waves[0] if len(self.waves) >= 2 else None

    @property
    def last_wave(self):
        return self.waves[-1] if len(self.waves) >= 2 else None

    def summary_rows(self, measures: list[str] | None = None) -> pd.DataFrame:
        """Long table of what may be shown: overall (or per shown group) n, mean, SD and CI per measure."""
        if self.too_few:
            return pd.DataFrame(columns=["group", "measure", "n", "mean", "sd", "ci_low", "ci_high"])
        frame = self.group_summary if self.by is not None else self.overall
        if frame is None:
            frame = pd.DataFrame(columns=["group", "measure", "n", "mean", "sd", "ci_low", "ci_high"])
        return frame[frame["measure"].isin(measures)] if measures is not None else frame


def compute_results(instrument, scores: pd.DataFrame, groups: pd.DataFrame | None = None, by: str | None = None, *,
                    answers: pd.DataFrame | None = None, min_group_size: int = 5,
                    references: pd.DataFrame | None = None, id_column: str | None = None,
                    changes: bool = True, measures: list[str] | None = None) -> Results:
    """Summaries, wave change and reliability of ``scores``, computed once, small groups left out.

    ``groups`` holds the respondents' other columns (same index as ``scores``); ``by`` names the column to
    break results down by; a ``wave`` column with two or more waves makes the results describe the latest
    wave and adds the change from the first (unless ``changes`` is False: the command line skips it when it
    writes no report). ``answers`` (item answers) adds Cronbach's alpha. ``measures`` limits the summaries to
    some scores (the terminal shows only the blocks); by default every score is summarised.
    """
    if groups is None:
        groups = pd.DataFrame(index=scores.index)
    if len(groups) != len(scores) or not groups.index.equals(scores.index):
        raise ValueError(f"groups ({len(groups)} rows) must have the same index as scores ({len(scores)} rows).")
    if by is not None and by not in groups.columns:
        raise ValueError(f"column {by!r} not found; available columns: {', '.join(map(str, groups.columns))}.")
    if by is not None and id_column is not None and by == id_column:
        raise ValueError(f"column {by!r} holds the respondent ids; results are never broken down by respondent.")
    if min_group_size < 1:
        raise ValueError("min_group_size must be at least 1.")
    out = Results(instrument=instrument, min_group_size=min_group_size, respondents=len(scores), by=by)
    out.references = scoring.reference_values(instrument) if references is None else references
    out.missing_scores = {m: int(scores[m].isna().sum()) for m in scores.columns}

    wave_text = as_text(groups["wave"]) if "wave" in groups.columns else None
    waves = wave_order(wave_text) if wave_text is not None else []
    if len(waves) >= 2:
        out.waves, out.scope_wave = waves, waves[-1]
        current = (wave_text == waves[-1]).to_numpy()
    else:
        current = np.ones(len(scores), dtype=bool)
    out.in_scope = int(current.sum())
    if out.too_few:
        return out
    summarised = scores if measures is None else scores[list(measures)]
    # Groups are given as codes over all rows (-1: not summarised), so the score table is never copied.
    out.overall = scoring.summarise(summarised, np.where(current, 0, -1), [scoring.ALL_GROUP])

    if by is not None:
        labels = as_text(groups[by])
        sizes = labels[current].value_counts(dropna=True)
        shown = sorted((g for g in sizes.index if sizes[g] >= min_group_size), key=lambda g: (g.casefold(), g))
        out.group_sizes = {g: int(sizes[g]) for g in shown}
        out.hidden_groups = int((sizes < min_group_size).sum())
        out.unassigned = int(labels[current].isna().sum())
        index = {g: i for i, g in enumerate(shown)}
        codes, uniques = pd.factorize(labels.to_numpy(dtype=object))
        lookup = np.array([index.get(u, -1) for u in uniques] + [-1], dtype=np.int64)
        group_codes = np.where(current, lookup[codes], -1)
        out.group_summary = scoring.summarise(summarised, group_codes, shown)

    if len(waves) >= 2 and changes:
        first, second = waves[0], waves[-1]
        units = as_text(groups[by]) if by is not None else pd.Series(scoring.ALL_GROUP, index=scores.index)
        counts = pd.crosstab(units, wave_text)
        n_first = counts[first] if first in counts.columns else pd.Series(0, index=counts.index)
        n_second = counts[second] if second in counts.columns else pd.Series(0, index=counts.index)
        eligible = [u for u in counts.index if min(n_first[u], n_second[u]) >= min_group_size]
        out.wave_units_hidden = len(counts.index) - len(eligible)
        if eligible:
            keep = units.isin(eligible).to_numpy()
            if keep.all():  # the usual case: no copy of the score table
                change = scoring.wave_change(scores, units, wave_text, first, second)
            else:
                change = scoring.wave_change(scores[keep], units[keep], wave_text[keep], first, second)
            out.wave_change = change[change["unit"].isin(eligible)].reset_index(drop=True)

    if answers is not None:
        out.alpha = scoring.cronbach_alpha(answers, instrument)
    return out
