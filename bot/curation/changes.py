""" "What changed" notices: when an entry's answer changes, the people who got the old answer
and the subscribers of its topic can be told, once, after an admin saw a preview.

Finding a change. served_answers keeps a hash of each entry's answer (Indonesian and English) as
last seen by any process on this database; `detect` compares the knowledge in service with it.
It runs at start-up (so an answer edited while the bot was down is found too), after every
editor write (/faq, /belum_terjawab, `policybot kb import`), and every few seconds in the bot
(handlers/changes.py), which sees the reloads of /muat_ulang and of the file watch; it costs
nothing while the knowledge in service is the one it last checked. A change is a row of answer_changes, unique per (entry, new answer):
when the CLI records an import and the bot's reload then sees the same edit, it is one change.
New and deleted entries are no change of an answer; nor is a new phrasing.

Telling. The bot previews each change once to the admins (`take_previews`). **Kirim** fixes the
audience at that moment as rows of the outbox's change_notices table (bot/outbox/sending.py,
unique per change and chat), so a second tap, or a second admin, adds nobody; **Lewati** drops
it. The audience: every user who was answered with the entry in the `notice_days` days before
the change, and the active subscribers its topic reaches (as a broadcast about that topic
would), less those who turned notices off with the 🔕 of answer notices (one setting for both).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.access.roles import Role, Roles
from bot.answering.answerer import AnswerOutcome, title_question
from bot.broadcasts.subscriptions import Audience, audience_filter
from bot.clock import Clock
from bot.errors import NotFound, UserError
from bot.knowledge.base import Entry, KnowledgeBase
from bot.knowledge.current import KnowledgeHolder
from bot.outbox.sending import (
    Delivery,
    DeliveryOutcome,
    Hooks,
    Ledger,
    LedgerTable,
    Monotonic,
    OutboxRun,
    Pace,
    SharedSlots,
    Sleep,
    Status,
    ignore_blocked,
    never,
    never_quiet,
)

CHANGE_NOTICES = LedgerTable("change_notices", scope="change_id")
SENT, SKIPPED = "sent", "skipped"
FIRST_LINES = 3
FIRST_CHARACTERS = 350


def answer_hash(entry: Entry) -> str:
    """A short fingerprint of an entry's answer in both languages (not of its phrasings)."""
    both = json.dumps([entry.answer, entry.answer_en], ensure_ascii=False)
    return hashlib.sha256(both.encode("utf-8")).hexdigest()[:16]


def first_lines(answer: str) -> str:
    """The opening of an answer: its first few lines, cut at a word when they run long."""
    lines = [line for line in answer.strip().splitlines() if line.strip()]
    shown = "\n".join(lines[:FIRST_LINES])
    if len(shown) > FIRST_CHARACTERS:
        shown = shown[:FIRST_CHARACTERS].rsplit(" ", 1)[0]
    return shown if shown == answer.strip() else f"{shown} …"


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """One change of an entry's answer, and what an admin decided about telling people."""

    id: int
    entry_id: str
    detected_at: dt.datetime
    decision: str | None = None


@dataclass(frozen=True, slots=True)
class ChangePreview:
    """What the admins see before deciding: the entry as it now reads, and whom it would reach."""

    change: AnswerChange
    entry: Entry
    audience: int

    def question(self, language: str) -> str:
        """The question that names the entry."""
        return title_question(self.entry, language)

    def opening(self, language: str) -> str:
        """The first lines of the new answer."""
        return first_lines(self.entry.answer_in(language))


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """Telling one chat that an answer it got (or follows) has changed, in its language."""

    change_id: int
    chat_id: int
    language: str
    entry: Entry

    @property
    def question(self) -> str:
        """The question that names the entry, in the chat's language."""
        return title_question(self.entry, self.language)

    @property
    def opening(self) -> str:
        """The first lines of the new answer."""
        return first_lines(self.entry.answer_in(self.language))


ChangeNoticeSend = Callable[[ChangeNotice], Awaitable[DeliveryOutcome]]


class AnswerChanges:
    """Find changed answers, preview them to admins, and tell their audience on an admin's word."""

    def __init__(
        self,
        db: Database,
        holder: KnowledgeHolder,
        roles: Roles,
        clock: Clock,
        notice_days: int,
        slots: SharedSlots | None = None,
        on_blocked: Callable[[int], None] = ignore_blocked,
        *,
        quiet: Callable[[], float] = never_quiet,
        quiet_check: float = 30.0,
    ) -> None:
        self.db, self.holder, self.roles, self.clock = db, holder, roles, clock
        self.notice_days, self.slots, self.on_blocked = notice_days, slots, on_blocked
        # Notices wait out the broadcasts' quiet hours: they reach as many people at once.
        self.quiet, self.quiet_check = quiet, quiet_check
        self.ledger = Ledger(db, CHANGE_NOTICES, clock)
        self.checked: KnowledgeBase | None = None
        self.delivering = False

    # -- finding changes --------------------------------------------------------------------

    def detect(self) -> list[int]:
        """Record each entry whose answer differs from the one last served; return the ids of
        the changes recorded now (a change another process recorded already is not)."""
        knowledge = self.holder.knowledge
        if knowledge is self.checked:
            return []
        current = {entry.id: answer_hash(entry) for entry in knowledge.entries}
        now = self.clock().isoformat()
        with self.db.atomic():
            served = dict(self.db.execute("select entry_id, answer_hash from served_answers"))
            changed = [e for e, digest in current.items() if served.get(e, digest) != digest]
            recorded = [self.record(entry_id, current[entry_id], now) for entry_id in changed]
            self.remember(current, served, now)
        self.checked = knowledge
        return [change_id for change_id in recorded if change_id]

    def record(self, entry_id: str, digest: str, now: str) -> int | None:
        """Add one change unless it is known; return its id when added."""
        cursor = self.db.execute(
            "insert or ignore into answer_changes (entry_id, answer_hash, detected_at) "
            "values (?, ?, ?)",
            [entry_id, digest, now],
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def remember(self, current: dict[str, str], served: dict[str, str], now: str) -> None:
        """Store the answers now served (new or changed ones); forget entries that are gone."""
        different = [[e, digest] for e, digest in current.items() if served.get(e) != digest]
        self.db.execute(
            "insert or replace into served_answers (entry_id, answer_hash, seen_at) "
            "select json_extract(value, '$[0]'), json_extract(value, '$[1]'), ? "
            "from json_each(?)",
            [now, json.dumps(different)],
        )
        gone = [entry_id for entry_id in served if entry_id not in current]
        self.db.execute(
            "delete from served_answers where entry_id in (select value from json_each(?))",
            [json.dumps(gone)],
        )

    # -- previews and decisions -------------------------------------------------------------

    def take_previews(self) -> list[ChangePreview]:
        """Return the undecided changes no admin was shown yet, each marked shown first (so
        each is previewed once); a change whose entry was deleted meanwhile is marked and
        dropped."""
        rows = self.db.execute(
            "select id from answer_changes where previewed_at is null and decision is null "
            "order by id"
        ).fetchall()
        previews = []
        for (change_id,) in rows:
            claimed = self.db.execute(
                "update answer_changes set previewed_at = ? where id = ? and previewed_at is null",
                [self.clock().isoformat(), change_id],
            )
            if claimed.rowcount != 1:
                continue
            change = self.change(change_id)
            entry = self.holder.knowledge.entry(change.entry_id)
            if entry is not None:
                previews.append(ChangePreview(change, entry, self.audience_count(change, entry)))
        return previews

    def change(self, change_id: int) -> AnswerChange:
        """Return one change (NotFound when there is none)."""
        row = self.db.execute(
            "select id, entry_id, detected_at, decision from answer_changes where id = ?",
            [change_id],
        ).fetchone()
        if row is None:
            raise NotFound.from_catalogue("change_not_found")
        return AnswerChange(row[0], row[1], dt.datetime.fromisoformat(row[2]), row[3])

    def question_of(self, change_id: int, language: str) -> str:
        """The question naming a change's entry (the entry's id once it is gone)."""
        entry_id = self.change(change_id).entry_id
        entry = self.holder.knowledge.entry(entry_id)
        return title_question(entry, language) if entry else entry_id

    def audience(self, change: AnswerChange, entry: Entry) -> tuple[str, dict[str, Any]]:
        """The SQL selecting the distinct chats to tell (as chat_id), and its parameters."""
        followers, params = audience_filter(Audience(topic=entry.topic))
        since = change.detected_at - dt.timedelta(days=self.notice_days)
        sql = (
            "select chat_id from ("
            "select user_id as chat_id from questions where entry_id = :entry "
            "and outcome = :answered and user_id is not null "
            "and asked_at >= :since and asked_at < :until "
            f"union select chat_id from subscribers where {followers}"
            ") where chat_id not in "
            "(select user_id from users where answer_notifications = 0)"
        )
        return sql, {
            **params,
            "entry": entry.id,
            "answered": AnswerOutcome.ANSWER.value,
            "since": since.isoformat(),
            "until": change.detected_at.isoformat(),
        }

    def audience_chats(self, change: AnswerChange, entry: Entry) -> list[int]:
        """The chats a notice about this change would reach now, in order."""
        sql, params = self.audience(change, entry)
        return [row[0] for row in self.db.execute(f"{sql} order by chat_id", params)]

    def audience_count(self, change: AnswerChange, entry: Entry) -> int:
        """How many chats a notice about this change would reach now."""
        sql, params = self.audience(change, entry)
        return int(self.db.execute(f"select count(*) from ({sql})", params).fetchone()[0])

    def send(self, admin_id: int | None, change_id: int) -> int:
        """'Kirim': queue one notice per chat of the audience as it is now; return how many.

        The decision and the rows are written together, and only while no decision was made,
        so a second tap (or a second admin) queues nothing."""
        self.roles.require(admin_id, "answer_changes.send", Role.ADMIN)
        change = self.change(change_id)
        entry = self.holder.knowledge.entry(change.entry_id)
        if entry is None:
            raise NotFound.from_catalogue("change_entry_gone", entry_id=change.entry_id)
        with self.db.atomic():
            self.decide(change, SENT, admin_id)
            sql, params = self.audience(change, entry)
            return self.ledger.add(change_id, sql, params)

    def skip(self, admin_id: int | None, change_id: int) -> AnswerChange:
        """'Lewati': tell nobody about this change."""
        self.roles.require(admin_id, "answer_changes.skip", Role.ADMIN)
        change = self.change(change_id)
        self.decide(change, SKIPPED, admin_id)
        return change

    def decide(self, change: AnswerChange, decision: str, admin_id: int | None) -> None:
        """Record an admin's decision; UserError when one was made already."""
        decided = self.db.execute(
            "update answer_changes set decision = ?, decided_by = ?, decided_at = ? "
            "where id = ? and decision is null",
            [decision, admin_id, self.clock().isoformat(), change.id],
        )
        if decided.rowcount != 1:
            raise UserError.from_catalogue("change_decided")

    # -- delivery ---------------------------------------------------------------------------

    def language_of(self, chat_id: int) -> str:
        """A chat's language: the one its user chose, else its subscription's, else Indonesian."""
        row = self.db.execute(
            "select coalesce((select language from users where user_id = :chat), "
            "(select language from subscribers where chat_id = :chat), "
            "(select language from questions where user_id = :chat order by id desc limit 1))",
            {"chat": chat_id},
        ).fetchone()
        return row[0] if row and row[0] in ("id", "en") else "id"

    def pending_changes(self) -> list[int]:
        """The changes with notices still to send, oldest first."""
        rows = self.db.execute(
            "select distinct change_id from change_notices where status = ? order by change_id",
            [Status.PENDING.value],
        ).fetchall()
        return [row[0] for row in rows]

    async def deliver(
        self,
        send: ChangeNoticeSend,
        sleep: Sleep = asyncio.sleep,
        per_second: float = 1.0,
        clock: Monotonic = time.monotonic,
        stopping: Callable[[], bool] = never,
    ) -> dict[str, int]:
        """Send every pending notice once, change after change, through the outbox; return
        this run's counts (also after a restart: the rows wait in the ledger). When `stopping`
        turns true (the bot shuts down, even in quiet hours) the rest waits for the next start."""
        if self.delivering:  # the running worker goes on to the changes queued meanwhile
            return {}
        self.delivering = True
        totals: dict[str, int] = {}
        ran: set[int] = set()
        try:
            while not stopping() and (pending := self.pending_changes()):
                if pending[0] in ran:  # a run ends with its rows done: never loop on one
                    break
                ran.add(pending[0])
                hooks = Hooks(on_blocked=self.on_blocked, stopping=stopping, quiet=self.quiet)
                counts = await self.deliver_change(
                    pending[0], send, sleep, per_second, clock, hooks
                )
                for status, count in counts.items():
                    totals[status] = totals.get(status, 0) + count
            return totals
        finally:
            self.delivering = False

    async def deliver_change(
        self,
        change_id: int,
        send: ChangeNoticeSend,
        sleep: Sleep,
        per_second: float,
        clock: Monotonic,
        hooks: Hooks,
    ) -> dict[str, int]:
        """One outbox run over one change's notices."""
        run = OutboxRun(
            f"change notices #{change_id}",
            self.ledger,
            change_id,
            self.sender(send, self.change(change_id)),
            Pace(messages_per_second=per_second, quiet_check=self.quiet_check),
            clock,
            sleep,
            hooks,
            shared=self.slots,
        )
        return (await run.run()).this_run.as_dict()

    def sender(
        self, send: ChangeNoticeSend, change: AnswerChange
    ) -> Callable[[Delivery], Awaitable[DeliveryOutcome]]:
        """Turn a queued row of one change into its message for `send` (the entry as served at
        that moment); a deleted entry fails the row."""

        async def send_row(delivery: Delivery) -> DeliveryOutcome:
            entry = self.holder.knowledge.entry(change.entry_id)
            if entry is None:
                return DeliveryOutcome.failed("entry removed from the knowledge base")
            language = self.language_of(delivery.chat_id)
            return await send(ChangeNotice(change.id, delivery.chat_id, language, entry))

        return send_row
