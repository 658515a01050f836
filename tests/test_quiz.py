"""Question banks, answer checking and the ipywidgets knowledge check."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from learnorg import quiz
from learnorg.quiz import QuizError, check_answer, knowledge_check, load_bank, parse_number, validate_bank

BANK = "why_health_systems_need_to_learn"


def small_bank() -> dict:
    return {
        "id": "demo",
        "title": "Demo",
        "questions": [
            {"id": "one", "type": "single", "prompt": "Pick **B**.", "explanation": "Because.",
             "options": [{"text": "A", "feedback": "No A."}, {"text": "B", "correct": True, "feedback": "Yes B."}]},
            {"id": "many", "type": "multiple", "prompt": "Pick A and C.", "explanation": "A and C.",
             "options": [{"text": "A", "correct": True, "feedback": "A yes."},
                         {"text": "B", "feedback": "B no."},
                         {"text": "C", "correct": True, "feedback": "C yes."}]},
            {"id": "num", "type": "numeric", "prompt": "10 / 4?", "explanation": "2.5", "answer": 2.5,
             "tolerance": 0.01, "feedback": {"correct": "Right.", "too_low": "Low.", "too_high": "High."}},
        ],
    }


def write(tmp_path, data, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------- the shipped bank

def test_shipped_bank_is_valid_and_uses_every_question_type():
    bank = load_bank(BANK)
    assert 6 <= len(bank["questions"]) <= 8
    assert {q["type"] for q in bank["questions"]} == {"single", "multiple", "numeric"}
    assert bank["chapter"] == "book/why_health_systems_need_to_learn"


def test_numeric_answers_are_computed_from_the_chapter_figures():
    bank = {q["id"]: q for q in load_bank(BANK)["questions"]}
    assert round(776_110 / 379) == bank["visits-lost-per-facility"]["answer"]
    assert round(135 * 0.94) == bank["pulse-countries"]["answer"]


def test_exemplar_chapter_has_the_knowledge_check_before_the_exercises():
    nb = json.loads((ROOT / "book" / f"{BANK}.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    text = ["".join(c["source"]) for c in cells]
    kc = next(i for i, t in enumerate(text) if t.startswith("## Knowledge check"))
    assert cells[kc + 1]["cell_type"] == "code" and f'knowledge_check("{BANK}")' in text[kc + 1]
    assert "remove-input" in cells[kc + 1]["metadata"]["tags"]
    assert text[kc + 2].startswith("## Exercises")


# ------------------------------------------------------------------------------------------- validation

def test_load_bank_unknown_name_lists_known_banks():
    with pytest.raises(QuizError, match=f"no question bank named 'nope'.*{BANK}"):
        load_bank("nope")


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda b: b["questions"][0].pop("explanation"),
         r"bad.yaml, question 'one': 'explanation' is a required property"),
        (lambda b: b["questions"][0]["options"][1].pop("correct"),
         r"bad.yaml, question 'one', field 'options': a single-answer question needs exactly one option .* found 0"),
        (lambda b: b["questions"][0]["options"][0].update(correct=True),
         r"question 'one', field 'options': .* exactly one .* found 2"),
        (lambda b: b["questions"][1]["options"][1].update(feedback=""),
         r"bad.yaml, question 'many', field 'options\[2\].feedback'"),
        (lambda b: b["questions"][2].pop("answer"),
         r"question 'num', field 'answer': required for a numeric question"),
        (lambda b: b["questions"][2].update(options=[{"text": "x", "feedback": "y"}, {"text": "z", "feedback": "w"}]),
         r"question 'num', field 'options': not used by a numeric question"),
        (lambda b: b["questions"][2].update(tolerance=-1),
         r"question 'num', field 'tolerance': -1 is less than the minimum of 0"),
        (lambda b: b["questions"][1].update(id="one"),
         r"question 'one', field 'id': already used by question 1"),
        (lambda b: b["questions"][0].update(hint="x"),
         r"question 'one': Additional properties are not allowed \('hint' was unexpected\); allowed fields"),
        (lambda b: b["questions"][0].update(type="essay"),
         r"question 'one', field 'type': 'essay' is not one of"),
        (lambda b: b["questions"][0].update(prompt="As {cite:t}`garvin1993building` says?"),
         r"question 'one', field 'prompt': MyST roles"),
        (lambda b: b["questions"][1]["options"][2].update(text=" a "),
         r"question 'many', field 'options\[3\].text': the same text as option 1"),
        (lambda b: b["questions"][0].update(id="Bad Id"),
         r"question 'Bad Id', field 'id': 'Bad Id' is not a valid id"),
    ],
)
def test_bad_banks_name_file_question_and_field(tmp_path, change, expected):
    bank = small_bank()
    change(bank)
    with pytest.raises(QuizError, match=expected):
        load_bank(write(tmp_path, bank))


def test_several_problems_are_reported_together(tmp_path):
    bank = small_bank()
    bank["questions"][0].pop("explanation")
    bank["questions"][2].pop("prompt")
    with pytest.raises(QuizError) as err:
        load_bank(write(tmp_path, bank))
    assert "question 'one'" in str(err.value) and "question 'num'" in str(err.value)


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(QuizError, match=r"bad.yaml, line 4: not valid YAML"):
        load_bank(write(tmp_path, "id: x\ntitle: y\nquestions: [\n  - {id: a\n"))


def test_bank_must_be_a_mapping():
    with pytest.raises(QuizError, match="expected a mapping"):
        validate_bank(["a"], "list.yaml")


# ------------------------------------------------------------------------------------------- checking

@pytest.mark.parametrize(
    "text, value",
    [("2048", 2048.0), ("2,048", 2048.0), ("2 048", 2048.0), ("2,048.5", 2048.5), ("2048,5", 2048.5),
     ("-3", -3.0), (".5", 0.5), ("", None), ("abc", None), ("12a", None), (None, None), (7, 7.0)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_check_answer_single_multiple_numeric():
    one, many, num = small_bank()["questions"]
    validate_bank(small_bank())
    assert check_answer(one, 1).status == "correct"
    assert check_answer(one, 0).feedback == ["No A."]
    assert check_answer(one, None).status == "empty"
    assert check_answer(many, [2, 0]).status == "correct"
    partial = check_answer(many, [0])
    assert partial.status == "incorrect" and partial.feedback == ["A yes.", "Some correct answers are still missing."]
    assert check_answer(many, [0, 1, 2]).feedback == ["A yes.", "B no.", "C yes."]
    assert check_answer(many, []).status == "empty"
    assert check_answer(num, "2,5").status == "correct"
    assert check_answer(num, "2.52").feedback == ["High."]
    assert check_answer(num, "2.4").feedback == ["Low."]
    assert check_answer(num, "two").status == "empty"


# ------------------------------------------------------------------------------------------- rendering

def test_static_html_labels_every_input_and_groups_each_question():
    bank = load_bank(BANK)
    soup = BeautifulSoup(quiz.static_html(bank), "html.parser")
    forms = soup.select("form.lm-quiz-q")
    assert len(forms) == len(bank["questions"])
    for form in forms:
        assert form.fieldset and form.fieldset.legend.get_text(strip=True)
        for field in form.select("input"):
            assert soup.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)
        assert form.select_one(".lm-quiz-feedback")["aria-live"] == "polite"
    assert soup.select_one(".lm-quiz-score")["role"] == "status"
    data = json.loads(soup.select_one("script.lm-quiz-data").string)
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in bank["questions"]]
    key = soup.select_one(".print-appendix.lm-quiz-key")
    assert key is not None and "2048" in key.get_text()


def test_markdown_is_rendered_and_raw_html_escaped():
    assert quiz.markdown_html("**bold** <script>x</script>", inline=True) == (
        "<strong>bold</strong> &lt;script&gt;x&lt;/script&gt;")


def test_mimebundle_has_widget_view_and_static_html():
    bundle = knowledge_check(BANK)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-lm-selfscore="quiz"' in bundle["text/html"]
    assert bundle["text/plain"].startswith("Knowledge check")


# ------------------------------------------------------------------------------------------- the widget

@pytest.fixture
def widget():
    return quiz.QuizWidget(validate_bank(small_bank()))


def test_widget_feedback_score_retry_and_reset(widget):
    assert "0 of 3 correct" in widget.score.value
    widget.answer("one", 0)
    widget.check_buttons["one"].click()
    assert "Not quite" in widget.feedback["one"].value and "No A." in widget.feedback["one"].value
    assert "Explanation" in widget.feedback["one"].value
    assert "0 of 3 correct</strong> (1 checked)" in widget.score.value
    widget.retry_buttons["one"].click()
    assert widget.inputs["one"].value is None and widget.feedback["one"].value == ""
    widget.answer("one", 1)
    widget.check_buttons["one"].click()
    assert "✓ Correct." in widget.feedback["one"].value
    widget.answer("many", [0, 2])
    widget.check_buttons["many"].click()
    widget.answer("num", "2.5")
    widget.check_buttons["num"].click()
    assert "3 of 3 correct" in widget.score.value
    widget.reset_button.click()
    assert "0 of 3 correct</strong> (0 checked)" in widget.score.value
    assert widget.response("many") == [] and widget.inputs["num"].value == ""


def test_widget_empty_answer_is_not_counted(widget):
    widget.check_buttons["num"].click()
    assert "No answer yet" in widget.feedback["num"].value
    assert widget.checked == 0 and widget.retry_buttons["num"].disabled


def test_widget_multiple_partial_answer(widget):
    widget.answer("many", [2])
    assert widget.check("many").status == "incorrect"
    assert "still missing" in widget.feedback["many"].value


# ------------------------------------------------------------------------------------------- kept progress

def test_bank_version_follows_ids_and_options_not_wording_of_feedback():
    base = quiz.bank_version(validate_bank(small_bank()))
    assert len(base) == 12 and quiz.bank_json(validate_bank(small_bank()))["version"] == base

    def changed(edit) -> str:
        bank = small_bank()
        edit(bank)
        return quiz.bank_version(validate_bank(bank))

    def reword_feedback(b):
        b["questions"][0]["options"][0]["feedback"] = "Not A, because."
        b["questions"][0]["explanation"] = "Because B."
        b["questions"][0]["prompt"] = "Choose **B**."

    def rename(b):
        b["questions"][1]["id"] = "several"

    def reorder_options(b):
        opts = b["questions"][0]["options"]
        opts.reverse()

    def add_option(b):
        b["questions"][1]["options"].append({"text": "D", "feedback": "D no."})

    def drop_question(b):
        del b["questions"][2]

    assert changed(reword_feedback) == base
    for edit in (rename, reorder_options, add_option, drop_question):
        assert changed(edit) != base, edit.__name__


def test_static_html_says_where_progress_is_kept_and_what_reset_forgets():
    soup = BeautifulSoup(quiz.static_html(load_bank(BANK)), "html.parser")
    footer = soup.select_one(".lm-quiz-footer")
    assert footer.select_one(".lm-quiz-keep").get_text() == "Your checked answers are kept only in this browser, on this device."
    assert footer.select_one("[data-action=reset]").get_text() == "Clear all answers and forget saved progress"
