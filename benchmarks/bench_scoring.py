"""Benchmark of learnorg's vectorised scoring against its targets (a script, not a test).

Usage::

    python benchmarks/bench_scoring.py            # print the results table
    python benchmarks/bench_scoring.py --write    # also write benchmarks/results/scoring.md

What is measured, in one run:

1. In a fresh child process: generate ``--rows`` synthetic respondents x all items (seeded,
   ``learnorg.synthetic.large_answers``), then time ``score_respondents`` ``--repeat`` times and keep the best.
   Then score once more under ``tracemalloc`` to get the peak memory *allocated by scoring* on top of the input.
   The child also reports its peak resident set size (``ru_maxrss``): the whole process, i.e. Python, the
   libraries, the generated input and scoring together. The memory target is checked against this larger figure.
2. In this process: time the tests' plain-Python reference scorer (``tests/reference_scorer.py``) on ``--sample`` rows, check it
   gives the same scores as the vectorised function on those rows, and extrapolate its per-row cost to
   ``--rows`` rows. The speed-up is that extrapolated time divided by the best vectorised time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np

TARGET_SECONDS = 10.0
TARGET_BYTES = 2_000_000_000  # decimal gigabytes, the stricter reading
TARGET_SPEEDUP = 20.0
RESULTS = Path(__file__).resolve().parent / "results" / "scoring.md"


def _maxrss_bytes() -> int:
    """Peak resident set size of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def child(rows: int, seed: int, repeat: int) -> dict:
    """Generate the answers and time vectorised scoring (runs in a fresh process)."""
    from learnorg.instrument import load_instrument
    from learnorg.scoring import score_respondents
    from learnorg.synthetic import large_answers

    instrument = load_instrument()
    answers = large_answers(rows, instrument, seed=seed)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        scores = score_respondents(answers, instrument)
        times.append(time.perf_counter() - start)
        del scores
    tracemalloc.start()
    scores = score_respondents(answers, instrument)
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "items": len(instrument.item_ids),
        "times": times,
        "input_bytes": int(answers.memory_usage(index=False).sum()),
        "output_bytes": int(scores.memory_usage(index=False).sum()),
        "traced_peak_bytes": int(traced_peak),
        "maxrss_bytes": _maxrss_bytes(),
    }


def rowwise(sample: int, seed: int) -> dict:
    """Time the row-wise reference on a sample and check it agrees with the vectorised scores."""
    import pandas as pd

    from learnorg.instrument import load_instrument
    from learnorg.scoring import score_respondents
    from learnorg.synthetic import large_answers

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from reference_scorer import ReferenceInstrument, score_one  # the tests' independent scorer

    instrument = load_instrument()
    reference = ReferenceInstrument(instrument.source)
    answers = large_answers(sample, instrument, seed=seed + 1)
    records = [{k: (None if v != v else v) for k, v in rec.items()} for rec in answers.to_dict(orient="records")]
    start = time.perf_counter()
    slow = pd.DataFrame([score_one(r, reference) for r in records], columns=reference.measures)
    seconds = time.perf_counter() - start
    fast = score_respondents(answers, instrument)
    agree = bool(np.allclose(slow.to_numpy(float), fast.to_numpy(float), equal_nan=True, rtol=0, atol=1e-9))
    return {"sample": sample, "seconds": seconds, "agree": agree}


def _gb(n: float) -> str:
    return f"{n / 1e9:.2f} GB"


def table(vec: dict, slow: dict) -> str:
    best = min(vec["times"])
    per_row = slow["seconds"] / slow["sample"]
    extrapolated = per_row * vec["rows"]
    speedup = extrapolated / best
    verdict = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    rows = vec["rows"]
    lines = [
        f"# Scoring benchmark ({date.today().isoformat()})",
        "",
        f"{rows:,} synthetic respondents x {vec['items']} items (`learnorg.synthetic.large_answers`, float64, "
        f"about 3% missing). Input table: {_gb(vec['input_bytes'])}.",
        "",
        "| Measure | Result | Target | Verdict |",
        "|---|---|---|---|",
        f"| `score_respondents`, {rows:,} rows, best of {len(vec['times'])} | {best:.2f} s "
        f"(all runs: {', '.join(f'{t:.2f}' for t in vec['times'])} s) | ≤ {TARGET_SECONDS:.0f} s "
        f"| {verdict(best <= TARGET_SECONDS)} |",
        f"| Peak memory of the whole benchmark process (ru_maxrss: Python + libraries + generated input + "
        f"scoring) | {_gb(vec['maxrss_bytes'])} | ≤ 2 GB | {verdict(vec['maxrss_bytes'] <= TARGET_BYTES)} |",
        f"| Peak memory allocated by one scoring call on top of its input (tracemalloc) "
        f"| {_gb(vec['traced_peak_bytes'])} | (for information) | |",
        f"| Reference scorer (`tests/reference_scorer.py`) on {slow['sample']:,} rows | {slow['seconds']:.2f} s "
        f"({per_row * 1e6:.1f} µs per row; {extrapolated:.0f} s extrapolated to {rows:,} rows) | | |",
        f"| Speed-up of the vectorised scoring (extrapolated row-wise time / best vectorised time) "
        f"| {speedup:.0f}x | ≥ {TARGET_SPEEDUP:.0f}x | {verdict(speedup >= TARGET_SPEEDUP)} |",
        f"| Row-wise and vectorised scores agree on the sample | {'yes' if slow['agree'] else 'NO'} | yes "
        f"| {verdict(slow['agree'])} |",
        "",
        f"Machine: {platform.python_implementation()} {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} logical CPUs; numpy {np.__version__}, "
        f"pandas {__import__('pandas').__version__}. Timings are wall-clock (`time.perf_counter`) and vary "
        "with the machine and its load; the row-wise time is extrapolated linearly from the sample.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="rows for the row-wise reference")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(RESULTS.parents[2])}")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child(args.rows, args.seed, args.repeat)))
        return 0

    command = [sys.executable, __file__, "--child", "--rows", str(args.rows), "--seed", str(args.seed),
               "--repeat", str(args.repeat)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return done.returncode
    vec = json.loads(done.stdout.strip().splitlines()[-1])
    slow = rowwise(args.sample, args.seed)
    text = table(vec, slow)
    print(text)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
