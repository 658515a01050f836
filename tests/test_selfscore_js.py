"""The JavaScript port (learnorg/web/selfscore.js) agrees with the Python engine, run with Node."""

from __future__ import annotations

import json
import math
import subprocess
from itertools import combinations

import pytest

from conftest import ROOT, need_node
from learnorg import quiz
from learnorg import self_assessment as sa

SCRIPT = ROOT / "learnorg" / "web" / "selfscore.js"
VECTORS = ROOT / "tests" / "vectors" / "self_assessment.json"


def run_node(program: str, payload) -> object:
    """Run a Node program that reads JSON from stdin (`input`) with the module loaded as `lm`; return its JSON."""
    node = need_node()
    source = (f"const lm = require({json.dumps(str(SCRIPT))});\n"
              "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
              f"process.stdout.write(JSON.stringify((() => {{ {program} }})()));")
    result = subprocess.run([node, "-e", source], input=json.dumps(payload), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_scores_match_the_python_vectors():
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    got = run_node("return input.cases.map(c => { const s = lm.scoreAnswers(input.spec, c.answers);"
                   " const d = {}; for (const k in s) d[k] = lm.formatScore(s[k]); return {scores: s, display: d}; });",
                   data)
    assert len(got) == len(data["cases"]) >= 30
    for case, js in zip(data["cases"], got):
        assert js["scores"].keys() == case["scores"].keys(), case["name"]
        for measure, expected in case["scores"].items():
            value = js["scores"][measure]
            if expected is None:
                assert value is None, (case["name"], measure)
            else:
                assert value == pytest.approx(expected, abs=data["tolerance"]), (case["name"], measure)
        assert js["display"] == case["display"], case["name"]


def test_the_port_can_fail():
    """A wrong rule is caught: drop the reverse-scoring from the spec and the scores differ."""
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    for item in data["spec"]["items"]:
        item["reverse"] = False
    case = next(c for c in data["cases"] if c["name"] == "all lowest")
    got = run_node("return lm.scoreAnswers(input.spec, input.answers);", {"spec": data["spec"], "answers": case["answers"]})
    assert got["problem_solving"] != pytest.approx(case["scores"]["problem_solving"])


def test_format_score_matches_python_on_ties():
    values = [0, 6.25, 12.5, 33.333333333333336, 62.45, 62.55, 99.95, 100]
    got = run_node("return input.map(lm.formatScore);", values)
    assert got == [sa.format_score(v) for v in values]


def test_answers_csv_matches_python():
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if "30% missing" in c["name"])
    got = run_node("return lm.answersCsv(input.spec, input.answers, 'me');", {"spec": data["spec"], "answers": case["answers"]})
    from learnorg.instrument import load_instrument

    assert got == sa.answers_csv(case["answers"], load_instrument())
    back = run_node("return lm.parseAnswersCsv(input.spec, input.text);", {"spec": data["spec"], "text": got})
    assert back == {k: v for k, v in case["answers"].items()}


def test_parse_answers_csv_reports_bad_cells():
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    text = "respondent_id,SP1,SP2\nme,9,3\n"
    got = run_node("try { lm.parseAnswersCsv(input.spec, input.text); return 'no error'; }"
                   " catch (e) { return e.message; }", {"spec": data["spec"], "text": text})
    assert got == 'row 2, column SP1: expected a whole number from 1 to 7, got "9".'


def test_parse_number_matches_python():
    texts = ["2048", "2,048", "2 048", "2,048.5", "2048,5", "-3", ".5", "", "abc", "12a", "1,2,3", "+4.", "1e3"]
    got = run_node("return input.map(lm.parseNumber);", texts)
    assert got == [quiz.parse_number(t) for t in texts]


def quiz_cases(bank: dict) -> list[tuple[dict, object]]:
    cases = []
    for q in bank["questions"]:
        if q["type"] == "single":
            cases += [(q, i) for i in range(len(q["options"]))] + [(q, None)]
        elif q["type"] == "multiple":
            n = len(q["options"])
            cases += [(q, list(c)) for k in range(n + 1) for c in combinations(range(n), k)]
        else:
            a, t = q["answer"], q["tolerance"]
            cases += [(q, str(v)) for v in (a, a - t, a + t, a - t - 1, a + t + 1, f"{a:,}", "x", "")]
    return cases


def test_knowledge_check_rules_match_python():
    bank = quiz.load_bank("why_health_systems_need_to_learn")
    browser_bank = {q["id"]: q for q in quiz.bank_json(bank)["questions"]}
    cases = quiz_cases(bank)
    got = run_node("return input.map(c => lm.checkAnswer(c.q, c.r));",
                   [{"q": browser_bank[q["id"]], "r": r} for q, r in cases])
    assert len(got) == len(cases) > 50
    for (q, response), js in zip(cases, got):
        py = quiz.check_answer(q, response)
        assert js["status"] == py.status, (q["id"], response)
        assert js["feedback"] == [quiz.markdown_html(f, inline=True) for f in py.feedback], (q["id"], response)


def test_messages_and_display_follow_the_language_of_the_spec():
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    text = "respondent_id,SP1,SP2\nme,9,x\n"
    got = run_node("const out = {};"
                   " for (const lang of ['en', 'fr']) {"
                   "  try { lm.parseAnswersCsv(input.spec, input.text, lang); out[lang] = 'no error'; }"
                   "  catch (e) { out[lang] = e.message; } }"
                   " out.display = [62.5, null, 6.25].map(v => lm.displayScore(input.spec, 'fr', v));"
                   " out.displayEn = [62.5, null].map(v => lm.displayScore(input.spec, 'en', v));"
                   " out.count = lm.message(input.spec, 'fr', 'count', {done: 3, total: 46});"
                   " out.unknownLang = lm.message(input.spec, 'de', 'score');"
                   " return out;", {"spec": data["spec"], "text": text})
    assert got["en"] == ('row 2, column SP1: expected a whole number from 1 to 7, got "9"; '
                         'row 2, column SP2: expected a whole number from 1 to 7, got "x".')
    assert got["fr"] == ("ligne 2, colonne SP1 : nombre entier de 1 à 7 attendu, trouvé « 9 » ; "
                         "ligne 2, colonne SP2 : nombre entier de 1 à 7 attendu, trouvé « x ».")
    assert got["display"] == [sa.format_score(v, "fr") for v in (62.5, None, 6.25)] == ["62,5", "pas de score", "6,3"]
    assert got["displayEn"] == ["62.5", "not scored"]
    assert got["count"] == "Affirmations renseignées : 3 sur 46"
    assert got["unknownLang"] == "Show my scores"  # falls back to English


# ------------------------------------------------------------------------------------------- shared rules

PARSING = json.loads((ROOT / "tests" / "vectors" / "answer_parsing.json").read_text(encoding="utf-8"))


def shipped_spec() -> dict:
    return json.loads(VECTORS.read_text(encoding="utf-8"))["spec"]


def test_answer_parsing_matches_the_hand_written_vectors():
    got = run_node("return input.cases.map(c => lm.parseAnswer(input.spec, c[0]));",
                   {"spec": shipped_spec(), "cases": PARSING["cases"]})
    for (cell, value, reason, what), js in zip(PARSING["cases"], got, strict=True):
        assert (js["value"], js["reason"]) == (value, reason), what


def test_value_map_codes_and_normalisation_match_the_vectors():
    spec = shipped_spec()
    got = run_node("const rules = input.spec.parsing;"
                   " for (const [code, value] of Object.entries(input.map)) rules.labels[lm.normalizeText(rules, code)] = value;"
                   " return {cases: input.cases.map(c => lm.parseAnswer(input.spec, c[0])),"
                   "         normalize: input.normalize.map(n => lm.normalizeText(rules, n[0]))};",
                   {"spec": spec, "map": PARSING["with_value_map"]["value_map"],
                    "cases": PARSING["with_value_map"]["cases"], "normalize": PARSING["normalize"]})
    for (cell, value, reason, what), js in zip(PARSING["with_value_map"]["cases"], got["cases"], strict=True):
        assert (js["value"], js["reason"]) == (value, reason), what
    assert got["normalize"] == [expected for _text, expected in PARSING["normalize"]]


def test_python_and_the_browser_read_random_cells_alike():
    """Beyond the vectors: random cells built from the characters that matter must read the same in both."""
    import random

    from learnorg.answers import answer_rules
    from learnorg.instrument import load_instrument

    pieces = ["1", "5", "7", "0", "9", "\u0667", "\u06f5", "\uff17", "\u096d", ".", ",", "\u066b", "+", "-", "e", "x",
              " ", "\u00a0", "\ufeff", "a", "A", "gree", "Strongly", "d'accord", "Plut", "o\u0302", "\u00f4", "t", "N",
              "/", "\u2019", "!", "Infinity", "NaN"]
    rnd = random.Random(2018)
    cells = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 5))) for _ in range(1500)]
    cells += ["Strongly agree", "Plutot d\u2019accord", " 7 ", "5,0"]
    rules = answer_rules(load_instrument())
    got = run_node("return input.cells.map(c => lm.parseAnswer(input.spec, c));", {"spec": shipped_spec(), "cells": cells})
    differ = [(c, rules.parse(c), (js["value"], js["reason"])) for c, js in zip(cells, got)
              if rules.parse(c) != (js["value"], js["reason"])]
    assert not differ, differ[:10]
    assert sum(js["value"] is not None for js in got) > 50  # the sample exercises valid answers too


def test_the_browser_applies_the_two_thirds_rule_itself():
    spec = shipped_spec()
    assert all("min_answered" not in d for d in spec["dimensions"])  # nothing to copy from Python
    got = run_node("return [1,2,3,4,5,6,7,8,9].map(lm.minAnswered);", {})
    assert got == [math.ceil(2 * k / 3) for k in range(1, 10)]
    # A dimension of six items (one that the shipped instrument does not have) needs four answers.
    dim = spec["dimensions"][0]
    extra = [f"X{i}" for i in range(6 - len(dim["items"]))]
    spec["items"] += [{"id": x, "dimension": dim["id"], "reverse": False, "text": x} for x in extra]
    dim["items"] = dim["items"] + extra
    six = dim["items"]
    got = run_node("return [3, 4].map(n => { const a = {}; input.items.slice(0, n).forEach(i => a[i] = 7);"
                   " return lm.scoreAnswers(input.spec, a)[input.dim]; });",
                   {"spec": spec, "items": six, "dim": dim["id"]})
    assert got[0] is None and got[1] is not None


# ------------------------------------------------------------------------------------------- opening language

@pytest.mark.parametrize("url, remembered, browser, fallback, expected", [
    (None, None, ["fr-FR", "fr", "en"], "en", "fr"),  # a French browser opens the form in French
    (None, None, ["fr-CA"], "en", "fr"),  # by its primary subtag
    (None, None, ["de-DE", "FR_be", "en"], "en", "fr"),  # the first the form speaks, in any case or separator
    (None, None, ["de-DE", "es"], "en", "en"),  # none spoken: the page's language
    (None, None, [], "fr", "fr"),
    (None, "en", ["fr-FR"], "en", "en"),  # the reader's remembered choice beats the browser
    (None, "de", ["fr-FR"], "en", "fr"),  # ... unless the form no longer speaks it
    ("en", "fr", ["fr-FR"], "fr", "en"),  # ?lang=en beats everything
    ("fr-BE", None, ["en-GB"], "en", "fr"),
    ("xx", None, ["en-US"], "fr", "en"),  # an unknown ?lang= is ignored
    ("", "", [""], "", "en"),  # nothing usable at all: the first language
    (None, None, None, "de", "en"),
])
def test_choose_language(url, remembered, browser, fallback, expected):
    got = run_node("return lm.chooseLanguage(['en', 'fr'], input.url, input.remembered, input.browser, input.fallback);",
                   {"url": url, "remembered": remembered, "browser": browser, "fallback": fallback})
    assert got == expected


def test_choose_language_keeps_the_spelling_of_the_available_codes():
    got = run_node("return [lm.chooseLanguage(['en', 'pt-BR'], null, null, ['pt-br'], 'en'),"
                   " lm.chooseLanguage(['en'], 'fr', 'fr', ['fr'], 'fr')];", {})
    assert got == ["pt-BR", "en"]
