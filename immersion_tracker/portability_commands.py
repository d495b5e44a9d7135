"""The ``export``, ``import`` and ``migrate`` subcommands (file and process I/O)."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path
from typing import IO, Any


def add_commands(commands: Any) -> None:
    """Register the three subcommands on the top-level parser's subparsers."""
    export = commands.add_parser("export", help="write a user's data (JSON Lines or CSV)")
    export.add_argument("name")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument(
        "-o", "--output", type=Path,
        help="file or folder to write (default: stdout when piped, else"
             " immersion-NAME-DATE.jsonl|csv here)",
    )
    export.set_defaults(run=_export)

    load = commands.add_parser("import", help="import an export of ours or another tracker's")
    load.add_argument("name")
    load.add_argument("file", type=Path, nargs="?")
    load.add_argument(
        "--format",
        default="auto",
        choices=("auto", "ours", "botsu", "tmw", "nihongotracker", "kechimochi",
                 "ttu", "mokuro", "exstatic", "koreader", "anki"),
    )
    load.add_argument("--dry-run", action="store_true", help="show what would be imported")
    load.add_argument("--undo", metavar="ID", help="remove exactly what import ID added")
    load.set_defaults(run=_import)

    move = commands.add_parser("migrate", help="copy every item between two stores")
    move.add_argument("--from", dest="source", required=True, metavar="STORE")
    move.add_argument("--to", dest="target", required=True, metavar="STORE")
    move.add_argument("--checkpoint", type=Path, help="where to record progress for a resume")
    move.set_defaults(run=_migrate)


def _export(args: argparse.Namespace) -> int:
    from handlers.wiring import build_service

    service = build_service()
    try:
        service.require_user(args.name)
        port = service.portability
        chunks = port.export_csv(args.name) if args.format == "csv" else port.export_jsonl(
            args.name
        )
        output = args.output
        if output is None and not sys.stdout.isatty():
            sys.stdout.writelines(chunks)
            return 0
        # A terminal is no place for an export: it goes to a file named after the user
        # and the day, here or in the folder given.
        named = Path(port.export_name(args.name, args.format))
        output = named if output is None else output / named if output.is_dir() else output
        partial = output.with_name(output.name + ".partial")
        try:
            out = partial.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise SystemExit(f"error: cannot write {output}: {error.strerror or error}.") from None
        with out:
            out.writelines(chunks)
        # Only a complete export takes the name: an interrupted one never looks whole.
        partial.replace(output)
    finally:
        service.close()
    print(f"Wrote {output}.", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from handlers.wiring import build_service

    service = build_service()
    try:
        service.require_user(args.name)
        if args.undo:
            removed, restored = service.portability.undo_import_counts(args.name, args.undo)
            back = ("" if not restored else "; 1 day has its earlier figures back"
                    if restored == 1 else f"; {restored} days have their earlier figures back")
            print(f"Removed {removed} entries of import {args.undo}{back}.")
            return 0
        if args.file is None:
            raise SystemExit("error: name the FILE to import (or --undo ID)")
        with _opened(args.file) as stream:
            report = service.portability.import_file(
                args.name, stream, args.format, dry_run=args.dry_run,
                progress=lambda r: _show(f"{r.rows_read:,} rows read, {r.added:,} added"),
            )
    finally:
        service.close()
    _show("")
    _print_report(report, args.dry_run, args.name)
    return 0


def _opened(path: Path) -> IO[bytes]:
    """The file to import, open; a missing or unreadable one is a sentence naming it."""
    try:
        return path.open("rb")
    except OSError as error:
        raise SystemExit(f"error: cannot read {path}: {error.strerror or error}.") from None


def _print_report(report: Any, dry_run: bool, name: str, out: IO[str] = sys.stdout) -> None:
    verb = "Would add" if dry_run else "Added"
    span = f" from {report.first_date} to {report.last_date}" if report.first_date else ""
    print(f"{verb} {report.added:,} entries ({report.minutes_added / 60:,.1f} h){span} "
          f"from a {report.format} file; {report.skipped_duplicates:,} were there already.",
          file=out)
    for note in report.notes:
        print(note, file=out)
    for error in report.errors:
        print(f"  line {error.line}: {error.message}", file=out)
    if report.error_count > len(report.errors):
        print(f"  … and {report.error_count - len(report.errors):,} more bad rows", file=out)
    if not dry_run and (report.added or report.replaced):
        print(f"Undo with: immersion-tracker import {shlex.quote(name)} --undo {report.import_id}",
              file=out)


def _migrate(args: argparse.Namespace) -> int:
    from handlers.service import migrate

    started = time.monotonic()

    def bar(progress: Any) -> None:
        rate = progress.copied / max(time.monotonic() - started, 1e-6)
        _show(f"{progress.copied:,} items copied ({progress.created:,} new), {rate:,.0f}/s")

    result = migrate(args.source, args.target, checkpoint=args.checkpoint, on_batch=bar)
    _show("")
    print(f"Copied {result.copied:,} items ({result.created:,} new in the target).")
    if result.differences:
        print("The stores differ:", *result.differences, sep="\n  ", file=sys.stderr)
        return 1
    print("Verified: every user's items of every kind match in number and content.")
    return 0


def _show(line: str) -> None:
    # One progress line, rewritten in place on a terminal and left alone in a log.
    if sys.stderr.isatty():
        print(f"\r\x1b[K{line}", end="", file=sys.stderr, flush=True)
