"""`policybot kb export|import` (spreadsheet round trip) and `policybot stats`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.access.roles import CLI_ACTOR
from bot.curation.stats import collect_stats, render_stats_text
from bot.editing.sheet import apply_import, export_knowledge, plan_import
from bot.editing.sheet_reading import read_sheet
from bot.errors import ConfigError
from bot.services import Services

ServicesFor = Callable[[argparse.Namespace], Services]
SHEET_FORMATS = ("csv", "xlsx")


def add_kb_sheets(actions: argparse._SubParsersAction, services_for: ServicesFor) -> None:
    """Declare `policybot kb export` and `policybot kb import` under `policybot kb`."""
    export = actions.add_parser("export", help="write the knowledge base as CSV or XLSX")
    export.add_argument("--format", choices=SHEET_FORMATS, default="csv", help="file format")
    export.add_argument("--output", help="file to write (default: standard output)")
    export.set_defaults(handler=lambda args, out: kb_export_command(args, out, services_for))
    load = actions.add_parser("import", help="apply an edited spreadsheet (shows a diff first)")
    load.add_argument("file", help="the .csv or .xlsx file")
    load.add_argument("--yes", action="store_true", help="write without asking")
    load.add_argument("--lang", choices=("id", "en"), default="id", help="language of the diff")
    load.set_defaults(handler=lambda args, out: kb_import_command(args, out, services_for))


def kb_export_command(args: argparse.Namespace, out: TextIO, services_for: ServicesFor) -> int:
    """Write every entry as one spreadsheet row."""
    data = export_knowledge(services_for(args).holder.knowledge, args.format)
    if args.output:
        Path(args.output).write_bytes(data)
    elif out is sys.stdout:
        sys.stdout.buffer.write(data)
    else:
        out.write(data.decode("utf-8-sig") if args.format == "csv" else data.hex())
    return 0


def kb_import_command(args: argparse.Namespace, out: TextIO, services_for: ServicesFor) -> int:
    """Show what a spreadsheet would change; write it after confirmation (or --yes)."""
    path = Path(args.file)
    file_format = path.suffix.lstrip(".").casefold()
    if file_format not in SHEET_FORMATS:
        raise ConfigError(f"{path}: expected a .csv or .xlsx file")
    services = services_for(args)
    plan = plan_import(services.holder.knowledge, read_sheet(path.read_bytes(), file_format))
    print(plan.describe(args.lang), file=out)
    if plan.problems:
        return 1
    if not plan.has_changes:
        return 0
    if not args.yes and not confirmed(out):
        print("Nothing written.", file=out)
        return 1
    written = apply_import(services.editor, CLI_ACTOR, plan)
    print(f"Wrote {len(written)} entries; the knowledge base was reloaded.", file=out)
    return 0


def confirmed(out: TextIO) -> bool:
    """Ask on the terminal; without one (a script), refuse rather than guess."""
    if not sys.stdin.isatty():
        print("Run again with --yes to write these changes.", file=out)
        return False
    return input("Write these changes? [y/N] ").strip().casefold() in ("y", "ya", "yes")


def add_stats(commands: argparse._SubParsersAction, services_for: ServicesFor) -> None:
    """Declare `policybot stats`."""
    stats = commands.add_parser(
        "stats", help="questions, answers, feedback, reports and stale entries"
    )
    stats.add_argument("--lang", choices=("id", "en"), default="id", help="output language")
    stats.set_defaults(handler=lambda args, out: stats_command(args, out, services_for))


def stats_command(args: argparse.Namespace, out: TextIO, services_for: ServicesFor) -> int:
    """Print the same statistics admins see with /statistik."""
    services = services_for(args)
    stats = collect_stats(
        services.store.db,
        services.holder,
        services.roles,
        CLI_ACTOR,
        services.clock(),
        services.config.knowledge.stale_after_days,
        services.zone,
    )
    print(render_stats_text(stats, args.lang), file=out)
    return 0
