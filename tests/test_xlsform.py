"""The XLSForm export: structure, languages, unit choices, and conversion by pyxform + ODK Validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import need_java
from learnorg.xlsform import XLSFormError, build_xlsform, convert_xlsform, read_unit_choices, write_xlsform

UNITS = Path(__file__).parent / "fixtures" / "kobo" / "units.csv"
EN, FR = "label::English (en)", "label::Français (fr)"



@pytest.fixture(scope="module")
def bilingual(instrument):
    return build_xlsform(instrument, ["en", "fr"], read_unit_choices(UNITS, ["en", "fr"]))


def test_one_group_per_dimension_with_its_items_in_order(bilingual, instrument):
    survey = bilingual["survey"]
    groups = survey.loc[survey["type"] == "begin_group", "name"].tolist()
    assert groups == [f"grp_{d}" for d in instrument.dimension_ids]
    assert (survey["type"] == "end_group").sum() == len(groups)
    items = survey.loc[survey["type"] == "select_one agree", "name"].tolist()
    assert items == instrument.item_ids
    # each item sits inside the group of its own dimension
    current = None
    for row in survey.itertuples(index=False):
        if row.type == "begin_group":
            current = row.name[len("grp_"):]
        elif row.type == "end_group":
            current = None
        elif row.type == "select_one agree":
            assert instrument.items.set_index("item_id").loc[row.name, "dimension"] == current
    assert set(survey.loc[survey["type"] == "begin_group", "appearance"]) == {"field-list"}


def test_labels_in_both_languages(bilingual, instrument):
    survey = bilingual["survey"].set_index("name")
    assert survey.loc["SP1", EN] == instrument.text("SP1")
    assert survey.loc["SP1", FR] == instrument.text("SP1", "fr")
    assert survey.loc["grp_past_experience", FR] == "Apprentissage à partir de l'expérience"
    assert "confidenti" in survey.loc["intro", EN] and "confidenti" in survey.loc["intro", FR]
    assert "5" in survey.loc["intro", EN]  # the minimum group size is promised
    shown = ~bilingual["survey"]["type"].isin(["start", "end", "end_group"])
    assert (bilingual["survey"].loc[shown, [EN, FR]] != "").all().all()


def test_seven_point_scale_choices(bilingual):
    choices = bilingual["choices"]
    agree = choices[choices["list_name"] == "agree"]
    assert list(agree["name"]) == ["1", "2", "3", "4", "5", "6", "7"]
    assert agree[EN].iloc[0] == "Strongly disagree" and agree[EN].iloc[-1] == "Strongly agree"
    assert agree[FR].iloc[0] == "Pas du tout d'accord" and agree[FR].iloc[-1] == "Tout à fait d'accord"


def test_settings_come_from_the_instrument(bilingual, instrument):
    settings = bilingual["settings"].iloc[0]
    assert settings["form_id"] == instrument.id == "learning-ministries-self-assessment"
    assert settings["version"] == instrument.version == "1.0"
    assert settings["default_language"] == "English (en)"
    assert settings["form_title"] == instrument.title


def test_french_first_makes_french_the_default(instrument):
    sheets = build_xlsform(instrument, ["fr", "en"])
    assert sheets["settings"].iloc[0]["default_language"] == "Français (fr)"
    assert list(sheets["survey"].columns[2:4]) == [FR, EN]


def test_unit_is_a_list_with_choices_else_free_text(bilingual, instrument):
    survey = bilingual["survey"].set_index("name")
    assert survey.loc["unit", "type"] == "select_one units" and survey.loc["unit", "required"] == "yes"
    units = bilingual["choices"][bilingual["choices"]["list_name"] == "units"]
    assert list(units["name"]) == ["dps", "ecd_nord", "ecd_sud"]
    assert units[FR].iloc[1] == "Équipe cadre du district sanitaire Nord"
    plain = build_xlsform(instrument)["survey"].set_index("name")
    assert plain.loc["unit", "type"] == "text"
    without = build_xlsform(instrument, ask_unit_role=False)["survey"]
    assert "unit" not in set(without["name"]) and "role" not in set(without["name"])


def test_unit_choices_without_french_fall_back_to_the_label(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("name,label\nd1,District One\n", encoding="utf-8")
    assert read_unit_choices(path, ["en", "fr"])["fr"].tolist() == ["District One"]


@pytest.mark.parametrize("content, expected", [
    ("name,label\nDistrict One,District One\n", "row 2, column 'name'"),
    ("name,label\nd1,District One\nd1,Other\n", "already used in row 2"),
    ("name,label\nd1,\n", "row 2, column 'label'"),
    ("code,label\nd1,District\n", "missing column(s) name"),
    ("name,label\n", "no units listed"),
])
def test_bad_unit_choices_are_named(tmp_path, content, expected):
    path = tmp_path / "units.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(XLSFormError) as err:
        read_unit_choices(path)
    assert expected in str(err.value) and "units.csv" in str(err.value)


def test_workbook_has_the_three_standard_sheets(tmp_path, instrument):
    path = write_xlsform(tmp_path / "form.xlsx", instrument, ["en", "fr"], UNITS)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in book["survey"][1]]
    assert header[:4] == ["type", "name", EN, FR]


def test_pyxform_converts_and_odk_validate_accepts_the_form(tmp_path, instrument):
    need_java()
    for langs, units in ((["en", "fr"], UNITS), (["en"], None), (["fr"], None)):
        path = write_xlsform(tmp_path / f"form_{'_'.join(langs)}.xlsx", instrument, langs, units)
        xml, warnings = convert_xlsform(path, validate=True)
        assert warnings == []
        assert 'id="learning-ministries-self-assessment"' in xml and 'version="1.0"' in xml
        assert xml.count("<select1 ") == len(instrument.item_ids) + (2 if units is not None else 1)
        if "fr" in langs:
            assert 'lang="Français (fr)"' in xml


def test_odk_validate_really_runs(tmp_path, instrument):
    """A form pyxform accepts but ODK Validate rejects (an unknown XPath function) must fail."""
    need_java()
    sheets = build_xlsform(instrument)
    bad = pd.DataFrame([{"type": "calculate", "name": "broken", "calculation": "no_such_function(1)"}])
    sheets["survey"] = pd.concat([sheets["survey"], bad], ignore_index=True).fillna("")
    path = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    convert_xlsform(path, validate=False)  # pyxform alone does not notice
    with pytest.raises(Exception, match="(?i)no_such_function|unknown function|validat"):
        convert_xlsform(path, validate=True)


def test_cli_xlsform(tmp_path):
    need_java()
    out = tmp_path / "form.xlsx"
    result = subprocess.run([sys.executable, "-m", "learnorg", "xlsform", "--out", str(out), "--lang", "en,fr",
                             "--unit-choices", str(UNITS), "--validate"],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "ODK Validate: OK" in result.stdout and out.is_file()


@pytest.mark.parametrize("args, expected", [
    (["--lang", "en,de"], "--lang 'en,de'"),
    (["--lang", "en,en"], "distinct languages"),
    (["--unit-choices", "missing.csv"], "file not found"),
])
def test_cli_xlsform_bad_options(tmp_path, args, expected):
    result = subprocess.run([sys.executable, "-m", "learnorg", "xlsform", "--out", str(tmp_path / "f.xlsx"), *args],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr
