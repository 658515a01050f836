"""Scoring rules, group summaries, reliability, change between waves and reference values.

The rules, exactly as implemented (the codebook page states them in prose):

* a reverse-worded answer ``r`` counts as ``(min + max) - r``, i.e. ``8 - r`` on the 1-7 scale;
* a respondent's dimension score is the mean of the answered items of that dimension, rescaled to
  0-100 as ``(mean - min) / (max - min) * 100``, i.e. ``(mean - 1) / 6 * 100``; it is missing when
  fewer than two-thirds (rounded up) of the dimension's items are answered;
* a block score is the unweighted mean of the block's available dimension scores (missing only when
  all of them are missing).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from learnorg.instrument import Instrument, load_instrument

ALL_GROUP = "All respondents"
MISSING_GROUP = "(missing)"


def _item_matrix(answers: pd.DataFrame, instrument: Instrument) -> np.ndarray:
    """Answers as a float matrix in instrument item order, reverse-worded items recoded."""
    missing = [i for i in instrument.item_ids if i not in answers.columns]
    if missing:
        raise KeyError(f"answers lack item column(s): {', '.join(missing)}")
    matrix = np.array(answers[instrument.item_ids].to_numpy(dtype=float), dtype=float, copy=True)
    reverse = instrument.items["reverse"].to_numpy(dtype=bool)
    if reverse.any():
        matrix[:, reverse] = (instrument.scale_min + instrument.scale_max) - matrix[:, reverse]
    return matrix


def score_respondents(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Dimension and block scores (0-100, NaN when missing) for every respondent, vectorised.

    ``answers`` holds one column per item id with values on the instrument's scale or NaN.
    Works column by column, so memory stays at a few arrays of one value per respondent.
    """
    missing = [i for i in instrument.item_ids if i not in answers.columns]
    if missing:
        raise KeyError(f"answers lack item column(s): {', '.join(missing)}")
    lo, hi = instrument.scale_min, instrument.scale_max
    reverse = dict(zip(instrument.items["item_id"], instrument.items["reverse"]))
    n_rows = len(answers)
    out: dict[str, np.ndarray] = {}
    for dim in instrument.dimension_ids:
        total = np.zeros(n_rows)
        count = np.zeros(n_rows, dtype=np.int64)
        for item in instrument.items_of(dim):
            values = answers[item].to_numpy(dtype=float)
            seen = ~np.isnan(values)
            if reverse[item]:
                values = (lo + hi) - values
            total += np.where(seen, values, 0.0)
            count += seen
        with np.errstate(invalid="ignore", divide="ignore"):
            score = (total / count - lo) / (hi - lo) * 100.0
        score[count < instrument.min_answered(dim)] = np.nan
        out[dim] = score
    for block in instrument.block_ids:
        total = np.zeros(n_rows)
        count = np.zeros(n_rows, dtype=np.int64)
        for dim in instrument.dimensions_of(block):
            seen = ~np.isnan(out[dim])
            total += np.where(seen, out[dim], 0.0)
            count += seen
        with np.errstate(invalid="ignore", divide="ignore"):
            out[block] = np.where(count > 0, total / count, np.nan)
    return pd.DataFrame(out, index=answers.index, columns=instrument.dimension_ids + instrument.block_ids)


def _t_interval(mean, sd, n, level: float = 0.95):
    """Two-sided t-interval of a mean; NaN where n < 2."""
    from scipy import stats  # imported here: scipy.stats is slow to import and only summaries need it

    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        crit = np.where(n >= 2, stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)), np.nan)
        half = crit * np.asarray(sd, dtype=float) / np.sqrt(n)
    return np.asarray(mean, dtype=float) - half, np.asarray(mean, dtype=float) + half


def _group_labels(groups: pd.Series | None, length: int) -> pd.Series:
    """Group labels as text, positionally aligned; empty or missing values become '(missing)'."""
    if groups is None:
        return pd.Series([ALL_GROUP] * length)
    groups = pd.Series(groups).reset_index(drop=True)
    if len(groups) != length:
        raise ValueError(f"groups has {len(groups)} values but scores has {length} rows")
    text = groups.astype(object).where(groups.notna(), "")
    text = text.map(lambda v: str(v).strip())
    return text.where(text != "", MISSING_GROUP)


def _group_order(labels: pd.Series) -> list[str]:
    """Sorted group labels: numerically when all labels are numbers, else alphabetically; '(missing)' last."""
    present = [g for g in pd.unique(labels) if g != MISSING_GROUP]
    numeric = pd.to_numeric(pd.Series(present, dtype=object), errors="coerce")
    if len(present) and numeric.notna().all():
        order = [present[i] for i in np.argsort(numeric.to_numpy(), kind="stable")]
    else:
        order = sorted(present, key=lambda g: (g.casefold(), g))
    if (labels == MISSING_GROUP).any():
        order.append(MISSING_GROUP)
    return order


def group_summary(scores: pd.DataFrame, groups: pd.Series | None = None) -> pd.DataFrame:
    """Per group and measure: n (non-missing), mean, SD and 95% t-interval, in long format.

    ``groups`` is aligned by position; ``None`` gives one group, "All respondents".
    Measures keep the column order of ``scores`` (instrument order for :func:`score_respondents`).
    """
    values = scores.reset_index(drop=True)
    try:
        values = values.astype(float)
    except (TypeError, ValueError) as err:
        raise ValueError("scores must hold only numeric score columns (the output of score_respondents)") from err
    labels = _group_labels(groups, len(values))
    grouped = values.groupby(labels.to_numpy(), sort=False)
    n, mean, sd = grouped.count(), grouped.mean(), grouped.std(ddof=1)
    rows = []
    for group in _group_order(labels):
        for measure in values.columns:
            rows.append((group, measure, int(n.at[group, measure]), mean.at[group, measure], sd.at[group, measure]))
    out = pd.DataFrame(rows, columns=["group", "measure", "n", "mean", "sd"])
    out.loc[out["n"] < 2, "sd"] = np.nan
    out["ci_low"], out["ci_high"] = _t_interval(out["mean"], out["sd"], out["n"])
    return out


def cronbach_alpha(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Cronbach's alpha per dimension on reverse-coded answers, using complete cases of that dimension.

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the item total), variances with n - 1.
    NaN when there are fewer than two items, fewer than two complete cases or no variance in the total.
    """
    matrix = _item_matrix(answers, instrument)
    dims = instrument.items["dimension"].to_numpy()
    rows = []
    for dim in instrument.dimension_ids:
        part = matrix[:, dims == dim]
        complete = part[~np.isnan(part).any(axis=1)]
        k, n = part.shape[1], complete.shape[0]
        alpha = math.nan
        if k >= 2 and n >= 2:
            total_var = complete.sum(axis=1).var(ddof=1)
            if total_var > 0:
                alpha = k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_var)
        rows.append((dim, k, n, alpha))
    return pd.DataFrame(rows, columns=["dimension", "k_items", "n_complete", "alpha"])


def welch_interval(x: np.ndarray, y: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Welch interval for mean(y) - mean(x) of two independent samples; NaN if either has n < 2 or no spread."""
    from scipy import stats

    x, y = np.asarray(x, float), np.asarray(y, float)
    n1, n2 = len(x), len(y)
    if n1 < 2 or n2 < 2:
        return math.nan, math.nan
    v1, v2 = x.var(ddof=1) / n1, y.var(ddof=1) / n2
    se2 = v1 + v2
    if se2 <= 0:
        return math.nan, math.nan
    df = se2**2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    diff = y.mean() - x.mean()
    half = stats.t.ppf(0.5 + level / 2, df) * math.sqrt(se2)
    return diff - half, diff + half


def _wave_mask(waves: pd.Series, wave) -> np.ndarray:
    return (waves.astype(object).map(lambda v: str(v).strip()) == str(wave).strip()).to_numpy()


def wave_change(scores: pd.DataFrame, units: pd.Series | None, waves: pd.Series, first, second) -> pd.DataFrame:
    """Change in mean score per unit and measure from wave ``first`` to wave ``second``.

    Respondents of the two waves are treated as independent samples (Welch 95% interval for the
    difference). Waves are matched as text, so ``1`` matches ``"1"``. Units present in only one wave
    are kept, with the other wave's n = 0 and a missing change.
    """
    values = scores.reset_index(drop=True).astype(float)
    waves = pd.Series(waves).reset_index(drop=True)
    if len(waves) != len(values):
        raise ValueError(f"waves has {len(waves)} values but scores has {len(values)} rows")
    labels = _group_labels(units, len(values))
    in_first, in_second = _wave_mask(waves, first), _wave_mask(waves, second)
    for wave, mask in ((first, in_first), (second, in_second)):
        if not mask.any():
            found = ", ".join(sorted({str(v).strip() for v in waves.dropna()})) or "none"
            raise ValueError(f"no respondents in wave {wave!r}; waves found: {found}")
    rows = []
    for unit in _group_order(labels[in_first | in_second]):
        is_unit = (labels == unit).to_numpy()
        for measure in values.columns:
            col = values[measure].to_numpy()
            a = col[is_unit & in_first]
            b = col[is_unit & in_second]
            a, b = a[~np.isnan(a)], b[~np.isnan(b)]
            mean_a = a.mean() if len(a) else math.nan
            mean_b = b.mean() if len(b) else math.nan
            low, high = welch_interval(a, b)
            rows.append((unit, measure, len(a), mean_a, len(b), mean_b, mean_b - mean_a, low, high))
    return pd.DataFrame(
        rows,
        columns=["unit", "measure", "n_first", "mean_first", "n_second", "mean_second", "change", "ci_low", "ci_high"],
    )


INDICATIVE = "Indicative only: instruments, respondents and settings differ, so this is not a like-for-like benchmark."


def reference_values(instrument: Instrument | None = None) -> pd.DataFrame:
    """Reference values from the instrument's ``references.csv``, all on 0-100 and marked indicative.

    Values published on the 1-7 scale are rescaled with the same formula as respondent scores,
    (mean - 1) / 6 * 100, and the note says so. Rows for measures the instrument lacks are left out.
    """
    instrument = instrument or load_instrument()
    columns = ["measure", "value", "label", "source_key", "note"]
    path = instrument.source / "references.csv"
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    refs = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    measures = set(instrument.dimension_ids) | set(instrument.block_ids)
    rows = []
    for i, ref in refs.iterrows():
        if ref["measure"] not in measures:
            continue
        value = float(ref["value"])
        scale = ref["scale"].replace("–", "-").replace(" ", "")
        if scale == "0-100":
            note = f"{ref['note']} {INDICATIVE}"
        else:
            lo, hi = (float(x) for x in scale.split("-"))
            published = ref["value"]
            value = (value - lo) / (hi - lo) * 100.0
            note = (
                f"{ref['note']} Published as {published} on the {scale.replace('-', '–')} scale; rescaled here "
                f"with (mean − {lo:g}) / {hi - lo:g} × 100, the formula used for our scores. {INDICATIVE}"
            )
        rows.append((ref["measure"], value, ref["label"], ref["source_key"], note.strip()))
    return pd.DataFrame(rows, columns=columns)
