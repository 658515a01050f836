"""Shared test vectors: answers -> expected scores from the Python engine, for the JavaScript port.

``python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json`` writes them; ``--check``
says whether the file is up to date (``group-vectors tests/vectors/group_results.json`` does the same for the
group vectors of :mod:`learnorg.self_assessment.group`). The tests also check these expected scores against the
independent reference scorer of the test suite, so a Python mistake cannot hide in them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from learnorg.instrument import Instrument, load_instrument
from learnorg.self_assessment.spec import format_score, instrument_spec, score_answers


def make_vectors(instrument: Instrument | None = None, seed: int = 2018) -> dict:
    """Answers -> expected scores from the Python engine, for checking the JavaScript port."""
    instrument = instrument or load_instrument()
    items = instrument.item_ids
    lo, hi = instrument.scale_min, instrument.scale_max
    cases: list[tuple[str, dict]] = [
        ("all lowest", {i: lo for i in items}),
        ("all highest", {i: hi for i in items}),
        ("all midpoint", {i: (lo + hi) // 2 for i in items}),
        ("nothing answered", {}),
        ("agree with everything (reverse items pull scores down)", {i: 6 for i in items}),
        ("reverse items only answered 1, others 7",
         {i: (lo if i in instrument.reverse_items else hi) for i in items}),
    ]
    for dim in instrument.dimension_ids:
        own = instrument.items_of(dim)
        need = -(-2 * len(own) // 3)  # two-thirds of the dimension's items, rounded up
        base = {i: 5 for i in items if i not in own}
        cases.append((f"{dim}: exactly two-thirds answered ({need} of {len(own)})",
                      {**base, **{i: 1 + k % 7 for k, i in enumerate(own[:need])}}))
        cases.append((f"{dim}: one answer short of two-thirds ({need - 1} of {len(own)})",
                      {**base, **{i: 7 for i in own[: need - 1]}}))
    rng = np.random.default_rng(seed)
    for n in range(12):
        missing_share = [0.0, 0.1, 0.3, 0.5][n % 4]
        values = rng.integers(lo, hi + 1, size=len(items))
        keep = rng.random(len(items)) >= missing_share
        cases.append((f"random {n + 1} (seed {seed}, about {missing_share:.0%} missing)",
                      {i: int(v) for i, v, k in zip(items, values, keep) if k}))
    vectors = []
    for name, answers in cases:
        full = {i: answers.get(i) for i in items}
        scores = score_answers(full, instrument)
        vectors.append({"name": name, "answers": full, "scores": scores,
                        "display": {m: format_score(v) for m, v in scores.items()}})
    return {
        "generated_by": "python -m learnorg.self_assessment vectors tests/vectors/self_assessment.json",
        "instrument": {"id": instrument.id, "version": instrument.version},
        "tolerance": 1e-9,
        "spec": instrument_spec(instrument),
        "cases": vectors,
    }


def vectors_text(instrument: Instrument | None = None) -> str:
    return json.dumps(make_vectors(instrument), indent=1, ensure_ascii=False) + "\n"


def group_vectors_text(instrument: Instrument | None = None) -> str:
    """The group vectors (:func:`learnorg.self_assessment.group.make_group_vectors`) as JSON text."""
    from learnorg.self_assessment.group import make_group_vectors

    return json.dumps(make_group_vectors(instrument), indent=1, ensure_ascii=False, allow_nan=False) + "\n"

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnorg.self_assessment",
                                     description="Write or check the shared scoring test vectors.")
    sub = parser.add_subparsers(dest="command", required=True)
    vec = sub.add_parser("vectors", help="write answers -> expected scores for the JavaScript port")
    vec.add_argument("path", type=Path)
    vec.add_argument("--check", action="store_true", help="only check that the file is up to date")
    group = sub.add_parser("group-vectors", help="write answer files -> expected group summaries for groupscore.js")
    group.add_argument("path", type=Path)
    group.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args(argv)
    text = vectors_text() if args.command == "vectors" else group_vectors_text()
    if args.check:
        current = args.path.read_text(encoding="utf-8") if args.path.is_file() else ""
        if current != text:
            print(f"{args.path}: out of date; run python -m learnorg.self_assessment {args.command} {args.path}")
            return 1
        print(f"{args.path}: up to date")
        return 0
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(text, encoding="utf-8")
    print(f"wrote {args.path}")
    return 0
