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

from learnorg.instrument import Instrument, load_instrument, scale_range

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


def measures(instrument: Instrument) -> list[str]:
    """Every score, in output order: the dimensions, then the blocks."""
    return instrument.dimension_ids + instrument.block_ids


def _score_into(out: np.ndarray, column, n_rows: int, instrument: Instrument) -> None:
    """Fill ``out`` (n_rows x measures) from ``column(item) -> (values, answered mask)``, one item at a time."""
    lo, hi = instrument.scale_min, instrument.scale_max
    reverse = dict(zip(instrument.items["item_id"], instrument.items["reverse"]))
    dims = instrument.dimension_ids
    for d, dim in enumerate(dims):
        total = None
        count = np.zeros(n_rows, dtype=np.int32)
        for item in instrument.items_of(dim):
            values, seen = column(item)
            if reverse[item]:
                values = (lo + hi) - values
            part = np.where(seen, values, 0)
            total = part if total is None else total + part
            count += seen
        with np.errstate(invalid="ignore", divide="ignore"):
            score = (total / count - lo) / (hi - lo) * 100.0
        score[count < instrument.min_answered(dim)] = np.nan
        out[:, d] = score
        del total
    _blocks_into(out, n_rows, instrument)


def _blocks_into(out: np.ndarray, n_rows: int, instrument: Instrument) -> None:
    """Block scores (the mean of the available dimension scores) from the dimension columns of ``out``."""
    dims = instrument.dimension_ids
    for b, block in enumerate(instrument.block_ids):
        total = np.zeros(n_rows)
        count = np.zeros(n_rows, dtype=np.int64)
        for dim in instrument.dimensions_of(block):
            values = out[:, dims.index(dim)]
            seen = ~np.isnan(values)
            total += np.where(seen, values, 0.0)
            count += seen
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, len(dims) + b] = np.where(count > 0, total / count, np.nan)


def score_respondents(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Dimension and block scores (0-100, NaN when missing) for every respondent, vectorised.

    ``answers`` holds one column per item id with values on the instrument's scale or NaN.
    Works column by column, so memory stays at a few arrays of one value per respondent.
    """
    missing = [i for i in instrument.item_ids if i not in answers.columns]
    if missing:
        raise KeyError(f"answers lack item column(s): {', '.join(missing)}")

    def column(item):
        values = answers[item].to_numpy(dtype=float)
        return values, ~np.isnan(values)

    out = np.empty((len(answers), len(measures(instrument))))
    _score_into(out, column, len(answers), instrument)
    return pd.DataFrame(out, index=answers.index, columns=measures(instrument), copy=False)


def score_values(values: np.ndarray, instrument: Instrument, missing: int) -> pd.DataFrame:
    """The same scores from a compact answer matrix (respondents x items in instrument order, whole numbers,
    ``missing`` where unanswered), as :class:`learnorg.readers.Survey` holds it: no float copy of the answers.

    With one-byte answers, each item's contribution and "answered" flag come from 256-entry lookup tables,
    so a million respondents take a fraction of a second."""
    if values.shape[1] != len(instrument.item_ids):
        raise ValueError(f"expected {len(instrument.item_ids)} item columns, got {values.shape[1]}")
    position = {item: j for j, item in enumerate(instrument.item_ids)}
    out = np.empty((len(values), len(measures(instrument))))
    if values.dtype != np.int8:
        def column(item):
            cells = values[:, position[item]]
            return cells.astype(np.int32), cells != missing

        _score_into(out, column, len(values), instrument)
        return pd.DataFrame(out, columns=measures(instrument), copy=False)
    lo, hi = instrument.scale_min, instrument.scale_max
    codes = np.arange(256, dtype=np.int16) - 256 * (np.arange(256) > 127)  # the int8 value of each byte
    answered = ((codes >= lo) & (codes <= hi)).astype(np.int8)
    straight = np.where(answered == 1, codes, 0).astype(np.int16)
    reversed_ = np.where(answered == 1, lo + hi - codes, 0).astype(np.int16)
    reverse = dict(zip(instrument.items["item_id"], instrument.items["reverse"]))
    dims = instrument.dimension_ids
    n = len(values)
    for d, dim in enumerate(dims):
        total = np.zeros(n, dtype=np.int16)
        count = np.zeros(n, dtype=np.int8)
        for item in instrument.items_of(dim):
            byte = values[:, position[item]].view(np.uint8)
            total += (reversed_ if reverse[item] else straight)[byte]
            count += answered[byte]
        with np.errstate(invalid="ignore", divide="ignore"):
            score = (total / count - lo) / (hi - lo) * 100.0
        score[count < instrument.min_answered(dim)] = np.nan
        out[:, d] = score
    _blocks_into(out, n, instrument)
    return pd.DataFrame(out, columns=measures(instrument), copy=False)


#: Degrees of freedom from which the t quantile comes from the Cornish-Fisher expansion (error below 1e-11).
LARGE_DF = 200


def t_quantile(df, p: float) -> np.ndarray:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (an array).

    For df >= LARGE_DF the Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun 26.7.5,
    four terms) is exact to about 1e-11; smaller df use scipy (imported only then: importing scipy costs more
    than the rest of scoring a large survey)."""
    df = np.asarray(df, dtype=float)
    out = np.full(df.shape, np.nan)
    large = df >= LARGE_DF
    if large.any():
        from statistics import NormalDist

        z = NormalDist().inv_cdf(p)
        g1 = (z ** 3 + z) / 4
        g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
        g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
        g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
        v = df[large]
        out[large] = z + g1 / v + g2 / v ** 2 + g3 / v ** 3 + g4 / v ** 4
    small = (df >= 1) & ~large
    if small.any():
        from scipy.special import stdtrit

        out[small] = stdtrit(df[small], p)
    return out


def _t_interval(mean, sd, n, level: float = 0.95):
    """Two-sided t-interval of a mean; NaN where n < 2."""
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        crit = np.where(n >= 2, t_quantile(np.maximum(n - 1, 1), 0.5 + level / 2), np.nan)
        half = crit * np.asarray(sd, dtype=float) / np.sqrt(n)
    return np.asarray(mean, dtype=float) - half, np.asarray(mean, dtype=float) + half


def _group_labels(groups: pd.Series | None, length: int) -> pd.Series:
    """Group labels as text, positionally aligned; empty or missing values become '(missing)'.

    Worked out once per distinct value, so a million respondents in a few groups cost little."""
    if groups is None:
        return pd.Series(np.full(length, ALL_GROUP, dtype=object))
    groups = pd.Series(groups).reset_index(drop=True)
    if len(groups) != length:
        raise ValueError(f"groups has {len(groups)} values but scores has {length} rows")
    codes, uniques = pd.factorize(groups.to_numpy(dtype=object), use_na_sentinel=False)
    texts = [MISSING_GROUP if (u is None or (isinstance(u, float) and u != u)) else (str(u).strip() or MISSING_GROUP)
             for u in uniques]
    return pd.Series(np.array(texts, dtype=object)[codes] if texts else np.zeros(0, dtype=object))


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


def summarise(scores: pd.DataFrame, codes: np.ndarray, names: list[str]) -> pd.DataFrame:
    """n, mean, SD and 95% t-interval per group and measure, long format (groups in the order of ``names``).

    ``codes`` gives each respondent's group as an index into ``names`` (-1: in no group, left out). One column
    at a time with ``np.bincount``: no copy of the score table, whatever its size.
    """
    groups = len(names)
    rows = []
    per_measure = {}
    everyone = groups == 1 and bool((codes == 0).all())
    in_group = codes >= 0
    for measure in scores.columns:
        try:
            values = scores[measure].to_numpy(dtype=float)
        except (TypeError, ValueError) as err:
            raise ValueError("scores must hold only numeric score columns (the output of score_respondents)") from err
        if groups == 1:  # one group (all respondents): plain sums, no bincount
            v = values if everyone else values[in_group]
            v = v[~np.isnan(v)]
            n = np.array([len(v)])
            mean = np.array([v.mean() if len(v) else np.nan])
            sd = np.array([np.sqrt(((v - mean[0]) ** 2).sum() / (n[0] - 1)) if n[0] >= 2 else np.nan])
            per_measure[measure] = (n, mean, sd)
            continue
        ok = ~np.isnan(values) & in_group
        c, v = codes[ok], values[ok]
        n = np.bincount(c, minlength=groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(c, weights=v, minlength=groups) / n
            deviation = v - mean[c]
            sd = np.sqrt(np.bincount(c, weights=deviation * deviation, minlength=groups) / (n - 1))
        sd[n < 2] = np.nan
        per_measure[measure] = (n, mean, sd)
    for g, name in enumerate(names):
        for measure in scores.columns:
            n, mean, sd = per_measure[measure]
            rows.append((name, measure, int(n[g]), float(mean[g]) if n[g] else np.nan, float(sd[g])))
    out = pd.DataFrame(rows, columns=["group", "measure", "n", "mean", "sd"])
    out["ci_low"], out["ci_high"] = _t_interval(out["mean"], out["sd"], out["n"])
    return out


def group_summary(scores: pd.DataFrame, groups: pd.Series | None = None) -> pd.DataFrame:
    """Per group and measure: n (non-missing), mean, SD and 95% t-interval, in long format.

    ``groups`` is aligned by position; ``None`` gives one group, "All respondents".
    Measures keep the column order of ``scores`` (instrument order for :func:`score_respondents`).
    """
    labels = _group_labels(groups, len(scores))
    order = _group_order(labels)
    position = {g: i for i, g in enumerate(order)}
    codes, uniques = pd.factorize(labels.to_numpy(dtype=object))
    lookup = np.array([position[u] for u in uniques], dtype=np.int64)
    return summarise(scores, lookup[codes] if len(uniques) else np.zeros(0, dtype=np.int64), order)


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
    half = float(t_quantile(df, 0.5 + level / 2)) * math.sqrt(se2)
    return diff - half, diff + half


def _wave_mask(waves: pd.Series, wave) -> np.ndarray:
    """Rows of ``wave``, compared as stripped text (worked out once per distinct value)."""
    codes, uniques = pd.factorize(waves.to_numpy(dtype=object), use_na_sentinel=False)
    hits = np.array([str(u).strip() == str(wave).strip() for u in uniques], dtype=bool)
    return hits[codes] if len(hits) else np.zeros(len(waves), dtype=bool)


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
    Each translated label (``label_fr`` ...) comes along, after ``label``: see :func:`localized_references`.
    """
    instrument = instrument or load_instrument()
    refs = instrument.references
    translated = [f"label_{lang}" for lang in instrument.languages[1:] if f"label_{lang}" in refs.columns]
    columns = ["measure", "value", "label", *translated, "source_key", "note"]
    measures = set(instrument.dimension_ids) | set(instrument.block_ids)
    rows = []
    for _, ref in refs.iterrows():
        if ref["measure"] not in measures:
            continue
        value = float(ref["value"])
        lo, hi = scale_range(ref["scale"])
        if (lo, hi) == (0, 100):
            note = f"{ref['note']} {INDICATIVE}"
        else:
            published = ref["value"]
            value = (value - lo) / (hi - lo) * 100.0
            note = (
                f"{ref['note']} Published as {published} on the {lo:g}–{hi:g} scale; rescaled here "
                f"with (mean − {lo:g}) / {hi - lo:g} × 100, the formula used for our scores. {INDICATIVE}"
            )
        rows.append((ref["measure"], value, ref["label"], *(ref[c] for c in translated), ref["source_key"],
                     note.strip()))
    return pd.DataFrame(rows, columns=columns)


def localized_references(references: pd.DataFrame | None, lang: str = "en") -> pd.DataFrame | None:
    """``references`` (from :func:`reference_values`) with each ``label`` in ``lang``, from its ``label_<lang>``."""
    if lang == "en" or references is None or references.empty:
        return references
    column = f"label_{lang}"
    if column not in references.columns:
        raise ValueError(f"the reference values have no {column!r} column, so they cannot be shown in {lang!r}: "
                         f"add a {column} column beside label in references.csv.")
    labels = references[column].fillna("").astype(str).str.strip()
    if (labels == "").any():
        rows = ", ".join(str(i) for i in references.index[labels == ""])
        raise ValueError(f"the reference values have an empty {column!r} (rows {rows} of the table).")
    return references.assign(label=labels)
