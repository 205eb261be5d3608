"""`policybot broadcast list|status ID`: what went out, to how many, and what went wrong."""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.access.roles import CLI_ACTOR
from bot.broadcasts.announcements import BroadcastReport
from bot.broadcasts.subscriptions import Audience
from bot.config import load_config
from bot.outbox.sending import Counts
from bot.services import build_services

PREVIEW_LENGTH = 70


def add_broadcast(commands: argparse._SubParsersAction) -> None:
    """Declare `policybot broadcast list|status ID`."""
    broadcast = commands.add_parser("broadcast", help="broadcasts and their delivery reports")
    actions = broadcast.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="latest broadcasts with their delivery counts")
    listing.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    listing.set_defaults(handler=broadcast_list_command)
    status = actions.add_parser("status", help="one broadcast: counts and failure reasons")
    status.add_argument("broadcast_id", type=int, metavar="ID", help="the broadcast number")
    status.set_defaults(handler=broadcast_status_command)


def audience_text(audience: Audience | None) -> str:
    """Describe an audience in plain English for the terminal."""
    if audience is None:
        return "(not chosen)"
    region = " / ".join(part for part in (audience.province, audience.district) if part)
    topic = f"topic {audience.topic}" if audience.topic else ""
    return ", ".join(part for part in (region, topic) if part) or "all subscribers"


def counts_text(counts: Counts) -> str:
    """One line of delivery counts."""
    return (
        f"sent {counts.sent}, blocked {counts.blocked}, failed {counts.failed}, "
        f"unknown {counts.unknown}, pending {counts.pending}, sending {counts.sending}"
    )


def broadcast_list_command(args: argparse.Namespace, out: TextIO) -> int:
    """List the latest broadcasts, newest first."""
    reports = build_services(load_config(args.config)).broadcasts.recent(CLI_ACTOR, args.limit)
    for report in reports:
        broadcast = report.broadcast
        created = broadcast.created_at[:16].replace("T", " ")
        print(
            f"#{broadcast.id}  {created}  {broadcast.status:<16}  "
            f"{broadcast.author_role} {broadcast.author_id}  "
            f"{audience_text(broadcast.audience)}  ({counts_text(report.counts)}; "
            f"{broadcast.recipients} recipients)",
            file=out,
        )
    if not reports:
        print("No broadcasts yet.", file=out)
    return 0


def broadcast_status_command(args: argparse.Namespace, out: TextIO) -> int:
    """Print one broadcast's audience, counts and why deliveries failed."""
    services = build_services(load_config(args.config))
    print_report(services.broadcasts.report(CLI_ACTOR, args.broadcast_id), out)
    return 0


def print_report(report: BroadcastReport, out: TextIO) -> None:
    """Print a broadcast report."""
    broadcast, counts = report.broadcast, report.counts
    words = " ".join(broadcast.content.text.split())
    preview = words if len(words) <= PREVIEW_LENGTH else words[: PREVIEW_LENGTH - 1] + "…"
    media = f" [+{broadcast.content.media_kind}]" if broadcast.content.media_kind else ""
    print(f"Broadcast #{broadcast.id}: {broadcast.status}", file=out)
    print(f"  author:     {broadcast.author_role} {broadcast.author_id}", file=out)
    print(f"  created:    {broadcast.created_at}", file=out)
    print(f"  audience:   {audience_text(broadcast.audience)}", file=out)
    print(f"  recipients: {broadcast.recipients}", file=out)
    print(f"  deliveries: {counts_text(counts)}", file=out)
    print(f"  message:    {preview!r}{media}", file=out)
    if counts.unknown:
        print(
            "  unknown: the bot stopped or the connection broke while these were being sent;"
            " they may or may not have arrived and were not resent.",
            file=out,
        )
    for status, reason, count in report.reasons:
        print(f"  {status:<8} {count:5d}  {reason or '-'}", file=out)
