"""The paper option: a printable questionnaire with a scoring grid, and a data-entry template.

:func:`paper_form_html` returns one self-contained HTML page (no scripts, no external files, A4 print
CSS, one page per block) with seven answer boxes per statement under the scale labels, the
instructions, the confidentiality note, unit and role fields and a grid where a respondent can work
out their own scores. :func:`write_template` writes the CSV or Excel sheet in which the answers are
typed; ``python -m learnorg score`` reads it as it is.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from learnorg.i18n import check_lang, t
from learnorg.instrument import Instrument, instrument_metadata, load_instrument
from learnorg.outputs import atomic_save, atomic_write_text, csv_text, text_cell

#: Marks reverse-worded statements on the paper form and in the scoring grid.
REVERSE_SYMBOL = "†"
#: Columns of the data-entry template before the item columns.
TEMPLATE_COLUMNS = ["respondent_id", "unit", "role", "wave"]

_CSS = """
@page{size:A4;margin:14mm 12mm}
*{box-sizing:border-box}
body{font-family:"Segoe UI",Roboto,Arial,sans-serif;font-size:10pt;line-height:1.35;color:#000;background:#fff;
margin:0 auto;max-width:190mm;padding:6mm}
h1{font-size:15pt;margin:0 0 3mm}h2{font-size:12.5pt;margin:5mm 0 2mm;border-bottom:1.5px solid #000}
h3{font-size:11pt;margin:4mm 0 1mm}
.note{border:1.5px solid #000;padding:2mm 3mm;margin:3mm 0}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:3mm 8mm;margin:3mm 0}
.field{border-bottom:1px solid #000;min-height:9mm;padding-top:1mm}
.office{font-size:8.5pt;color:#333}
table{border-collapse:collapse;width:100%;margin:1mm 0 3mm;table-layout:fixed}
caption{text-align:left;font-weight:bold;padding:1mm 0}
th,td{border:1px solid #000;padding:1mm;vertical-align:middle}
thead th{font-size:7pt;font-weight:normal;text-align:center;line-height:1.15;overflow-wrap:anywhere;hyphens:auto}
th.num,td.num{width:11mm;text-align:center}
th.text{width:auto;text-align:left}
th.opt,td.box{width:13.5mm;text-align:center}
.box span{display:inline-block;width:5mm;height:5mm;border:1.4px solid #000}
tr{break-inside:avoid;page-break-inside:avoid}
section.block{break-before:page;page-break-before:always}
section.first{break-before:auto;page-break-before:auto}
.grid td.write{height:8mm}
.grid td.item{font-size:7pt;vertical-align:top;text-align:left;height:10mm}
.grid th.dim{text-align:left;width:34mm;font-weight:bold}
.small{font-size:8.5pt}
footer{margin-top:6mm;font-size:8pt;color:#333}
@media screen{body{border:1px solid #ccc;margin:8mm auto}}
"""


def _reverse_mark(reverse: bool) -> str:
    return f' <span class="rev">{REVERSE_SYMBOL}</span>' if reverse else ""


def paper_form_html(instrument: Instrument | None = None, lang: str = "en", *, min_group_size: int = 5) -> str:
    """A print-ready, self-contained HTML questionnaire in ``lang`` ("en" or "fr"), every string escaped."""
    check_lang(lang)
    base = instrument or load_instrument()
    inst = base.localized(lang)
    meta = instrument_metadata(base)
    key = "respondent_instructions" if lang == "en" else f"respondent_instructions_{lang}"
    instructions = " ".join(str(meta.get(key) or "").split())
    labels = inst.scale["label"].tolist()
    values = [int(v) for v in inst.scale["value"]]
    reverse = dict(zip(inst.items["item_id"], inst.items["reverse"]))
    parts: list[str] = []
    add = parts.append

    add(f"<h1>{escape(inst.title)}</h1>")
    if instructions:
        add(f"<p>{escape(instructions)}</p>")
    add(f'<p class="note"><strong>{escape(t("confidentiality", lang, min_group_size=min_group_size))}</strong></p>')
    add(f"<p>{escape(t('paper_how', lang))} {escape(t('paper_reverse_symbol_note', lang, symbol=REVERSE_SYMBOL))}</p>")
    add('<div class="fields">'
        f'<div class="field">{escape(t("unit_question", lang))}:<br><span class="small">{escape(t("unit_hint", lang))}</span></div>'
        f'<div class="field">{escape(t("role_question", lang))}:</div>'
        f'<div class="field">{escape(t("paper_date", lang))}:</div>'
        f'<div class="field office">{escape(t("paper_office_use", lang))}:</div>'
        "</div>")

    head = (f'<thead><tr><th class="num" scope="col">{escape(t("paper_item", lang))}</th>'
            f'<th class="text" scope="col">{escape(t("paper_statement", lang))}</th>'
            + "".join(f'<th class="opt" scope="col">{v}<br>{escape(label)}</th>' for v, label in zip(values, labels))
            + "</tr></thead>")
    for b_index, block in enumerate(inst.block_ids):
        add(f'<section class="block{" first" if b_index == 0 else ""}">')
        add(f"<h2>{escape(inst.label(block))}</h2>")
        for dim in inst.dimensions_of(block):
            rows = []
            for item in inst.items_of(dim):
                boxes = "".join(
                    f'<td class="box"><span role="img" aria-label="{escape(f"{item}: {v} – {label}")}"></span></td>'
                    for v, label in zip(values, labels)
                )
                rows.append(f'<tr><th class="num" scope="row">{escape(item)}{_reverse_mark(reverse[item])}</th>'
                            f"<td>{escape(inst.text(item))}</td>{boxes}</tr>")
            add(f"<table><caption>{escape(inst.label(dim))}</caption>{head}<tbody>{''.join(rows)}</tbody></table>")
        add("</section>")

    add(scoring_grid_html(base, lang))
    licence = str(meta.get("licence") or "")
    add(f"<footer>{escape(t('paper_footer', lang, title=inst.title, version=inst.version, licence=licence))}</footer>")

    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(inst.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def scoring_grid_html(instrument: Instrument | None = None, lang: str = "en") -> str:
    """The respondent-side scoring grid (one row per dimension), as an HTML section; every string escaped.

    Used by the paper form and, as a print-only worksheet, by the self-assessment page of the book.
    """
    check_lang(lang)
    inst = (instrument or load_instrument()).localized(lang)
    reverse = dict(zip(inst.items["item_id"], inst.items["reverse"]))
    parts: list[str] = []
    add = parts.append
    add('<section class="block">')
    add(f"<h2>{escape(t('grid_heading', lang))}</h2>")
    add(f"<p>{escape(t('grid_intro', lang, symbol=REVERSE_SYMBOL))}</p>")
    add(f'<p class="small">{escape(t("grid_example", lang, symbol=REVERSE_SYMBOL))}</p>')
    width = max(len(inst.items_of(d)) for d in inst.dimension_ids)
    grid_head = (f'<thead><tr><th class="dim" scope="col">{escape(t("grid_dimension", lang))}</th>'
                 f'<th scope="col" colspan="{width}">{escape(t("grid_answers", lang, symbol=REVERSE_SYMBOL))}</th>'
                 f'<th scope="col">{escape(t("grid_sum", lang))}</th><th scope="col">{escape(t("grid_n", lang))}</th>'
                 f'<th scope="col">{escape(t("grid_mean", lang))}</th><th scope="col">{escape(t("grid_score", lang))}</th>'
                 "</tr></thead>")
    grid_rows = []
    for dim in inst.dimension_ids:
        items = inst.items_of(dim)
        cells = "".join(f'<td class="item">{escape(i)}{REVERSE_SYMBOL if reverse[i] else ""}</td>' for i in items)
        cells += "<td></td>" * (width - len(items))
        grid_rows.append(f'<tr><th class="dim" scope="row">{escape(inst.label(dim))}</th>{cells}'
                         f'<td class="write"></td><td class="num">≥ {inst.min_answered(dim)}</td>'
                         '<td class="write"></td><td class="write"></td></tr>')
    add(f'<table class="grid">{grid_head}<tbody>{"".join(grid_rows)}</tbody></table>')
    add(f"<p><strong>{escape(t('diagnostic', lang))}</strong></p>")
    add("</section>")
    return "\n".join(parts)


def write_paper_form(path: str | Path, instrument: Instrument | None = None, lang: str = "en", *,
                     min_group_size: int = 5) -> Path:
    """Write :func:`paper_form_html` to ``path`` (UTF-8) and return the path."""
    return atomic_write_text(path, paper_form_html(instrument, lang, min_group_size=min_group_size))


def template_frame(instrument: Instrument | None = None) -> pd.DataFrame:
    """An empty data-entry table: respondent_id, unit, role, wave, then one column per item id."""
    instrument = instrument or load_instrument()
    return pd.DataFrame(columns=TEMPLATE_COLUMNS + instrument.item_ids)


def write_template(path: str | Path, instrument: Instrument | None = None, lang: str = "en", *, rows: int = 500) -> Path:
    """Write the data-entry template as ``.csv`` (header only) or ``.xlsx``.

    The Excel version accepts only whole numbers from the scale's minimum to maximum in the item columns
    (data validation on ``rows`` rows), freezes the header and adds a second sheet listing every item.
    """
    check_lang(lang)
    path = Path(path)
    instrument = instrument or load_instrument()
    frame = template_frame(instrument)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return atomic_write_text(path, csv_text([list(frame.columns)]))
    if suffix != ".xlsx":
        raise ValueError(f"{path}: the template must be a .csv or .xlsx file.")
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    inst = instrument.localized(lang)
    lo, hi = instrument.scale_min, instrument.scale_max
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    for c, header in enumerate(frame.columns, start=1):
        text_cell(sheet, 1, c, header)
    sheet.freeze_panes = "B2"
    first = len(TEMPLATE_COLUMNS) + 1
    last = first + len(instrument.item_ids) - 1
    area = f"{get_column_letter(first)}2:{get_column_letter(last)}{rows + 1}"
    message = {"en": f"Type a whole number from {lo} to {hi}, or leave the cell empty.",
               "fr": f"Saisissez un nombre entier de {lo} à {hi}, ou laissez la case vide."}[lang]
    check = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi), allow_blank=True,
                           showErrorMessage=True, errorTitle=f"{lo}–{hi}", error=message,
                           showInputMessage=True, prompt=message)
    check.add(area)
    sheet.add_data_validation(check)
    items = book.create_sheet("items")
    lines = [["item_id", "dimension", "reverse", "text"]] + [
        [row.item_id, inst.label(row.dimension), "yes" if row.reverse else "no", row.text]
        for row in inst.items.itertuples(index=False)]
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            text_cell(items, r, c, value)
    return atomic_save(path, book.save)
