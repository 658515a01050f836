"""Benchmark: a national survey validated and scored end to end by the command line (a script, not a test).

Usage::

    python benchmarks/bench_scoring.py            # 1,000,000 respondents; print the results table
    python benchmarks/bench_scoring.py --write    # also write benchmarks/results/scoring.md
    python benchmarks/bench_scoring.py --rows 100000 --sample 2000   # a quick, smaller run

What is measured, in one run:

1. A CSV file of ``--rows`` synthetic respondents is written to a temporary folder: respondent_id, unit, role,
   wave and the 46 items (whole numbers 1-7, about 3% blank; ``learnorg.synthetic.large_answers``, seeded).
2. ``--repeat`` times, alternately, each in a fresh Python process:
   a. pandas reads the file (``pandas.read_csv(path)``, default options): the time of that call alone;
   b. ``python -m learnorg score FILE --out-scores OUT.csv``: wall-clock time of the whole command (start-up,
      imports, reading, checking every cell, scoring, writing the scores) and its peak resident memory
      (``ru_maxrss`` of that process).
3. Ratios, from the medians: command time / pandas read time (target ≤ 3) and peak memory / file size
   (target ≤ 4).
4. ``--sample`` rows of the scores file are checked against the test suite's independent reference scorer.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "scoring.md"
TARGET_TIME_RATIO = 3.0
TARGET_MEMORY_RATIO = 4.0
PANDAS_READ = ("import sys, time, pandas as pd\n"
               "start = time.perf_counter(); pd.read_csv(sys.argv[1]); print(time.perf_counter() - start)")


def write_survey(path: Path, rows: int, seed: int) -> None:
    """The benchmark's survey export, written in blocks (answers 1-7, about 3% blank)."""
    from learnorg.instrument import load_instrument
    from learnorg.synthetic import ROLES, UNITS, large_answers

    instrument = load_instrument()
    rng = np.random.default_rng(seed)
    digits = np.array(["", "1", "2", "3", "4", "5", "6", "7"], dtype=object)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(["respondent_id", "unit", "role", "wave", *instrument.item_ids]) + "\n")
        block = 200_000
        for start in range(0, rows, block):
            n = min(block, rows - start)
            answers = large_answers(n, instrument, seed=seed + start).to_numpy()
            cells = digits[np.where(np.isnan(answers), 0, answers).astype(np.int64)]
            ids = [f"R{i:07d}" for i in range(start + 1, start + n + 1)]
            units = np.array(UNITS, dtype=object)[rng.integers(0, len(UNITS), n)]
            roles = np.array(ROLES, dtype=object)[rng.integers(0, len(ROLES), n)]
            waves = rng.integers(1, 3, n).astype(str)
            lines = [",".join((i, u, r, w, *c)) for i, u, r, w, c in zip(ids, units, roles, waves, cells.tolist())]
            handle.write("\n".join(lines) + "\n")


def pandas_read(path: Path) -> float:
    done = subprocess.run([sys.executable, "-c", PANDAS_READ, str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def command(path: Path, out: Path) -> tuple[float, int]:
    """(wall-clock seconds, peak resident bytes) of one run of the scoring command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "learnorg", "score", str(path), "--out-scores", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the scoring command failed:\n{process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return seconds, int(peak)


def check_sample(path: Path, out: Path, sample: int) -> tuple[int, int]:
    """(rows checked, rows that differ) between the scores file and the independent reference scorer."""
    sys.path.insert(0, str(ROOT / "tests"))
    from reference_scorer import ReferenceInstrument, score_one, two_decimals

    reference = ReferenceInstrument()
    with path.open(encoding="utf-8", newline="") as a, out.open(encoding="utf-8", newline="") as b:
        answers, scores = csv.DictReader(a), csv.DictReader(b)
        total = sum(1 for _ in open(path, encoding="utf-8")) - 1
        step = max(1, total // max(sample, 1))
        checked = differ = 0
        for n, (row, got) in enumerate(zip(answers, scores)):
            if n % step:
                continue
            expected = score_one({i: (row[i] or None) for i in reference.item_ids}, reference, exact=True)
            checked += 1
            if row["respondent_id"] != got["respondent_id"] or any(
                    two_decimals(expected[m]) != got[m] for m in reference.measures):
                differ += 1
    return checked, differ


def table(rows: int, size: int, reads: list[float], runs: list[tuple[float, int]], checked: int, differ: int) -> str:
    read, seconds = statistics.median(reads), statistics.median(t for t, _ in runs)
    peak = max(p for _, p in runs)
    time_ratio, memory_ratio = seconds / read, peak / size
    verdict = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    mb = lambda n: f"{n / 1e6:,.0f} MB"  # noqa: E731
    return "\n".join([
        f"# Scoring benchmark ({date.today().isoformat()})",
        "",
        f"A national survey export: {rows:,} synthetic respondents x 46 items plus respondent_id, unit, role and wave, "
        f"as CSV ({mb(size)}). `python -m learnorg score FILE --out-scores OUT.csv` reads it, checks every cell, "
        "scores every respondent and writes the scores, in a fresh process; pandas reads the same file "
        f"(`pandas.read_csv`, default options) in another. {len(runs)} runs of each, alternately; medians.",
        "",
        "| Measure | Result | Target | Verdict |",
        "|---|---|---|---|",
        f"| pandas reads the file (time of `read_csv` alone) | {read:.2f} s (runs: "
        f"{', '.join(f'{t:.2f}' for t in reads)} s) | | |",
        f"| The command validates and scores it end to end (wall clock, start-up included) | {seconds:.2f} s (runs: "
        f"{', '.join(f'{t:.2f}' for t, _ in runs)} s) | | |",
        f"| **Time ratio**: command / pandas read | **{time_ratio:.2f}x** | ≤ {TARGET_TIME_RATIO:.0f}x "
        f"| {verdict(time_ratio <= TARGET_TIME_RATIO)} |",
        f"| Peak memory of the command (ru_maxrss, highest run) | {mb(peak)} (runs: "
        f"{', '.join(mb(p) for _, p in runs)}) | | |",
        f"| **Memory ratio**: peak memory / file size | **{memory_ratio:.2f}x** | ≤ {TARGET_MEMORY_RATIO:.0f}x "
        f"| {verdict(memory_ratio <= TARGET_MEMORY_RATIO)} |",
        f"| Scores of {checked:,} sampled rows equal the independent reference scorer's (tests/reference_scorer.py) "
        f"| {checked - differ:,} of {checked:,} | all | {verdict(differ == 0 and checked > 0)} |",
        "",
        f"Machine: {platform.python_implementation()} {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} logical CPUs (shared with other work while measuring); numpy "
        f"{np.__version__}, pandas {__import__('pandas').__version__}. Times vary with the machine and its load; both "
        "ratios are measured in the same run, so load affects numerator and denominator alike.",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5_000, help="rows checked against the reference scorer")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--workdir", type=Path, help="folder for the generated files (default: a temporary one)")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:  # in a child process, so that the measuring process stays small (see below)
        sys.path.insert(0, str(ROOT))
        write_survey(args.generate, args.rows, args.seed)
        return 0

    sys.path.insert(0, str(ROOT))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="learnorg-bench-"))
    try:
        path, out = workdir / "survey.csv", workdir / "scores.csv"
        print(f"writing {args.rows:,} respondents to {path} ...", file=sys.stderr, flush=True)
        # Written by a child process: a child started by this process counts this process's memory in its own
        # peak (ru_maxrss covers the moment before it starts the command), so this process must stay small.
        subprocess.run([sys.executable, __file__, "--generate", str(path), "--rows", str(args.rows),
                        "--seed", str(args.seed)], check=True)
        reads, runs = [], []
        for n in range(args.repeat):
            reads.append(pandas_read(path))
            runs.append(command(path, out))
            print(f"run {n + 1}: pandas {reads[-1]:.2f} s, command {runs[-1][0]:.2f} s, "
                  f"{runs[-1][1] / 1e6:.0f} MB", file=sys.stderr, flush=True)
        checked, differ = check_sample(path, out, args.sample)
        text = table(args.rows, path.stat().st_size, reads, runs, checked, differ)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(text)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print(f"Written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
