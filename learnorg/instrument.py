"""The survey instrument as data: items, dimensions, blocks and the answer scale.

The shipped definition lives in ``data/instrument/``. Any folder with the same files
(``instrument.yaml``, ``items.csv``, ``dimensions.csv``, ``blocks.csv``, ``scale.csv``) can be
loaded instead with :func:`load_instrument`, so a user can score another instrument without
changing code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from learnorg.paths import data_dir

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}

REQUIRED_COLUMNS = {
    "items": ["item_id", "block", "dimension", "reverse", "text"],
    "dimensions": ["dimension_id", "block_id", "label"],
    "blocks": ["block_id", "label"],
    "scale": ["value", "label"],
    "references": ["measure", "scale", "value", "label"],
}
OPTIONAL_COLUMNS = {
    "items": ["construct", "inspired_by"],
    "dimensions": ["description", "next_step"],
    "blocks": [],
    "scale": [],
    "references": ["source_key", "note"],
}
#: The tables every instrument needs; ``references.csv`` (indicative reference values) is optional.
NEEDED_TABLES = ("scale", "blocks", "dimensions", "items")
DEFAULT_FILES = {
    "items": "items.csv",
    "dimensions": "dimensions.csv",
    "blocks": "blocks.csv",
    "scale": "scale.csv",
    "references": "references.csv",
}


class InstrumentError(ValueError):
    """A broken instrument definition; the message names the file, row and column."""


def _where(file: Path, row: int | None = None, column: str | None = None) -> str:
    parts = [file.name]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


@dataclass(frozen=True, eq=False)
class Instrument:
    """An instrument definition. Tables are in display order."""

    id: str
    version: str
    title: str
    scale: pd.DataFrame  # value (int), label (str)
    blocks: pd.DataFrame  # block_id, label
    dimensions: pd.DataFrame  # dimension_id, block_id, label, description, next_step
    items: pd.DataFrame  # item_id, block, dimension, reverse (bool), text, construct, inspired_by
    source: Path
    #: measure, scale, value, label, source_key, note (and label_fr ...): indicative reference values, as written
    references: pd.DataFrame = field(default_factory=lambda: _no_references())

    @property
    def item_ids(self) -> list[str]:
        """Item ids in instrument order."""
        return list(self.items["item_id"])

    @property
    def dimension_ids(self) -> list[str]:
        """Dimension ids in display order."""
        return list(self.dimensions["dimension_id"])

    @property
    def block_ids(self) -> list[str]:
        """Block ids in display order."""
        return list(self.blocks["block_id"])

    @property
    def scale_min(self) -> int:
        """Lowest answer value (1 for the shipped 7-point scale)."""
        return int(self.scale["value"].min())

    @property
    def scale_max(self) -> int:
        """Highest answer value (7 for the shipped 7-point scale)."""
        return int(self.scale["value"].max())

    @property
    def reverse_items(self) -> list[str]:
        """Ids of the reverse-worded items."""
        return list(self.items.loc[self.items["reverse"], "item_id"])

    def items_of(self, dimension_id: str) -> list[str]:
        """Item ids of one dimension, in instrument order."""
        if dimension_id not in self.dimension_ids:
            raise KeyError(f"{dimension_id!r} is not a dimension of instrument {self.id!r}")
        return list(self.items.loc[self.items["dimension"] == dimension_id, "item_id"])

    def dimensions_of(self, block_id: str) -> list[str]:
        """Dimension ids of one block, in display order."""
        if block_id not in self.block_ids:
            raise KeyError(f"{block_id!r} is not a block of instrument {self.id!r}")
        return list(self.dimensions.loc[self.dimensions["block_id"] == block_id, "dimension_id"])

    def label(self, measure_id: str, lang: str = "en") -> str:
        """Display label of a dimension or block id, in ``lang`` (default English)."""
        for table, key in ((self.dimensions, "dimension_id"), (self.blocks, "block_id")):
            match = table.loc[table[key] == measure_id]
            if len(match):
                return _translated(match.iloc[0], "label", lang, f"{measure_id!r}", self)
        raise KeyError(f"{measure_id!r} is neither a dimension nor a block of instrument {self.id!r}")

    # --- Languages (translations sit beside the English text: text_fr, label_fr ...) -------------

    @property
    def languages(self) -> list[str]:
        """Language codes available: ``en`` plus every ``xx`` with a ``text_xx`` column in items.csv."""
        found = [c[len("text_"):] for c in self.items.columns if c.startswith("text_") and len(c) in (7, 8)]
        return ["en"] + [code for code in found if code != "en"]

    def text(self, item_id: str, lang: str = "en") -> str:
        """Wording of one item in ``lang``."""
        match = self.items.loc[self.items["item_id"] == item_id]
        if not len(match):
            raise KeyError(f"{item_id!r} is not an item of instrument {self.id!r}")
        return _translated(match.iloc[0], "text", lang, f"item {item_id}", self)

    def description(self, measure_id: str, lang: str = "en") -> str:
        """Description of a dimension or block in ``lang`` (empty when the instrument has none)."""
        return self._field(measure_id, "description", lang)

    def next_step(self, dimension_id: str, lang: str = "en") -> str:
        """Suggested first step for a dimension in ``lang`` (empty when the instrument has none)."""
        return self._field(dimension_id, "next_step", lang)

    def _field(self, measure_id: str, column: str, lang: str) -> str:
        for table, key in ((self.dimensions, "dimension_id"), (self.blocks, "block_id")):
            match = table.loc[table[key] == measure_id]
            if len(match):
                row = match.iloc[0]
                if not str(row.get(column, "") or ""):
                    return ""
                return _translated(row, column, lang, f"{measure_id!r}", self)
        raise KeyError(f"{measure_id!r} is neither a dimension nor a block of instrument {self.id!r}")

    def scale_labels(self, lang: str = "en") -> list[str]:
        """Answer labels from the lowest to the highest value, in ``lang``."""
        return [_translated(row, "label", lang, f"scale value {row['value']}", self) for _, row in self.scale.iterrows()]

    def localized(self, lang: str = "en") -> "Instrument":
        """A copy whose ``text``, ``label``, ``description``, ``next_step`` columns and title are in ``lang``.

        Ids, order, reverse flags and scoring are unchanged. Raises :class:`InstrumentError` naming every
        missing translation.
        """
        if lang == "en":
            return self
        check_language(self, lang)
        from dataclasses import replace

        def swap(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
            table = table.copy()
            for column in columns:
                if f"{column}_{lang}" in table.columns and column in table.columns:
                    table[column] = table[f"{column}_{lang}"].where(table[column] != "", "")
            return table

        meta = instrument_metadata(self)
        return replace(
            self,
            title=str(meta.get(f"title_{lang}") or self.title).strip(),
            scale=swap(self.scale, ["label"]),
            blocks=swap(self.blocks, ["label", "description"]),
            dimensions=swap(self.dimensions, ["label", "description", "next_step"]),
            items=swap(self.items, ["text"]),
            references=swap(self.references, ["label"]),
        )

    def min_answered(self, dimension_id: str) -> int:
        """Answered items needed for a dimension score: two-thirds of its items, rounded up."""
        return -(-2 * len(self.items_of(dimension_id)) // 3)


def _read_table(path: Path, kind: str, allow_empty: bool = False) -> pd.DataFrame:
    """Read one instrument CSV as text, checking it exists, decodes and has the required columns."""
    if not path.is_file():
        raise InstrumentError(f"{path}: file not found (the instrument needs a {kind} table).")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InstrumentError(f"{path.name}: not valid UTF-8 text ({err.reason} at byte {err.start}); "
                              "save the file as CSV UTF-8.") from err
    if not text.strip():
        raise InstrumentError(f"{path.name}: the file is empty; expected a header row with "
                              f"{', '.join(REQUIRED_COLUMNS[kind])}.")
    from io import StringIO

    try:
        frame = pd.read_csv(StringIO(text), dtype=str, na_filter=False, skip_blank_lines=False)
    except pd.errors.ParserError as err:
        raise InstrumentError(f"{path.name}: cannot be read as CSV ({err}).") from err
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in frame.columns]
    if missing:
        raise InstrumentError(
            f"{path.name}, row 1: missing column(s) {', '.join(repr(c) for c in missing)}; "
            f"expected at least {', '.join(REQUIRED_COLUMNS[kind])} (found {', '.join(frame.columns)})."
        )
    for column in OPTIONAL_COLUMNS[kind]:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.apply(lambda col: col.str.strip())
    frame = frame[(frame != "").any(axis=1)]  # blank lines; the index keeps the file's row numbers
    if frame.empty and not allow_empty:
        raise InstrumentError(f"{path.name}: the file has a header but no rows.")
    return frame


def _check_ids(frame: pd.DataFrame, column: str, path: Path) -> None:
    """Ids must be non-empty and unique."""
    errors = []
    seen: dict[str, int] = {}
    for i, value in frame[column].items():
        row = i + 2
        if not value:
            errors.append(f"{_where(path, row, column)}: expected an id, found an empty cell.")
        elif value in seen:
            errors.append(f"{_where(path, row, column)}: id {value!r} already used in row {seen[value]}; "
                          "ids must be unique.")
        else:
            seen[value] = row
    if errors:
        raise InstrumentError("\n".join(errors))


def _check_refs(frame: pd.DataFrame, column: str, allowed: list[str], path: Path, what: str) -> list[str]:
    return [
        f"{_where(path, i + 2, column)}: expected one of the {what} ids ({', '.join(allowed)}), got {value!r}."
        for i, value in frame[column].items()
        if value not in allowed
    ]


def load_instrument(path: str | Path | None = None) -> Instrument:
    """Load an instrument definition folder (``None``: the shipped one) and check it thoroughly."""
    folder = Path(path) if path is not None else data_dir() / "instrument"
    if folder.is_file() and folder.name.endswith((".yaml", ".yml")):
        folder = folder.parent
    if not folder.is_dir():
        raise InstrumentError(f"{folder}: instrument folder not found.")
    meta_file = folder / "instrument.yaml"
    meta: dict = {}
    if meta_file.is_file():
        try:
            loaded = yaml.safe_load(meta_file.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            raise InstrumentError(f"{meta_file.name}: not valid YAML ({err}).") from err
        if loaded is not None and not isinstance(loaded, dict):
            raise InstrumentError(f"{meta_file.name}: expected 'key: value' lines (id, version, title...).")
        meta = loaded or {}
    else:
        raise InstrumentError(f"{meta_file}: file not found; an instrument folder needs instrument.yaml "
                              "with at least id, version and title.")
    for key in ("id", "version", "title"):
        if not str(meta.get(key) or "").strip():
            raise InstrumentError(f"{meta_file.name}: missing {key!r}; expected a line like '{key}: ...'.")
    files = dict(DEFAULT_FILES)
    files.update({k: str(v) for k, v in (meta.get("files") or {}).items()})
    scale_meta = meta.get("scale") or {}
    if isinstance(scale_meta, dict) and scale_meta.get("file"):
        files["scale"] = str(scale_meta["file"])

    tables = {kind: _read_table(folder / files[kind], kind) for kind in NEEDED_TABLES}
    scale, blocks, dimensions, items = tables["scale"], tables["blocks"], tables["dimensions"], tables["items"]
    paths = {kind: folder / files[kind] for kind in REQUIRED_COLUMNS}
    references = _read_references(paths["references"])

    # Scale: consecutive whole numbers with unique labels.
    errors = []
    values = []
    for i, raw in scale["value"].items():
        try:
            values.append(int(raw))
        except ValueError:
            errors.append(f"{_where(paths['scale'], i + 2, 'value')}: expected a whole number, got {raw!r}.")
    if not errors:
        ordered = sorted(values)
        if len(set(values)) != len(values) or ordered != list(range(ordered[0], ordered[0] + len(values))):
            errors.append(f"{paths['scale'].name}, column 'value': expected consecutive whole numbers "
                          f"without repeats (for example 1 to 7), got {', '.join(map(str, values))}.")
        if len(values) < 2:
            errors.append(f"{paths['scale'].name}: a scale needs at least two values.")
    labels = scale["label"].str.casefold().str.split().str.join(" ")
    for i, dup in labels.duplicated().items():
        if dup or not scale["label"][i]:
            errors.append(f"{_where(paths['scale'], i + 2, 'label')}: expected a unique, non-empty label, "
                          f"got {scale['label'][i]!r}.")
    if errors:
        raise InstrumentError("\n".join(errors))
    scale = scale.assign(value=values)[["value", "label"] + [c for c in scale.columns if c not in ("value", "label")]]
    scale = scale.sort_values("value", ignore_index=True)

    _check_ids(blocks, "block_id", paths["blocks"])
    _check_ids(dimensions, "dimension_id", paths["dimensions"])
    _check_ids(items, "item_id", paths["items"])

    block_ids = list(blocks["block_id"])
    dimension_ids = list(dimensions["dimension_id"])
    errors = _check_refs(dimensions, "block_id", block_ids, paths["dimensions"], "block")
    errors += _check_refs(items, "dimension", dimension_ids, paths["items"], "dimension")
    errors += _check_refs(items, "block", block_ids, paths["items"], "block")
    if errors:
        raise InstrumentError("\n".join(errors))

    block_of = dict(zip(dimensions["dimension_id"], dimensions["block_id"]))
    reverse = []
    for i, row in zip(items.index, items.itertuples(index=False)):
        where = _where(paths["items"], i + 2, "block")
        if block_of[row.dimension] != row.block:
            errors.append(f"{where}: dimension {row.dimension!r} belongs to block {block_of[row.dimension]!r} "
                          f"in {paths['dimensions'].name}, but this item says {row.block!r}.")
        flag = row.reverse.casefold()
        if flag in TRUE_WORDS:
            reverse.append(True)
        elif flag in FALSE_WORDS:
            reverse.append(False)
        else:
            reverse.append(False)
            errors.append(f"{_where(paths['items'], i + 2, 'reverse')}: expected true or false, got {row.reverse!r}.")
        if not row.text:
            errors.append(f"{_where(paths['items'], i + 2, 'text')}: expected the item wording, found an empty cell.")
    for dim in dimension_ids:
        if not (items["dimension"] == dim).any():
            errors.append(f"{paths['dimensions'].name}: dimension {dim!r} has no items in {paths['items'].name}.")
    for block in block_ids:
        if not (dimensions["block_id"] == block).any():
            errors.append(f"{paths['blocks'].name}: block {block!r} has no dimensions in {paths['dimensions'].name}.")
    clash = (set(items["item_id"]) | set(dimension_ids)) & set(block_ids) | set(items["item_id"]) & set(dimension_ids)
    if clash:
        errors.append(f"{folder.name}: ids {', '.join(sorted(clash))} are used for more than one of item, "
                      "dimension and block; score columns need distinct names.")
    if errors:
        raise InstrumentError("\n".join(errors))
    items = items.assign(reverse=pd.Series(reverse, dtype=bool, index=items.index))

    return Instrument(
        id=str(meta["id"]).strip(),
        version=str(meta["version"]).strip(),
        title=str(meta["title"]).strip(),
        scale=scale,
        blocks=blocks.reset_index(drop=True),
        dimensions=dimensions.reset_index(drop=True),
        items=items.reset_index(drop=True),
        source=folder,
        references=references.reset_index(drop=True),
    )


def scale_range(text: str) -> tuple[float, float]:
    """The lowest and highest value of a reference's ``scale`` cell (``0-100``, ``1-7``, ``1–7``)."""
    parts = str(text).replace("–", "-").replace(" ", "").split("-")
    lo, hi = (float(x) for x in parts)  # ValueError unless two numbers
    if not lo < hi:
        raise ValueError(f"{text!r} does not go from a lower to a higher value")
    return lo, hi


def _no_references() -> pd.DataFrame:
    return pd.DataFrame(columns=REQUIRED_COLUMNS["references"] + OPTIONAL_COLUMNS["references"], dtype=str)


def _read_references(path: Path) -> pd.DataFrame:
    """``references.csv`` checked: a measure, a scale such as 0-100 or 1-7, a number on it and a label per row.

    Translations (``label_fr`` ...) are checked when a language is asked for (:func:`check_language`).
    """
    if not path.is_file():
        return _no_references()
    refs = _read_table(path, "references", allow_empty=True)
    errors = []
    for i, row in refs.iterrows():
        where = lambda column: _where(path, i + 2, column)  # noqa: E731
        if not row["measure"]:
            errors.append(f"{where('measure')}: expected a dimension or block id, found an empty cell.")
        try:
            lo, hi = scale_range(row["scale"])
        except ValueError:
            errors.append(f"{where('scale')}: expected the scale of the value as lowest-highest (for example "
                          f"0-100 or 1-7), got {row['scale']!r}.")
            lo, hi = None, None
        try:
            value = float(row["value"])
        except ValueError:
            errors.append(f"{where('value')}: expected a number, got {row['value']!r}.")
        else:
            if lo is not None and not lo <= value <= hi:
                errors.append(f"{where('value')}: {row['value']} is outside the scale {row['scale']}.")
        if not row["label"]:
            errors.append(f"{where('label')}: expected a short description of the reference, found an empty cell.")
    if errors:
        raise InstrumentError("\n".join(errors))
    return refs


def _translated(row: pd.Series, column: str, lang: str, what: str, instrument: Instrument) -> str:
    """``row[column]`` for English, else ``row[column_lang]``; a clear error when that is missing."""
    if lang == "en":
        return str(row[column])
    value = str(row.get(f"{column}_{lang}", "") or "").strip()
    if not value:
        raise InstrumentError(f"instrument {instrument.id!r} has no {lang!r} translation of the {column} of {what} "
                              f"(expected a non-empty column {column}_{lang!s} beside {column!r}); "
                              f"languages available: {', '.join(instrument.languages)}.")
    return value


def missing_translations(instrument: Instrument, lang: str) -> list[str]:
    """Every text of the instrument lacking a ``lang`` translation, as 'file, row, column' strings."""
    if lang == "en":
        return []
    wanted = [("items.csv", instrument.items, "item_id", ["text"]),
              ("scale.csv", instrument.scale, "value", ["label"]),
              ("blocks.csv", instrument.blocks, "block_id", ["label", "description"]),
              ("dimensions.csv", instrument.dimensions, "dimension_id", ["label", "description", "next_step"]),
              ("references.csv", instrument.references, "measure", ["label"])]
    missing = []
    for file, table, key, columns in wanted:
        for column in columns:
            if column not in table.columns:
                continue
            target = f"{column}_{lang}"
            for i, row in table.iterrows():
                if str(row[column]).strip() and not str(row.get(target, "") or "").strip():
                    missing.append(f"{file}, row {i + 2} ({row[key]}), column {target!r}")
    return missing


def check_language(instrument: Instrument, lang: str) -> None:
    """Raise :class:`InstrumentError` unless every text of the instrument exists in ``lang``."""
    missing = missing_translations(instrument, lang)
    if missing:
        shown = "; ".join(missing[:8]) + (f"; and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise InstrumentError(f"instrument {instrument.id!r} is not fully translated into {lang!r}: missing {shown}. "
                              f"Languages available: {', '.join(instrument.languages)}.")


def profile_rows(instrument: Instrument) -> list[tuple[str, str, list[str]]]:
    """Rows of a score profile in display order: ``(measure_id, kind, aliases)``.

    Each block with several dimensions gets a ``block`` row followed by its dimensions; a block with a single
    dimension is shown once, as that dimension (the two scores are equal), with the block id as an alias.
    """
    rows = []
    for block in instrument.block_ids:
        members = instrument.dimensions_of(block)
        if len(members) == 1:
            rows.append((members[0], "dimension", [members[0], block]))
            continue
        rows.append((block, "block", [block]))
        rows += [(d, "dimension", [d]) for d in members]
    return rows


def instrument_metadata(instrument: Instrument) -> dict:
    """The raw ``instrument.yaml`` of an instrument (licence, statement, instructions...)."""
    meta_file = instrument.source / "instrument.yaml"
    return yaml.safe_load(meta_file.read_text(encoding="utf-8-sig")) or {}


def codebook(instrument: Instrument | None = None) -> pd.DataFrame:
    """The item bank as a table for display: item, dimension, reverse flag, text, construct, source."""
    instrument = instrument or load_instrument()
    items = instrument.items
    dims = instrument.dimensions.set_index("dimension_id")["label"]
    return pd.DataFrame(
        {
            "Item": items["item_id"],
            "Dimension": items["dimension"].map(dims),
            "Reverse-worded": items["reverse"].map({True: "yes", False: "no"}),
            "Statement": items["text"],
            "Construct": items["construct"],
            "Inspired by": items["inspired_by"],
        }
    )
