"""The `mognad` command line."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from mognad import __version__
from mognad.core.engine import compile_instrument, encode, score
from mognad.core.io import InstrumentError, dump_instrument, read_instrument
from mognad.core.lint import Problem, lint_path
from mognad.core.model import Instrument
from mognad.core.render import render_markdown
from mognad.instruments import builtin_instruments, find_builtin
from mognad.interop.importing import MAX_BYTES as MAX_IMPORT_BYTES
from mognad.interop.importing import ImportFailed, import_instrument
from mognad.interop.responses_csv import read_responses, write_scores
from mognad.interop.xlsform_export import export_xlsform

# Enough to fix a file in one pass without flooding a terminal.
MAX_PROBLEMS_SHOWN = 100


class CliError(Exception):
    """A problem to report on stderr with exit status 1 (never a traceback)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CliError as error:
        print(f"mognad: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mognad", description="Co-creative maturity assessments: instruments and scoring."
    )
    parser.add_argument("--version", action="version", version=f"mognad {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    cmd = sub.add_parser("instruments", help="list the built-in instruments")
    cmd.set_defaults(handler=cmd_instruments)

    cmd = sub.add_parser("lint", help="check instrument files; one line per problem")
    cmd.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="instrument files, or folders of *.yaml files",
    )
    cmd.set_defaults(handler=cmd_lint)

    cmd = sub.add_parser("schema", help="print the JSON Schema of the instrument format")
    cmd.set_defaults(handler=cmd_schema)

    cmd = sub.add_parser("render", help="print a questionnaire as Markdown")
    cmd.add_argument("instrument", metavar="INSTRUMENT", help="a file or a built-in id")
    cmd.add_argument("--lang", help="one of the instrument's languages (default: its default)")
    cmd.set_defaults(handler=cmd_render)

    cmd = sub.add_parser("score", help="score a CSV of responses")
    cmd.add_argument("instrument", metavar="INSTRUMENT", help="a file or a built-in id")
    cmd.add_argument("responses", type=Path, metavar="RESPONSES", help="CSV, one row a response")
    cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write the scores here (default: standard output)",
    )
    cmd.set_defaults(handler=cmd_score)

    cmd = sub.add_parser(
        "import", help="read XLSForm, LimeSurvey or SurveyJS into an instrument; prints a report"
    )
    cmd.add_argument("file", type=Path, metavar="FILE", help="the survey file to import")
    cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write the instrument YAML here (default: standard output)",
    )
    cmd.set_defaults(handler=cmd_import)

    cmd = sub.add_parser("export", help="write an instrument as XLSForm or YAML")
    cmd.add_argument("instrument", metavar="INSTRUMENT", help="a file or a built-in id")
    cmd.add_argument(
        "--format",
        choices=["xlsform", "yaml"],
        default="yaml",
        help="xlsform (.xlsx) or yaml (default)",
    )
    cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write here (default: standard output; xlsform needs -o)",
    )
    cmd.set_defaults(handler=cmd_export)
    return parser  # fmt: skip


def cmd_instruments(args: argparse.Namespace) -> int:
    rows = [
        (i.id, i.version, ",".join(i.languages), i.text(i.title)) for i in builtin_instruments()
    ]
    widths = [max(len(r[c]) for r in rows) for c in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[3])
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    paths = [p for path in args.paths for p in _expand(path)]
    problems = [problem for path in paths for problem in lint_path(path)]
    problems += [
        Problem(str(path), 1, 1, "", "this folder holds no instrument files (*.yaml, *.yml)")
        for path in args.paths
        if path.is_dir() and not _expand(path)
    ]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(paths)} file(s)", file=sys.stderr)
    return 1 if problems else 0


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
    return [path]


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(instrument_schema(), indent=2, ensure_ascii=False))
    return 0


def instrument_schema() -> dict[str, object]:
    schema = Instrument.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://mognad.org/schema/instrument-1.json",
        **schema,
    }


def cmd_render(args: argparse.Namespace) -> int:
    instrument = load_instrument(args.instrument)
    if args.lang is not None and args.lang not in instrument.languages:
        raise CliError(
            f"{instrument.id} is not written in '{args.lang}'; "
            f"choose one of {', '.join(instrument.languages)}"
        )
    sys.stdout.write(render_markdown(instrument, args.lang))
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    instrument = load_instrument(args.instrument)
    try:
        with args.responses.open(encoding="utf-8-sig", newline="") as stream:
            rows = read_responses(instrument, stream, str(args.responses))
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read {args.responses}: {error}") from None
    if rows.problems:
        _print_problems([str(p) for p in rows.problems])
        return 1
    compiled = compile_instrument(instrument)
    scores = score(compiled, encode(compiled, rows.answers, validate=False))
    buffer = io.StringIO()
    write_scores(buffer, instrument, scores, rows.groups)
    _write_whole(buffer.getvalue(), args.output)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        with args.file.open("rb") as stream:
            data = stream.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise CliError(f"cannot read {args.file}: {error.strerror or error}") from None
    try:
        result = import_instrument(data, args.file.name)
    except ImportFailed as error:
        raise CliError(f"cannot import {error}") from None
    for line in result.report.lines():
        print(line, file=sys.stderr)
    _write_whole(dump_instrument(result.instrument), args.output)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    instrument = load_instrument(args.instrument)
    if args.format == "yaml":
        _write_whole(dump_instrument(instrument), args.output)
        return 0
    if args.output is None:
        raise CliError("an XLSForm is a workbook: give a file to write with -o FILE.xlsx")
    exported = export_xlsform(instrument)
    for line in exported.left_out:
        print(f"not in XLSForm: {line}", file=sys.stderr)
    _write_whole(exported.data, args.output)
    return 0


def _print_problems(lines: list[str]) -> None:
    for line in lines[:MAX_PROBLEMS_SHOWN]:
        print(line, file=sys.stderr)
    if len(lines) > MAX_PROBLEMS_SHOWN:
        print(f"… and {len(lines) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
    print(f"{len(lines)} problem(s); nothing was written", file=sys.stderr)


def _write_whole(text: str | bytes, output: Path | None) -> None:
    """Writes all or nothing: a reader never sees half a file."""
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode())
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=output.parent or Path("."), prefix=f".{output.name}.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give it an ordinary file's mode
        os.replace(tmp, output)
        tmp = None
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def load_instrument(name: str) -> Instrument:
    """A built-in by id, or an instrument file (which must pass lint)."""
    path = Path(name)
    if not path.exists():
        builtin = find_builtin(name)
        if builtin is not None:
            return builtin
        ids = ", ".join(i.id for i in builtin_instruments())
        raise CliError(f"{name}: no such file and no built-in instrument (built-ins: {ids})")
    try:
        return read_instrument(path)
    except InstrumentError as error:
        details = "\n".join(str(p) for p in error.problems[:MAX_PROBLEMS_SHOWN])
        raise CliError(f"{name} is not a valid instrument:\n{details}") from None
    except OSError as error:
        raise CliError(f"cannot read {name}: {error}") from None


if __name__ == "__main__":
    raise SystemExit(main())
