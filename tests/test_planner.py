"""The action planner in Python (learnorg.planner): practices data, scores, suggestions, the plan and its files."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import ROOT
from learnorg import planner
from learnorg.instrument import load_instrument
from learnorg.planner import OTHER, Plan, PlannerError, Priority

VECTORS = ROOT / "tests" / "vectors" / "planner.json"


@pytest.fixture(scope="module")
def practices(instrument):
    return planner.load_practices(instrument=instrument)


def complete_plan() -> Plan:
    plan = Plan(team="District team", start="2026-10-01", review_date="2027-04-01", next_wave="2027-10-01",
                scores={"time_for_reflection": 44.66, "experimentation": 48.4})
    plan.priorities[0] = Priority("time_for_reflection", "refl-protected-slot", "", "A. Mensah", "First slot held",
                                  "2026-11-01", "Monthly slots held (out of 12)")
    plan.priorities[1] = Priority("experimentation", "ex-small-test", "", "B. Diallo", "Test designed",
                                  "2026-12-15", "Tests with criteria set in advance")
    return plan


# ------------------------------------------------------------------------------------------- practices data


def test_shipped_practices_cover_every_dimension_with_two_to_four(practices, instrument):
    assert list(practices.by_dimension) == instrument.dimension_ids
    for dim, items in practices.by_dimension.items():
        assert 2 <= len(items) <= 4, dim
    ids = [p.id for items in practices.by_dimension.values() for p in items]
    assert len(ids) == len(set(ids))
    tools = {p.tool for items in practices.by_dimension.values() for p in items if p.tool}
    assert tools == set(planner.KNOWN_TOOLS)  # every building-block tool is suggested somewhere
    assert practices.get("ps-root-cause-cycle").tool == "book/tools/pdsa_root_cause_worksheet"
    assert practices.get("nope") is None


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "practices.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _shipped() -> dict:
    return yaml.safe_load(planner.practices_path().read_text(encoding="utf-8"))


def test_a_wrong_tool_is_named_with_file_dimension_practice_and_field(tmp_path, instrument):
    data = _shipped()
    data["dimensions"]["experimentation"][1]["tool"] = "book/tools/no_such_tool"
    with pytest.raises(PlannerError) as err:
        planner.load_practices(_write(tmp_path, data), instrument, root=tmp_path)
    assert ("practices.yaml, dimension 'experimentation', practice 2, field 'tool': 'book/tools/no_such_tool' "
            "is not listed under 'tools'") in str(err.value)


def test_a_tool_page_that_exists_is_accepted_even_if_not_one_of_the_five(tmp_path, instrument):
    data = _shipped()
    data["tools"]["book/tools/new_tool"] = "A new tool"
    data["dimensions"]["incentives"][0]["tool"] = "book/tools/new_tool"
    path = _write(tmp_path, data)
    with pytest.raises(PlannerError, match=r"field 'tools.book/tools/new_tool': no such page"):
        planner.load_practices(path, instrument, root=tmp_path)
    (tmp_path / "book" / "tools").mkdir(parents=True)
    (tmp_path / "book" / "tools" / "new_tool.md").write_text("# A new tool\n")
    loaded = planner.load_practices(path, instrument, root=tmp_path)
    assert loaded.get("inc-appraisal").tool == "book/tools/new_tool"
    # the five tools written on other branches are accepted without their pages
    assert set(planner.KNOWN_TOOLS) <= set(loaded.tools)


def test_every_problem_is_listed_at_once(tmp_path, instrument):
    data = _shipped()
    del data["dimensions"]["leadership"]
    data["dimensions"]["moral"] = data["dimensions"]["incentives"]
    data["dimensions"]["incentives"] = data["dimensions"]["incentives"][:1]
    data["dimensions"]["experimentation"][0]["description"] = "word " * 80
    data["dimensions"]["experimentation"][2]["id"] = "ex-small-test"
    data["dimensions"]["problem_solving"][0].pop("indicator")
    data["dimensions"]["problem_solving"][1]["chapter"] = "book/nowhere"
    with pytest.raises(PlannerError) as err:
        planner.load_practices(_write(tmp_path, data), instrument, root=tmp_path)
    text = str(err.value)
    assert "dimension 'leadership': missing" in text
    assert "dimension 'moral': not a dimension of the instrument" in text
    assert "dimension 'incentives': expected a list of 2 to 4 practices, found 1" in text
    assert "dimension 'experimentation', practice 1, field 'description': 399 characters; keep it to 320" in text
    assert "dimension 'experimentation', practice 3, field 'id': 'ex-small-test' is already used" in text
    assert "dimension 'problem_solving', practice 1, field 'indicator': missing" in text
    assert "dimension 'problem_solving', practice 2, field 'chapter': 'book/nowhere'" in text
    assert len(text.splitlines()) == 7


def test_yaml_errors_name_the_file(tmp_path, instrument):
    bad = tmp_path / "practices.yaml"
    bad.write_text("dimensions: [unclosed\n")
    with pytest.raises(PlannerError, match=r"^practices.yaml: not valid YAML"):
        planner.load_practices(bad, instrument)


# ------------------------------------------------------------------------------------------- scores


def test_scores_from_answers_by_hand(instrument):
    # problem_solving has SP1-SP5, SP3 reverse-worded: 7,7,1(->7),7,7 is the top score; all 4s is the midpoint
    top = planner.scores_from_answers({"SP1": 7, "SP2": 7, "SP3": 1, "SP4": 7, "SP5": 7}, instrument)
    assert top["problem_solving"] == 100.0
    assert top["experimentation"] is None  # nothing answered
    mid = planner.scores_from_answers({"SP1": 4, "SP2": 4, "SP3": 4, "SP4": 4}, instrument)
    assert mid["problem_solving"] == 50.0  # 4 of 5 answered: enough (two-thirds rounded up is 4)
    short = planner.scores_from_answers({"SP1": 7, "SP2": 7, "SP4": 7}, instrument)
    assert short["problem_solving"] is None  # 3 of 5: too few
    with pytest.raises(PlannerError, match="not items of the instrument: XX1"):
        planner.scores_from_answers({"XX1": 3}, instrument)


def test_scores_csv_means_are_exact_hundredths(instrument):
    text = ("\ufeffrespondent_id,unit,problem_solving,experimentation\r\n"
            'a,"Unit, North",50.00,\r\nb,"Unit, North",41.67,25\r\n')
    parsed = planner.parse_scores_csv(text, instrument)
    assert parsed["rows"] == 2
    assert parsed["means"]["problem_solving"] == (5000 + 4167) / 2 / 100 == 45.835
    assert parsed["counts"] == {**{d: 0 for d in instrument.dimension_ids}, "problem_solving": 2, "experimentation": 1}
    assert parsed["means"]["experimentation"] == 25.0
    assert parsed["means"]["leadership"] is None
    assert planner.rank_means(parsed["means"], instrument) == ["experimentation", "problem_solving"]


@pytest.mark.parametrize("text, message", [
    ("respondent_id,unit\na,b\n", "no dimension columns found"),
    ("respondent_id,problem_solving\na,50\nb,abc\n", "scores file, row 3, column 'problem_solving': expected a score "
                                                     "from 0 to 100, got 'abc'."),
    ("respondent_id,problem_solving\na,130\n", "row 2, column 'problem_solving'"),
])
def test_scores_csv_problems_name_row_and_column(instrument, text, message):
    with pytest.raises(PlannerError) as err:
        planner.parse_scores_csv(text, instrument)
    assert message in str(err.value)


def test_ranking_weakest_first_ties_in_instrument_order(instrument):
    means = {d: 50.0 for d in instrument.dimension_ids}
    means.update({"incentives": 20.0, "leadership": 20.0, "experimentation": None})
    assert planner.rank_means(means, instrument)[:3] == ["leadership", "incentives", "problem_solving"]
    ranked = planner.rank_dimensions(means, instrument)
    assert list(ranked["dimension"][:2]) == ["leadership", "incentives"]
    assert "experimentation" not in set(ranked["dimension"])  # no score, no rank
    assert ranked["suggested"].sum() == 3


def test_candidates_are_dimensions_whose_interval_reaches_the_third(instrument):
    summary = pd.DataFrame({
        "dimension": ["problem_solving", "experimentation", "past_experience", "learning_from_others", "leadership"],
        "mean": [40.0, 42.0, 45.0, 47.0, 60.0], "n": 20,
        "ci_low": [35.0, 37.0, 40.0, 44.0, 55.0], "ci_high": [45.0, 47.0, 50.0, 50.0, 65.0]})
    summary["label"] = summary["dimension"].map(instrument.label)
    ranked = planner.rank_dimensions(summary, instrument)
    assert list(ranked.loc[ranked["suggested"], "dimension"]) == ["problem_solving", "experimentation", "past_experience"]
    # learning_from_others' interval (44-50) reaches the third's upper limit (50); leadership's (55-65) does not
    assert list(ranked.loc[ranked["candidate"], "dimension"]) == [
        "problem_solving", "experimentation", "past_experience", "learning_from_others"]


def test_plan_from_the_scores_file_the_command_line_writes(tmp_path, instrument, practices):
    from learnorg.synthetic import example_path

    scores_file = tmp_path / "scores.csv"
    done = subprocess.run([sys.executable, "-m", "learnorg", "score", str(example_path()), "--out-scores",
                           str(scores_file)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    plan = planner.plan_from_scores(scores_file, instrument, wave="2")
    table = pd.read_csv(scores_file, dtype={"wave": str})
    means = table.loc[table["wave"] == "2", instrument.dimension_ids].mean()
    expected = list(means.sort_values(kind="stable").index[:3])
    assert [p.dimension for _n, p in plan.chosen()] == expected == [
        "time_for_reflection", "experimentation", "psychological_safety"]
    assert plan.scores["time_for_reflection"] == pytest.approx(means["time_for_reflection"], abs=1e-9)
    assert plan.source == f"Scores file scores.csv, wave 2 ({(table['wave'] == '2').sum()} respondents)"
    first = plan.priorities[0]
    assert first.practice == practices.of("time_for_reflection")[0].id
    assert first.indicator == practices.of("time_for_reflection")[0].indicator
    unit = planner.plan_from_scores(scores_file, instrument, unit="Disease Control", wave="1")
    assert unit.team == "Disease Control" and len(unit.chosen()) == 3
    with pytest.raises(PlannerError, match=r"no rows with unit 'Nowhere'; found: Disease Control, "):
        planner.plan_from_scores(scores_file, instrument, unit="Nowhere")


def test_summary_keeps_the_intervals_of_the_scoring_package(tmp_path, instrument):
    scores = pd.DataFrame({"unit": ["A"] * 4, "problem_solving": [50.0, 60.0, 70.0, 80.0],
                           "experimentation": [10.0, 20.0, None, 30.0]})
    summary = planner.summarise_scores(scores, instrument).set_index("dimension")
    assert summary.loc["problem_solving", "mean"] == 65.0 and summary.loc["problem_solving", "n"] == 4
    # t interval by hand: sd = 12.910, t(0.975, 3) = 3.182, half-width = 3.182 * 12.910 / 2 = 20.54
    assert summary.loc["problem_solving", "ci_low"] == pytest.approx(65 - 20.54, abs=0.01)
    assert summary.loc["experimentation", "n"] == 3


# ------------------------------------------------------------------------------------------- the plan


def test_suggest_plan_keeps_the_team_fields_and_fills_practices(instrument, practices):
    base = complete_plan()
    means = {d: 80.0 for d in instrument.dimension_ids}
    means.update({"incentives": 10.0, "leadership": 30.0})
    plan = planner.suggest_plan(means, practices, instrument, k=2, source="test", base=base)
    assert [(n, p.dimension, p.practice) for n, p in plan.chosen()] == [
        (1, "incentives", "inc-appraisal"), (2, "leadership", "lead-ask-first")]
    assert plan.priorities[2] == Priority()
    assert plan.priorities[0].owner == "A. Mensah"  # kept from the base plan
    assert plan.team == "District team" and plan.source == "test"


def test_problems_of_an_empty_and_a_complete_plan(instrument):
    assert planner.plan_problems(Plan(), instrument) == [
        "Choose two or three dimensions to work on.", "Set a date to review the plan.",
        "Set a date for the next survey wave."]
    assert planner.plan_problems(complete_plan(), instrument) == []


def test_problems_name_the_priority_and_what_is_missing(instrument):
    plan = complete_plan()
    plan.priorities[1].owner = " "
    plan.priorities[1].indicator = ""
    plan.priorities[2] = Priority(dimension="time_for_reflection", practice=OTHER)
    plan.review_date = "2027-12-01"
    problems = planner.plan_problems(plan, instrument)
    assert problems == [
        "Priority 2 (Experimentation): add an owner and an indicator.",
        "Priority 3 repeats Time for reflection; choose another dimension or leave it empty.",
        "Priority 3 (Time for reflection): add a practice, an owner, a first milestone, a date for the milestone "
        "and an indicator.",
        "Review the plan before the next survey wave, so there is time to adjust it.",
    ]
    plan = complete_plan()
    plan.priorities[0].milestone_date = "2027-05-01"
    plan.next_wave = "2026-09-01"
    assert planner.plan_problems(plan, instrument) == [
        "Review the plan before the next survey wave, so there is time to adjust it.",
        "The next survey wave should come after the plan starts.",
        "Priority 1: the first milestone falls after the review date; bring it forward so that the review can look "
        "at it."]


def test_csv_has_one_row_per_priority_and_reads_back(instrument, practices):
    plan = complete_plan()
    plan.team = 'Équipe "Sud", district'
    plan.priorities[1].practice, plan.priorities[1].own_practice = OTHER, "Reading club,\nmonthly"
    text = planner.plan_csv(plan, practices, instrument)
    assert text.startswith("\ufeffteam,plan_start,priority,dimension_id,")
    assert text.count("\r\n") == 3 and text.count("\n") == 4  # header + 2 rows; one cell holds a line break
    assert '"Équipe ""Sud"", district"' in text
    back = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(planner.CSV_COLUMNS)
    assert list(back["priority"]) == ["1", "2"]
    assert back.loc[0, "team"] == 'Équipe "Sud", district'
    assert back.loc[0, "score"] == "44.7" and back.loc[0, "tool"] == ""
    assert back.loc[0, "chapter"] == "Environment, leadership and incentives"
    assert back.loc[1, "practice_id"] == "other" and back.loc[1, "practice"] == "Reading club,\nmonthly"
    assert back.loc[1, "milestone_date"] == "2026-12-15" and back.loc[1, "next_survey_wave"] == "2027-10-01"
    empty = pd.read_csv(io.StringIO(planner.plan_csv(Plan(), practices, instrument).lstrip("\ufeff")), dtype=str,
                        keep_default_na=False)
    assert len(empty) == 1 and empty.loc[0, "priority"] == ""


def test_document_is_self_contained_escaped_and_readable(instrument, practices):
    plan = complete_plan()
    plan.team = "<script>alert(1)</script>"
    plan.priorities[0].owner = 'O\'Brien & "Co"'
    doc = planner.plan_document(plan, practices, instrument)
    assert doc.startswith("<!DOCTYPE html>") and "@page{size:A4" in doc
    assert "<script" not in doc and "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "O&#x27;Brien &amp; &quot;Co&quot;" in doc
    assert not re.search(r'(src|href)="(https?:)?//', doc)
    text = re.sub(r"<[^>]+>", " ", doc)
    for expected in ("Time for reflection", "score 44.7 of 100", "Protect a regular slot to review how work is going",
                     "by 1 November 2026", "Review the plan on", "1 April 2027", "Next survey wave", "1 October 2027",
                     "Chapter: Experimentation.", "Tool: Design a small test."):
        assert expected in text, expected
    assert "Still to settle" not in doc  # a complete plan has no notes


def test_blank_plan_is_a_paper_form_with_three_rows(instrument, practices):
    body = planner.plan_body_html(Plan(), practices, instrument)
    assert body.count("<tr><td>") == 3
    assert body.count('class="lm-blank') >= 3 * 5 + 4
    assert "Still to settle" not in body


def test_plan_round_trips_as_data_and_json_file(tmp_path):
    plan = complete_plan()
    assert Plan.from_dict(plan.to_dict()) == plan
    saved = planner.save_plan(plan, tmp_path / "plan.json")
    assert planner.load_plan(saved) == plan
    assert planner.save_plan(plan, tmp_path / "plan.csv").read_bytes().startswith(b"\xef\xbb\xbfteam,")
    with pytest.raises(PlannerError, match="choose a file name ending in .csv, .html or .json"):
        planner.save_plan(plan, tmp_path / "plan.txt")
    with pytest.raises(PlannerError, match="unknown plan field"):
        Plan.from_dict({"teem": "x"})
    with pytest.raises(PlannerError, match=r"'scores.leadership': expected a number"):
        Plan.from_dict({"scores": {"leadership": "high"}})


# ------------------------------------------------------------------------------------------- the page and the browser


def test_storage_key_is_the_one_selfscore_js_writes(instrument):
    source = (ROOT / "learnorg" / "web" / "selfscore.js").read_text(encoding="utf-8")
    assert 'var key = "learnorg:self-assessment:" + spec.id + ":" + spec.version;' in source
    assert "store.setItem(key, JSON.stringify({ answers: values }))" in source
    assert planner.self_assessment_key(instrument) == f"learnorg:self-assessment:{instrument.id}:{instrument.version}"
    assert "scoreAnswers: scoreAnswers" in source  # the function the planner calls


def test_static_html_carries_the_spec_and_works_without_javascript(instrument, practices):
    html = planner.static_html(instrument, practices)
    assert 'data-lm-planner="planner"' in html and "lm-nojs" in html
    spec = json.loads(re.search(r'<script type="application/json" class="lm-planner-data">(.*?)</script>', html).group(1))
    assert spec["self_assessment_key"] == planner.self_assessment_key(instrument)
    assert spec["storage_key"] == planner.STORAGE_KEY
    assert [d["id"] for d in spec["instrument"]["dimensions"]] == instrument.dimension_ids
    assert spec["practices"]["problem_solving"][0]["chapter_url"] == "../systematic_problem_solving.html"
    assert spec["practices"]["problem_solving"][0]["tool_url"] == "pdsa_root_cause_worksheet.html"
    # every control has a label
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert ids and all(f'for="{i}"' in html for i in ids)
    assert html.count('class="lm-priority"') == planner.PRIORITIES
    assert 'role="status" aria-live="polite"' in html


def test_notebook_object_shows_widgets_in_jupyter_and_the_form_on_the_site():
    bundle = planner.action_planner()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-lm-planner="planner"' in bundle["text/html"]


def test_widget_fills_practices_and_indicator_and_saves(tmp_path, monkeypatch, instrument, practices):
    import datetime as dt

    widget = planner.PlannerWidget(instrument, practices)
    row = widget.rows[0]
    row["dimension"].value = "incentives"
    assert [v for _l, v in row["practice"].options] == ["inc-appraisal", "inc-recognition", OTHER]
    assert row["indicator"].value == practices.get("inc-appraisal").indicator
    row["practice"].value = "inc-recognition"
    assert row["indicator"].value == practices.get("inc-recognition").indicator  # follows an untouched suggestion
    row["indicator"].value = "Our own indicator"
    row["practice"].value = "inc-appraisal"
    assert row["indicator"].value == "Our own indicator"  # a typed indicator is kept
    row["owner"].value, row["milestone"].value = "C. Banda", "Criteria drafted"
    row["milestone_date"].value = dt.date(2026, 11, 30)
    widget.team.value = "HR unit"
    assert widget.plan.priorities[0] == Priority("incentives", "inc-appraisal", "", "C. Banda", "Criteria drafted",
                                                 "2026-11-30", "Our own indicator")
    assert "Choose two or three dimensions" in widget.notes.value
    monkeypatch.chdir(tmp_path)
    widget.filename.value = "agenda"
    widget.csv_button.click()
    assert (tmp_path / "agenda.csv").read_bytes().decode("utf-8") == planner.plan_csv(widget.plan, practices, instrument)
    widget.html_button.click()
    assert "HR unit" in (tmp_path / "agenda.html").read_text(encoding="utf-8")
    widget.clear_button.click()
    assert widget.confirm_box.layout.display == "" and widget.team.value == "HR unit"  # asks first
    widget.cancel_button.click()
    assert widget.team.value == "HR unit"
    widget.clear_button.click()
    widget.confirm_button.click()
    assert widget.plan == Plan()


def test_widget_loads_an_answers_file_and_suggests(tmp_path, instrument):
    answers = {i: 6 for i in instrument.item_ids}
    for item in instrument.items_of("leadership"):
        answers[item] = 1 if item not in instrument.reverse_items else 7
    path = tmp_path / "my_self_assessment.csv"
    path.write_text("respondent_id," + ",".join(answers) + "\nme," + ",".join(map(str, answers.values())) + "\n")
    widget = planner.PlannerWidget(instrument)
    widget.rows[0]["owner"].value = "kept"
    widget.results_path.value = str(path)
    widget.load_button.click()
    plan = widget.plan
    assert plan.priorities[0].dimension == "leadership" and plan.scores["leadership"] == 0.0
    assert plan.priorities[0].owner == "kept"
    assert plan.source == "Self-assessment answers of one person (46 of 46 statements answered)"
    assert "the 3 weakest dimensions are suggested" in widget.status.value
    widget.results_path.value = str(tmp_path / "missing.csv")
    widget.load_button.click()
    assert "Problem:" in widget.status.value


def test_command_line_plan_and_check(tmp_path, capsys):
    text = ("respondent_id,problem_solving,experimentation,incentives\n"
            "a,10,90,50\nb,20,80,40\n")
    scores = tmp_path / "s.csv"
    scores.write_text(text)
    assert planner.main(["plan", str(scores), "--team", "T", "--csv", str(tmp_path / "p.csv"),
                         "--html", str(tmp_path / "p.html")]) == 2, "two respondents are below the minimum group size"
    assert planner.main(["plan", str(scores), "--team", "T", "--csv", str(tmp_path / "p.csv"),
                         "--html", str(tmp_path / "p.html"), "--min-group-size", "2"]) == 0
    out = capsys.readouterr().out
    assert "1. Systematic problem-solving (15.0)" in out and "2. Incentives for learning (45.0)" in out
    assert (tmp_path / "p.csv").is_file() and (tmp_path / "p.html").is_file()
    assert planner.main(["check"]) == 0
    assert planner.main(["plan", str(tmp_path / "nothing.csv")]) == 2


def test_shared_vectors_are_up_to_date():
    assert VECTORS.read_text(encoding="utf-8") == planner.vectors_text(), (
        "tests/vectors/planner.json is out of date: run python -m learnorg.planner vectors tests/vectors/planner.json")


def test_a_group_below_the_minimum_size_is_refused(tmp_path):
    from learnorg.planner import plan_from_scores

    header = "respondent_id,unit," + ",".join(load_instrument().dimension_ids)
    rows = [f"r{i},{'small' if i < 3 else 'large'}," + ",".join(["50"] * len(load_instrument().dimension_ids))
            for i in range(9)]
    path = tmp_path / "scores.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(PlannerError, match="only 3 respondents"):
        plan_from_scores(path, unit="small")
    assert plan_from_scores(path, unit="large").priorities  # 6 respondents: used
    assert plan_from_scores(path, unit="small", min_group_size=3).priorities
