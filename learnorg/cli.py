"""Command line: ``python -m learnorg score|validate INPUT ...`` and ``xlsform|paper|template --out FILE``.

Exit codes: 0 success, 2 bad input (with a readable list of problems, never a traceback),
1 an unexpected internal error.

Every option is checked before anything is written, and all the files of a command are written together:
each to a temporary file beside its target, renamed into place only when all are complete. Summaries
(terminal, JSON, ``--out-summary`` CSV, HTML report) come from one results object
(:mod:`learnorg.results`) that never holds a group smaller than ``--min-group-size``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from learnorg.i18n import LANGUAGES
from learnorg.instrument import InstrumentError, check_language, load_instrument
from learnorg.outputs import OutputSet, csv_text, round_half_up, write_scores_csv
from learnorg.readers import MAX_LISTED, SurveyInputError, read_survey

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
    parser.add_argument("--value-map", metavar="FILE",
                        help="CSV with columns code,value saying what answer codes stand for (e.g. LimeSurvey's "
                             "AO01,1 ... AO07,7)")
    parser.add_argument("--form", metavar="FORM.xlsx",
                        help="the XLSForm the survey was collected with: its choices give the codes' values "
                             "(e.g. KoboToolbox Formbuilder choice names)")
    parser.add_argument("--invalid", choices=["error", "missing"], default="error",
                        help="what to do with invalid answer cells: stop and list them (error, the default) "
                             "or treat a few scattered ones as missing and report how many (missing; refused when "
                             "many cells of a column are invalid, since that would bias the scores)")
    parser.add_argument("--header-row", type=_positive_int, metavar="N",
                        help="spreadsheet row holding the column names, when titles sit above them (default: the "
                             "first non-empty row)")
    parser.add_argument("--exclude-incomplete", action="store_true",
                        help="leave out submissions the platform marks incomplete or rejected (LimeSurvey, REDCap, "
                             "ODK Central, SurveyCTO, KoboToolbox); by default they are scored, with a note")
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
    score.add_argument("--out-scores", metavar="SCORES.csv", required=True,
                       help="where to write the scores (CSV): one row per respondent, so handle it as "
                            "confidentially as the export itself")
    score.add_argument("--out-summary", metavar="SUMMARY.csv",
                       help="also write the summary (n, mean, SD, 95%% CI per group and measure) as CSV; groups "
                            "smaller than --min-group-size are left out")
    score.add_argument("--by", metavar="COLUMN", help="grouping column (unit, role, wave...) for the summary and report")
    score.add_argument("--report", metavar="REPORT.html", help="also write a self-contained HTML report")
    score.add_argument("--title", help="title of the HTML report")
    score.add_argument("--synthetic", action="store_true", help="label the report as based on synthetic data")
    score.add_argument("--lang", choices=list(LANGUAGES), default="en",
                       help="language of the report and of the instrument's labels (default: en)")
    score.add_argument("--min-group-size", type=_positive_int, default=5, metavar="N",
                       help="no summary (terminal, JSON, --out-summary, report) shows a group of fewer than N "
                            "respondents, nor any result when fewer than N are scored (default: 5)")
    validate = sub.add_parser(
        "validate",
        help="check a survey export and list every problem, without scoring",
        description="Check a survey export against the instrument and list every problem found "
                    "(file, spreadsheet row, column, what was expected).",
        epilog="Example: python -m learnorg validate survey.csv --mapping kobo_mapping.csv",
    )
    _add_input_options(validate)

    xlsform = sub.add_parser(
        "xlsform",
        help="write the instrument as an XLSForm for KoboToolbox or ODK",
        description="Write the instrument as a standard XLSForm (survey, choices and settings sheets): an "
                    "introduction with the confidentiality note, unit and role questions, one page per dimension "
                    "with the 7-point scale (choice names 1-7), form id and version from instrument.yaml.",
        epilog="Example: python -m learnorg xlsform --out self_assessment.xlsx --lang en,fr --unit-choices units.csv",
    )
    xlsform.add_argument("--out", metavar="FORM.xlsx", required=True, help="where to write the XLSForm (.xlsx)")
    xlsform.add_argument("--lang", default="en", metavar="LANGS",
                         help="comma-separated languages, the first one the default (en, fr; default: en)")
    xlsform.add_argument("--unit-choices", metavar="UNITS.csv",
                         help="CSV with columns name,label[,label_fr]: the unit becomes a list to choose from "
                              "(default: typed as free text)")
    xlsform.add_argument("--no-unit-role", action="store_true", help="leave out the unit and role questions")
    xlsform.add_argument("--min-group-size", type=_positive_int, default=5, metavar="N",
                         help="group size promised in the confidentiality note (default: 5)")
    xlsform.add_argument("--instrument", metavar="DIR", help="folder with another instrument definition")
    xlsform.add_argument("--validate", action="store_true",
                         help="also convert the form with pyxform and check it with ODK Validate (needs Java)")

    paper = sub.add_parser(
        "paper",
        help="write a printable questionnaire with a scoring grid (HTML, A4)",
        description="Write a print-ready, self-contained HTML questionnaire: instructions, confidentiality note, "
                    "unit and role fields, seven answer boxes per statement and a scoring grid. Open it in a "
                    "browser and print it.",
        epilog="Example: python -m learnorg paper --out questionnaire.html --lang fr",
    )
    paper.add_argument("--out", metavar="FORM.html", required=True, help="where to write the form (.html)")
    paper.add_argument("--lang", choices=list(LANGUAGES), default="en", help="language (default: en)")
    paper.add_argument("--min-group-size", type=_positive_int, default=5, metavar="N",
                       help="group size promised in the confidentiality note (default: 5)")
    paper.add_argument("--instrument", metavar="DIR", help="folder with another instrument definition")

    template = sub.add_parser(
        "template",
        help="write an empty data-entry sheet (CSV or Excel) for paper answers",
        description="Write the data-entry template: columns respondent_id, unit, role, wave and one column per "
                    "item id. The .xlsx version accepts only whole numbers 1-7 in the item columns and lists "
                    "the items on a second sheet. 'score' reads the filled-in file as it is.",
        epilog="Example: python -m learnorg template --out entry.xlsx",
    )
    template.add_argument("--out", metavar="ENTRY.csv|.xlsx", required=True, help="where to write the template")
    template.add_argument("--lang", choices=list(LANGUAGES), default="en",
                          help="language of the item list and messages in the .xlsx version (default: en)")
    template.add_argument("--instrument", metavar="DIR", help="folder with another instrument definition")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _output(path: str, suffixes: tuple[str, ...]) -> Path:
    target = Path(path)
    if target.suffix.lower() not in suffixes:
        raise BadOption(f"{target}: expected a file name ending in {' or '.join(suffixes)}.")
    if not target.parent.resolve().is_dir():
        raise BadOption(f"{target}: the folder {str(target.parent)!r} does not exist.")
    return target


def cmd_xlsform(args, instrument) -> int:
    from learnorg.xlsform import XLSFormError, convert_xlsform, write_xlsform

    out = _output(args.out, (".xlsx",))
    langs = [code.strip() for code in args.lang.split(",") if code.strip()]
    unknown = [code for code in langs if code not in LANGUAGES]
    if not langs or unknown or len(set(langs)) != len(langs):
        raise BadOption(f"--lang {args.lang!r}: expected distinct languages from {', '.join(LANGUAGES)}, "
                        "separated by commas (for example en,fr).")
    try:
        write_xlsform(out, instrument, langs, args.unit_choices, ask_unit_role=not args.no_unit_role,
                      min_group_size=args.min_group_size)
    except XLSFormError as err:
        raise BadOption(str(err)) from err
    except OSError as err:
        raise BadOption(f"{out}: cannot write the form ({err.strerror or err}).") from err
    text = (f"Wrote {out}: XLSForm of {instrument.title} (form id {instrument.id}, version {instrument.version}), "
            f"{len(instrument.item_ids)} items in {len(instrument.dimension_ids)} groups, languages {', '.join(langs)}.")
    if args.validate:
        try:
            _xml, warnings = convert_xlsform(out, validate=True)
        except Exception as err:  # pyxform and ODK Validate raise their own error types
            raise BadOption(f"{out}: the form does not pass pyxform / ODK Validate: {err}") from err
        text += " pyxform and ODK Validate: OK" + (f" ({len(warnings)} warning(s): {'; '.join(warnings)})."
                                                   if warnings else ".")
    print(text)
    return EXIT_OK


def cmd_paper(args, instrument) -> int:
    from learnorg.paper import write_paper_form

    out = _output(args.out, (".html", ".htm"))
    try:
        write_paper_form(out, instrument, args.lang, min_group_size=args.min_group_size)
    except OSError as err:
        raise BadOption(f"{out}: cannot write the form ({err.strerror or err}).") from err
    print(f"Wrote {out}: printable questionnaire ({args.lang}). Open it in a browser and print it on A4.")
    return EXIT_OK


def cmd_template(args, instrument) -> int:
    from learnorg.paper import write_template

    out = _output(args.out, (".csv", ".xlsx"))
    try:
        write_template(out, instrument, args.lang)
    except OSError as err:
        raise BadOption(f"{out}: cannot write the template ({err.strerror or err}).") from err
    print(f"Wrote {out}: data-entry template with columns respondent_id, unit, role, wave and "
          f"{len(instrument.item_ids)} item columns. Score it with: python -m learnorg score {out} --out-scores scores.csv")
    return EXIT_OK


def _progress(args) -> callable:
    """Progress messages on stderr: on a terminal, or everywhere with --progress (never on stdout)."""
    if getattr(args, "progress", False) or sys.stderr.isatty():
        return lambda message: print(f"learnorg: {message}", file=sys.stderr, flush=True)
    return None


def _json_number(value):
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


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


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _check_outputs(args, named: list[tuple[str, str | None]]) -> dict[str, Path]:
    """Check every output path before anything is read or written: its folder exists, it is no input file,
    and no two outputs share a file."""
    inputs = [(option, getattr(args, attr)) for option, attr in
              (("the input", "input"), ("--mapping", "mapping"), ("--value-map", "value_map"), ("--form", "form"))
              if getattr(args, attr, None)]
    outputs: dict[str, Path] = {}
    for option, value in named:
        if value is None:
            continue
        target = Path(value)
        if target.is_dir():
            raise BadOption(f"{option} {target}: this is a folder; give a file name.")
        if not target.parent.resolve().is_dir():
            raise BadOption(f"{target}: the folder {str(target.parent)!r} does not exist.")
        for other_option, other in inputs:
            if _same_file(target, Path(other)):
                raise BadOption(f"{target}: this is {other_option} file; choose another output file so it is not "
                                "overwritten.")
        for other_option, other in outputs.items():
            if _same_file(target, other):
                raise BadOption(f"{other_option} and {option} name the same file ({target}); give each output its "
                                "own name.")
        outputs[option] = target
    return outputs


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
        value_map=args.value_map,
        form=args.form,
        header_row=args.header_row,
        exclude_incomplete=args.exclude_incomplete,
    )


def _note_lines(notes: list[str]) -> str:
    return "".join(f"\nNote: {n}" for n in notes)


def _rows_payload(survey) -> dict:
    counts = survey.counts
    return {
        "rows_read": counts.get("rows", 0),
        "empty_rows_skipped": counts.get("blank", 0),
        "header_like_rows_skipped": counts.get("header_like", 0),
        "rows_without_answers": counts.get("no_answer", 0),
        "incomplete_or_rejected": counts.get("flagged", 0),
        "incomplete_or_rejected_left_out": counts.get("excluded_flagged", 0),
    }


def _rows_text(survey) -> str:
    """One line on rows that are not counted as respondents, if any."""
    c = survey.counts
    parts = []
    if c.get("no_answer"):
        parts.append(f"{c['no_answer']:,} row(s) answering no item")
    if c.get("header_like"):
        parts.append(f"{c['header_like']:,} header-like row(s)")
    if c.get("blank"):
        parts.append(f"{c['blank']:,} empty row(s)")
    if c.get("excluded_flagged"):
        parts.append(f"{c['excluded_flagged']:,} incomplete or rejected submission(s) (--exclude-incomplete)")
    return f"Not counted as respondents: {'; '.join(parts)}." if parts else ""


def cmd_validate(args, instrument, progress) -> int:
    survey = _read(args, instrument, progress)
    n = len(survey.values)
    text = (f"OK: {args.input} has {n:,} respondent{'s' if n != 1 else ''} and all {len(instrument.item_ids)} "
            f"items of {instrument.title} (version {instrument.version}); no problems found.")
    if survey.invalid_cells:
        text = (f"{args.input}: {n:,} respondents; {survey.invalid_cells:,} invalid answer cell(s) would be treated "
                "as missing (--invalid missing).")
    if _rows_text(survey):
        text += "\n" + _rows_text(survey)
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
        "rows": _rows_payload(survey),
        "notes": survey.notes,
    }
    _emit(args, payload, text + _note_lines(survey.notes))
    return EXIT_OK


def _summary_table(results, instrument) -> pd.DataFrame:
    """What --out-summary writes: every measure of each shown group (or of all respondents)."""
    rows = results.summary_rows()
    if rows.empty:
        return pd.DataFrame(columns=["group", "measure", "label", "n", "mean", "sd", "ci_low", "ci_high"])
    out = rows.copy()
    out.insert(2, "label", [instrument.label(m) for m in out["measure"]])
    return out


def _format_summary_csv(table: pd.DataFrame, results) -> str:
    lines = [list(table.columns)]
    for row in table.itertuples(index=False):
        lines.append([("" if isinstance(v, float) and math.isnan(v) else f"{round_half_up(v):.2f}"
                       if isinstance(v, float) else v) for v in row])
    text = csv_text(lines)
    if results.too_few:
        text += csv_text([[f"# fewer than {results.min_group_size} respondents: no results are shown"]])
    elif results.hidden_groups:
        text += csv_text([[f"# {results.hidden_groups} group(s) with fewer than {results.min_group_size} "
                           "respondents are not shown"]])
    return text


def cmd_score(args, instrument, progress) -> int:
    from learnorg.results import compute_results
    from learnorg.scoring import score_values

    targets = _check_outputs(args, [("--out-scores", args.out_scores), ("--report", args.report),
                                    ("--out-summary", args.out_summary)])
    survey = _read(args, instrument, progress)
    if args.by is not None and args.by not in survey.extra.columns:
        columns = ", ".join(repr(c) for c in survey.extra.columns) or "none"
        raise BadOption(f"{args.input}: --by {args.by!r} is not a column of the file; its non-item columns are: {columns}.")
    if args.by is not None and args.by == survey.id_column:
        raise BadOption(f"--by {args.by!r}: this column holds the respondent ids; results are never broken down "
                        "by respondent.")
    n = len(survey.values)
    if progress:
        progress(f"scoring {n:,} respondents")
    scores = score_values(survey.values, instrument, survey.missing)
    results = compute_results(instrument, scores, survey.extra, args.by,
                              answers=survey.answers if args.report else None,
                              min_group_size=args.min_group_size, id_column=survey.id_column,
                              changes=bool(args.report),
                              measures=None if (args.report or args.out_summary) else instrument.block_ids)
    survey.values = None  # scored: the answers (the largest array left) are not needed any more
    neutralized = 0
    with OutputSet() as outputs:  # nothing is renamed into place unless every file is complete
        with outputs.open(targets["--out-scores"]) as handle:
            text_columns = {name: survey.extra[name].to_numpy() for name in survey.extra.columns}
            neutralized = write_scores_csv(handle, text_columns, scores, progress)
        if args.report:
            from learnorg.report import render_report

            outputs.write_text(targets["--report"], render_report(results, title=args.title, synthetic=args.synthetic,
                                                                  lang=args.lang))
        if args.out_summary:
            outputs.write_text(targets["--out-summary"],
                               _format_summary_csv(_summary_table(results, instrument), results))
    if progress:
        progress(f"wrote {', '.join(str(t) for t in targets.values())}")

    written = [str(t) for t in targets.values()]
    lines = [f"Scored {n:,} respondent{'s' if n != 1 else ''} from {args.input}; wrote {' and '.join(written)}."]
    if _rows_text(survey):
        lines.append(_rows_text(survey))
    if survey.invalid_cells:
        lines.append(f"{survey.invalid_cells:,} invalid answer cell(s) were treated as missing.")
    if neutralized:
        lines.append(f"{neutralized:,} cell(s) that a spreadsheet would run as formulas were written with a leading "
                     "apostrophe.")
    incomplete = {m: c for m, c in results.missing_scores.items() if c}
    if incomplete:
        lines.append("Missing scores (too few items answered): "
                     + ", ".join(f"{m} {c:,}" for m, c in incomplete.items()) + ".")
    lines.append("")
    scope = f" (wave {results.scope_wave})" if results.scope_wave is not None else ""
    if results.too_few:
        lines.append(f"No results are shown: fewer than {args.min_group_size} respondents{scope} "
                     "(the minimum group size; see --min-group-size).")
    else:
        lines.append(f"Block scores (0-100), mean [95% CI]{' by ' + args.by if args.by else ''}{scope}:")
        for row in results.summary_rows(instrument.block_ids).itertuples(index=False):
            ci = "" if pd.isna(row.ci_low) else f" [{row.ci_low:.1f}, {row.ci_high:.1f}]"
            mean = "n/a" if pd.isna(row.mean) else f"{row.mean:.1f}"
            lines.append(f"  {row.group}: {instrument.label(row.measure)}: {mean}{ci} (n={row.n})")
        if args.by and results.hidden_groups:
            lines.append(f"  {results.hidden_groups} group(s) with fewer than {args.min_group_size} respondents "
                         "are not shown.")
        if args.by and results.unassigned:
            lines.append(f"  {results.unassigned:,} respondent(s) without a value in {args.by!r} are not in any group.")
    summary = results.summary_rows(instrument.block_ids)
    payload = {
        "status": "ok",
        "command": "score",
        "input": args.input,
        "instrument": {"id": instrument.id, "version": instrument.version},
        "respondents": n,
        "rows": _rows_payload(survey),
        "invalid_cells": survey.invalid_cells,
        "neutralized_cells": neutralized,
        "id_column": survey.id_column,
        "outputs": {"scores": str(targets["--out-scores"]),
                    "report": str(targets["--report"]) if args.report else None,
                    "summary": str(targets["--out-summary"]) if args.out_summary else None},
        "missing_scores": results.missing_scores,
        "min_group_size": args.min_group_size,
        "scope_wave": results.scope_wave,
        "respondents_in_scope": results.in_scope,
        "groups_not_shown": results.hidden_groups if args.by else 0,
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
        if getattr(args, "lang", "en") != "en":
            for code in args.lang.split(","):
                if code.strip() in LANGUAGES and code.strip() != "en":
                    check_language(instrument, code.strip())
        if args.command == "xlsform":
            return cmd_xlsform(args, instrument)
        if args.command == "paper":
            return cmd_paper(args, instrument)
        if args.command == "template":
            return cmd_template(args, instrument)
        if args.command == "validate":
            return cmd_validate(args, instrument, progress)
        return cmd_score(args, instrument, progress)
    except SurveyInputError as err:
        payload = {"status": "error", "command": args.command, "input": args.input, **_problems_payload(err)}
        text = err.describe(MAX_LISTED)
        if getattr(args, "invalid", None) == "error" and err.suggest_invalid_missing:
            text += "\nFix the cells listed, or run with --invalid missing to treat these few invalid answers as missing."
        if args.json:
            _emit(args, payload, text)
        else:
            print(text, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (InstrumentError, BadOption) as err:
        label = "instrument definition problem" if isinstance(err, InstrumentError) else "problem"
        if getattr(args, "json", False):
            _emit(args, {"status": "error", "command": args.command, "input": getattr(args, "input", None),
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
