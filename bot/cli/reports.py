"""`policybot reports export` and `policybot officers list|add|remove` (aliases petugas …)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.access.roles import CLI_ACTOR, parse_region
from bot.reports.export import FORMATS, export_reports
from bot.services import Services

ServicesFor = Callable[[argparse.Namespace], Services]


def iso_date(value: str) -> str:
    """Check a YYYY-MM-DD date for argparse."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_reports(commands: argparse._SubParsersAction, services_for: ServicesFor) -> None:
    """Declare `policybot reports export`."""
    reports = commands.add_parser("reports", help="officers' status reports")
    actions = reports.add_subparsers(title="actions", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write reports as CSV or XLSX")
    export.add_argument("--since", required=True, type=iso_date, help="first date, YYYY-MM-DD")
    export.add_argument("--region", help='only this region, "Province / Regency or City"')
    export.add_argument("--format", choices=FORMATS, default="csv", help="file format")
    export.add_argument("--output", help="file to write (default: standard output)")
    export.set_defaults(handler=lambda args, out: export_command(args, out, services_for))


def export_command(args: argparse.Namespace, out: TextIO, services_for: ServicesFor) -> int:
    """Export the reports since a date, optionally for one region."""
    region = parse_region(args.region) if args.region else None
    rows = services_for(args).reports.rows_for(CLI_ACTOR, args.since, region)
    data = export_reports(rows, args.format)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"Wrote {len(rows)} reports to {args.output}", file=sys.stderr)
    elif out is sys.stdout:
        sys.stdout.buffer.write(data)
    else:
        out.write(data.decode("utf-8") if args.format == "csv" else data.hex())
    return 0


def add_officers(commands: argparse._SubParsersAction, services_for: ServicesFor) -> None:
    """Declare `policybot officers list|add|remove` (also `petugas daftar|tambah|hapus`)."""
    officers = commands.add_parser("officers", aliases=["petugas"], help="manage officers")
    actions = officers.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", aliases=["daftar"], help="list active officers")
    listing.set_defaults(
        handler=lambda args, out: officers_command(args, out, services_for), action="list"
    )
    add = actions.add_parser("add", aliases=["tambah"], help="make a user an officer")
    add.add_argument("user_id", type=int, help="Telegram user id")
    add.add_argument("region", nargs="+", help='"Province / Regency or City"')
    add.set_defaults(
        handler=lambda args, out: officers_command(args, out, services_for), action="add"
    )
    remove = actions.add_parser("remove", aliases=["hapus"], help="revoke the officer role")
    remove.add_argument("user_id", type=int, help="Telegram user id")
    remove.set_defaults(
        handler=lambda args, out: officers_command(args, out, services_for), action="remove"
    )


def officers_command(args: argparse.Namespace, out: TextIO, services_for: ServicesFor) -> int:
    """List, add or remove officers as the server's admin."""
    roles = services_for(args).roles
    if args.action == "add":
        officer = roles.grant_officer(CLI_ACTOR, args.user_id, " ".join(args.region))
        print(f"{officer.user_id} is now an officer for {officer.region}", file=out)
    elif args.action == "remove":
        roles.revoke_officer(CLI_ACTOR, args.user_id)
        print(f"{args.user_id} is no longer an officer", file=out)
    else:
        officers = roles.officers(CLI_ACTOR)
        for officer in officers:
            print(f"{officer.user_id}\t{officer.region}", file=out)
        if not officers:
            print("No active officers.", file=out)
    return 0
