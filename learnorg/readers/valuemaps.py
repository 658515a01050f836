"""Value maps: what the answer codes of a survey platform stand for on the instrument's scale.

Some exports hold codes instead of numbers or labels: LimeSurvey's answer codes (``AO01`` … ``AO07``), the
choice names that the KoboToolbox Formbuilder invents (``strongly_disag`` …) in "XML values" exports. A value
map says what each code means, in one of two ways:

* a small table with the columns ``code,value`` (CSV or .xlsx): ``AO01,1`` … ``AO07,7``;
* the form itself (an XLSForm, ``--form form.xlsx``): the choice list of the item questions, each choice's
  value found from its label (a scale label in any language of the instrument) or, failing that, from a
  name that is a number on the scale.
"""

from __future__ import annotations

from pathlib import Path

from learnorg.answers import normalize_text, scale_labels, strip_spaces
from learnorg.instrument import Instrument
from learnorg.readers.columns import read_table
from learnorg.readers.problems import Collector, SurveyInputError


def read_value_map(source, instrument: Instrument, collector: Collector) -> dict[str, int]:
    """A ``code,value`` table (a file, or a dict) as code -> value, every value checked against the scale."""
    lo, hi = instrument.scale_min, instrument.scale_max
    if isinstance(source, dict):
        file, pairs = "value map", [(None, str(k), str(v)) for k, v in source.items()]
    else:
        file = str(source)
        try:
            rows = read_table(source, file)
        except SurveyInputError as err:
            for p in err.problems:
                collector.add(p.row, p.column, p.message, file=p.file)
            return {}
        header = [normalize_text(h) for h in rows[0]] if rows else []
        if "code" not in header or "value" not in header:
            collector.add(1, None, f"expected the header 'code,value', got {','.join(rows[0] if rows else [])!r}.",
                          file=file)
            return {}
        c, v = header.index("code"), header.index("value")
        pairs = [(i + 1, (r + ["", ""])[c], (r + ["", ""])[v]) for i, r in enumerate(rows) if i > 0]
    out: dict[str, int] = {}
    first: dict[str, int | None] = {}
    for row, code, value in pairs:
        code, value = strip_spaces(code), strip_spaces(value)
        if not code and not value:
            continue
        if not code:
            collector.add(row, "code", "expected an answer code, found an empty cell.", file=file)
            continue
        if not (value.lstrip("+-").isdigit() and lo <= int(value) <= hi):
            collector.add(row, "value", f"expected a whole number from {lo} to {hi} for code {code!r}, got {value!r}.",
                          file=file)
            continue
        key = normalize_text(code)
        if key in first:
            where = f" (row {first[key]})" if first[key] else ""
            collector.add(row, "code", f"code {code!r} is listed twice{where}.", file=file)
            continue
        first[key] = row
        out[code] = int(value)
    if not out and not collector.total:
        collector.add(None, None, "the value map lists no codes; expected rows such as 'AO01,1'.", file=file)
    return out


def _label_columns(header: list[str]) -> list[int]:
    return [i for i, h in enumerate(header) if h == "label" or h.startswith("label::") or h.startswith("label_")]


def read_form_choices(path, instrument: Instrument, collector: Collector) -> dict[str, int]:
    """Code -> value from an XLSForm: the choices of the lists used by the instrument's item questions.

    Each choice's value is the scale value whose label (any language) equals one of the choice's labels,
    else its name if that is a whole number on the scale. A choice that is neither is a problem that names
    the choice, so the user can give a ``code,value`` table instead.
    """
    import openpyxl

    file = str(path)
    path = Path(path)
    if not path.is_file():
        collector.add(None, None, "file not found; expected the XLSForm (.xlsx) the survey was collected with.",
                      file=file)
        return {}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several unrelated types for broken files
        collector.add(None, None, f"cannot be opened as an XLSForm .xlsx workbook ({type(err).__name__}).", file=file)
        return {}
    try:
        sheets = {name.strip().lower(): book[name] for name in book.sheetnames}
        if "survey" not in sheets or "choices" not in sheets:
            collector.add(None, None, "expected an XLSForm with 'survey' and 'choices' sheets; found "
                                      f"{', '.join(repr(n) for n in book.sheetnames)}.", file=file)
            return {}
        survey = [[("" if v is None else str(v)).strip() for v in r] for r in sheets["survey"].iter_rows(values_only=True)]
        choices = [[("" if v is None else str(v)).strip() for v in r] for r in sheets["choices"].iter_rows(values_only=True)]
    finally:
        book.close()
    s_head = [h.lower() for h in survey[0]] if survey else []
    c_head = [h.lower() for h in choices[0]] if choices else []
    if "type" not in s_head or "name" not in s_head or "list_name" not in c_head or "name" not in c_head:
        collector.add(1, None, "expected the columns type,name in the survey sheet and list_name,name,label in the "
                               "choices sheet.", file=file)
        return {}
    t_col, n_col = s_head.index("type"), s_head.index("name")
    items = {i.casefold() for i in instrument.item_ids}
    lists = set()
    for row in survey[1:]:
        row = row + [""] * len(s_head)
        kind, name = row[t_col].split(), row[n_col]
        if len(kind) >= 2 and kind[0] in ("select_one", "select1") and name.casefold() in items:
            lists.add(kind[1])
    if not lists:
        collector.add(None, None, "no question of the survey sheet is named after an item of the instrument "
                                  f"(such as {instrument.item_ids[0]}) with a select_one type; is this the form of "
                                  "this survey?", file=file)
        return {}
    labels = scale_labels(instrument)
    lo, hi = instrument.scale_min, instrument.scale_max
    l_col, name_col = c_head.index("list_name"), c_head.index("name")
    label_cols = _label_columns(c_head)
    out: dict[str, int] = {}
    for number, row in enumerate(choices[1:], start=2):
        row = row + [""] * len(c_head)
        if row[l_col] not in lists or not row[name_col]:
            continue
        name = row[name_col]
        texts = [row[i] for i in label_cols if row[i]]
        values = {labels[normalize_text(t)] for t in texts if normalize_text(t) in labels}
        if len(values) == 1:
            value = values.pop()
        elif not values and name.lstrip("+-").isdigit() and lo <= int(name) <= hi:
            value = int(name)
        else:
            why = ("its labels match different scale values" if values
                   else "neither its label nor its name is a value of the scale")
            collector.add(number, "name", f"cannot tell which scale value choice {name!r} "
                                          f"({', '.join(repr(t) for t in texts) or 'no label'}) of list {row[l_col]!r} "
                                          f"stands for: {why}; give a value map (--value-map, columns code,value) "
                                          "instead.", file=file)
            continue
        if name in out and out[name] != value:
            collector.add(number, "name", f"choice {name!r} means {out[name]} in one list and {value} in another.",
                          file=file)
            continue
        out[name] = value
        for text in texts:
            out.setdefault(text, value)
    return out
