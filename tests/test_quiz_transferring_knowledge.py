"""The knowledge check of "Transferring knowledge": a valid bank, answers that follow the data, placed in the template."""

from __future__ import annotations

import json

from conftest import ROOT
from learnorg import datasets
from learnorg.diffusion import first_at_or_above
from learnorg.quiz import load_bank

BANK = "transferring_knowledge"


def test_bank_is_valid_and_uses_every_question_type():
    bank = load_bank(BANK)
    assert 6 <= len(bank["questions"]) <= 8
    assert {q["type"] for q in bank["questions"]} == {"single", "multiple", "numeric"}
    assert bank["chapter"] == "book/transferring_knowledge"


def test_numeric_answer_is_read_from_the_data():
    jee = datasets.load("jee_spread")
    world = jee[jee["scope"] == "global"]
    date = first_at_or_above(world["date"], world["cumulative"], world["eligible"].iloc[0] / 2)
    question = {q["id"]: q for q in load_bank(BANK)["questions"]}["year-half"]
    assert int(date[:4]) == question["answer"]


def test_chapter_shows_the_knowledge_check_before_the_exercises():
    nb = json.loads((ROOT / "book" / f"{BANK}.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    text = ["".join(c["source"]) for c in cells]
    kc = next(i for i, t in enumerate(text) if t.startswith("## Knowledge check"))
    assert cells[kc + 1]["cell_type"] == "code" and f'knowledge_check("{BANK}")' in text[kc + 1]
    assert "remove-input" in cells[kc + 1]["metadata"]["tags"]
    assert text[kc + 2].startswith("## Exercises")


def test_chapter_follows_the_template_and_carries_course_map_metadata():
    nb = json.loads((ROOT / "book" / f"{BANK}.ipynb").read_text(encoding="utf-8"))
    headings = [
        line
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("## ")
    ]
    expected = [
        "## Why this matters for a ministry", "## Concepts", "## The case", "## Hands-on analysis",
        "## Knowledge check", "## Exercises", "## Reflection prompts for your team", "## Key takeaways",
        "## Further reading",
    ]
    assert [h for h in headings if any(h.startswith(e) for e in expected)] == headings
    assert [next(e for e in expected if h.startswith(e)) for h in headings] == expected
    meta = nb["metadata"]["learnorg"]
    assert meta == {
        "time_minutes": 90,
        "workbook": "exercises/transferring_knowledge",
        "knowledge_check": BANK,
        "tool": "book/tools/spread_plan",
        "part": "Part II. The five building blocks",
    }
