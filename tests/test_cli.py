"""The command line, run as a user would: ``python -m learnorg ...`` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny_instrument"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("LEARNORG_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "learnorg", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture()
def tiny_csv(tmp_path) -> Path:
    path = tmp_path / "survey.csv"
    shutil.copy(FIXTURES / "hand_computed.csv", path)
    return path


@pytest.mark.parametrize("command", [[], ["score"], ["validate"]])
def test_help_for_every_command(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: python -m learnorg" in result.stdout
    if command:
        for option in ["--instrument", "--mapping", "--invalid", "--id-column", "--sheet", "--json", "--progress"]:
            assert option in result.stdout
    if command == ["score"]:
        assert "--out-scores" in result.stdout and "--by" in result.stdout and "--report" in result.stdout


def test_score_writes_hand_computed_scores_in_input_order(tiny_csv, tmp_path):
    out = tmp_path / "scores.csv"
    result = run("score", tiny_csv, "--instrument", TINY, "--out-scores", out, "--by", "unit", "--min-group-size", "1")
    assert result.returncode == 0, result.stderr
    assert "Scored 3 respondents" in result.stdout
    scores = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert list(scores.columns) == ["respondent_id", "unit", "d1", "d2", "d3", "b1", "b2"]
    assert list(scores["respondent_id"]) == ["r1", "r2", "r3"]
    # same hand-computed values as tests/test_scoring.py, written with 2 decimals; empty when missing
    assert list(scores["d1"]) == ["83.33", "", "8.33"]
    assert list(scores["d2"]) == ["50.00", "100.00", ""]
    assert list(scores["b1"]) == ["66.67", "100.00", "8.33"]
    assert list(scores["b2"]) == ["0.00", "", "75.00"]
    assert "North" in result.stdout and "South" in result.stdout


def test_validate_ok_and_json(tiny_csv):
    result = run("validate", tiny_csv, "--instrument", TINY)
    assert result.returncode == 0 and result.stdout.startswith("OK:")
    result = run("validate", tiny_csv, "--instrument", TINY, "--json")
    payload = json.loads(result.stdout)
    assert payload["status"] == "ok" and payload["respondents"] == 3 and payload["id_column"] == "respondent_id"


def test_bad_cells_exit_2_with_every_problem_listed(tmp_path):
    path = tmp_path / "bad.csv"
    text = (FIXTURES / "hand_computed.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("r1,North,7,5,2", "r1,North,abc,5,9"), encoding="utf-8")
    for command in (["validate"], ["score", "--out-scores", tmp_path / "s.csv"]):
        result = run(*command, path, "--instrument", TINY)
        assert result.returncode == 2
        assert "2 problems found" in result.stderr
        assert "row 2, column 'A1': expected a whole number 1–7 or a scale label, got 'abc'" in result.stderr
        assert "row 2, column 'A3'" in result.stderr and "(outside 1–7)" in result.stderr
        assert "--invalid missing" in result.stderr
    assert not (tmp_path / "s.csv").exists()  # nothing written on bad input


def test_invalid_missing_reports_the_count(tmp_path):
    path = tmp_path / "bad.csv"
    text = (FIXTURES / "hand_computed.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("r1,North,7,5,2", "r1,North,abc,5,2"), encoding="utf-8")
    out = tmp_path / "s.csv"
    result = run("score", path, "--instrument", TINY, "--out-scores", out, "--invalid", "missing", "--json")
    assert result.returncode == 0
    payload = json.loads(result.stdout)
    assert payload["invalid_cells"] == 1 and payload["outputs"]["scores"] == str(out)
    assert any("treated as missing" in n for n in payload["notes"])
    # r1's d1 now rests on A2 = 5 and A3 = 2 -> 6: mean 5.5 -> 75
    assert pd.read_csv(out)["d1"].iloc[0] == 75.0


def test_json_problems_on_bad_input(tmp_path):
    path = tmp_path / "dup.csv"
    text = (FIXTURES / "hand_computed.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("r3,", "r1,"), encoding="utf-8")
    result = run("validate", path, "--instrument", TINY, "--json")
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert payload["status"] == "error" and payload["problems_total"] == 1
    (problem,) = payload["problems"]
    assert (problem["row"], problem["column"]) == (4, "respondent_id") and "already used in row 2" in problem["message"]


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "the file is empty"),
        ("respondent_id;unit;A1\nr1;Nord;\xe9\n".encode("cp1252"), "no column for"),
        (b"respondent_id,A1\nr1,\x81\x8d\n", "cannot be read as UTF-8 or as Windows-1252"),
    ],
)
def test_bad_files_through_the_cli(tmp_path, content, expected):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    result = run("validate", path, "--instrument", TINY)
    assert result.returncode == 2 and expected in result.stderr and "input.csv" in result.stderr


def test_missing_input_and_unknown_by_column(tiny_csv, tmp_path):
    result = run("validate", tmp_path / "absent.csv")
    assert result.returncode == 2 and "absent.csv: file not found" in result.stderr
    result = run("score", tiny_csv, "--instrument", TINY, "--out-scores", tmp_path / "s.csv", "--by", "region")
    assert result.returncode == 2 and "--by 'region' is not a column" in result.stderr and "'unit'" in result.stderr


def test_output_problems(tiny_csv, tmp_path):
    result = run("score", tiny_csv, "--instrument", TINY, "--out-scores", tmp_path / "no" / "s.csv")
    assert result.returncode == 2 and "does not exist" in result.stderr
    result = run("score", tiny_csv, "--instrument", TINY, "--out-scores", tiny_csv)
    assert result.returncode == 2 and "this is the input file" in result.stderr


def test_broken_instrument_through_the_cli(tiny_csv, tmp_path):
    folder = tmp_path / "instr"
    shutil.copytree(TINY, folder)
    items = folder / "items.csv"
    items.write_text(items.read_text(encoding="utf-8").replace("A3,b1,d1,true", "A3,b1,d1,sometimes"), encoding="utf-8")
    result = run("validate", tiny_csv, "--instrument", folder)
    assert result.returncode == 2
    assert "items.csv, row 4, column 'reverse': expected true or false, got 'sometimes'" in result.stderr


def test_mapping_and_id_column_options():
    mapping = FIXTURES / "forms_mapping.csv"
    result = run("validate", FIXTURES / "forms_export.csv", "--mapping", mapping, "--id-column", "Your unit", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["id_column"] == "Your unit" and payload["respondents"] == 2
    result = run("validate", FIXTURES / "forms_export.csv", "--mapping", mapping, "--id-column", "Question 1")
    assert result.returncode == 2 and "holds an item, so it cannot be the respondent id" in result.stderr
    result = run("validate", FIXTURES / "forms_export.csv")
    assert result.returncode == 2 and "none of the 46 item columns was found" in result.stderr


def test_argument_errors_exit_2_without_traceback(tiny_csv):
    result = run("score", tiny_csv)  # --out-scores missing
    assert result.returncode == 2 and "--out-scores" in result.stderr
    result = run("validate", tiny_csv, "--invalid", "ignore")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_progress_goes_to_stderr_only_when_asked(tiny_csv, tmp_path):
    out = tmp_path / "s.csv"
    quiet = run("score", tiny_csv, "--instrument", TINY, "--out-scores", out)
    assert "learnorg: scoring" not in quiet.stderr
    loud = run("score", tiny_csv, "--instrument", TINY, "--out-scores", out, "--progress", "--json")
    assert "learnorg: scoring 3 respondents" in loud.stderr
    json.loads(loud.stdout)  # progress never pollutes the JSON on stdout


def test_excel_input_with_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Intro"
    ws = book.create_sheet("Answers")
    frame = pd.read_csv(FIXTURES / "hand_computed.csv", dtype=str, keep_default_na=False)
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([None if v == "" else v for v in row])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    out = tmp_path / "s.csv"
    result = run("score", path, "--instrument", TINY, "--sheet", "Answers", "--out-scores", out)
    assert result.returncode == 0, result.stderr
    assert list(pd.read_csv(out)["respondent_id"]) == ["r1", "r2", "r3"]
    result = run("validate", path, "--instrument", TINY, "--sheet", "Missing")
    assert result.returncode == 2 and "no sheet named 'Missing'" in result.stderr


def test_shipped_example_end_to_end_with_report(tmp_path):
    from learnorg import data_path

    example = data_path("examples", "synthetic_survey.csv")
    out, report = tmp_path / "scores.csv", tmp_path / "report.html"
    result = run("score", example, "--out-scores", out, "--by", "unit", "--report", report, "--synthetic")
    assert result.returncode == 0, result.stderr
    scores = pd.read_csv(out)
    assert list(scores.columns[:4]) == ["respondent_id", "unit", "role", "wave"]
    assert list(scores["respondent_id"]) == list(pd.read_csv(example)["respondent_id"])
    html = report.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "SYNTHETIC DATA" in html
    assert "Not computed" not in html  # the CLI passes the answers, so reliability is reported


def test_sheet_with_a_csv_is_refused(tiny_csv):
    result = run("validate", tiny_csv, "--instrument", TINY, "--sheet", "Answers")
    assert result.returncode == 2 and "--sheet only applies to Excel" in result.stderr


@pytest.mark.parametrize(
    "edit,code,expected",
    [
        (lambda t: t.replace(",", ";"), 0, "columns are separated by semicolons"),
        (lambda t: t.replace("C1,C2", "C1,C3"), 2, "looks like an item id, but the instrument has no item 'C3'"),
        (lambda t: t.replace("r2,North,7", "r2,North,Totally agree"), 2, "got 'Totally agree'"),
    ],
)
def test_more_inputs_through_the_cli(tmp_path, edit, code, expected):
    path = tmp_path / "survey.csv"
    path.write_text(edit((FIXTURES / "hand_computed.csv").read_text(encoding="utf-8")), encoding="utf-8")
    result = run("validate", path, "--instrument", TINY)
    assert result.returncode == code
    assert expected in (result.stdout if code == 0 else result.stderr)


def test_broken_mapping_through_the_cli(tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("column,item_id\nQuestion 1,ZZ1\n", encoding="utf-8")
    result = run("validate", FIXTURES / "forms_export.csv", "--mapping", mapping)
    assert result.returncode == 2
    assert "map.csv, row 2, column 'item_id'" in result.stderr and "'ZZ1'" in result.stderr


# --- No data loss, no leaks ------------------------------------------------------------------------------------


def survey_file(tmp_path: Path, units: dict[str, int], name: str = "survey.csv", extra_cells: dict | None = None) -> Path:
    """A tiny-instrument survey with the given number of respondents per unit."""
    rows, n = [], 0
    for unit, count in units.items():
        for _ in range(count):
            cells = [str((n + j) % 7 + 1) for j in range(9)]
            rows.append(f"r{n},{unit}," + ",".join(cells))
            n += 1
    text = "\n".join(["respondent_id,unit," + ",".join(["A1", "A2", "A3", "B1", "B2", "B3", "B4", "C1", "C2"]), *rows])
    for old, new in (extra_cells or {}).items():
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_outputs_that_share_a_file_are_refused_before_anything_is_written(tmp_path):
    path = survey_file(tmp_path, {"North": 6})
    same = tmp_path / "out.csv"
    result = run("score", path, "--instrument", TINY, "--out-scores", same, "--report", same)
    assert result.returncode == 2 and "--out-scores and --report name the same file" in result.stderr
    assert not same.exists()
    result = run("score", path, "--instrument", TINY, "--out-scores", same, "--out-summary", tmp_path / "." / "out.csv")
    assert result.returncode == 2 and not same.exists()


def test_a_bad_by_option_stops_before_any_file_is_written(tmp_path):
    path = survey_file(tmp_path, {"North": 6})
    scores, report = tmp_path / "scores.csv", tmp_path / "report.html"
    scores.write_text("previous scores\n", encoding="utf-8")
    for by in ("respondent_id", "district"):
        result = run("score", path, "--instrument", TINY, "--out-scores", scores, "--by", by, "--report", report)
        assert result.returncode == 2
        assert scores.read_text(encoding="utf-8") == "previous scores\n" and not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv", "survey.csv"]  # no temporary files left


def test_files_are_replaced_together_or_not_at_all(tmp_path, monkeypatch, capsys):
    from learnorg import cli
    import learnorg.report

    path = survey_file(tmp_path, {"North": 6})
    scores, report = tmp_path / "scores.csv", tmp_path / "report.html"
    scores.write_text("previous scores\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("the report could not be drawn")

    monkeypatch.setattr(learnorg.report, "render_report", broken)
    code = cli.main(["score", str(path), "--instrument", str(TINY), "--out-scores", str(scores), "--report", str(report)])
    assert code == 1 and "unexpected internal error" in capsys.readouterr().err
    assert scores.read_text(encoding="utf-8") == "previous scores\n" and not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv", "survey.csv"]
    monkeypatch.undo()
    assert cli.main(["score", str(path), "--instrument", str(TINY), "--out-scores", str(scores), "--report",
                     str(report)]) == 0
    assert scores.read_text(encoding="utf-8").startswith("respondent_id,unit,d1") and report.is_file()


def test_small_groups_never_reach_the_terminal_json_or_summary_csv(tmp_path):
    path = survey_file(tmp_path, {"North": 6, "South": 1, "East": 2})
    summary = tmp_path / "summary.csv"
    result = run("score", path, "--instrument", TINY, "--out-scores", tmp_path / "s.csv", "--by", "unit",
                 "--out-summary", summary)
    assert result.returncode == 0, result.stderr
    assert "North" in result.stdout and "South" not in result.stdout and "East" not in result.stdout
    assert "2 group(s) with fewer than 5 respondents are not shown" in result.stdout
    table = pd.read_csv(summary, comment="#")
    assert set(table["group"]) == {"North"} and (table["n"] >= 5).all()
    payload = json.loads(run("score", path, "--instrument", TINY, "--out-scores", tmp_path / "s.csv", "--by", "unit",
                             "--json").stdout)
    assert {row["group"] for row in payload["summary"]} == {"North"} and payload["groups_not_shown"] == 2
    tiny = survey_file(tmp_path, {"North": 3}, "tiny.csv")
    payload = json.loads(run("score", tiny, "--instrument", TINY, "--out-scores", tmp_path / "t.csv", "--json").stdout)
    assert payload["summary"] == [] and payload["respondents"] == 3


def test_formula_like_cells_are_neutralized_in_every_csv(tmp_path):
    evil = "=HYPERLINK(\"http://x\",\"y\")"
    path = survey_file(tmp_path, {"North": 5, "South": 5}, extra_cells={",North,": f',"{evil.replace(chr(34), chr(34) * 2)}",',
                                                                       "r0,": "@r0,", "r1,": "-5,"})
    out, summary = tmp_path / "scores.csv", tmp_path / "summary.csv"
    result = run("score", path, "--instrument", TINY, "--out-scores", out, "--by", "unit", "--out-summary", summary)
    assert result.returncode == 0, result.stderr
    scores = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(scores["unit"]) == {"'" + evil, "South"}
    assert list(scores["respondent_id"][:2]) == ["'@r0", "-5"]  # a plain number stays as it is
    assert "formulas were written with a leading apostrophe" in result.stdout
    assert not any(str(g).startswith(("=", "@")) for g in pd.read_csv(summary, comment="#")["group"])


def test_the_invalid_missing_hint_is_only_given_when_it_is_safe(tmp_path):
    scattered = survey_file(tmp_path, {"North": 40}, extra_cells={"r3,North,4": "r3,North,oops"})
    result = run("validate", scattered, "--instrument", TINY)
    assert result.returncode == 2 and "--invalid missing" in result.stderr
    coded = survey_file(tmp_path, {"North": 10}, "coded.csv", extra_cells={f"r{i},North,{(i % 7) + 1}": f"r{i},North,x{i}"
                                                                           for i in range(10)})
    result = run("validate", coded, "--instrument", TINY)
    assert result.returncode == 2 and "--invalid missing" not in result.stderr.split("found in the input:")[0]
    assert "Fix the cells listed, or run with --invalid missing" not in result.stderr


@pytest.mark.parametrize("file,options", [
    ("kobotoolbox.xlsx", ["--form", "kobotoolbox_form.xlsx"]), ("odk_central.csv", []), ("surveycto.csv", []),
    ("google_forms.csv", []), ("microsoft_forms.xlsx", []),
    ("limesurvey.csv", ["--value-map", "limesurvey_codes.csv"]), ("redcap.csv", []),
])
def test_every_platform_export_through_the_command_line(tmp_path, file, options):
    from reference_scorer import ReferenceInstrument, read_truth, score_one, two_decimals

    platforms = FIXTURES / "platforms"
    options = [str(platforms / o) if o.endswith((".xlsx", ".csv")) else o for o in options]
    out = tmp_path / "scores.csv"
    result = run("score", platforms / file, *options, "--out-scores", out)
    assert result.returncode == 0, result.stderr
    reference = ReferenceInstrument()
    expected = [score_one({k: v or None for k, v in row.items()}, reference, exact=True)
                for row in read_truth(platforms / "truth.csv")]
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    for measure in reference.measures:
        assert list(got[measure]) == [two_decimals(e[measure]) for e in expected], measure
