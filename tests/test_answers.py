"""The shared answer-parsing rules (learnorg.answers), against hand-written vectors that the browser port must
also pass (tests/test_selfscore_js.py runs the same file through Node)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnorg.answers import NOT_WHOLE, OUT_OF_RANGE, UNKNOWN, answer_rules, normalize_text, rules_spec
from learnorg.instrument import load_instrument

VECTORS = json.loads((Path(__file__).parent / "vectors" / "answer_parsing.json").read_text(encoding="utf-8"))
SHIPPED = load_instrument()
RULES = answer_rules(SHIPPED)


@pytest.mark.parametrize("cell,value,reason,what", VECTORS["cases"], ids=[c[3] for c in VECTORS["cases"]])
def test_hand_written_cases(cell, value, reason, what):
    assert RULES.parse(cell) == (value, reason)


@pytest.mark.parametrize("cell,value,reason,what", VECTORS["with_value_map"]["cases"],
                         ids=[c[3] for c in VECTORS["with_value_map"]["cases"]])
def test_value_map_codes(cell, value, reason, what):
    rules = answer_rules(SHIPPED, VECTORS["with_value_map"]["value_map"])
    assert rules.parse(cell) == (value, reason)


@pytest.mark.parametrize("text,expected", VECTORS["normalize"])
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_the_vectors_cover_every_kind_of_result():
    reasons = {c[2] for c in VECTORS["cases"]}
    assert reasons == {None, NOT_WHOLE, OUT_OF_RANGE, UNKNOWN}
    assert any(c[1] is None and c[2] is None for c in VECTORS["cases"])  # missing answers


def test_missing_codes_are_recognised():
    assert RULES.is_missing_code(" n/A ") and RULES.is_missing_code("NA") and not RULES.is_missing_code("")


def test_ambiguous_labels_are_left_out(tmp_path):
    import shutil

    folder = tmp_path / "instr"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny_instrument", folder)
    labels_fr = ["Un", "Agree", "Trois", "Quatre", "Cinq", "Six", "Sept"]  # French 2 written like English 6
    lines = (folder / "scale.csv").read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",label_fr"] + [f"{line},{fr}" for line, fr in zip(lines[1:], labels_fr)]
    (folder / "scale.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules = answer_rules(load_instrument(folder))
    assert rules.parse("Agree") == (None, UNKNOWN)  # 'Agree' now means 2 and 6: neither is guessed
    assert rules.parse("Trois") == (3, None)
    assert rules.parse("Strongly agree") == (7, None)


def test_rules_spec_is_plain_json():
    spec = rules_spec(SHIPPED)
    assert json.loads(json.dumps(spec)) == spec
    assert spec["labels"]["plutot d'accord"] == 5 and spec["labels"]["strongly agree"] == 7


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 7), st.sampled_from([0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xFF10]),
       st.sampled_from(["", ".0", ",00", "\u066b0"]), st.sampled_from(["", " ", "\u00a0", "\t"]))
def test_every_digit_set_and_decimal_mark_reads_the_same(value, zero, decimals, space):
    cell = f"{space}{chr(zero + value)}{decimals}{space}"
    assert RULES.parse(cell) == (value, None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_text_gives_a_value_a_missing_answer_or_a_reason(text):
    value, reason = RULES.parse(text)
    assert (value is None) or (reason is None and 1 <= value <= 7)
    assert reason in (None, NOT_WHOLE, OUT_OF_RANGE, UNKNOWN)
