"""The course map: every numbered chapter with its objectives, time, workbook, knowledge check and tool.

It is made from the chapters themselves, so it stays true as chapters are added. Each chapter declares a
``learnorg`` block in its notebook metadata (or, for a Markdown chapter, in its front matter)::

    "learnorg": {"time_minutes": 80, "workbook": "exercises/<chapter>", "knowledge_check": "<chapter>",
                 "tool": "book/tools/<tool>" or null, "part": "Part I. Foundations"}

and lists its learning objectives as bullets under "... you will be able to:" in its *At a glance* box (or
gives them as ``objectives`` in the same block). A chapter without them is an error that names the file.

Run ``python -m learnorg.booktools.coursemap`` to print the map as Markdown, or ``--check`` to only check the chapters.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REQUIRED = ("time_minutes", "workbook", "knowledge_check", "tool")


class CourseMapError(ValueError):
    """A chapter lacks the metadata the course map needs."""


@dataclass
class Chapter:
    number: int
    part: str
    doc: str
    title: str
    objectives: list[str]
    time_minutes: int
    workbook: str | None
    knowledge_check: str | None
    tool: str | None
    extra: dict = field(default_factory=dict)


def numbered_chapters(root: Path) -> list[tuple[int, str, str]]:
    """(number, part caption, document) for every chapter of the numbered parts of ``_toc.yml``, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found, number = [], 0
    for part in toc.get("parts", []):
        if not part.get("numbered"):
            continue
        for chapter in part.get("chapters", []):
            number += 1
            found.append((number, part["caption"], chapter["file"]))
    return found


def _plain(text: str) -> str:
    """Markdown of an objective without MyST roles and emphasis, on one line."""
    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)\s*<[^`]*>`", r"\1", text)
    text = re.sub(r"\{[a-z:]+\}`([^`]*)`", r"\1", text)
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    return " ".join(text.split())


def _read(path: Path) -> tuple[str, dict]:
    """The Markdown text and the ``learnorg`` metadata of a chapter (notebook or MyST Markdown)."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        return text, nb.get("metadata", {}).get("learnorg") or {}
    text = path.read_text(encoding="utf-8")
    meta = {}
    if text.startswith("---\n"):
        front, text = text[4:].split("\n---\n", 1)
        meta = (yaml.safe_load(front) or {}).get("learnorg") or {}
    return text, meta


def _banks(root: Path) -> Path:
    """The knowledge checks' question banks: the book's own, else (a copy of the book's sources, as the tests
    build) the package's data."""
    banks = root / "data" / "quizzes"
    if banks.is_dir():
        return banks
    from learnorg.paths import data_dir

    return data_dir() / "quizzes"


def _objectives(text: str) -> list[str]:
    match = re.search(r"able to:\*{0,2}\s*\n(.*?)(?:\n\s*\n|\n:::)", text, re.S)
    if not match:
        return []
    items = re.split(r"\n- ", "\n" + match.group(1).strip())
    return [_plain(item.rstrip(";.")) for item in items if item.strip()]


def chapter(root: Path, number: int, part: str, doc: str) -> Chapter:
    """Read one chapter; raise :class:`CourseMapError` naming the file and what is missing."""
    path = next((root / f"{doc}{s}" for s in (".ipynb", ".md") if (root / f"{doc}{s}").is_file()), None)
    if path is None:
        raise CourseMapError(f"{doc}: listed in _toc.yml but no .ipynb or .md file exists")
    text, meta = _read(path)
    where = path.relative_to(root)
    missing = [key for key in REQUIRED if key not in meta]
    if missing:
        raise CourseMapError(f"{where}: the 'learnorg' metadata block lacks {', '.join(missing)} "
                             f"(see learnorg/coursemap.py for the format)")
    if not isinstance(meta["time_minutes"], int) or meta["time_minutes"] <= 0:
        raise CourseMapError(f"{where}: 'time_minutes' must be a positive whole number of minutes")
    objectives = meta.get("objectives") or _objectives(text)
    if not objectives:
        raise CourseMapError(f"{where}: no learning objectives (bullets after 'you will be able to:' in the "
                             "At a glance box, or 'objectives' in the metadata)")
    title = re.search(r"^# (.+)$", text, re.M)
    for key in ("workbook", "tool"):
        if meta[key] and not any((root / f"{meta[key]}{s}").is_file() for s in (".ipynb", ".md")):
            raise CourseMapError(f"{where}: {key} {meta[key]!r} does not exist")
    if meta["knowledge_check"] and not (_banks(root) / f"{meta['knowledge_check']}.yaml").is_file():
        raise CourseMapError(f"{where}: knowledge check {meta['knowledge_check']!r} has no question bank")
    return Chapter(number, part, doc, _plain(title.group(1)) if title else doc, objectives, meta["time_minutes"],
                   meta["workbook"], meta["knowledge_check"], meta["tool"],
                   {k: v for k, v in meta.items() if k not in REQUIRED})


def course_map(root: Path) -> list[Chapter]:
    """Every numbered chapter of the book, read from its own file."""
    return [chapter(root, *entry) for entry in numbered_chapters(root)]


def _link(target: str, here: str) -> str:
    """``target`` (a document path from the book root) relative to the folder of the page ``here``."""
    return posixpath.relpath(target, posixpath.dirname(here))


def course_map_markdown(root: Path, page: str = "book/trainers/course_map") -> str:
    """The course map as MyST Markdown for a page at ``page`` (links are relative to it)."""
    chapters = course_map(root)
    total = sum(c.time_minutes for c in chapters)
    lines = [f"The course has {len(chapters)} chapters, about {total / 60:.0f} hours of reading and exercises in "
             "all (group discussion comes on top).", ""]
    for part in dict.fromkeys(c.part for c in chapters):
        lines += [f"## {part}", "", "| Chapter | You will be able to | Time | Workbook | Knowledge check | Tool |",
                  "|---|---|---|---|---|---|"]
        for c in (c for c in chapters if c.part == part):
            objectives = "<br>".join(f"• {o}" for o in c.objectives)
            workbook = f"{{doc}}`workbook <{_link(c.workbook, page)}>`" if c.workbook else "—"
            quiz = f"{len(_questions(root, c.knowledge_check))} questions" if c.knowledge_check else "—"
            tool = f"{{doc}}`{_link(c.tool, page)}`" if c.tool else "—"
            lines.append(f"| {c.number}. {{doc}}`{c.title} <{_link(c.doc, page)}>` | {objectives} | "
                         f"{c.time_minutes} min | {workbook} | {quiz} | {tool} |")
        lines.append("")
    return "\n".join(lines)


def _questions(root: Path, bank: str) -> list:
    data = yaml.safe_load((_banks(root) / f"{bank}.yaml").read_text(encoding="utf-8"))
    return data.get("questions", [])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path.cwd()
    try:
        text = course_map_markdown(root)
    except CourseMapError as err:
        print(f"course map: {err}", file=sys.stderr)
        return 1
    if "--check" not in args:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
