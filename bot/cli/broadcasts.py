"""`policybot broadcast list|status ID|schedule|scheduled|cancel ID`: what went out, to how
many and what went wrong; what waits for its time, and scheduling from the server."""

from __future__ import annotations

import argparse
import datetime as dt
from html import escape
from typing import TextIO

from bot.access.roles import CLI_ACTOR
from bot.broadcasts.announcements import PENDING_APPROVAL, Broadcast, BroadcastReport, Content
from bot.broadcasts.subscriptions import Audience
from bot.broadcasts.timing import describe_when
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
    add_schedule_actions(actions)


def add_schedule_actions(actions: argparse._SubParsersAction) -> None:
    """Declare `policybot broadcast schedule|scheduled|cancel`."""
    schedule = actions.add_parser(
        "schedule",
        help="schedule a broadcast (as an admin); approval rules as in Telegram",
        description="Example: policybot broadcast schedule --to semua --at 'Senin 08:30' "
        "'Bimtek IOMKI di aula Dinas'. Times are in reports.timezone (WIB).",
    )
    schedule.add_argument(
        "--to",
        required=True,
        metavar="AUDIENCE",
        help="'semua', a topic, or 'Province / District'",
    )
    schedule.add_argument(
        "--at",
        required=True,
        metavar="WHEN",
        help="'besok 09:00', 'Senin 08:30', '2027-01-15 10:00', 'setiap Jumat 09:00 sampai "
        "2027-03-31'",
    )
    schedule.add_argument("--urgent", action="store_true", help="send during quiet hours too")
    schedule.add_argument(
        "--language", choices=("id", "en"), default="id", help="language of the header (id)"
    )
    schedule.add_argument("text", metavar="TEXT", help="the announcement (plain text)")
    schedule.set_defaults(handler=broadcast_schedule_command)
    scheduled = actions.add_parser("scheduled", help="what is scheduled, soonest first")
    scheduled.set_defaults(handler=broadcast_scheduled_command)
    cancel = actions.add_parser("cancel", help="cancel a scheduled broadcast (or weekly series)")
    cancel.add_argument("broadcast_id", type=int, metavar="ID", help="the broadcast number")
    cancel.set_defaults(handler=broadcast_cancel_command)


def broadcast_schedule_command(args: argparse.Namespace, out: TextIO) -> int:
    """Create, plan and confirm a broadcast for a time."""
    services = build_services(load_config(args.config))
    broadcasts = services.broadcasts
    content = Content(args.text, escape(args.text))
    preview = broadcasts.create(CLI_ACTOR, content, args.language, args.to, args.at)
    if args.urgent:
        preview = broadcasts.toggle_urgent(CLI_ACTOR, preview.broadcast.id)
    confirmation = broadcasts.confirm(CLI_ACTOR, preview.broadcast.id, scheduled=True)
    broadcast = confirmation.broadcast
    when = describe_when(broadcast.when, services.zone, "en") if broadcast.when else "?"
    if confirmation.scheduled:
        print(f"Broadcast #{broadcast.id} scheduled: {when}.", file=out)
    else:
        print(
            f"Broadcast #{broadcast.id} ({when}) has {broadcast.recipients} recipients, more than "
            f"broadcasts.approval_threshold: an admin approves it in Telegram (/scheduled).",
            file=out,
        )
    print(f"  audience: {audience_text(broadcast.audience)}", file=out)
    if preview.starts_at is not None:
        starts = local_time(preview.starts_at, services.zone)
        print(f"  quiet hours: it starts at {starts}", file=out)
    return 0


def broadcast_scheduled_command(args: argparse.Namespace, out: TextIO) -> int:
    """List what waits for its time (or for approval), soonest first."""
    services = build_services(load_config(args.config))
    items = services.broadcasts.scheduled(CLI_ACTOR)
    for item in items:
        broadcast = item.broadcast
        flags = " [waiting for approval]" if broadcast.status == PENDING_APPROVAL else ""
        flags += " [urgent]" if broadcast.urgent else ""
        print(
            f"#{broadcast.id}  {describe_when(item.when, services.zone, 'en')}  "
            f"{audience_text(broadcast.audience)}  {broadcast.author_role} "
            f"{broadcast.author_id}{flags}  {preview_of(broadcast)!r}",
            file=out,
        )
    if not items:
        print("Nothing is scheduled.", file=out)
    return 0


def broadcast_cancel_command(args: argparse.Namespace, out: TextIO) -> int:
    """Cancel a scheduled broadcast; for a weekly one, the whole series."""
    broadcast = build_services(load_config(args.config)).broadcasts.cancel_scheduled(
        CLI_ACTOR, args.broadcast_id
    )
    series = " and its weekly series" if broadcast.repeat or broadcast.series_id else ""
    print(f"Broadcast #{broadcast.id}{series} cancelled; it will not go out.", file=out)
    return 0


def preview_of(broadcast: Broadcast) -> str:
    """The first words of a broadcast's text, on one line."""
    words = " ".join(broadcast.content.text.split())
    return words if len(words) <= PREVIEW_LENGTH else words[: PREVIEW_LENGTH - 1] + "…"


def local_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """'2026-11-23 09:00 WIB'."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def timing_text(broadcast: Broadcast, zone: dt.tzinfo) -> str:
    """'  [at 2026-11-23 09:00 WIB, weekly]' for a scheduled broadcast, else ''."""
    when = broadcast.when
    parts = [f"at {local_time(when.first, zone)}"] if when else []
    parts += ["weekly"] if broadcast.repeat else []
    parts += [f"series #{broadcast.series_id}"] if broadcast.series_id else []
    parts += ["urgent"] if broadcast.urgent else []
    return f"  [{', '.join(parts)}]" if parts else ""


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
    services = build_services(load_config(args.config))
    reports, zone = services.broadcasts.recent(CLI_ACTOR, args.limit), services.zone
    for report in reports:
        broadcast = report.broadcast
        created = broadcast.created_at[:16].replace("T", " ")
        print(
            f"#{broadcast.id}  {created}  {broadcast.status:<16}  "
            f"{broadcast.author_role} {broadcast.author_id}  "
            f"{audience_text(broadcast.audience)}  ({counts_text(report.counts)}; "
            f"{broadcast.recipients} recipients){timing_text(broadcast, zone)}",
            file=out,
        )
    if not reports:
        print("No broadcasts yet.", file=out)
    return 0


def broadcast_status_command(args: argparse.Namespace, out: TextIO) -> int:
    """Print one broadcast's audience, counts and why deliveries failed."""
    services = build_services(load_config(args.config))
    print_report(services.broadcasts.report(CLI_ACTOR, args.broadcast_id), out, services.zone)
    return 0


def print_report(report: BroadcastReport, out: TextIO, zone: dt.tzinfo = dt.UTC) -> None:
    """Print a broadcast report."""
    broadcast, counts = report.broadcast, report.counts
    preview = preview_of(broadcast)
    media = f" [+{broadcast.content.media_kind}]" if broadcast.content.media_kind else ""
    print(f"Broadcast #{broadcast.id}: {broadcast.status}", file=out)
    print(f"  author:     {broadcast.author_role} {broadcast.author_id}", file=out)
    print(f"  created:    {broadcast.created_at}", file=out)
    if broadcast.when:
        print(f"  scheduled: {timing_text(broadcast, zone)}", file=out)
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
