"""Command line: ``python -m learnorg score|validate INPUT ...``.

Exit codes: 0 success, 2 bad input (with a readable list of problems, never a traceback),
1 an unexpected internal error.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

import pandas as pd

from learnorg.instrument import InstrumentError, load_instrument
from learnorg.readers import MAX_LISTED, SurveyInputError, read_survey
from learnorg.scoring import group_summary, score_respondents

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class BadOption(Exception):
    """A command-line option that does not fit the input (e.g. --by naming an absent column)."""


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="survey export: .csv, .tsv, .txt or .xlsx, one row per respondent")
    parser.add_argument("--instrument", metavar="DIR",
                        help="folder with another instrument definition (default: the shipped instrument)")
    parser.add_argument("--mapping", metavar="FILE",
                        help="CSV with columns column,item_id mapping export headers to item ids "
                             "(an empty item_id keeps a column as an extra, non-item column)")
    parser.add_argument("--invalid", choices=["error", "missing"], default="error",
                        help="what to do with invalid answer cells: stop and list them (error, the default) "
                             "or treat them as missing and report how many (missing)")
    parser.add_argument("--id-column", metavar="COLUMN",
                        help="column holding respondent ids (default: respondent_id, id or _uuid if present); "
                             "ids must be unique")
    parser.add_argument("--sheet", metavar="NAME", help="worksheet of an .xlsx file (name or 1-based number; default: the first)")
    parser.add_argument("--json", action="store_true", help="print a machine-readable JSON summary on stdout")
    parser.add_argument("--progress", action="store_true",
                        help="show progress on stderr even when it is not a terminal")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m learnorg",
        description="Score and check Learning Ministries self-assessment surveys.",
        epilog="Run 'python -m learnorg COMMAND --help' for the options of a command. "
               "Exit codes: 0 success, 2 bad input, 1 internal error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    score = sub.add_parser(
        "score",
        help="score every respondent and write one row of scores per respondent",
        description="Check the survey, then write one row per respondent (input order): the respondent-id and "
                    "other non-item columns first, then one column per dimension and per block, scored 0-100 "
                    "(2 decimals; empty when missing).",
        epilog="Example: python -m learnorg score survey.csv --out-scores scores.csv --by unit --report report.html",
    )
    _add_input_options(score)
    score.add_argument("--out-scores", metavar="SCORES.csv", required=True, help="where to write the scores (CSV)")
    score.add_argument("--by", metavar="COLUMN", help="grouping column (unit, role, wave...) for the summary and report")
    score.add_argument("--report", metavar="REPORT.html", help="also write a self-contained HTML report")
    score.add_argument("--title", help="title of the HTML report")
    score.add_argument("--synthetic", action="store_true", help="label the report as based on synthetic data")
    validate = sub.add_parser(
        "validate",
        help="check a survey export and list every problem, without scoring",
        description="Check a survey export against the instrument and list every problem found "
                    "(file, spreadsheet row, column, what was expected).",
        epilog="Example: python -m learnorg validate survey.csv --mapping kobo_mapping.csv",
    )
    _add_input_options(validate)
    return parser


def _progress(args) -> callable:
    if args.progress or sys.stderr.isatty():
        return lambda message: print(f"learnorg: {message}", file=sys.stderr, flush=True)
    return None


def _json_number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _emit(args, payload: dict, text: str) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def _problems_payload(err: SurveyInputError) -> dict:
    return {
        "problems": [
            {"file": p.file, "row": p.row, "column": p.column, "message": p.message, "text": str(p)}
            for p in err.problems
        ],
        "problems_total": err.total,
    }


def _read(args, instrument, progress):
    if args.sheet is not None and Path(args.input).suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadOption(f"{args.input}: --sheet only applies to Excel .xlsx files; remove it for a CSV file.")
    return read_survey(
        args.input,
        instrument,
        mapping=args.mapping,
        id_column=args.id_column,
        invalid=args.invalid,
        sheet=args.sheet,
        progress=progress,
    )


def _note_lines(notes: list[str]) -> str:
    return "".join(f"\nNote: {n}" for n in notes)


def cmd_validate(args, instrument, progress) -> int:
    survey = _read(args, instrument, progress)
    n = len(survey.answers)
    text = (f"OK: {args.input} has {n:,} respondent{'s' if n != 1 else ''} and all {len(instrument.item_ids)} "
            f"items of {instrument.title} (version {instrument.version}); no problems found.")
    if survey.invalid_cells:
        text = (f"{args.input}: {n:,} respondents; {survey.invalid_cells:,} invalid answer cell(s) would be treated "
                "as missing (--invalid missing).")
    payload = {
        "status": "ok",
        "command": "validate",
        "input": args.input,
        "instrument": {"id": instrument.id, "version": instrument.version},
        "respondents": n,
        "items": len(instrument.item_ids),
        "invalid_cells": survey.invalid_cells,
        "id_column": survey.id_column,
        "columns": list(survey.extra.columns),
        "notes": survey.notes,
    }
    _emit(args, payload, text + _note_lines(survey.notes))
    return EXIT_OK


def cmd_score(args, instrument, progress) -> int:
    out = Path(args.out_scores)
    report = Path(args.report) if args.report else None
    for target in [out] + ([report] if report else []):
        if target.resolve() == Path(args.input).resolve():
            raise BadOption(f"{target}: this is the input file; choose another output file so the input is not overwritten.")
        if not target.parent.resolve().is_dir():
            raise BadOption(f"{target}: the folder {str(target.parent)!r} does not exist.")
    survey = _read(args, instrument, progress)
    if args.by is not None and args.by not in survey.extra.columns:
        columns = ", ".join(repr(c) for c in survey.extra.columns) or "none"
        raise BadOption(f"{args.input}: --by {args.by!r} is not a column of the file; its non-item columns are: {columns}.")
    if progress:
        progress(f"scoring {len(survey.answers):,} respondents")
    scores = score_respondents(survey.answers, instrument)
    table = pd.concat([survey.extra, scores], axis=1)
    try:
        table.to_csv(out, index=False, float_format="%.2f", na_rep="", encoding="utf-8")
    except OSError as err:
        raise BadOption(f"{out}: cannot write the scores ({err.strerror or err}).") from err
    if progress:
        progress(f"wrote {out}")

    report_status = None
    if report is not None:
        try:
            from learnorg.report import build_report
        except ImportError as err:
            print(f"learnorg: the report module is not available ({err}); scores were written to {out}.",
                  file=sys.stderr)
            return EXIT_INTERNAL
        html = build_report(instrument, scores, survey.extra, by=args.by, title=args.title,
                            synthetic=args.synthetic, answers=survey.answers)
        try:
            report.write_text(html, encoding="utf-8")
        except OSError as err:
            raise BadOption(f"{report}: cannot write the report ({err.strerror or err}).") from err
        report_status = str(report)

    groups = survey.extra[args.by] if args.by else None
    summary = group_summary(scores[instrument.block_ids], groups)
    missing = {m: int(scores[m].isna().sum()) for m in scores.columns}
    n = len(scores)
    lines = [f"Scored {n:,} respondent{'s' if n != 1 else ''} from {args.input}; wrote {out}"
             + (f" and {report}" if report else "") + "."]
    if survey.invalid_cells:
        lines.append(f"{survey.invalid_cells:,} invalid answer cell(s) were treated as missing.")
    incomplete = {m: c for m, c in missing.items() if c}
    if incomplete:
        lines.append("Missing scores (too few items answered): "
                     + ", ".join(f"{m} {c:,}" for m, c in incomplete.items()) + ".")
    lines.append("")
    lines.append(f"Block scores (0-100), mean [95% CI]{' by ' + args.by if args.by else ''}:")
    for row in summary.itertuples(index=False):
        ci = "" if math.isnan(row.ci_low) else f" [{row.ci_low:.1f}, {row.ci_high:.1f}]"
        mean = "n/a" if math.isnan(row.mean) else f"{row.mean:.1f}"
        lines.append(f"  {row.group}: {instrument.label(row.measure)}: {mean}{ci} (n={row.n})")
    payload = {
        "status": "ok",
        "command": "score",
        "input": args.input,
        "instrument": {"id": instrument.id, "version": instrument.version},
        "respondents": n,
        "invalid_cells": survey.invalid_cells,
        "id_column": survey.id_column,
        "outputs": {"scores": str(out), "report": report_status},
        "missing_scores": missing,
        "summary": [{k: _json_number(v) for k, v in rec.items()} for rec in summary.to_dict(orient="records")],
        "notes": survey.notes,
    }
    _emit(args, payload, "\n".join(lines) + _note_lines(survey.notes))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    progress = _progress(args)
    try:
        instrument = load_instrument(args.instrument)
        if args.command == "validate":
            return cmd_validate(args, instrument, progress)
        return cmd_score(args, instrument, progress)
    except SurveyInputError as err:
        payload = {"status": "error", "command": args.command, "input": args.input, **_problems_payload(err)}
        text = err.describe(MAX_LISTED)
        if args.invalid == "error" and any(p.row is not None and p.row > 1 for p in err.problems):
            text += "\nFix the cells listed, or run with --invalid missing to treat invalid answers as missing."
        if args.json:
            _emit(args, payload, text)
        else:
            print(text, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (InstrumentError, BadOption) as err:
        label = "instrument definition problem" if isinstance(err, InstrumentError) else "problem"
        if args.json:
            _emit(args, {"status": "error", "command": args.command, "input": args.input,
                         "problems": [{"file": None, "row": None, "column": None, "message": str(err), "text": str(err)}],
                         "problems_total": 1}, "")
        else:
            print(f"learnorg: {label}:\n{err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("learnorg: interrupted.", file=sys.stderr)
        return 130
    except Exception as err:  # an unexpected bug: say so plainly; LEARNORG_DEBUG=1 shows the traceback
        if os.environ.get("LEARNORG_DEBUG"):
            raise
        print(f"learnorg: unexpected internal error ({type(err).__name__}: {err}). "
              "Please report it; set LEARNORG_DEBUG=1 to see details.", file=sys.stderr)
        return EXIT_INTERNAL
