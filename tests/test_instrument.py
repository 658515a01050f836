"""The instrument definition: the shipped item bank and loading (or rejecting) other definitions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from learnorg import data_path
from learnorg.instrument import InstrumentError, codebook, instrument_metadata, load_instrument

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent

DIMENSIONS = {
    "processes": ["problem_solving", "experimentation", "past_experience", "learning_from_others", "knowledge_transfer"],
    "environment": ["psychological_safety", "appreciation_of_differences", "openness_to_new_ideas", "time_for_reflection"],
    "leadership_block": ["leadership"],
    "incentives_block": ["incentives"],
}



def test_blocks_and_dimensions_are_the_documented_ones(instrument):
    assert instrument.block_ids == list(DIMENSIONS)
    assert instrument.dimension_ids == [d for dims in DIMENSIONS.values() for d in dims]
    for block, dims in DIMENSIONS.items():
        assert instrument.dimensions_of(block) == dims
    assert instrument.label("psychological_safety") == "Psychological safety"
    assert instrument.label("leadership_block") == "Leadership that reinforces learning"
    with pytest.raises(KeyError):
        instrument.label("no_such_measure")


def test_three_to_five_items_per_dimension_with_stable_ids(instrument):
    for dim in instrument.dimension_ids:
        items = instrument.items_of(dim)
        assert 3 <= len(items) <= 5, dim
        prefix = items[0][:2]
        assert items == [f"{prefix}{i}" for i in range(1, len(items) + 1)], dim
    assert all(re.fullmatch(r"[A-Z]{2}\d", i) for i in instrument.item_ids)
    assert len(instrument.item_ids) == 46
    assert instrument.item_ids[:5] == ["SP1", "SP2", "SP3", "SP4", "SP5"]
    assert instrument.items_of("psychological_safety") == ["PS1", "PS2", "PS3", "PS4", "PS5"]


def test_about_a_third_reverse_worded_and_every_block_has_some(instrument):
    share = instrument.items["reverse"].mean()
    assert 0.25 <= share <= 0.4
    assert instrument.items["reverse"].dtype == bool
    for block in instrument.block_ids:
        assert instrument.items.loc[instrument.items["block"] == block, "reverse"].any(), block
    # reverse-worded items say so in their construct note
    reverse_notes = instrument.items.loc[instrument.items["reverse"], "construct"]
    assert reverse_notes.str.contains("reverse-worded").all()


def test_every_item_has_text_construct_and_a_cited_source(instrument):
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    for row in instrument.items.itertuples():
        assert len(row.text) > 30 and row.construct, row.item_id
        cited = [k.strip() for k in row.inspired_by.split(";")]
        assert cited and all(k in keys for k in cited), row.item_id
    assert instrument.items["text"].is_unique


def test_items_do_not_reuse_known_survey_wording(instrument):
    # Phrases from the copyrighted LOS and Edmondson's team scale must not appear (our items are original).
    banned = ["held against you", "cards close to your vest", "speak up about what is on your mind",
              "eager to share information about what does and doesn't work"]
    text = " ".join(instrument.items["text"]).casefold()
    for phrase in banned:
        assert phrase not in text


def test_scale_has_seven_labelled_points(instrument):
    assert list(instrument.scale["value"]) == [1, 2, 3, 4, 5, 6, 7]
    assert instrument.scale["label"].iloc[0] == "Strongly disagree"
    assert instrument.scale["label"].iloc[-1] == "Strongly agree"
    assert instrument.scale_min == 1 and instrument.scale_max == 7


def test_metadata_states_licence_and_originality(instrument):
    meta = instrument_metadata(instrument)
    assert meta["licence"] == "CC BY 4.0"
    assert "inspired by, not copied from" in " ".join(meta["statement"].split())
    assert instrument.id == meta["id"] and instrument.version == "1.0"


def test_min_answered_is_two_thirds_rounded_up(instrument):
    # 3 items -> 2, 4 items -> 3, 5 items -> 4 (hand computed: ceil(2k/3))
    assert instrument.min_answered("appreciation_of_differences") == 2
    assert instrument.min_answered("experimentation") == 3
    assert instrument.min_answered("psychological_safety") == 4


def test_dimension_table_has_text_for_reports(instrument):
    for column in ["dimension_id", "block_id", "label", "description", "next_step"]:
        assert column in instrument.dimensions.columns
    assert (instrument.dimensions["next_step"].str.len() > 20).all()
    assert list(instrument.blocks.columns[:2]) == ["block_id", "label"]


def test_references_file_points_at_real_measures(instrument):
    refs = pd.read_csv(data_path("instrument", "references.csv"))
    assert list(refs.columns) == ["measure", "scale", "value", "label", "source_key", "note", "label_fr"]
    assert set(refs["measure"]) <= set(instrument.dimension_ids) | set(instrument.block_ids)
    assert set(refs["scale"]) == {"0-100", "1-7"}
    # The instrument loads them, French labels included, as written.
    assert instrument.references["label"].tolist() == refs["label"].tolist()
    assert instrument.references["label_fr"].tolist() == refs["label_fr"].tolist()
    assert instrument.localized("fr").references["label"].tolist() == refs["label_fr"].tolist()


def test_every_reference_label_has_its_french(instrument):
    refs = instrument.references
    assert (refs["label_fr"].str.strip() != "").all()
    assert not (refs["label_fr"] == refs["label"]).any()
    # The short source name the charts show (up to the first ':' or ',') reads the same way in both languages.
    assert {label.split(":")[0].split(",")[0].strip() for label in refs["label_fr"]} == {
        "Médiane de référence du LOS", "Akhnif et al. 2018"}


def test_a_missing_french_reference_label_is_named(tmp_path, instrument):
    folder = tmp_path / "partial"
    shutil.copytree(instrument.source, folder)
    refs = pd.read_csv(folder / "references.csv", dtype=str, keep_default_na=False)
    refs.loc[2, "label_fr"] = ""
    refs.to_csv(folder / "references.csv", index=False)
    partial = load_instrument(folder)  # English still works ...
    assert partial.label("leadership_block") == "Leadership that reinforces learning"
    with pytest.raises(InstrumentError, match=r"references.csv, row 4 \(leadership_block\), column 'label_fr'"):
        partial.localized("fr")  # ... French is refused, naming file, row and column
    refs = refs.drop(columns="label_fr")
    refs.to_csv(folder / "references.csv", index=False)
    with pytest.raises(InstrumentError, match=r"references.csv, row 2 \(environment\), column 'label_fr'"):
        load_instrument(folder).localized("fr")


def test_codebook_table(instrument):
    table = codebook(instrument)
    assert len(table) == 46
    assert table.loc[0, "Item"] == "SP1" and table.loc[0, "Dimension"] == "Systematic problem-solving"
    assert set(table["Reverse-worded"]) == {"yes", "no"}


def test_another_instrument_loads_without_code_changes():
    tiny = load_instrument(FIXTURES / "tiny_instrument")
    assert tiny.id == "tiny-test-instrument"
    assert tiny.item_ids == ["A1", "A2", "A3", "B1", "B2", "B3", "B4", "C1", "C2"]
    assert tiny.reverse_items == ["A3", "B4"]  # 'true' and 'yes' both mean reverse-worded
    assert tiny.block_ids == ["b1", "b2"]
    assert tiny.source == FIXTURES / "tiny_instrument"


def test_instrument_yaml_path_is_accepted():
    assert load_instrument(FIXTURES / "tiny_instrument" / "instrument.yaml").id == "tiny-test-instrument"


# --- Broken definitions: each message names the file, row and column -------------------------------


@pytest.fixture()
def broken(tmp_path) -> Path:
    folder = tmp_path / "instr"
    shutil.copytree(FIXTURES / "tiny_instrument", folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _message(folder: Path) -> str:
    with pytest.raises(InstrumentError) as err:
        load_instrument(folder)
    return str(err.value)


def test_bad_reverse_flag(broken):
    _edit(broken / "items.csv", "A3,b1,d1,true", "A3,b1,d1,maybe")
    assert "items.csv, row 4, column 'reverse': expected true or false, got 'maybe'" in _message(broken)


def test_unknown_dimension(broken):
    _edit(broken / "items.csv", "B2,b1,d2", "B2,b1,d9")
    msg = _message(broken)
    assert "items.csv, row 6, column 'dimension'" in msg and "'d9'" in msg and "d1, d2, d3" in msg


def test_item_block_disagrees_with_dimension(broken):
    _edit(broken / "items.csv", "C1,b2,d3", "C1,b1,d3")
    assert "items.csv, row 9, column 'block'" in _message(broken)


def test_duplicate_item_id(broken):
    _edit(broken / "items.csv", "A2,b1", "A1,b1")
    assert "items.csv, row 3, column 'item_id': id 'A1' already used in row 2" in _message(broken)


def test_missing_column(broken):
    _edit(broken / "items.csv", "item_id,block,dimension,reverse,text", "item_id,block,dimension,reversed,text")
    msg = _message(broken)
    assert "items.csv, row 1: missing column(s) 'reverse'" in msg


def test_missing_file(broken):
    (broken / "scale.csv").unlink()
    assert "scale.csv: file not found" in _message(broken)


def test_empty_items_file(broken):
    (broken / "items.csv").write_text("", encoding="utf-8")
    assert "items.csv: the file is empty" in _message(broken)


def test_scale_with_gap(broken):
    _edit(broken / "scale.csv", "4,Neither", "9,Neither")
    assert "scale.csv, column 'value': expected consecutive whole numbers" in _message(broken)


def test_scale_non_number(broken):
    _edit(broken / "scale.csv", "4,Neither", "four,Neither")
    assert "scale.csv, row 5, column 'value': expected a whole number, got 'four'" in _message(broken)


def test_dimension_without_items(broken):
    _edit(broken / "dimensions.csv", "d3,b2", "d3,b2")
    with open(broken / "dimensions.csv", "a", encoding="utf-8") as f:
        f.write("d4,b2,Dimension four,No items,Nothing\n")
    assert "dimension 'd4' has no items" in _message(broken)


def test_broken_yaml(broken):
    (broken / "instrument.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert "instrument.yaml: not valid YAML" in _message(broken)


def test_yaml_without_title(broken):
    (broken / "instrument.yaml").write_text("id: x\nversion: '1'\n", encoding="utf-8")
    assert "instrument.yaml: missing 'title'" in _message(broken)


def test_not_utf8(broken):
    (broken / "blocks.csv").write_bytes("block_id,label\nb1,Bloc \xe9t\xe9\nb2,x\n".encode("cp1252"))
    assert "blocks.csv: not valid UTF-8" in _message(broken)


def test_bad_reference_values(broken):
    _edit(broken / "references.csv", "b1,0-100,60,", "b1,0-100,sixty,")
    _edit(broken / "references.csv", "d3,1-7,4,", "d3,1to7,4,")
    msg = _message(broken)
    assert "references.csv, row 2, column 'value': expected a number, got 'sixty'" in msg
    assert "references.csv, row 3, column 'scale': expected the scale of the value as lowest-highest" in msg


def test_reference_value_outside_its_scale(broken):
    _edit(broken / "references.csv", "d3,1-7,4,", "d3,1-7,40,")
    assert "references.csv, row 3, column 'value': 40 is outside the scale 1-7" in _message(broken)


def test_reference_without_label(broken):
    _edit(broken / "references.csv", "Made-up reference on the 1-7 scale", "")
    assert "references.csv, row 3, column 'label': expected a short description" in _message(broken)


def test_references_are_optional(broken):
    (broken / "references.csv").unlink()
    assert load_instrument(broken).references.empty


def test_missing_folder(tmp_path):
    with pytest.raises(InstrumentError, match="instrument folder not found"):
        load_instrument(tmp_path / "nowhere")


def test_blank_lines_keep_file_row_numbers(broken):
    text = (broken / "items.csv").read_text(encoding="utf-8").replace("\nA2,", "\n\nA2,")
    text = text.replace("A3,b1,d1,true", "A3,b1,d1,perhaps")
    (broken / "items.csv").write_text(text, encoding="utf-8")
    assert "items.csv, row 5, column 'reverse'" in _message(broken)


def test_codebook_readme_matches_the_data(instrument):
    readme = (ROOT / "data" / "instrument" / "README.md").read_text(encoding="utf-8")
    for row in instrument.items.itertuples():
        assert f"| {row.item_id} | {'yes' if row.reverse else 'no'} | {row.text} |" in readme, row.item_id
