"""Knowledge-check progress kept in the browser, on a phone (390x844, touch), with every outside request blocked.

A reader checks answers, reloads and finds them again; "Try again" forgets one question, the reset button asks
before it forgets everything, and a browser that refuses storage still runs the quiz and says so.
"""

from __future__ import annotations

import json

import pytest

from conftest import watched_page
from learnorg import quiz

CHAPTER = "book/why_health_systems_need_to_learn.html"
BANK = "why_health_systems_need_to_learn"
KEY = f"learnorg:quiz:{BANK}:{quiz.bank_version(quiz.load_bank(BANK))}"
PHONE = {"width": 390, "height": 844}
RESET = "Clear all answers and forget saved progress"
KEPT = "Your checked answers are kept only in this browser, on this device."
NOT_KEPT = "This browser does not let the page keep your answers"
# Storage that refuses this site's keys, as a browser does when site data is blocked; the theme's own keys
# still work so that only the quiz's handling is tested.
BLOCK_STORAGE = """
(() => {
  const refuse = (name) => { const real = Storage.prototype[name];
    Storage.prototype[name] = function (key, ...rest) {
      if (String(key).startsWith('learnorg:')) throw new DOMException('The operation is insecure.', 'SecurityError');
      return real.call(this, key, ...rest);
    }; };
  ['getItem', 'setItem', 'removeItem'].forEach(refuse);
})();
"""


@pytest.fixture
def phone(site_url, browser):
    """A phone-sized touch page; outside requests are blocked and console errors recorded (both must stay empty)."""
    with watched_page(browser, site_url, viewport=PHONE, has_touch=True, is_mobile=True) as page:
        page.dialogs = []
        yield page
        assert not page.errors, f"console errors: {page.errors}"


def quiz_of(page):
    return page.locator('[data-lm-selfscore="quiz"]')


def question(page, qid: str):
    return quiz_of(page).locator(f'form[data-qid="{qid}"]')


def score(page) -> str:
    return quiz_of(page).locator(".lm-quiz-score").inner_text()


def stored(page):
    raw = page.evaluate("key => localStorage.getItem(key)", KEY)
    return None if raw is None else json.loads(raw)


def open_chapter(page) -> None:
    page.goto(page.base + CHAPTER, wait_until="networkidle")
    quiz_of(page).locator(".lm-quiz-score").scroll_into_view_if_needed()


def answer_two(page) -> None:
    """Check one right answer (a radio) and one wrong answer (a number), by touch."""
    first = question(page, "capacity-three-months")
    first.get_by_label("Adaptive capacity").tap()
    first.get_by_role("button", name="Check answer").tap()
    numeric = question(page, "visits-lost-per-facility")
    numeric.get_by_label("Your answer (clinic visits per facility)").fill("1,500")
    numeric.get_by_role("button", name="Check answer").tap()
    assert score(page) == "Score: 1 of 8 correct (2 checked)."


def on_dialog(page, accept: bool) -> None:
    """Answer the next dialog (a confirm) and record its message."""
    def handle(dialog):
        page.dialogs.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()
    page.once("dialog", handle)


def test_checked_answers_verdicts_and_score_come_back_after_a_reload(phone):
    open_chapter(phone)
    note = quiz_of(phone).locator(".lm-quiz-keep")
    assert note.inner_text() == KEPT and note.is_visible()
    assert score(phone) == "Score: 0 of 8 correct (0 checked)."
    assert stored(phone) is None
    answer_two(phone)
    assert stored(phone) == {"answers": {"capacity-three-months": {"response": 1, "status": "correct"},
                                         "visits-lost-per-facility": {"response": "1,500", "status": "incorrect"}}}

    phone.reload(wait_until="networkidle")
    first, numeric = question(phone, "capacity-three-months"), question(phone, "visits-lost-per-facility")
    assert first.get_by_label("Adaptive capacity").is_checked()
    assert first.locator("input:checked").count() == 1
    assert numeric.get_by_label("Your answer (clinic visits per facility)").input_value() == "1,500"
    assert "✓ Correct." in first.locator(".lm-quiz-feedback").inner_text()
    assert "Not quite" in numeric.locator(".lm-quiz-feedback").inner_text()
    assert "Too low" in numeric.locator(".lm-quiz-feedback").inner_text()
    assert "lm-correct" in first.get_attribute("class") and "lm-incorrect" in numeric.get_attribute("class")
    assert score(phone) == "Score: 1 of 8 correct (2 checked)."
    untouched = question(phone, "kruk-characteristics")
    assert untouched.locator("input:checked").count() == 0 and untouched.locator(".lm-quiz-feedback").inner_text() == ""
    # Only this quiz's key, nothing else of ours.
    keys = phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('learnorg:'))")
    assert keys == [KEY]


def test_try_again_forgets_only_that_question(phone):
    open_chapter(phone)
    answer_two(phone)
    numeric = question(phone, "visits-lost-per-facility")
    numeric.get_by_role("button", name="Try again").tap()
    assert score(phone) == "Score: 1 of 8 correct (1 checked)."
    assert list(stored(phone)["answers"]) == ["capacity-three-months"]

    phone.reload(wait_until="networkidle")
    numeric = question(phone, "visits-lost-per-facility")
    assert numeric.get_by_label("Your answer (clinic visits per facility)").input_value() == ""
    assert numeric.locator(".lm-quiz-feedback").inner_text() == ""
    assert "lm-incorrect" not in numeric.get_attribute("class")
    assert question(phone, "capacity-three-months").get_by_label("Adaptive capacity").is_checked()
    assert score(phone) == "Score: 1 of 8 correct (1 checked)."


def test_reset_asks_before_forgetting_saved_progress(phone):
    open_chapter(phone)
    answer_two(phone)
    reset = quiz_of(phone).get_by_role("button", name=RESET, exact=True)

    on_dialog(phone, accept=False)
    reset.tap()
    assert len(phone.dialogs) == 1 and "forget the progress saved in this browser" in phone.dialogs[0]
    assert score(phone) == "Score: 1 of 8 correct (2 checked)."
    assert question(phone, "capacity-three-months").get_by_label("Adaptive capacity").is_checked()
    assert stored(phone) is not None

    on_dialog(phone, accept=True)
    reset.tap()
    assert len(phone.dialogs) == 2
    assert score(phone) == "Score: 0 of 8 correct (0 checked)."
    assert quiz_of(phone).locator("form input:checked").count() == 0
    assert stored(phone) is None

    phone.reload(wait_until="networkidle")
    assert score(phone) == "Score: 0 of 8 correct (0 checked)."
    assert quiz_of(phone).locator("form input:checked").count() == 0
    assert question(phone, "visits-lost-per-facility").get_by_label("Your answer (clinic visits per facility)").input_value() == ""
    assert all(text == "" for text in quiz_of(phone).locator(".lm-quiz-feedback").all_inner_texts())

    # Nothing saved any more: the reset clears at once, without asking.
    question(phone, "capacity-three-months").get_by_label("Absorptive capacity").tap()
    reset.tap()
    assert len(phone.dialogs) == 2
    assert quiz_of(phone).locator("form input:checked").count() == 0


def test_answers_saved_for_other_questions_are_ignored(phone):
    open_chapter(phone)
    stale_key = f"learnorg:quiz:{BANK}:000000000000"
    phone.evaluate("""([key, stale]) => {
        localStorage.setItem(stale, JSON.stringify({answers: {'capacity-three-months': {response: 0, status: 'incorrect'}}}));
        localStorage.setItem(key, JSON.stringify({answers: {
            'capacity-three-months': {response: 7, status: 'correct'},
            'kruk-characteristics': {response: [0, 2, 3], status: 'correct'},
            'a-question-since-removed': {response: 1, status: 'correct'}}}));
    }""", [KEY, stale_key])
    phone.reload(wait_until="networkidle")
    assert score(phone) == "Score: 1 of 8 correct (1 checked)."
    assert question(phone, "capacity-three-months").locator("input:checked").count() == 0
    many = question(phone, "kruk-characteristics")
    assert [many.get_by_label(x, exact=True).is_checked() for x in ("Aware", "Self-regulating", "Integrated")] == [True] * 3
    assert "✓ Correct." in many.locator(".lm-quiz-feedback").inner_text()
    assert stored(phone) == {"answers": {"kruk-characteristics": {"response": [0, 2, 3], "status": "correct"}}}
    assert phone.evaluate("key => localStorage.getItem(key)", stale_key) is None


def test_quiz_works_and_says_so_when_storage_is_blocked(phone):
    phone.add_init_script(BLOCK_STORAGE)
    open_chapter(phone)
    note = quiz_of(phone).locator(".lm-quiz-keep")
    assert note.inner_text().startswith(NOT_KEPT) and note.is_visible()
    reset = quiz_of(phone).get_by_role("button", name="Clear all answers", exact=True)
    answer_two(phone)
    assert "✓ Correct." in question(phone, "capacity-three-months").locator(".lm-quiz-feedback").inner_text()
    reset.tap()  # nothing is saved, so nothing to confirm
    assert not phone.dialogs
    assert score(phone) == "Score: 0 of 8 correct (0 checked)."
    answer_two(phone)
    phone.reload(wait_until="networkidle")
    assert score(phone) == "Score: 0 of 8 correct (0 checked)."
    assert quiz_of(phone).locator(".lm-quiz-keep").inner_text().startswith(NOT_KEPT)
