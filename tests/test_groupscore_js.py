"""The group page's script (learnorg/web/groupscore.js) agrees with learnorg.results and the command line, in Node."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, need_node
from learnorg import self_assessment as sa
from learnorg.instrument import load_instrument
from learnorg.self_assessment import group

SCRIPT = ROOT / "learnorg" / "web" / "groupscore.js"
VECTORS = ROOT / "tests" / "vectors" / "group_results.json"


def run_node(program: str, payload) -> object:
    """Run a Node program that reads JSON from stdin (`input`) with the module loaded as `gs`; return its JSON."""
    node = need_node()
    source = (f"const gs = require({json.dumps(str(SCRIPT))});\n"
              "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
              f"process.stdout.write(JSON.stringify((() => {{ {program} }})()));")
    result = subprocess.run([node, "-e", source], input=json.dumps(payload), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vectors() -> dict:
    return json.loads(VECTORS.read_text(encoding="utf-8"))


def test_vectors_are_up_to_date():
    assert VECTORS.read_text(encoding="utf-8") == sa.vectors.group_vectors_text(), (
        "run python -m learnorg.self_assessment group-vectors tests/vectors/group_results.json")


def test_group_results_match_learnorg_results(vectors):
    got = run_node("return input.cases.map(c => { const r = gs.groupResults(input.spec, c.respondents,"
                   " {by: c.by, minGroupSize: c.min_group_size}); return {r: r, csv: gs.summaryCsv(input.spec, r)}; });",
                   vectors)
    assert len(got) == len(vectors["cases"]) >= 8
    tol = vectors["tolerance"]
    for case, js in zip(vectors["cases"], got):
        name, want, r = case["name"], case["expected"], js["r"]
        assert r["respondents"] == want["respondents"] and r["inScope"] == want["in_scope"], name
        assert r["tooFew"] == want["too_few"] and r["scopeWave"] == want["scope_wave"], name
        assert r["hiddenGroups"] == want["hidden_groups"] and r["unassigned"] == want["unassigned"], name
        assert [tuple(p) for p in r["groupSizes"]] == list(want["group_sizes"].items()), name
        assert len(r["rows"]) == len(want["rows"]), name
        for mine, theirs in zip(r["rows"], want["rows"]):
            assert (mine["group"], mine["measure"], mine["n"]) == (theirs["group"], theirs["measure"], theirs["n"]), name
            for key in ("mean", "sd", "ci_low", "ci_high"):
                if theirs[key] is None:
                    assert mine[key] is None, (name, mine["measure"], key)
                else:
                    assert mine[key] == pytest.approx(theirs[key], abs=tol), (name, mine["measure"], key)
        assert js["csv"] == want["summary_csv"], name


def test_the_vectors_cover_what_matters(vectors):
    cases = {c["name"]: c["expected"] for c in vectors["cases"]}
    assert any(e["too_few"] and not e["rows"] for e in cases.values())
    assert any(e["hidden_groups"] and e["rows"] for e in cases.values())
    assert any(e["scope_wave"] is not None for e in cases.values())
    assert any(r["n"] == 1 and r["sd"] is None for e in cases.values() for r in e["rows"])
    assert any(n >= 201 for e in cases.values() for n in e["group_sizes"].values())


def test_t_quantiles_match_python(vectors):
    from learnorg.scoring import t_quantile

    dfs = [1, 2, 5, 29, 199, 200, 201, 1000, 123456]
    got = run_node("return input.dfs.map(df => gs.tQuantile(input.spec, df));", {"spec": vectors["spec"], "dfs": dfs})
    assert got == pytest.approx(list(t_quantile(dfs, 0.975)), rel=1e-12)


def test_the_summary_can_fail(vectors):
    """A wrong rule is caught: with the minimum group size at 1, the four-respondent case shows results."""
    case = next(c for c in vectors["cases"] if c["name"].startswith("four"))
    got = run_node("return gs.groupResults(input.spec, input.c.respondents, {minGroupSize: 1});",
                   {"spec": vectors["spec"], "c": case})
    assert got["rows"] and not case["expected"]["rows"]


# ------------------------------------------------------------------------------------------- reading files

def test_reads_the_web_forms_download_and_scores_it_like_the_single_person_form(vectors):
    instrument = load_instrument()
    answers = vectors["cases"][0]["respondents"][0]["answers"]
    text = sa.answers_csv(answers, instrument)
    got = run_node("const f = gs.readAnswerFile(input.spec, input.text, 'me.csv');"
                   " return {f: f, scores: require(input.selfscore).scoreAnswers(input.spec, f.respondents[0].answers)};",
                   {"spec": vectors["spec"], "text": text, "selfscore": str(ROOT / "learnorg" / "web" / "selfscore.js")})
    assert len(got["f"]["respondents"]) == 1 and got["f"]["idColumn"] == "respondent_id"
    assert got["f"]["respondents"][0]["answers"] == answers and got["f"]["columns"] == []
    expected = sa.score_answers(answers, instrument)
    for measure, value in expected.items():
        assert got["scores"][measure] == (None if value is None else pytest.approx(value, abs=1e-9)), measure


def test_reads_a_kobo_style_export_with_quotes_semicolons_labels_and_group_paths(vectors):
    text = ('\ufeff"start";"grp_unit/unit";"grp_a/SP1";"grp_a/SP2";"sp3";"_uuid"\r\n'
            '"2026-01-01";"North; upper";"7";"Strongly agree";"";"u1"\r\n'
            ';;;;;\r\n'
            '"2026-01-02";"South";" 3 ";"";"2";"u2"\r\n'
            '"2026-01-03";"South";"";"";"";"u3"\r\n')
    got = run_node("return gs.readAnswerFile(input.spec, input.text, 'kobo.csv');", {"spec": vectors["spec"], "text": text})
    rows = got["respondents"]
    assert [r["columns"]["grp_unit/unit"] for r in rows] == ["North; upper", "South"]
    assert rows[0]["answers"]["SP1"] == 7 and rows[0]["answers"]["SP2"] == 7 and rows[1]["answers"]["SP3"] == 2
    assert got["idColumn"] == "_uuid" and got["columns"] == ["start", "grp_unit/unit"]
    assert got["notes"] == ["1 empty row(s) skipped", "1 row(s) answering no statement are not counted"]


@pytest.mark.parametrize("text,message", [
    ("respondent_id,SP1\nme,9\n", "row 2, column SP1: \"9\" is not an answer from 1 to 7"),
    ("name,unit\nA,North\n", "no column names an item"),
    ("id,SP1,sp1\n1,2,3\n", "both name item SP1"),
    ("id,SP1\n1,2\n1,3\n", "respondent id \"1\" is already used in row 2"),
    ("", "is empty"),
    ("id,SP1\n1,\n", "no row answers any statement"),
])
def test_refuses_a_file_it_cannot_use_and_says_why(vectors, text, message):
    got = run_node("try { gs.readAnswerFile(input.spec, input.text, 'x.csv'); return 'read'; }"
                   " catch (e) { return e.message; }", {"spec": vectors["spec"], "text": text})
    assert got.startswith("x.csv") and message in got


def test_a_combined_template_reads_and_summarises_like_the_command_line(vectors, tmp_path):
    """The data-entry template filled in (several rows, a unit column): same summary CSV as --out-summary --by unit."""
    case = next(c for c in vectors["cases"] if c["name"].startswith("by unit: two groups"))
    instrument = load_instrument()
    rows = []
    for k, r in enumerate(case["respondents"]):
        unit = r["columns"]["unit"]
        rows.append({"respondent_id": f"r{k + 1}", "unit": "" if unit is None else unit, "role": r["columns"]["role"],
                     **{i: ("" if r["answers"][i] is None else r["answers"][i]) for i in instrument.item_ids}})
    survey = tmp_path / "entry.csv"
    pd.DataFrame(rows).to_csv(survey, index=False)
    summary = tmp_path / "summary.csv"
    result = subprocess.run([sys.executable, "-m", "learnorg", "score", str(survey), "--out-scores",
                             str(tmp_path / "scores.csv"), "--by", "unit", "--out-summary", str(summary)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    got = run_node("const f = gs.readAnswerFile(input.spec, input.text, 'entry.csv');"
                   " return gs.summaryCsv(input.spec, gs.groupResults(input.spec, f.respondents, {by: 'unit'}));",
                   {"spec": vectors["spec"], "text": survey.read_text(encoding="utf-8")})
    assert got == summary.read_text(encoding="utf-8") == case["expected"]["summary_csv"]


def test_group_page_html_has_a_labelled_multiple_file_input_and_the_spec():
    html = group.group_html()
    assert 'type="file"' in html and " multiple " in html and 'data-lm-groupscore="group"' in html
    assert "Nothing is uploaded." in html and 'aria-live="polite"' in html
    assert '<label for="lm-gr-' in html and "lm-gr-data" in html
