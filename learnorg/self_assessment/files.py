"""The self-assessment's answers as files: a one-row CSV that ``python -m learnorg score`` accepts, and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from learnorg.instrument import Instrument, load_instrument
from learnorg.outputs import neutralize
from learnorg.self_assessment.spec import RESPONDENT_ID, _clean


def answers_csv(answers: Mapping[str, Any], instrument: Instrument, respondent_id: str = RESPONDENT_ID) -> str:
    """One-row CSV (respondent_id + one column per item) that ``python -m learnorg score`` accepts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["respondent_id", *instrument.item_ids])
    values = [_clean(answers.get(i)) for i in instrument.item_ids]
    writer.writerow([neutralize(respondent_id), *("" if v is None else f"{v:g}" for v in values)])
    return out.getvalue()


def answers_json(answers: Mapping[str, Any], instrument: Instrument) -> str:
    """The answers as JSON, with the instrument they belong to."""
    data = {"instrument": instrument.id, "version": instrument.version,
            "answers": {i: (None if (v := _clean(answers.get(i))) is None else int(v)) for i in instrument.item_ids}}
    return json.dumps(data, indent=2)


def read_answers(path: str | Path, instrument: Instrument | None = None) -> dict[str, int | None]:
    """Answers of one respondent from a CSV (checked like any survey file) or from :func:`answers_json` output."""
    from learnorg.readers import read_survey

    instrument = instrument or load_instrument()
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as err:
            raise ValueError(f"{path.name}: cannot be read as JSON ({err}).") from err
        raw = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(raw, dict):
            raise ValueError(f"{path.name}: expected an object with an 'answers' mapping of item ids to 1-7 or null.")
        unknown = sorted(set(raw) - set(instrument.item_ids))
        if unknown:
            raise ValueError(f"{path.name}, field 'answers': not items of the instrument: {', '.join(unknown)}.")
        out = {}
        lo, hi = instrument.scale_min, instrument.scale_max
        for item in instrument.item_ids:
            value = raw.get(item)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or value != int(value) or not lo <= value <= hi):
                raise ValueError(f"{path.name}, field 'answers.{item}': expected a whole number from {lo} to {hi} "
                                 f"or null, got {value!r}.")
            out[item] = None if value is None else int(value)
        return out
    survey = read_survey(path, instrument)
    if len(survey.answers) != 1:
        raise ValueError(f"{path.name}: expected the answers of one respondent (one row), "
                         f"found {len(survey.answers)}.")
    row = survey.answers.iloc[0]
    return {i: (None if np.isnan(row[i]) else int(row[i])) for i in instrument.item_ids}
