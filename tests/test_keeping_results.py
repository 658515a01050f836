"""The browser's scores download (selfscore.js scoresCsv) is the command line's scores file, byte for byte,
and the action planner reads it. Run with Node against the shared test vectors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from learnorg import planner
from learnorg.outputs import score_fields
from learnorg.scoring import measures
from learnorg.instrument import load_instrument
from test_selfscore_js import run_node

VECTORS = ROOT / "tests" / "vectors" / "self_assessment.json"


def cases() -> tuple[dict, list[dict]]:
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    return data["spec"], data["cases"]


def test_spec_lists_the_scores_in_the_command_lines_order():
    spec, _ = cases()
    assert spec["measures"] == measures(load_instrument())


def test_score_field_matches_the_command_line_on_ties_and_edges():
    values = [0, 100, 6.25, 12.5, 46.875, 46.87499999999999, 33.333333333333336, 66.66666666666667, 62.445,
              99.995, 0.005, 54.444444444444443, None]
    got = run_node("return input.map(v => lm.scoreField(v));", values)
    expected = list(score_fields(np.array([np.nan if v is None else v for v in values], dtype=float)))
    assert got == expected


def test_scores_download_is_the_command_lines_scores_file(tmp_path):
    spec, all_cases = cases()
    chosen = all_cases[:12]
    got = run_node("return input.cases.map(c => [lm.answersCsv(input.spec, c.answers, 'me'),"
                   " lm.scoresCsv(input.spec, c.answers, 'me')]);", {"spec": spec, "cases": chosen})
    assert len(got) == len(chosen)
    for case, (answers_csv, scores_csv) in zip(chosen, got):
        src, out = tmp_path / "answers.csv", tmp_path / "scores.csv"
        src.write_text(answers_csv, encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "learnorg", "score", str(src), "--out-scores", str(out)],
                                capture_output=True, text=True)
        if result.returncode != 0:  # a case the command line refuses (e.g. no answers at all) is not compared
            assert not any(v is not None for v in case["answers"].values()), (case["name"], result.stderr)
            continue
        assert scores_csv == out.read_text(encoding="utf-8"), case["name"]


def test_the_action_planner_reads_the_downloaded_scores():
    spec, all_cases = cases()
    case = next(c for c in all_cases if "10% missing" in c["name"])
    text = run_node("return lm.scoresCsv(input.spec, input.answers, 'me');", {"spec": spec, "answers": case["answers"]})
    parsed = planner.parse_scores_csv(text, name="my_scores.csv")
    assert parsed["rows"] == 1
    for dim in load_instrument().dimension_ids:
        expected = case["scores"][dim]
        if expected is None:
            assert parsed["means"][dim] is None
        else:
            assert parsed["means"][dim] == pytest.approx(expected, abs=0.005), dim


def test_a_wrong_rounding_rule_would_be_caught():
    """Guard on the guard: Python's round() (halves to even) differs from the rule on a tie."""
    assert run_node("return lm.scoreField(12.125);", None) == "12.13"
    assert f"{round(12.125, 2):.2f}" != "12.13"
