"""Safe outputs (learnorg.outputs): all files or none, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from learnorg.outputs import (OutputSet, atomic_write_text, neutralize, round_half_up, text_cell, write_scores_csv)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("cell,expected", [
    ("=SUM(A1:A3)", "'=SUM(A1:A3)"), ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(1)", "'@SUM(1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-5", "-5"), ("+4.5", "+4.5"), ("-1e3", "-1e3"), ("Unit A", "Unit A"), ("", ""), ("a=b", "a=b"),
])
def test_neutralize(cell, expected):
    assert neutralize(cell) == expected


def test_scores_csv_quotes_neutralizes_and_reads_back():
    text_columns = {"respondent_id": np.array(["r1", "=2+3", "r3"], dtype=object),
                    "unit": np.array(['North, "upper"', "line\nbreak", "-7"], dtype=object)}
    scores = pd.DataFrame({"d1": [12.5, np.nan, 100.0], "b1": [46.87499999999999, 0.0, 66.66666666666667]})
    out = io.StringIO()
    assert write_scores_csv(out, text_columns, scores) == 1
    back = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    assert list(back["respondent_id"]) == ["r1", "'=2+3", "r3"]
    assert list(back["unit"]) == ['North, "upper"', "line\nbreak", "-7"]
    assert list(back["d1"]) == ["12.50", "", "100.00"] and list(back["b1"]) == ["46.88", "0.00", "66.67"]


@pytest.mark.parametrize("value,expected", [(46.875, 46.88), (46.87499999999999, 46.88), (12.345, 12.35),
                                            (8.333333333, 8.33), (0.0, 0.0), (99.995, 100.0)])
def test_round_half_up(value, expected):
    assert round_half_up(value) == pytest.approx(expected)


def test_output_set_renames_all_or_nothing(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with OutputSet() as outputs:
            outputs.write_text(a, "new a")
            raise RuntimeError("the second file failed")
    assert a.read_text(encoding="utf-8") == "old a" and not b.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left behind
    with OutputSet() as outputs:
        outputs.write_text(a, "new a")
        outputs.write_text(b, "new b")
        assert a.read_text(encoding="utf-8") == "old a"  # nothing replaced before the end
    assert a.read_text(encoding="utf-8") == "new a" and b.read_text(encoding="utf-8") == "new b"
    assert atomic_write_text(tmp_path / "c.txt", "c").read_text(encoding="utf-8") == "c"


def test_excel_text_cells_never_become_formulas(tmp_path):
    book = openpyxl.Workbook()
    text_cell(book.active, 1, 1, "=1+1")
    text_cell(book.active, 1, 2, 7)
    book.save(tmp_path / "x.xlsx")
    cell, number = openpyxl.load_workbook(tmp_path / "x.xlsx").active["A1"], openpyxl.load_workbook(tmp_path / "x.xlsx").active["B1"]
    assert cell.value == "=1+1" and cell.data_type == "s" and number.value == 7


def test_xlsform_labels_are_written_as_plain_text(tmp_path):
    from learnorg.xlsform import write_xlsform

    units = tmp_path / "units.csv"
    units.write_text('name,label\nnord,"=HYPERLINK(""http://x"",""click"")"\nsud,District Sud\n', encoding="utf-8")
    path = write_xlsform(tmp_path / "form.xlsx", unit_choices=units)
    choices = openpyxl.load_workbook(path)["choices"]
    cells = [c for row in choices.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for sheet in openpyxl.load_workbook(path) for row in sheet.iter_rows() for c in row)


def test_the_data_entry_template_writes_instrument_texts_as_text(tmp_path):
    import shutil

    from learnorg.instrument import load_instrument
    from learnorg.paper import write_template

    folder = tmp_path / "instr"
    shutil.copytree(FIXTURES / "tiny_instrument", folder)
    items = folder / "items.csv"
    items.write_text(items.read_text(encoding="utf-8").replace("First statement about the team.", "=cmd|'/C calc'!A0"),
                     encoding="utf-8")
    path = write_template(tmp_path / "entry.xlsx", load_instrument(folder))
    sheet = openpyxl.load_workbook(path)["items"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=cmd|'/C calc'!A0")
    assert cell.data_type == "s"
    csv_path = write_template(tmp_path / "entry.csv", load_instrument(folder))
    assert csv_path.read_text(encoding="utf-8").startswith("respondent_id,unit,role,wave,A1")


def test_the_self_assessment_csv_neutralizes_its_respondent_id(instrument):
    from learnorg.self_assessment import answers_csv

    text = answers_csv({"SP1": 5}, instrument, respondent_id="=1+1")
    assert text.splitlines()[1].startswith("'=1+1,5,")
    assert answers_csv({"SP1": 5}, instrument).splitlines()[1].startswith("me,5,")
