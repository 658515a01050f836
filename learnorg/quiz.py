"""Knowledge checks: question banks as data, checked answers, and a quiz that works everywhere.

A bank is a YAML file in ``data/quizzes/<chapter>.yaml`` (format in ``data/quizzes/README.md``), validated
against :data:`SCHEMA` plus a few rules a schema cannot express; every error names the file, the question id
and the field. :func:`knowledge_check` returns an object that Jupyter shows as an ipywidgets quiz and the
static site shows as plain HTML driven by ``learnorg/web/selfscore.js`` (both follow :func:`check_answer`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from learnorg.display import json_script
from learnorg.paths import data_dir

QUESTION_TYPES = ("single", "multiple", "numeric")

_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"}
SCHEMA: dict = {
    "type": "object",
    "required": ["id", "title", "questions"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "title": _TEXT,
        "chapter": _TEXT,
        "intro": _TEXT,
        "questions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "type", "prompt", "explanation"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "type": {"enum": list(QUESTION_TYPES)},
                    "prompt": _TEXT,
                    "explanation": _TEXT,
                    "options": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["text", "feedback"],
                            "additionalProperties": False,
                            "properties": {"text": _TEXT, "feedback": _TEXT, "correct": {"type": "boolean"}},
                        },
                    },
                    "answer": {"type": "number"},
                    "tolerance": {"type": "number", "minimum": 0},
                    "unit": _TEXT,
                    "feedback": {
                        "type": "object",
                        "required": ["correct", "too_low", "too_high"],
                        "additionalProperties": False,
                        "properties": {"correct": _TEXT, "too_low": _TEXT, "too_high": _TEXT},
                    },
                },
            },
        },
    },
}
"""JSON Schema of a question bank (the YAML file, once parsed)."""

# What each question type needs beyond the schema: (required fields, forbidden fields).
_TYPE_FIELDS = {
    "single": ({"options"}, {"answer", "tolerance", "unit", "feedback"}),
    "multiple": ({"options"}, {"answer", "tolerance", "unit", "feedback"}),
    "numeric": ({"answer", "feedback"}, {"options"}),
}
_MYST_ROLE = re.compile(r"\{[a-z:]+\}`")


class QuizError(ValueError):
    """A broken question bank; each line names the file, the question id and the field."""


# ------------------------------------------------------------------------------------------- loading


def quizzes_dir() -> Path:
    """The folder of the shipped question banks."""
    return data_dir() / "quizzes"


def bank_path(name: str | Path) -> Path:
    """The file of a bank given by name (``"why_health_systems_need_to_learn"``) or by path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        return path
    candidate = quizzes_dir() / f"{name}.yaml"
    if not candidate.is_file():
        known = ", ".join(p.stem for p in sorted(quizzes_dir().glob("*.yaml"))) or "none"
        raise QuizError(f"{candidate.name}: no question bank named {str(name)!r}; known banks: {known}.")
    return candidate


def _where(file: str, questions: list, path: list) -> str:
    """'file, question 'id', field 'options[2].text'' from a jsonschema error path."""
    parts = [file]
    rest = list(path)
    if len(rest) >= 2 and rest[0] == "questions" and isinstance(rest[1], int):
        q = questions[rest[1]] if rest[1] < len(questions) else None
        qid = q.get("id") if isinstance(q, dict) else None
        parts.append(f"question {qid!r}" if isinstance(qid, str) else f"question {rest[1] + 1}")
        rest = rest[2:]
    if rest:
        text = ""
        for step in rest:
            text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else str(step))
        parts.append(f"field {text!r}")
    return ", ".join(parts)


def validate_bank(data: Any, file: str = "bank") -> dict:
    """Check a parsed bank against :data:`SCHEMA` and the per-type rules; return it with defaults filled in."""
    import jsonschema

    if not isinstance(data, dict):
        raise QuizError(f"{file}: expected a mapping with id, title and questions, got {type(data).__name__}.")
    questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = []
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        message = err.message
        if err.validator == "pattern" and err.schema is _ID:
            message = f"{err.instance!r} is not a valid id (lower-case letters, digits, - and _)"
        elif err.validator == "pattern":
            message = "expected some text, found only spaces"
        elif err.validator == "additionalProperties":
            message += f"; allowed fields: {', '.join(err.schema.get('properties', {}))}"
        errors.append(f"{_where(file, questions, list(err.absolute_path))}: {message}.")
    if errors:
        raise QuizError("\n".join(errors))

    seen: dict[str, int] = {}
    for i, q in enumerate(questions):
        where = f"{file}, question {q['id']!r}"
        if q["id"] in seen:
            errors.append(f"{where}, field 'id': already used by question {seen[q['id']]}; ids must be unique.")
        seen.setdefault(q["id"], i + 1)
        needed, forbidden = _TYPE_FIELDS[q["type"]]
        for name in sorted(needed - set(q)):
            errors.append(f"{where}, field {name!r}: required for a {q['type']} question.")
        for name in sorted(forbidden & set(q)):
            errors.append(f"{where}, field {name!r}: not used by a {q['type']} question; remove it.")
        options = q.get("options") or []
        n_correct = sum(bool(o.get("correct")) for o in options)
        if q["type"] == "single" and options and n_correct != 1:
            errors.append(f"{where}, field 'options': a single-answer question needs exactly one option with "
                          f"'correct: true', found {n_correct}.")
        if q["type"] == "multiple" and options and n_correct < 1:
            errors.append(f"{where}, field 'options': a multiple-answer question needs at least one option with "
                          "'correct: true', found none.")
        texts = [" ".join(o["text"].split()).casefold() for o in options]
        for j, text in enumerate(texts):
            if text in texts[:j]:
                errors.append(f"{where}, field 'options[{j + 1}].text': the same text as option "
                              f"{texts.index(text) + 1}.")
        for key, value in _texts(q):
            if _MYST_ROLE.search(value):
                errors.append(f"{where}, field {key!r}: MyST roles such as {{cite:p}} are not rendered in a quiz; "
                              "write the author's name in plain text.")
    if errors:
        raise QuizError("\n".join(errors))
    for q in questions:
        if q["type"] == "numeric":
            q.setdefault("tolerance", 0)
        for option in q.get("options", []):
            option.setdefault("correct", False)
    return data


def _texts(question: dict):
    for key in ("prompt", "explanation", "unit"):
        if key in question:
            yield key, question[key]
    for j, option in enumerate(question.get("options", [])):
        yield f"options[{j + 1}].text", option["text"]
        yield f"options[{j + 1}].feedback", option["feedback"]
    for key, value in (question.get("feedback") or {}).items():
        yield f"feedback.{key}", value


def load_bank(name: str | Path) -> dict:
    """Load and validate a question bank by name or path."""
    path = bank_path(name)
    if not path.is_file():
        raise QuizError(f"{path}: file not found.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise QuizError(f"{path.name}{where}: not valid YAML ({getattr(err, 'problem', err)}).") from err
    return validate_bank(data, path.name)


# ------------------------------------------------------------------------------------------- checking


def parse_number(text: str | float | int | None) -> float | None:
    """A number typed by a reader: ``2048``, ``2,048``, ``2 048``, ``2048.5`` or ``2048,5``; None if not one.

    The same rule is implemented in ``selfscore.js`` (``parseNumber``).
    """
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return None if math.isnan(text) else float(text)
    s = re.sub(r"[\s\u00a0\u202f]", "", str(text))
    if "," in s and "." in s:
        s = s.replace(",", "")
    elif re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", s):
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", s):
        return None
    return float(s)


@dataclass
class Result:
    """The outcome of checking one answer."""

    status: str  # "correct", "incorrect" or "empty"
    feedback: list[str] = field(default_factory=list)  # Markdown, one entry per chosen option (or one)

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def check_answer(question: dict, response) -> Result:
    """Check a response: an option index (single), a collection of indexes (multiple) or text/number (numeric)."""
    kind = question["type"]
    if kind == "numeric":
        value = parse_number(response)
        if value is None:
            return Result("empty", ["Type a number, for example 1234 or 12.5."])
        answer, tolerance = float(question["answer"]), float(question.get("tolerance", 0))
        fb = question["feedback"]
        if abs(value - answer) <= tolerance + 1e-9:
            return Result("correct", [fb["correct"]])
        return Result("incorrect", [fb["too_low"] if value < answer else fb["too_high"]])
    options = question["options"]
    if kind == "single":
        if response is None or response == "":
            return Result("empty", ["Choose one answer."])
        chosen = [int(response)]
    else:
        chosen = sorted({int(i) for i in (response or [])})
        if not chosen:
            return Result("empty", ["Choose one or more answers."])
    right = {i for i, o in enumerate(options) if o.get("correct")}
    status = "correct" if set(chosen) == right else "incorrect"
    feedback = [options[i]["feedback"] for i in chosen]
    if kind == "multiple" and status == "incorrect" and set(chosen) < right:
        feedback.append("Some correct answers are still missing.")
    return Result(status, feedback)


# ------------------------------------------------------------------------------------------- rendering


def markdown_html(text: str, inline: bool = False) -> str:
    """Markdown to HTML with raw HTML escaped (markdown-it-py; plain escaped text if it is missing)."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it-py comes with Jupyter Book and with Colab
        body = escape(text)
        return body if inline else f"<p>{body}</p>"
    md = MarkdownIt("commonmark", {"html": False})
    return md.renderInline(text) if inline else md.render(text).strip()


def bank_version(bank: dict) -> str:
    """A short hash of the question ids, types and option texts (in order).

    ``selfscore.js`` keeps a reader's checked answers in the browser under a key that ends with it, so answers
    saved for an older set of questions or options are never put back into changed ones. Edits of prompts,
    feedback and explanations keep the same version.
    """
    shape = [[q["id"], q["type"], [o["text"] for o in q.get("options", [])]] for q in bank["questions"]]
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def bank_json(bank: dict) -> dict:
    """What the browser needs to check answers (the same fields as the bank, Markdown rendered to HTML)."""
    out = []
    for q in bank["questions"]:
        item = {"id": q["id"], "type": q["type"], "explanation": markdown_html(q["explanation"])}
        if q["type"] == "numeric":
            item.update(answer=q["answer"], tolerance=q["tolerance"],
                        feedback={k: markdown_html(v, inline=True) for k, v in q["feedback"].items()})
        else:
            item["options"] = [{"correct": bool(o["correct"]), "feedback": markdown_html(o["feedback"], inline=True)}
                               for o in q["options"]]
        out.append(item)
    return {"id": bank["id"], "version": bank_version(bank), "questions": out}


KEPT_NOTE = "Your checked answers are kept only in this browser, on this device."
RESET_LABEL = "Clear all answers and forget saved progress"
NO_SCRIPT_NOTE = ("The buttons of this check need JavaScript, which seems to be off. The questions and their "
                  "answers still work in Jupyter, Binder or Colab.")


def static_html(bank: dict) -> str:
    """The quiz as plain HTML for the static site; ``selfscore.js`` makes it work without a kernel."""
    bid = bank["id"]
    total = len(bank["questions"])
    parts = [f'<div class="lm-quiz" data-lm-selfscore="quiz" data-bank="{escape(bid)}">',
             json_script(bank_json(bank), "lm-quiz-data")]
    if bank.get("intro"):
        parts.append(f'<div class="lm-quiz-intro">{markdown_html(bank["intro"])}</div>')
    parts.append(f'<p class="lm-nojs">{escape(NO_SCRIPT_NOTE)}</p>')
    for n, q in enumerate(bank["questions"], start=1):
        base = f"lmq-{bid}-{q['id']}"
        parts.append(f'<form class="lm-quiz-q" data-qid="{escape(q["id"])}" data-type="{q["type"]}" '
                     f'id="{escape(base)}" novalidate>')
        parts.append('<fieldset>')
        kind = {"single": "Choose one answer.", "multiple": "Choose all that apply.",
                "numeric": "Type a number."}[q["type"]]
        parts.append(f'<legend><span class="lm-quiz-num">Question {n} of {total}.</span> '
                     f'{markdown_html(q["prompt"], inline=True)} <span class="lm-quiz-kind">{kind}</span></legend>')
        if q["type"] == "numeric":
            unit = f" ({escape(q['unit'])})" if q.get("unit") else ""
            parts.append(f'<p class="lm-quiz-numeric"><label for="{escape(base)}-value">Your answer{unit}</label> '
                         f'<input type="text" inputmode="decimal" autocomplete="off" id="{escape(base)}-value" '
                         f'name="{escape(base)}"></p>')
        else:
            input_type = "radio" if q["type"] == "single" else "checkbox"
            for j, option in enumerate(q["options"]):
                oid = f"{base}-{j}"
                parts.append(f'<div class="lm-quiz-opt"><input type="{input_type}" id="{escape(oid)}" '
                             f'name="{escape(base)}" value="{j}"> <label for="{escape(oid)}">'
                             f'{markdown_html(option["text"], inline=True)}</label></div>')
        parts.append("</fieldset>")
        parts.append('<p class="lm-quiz-actions screen-only" hidden>'
                     '<button type="submit" class="lm-btn">Check answer</button> '
                     '<button type="button" class="lm-btn lm-btn-secondary" data-action="retry">Try again</button></p>')
        parts.append('<div class="lm-quiz-feedback" aria-live="polite"></div>')
        parts.append("</form>")
    parts.append(f'<div class="lm-quiz-footer screen-only" hidden><p class="lm-quiz-score" role="status">'
                 f'Score: 0 of {total} correct.</p>'
                 f'<p class="lm-quiz-keep">{escape(KEPT_NOTE)}</p>'
                 '<button type="button" class="lm-btn lm-btn-secondary" data-action="reset">'
                 f'{escape(RESET_LABEL)}</button></div>')
    parts.append(answer_key_html(bank))
    parts.append("</div>")
    return "\n".join(parts)


def answer_key_html(bank: dict) -> str:
    """An answer key that appears only in print (and is moved to the PDF's appendix)."""
    rows = []
    for n, q in enumerate(bank["questions"], start=1):
        if q["type"] == "numeric":
            tol = f" (± {q['tolerance']:g})" if q["tolerance"] else ""
            unit = f" {escape(q['unit'])}" if q.get("unit") else ""
            answer = f"{q['answer']:g}{tol}{unit}"
        else:
            answer = "; ".join(markdown_html(o["text"], inline=True) for o in q["options"] if o["correct"])
        rows.append(f"<li><strong>{answer}</strong>. {markdown_html(q['explanation'], inline=True)}</li>")
    return (f'<div class="print-only print-appendix lm-quiz-key"><p><strong>Answer key: '
            f'{escape(bank["title"])}</strong></p><ol>{"".join(rows)}</ol></div>')


# ------------------------------------------------------------------------------------------- widgets


class QuizWidget:
    """An ipywidgets quiz: check each answer, read the feedback and explanation, retry, reset."""

    def __init__(self, bank: dict):
        import ipywidgets as w

        self.bank = bank
        self.questions = bank["questions"]
        self.results: dict[str, Result | None] = {q["id"]: None for q in self.questions}
        self.inputs: dict[str, Any] = {}
        self.feedback: dict[str, Any] = {}
        self.check_buttons: dict[str, Any] = {}
        self.retry_buttons: dict[str, Any] = {}
        self.score = w.HTML()
        self.reset_button = w.Button(description="Clear all answers", icon="undo")
        self.reset_button.on_click(lambda _: self.reset())
        boxes = [w.HTML(f"<h3>{escape(bank['title'])}</h3>")]
        total = len(self.questions)
        for n, q in enumerate(self.questions, start=1):
            qid = q["id"]
            prompt = w.HTML(f"<p><strong>Question {n} of {total}.</strong> {markdown_html(q['prompt'], inline=True)}</p>")
            if q["type"] == "single":
                field_ = w.RadioButtons(options=[(_plain(o["text"]), j) for j, o in enumerate(q["options"])],
                                        value=None, layout=w.Layout(width="auto"))
            elif q["type"] == "multiple":
                field_ = w.VBox([w.Checkbox(value=False, description=_plain(o["text"]), indent=False,
                                            layout=w.Layout(width="auto")) for o in q["options"]])
            else:
                unit = f" ({q['unit']})" if q.get("unit") else ""
                field_ = w.Text(placeholder="a number", description=f"Your answer{unit}",
                                style={"description_width": "initial"})
            check = w.Button(description="Check answer", button_style="primary")
            retry = w.Button(description="Try again", disabled=True)
            check.on_click(lambda _, qid=qid: self.check(qid))
            retry.on_click(lambda _, qid=qid: self.retry(qid))
            self.inputs[qid], self.check_buttons[qid], self.retry_buttons[qid] = field_, check, retry
            self.feedback[qid] = w.HTML()
            boxes.append(w.VBox([prompt, field_, w.HBox([check, retry]), self.feedback[qid]],
                                layout=w.Layout(border="1px solid #999", padding="0.5em", margin="0 0 0.8em 0")))
        boxes.append(w.HBox([self.score, self.reset_button]))
        self.view = w.VBox(boxes)
        self._update_score()

    def response(self, qid: str):
        """The current response to a question, in the form :func:`check_answer` takes."""
        q = self._question(qid)
        field_ = self.inputs[qid]
        if q["type"] == "multiple":
            return [j for j, box in enumerate(field_.children) if box.value]
        return field_.value

    def answer(self, qid: str, response) -> None:
        """Set a response programmatically (an index, a list of indexes or a number/text)."""
        q = self._question(qid)
        field_ = self.inputs[qid]
        if q["type"] == "multiple":
            chosen = set(response or [])
            for j, box in enumerate(field_.children):
                box.value = j in chosen
        elif q["type"] == "numeric":
            field_.value = "" if response is None else str(response)
        else:
            field_.value = response

    def check(self, qid: str) -> Result:
        """Check the current response of one question and show feedback and explanation."""
        q = self._question(qid)
        result = check_answer(q, self.response(qid))
        if result.status != "empty":
            self.results[qid] = result
            self.retry_buttons[qid].disabled = False
        self.feedback[qid].value = _feedback_html(q, result)
        self._update_score()
        return result

    def retry(self, qid: str) -> None:
        """Clear one question so it can be answered again."""
        q = self._question(qid)
        self.answer(qid, [] if q["type"] == "multiple" else None)
        self.results[qid] = None
        self.feedback[qid].value = ""
        self.retry_buttons[qid].disabled = True
        self._update_score()

    def reset(self) -> None:
        """Clear every answer, feedback and the score."""
        for q in self.questions:
            self.retry(q["id"])

    @property
    def correct(self) -> int:
        return sum(1 for r in self.results.values() if r is not None and r.correct)

    @property
    def checked(self) -> int:
        return sum(1 for r in self.results.values() if r is not None)

    def _update_score(self) -> None:
        self.score.value = (f"<p><strong>Score: {self.correct} of {len(self.questions)} correct</strong> "
                            f"({self.checked} checked).</p>")

    def _question(self, qid: str) -> dict:
        for q in self.questions:
            if q["id"] == qid:
                return q
        raise KeyError(f"no question {qid!r} in bank {self.bank['id']!r}")


def _plain(text: str) -> str:
    """Markdown emphasis and code marks removed, for widget labels that cannot show HTML."""
    return re.sub(r"[*_`]+", "", text)


def _feedback_html(question: dict, result: Result) -> str:
    if result.status == "empty":
        return f"<p><strong>No answer yet.</strong> {escape(result.feedback[0])}</p>"
    head = "✓ Correct." if result.correct else "✗ Not quite."
    items = "".join(f"<li>{markdown_html(f, inline=True)}</li>" for f in result.feedback)
    return (f"<div><p><strong>{head}</strong></p><ul>{items}</ul>"
            f"<div><strong>Explanation.</strong> {markdown_html(question['explanation'])}</div></div>")


class KnowledgeCheck:
    """A knowledge check for a notebook cell: ipywidgets in Jupyter, working HTML on the static site.

    Its ``_repr_mimebundle_`` holds both the widget view and a ``text/html`` version. Live Jupyter
    front ends show the widget; the book's HTML builder prefers ``text/html``
    (``nb_mime_priority_overrides`` in ``_config.yml``), which ``selfscore.js`` brings to life.
    """

    def __init__(self, bank: dict):
        self.bank = bank
        self._widget: QuizWidget | None = None

    @property
    def widget(self) -> QuizWidget:
        if self._widget is None:
            self._widget = QuizWidget(self.bank)
        return self._widget

    def html(self) -> str:
        return static_html(self.bank)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget.view._repr_mimebundle_() or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"Knowledge check: {self.bank['title']} ({len(self.bank['questions'])} questions)"
        return bundle


def knowledge_check(name: str | Path) -> KnowledgeCheck:
    """The knowledge check of a bank in ``data/quizzes/`` (by chapter name) or of a bank file."""
    return KnowledgeCheck(load_bank(name))
