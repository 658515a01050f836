"""Knowledge-check progress kept in the browser: the pure helpers of learnorg/web/selfscore.js, run with Node."""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT, need_node
from learnorg import quiz

SCRIPT = ROOT / "learnorg" / "web" / "selfscore.js"
BANK = "why_health_systems_need_to_learn"


def run_node(program: str, payload) -> object:
    """Run `program` with the module loaded as `lm` and the JSON payload as `input`; return its JSON result."""
    source = (f"const lm = require({json.dumps(str(SCRIPT))});\n"
              "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
              f"process.stdout.write(JSON.stringify((() => {{ {program} }})()));")
    result = subprocess.run([need_node(), "-e", source], input=json.dumps(payload), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def browser_bank() -> dict:
    return quiz.bank_json(quiz.load_bank(BANK))


def test_key_names_the_bank_and_the_version_of_its_questions():
    data = browser_bank()
    assert run_node("return lm.quizKey(input);", data) == f"learnorg:quiz:{BANK}:{quiz.bank_version(quiz.load_bank(BANK))}"
    assert run_node("return lm.quizKey(input);", {"id": "x", "questions": []}) == "learnorg:quiz:x:0"


def test_valid_response_accepts_only_answers_the_question_can_take():
    questions = {q["id"]: q for q in browser_bank()["questions"]}
    single, many, num = questions["capacity-three-months"], questions["kruk-characteristics"], questions["visits-lost-per-facility"]
    cases = [
        (single, 0, True), (single, 2, True), (single, 3, False), (single, -1, False), (single, 1.5, False),
        (single, "1", False), (single, None, False), (single, [1], False),
        (many, [0, 2, 3], True), (many, [4], True), (many, [], False), (many, [0, 5], False), (many, [1, 1], False),
        (many, 0, False), (many, ["0"], False),
        (num, "2,048", True), (num, "2048", True), (num, "two thousand", False), (num, "", False), (num, 2048, False),
        (num, "1" * 101, False),
    ]
    got = run_node("return input.map(c => lm.validResponse(c[0], c[1]));", [[q, r] for q, r, _ in cases])
    assert got == [ok for _, _, ok in cases], [(q["id"], r) for (q, r, ok), g in zip(cases, got) if g != ok]
    assert run_node("return lm.validResponse(undefined, 0);", None) is False


def test_saved_responses_keep_what_fits_and_drop_the_rest():
    saved = {"answers": {
        "capacity-three-months": {"response": 1, "status": "correct"},
        "kruk-characteristics": {"response": [0, 2, 9], "status": "incorrect"},   # option 9 no longer exists
        "visits-lost-per-facility": {"response": "1,500", "status": "incorrect"},
        "pulse-countries": "127",                                                  # not a record
        "a-removed-question": {"response": 0, "status": "correct"},
        "why-services-fell": {"status": "correct"},                                # no response
    }}
    got = run_node("return lm.savedResponses(input.data, input.saved);", {"data": browser_bank(), "saved": saved})
    assert got == {"capacity-three-months": 1, "visits-lost-per-facility": "1,500"}
    broken = [None, "text", 3, [], {"answers": None}, {"answers": "x"}, {"other": {}}]
    assert run_node("return input.broken.map(s => lm.savedResponses(input.data, s));",
                    {"data": browser_bank(), "broken": broken}) == [{}] * len(broken)


def test_a_restored_answer_checks_as_it_did_when_saved():
    data = browser_bank()
    given = {"capacity-three-months": 1, "kruk-characteristics": [0, 2], "visits-lost-per-facility": "2 048"}
    got = run_node("const r = lm.savedResponses(input.data, input.saved);"
                   " const out = {}; input.data.questions.forEach(q => { if (q.id in r) out[q.id] = lm.checkAnswer(q, r[q.id]).status; });"
                   " return out;",
                   {"data": data, "saved": {"answers": {k: {"response": v} for k, v in given.items()}}})
    bank = {q["id"]: q for q in quiz.load_bank(BANK)["questions"]}
    assert got == {k: quiz.check_answer(bank[k], v).status for k, v in given.items()}
    assert set(got.values()) == {"correct", "incorrect"}
