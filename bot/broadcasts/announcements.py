"""Broadcasts by officers (their own region) and admins (any audience), with approval.

draft ──confirm──▶ sending ──deliver──▶ done
  │        └──(more recipients than approval_threshold)──▶ pending_approval
  │                                      ├──approve (another admin)──▶ sending
  │                                      └──reject──▶ rejected
  └──cancel──▶ cancelled

Recipients are fixed when sending starts: one ledger row each, in the same transaction as the
status change, so a crash can never leave a broadcast half-addressed. Delivery itself is the
outbox's (bot/outbox/sending.py), like every mass send.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.access.roles import Officer, Region, Role, Roles
from bot.broadcasts.subscriptions import (
    EVERYONE_WORDS,
    Audience,
    Subscriptions,
    audience_filter,
    check_topic,
    parse_audience_region,
)
from bot.config import BroadcastSettings
from bot.errors import NotFound, PermissionDenied, UserError
from bot.knowledge.base import TOPICS
from bot.outbox.sending import (
    Counts,
    Delivery,
    DeliveryOutcome,
    Hooks,
    Ledger,
    LedgerTable,
    Monotonic,
    OutboxRun,
    Pace,
    Progress,
    ProgressReport,
    SharedSlots,
    Sleep,
    never,
    no_report,
)
from bot.storage.rows import inserted_id

DRAFT, PENDING_APPROVAL, SENDING, DONE, REJECTED, CANCELLED = (
    "draft",
    "pending_approval",
    "sending",
    "done",
    "rejected",
    "cancelled",
)
MAX_TEXT = 3500  # Telegram allows 4096; room is left for the header and footer
MAX_CAPTION = 850  # Telegram allows 1024 for a photo's or document's caption
MEDIA_KINDS = ("photo", "document")
DELIVERIES = LedgerTable("deliveries", scope="broadcast_id")
__all__ = ["Broadcast", "Broadcasts", "Content", "DeliveryOutcome", "Progress", "Send"]


@dataclass(frozen=True, slots=True)
class Content:
    """What a broadcast says: plain text, the channel's rendering of it, optional media."""

    text: str
    html: str
    media_kind: str | None = None
    media_file_id: str | None = None


@dataclass(frozen=True, slots=True)
class Broadcast:
    """A broadcast and where it stands."""

    id: int
    author_id: int
    author_role: str
    language: str
    content: Content
    audience: Audience | None
    status: str
    recipients: int
    created_at: str
    progress_chat_id: int | None = None
    progress_message_id: int | None = None


Send = Callable[[int, Broadcast], Awaitable[DeliveryOutcome]]


@dataclass(frozen=True, slots=True)
class AudienceOptions:
    """What an author may choose: an officer only their region, an admin anything."""

    officer_region: Region | None
    regions: tuple[Region, ...]
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Preview:
    """A draft with its audience: how many it would reach, and whether approval is needed."""

    broadcast: Broadcast
    recipients: int
    needs_approval: bool
    options: AudienceOptions | None = None


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A confirmed broadcast: sending, or waiting for one of `approvers`."""

    broadcast: Broadcast
    approvers: tuple[int, ...] = ()

    @property
    def sending(self) -> bool:
        """True when delivery can start now."""
        return self.broadcast.status == SENDING


@dataclass(frozen=True, slots=True)
class BroadcastReport:
    """A broadcast, its delivery counts and why deliveries failed."""

    broadcast: Broadcast
    counts: Counts
    reasons: tuple[tuple[str, str, int], ...]


def split_one_line(text: str) -> tuple[str, str]:
    """Split 'target: message' (the one-line /siaran form) at the first colon."""
    target, colon, body = text.partition(":")
    if not colon or not target.strip() or not body.strip():
        raise UserError.from_catalogue("broadcast_one_line_form")
    return target.strip(), body.strip()


def check_content(content: Content) -> Content:
    """Refuse an empty or over-long message, or an unknown kind of media."""
    limit = MAX_CAPTION if content.media_kind else MAX_TEXT
    if content.media_kind not in (None, *MEDIA_KINDS) or not content.text.strip():
        raise UserError.from_catalogue("broadcast_needs_text")
    if len(content.text) > limit:
        raise UserError.from_catalogue("broadcast_too_long", limit=limit)
    return content


def region_only() -> PermissionDenied:
    """The refusal an officer gets for an audience outside their region."""
    return PermissionDenied.from_catalogue("broadcast_region_only")


def row_to_broadcast(row: dict[str, Any]) -> Broadcast:
    """Turn a broadcasts row into a Broadcast."""
    content = Content(row["text"], row["html"], row["media_kind"], row["media_file_id"])
    chosen = row["recipients"] is not None  # set together with the audience
    audience = Audience(row["province"], row["district"], row["topic"]) if chosen else None
    return Broadcast(
        row["id"],
        row["author_id"],
        row["author_role"],
        row["language"],
        content,
        audience,
        row["status"],
        row["recipients"] or 0,
        row["created_at"],
        row["progress_chat_id"],
        row["progress_message_id"],
    )


class Broadcasts:
    """Create, confirm, approve and deliver broadcasts; every step checks the role."""

    def __init__(
        self,
        db: Database,
        roles: Roles,
        subscriptions: Subscriptions,
        settings: BroadcastSettings,
        clock: Callable[[], dt.datetime],
        slots: SharedSlots | None = None,
    ) -> None:
        self.db, self.roles, self.subscriptions = db, roles, subscriptions
        self.settings, self.clock, self.slots = settings, clock, slots
        self.ledger = Ledger(db, DELIVERIES, clock)

    def require_author(self, user_id: int | None) -> Officer | None:
        """Allow officers (returned) and admins (None); refuse everyone else."""
        return self.roles.require_officer(user_id, "broadcast.create")

    def audience_options(self, author_id: int) -> AudienceOptions:
        """Return what the author may choose as an audience."""
        officer = self.require_author(author_id)
        regions = () if officer else tuple(self.subscriptions.regions())
        return AudienceOptions(officer.region if officer else None, regions, tuple(TOPICS))

    def create(
        self, author_id: int, content: Content, language: str, target: str | None = None
    ) -> Preview:
        """Store a draft; with a typed target ('semua', a region, a topic) choose it too."""
        officer = self.require_author(author_id)
        check_content(content)
        audience = self.resolve_target(officer, target) if target is not None else None
        table = self.db.table("broadcasts")
        table.insert(
            {
                "author_id": author_id,
                "author_role": "officer" if officer else "admin",
                "language": language,
                "text": content.text,
                "html": content.html,
                "media_kind": content.media_kind,
                "media_file_id": content.media_file_id,
                "status": DRAFT,
                "created_at": self.clock().isoformat(),
            }
        )
        broadcast_id = inserted_id(table)
        if audience is None:
            return Preview(self.get(broadcast_id), 0, False, self.audience_options(author_id))
        return self.choose_audience(author_id, broadcast_id, audience)

    def choose_target(self, author_id: int, broadcast_id: int, target: str) -> Preview:
        """Choose a draft's audience from a target: 'semua', a topic, or a region."""
        officer = self.require_author(author_id)
        return self.choose_audience(author_id, broadcast_id, self.resolve_target(officer, target))

    def resolve_target(self, officer: Officer | None, target: str) -> Audience:
        """Turn a typed target into an audience the author may use.

        For an officer 'semua' means their whole region and a topic means that topic there.
        """
        word = "-".join(target.casefold().split())
        topic = word if word in TOPICS else None
        if officer:
            if word in EVERYONE_WORDS or topic:
                return Audience(officer.region.province, officer.region.district, topic)
            return self.checked_audience(officer, Audience(*parse_audience_region(target)))
        if word in EVERYONE_WORDS:
            return Audience()
        return Audience(topic=topic) if topic else Audience(*parse_audience_region(target))

    def checked_audience(self, officer: Officer | None, audience: Audience) -> Audience:
        """Return the audience if the author may use it; officers only inside their region."""
        if audience.topic is not None:
            check_topic(audience.topic)
        if officer and not audience.within(officer.region):
            raise region_only()
        return audience

    def choose_audience(self, author_id: int, broadcast_id: int, audience: Audience) -> Preview:
        """Set a draft's audience; return the recipient count and whether approval is needed."""
        officer = self.require_author(author_id)
        self.own_broadcast(author_id, broadcast_id, DRAFT)
        self.checked_audience(officer, audience)
        recipients = self.subscriptions.count(audience)
        self.db.table("broadcasts").update(
            broadcast_id,
            {
                "province": audience.province,
                "district": audience.district,
                "topic": audience.topic,
                "recipients": recipients,
            },
        )
        needs_approval = recipients > self.settings.approval_threshold
        return Preview(self.get(broadcast_id), recipients, needs_approval)

    def confirm(
        self,
        author_id: int,
        broadcast_id: int,
        progress_chat_id: int | None = None,
        progress_message_id: int | None = None,
    ) -> Confirmation:
        """'Kirim': start sending, or ask another admin to approve a large broadcast."""
        officer = self.require_author(author_id)
        broadcast = self.own_broadcast(author_id, broadcast_id, DRAFT)
        if broadcast.audience is None:
            raise UserError.from_catalogue("broadcast_audience_first")
        audience = self.checked_audience(officer, broadcast.audience)
        recipients = self.subscriptions.count(audience)
        if recipients == 0:
            raise UserError.from_catalogue("broadcast_no_subscribers")
        self.db.table("broadcasts").update(
            broadcast_id,
            {
                "progress_chat_id": progress_chat_id,
                "progress_message_id": progress_message_id,
                "confirmed_at": self.clock().isoformat(),
                "recipients": recipients,
            },
        )
        if recipients <= self.settings.approval_threshold:
            return Confirmation(self.start(broadcast_id, DRAFT))
        return self.ask_approval(author_id, broadcast_id)

    def ask_approval(self, author_id: int, broadcast_id: int) -> Confirmation:
        """Mark a broadcast as waiting for an admin other than its author."""
        approvers = tuple(sorted(self.roles.admins - {author_id}))
        if not approvers:
            raise UserError.from_catalogue(
                "broadcast_no_other_admin", threshold=self.settings.approval_threshold
            )
        self.move(broadcast_id, DRAFT, PENDING_APPROVAL)
        return Confirmation(self.get(broadcast_id), approvers)

    def approve(self, admin_id: int, broadcast_id: int) -> Broadcast:
        """'Setujui': a second person (an admin, not the author) lets a broadcast go out."""
        self.check_decider(admin_id, broadcast_id, "broadcast.approve")
        broadcast = self.start(broadcast_id, PENDING_APPROVAL)
        self.db.table("broadcasts").update(
            broadcast_id, {"decided_by": admin_id, "decided_at": self.clock().isoformat()}
        )
        return broadcast

    def reject(self, admin_id: int, broadcast_id: int) -> Broadcast:
        """'Tolak': an admin stops a broadcast waiting for approval."""
        self.check_decider(admin_id, broadcast_id, "broadcast.reject")
        self.move(
            broadcast_id,
            PENDING_APPROVAL,
            REJECTED,
            decided_by=admin_id,
            decided_at=self.clock().isoformat(),
        )
        return self.get(broadcast_id)

    def check_decider(self, admin_id: int, broadcast_id: int, action: str) -> None:
        """Allow only admins other than the author to decide on a broadcast."""
        self.roles.require(admin_id, action, Role.ADMIN)
        if self.get(broadcast_id).author_id == admin_id:
            raise PermissionDenied.from_catalogue("broadcast_own_approval")

    def cancel(self, author_id: int, broadcast_id: int) -> Broadcast:
        """'Batal': drop a draft (or withdraw one waiting for approval)."""
        broadcast = self.own_broadcast(author_id, broadcast_id, DRAFT, PENDING_APPROVAL)
        self.move(broadcast_id, broadcast.status, CANCELLED)
        return self.get(broadcast_id)

    def start(self, broadcast_id: int, expected: str) -> Broadcast:
        """Fix the recipients (one pending ledger row each) and mark the broadcast sending."""
        broadcast = self.get(broadcast_id)
        assert broadcast.audience is not None
        where, params = audience_filter(broadcast.audience)
        with self.db.atomic():
            self.move(broadcast_id, expected, SENDING)
            chats = f"select chat_id from subscribers where {where}"
            recipients = self.ledger.add(broadcast_id, chats, params)
            self.db.table("broadcasts").update(broadcast_id, {"recipients": recipients})
        return self.get(broadcast_id)

    def move(self, broadcast_id: int, expected: str, status: str, **values: Any) -> None:
        """Change the status if it is still `expected` (a second tap finds it changed)."""
        sets = ", ".join(f"{name} = :{name}" for name in ("status", *values))
        cursor = self.db.execute(
            f"update broadcasts set {sets} where id = :id and status = :expected",
            {"status": status, **values, "id": broadcast_id, "expected": expected},
        )
        if cursor.rowcount != 1:
            raise UserError.from_catalogue("broadcast_handled", broadcast_id=broadcast_id)

    def own_broadcast(self, author_id: int, broadcast_id: int, *statuses: str) -> Broadcast:
        """Return the author's broadcast if it is in one of `statuses`."""
        broadcast = self.get(broadcast_id)
        if broadcast.author_id != author_id:
            raise PermissionDenied.from_catalogue("broadcast_not_yours")
        if broadcast.status not in statuses:
            raise UserError.from_catalogue("broadcast_handled", broadcast_id=broadcast_id)
        return broadcast

    def get(self, broadcast_id: int) -> Broadcast:
        """Return a broadcast or raise NotFound."""
        rows = self.db.table("broadcasts").rows_where("id = ?", [broadcast_id], limit=1)
        row = next(iter(rows), None)
        if row is None:
            raise NotFound.from_catalogue("broadcast_missing", broadcast_id=broadcast_id)
        return row_to_broadcast(row)

    def unfinished(self) -> list[Broadcast]:
        """Return broadcasts whose delivery has not finished (to resume at start-up)."""
        rows = self.db.table("broadcasts").rows_where("status = ?", [SENDING], order_by="id")
        return [row_to_broadcast(row) for row in rows]

    def recent(self, actor_id: int, limit: int = 20) -> list[BroadcastReport]:
        """Return the latest broadcasts with their counts (admins only)."""
        self.roles.require(actor_id, "broadcast.list", Role.ADMIN)
        rows = self.db.table("broadcasts").rows_where(order_by="id desc", limit=limit)
        return [
            BroadcastReport(b, self.ledger.counts(b.id), ()) for b in map(row_to_broadcast, rows)
        ]

    def report(self, actor_id: int, broadcast_id: int) -> BroadcastReport:
        """Return a broadcast's counts and failure reasons (admins, or its author)."""
        broadcast = self.get(broadcast_id)
        if actor_id != broadcast.author_id:
            self.roles.require(actor_id, "broadcast.status", Role.ADMIN)
        return BroadcastReport(
            broadcast, self.ledger.counts(broadcast_id), tuple(self.ledger.reasons(broadcast_id))
        )

    async def deliver(
        self,
        broadcast_id: int,
        send: Send,
        *,
        report: ProgressReport | None = None,
        stopping: Callable[[], bool] = never,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        pace: Pace | None = None,
    ) -> Progress:
        """Deliver (or resume) a sending broadcast; mark it done when every row is final."""
        broadcast = self.get(broadcast_id)
        pace = pace or Pace(
            self.settings.messages_per_second, self.settings.progress_interval_seconds
        )

        async def send_copy(delivery: Delivery) -> DeliveryOutcome:
            return await send(delivery.chat_id, broadcast)

        hooks = Hooks(report or no_report, self.subscriptions.mark_blocked, stopping)
        run = OutboxRun(
            f"Broadcast {broadcast_id}",
            self.ledger,
            broadcast_id,
            send_copy,
            pace,
            clock,
            sleep,
            hooks,
            self.slots,
        )
        progress = await run.run()
        if progress.finished:
            self.db.execute(
                "update broadcasts set status = ?, finished_at = ? where id = ? and status = ?",
                [DONE, self.clock().isoformat(), broadcast_id, SENDING],
            )
        return progress
