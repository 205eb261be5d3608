"""Broadcasts by officers (their own region) and admins (any audience), with approval, now or
at a time (once, or weekly).

draft ──confirm──▶ sending ──deliver──▶ done
  │        ├──(more recipients than approval_threshold)──▶ pending_approval
  │        │                             ├──approve (another admin)──▶ sending | scheduled
  │        │                             └──reject──▶ rejected
  │        └──(with a planned time)──▶ scheduled ──due──▶ sending | skipped (too late)
  │                                    recurring: makes one `scheduled` copy per occurrence,
  │                                               then `ended` after its last day
  └──cancel──▶ cancelled          (scheduled, recurring and pending_approval can be cancelled)

The approval rule is applied when a broadcast is confirmed, also for a scheduled one. A weekly
series is a broadcast that is never sent itself: each occurrence is a copy (`series_id`) with its
own deliveries, created one at a time (the unique index on series_id and scheduled_at forbids a
second copy of the same occurrence). `release_due` moves due occurrences to sending, or to
skipped when the bot was down for longer than late_limit_minutes, and creates the next one.

Recipients are fixed when sending starts: one ledger row each, in the same transaction as the
status change, so a crash can never leave a broadcast half-addressed. Delivery itself is the
outbox's (bot/outbox/sending.py), like every mass send.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
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
from bot.broadcasts.timing import (
    QuietHours,
    When,
    next_occurrence,
    parse_when,
    split_scheduled_line,
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
SCHEDULED, RECURRING, SKIPPED, ENDED = "scheduled", "recurring", "skipped", "ended"
WEEKLY = "weekly"
CANCELLABLE = (SCHEDULED, RECURRING, PENDING_APPROVAL)
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
    scheduled_at: str | None = None
    repeat: str | None = None
    repeat_until: str | None = None
    series_id: int | None = None
    urgent: bool = False
    finished_at: str | None = None

    @property
    def when(self) -> When | None:
        """The planned time (and weekly rule) of a scheduled broadcast or series; None: now."""
        if self.scheduled_at is None:
            return None
        until = dt.date.fromisoformat(self.repeat_until) if self.repeat_until else None
        return When(dt.datetime.fromisoformat(self.scheduled_at), self.repeat == WEEKLY, until)


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
    starts_at: dt.datetime | None = None  # when quiet hours let it start, if they hold it


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A confirmed broadcast: sending, or waiting for one of `approvers`."""

    broadcast: Broadcast
    approvers: tuple[int, ...] = ()

    @property
    def sending(self) -> bool:
        """True when delivery can start now."""
        return self.broadcast.status == SENDING

    @property
    def scheduled(self) -> bool:
        """True when it waits for its time (approval, if needed, was given)."""
        return self.broadcast.status in (SCHEDULED, RECURRING)


@dataclass(frozen=True, slots=True)
class Released:
    """What `release_due` did: scheduled broadcasts now sending, and those too late to send."""

    started: tuple[Broadcast, ...] = ()
    skipped: tuple[Broadcast, ...] = ()


@dataclass(frozen=True, slots=True)
class ScheduledItem:
    """One line of the schedule: a broadcast waiting for its time (or for approval), the weekly
    series it belongs to, and whether the person asking may cancel it."""

    broadcast: Broadcast
    series: Broadcast | None
    can_cancel: bool

    @property
    def when(self) -> When:
        """The time it goes out, with the series' weekly rule when it has one."""
        own = self.broadcast.when
        assert own is not None
        if self.series is None or self.series.when is None:
            return own
        return replace(self.series.when, first=own.first)


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


def split_broadcast_line(text: str) -> tuple[str, str | None, str]:
    """Split the one-line /siaran form: 'target: message', or 'target @ time: message' (the
    time has colons of its own, so its end is found by reading it)."""
    target, at, rest = text.partition("@")
    if not at or ":" in target:  # an @ inside the message (an e-mail address, say)
        plain_target, body = split_one_line(text)
        return plain_target, None, body
    when_text, body = split_scheduled_line(rest)
    if not target.strip() or not body.strip():
        raise UserError.from_catalogue("broadcast_one_line_form")
    return target.strip(), when_text.strip(), body.strip()


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
        row["scheduled_at"],
        row["repeat"],
        row["repeat_until"],
        row["series_id"],
        bool(row["urgent"]),
        row["finished_at"],
    )


def iso(moment: dt.datetime) -> str:
    """A moment as stored: UTC, ISO 8601 to the second (so stored times compare as text)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def timing_columns(when: When | None) -> dict[str, Any]:
    """The columns that hold a planned time (all None: send when confirmed)."""
    if when is None:
        return {"scheduled_at": None, "repeat": None, "repeat_until": None}
    until = when.until.isoformat() if when.until else None
    return {
        "scheduled_at": iso(when.first),
        "repeat": WEEKLY if when.weekly else None,
        "repeat_until": until,
    }


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
        zone: dt.tzinfo = dt.UTC,
    ) -> None:
        self.db, self.roles, self.subscriptions = db, roles, subscriptions
        self.settings, self.clock, self.slots, self.zone = settings, clock, slots, zone
        self.ledger = Ledger(db, DELIVERIES, clock)
        self.quiet_hours = QuietHours.parse(settings.quiet_hours)

    def require_author(self, user_id: int | None) -> Officer | None:
        """Allow officers (returned) and admins (None); refuse everyone else."""
        return self.roles.require_officer(user_id, "broadcast.create")

    def audience_options(self, author_id: int) -> AudienceOptions:
        """Return what the author may choose as an audience."""
        officer = self.require_author(author_id)
        regions = () if officer else tuple(self.subscriptions.regions())
        return AudienceOptions(officer.region if officer else None, regions, tuple(TOPICS))

    def create(
        self,
        author_id: int,
        content: Content,
        language: str,
        target: str | None = None,
        when_text: str | None = None,
    ) -> Preview:
        """Store a draft; with a typed target ('semua', a region, a topic) choose it too, and
        with a typed time ('besok 09:00', 'setiap Jumat 09:00') plan it for then."""
        officer = self.require_author(author_id)
        check_content(content)
        audience = self.resolve_target(officer, target) if target is not None else None
        when = parse_when(when_text, self.clock(), self.zone) if when_text is not None else None
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
                **timing_columns(when),
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
        return self.preview(self.get(broadcast_id), recipients)

    def plan(self, author_id: int, broadcast_id: int, when_text: str) -> Preview:
        """'Jadwalkan': read the time the author typed and keep it on the draft, to be
        confirmed (the preview shows it back as a full date)."""
        self.require_author(author_id)
        broadcast = self.own_broadcast(author_id, broadcast_id, DRAFT)
        if broadcast.audience is None:
            raise UserError.from_catalogue("broadcast_audience_first")
        when = parse_when(when_text, self.clock(), self.zone)
        self.db.table("broadcasts").update(broadcast_id, timing_columns(when))
        return self.preview(self.get(broadcast_id), self.subscriptions.count(broadcast.audience))

    def preview(self, broadcast: Broadcast, recipients: int) -> Preview:
        """A draft's preview: its count, whether approval is needed, and when it would start."""
        needs_approval = recipients > self.settings.approval_threshold
        moment = broadcast.when.first if broadcast.when else self.clock()
        starts_at = self.held_until(broadcast, moment)
        return Preview(broadcast, recipients, needs_approval, starts_at=starts_at)

    def held_until(self, broadcast: Broadcast, moment: dt.datetime) -> dt.datetime | None:
        """When sending at `moment` would really start if quiet hours hold it; else None."""
        if self.quiet_hours is None or broadcast.urgent:
            return None
        if not self.quiet_hours.quiet_at(moment, self.zone):
            return None
        return self.quiet_hours.ends_after(moment, self.zone)

    def confirm(
        self,
        author_id: int,
        broadcast_id: int,
        progress_chat_id: int | None = None,
        progress_message_id: int | None = None,
        *,
        scheduled: bool = False,
    ) -> Confirmation:
        """'Kirim sekarang': start sending; with `scheduled`, wait for the planned time. Either
        way a large broadcast first needs another admin's approval."""
        officer = self.require_author(author_id)
        broadcast = self.own_broadcast(author_id, broadcast_id, DRAFT)
        if broadcast.audience is None:
            raise UserError.from_catalogue("broadcast_audience_first")
        if scheduled and broadcast.when is None:
            raise UserError.from_catalogue("broadcast_time_first")
        audience = self.checked_audience(officer, broadcast.audience)
        recipients = self.subscriptions.count(audience)
        if recipients == 0 and not scheduled:  # a later time may find subscribers
            raise UserError.from_catalogue("broadcast_no_subscribers")
        self.db.table("broadcasts").update(
            broadcast_id,
            {
                "progress_chat_id": progress_chat_id,
                "progress_message_id": progress_message_id,
                "confirmed_at": self.clock().isoformat(),
                "recipients": recipients,
                **({} if scheduled else timing_columns(None)),
            },
        )
        if recipients > self.settings.approval_threshold:
            return self.ask_approval(author_id, broadcast_id)
        if scheduled:
            return Confirmation(self.schedule(broadcast_id, DRAFT))
        return Confirmation(self.start(broadcast_id, DRAFT))

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
        """'Setujui': a second person (an admin, not the author) lets a broadcast go out (now,
        or at its planned time)."""
        self.check_decider(admin_id, broadcast_id, "broadcast.approve")
        if self.get(broadcast_id).when is None:
            broadcast = self.start(broadcast_id, PENDING_APPROVAL)
        else:
            broadcast = self.schedule(broadcast_id, PENDING_APPROVAL)
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

    def schedule(self, broadcast_id: int, expected: str) -> Broadcast:
        """Let a confirmed (or approved) broadcast wait for its time; a weekly one becomes a
        series with its first occurrence. A time that passed meanwhile (approval came late)
        means now, or the next week's time for a series."""
        broadcast, now = self.get(broadcast_id), self.clock()
        when = broadcast.when
        assert when is not None
        with self.db.atomic():
            if not when.weekly:
                self.move(
                    broadcast_id, expected, SCHEDULED, scheduled_at=iso(max(when.first, now))
                )
                return self.get(broadcast_id)
            first = next_occurrence(when, now, self.zone)  # `first` itself if still ahead
            if first is None:
                raise UserError.from_catalogue("broadcast_series_over")
            self.move(broadcast_id, expected, RECURRING)
            self.add_occurrence(self.get(broadcast_id), first)
        return self.get(broadcast_id)

    def add_occurrence(self, series: Broadcast, moment: dt.datetime) -> None:
        """Create a series' occurrence at `moment` (at most once: the unique index)."""
        row = {
            name: value
            for name, value in self.db.table("broadcasts").get(series.id).items()
            if name not in ("id", "finished_at", "progress_chat_id", "progress_message_id")
        }
        row.update(
            status=SCHEDULED,
            created_at=iso(self.clock()),
            scheduled_at=iso(moment),
            repeat=None,
            repeat_until=None,
            series_id=series.id,
        )
        self.db.table("broadcasts").insert(row, ignore=True)

    def release_due(self) -> Released:
        """Start every scheduled broadcast whose time has come; one more than
        late_limit_minutes late (the bot was down) is skipped instead. Each occurrence of a
        series makes the next one."""
        started: list[Broadcast] = []
        skipped: list[Broadcast] = []
        while (broadcast := self.next_due()) is not None:
            with self.db.atomic():
                if self.too_late(broadcast):
                    self.move(broadcast.id, SCHEDULED, SKIPPED, finished_at=iso(self.clock()))
                    skipped.append(self.get(broadcast.id))
                else:
                    started.append(self.start(broadcast.id, SCHEDULED))
                if broadcast.series_id is not None:
                    self.continue_series(broadcast.series_id, broadcast.when)
        return Released(tuple(started), tuple(skipped))

    def next_due(self) -> Broadcast | None:
        """The earliest scheduled broadcast whose time has come, or None."""
        rows = self.db.table("broadcasts").rows_where(
            "status = ? and scheduled_at <= ?",
            [SCHEDULED, iso(self.clock())],
            order_by="scheduled_at, id",
            limit=1,
        )
        row = next(iter(rows), None)
        return row_to_broadcast(row) if row else None

    def too_late(self, broadcast: Broadcast) -> bool:
        """True when a due broadcast missed its time by more than late_limit_minutes."""
        assert broadcast.when is not None
        late = self.clock() - broadcast.when.first
        return late > dt.timedelta(minutes=self.settings.late_limit_minutes)

    def continue_series(self, series_id: int, done: When | None) -> None:
        """After an occurrence, create the series' next one, or end the series."""
        series = self.get(series_id)
        if series.status != RECURRING or series.when is None or done is None:
            return
        following = next_occurrence(series.when, done.first, self.zone)
        if following is None:
            self.move(series_id, RECURRING, ENDED, finished_at=iso(self.clock()))
        else:
            self.add_occurrence(series, following)

    def scheduled(self, actor_id: int) -> list[ScheduledItem]:
        """What waits for its time (or for approval, with a time): an officer sees their
        region's, an admin everything."""
        officer = self.require_author(actor_id)
        rows = self.db.table("broadcasts").rows_where(
            "(status = ? or (status = ? and scheduled_at is not null))",
            [SCHEDULED, PENDING_APPROVAL],
            order_by="scheduled_at, id",
        )
        items = []
        for broadcast in map(row_to_broadcast, rows):
            if officer and not (broadcast.audience and broadcast.audience.within(officer.region)):
                continue
            series = self.get(broadcast.series_id) if broadcast.series_id else None
            items.append(ScheduledItem(broadcast, series, self.may_manage(officer, broadcast)))
        return items

    @staticmethod
    def may_manage(officer: Officer | None, broadcast: Broadcast) -> bool:
        """Admins manage every broadcast; officers those of officers in their region."""
        if officer is None:
            return True
        inside = broadcast.audience is not None and broadcast.audience.within(officer.region)
        return inside and broadcast.author_role == "officer"

    def cancel_scheduled(self, actor_id: int, broadcast_id: int) -> Broadcast:
        """'Batalkan': stop a scheduled broadcast before it goes out; for an occurrence or a
        series, the whole series (nothing more of it is sent)."""
        officer = self.require_author(actor_id)
        broadcast = self.get(broadcast_id)
        if not self.may_manage(officer, broadcast):
            raise PermissionDenied.from_catalogue("broadcast_schedule_not_yours")
        if broadcast.status not in CANCELLABLE:
            raise UserError.from_catalogue("broadcast_handled", broadcast_id=broadcast_id)
        series_id = broadcast.series_id or (broadcast.id if broadcast.repeat else None)
        with self.db.atomic():
            self.move(broadcast_id, broadcast.status, CANCELLED, finished_at=iso(self.clock()))
            if series_id is not None:
                self.db.execute(
                    "update broadcasts set status = ?, finished_at = ? "
                    "where (id = ? or series_id = ?) and status in (?, ?)",
                    [CANCELLED, iso(self.clock()), series_id, series_id, SCHEDULED, RECURRING],
                )
        return self.get(broadcast_id)

    def own_draft(self, author_id: int, broadcast_id: int) -> Broadcast:
        """The author's draft (to plan its time); refuse anyone else's or a sent one."""
        self.require_author(author_id)
        return self.own_broadcast(author_id, broadcast_id, DRAFT)

    def toggle_urgent(self, admin_id: int, broadcast_id: int) -> Preview:
        """An admin lets one broadcast (or series) go out during quiet hours too, or takes the
        mark back."""
        self.roles.require(admin_id, "broadcast.urgent", Role.ADMIN)
        broadcast = self.get(broadcast_id)
        if broadcast.status not in (DRAFT, SENDING, *CANCELLABLE):
            raise UserError.from_catalogue("broadcast_handled", broadcast_id=broadcast_id)
        self.db.execute(
            "update broadcasts set urgent = ? where id = ? or (series_id = ? and status = ?)",
            [int(not broadcast.urgent), broadcast_id, broadcast_id, SCHEDULED],
        )
        broadcast = self.get(broadcast_id)
        audience = broadcast.audience
        return self.preview(broadcast, self.subscriptions.count(audience) if audience else 0)

    def quiet_now(self) -> float:
        """Seconds until quiet hours end (0 outside them): what every mass send waits out."""
        if self.quiet_hours is None:
            return 0.0
        return self.quiet_hours.seconds_left(self.clock(), self.zone)

    def quiet_seconds(self, broadcast_id: int) -> float:
        """Seconds until a broadcast may go on sending: 0 outside quiet hours or if urgent."""
        left = self.quiet_now()
        return 0.0 if left and self.get(broadcast_id).urgent else left

    def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> Broadcast:
        """Show a (scheduled) broadcast's progress in this message."""
        self.db.table("broadcasts").update(
            broadcast_id, {"progress_chat_id": chat_id, "progress_message_id": message_id}
        )
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
            self.settings.messages_per_second,
            self.settings.progress_interval_seconds,
            quiet_check=self.settings.schedule_check_seconds,
        )

        async def send_copy(delivery: Delivery) -> DeliveryOutcome:
            return await send(delivery.chat_id, broadcast)

        hooks = Hooks(
            report or no_report,
            self.subscriptions.mark_blocked,
            stopping,
            quiet=lambda: self.quiet_seconds(broadcast_id),
        )
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
