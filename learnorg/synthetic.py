"""Seeded synthetic survey answers for teaching, testing and benchmarking.

Nothing produced here describes a real ministry. :func:`generate_survey` makes a small, realistic-looking
survey of six made-up directorates over two waves; :func:`large_answers` makes a big answer table quickly for
the performance benchmark. Both are fully determined by their seed.

Command line (writes the shipped example)::

    python -m learnorg.synthetic --out data/examples/synthetic_survey.csv --seed 2018
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from learnorg.paths import data_path

DEFAULT_SEED = 2018

UNITS = (
    "Planning & Policy",
    "Disease Control",
    "Maternal & Child Health",
    "Health Information (HMIS)",
    "Human Resources for Health",
    "District Health Services",
)
ROLES = ("Manager", "Technical officer", "Support staff")
ROLE_SHARES = (0.15, 0.55, 0.30)
# Managers tend to rate their own unit a little more favourably than other staff do.
ROLE_EFFECT = {"Manager": 0.35, "Technical officer": 0.0, "Support staff": -0.2}

# Common shape of the invented profile on the 1-7 answer scale: every unit deviates from it.
# Experimentation and time for reflection are made the weakest, echoing the
# pattern Garvin, Edmondson and Gino (2008) report for their benchmark organizations. Openness is set
# strongest by our choice, not from any source.
CENTRE = 4.6
DIMENSION_SHIFT = {
    "problem_solving": 0.1,
    "experimentation": -0.5,
    "past_experience": -0.1,
    "learning_from_others": 0.2,
    "knowledge_transfer": -0.2,
    "psychological_safety": 0.0,
    "appreciation_of_differences": 0.15,
    "openness_to_new_ideas": 0.45,
    "time_for_reflection": -0.6,
    "leadership": 0.1,
    "incentives": -0.4,
}

META_COLUMNS = ["respondent_id", "unit", "role", "wave"]


def _instrument(instrument):
    if instrument is None:
        from learnorg.instrument import load_instrument

        instrument = load_instrument()
    return instrument


def _item_layout(instrument) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    """Item ids, the dimension index of each item, reverse flags, and the dimension ids."""
    items = instrument.items
    dims = list(instrument.dimension_ids)
    position = {d: i for i, d in enumerate(dims)}
    dim_index = items["dimension"].map(position).to_numpy(dtype=int)
    reverse = items["reverse"].astype(bool).to_numpy()
    return list(items["item_id"]), dim_index, reverse, dims


def _to_answer(latent: np.ndarray, reverse: np.ndarray) -> np.ndarray:
    """Turn latent agreement (1-7 scale, any real) into 1..7 answers; reverse items flip."""
    raw = np.where(reverse, 8.0 - latent, latent)
    return np.clip(np.rint(raw), 1, 7)


def generate_survey(
    instrument=None,
    *,
    seed: int = DEFAULT_SEED,
    units: Sequence[str] | None = None,
    waves: int = 2,
    n_range: tuple[int, int] = (15, 40),
    missing_rate: float = 0.02,
    dropout_rate: float = 0.06,
    gap_rate: float = 0.04,
) -> pd.DataFrame:
    """Return a synthetic survey: ``respondent_id, unit, role, wave`` then one Int64 column per item (1..7 or NA).

    Each unit has its own profile over the dimensions; respondents vary around it (and by role). From wave 2
    on, about half of the units improve on their weakest dimensions and the others stay put. Reverse-worded
    items are answered low by respondents who are high on the dimension. Missing answers come from skipped
    items (``missing_rate``), respondents who stop partway (``dropout_rate``) and respondents who skip a whole
    dimension (``gap_rate``), so a few dimension scores end up missing.
    """
    if waves < 1:
        raise ValueError(f"waves must be at least 1, got {waves}.")
    low, high = n_range
    if not 1 <= low <= high:
        raise ValueError(f"n_range must be (low, high) with 1 <= low <= high, got {n_range}.")
    instrument = _instrument(instrument)
    unit_names = list(UNITS if units is None else units)
    if not unit_names:
        raise ValueError("units must name at least one unit.")
    item_ids, dim_index, reverse, dims = _item_layout(instrument)
    n_items, n_dims = len(item_ids), len(dims)
    rng = np.random.default_rng(seed)

    base = CENTRE + np.array([DIMENSION_SHIFT.get(d, 0.0) for d in dims])
    unit_level = rng.normal(0.0, 0.3, size=len(unit_names))
    profiles = base + unit_level[:, None] + rng.normal(0.0, 0.45, size=(len(unit_names), n_dims))
    item_offset = rng.normal(0.0, 0.2, size=n_items)

    # Change per wave: about half of the units improve, mostly on their weakest dimensions.
    improvers = rng.permutation(len(unit_names))[: (len(unit_names) + 1) // 2]
    step = rng.normal(0.0, 0.08, size=(len(unit_names), n_dims))
    for u in improvers:
        gain = rng.uniform(0.5, 0.9)
        weakest = np.argsort(profiles[u])[: max(1, n_dims // 3)]
        step[u] += 0.3 * gain
        step[u, weakest] += 0.7 * gain

    frames = []
    counter = 0
    for wave in range(1, waves + 1):
        for u, unit in enumerate(unit_names):
            n = int(rng.integers(low, high + 1))
            roles = rng.choice(len(ROLES), size=n, p=ROLE_SHARES)
            role_shift = np.array([ROLE_EFFECT[ROLES[r]] for r in roles])
            person = rng.normal(0.0, 0.45, size=n)
            latent_dim = (
                profiles[u]
                + (wave - 1) * step[u]
                + (role_shift + person)[:, None]
                + rng.normal(0.0, 0.45, size=(n, n_dims))
            )
            latent = latent_dim[:, dim_index] + item_offset + rng.normal(0.0, 0.75, size=(n, n_items))
            answers = _to_answer(latent, reverse)

            answers[rng.random((n, n_items)) < missing_rate] = np.nan
            for r in np.flatnonzero(rng.random(n) < dropout_rate):
                answers[r, int(rng.integers(n_items * 2 // 5, n_items - 1)) :] = np.nan
            for r in np.flatnonzero(rng.random(n) < gap_rate):
                answers[r, dim_index == int(rng.integers(n_dims))] = np.nan

            frame = pd.DataFrame(answers, columns=item_ids).astype("Int64")
            frame.insert(0, "wave", wave)
            frame.insert(0, "role", [ROLES[r] for r in roles])
            frame.insert(0, "unit", unit)
            frame.insert(0, "respondent_id", [f"R{counter + i + 1:04d}" for i in range(n)])
            counter += n
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def large_answers(n_rows: int, instrument=None, seed: int = DEFAULT_SEED, missing_rate: float = 0.03) -> pd.DataFrame:
    """Return ``n_rows`` synthetic answers (float 1..7, about ``missing_rate`` NaN), fast, for benchmarks.

    Columns are the instrument's item ids; each column is stored contiguously.
    """
    instrument = _instrument(instrument)
    item_ids, dim_index, reverse, dims = _item_layout(instrument)
    rng = np.random.default_rng(seed)
    out = np.empty((len(item_ids), n_rows), dtype=np.float64)
    chunk = 200_000
    for start in range(0, n_rows, chunk):
        stop = min(start + chunk, n_rows)
        m = stop - start
        latent_dim = CENTRE + rng.normal(0.0, 1.0, size=(len(dims), m))
        block = latent_dim[dim_index] + rng.normal(0.0, 0.8, size=(len(item_ids), m))
        block = _to_answer(block, reverse[:, None])
        block[rng.random(block.shape) < missing_rate] = np.nan
        out[:, start:stop] = block
    return pd.DataFrame(out.T, columns=item_ids, copy=False)


def example_path() -> Path:
    """Path of the shipped synthetic example survey (``data/examples/synthetic_survey.csv``)."""
    return data_path("examples", "synthetic_survey.csv")


def write_survey(out: Path | str, *, seed: int = DEFAULT_SEED, instrument=None) -> Path:
    """Generate the synthetic survey with ``seed`` and write it as CSV (UTF-8, ``\\n`` line ends)."""
    out = Path(out)
    frame = generate_survey(instrument, seed=seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, lineterminator="\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m learnorg.synthetic",
        description="Write a SYNTHETIC survey (made-up answers of six invented directorates over two waves) as CSV.",
    )
    parser.add_argument("--out", required=True, type=Path, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    path = write_survey(args.out, seed=args.seed)
    print(f"Wrote synthetic survey to {path} (seed {args.seed}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
