"""Render cases for the book: MyST Markdown pages, gallery cards (HTML) and short box texts.

Every string that comes from a case file is escaped for its target: Markdown punctuation is
backslash-escaped (so ``{``, ``*``, backticks and ``<script>`` stay literal text) and HTML is
escaped with :func:`html.escape`. Only the markup written here, around those strings, is live.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from html import escape

from learnorg.cases import BLOCKS, CAPACITIES, EVIDENCE, REGIONS, SHOCK_TYPES, years_label

INTERPRETATION_NOTE = (
    "The building blocks (after Garvin, 1993) and resilience capacities (after Blanchet and colleagues, "
    "2017) attached to this case are our interpretation of the sources, not a classification made by "
    "their authors."
)
EVIDENCE_NOTE = (
    "The kind of evidence is our classification of the design of the studies cited for this case (see the "
    "case library's README): it says how the case is known, not whether the learning in it worked."
)
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_GLOSSARY_BLOCK = re.compile(r"^(?::::|```)\{glossary\}\n(.*?)^(?::::|```)\s*$", re.S | re.M)


def md_escape(text: object) -> str:
    """Text as literal MyST inline content: whitespace collapsed, every ASCII punctuation mark escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_paragraphs(text: object) -> str:
    """Escape text, keeping its blank-line paragraph breaks."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return "\n\n".join(md_escape(p) for p in paragraphs)


def glossary_terms(glossary_text: str) -> set[str]:
    """Terms defined in the ``{glossary}`` block of book/glossary.md (case-folded)."""
    block = _GLOSSARY_BLOCK.search(glossary_text)
    if not block:
        return set()
    return {
        line.strip().casefold()
        for line in block.group(1).splitlines()
        if line.strip() and not line.startswith((" ", "\t", ":"))
    }


def format_value(value: float | int) -> str:
    """A figure's value with thousands separators, without a spurious ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def first_words(text: str, limit: int = 60) -> str:
    """The first ``limit`` words of ``text``; ends with an ellipsis when shortened."""
    words = str(text).split()
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]).rstrip(",;:") + " …"


def _term(label: str, terms: set[str]) -> str:
    # ``label`` comes from our own vocabulary (BLOCKS, CAPACITIES), never from a case file.
    return f"{{term}}`{label}`" if label.casefold() in terms else label


def case_page(
    case: Mapping, terms: Iterable[str] = (), source_file: str | None = None, bibliography_doc: str | None = None
) -> str:
    """The MyST Markdown page of one validated case; ``bibliography_doc`` is the docname of the references page."""
    terms = {t.casefold() for t in terms}
    years = case["years"]
    blocks = ", ".join(_term(BLOCKS[b], terms) for b in case["building_blocks"])
    capacities = ", ".join(_term(CAPACITIES[c], terms) for c in case["capacities"])
    lines = []
    if source_file:
        lines += [f"% Generated from {source_file} by learnorg.booktools.sphinx_cases: edit the data file, not this page.", ""]
    lines += [
        f"(case-{case['id']})=",
        f"# {md_escape(case['title'])}",
        "",
        ":::{admonition} At a glance",
        ":class: tip",
        "",
        f"- **Country or countries:** {md_escape('; '.join(case['countries']))}",
        f"- **Region:** {md_escape(REGIONS[case['region']])}",
        f"- **Years:** {md_escape(years_label(years['start'], years['end']))}",
        f"- **Shock or stressor:** {md_escape(case['shock'])}",
        f"- **Type of shock:** {md_escape(SHOCK_TYPES[case['shock_type']])}",
        f"- **Building blocks:** {blocks}",
        f"- **Resilience capacities:** {capacities}",
        f"- **Kind of evidence:** {md_escape(EVIDENCE[case['evidence']])}",
        ":::",
        "",
        "## Summary",
        "",
        md_paragraphs(case["summary"]),
        "",
        "## What was learned, and how",
        "",
        md_paragraphs(case["learning"]),
        "",
        "## Building blocks and resilience capacities",
        "",
        f"**Learning building blocks illustrated:** {blocks}.",
        "",
        f"**Resilience capacities:** {capacities}.",
        "",
        f"**Kind of evidence:** {md_escape(EVIDENCE[case['evidence']])}.",
        "",
        ":::{note}",
        INTERPRETATION_NOTE + " " + EVIDENCE_NOTE,
        ":::",
        "",
        "## Key figures",
        "",
        "| Value | Unit | What it measures | Year | Source |",
        "|---:|---|---|---:|---|",
    ]
    for figure in case["figures"]:
        measures = md_escape(figure["measures"])
        if figure.get("note"):
            measures += f" ({md_escape(figure['note'])})"
        lines.append(
            f"| {md_escape(format_value(figure['value']))} | {md_escape(figure['unit'])} | {measures} "
            f"| {figure['year']} | {{cite:p}}`{figure['source']}` |"
        )
    lines += ["", "## Discussion questions", ""]
    lines += [f"{i}. {md_escape(q)}" for i, q in enumerate(case["questions"], start=1)]
    lines += ["", "## Lessons for a ministry", ""]
    lines += [f"- {md_escape(lesson)}" for lesson in case["lessons"]]
    lines += ["", "## Sources", ""]
    lines += [f"- {{cite:t}}`{key}`" for key in case["sources"]]
    if bibliography_doc:
        lines += ["", f"Full references are in the {{doc}}`bibliography </{bibliography_doc}>`."]
    lines.append("")
    return "\n".join(lines)


def _options(name: str, label: str, choices: Iterable[tuple[str, str]]) -> str:
    control = f"case-filter-{name}"
    options = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in choices)
    return (
        f'<div class="case-filter"><label for="{control}">{escape(label)}</label>'
        f'<select id="{control}" name="{name}"><option value="">All</option>{options}</select></div>'
    )


def gallery_html(cases: list[Mapping], link: Callable[[str], str]) -> str:
    """The filterable gallery: a form of labelled selects (hidden until the script runs), a live count
    and one card per case. ``link(case_id)`` returns the URL of a case page. Works without JavaScript:
    every card is then simply visible."""

    def present(field: str, vocabulary: Mapping[str, str], many: bool) -> list[tuple[str, str]]:
        used = {v for case in cases for v in (case[field] if many else [case[field]])}
        return [(key, label) for key, label in vocabulary.items() if key in used]

    filters = "".join([
        _options("blocks", "Building block", present("building_blocks", BLOCKS, True)),
        _options("capacities", "Resilience capacity", present("capacities", CAPACITIES, True)),
        _options("region", "Region", present("region", REGIONS, False)),
        _options("shock", "Type of shock", present("shock_type", SHOCK_TYPES, False)),
        _options("evidence", "Kind of evidence", present("evidence", EVIDENCE, False)),
    ])
    total = len(cases)
    cards = []
    for case in cases:
        blocks = "; ".join(BLOCKS[b] for b in case["building_blocks"])
        capacities = "; ".join(CAPACITIES[c] for c in case["capacities"])
        years = years_label(case["years"]["start"], case["years"]["end"])
        cards.append(
            f'<li class="case-card" data-blocks="{escape(" ".join(case["building_blocks"]))}" '
            f'data-capacities="{escape(" ".join(case["capacities"]))}" data-region="{escape(case["region"])}" '
            f'data-shock="{escape(case["shock_type"])}" data-evidence="{escape(case["evidence"])}">'
            f'<h3 class="case-card-title"><a href="{escape(link(case["id"]))}">{escape(case["title"])}</a></h3>'
            f'<p class="case-card-meta">{escape("; ".join(case["countries"]))} · {escape(years)} · '
            f'{escape(SHOCK_TYPES[case["shock_type"]])}</p>'
            f"<dl><dt>Building blocks</dt><dd>{escape(blocks)}</dd>"
            f"<dt>Capacities</dt><dd>{escape(capacities)}</dd>"
            f"<dt>Region</dt><dd>{escape(REGIONS[case['region']])}</dd>"
            f"<dt>Kind of evidence</dt><dd>{escape(EVIDENCE[case['evidence']])}</dd></dl></li>"
        )
    return (
        '<div id="case-gallery" class="case-gallery">'
        '<form class="case-filters" hidden><fieldset><legend>Filter the cases</legend>'
        f'{filters}<button type="reset" class="case-filter-reset">Show all cases</button></fieldset></form>'
        f'<p class="case-count" role="status" aria-live="polite">{total} cases.</p>'
        f'<p class="case-none" hidden>No case matches all the chosen filters. Choose "All" in one of them.</p>'
        f'<ul class="case-cards">{"".join(cards)}</ul></div>'
    )
