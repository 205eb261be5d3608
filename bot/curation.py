"""Curators' review of unanswered questions, and telling askers once an answer exists.

Open questions are grouped (bot.grouping) greedily, oldest first, so a group keeps its id (its
smallest unanswered id) while new questions arrive. Resolving a group marks its rows resolved
and opens one notification per asking user on the unanswered rows themselves (column
notify_status); bot.notifying describes their states, records them and sends each one once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from bot.clock import Clock
from bot.errors import NotFound
from bot.grouping import Group, Page, build_group, clusters, open_rows, preview
from bot.holder import KnowledgeHolder
from bot.knowledge import Entry
from bot.matching import Matcher
from bot.notifying import (
    FAILED,
    FINAL,
    PENDING,
    RETRY,
    RETRY_AFTER,
    SENDING,
    SENT,
    SKIPPED,
    Notification,
    NotificationLedger,
    Send,
    Sleep,
    try_to_send,
)
from bot.roles import Role, Roles
from bot.storage import UnansweredRecords, UserSettings

logger = logging.getLogger(__name__)

MAX_CACHED_QUESTIONS = 50_000
PER_PAGE = 5
FLOOD_ATTEMPTS = 5
RETRY_WAIT = 2.0


class Curation:
    """Admins review open questions by group; resolved groups tell their askers."""

    def __init__(
        self,
        db: Database,
        roles: Roles,
        holder: KnowledgeHolder,
        clock: Clock,
        zone: dt.tzinfo,
    ) -> None:
        self.db, self.roles, self.holder, self.clock = db, roles, holder, clock
        self.zone = zone
        self.ledger = NotificationLedger(db, clock)
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
            self.set_notify([row for row in rows if row["id"] not in told_ids], SKIPPED)
            self.set_notify(told, PENDING)
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

    def set_notify(self, rows: list[dict[str, Any]], status: str) -> None:
        """Set the notification state of rows."""
        self.db.execute(
            "update unanswered set notify_status = ? where id in (select value from json_each(?))",
            [status, ids_json(rows)],
        )

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
        return bool(
            self.db.table("unanswered").count_where(
                "user_id = ? and resolved_entry_id = ? and notify_status in (?, ?, ?)",
                [user_id, entry_id, PENDING, SENDING, SENT],
            )
        )

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
        """Build a pending row's message; None when its entry left the knowledge base."""
        entry = self.holder.knowledge.entry(row["resolved_entry_id"] or "")
        return self.notification(row, entry) if entry else None

    def pending_notifications(self) -> list[Notification]:
        """Return the notifications still to send (e.g. to resume after a restart)."""
        found = (self.notification_for(row) for row in self.ledger.pending())
        return [notification for notification in found if notification]

    async def deliver_notifications(
        self, send: Send, sleep: Sleep, per_second: float = 1.0
    ) -> dict[str, int]:
        """Send every pending notification once, paced; return how many ended in each state."""
        if self.delivering:  # the running worker picks up newly queued rows too
            return {}
        self.delivering = True
        try:
            interrupted = self.ledger.mark_interrupted()
            if interrupted:
                logger.warning(
                    "%d answer notifications were interrupted by a crash; "
                    "marked unknown, not resent",
                    interrupted,
                )
            return await self.deliver_pending(send, sleep, per_second)
        finally:
            self.delivering = False

    async def deliver_pending(self, send: Send, sleep: Sleep, per_second: float) -> dict[str, int]:
        """Send pending rows oldest first, one at a time, until none is left."""
        counts: Counter[str] = Counter()
        while (row := self.ledger.next_pending()) is not None:
            status = await self.deliver_one(row, send, sleep)
            if status:
                counts[status] += 1
            if per_second > 0:
                await sleep(1 / per_second)
        return dict(counts)

    async def deliver_one(self, row: dict[str, Any], send: Send, sleep: Sleep) -> str | None:
        """Claim, send and record one row; retry after flood waits; None if it was taken."""
        notification = self.notification_for(row)
        for attempt in range(1, FLOOD_ATTEMPTS + 1):
            if not self.ledger.claim(row["id"]):
                return None
            result = await try_to_send(send, notification)
            retry = result.status in (RETRY_AFTER, RETRY)
            if not retry or attempt == FLOOD_ATTEMPTS:
                status = result.status if result.status in FINAL else FAILED
                self.ledger.finish(row["id"], status)
                if status != SENT:
                    logger.info("Answer notification %s: %s %s", row["id"], status, result.reason)
                return status
            self.ledger.release(row["id"])
            await sleep(result.wait or RETRY_WAIT)
        return None


def ids_json(rows: list[dict[str, Any]]) -> str:
    """Return the rows' ids as a JSON list (for `in (select value from json_each(?))`)."""
    return json.dumps([row["id"] for row in rows])
