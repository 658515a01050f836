"""The browser planner (learnorg/web/planner.js) agrees with learnorg.planner, run with Node.

The vectors are written by Python (python -m learnorg.planner vectors tests/vectors/planner.json); the planner
scores stored self-assessment answers with selfscore.js's own scoreAnswers, which Node loads beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT

SCRIPT = ROOT / "learnorg" / "web" / "planner.js"
VECTORS = ROOT / "tests" / "vectors" / "planner.json"
NODE = shutil.which("node")


def run_node(program: str, payload) -> object:
    """Run a Node program with planner.js loaded as `lm` and JSON from stdin as `input`; return its JSON."""
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed (apt-get install -y nodejs)")
        pytest.skip("node is not installed")
    source = (f"const lm = require({json.dumps(str(SCRIPT))});\n"
              "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
              f"process.stdout.write(JSON.stringify((() => {{ {program} }})()));")
    result = subprocess.run([NODE, "-e", source], input=json.dumps(payload), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vectors() -> dict:
    return json.loads(VECTORS.read_text(encoding="utf-8"))


def test_csv_and_documents_are_byte_identical(vectors):
    got = run_node("return input.plans.map(c => { const p = lm.normalizePlan(input.spec, c.plan);"
                   " return {csv: lm.planCsv(input.spec, p), body: lm.planBodyHtml(input.spec, p),"
                   " document: lm.planDocument(input.spec, p), problems: lm.planProblems(input.spec, p)}; });",
                   vectors)
    assert len(got) == len(vectors["plans"]) >= 5
    for case, js in zip(vectors["plans"], got):
        for key in ("csv", "body", "document", "problems"):
            assert js[key] == case[key], (case["name"], key)


def test_stored_answers_are_scored_by_the_self_assessment_and_ranked_the_same(vectors):
    got = run_node("return input.answers.map(c => { const s = lm.scoresFromAnswers(input.spec, c.answers);"
                   " return {scores: s, ranking: lm.rankMeans(input.spec, s),"
                   " plan: lm.suggestPlan(input.spec, s, 3, c.plan.source)}; });", vectors)
    for case, js in zip(vectors["answers"], got):
        for dim, expected in case["scores"].items():
            if expected is None:
                assert js["scores"][dim] is None, (case["name"], dim)
            else:
                assert js["scores"][dim] == pytest.approx(expected, abs=1e-9), (case["name"], dim)
        assert js["ranking"] == case["ranking"], case["name"]
        assert js["plan"]["priorities"] == case["plan"]["priorities"], case["name"]
        assert js["plan"]["source"] == case["plan"]["source"]


def test_scores_files_give_the_same_means_to_the_last_bit(vectors):
    got = run_node("return input.scores_csv.map(c => lm.parseScoresCsv(input.spec, c.text));", vectors)
    assert len(got) == len(vectors["scores_csv"]) >= 4
    for case, js in zip(vectors["scores_csv"], got):
        assert js["means"] == case["means"], case["name"]
        assert js["counts"] == case["counts"] and js["rows"] == case["rows"], case["name"]
        ranking = run_node("return lm.rankMeans(input.spec, input.means);", {"spec": vectors["spec"], "means": js["means"]})
        assert ranking == case["ranking"], case["name"]


def test_bad_scores_files_are_refused_with_the_same_reasons(vectors):
    got = run_node("return input.scores_csv_errors.map(c => { try { lm.parseScoresCsv(input.spec, c.text);"
                   " return 'no error'; } catch (e) { return e.message; } });", vectors)
    for case, message in zip(vectors["scores_csv_errors"], got):
        assert case["error"] in message


def test_formats_match_python(vectors):
    got = run_node("return {scores: input.format_score.map(c => lm.formatScore(c.value)),"
                   " dates: input.format_date.map(c => lm.formatDate(input.spec, c.value))};", vectors)
    assert got["scores"] == [c["text"] for c in vectors["format_score"]]
    assert got["dates"] == [c["text"] for c in vectors["format_date"]]


def test_the_port_can_fail(vectors):
    """A changed rule is caught: with the practices' order reversed, the suggestions differ from Python's."""
    spec = vectors["spec"]
    for dim in spec["practices"]:
        spec["practices"][dim].reverse()
    case = vectors["answers"][2]
    got = run_node("const s = lm.scoresFromAnswers(input.spec, input.answers);"
                   " return lm.suggestPlan(input.spec, s, 3, '').priorities;", {"spec": spec, "answers": case["answers"]})
    assert got != case["plan"]["priorities"]


def test_a_stored_plan_is_normalised_whatever_it_holds(vectors):
    got = run_node("return lm.normalizePlan(input.spec, {team: 3, priorities: [{owner: 'X', dimension: 'leadership',"
                   " extra: 1}, null], scores: {leadership: 'high', incentives: 12.5}});", vectors)
    assert got["team"] == "" and got["scores"] == {"incentives": 12.5}
    assert len(got["priorities"]) == vectors["spec"]["priorities"]
    assert got["priorities"][0]["owner"] == "X" and "extra" not in got["priorities"][0]
    assert got["priorities"][1]["owner"] == ""


def test_a_small_group_is_refused_as_on_the_command_line(vectors, tmp_path):
    from learnorg.instrument import load_instrument
    from learnorg.planner import PlannerError, plan_from_scores

    dims = load_instrument().dimension_ids
    def scores_file(n: int) -> str:
        return "respondent_id," + ",".join(dims) + "\n" + "".join(f"r{i}," + ",".join(["50"] * len(dims)) + "\n"
                                                               for i in range(n))
    path = tmp_path / "team.csv"
    path.write_text(scores_file(3), encoding="utf-8")
    with pytest.raises(PlannerError) as refused:
        plan_from_scores(path)
    got = run_node("return input.sizes.map(n => { try { const p = lm.parseScoresCsv(input.spec, input.files[n],"
                   " 'team.csv'); lm.checkGroupSize(input.spec, p.rows, 'team.csv'); return p.rows; }"
                   " catch (e) { return e.message; } });",
                   {"spec": vectors["spec"], "sizes": [1, 3, 4, 5], "files": {n: scores_file(n) for n in (1, 3, 4, 5)}})
    assert got[0] == 1 and got[3] == 5  # one reader's own scores, and a group large enough
    assert got[1] == str(refused.value)
    assert "only 4 respondents" in got[2]
