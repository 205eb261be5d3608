"""Curators' review of unanswered questions, and telling askers once an answer exists.

Open questions are grouped (bot.curation.grouping) greedily, oldest first, so a group keeps its id (its
smallest unanswered id) while new questions arrive. Resolving a group marks its rows resolved
and queues one notification per asking user in the outbox's answer_notices table
(bot.curation.notifying); the outbox (bot.outbox.sending) sends each one once, paced.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlite_utils import Database

from bot.access.roles import Role, Roles
from bot.clock import Clock
from bot.curation.grouping import Group, Page, build_group, clusters, open_rows, preview
from bot.curation.notifying import ANSWER_NOTICES, Notification
from bot.errors import NotFound
from bot.knowledge.base import Entry
from bot.knowledge.current import KnowledgeHolder
from bot.matching.ranking import Matcher
from bot.outbox.sending import (
    Delivery,
    DeliveryOutcome,
    Hooks,
    Ledger,
    Monotonic,
    OutboxRun,
    Pace,
    SharedSlots,
    Sleep,
    Status,
    ignore_blocked,
    never,
)
from bot.storage.store import UnansweredRecords, UserSettings

logger = logging.getLogger(__name__)

MAX_CACHED_QUESTIONS = 50_000
PER_PAGE = 5
NoticeSend = Callable[[Notification], Awaitable[DeliveryOutcome]]


class Curation:
    """Admins review open questions by group; resolved groups tell their askers."""

    def __init__(
        self,
        db: Database,
        roles: Roles,
        holder: KnowledgeHolder,
        clock: Clock,
        zone: dt.tzinfo,
        slots: SharedSlots | None = None,
        on_blocked: Callable[[int], None] = ignore_blocked,
    ) -> None:
        self.db, self.roles, self.holder, self.clock = db, roles, holder, clock
        self.zone, self.slots = zone, slots
        self.on_blocked = (
            on_blocked  # an asker who blocked the bot is unsubscribed, as for broadcasts
        )
        self.ledger = Ledger(db, ANSWER_NOTICES, clock)
        self.delivering = False
        self.cached_for: Matcher | None = None
        self.word_cache: dict[str, frozenset[str]] = {}
        self.review = UnansweredRecords(db)
        self.users = UserSettings(db)

    def open_clusters(self) -> list[list[dict[str, Any]]]:
        """Cluster the open rows, reusing the words of questions seen with this matcher."""
        matcher = self.holder.matcher
        if matcher is not self.cached_for or len(self.word_cache) > MAX_CACHED_QUESTIONS:
            self.cached_for, self.word_cache = matcher, {}
        return clusters(open_rows(self.db), matcher, self.word_cache)

    def groups(self, admin_id: int | None, page: int = 0, per_page: int = PER_PAGE) -> Page:
        """Return one page of open-question groups, largest first (admins only)."""
        self.roles.require(admin_id, "unanswered.review", Role.ADMIN)
        found, per_page = self.open_clusters(), max(1, per_page)
        pages = max(1, math.ceil(len(found) / per_page))
        page = min(max(page, 0), pages - 1)
        shown = found[page * per_page : (page + 1) * per_page]
        matcher = self.holder.matcher
        return Page(
            tuple(build_group(rows, matcher) for rows in shown),
            page,
            pages,
            len(found),
            sum(map(len, found)),
        )

    def group(self, admin_id: int | None, group_id: int) -> Group:
        """Return one group with its proposals (admins only)."""
        self.roles.require(admin_id, "unanswered.review", Role.ADMIN)
        return build_group(self.rows_of(group_id), self.holder.matcher)

    def rows_of(
        self, group_id: int, unanswered_ids: Sequence[int] | None = None
    ) -> list[dict[str, Any]]:
        """Return the open rows of a group (or of the ids shown); NotFound once it was handled."""
        if unanswered_ids is None:
            found = (rows for rows in self.open_clusters() if rows[0]["id"] == group_id)
            rows = next(found, [])
        else:
            rows = self.open_rows_among(unanswered_ids) if group_id in unanswered_ids else []
        if not rows:
            raise NotFound.from_catalogue("unanswered_group_gone")
        return rows

    def open_rows_among(self, unanswered_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Return the rows with these ids that are still open, oldest first."""
        return list(
            self.db.table("unanswered").rows_where(
                "status = 'open' and id in (select value from json_each(?))",
                [json.dumps(list(unanswered_ids))],
                order_by="id",
            )
        )

    def resolve_group(
        self,
        admin_id: int | None,
        group_id: int,
        entry_id: str,
        unanswered_ids: Sequence[int] | None = None,
    ) -> list[Notification]:
        """Mark a group answered by an entry; queue and return one notification per asker.

        Pass the group's unanswered_ids as shown to the admin when the knowledge base was
        reloaded in between (a new phrasing shifts word weights, so groups may regroup).
        """
        self.roles.require(admin_id, "unanswered.resolve", Role.ADMIN)
        entry = self.holder.knowledge.entry(entry_id)
        if entry is None:
            raise NotFound.from_catalogue("entry_missing", entry_id=entry_id)
        rows = self.rows_of(group_id, unanswered_ids)
        with self.db.atomic():
            told = self.recipients(rows, entry_id)
            self.close(rows, "resolved", entry_id)
            told_ids = {row["id"] for row in told}
            skipped = [row for row in rows if row["id"] not in told_ids]
            self.ledger.add_rows(None, notice_rows(skipped), Status.SKIPPED)
            self.ledger.add_rows(None, notice_rows(told), Status.PENDING)
        return [self.notification(row, entry) for row in told]

    def dismiss_group(self, admin_id: int | None, group_id: int) -> Group:
        """Dismiss a group as out of scope; nobody is told (admins only)."""
        self.roles.require(admin_id, "unanswered.dismiss", Role.ADMIN)
        rows = self.rows_of(group_id)
        group = build_group(rows, self.holder.matcher)
        self.close(rows, "dismissed", None)
        return group

    def close(self, rows: list[dict[str, Any]], status: str, entry_id: str | None) -> None:
        """Set the status of still-open rows, with the time and the resolving entry."""
        self.review.close_open([row["id"] for row in rows], status, self.clock(), entry_id)

    def recipients(self, rows: list[dict[str, Any]], entry_id: str) -> list[dict[str, Any]]:
        """Return each asker's first row, for askers who want to be told and were not yet."""
        chosen: dict[int, dict[str, Any]] = {}
        for row in rows:
            user_id = row["user_id"]
            if user_id is None or user_id in chosen:
                continue
            if self.wants_notifications(user_id) and not self.told(user_id, entry_id):
                chosen[user_id] = row
        return list(chosen.values())

    def told(self, user_id: int, entry_id: str) -> bool:
        """Tell whether a user already has a notification about this entry."""
        row = self.db.execute(
            "select count(*) from answer_notices join unanswered using (id) "
            "where answer_notices.user_id = ? and resolved_entry_id = ? "
            "and answer_notices.status in (?, ?, ?)",
            [user_id, entry_id, Status.PENDING.value, Status.SENDING.value, Status.SENT.value],
        ).fetchone()
        return bool(row[0])

    def wants_notifications(self, user_id: int) -> bool:
        """Tell whether a user wants answers to their old questions (the default: yes)."""
        row = self.user(user_id)
        return not row or row.get("answer_notifications") != 0

    def set_answer_notifications(self, user_id: int, enabled: bool) -> None:
        """Turn a user's 'your question now has an answer' messages on or off."""
        self.users.set_answer_notifications(user_id, enabled)

    def user(self, user_id: int) -> dict[str, Any] | None:
        """Return a user's settings row, or None."""
        return next(iter(self.db.table("users").rows_where("user_id = ?", [user_id])), None)

    def notification(self, row: dict[str, Any], entry: Entry) -> Notification:
        """Build the message for one asker, in their chosen language (else the question's)."""
        user = self.user(row["user_id"]) or {}
        language = user.get("language") or row["language"] or "id"
        asked_on = dt.datetime.fromisoformat(row["asked_at"]).astimezone(self.zone).date()
        return Notification(
            row["id"],
            row["user_id"],
            language,
            asked_on,
            preview(row["question"]),
            entry.id,
            entry.answer_in(language),
        )

    def notification_for(self, row: dict[str, Any]) -> Notification | None:
        """Build a queued row's message; None when its entry left the knowledge base."""
        entry = self.holder.knowledge.entry(row["resolved_entry_id"] or "")
        return self.notification(row, entry) if entry else None

    def notification_of(self, unanswered_id: int) -> Notification | None:
        """Build the message of one queued row (None when the row or its entry is gone)."""
        rows = self.db.table("unanswered").rows_where("id = ?", [unanswered_id], limit=1)
        row = next(iter(rows), None)
        return self.notification_for(row) if row else None

    def pending_notifications(self) -> list[Notification]:
        """Return the notifications still to send (e.g. to resume after a restart)."""
        found = (self.notification_of(row_id) for row_id in self.ledger.pending_ids())
        return [notification for notification in found if notification]

    async def deliver_notifications(
        self,
        send: NoticeSend,
        sleep: Sleep = asyncio.sleep,
        per_second: float = 1.0,
        clock: Monotonic = time.monotonic,
        stopping: Callable[[], bool] = never,
    ) -> dict[str, int]:
        """Send every pending notification once, through the outbox; return this run's counts
        (when `stopping` turns true, the rest waits for the next start)."""
        if self.delivering:  # the running worker picks up newly queued rows too
            return {}
        self.delivering = True
        try:
            run = OutboxRun(
                "answer notifications",
                self.ledger,
                None,
                self.sender(send),
                Pace(messages_per_second=per_second),
                clock,
                sleep,
                Hooks(on_blocked=self.on_blocked, stopping=stopping),
                shared=self.slots,
            )
            return (await run.run()).this_run.as_dict()
        finally:
            self.delivering = False

    def sender(self, send: NoticeSend) -> Callable[[Delivery], Awaitable[DeliveryOutcome]]:
        """Turn a queued row into its message for `send`; a removed entry fails the row."""

        async def send_row(delivery: Delivery) -> DeliveryOutcome:
            notification = self.notification_of(delivery.id)
            if notification is None:
                return DeliveryOutcome.failed("entry removed from the knowledge base")
            return await send(notification)

        return send_row


def notice_rows(rows: list[dict[str, Any]]) -> list[tuple[int, int | None]]:
    """The (id, chat) of the notice about each unanswered row: same id, the asker's chat."""
    return [(row["id"], row["user_id"]) for row in rows]
