"""The outbox: every mass send (broadcasts, answer notifications, any later one) goes through here.

One row per message in a ledger table, claimed before anything is sent:

pending ──claim (committed)──▶ sending ──▶ sent | blocked | failed | unknown
   ▲                              │
   └──── release (429, or a network error that surely did not reach Telegram)

Telegram has no idempotency key, so a row is committed as `sending` *before* its message goes
out. A row still `sending` when a run starts was left by a crash: the message may or may not
have arrived, so it becomes `unknown` and is reported, never resent. Rows that need no message
(an asker who opted out, say) are `skipped`.

The worker (OutboxRun) walks a ledger in order. For each row it waits for its send slot, claims
the row, then calls the injected `send`, which reports what happened as a DeliveryOutcome. A
429 holds the whole run for the time Telegram gave (only this run: the rest of the bot keeps
answering) and puts the row back; so does a network error that surely did not reach Telegram,
with backoff. The monotonic clock and the sleep are injected so runs can be tested without
waiting.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, fields
from enum import Enum, StrEnum
from typing import Any

from sqlite_utils import Database

from bot.access.privacy import DELETED
from bot.clock import Clock, Monotonic

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
STOP_CHECK_SECONDS = 0.25
INTERRUPTED = "interrupted: the bot stopped while sending; not resent"


class Status(StrEnum):
    """The state of one ledger row."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"


FINAL = (Status.SENT, Status.BLOCKED, Status.FAILED, Status.UNKNOWN)


class Outcome(Enum):
    """What happened to one message."""

    SENT = Status.SENT.value
    BLOCKED = Status.BLOCKED.value
    FAILED = Status.FAILED.value
    UNKNOWN = Status.UNKNOWN.value
    RETRY_AFTER = "retry_after"
    RETRY = "retry"


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """The result of one send, as the channel adapter saw it."""

    kind: Outcome
    reason: str = ""
    wait: float = 0.0

    @classmethod
    def sent(cls) -> DeliveryOutcome:
        """The message was delivered."""
        return cls(Outcome.SENT)

    @classmethod
    def blocked(cls, reason: str = "") -> DeliveryOutcome:
        """The chat blocked the bot (or removed it)."""
        return cls(Outcome.BLOCKED, reason)

    @classmethod
    def failed(cls, reason: str = "") -> DeliveryOutcome:
        """Telegram refused the message for good (e.g. chat not found)."""
        return cls(Outcome.FAILED, reason)

    @classmethod
    def unknown(cls, reason: str = "") -> DeliveryOutcome:
        """The request may have reached Telegram: report it, never resend it."""
        return cls(Outcome.UNKNOWN, reason)

    @classmethod
    def flood_wait(cls, seconds: float) -> DeliveryOutcome:
        """Telegram said 429: wait this long, then send the message again."""
        return cls(Outcome.RETRY_AFTER, f"retry after {seconds:g} s", seconds)

    @classmethod
    def retry(cls, reason: str) -> DeliveryOutcome:
        """A network error that surely did not reach Telegram: try again after a backoff."""
        return cls(Outcome.RETRY, reason)

    @property
    def status(self) -> Status | None:
        """The final status this outcome gives its row; None for the two kinds of retry."""
        return Status(self.kind.value) if self.kind.value in Status._value2member_map_ else None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One row of a ledger: a message to one chat."""

    id: int
    chat_id: int


@dataclass(frozen=True, slots=True)
class Counts:
    """How many rows (of a broadcast, say) are in each state."""

    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        """Every recipient."""
        return self.remaining + self.done

    @property
    def remaining(self) -> int:
        """Recipients not finished yet (pending or being sent)."""
        return self.pending + self.sending

    @property
    def done(self) -> int:
        """Recipients with a final state."""
        return self.sent + self.blocked + self.failed + self.unknown

    def as_dict(self) -> dict[str, int]:
        """The states with at least one row, e.g. {'sent': 2, 'blocked': 1}."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


COUNTED = tuple(Status(f.name) for f in fields(Counts))


@dataclass(frozen=True, slots=True)
class LedgerTable:
    """Where one kind of mass send keeps its rows, and what the columns are called there.

    `scope` names the column that splits the table into separate outboxes (a broadcast's
    deliveries), or is None when the whole table is one outbox. Columns set to None are absent.
    """

    table: str
    scope: str | None = None
    chat: str = "chat_id"
    status: str = "status"
    claimed_at: str = "claimed_at"
    finished_at: str = "finished_at"
    reason: str | None = "reason"
    attempts: str | None = "attempts"


class Ledger:
    """One ledger table; every change is committed before the caller goes on.

    Methods take the scope value (a broadcast id) first; for an unscoped table it is ignored.
    """

    def __init__(self, db: Database, table: LedgerTable, clock: Clock) -> None:
        self.db, self.spec, self.clock = db, table, clock

    def in_scope(self, scope: Any) -> tuple[str, list[Any]]:
        """The SQL condition (and its parameter) selecting one outbox's rows."""
        if self.spec.scope is None:
            return "1 = 1", []
        return f"{self.spec.scope} = ?", [scope]

    def update(self, values: dict[str | None, Any], where: str, params: Sequence[Any]) -> int:
        """Set columns (None names an absent column: skipped) where a condition holds."""
        present = {column: value for column, value in values.items() if column is not None}
        sets = ", ".join(f"{column} = ?" for column in present)
        cursor = self.db.execute(
            f"update {self.spec.table} set {sets} where {where}", [*present.values(), *params]
        )
        return cursor.rowcount

    def add(self, scope: Any, chats_query: str, params: dict[str, Any]) -> int:
        """Add a pending row for every chat `chats_query` selects (as chat_id); return how many."""
        spec = self.spec
        columns = [c for c in (spec.scope, spec.chat, spec.status, spec.attempts) if c]
        values = [":scope"] if spec.scope else []
        values += ["chat_id", f"'{Status.PENDING.value}'"] + (["0"] if spec.attempts else [])
        cursor = self.db.execute(
            f"insert into {spec.table} ({', '.join(columns)}) "
            f"select {', '.join(values)} from ({chats_query}) order by chat_id",
            {**params, "scope": scope},
        )
        return cursor.rowcount

    def add_rows(self, scope: Any, rows: Sequence[tuple[int, int | None]], status: Status) -> None:
        """Add (id, chat) rows whose ids the caller chooses (an answer notice takes the id of the
        question it tells about): pending to send them, or skipped to record that they need no
        message (their chat may then be None). A row whose id is there already starts over: a
        question reopened, then resolved again, is queued anew."""
        spec = self.spec
        columns = ["id", spec.chat, spec.status, *(c for c in (spec.scope, spec.attempts) if c)]
        values = ["json_extract(value, '$[0]')", "json_extract(value, '$[1]')", ":status"]
        values += ([":scope"] if spec.scope else []) + (["0"] if spec.attempts else [])
        self.db.execute(
            f"insert or replace into {spec.table} ({', '.join(columns)}) "
            f"select {', '.join(values)} from json_each(:rows)",
            {"rows": json_list(rows), "status": status.value, "scope": scope},
        )

    def mark_interrupted(self, scope: Any = None) -> int:
        """Turn rows left `sending` (by a crash) into `unknown`; return how many."""
        where, params = self.in_scope(scope)
        values = {
            self.spec.status: Status.UNKNOWN.value,
            self.spec.reason: INTERRUPTED,
            self.spec.finished_at: self.clock().isoformat(),
        }
        status = f"{where} and {self.spec.status} = ?"
        return self.update(values, status, [*params, Status.SENDING.value])

    def next_pending(self, scope: Any = None, after_id: int = 0) -> Delivery | None:
        """Return the first pending row after `after_id`, in order, or None."""
        where, params = self.in_scope(scope)
        row = self.db.execute(
            f"select id, {self.spec.chat} from {self.spec.table} where {where} "
            f"and {self.spec.status} = ? and id > ? order by id limit 1",
            [*params, Status.PENDING.value, after_id],
        ).fetchone()
        return Delivery(*row) if row else None

    def pending_ids(self, scope: Any = None) -> list[int]:
        """Return the ids of every pending row, in order."""
        where, params = self.in_scope(scope)
        rows = self.db.execute(
            f"select id from {self.spec.table} where {where} and {self.spec.status} = ? "
            "order by id",
            [*params, Status.PENDING.value],
        ).fetchall()
        return [row[0] for row in rows]

    def claim(self, row_id: int) -> bool:
        """Mark a pending row `sending` and commit; False if it was not pending."""
        spec = self.spec
        attempts = f", {spec.attempts} = {spec.attempts} + 1" if spec.attempts else ""
        cursor = self.db.execute(
            f"update {spec.table} set {spec.status} = ?, {spec.claimed_at} = ?{attempts} "
            f"where id = ? and {spec.status} = ?",
            [Status.SENDING.value, self.clock().isoformat(), row_id, Status.PENDING.value],
        )
        return cursor.rowcount == 1

    def release(self, row_id: int) -> None:
        """Put a claimed row back to pending: its message surely did not go out."""
        where = f"id = ? and {self.spec.status} = ?"
        self.update(
            {self.spec.status: Status.PENDING.value}, where, [row_id, Status.SENDING.value]
        )

    def finish(self, row_id: int, status: Status, reason: str = "") -> None:
        """Record the final state of a claimed row."""
        values = {
            self.spec.status: status.value,
            self.spec.reason: reason or None,
            self.spec.finished_at: self.clock().isoformat(),
        }
        where = f"id = ? and {self.spec.status} = ?"
        self.update(values, where, [row_id, Status.SENDING.value])

    def counts(self, scope: Any = None) -> Counts:
        """Count an outbox's rows per state (skipped rows are not counted)."""
        where, params = self.in_scope(scope)
        rows = self.db.execute(
            f"select {self.spec.status}, count(*) from {self.spec.table} where {where} "
            f"and {self.spec.status} in (select value from json_each(?)) "
            f"group by {self.spec.status}",
            [*params, json_list([status.value for status in COUNTED])],
        ).fetchall()
        return Counts(**dict(rows))

    def reasons(self, scope: Any = None) -> list[tuple[str, str, int]]:
        """Return (status, reason, count) for blocked, failed and unknown rows, most first."""
        if self.spec.reason is None:
            return []
        where, params = self.in_scope(scope)
        status, reason = self.spec.status, self.spec.reason
        return [
            tuple(row)
            for row in self.db.execute(  # type: ignore[misc]
                f"select {status}, {reason}, count(*) as n from {self.spec.table} where {where} "
                f"and {status} in (?, ?, ?) group by {status}, {reason} order by n desc, {status}",
                [*params, Status.BLOCKED.value, Status.FAILED.value, Status.UNKNOWN.value],
            ).fetchall()
        ]

    def chats(self, scope: Any, status: str) -> list[int]:
        """Return the chats of an outbox's rows in one state."""
        where, params = self.in_scope(scope)
        rows = self.db.execute(
            f"select {self.spec.chat} from {self.spec.table} where {where} "
            f"and {self.spec.status} = ? order by id",
            [*params, status],
        ).fetchall()
        return [row[0] for row in rows]


def json_list(values: Sequence[Any]) -> str:
    """Return values as a JSON list (for `in (select value from json_each(?))`)."""
    return json.dumps(list(values))


# -- pacing -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pace:
    """The worker's knobs: one policy for every mass send.

    29 messages a second stays under Telegram's 30 in any one-second window even when a send
    leaves up to 1/29 − 1/30 s later than its slot; one chat gets at most one message per
    chat_gap seconds (Telegram allows about one a second).
    """

    messages_per_second: float = 29.0
    progress_interval: float = 3.0
    max_in_flight: int = 16
    network_attempts: int = 8
    backoff: float = 1.0
    max_backoff: float = 60.0
    chat_gap: float = 1.05
    quiet_check: float = 30.0  # seconds between looks at the wall clock during quiet hours


def never() -> bool:
    """Never stop early (the default)."""
    return False


class TokenBucket:
    """Hands out send slots `1/rate` apart; `hold` pauses every take for a while (retry_after).

    The slots are fixed points on the monotonic clock: the next slot is one interval after the
    previous *slot*, not after the moment it was used, so a sleep that wakes a little late does
    not push every later send back (that cost a few percent of the rate). A long stall earns at
    most LATE_CREDIT of one extra slot: never a burst. Kept small, so that 30 slots in a row are
    never closer together than 30 - LATE_CREDIT intervals (Telegram counts 30 a second).
    """

    LATE_CREDIT = 0.1

    def __init__(
        self, rate: float, clock: Monotonic, sleep: Sleep, stopping: Callable[[], bool] = never
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self.stopping = stopping
        self.next_at = clock()
        self.held_until = 0.0

    async def take(
        self, sleep: Sleep | None = None, stopping: Callable[[], bool] | None = None
    ) -> None:
        """Wait until a send is allowed, and use it up (return at once when stopping).

        A bucket shared by several runs waits with the sleep and stop check of the taker."""
        sleep, stopping = sleep or self.sleep, stopping or self.stopping
        while not stopping():
            now = self.clock()
            due = max(self.next_at, self.held_until)
            if now >= due - 1e-9:
                earliest = now - self.LATE_CREDIT * self.interval
                self.next_at = max(due, earliest) + self.interval
                return
            await sleep(due - now)

    def hold(self, seconds: float) -> None:
        """Pause every take for `seconds` from now (Telegram's retry_after)."""
        self.held_until = max(self.held_until, self.clock() + seconds)


class SharedSlots:
    """The bot's send slots, shared by every outbox run: Telegram counts all of a bot's messages
    together, so a broadcast and answer notices sending at once must not add up past its limit,
    and a flood wait it imposes holds every run."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.buckets: dict[Monotonic, TokenBucket] = {}

    def bucket(self, clock: Monotonic) -> TokenBucket:
        """The shared bucket on this clock (the real one in service; a test's virtual clock
        gets its own)."""
        found = self.buckets.get(clock)
        if found is None:
            found = self.buckets[clock] = TokenBucket(self.rate, clock, asyncio.sleep)
        return found


class ChatGaps:
    """Remembers when each chat was last sent to, so no chat gets two messages too close."""

    def __init__(self, gap: float, clock: Monotonic) -> None:
        self.gap, self.clock = gap, clock
        self.last: dict[int, float] = {}
        self.order: deque[tuple[float, int]] = deque()

    def wait(self, chat_id: int) -> float:
        """Seconds until this chat may get another message (0: now)."""
        now = self.clock()
        while self.order and self.order[0][0] <= now - self.gap:
            _, old = self.order.popleft()
            if self.last.get(old, now) <= now - self.gap:
                self.last.pop(old, None)
        last = self.last.get(chat_id)
        return 0.0 if last is None else max(0.0, last + self.gap - now)

    def sent(self, chat_id: int) -> None:
        """Note a send to this chat now."""
        now = self.clock()
        self.last[chat_id] = now
        self.order.append((now, chat_id))


# -- the worker ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an outbox run stands: the outbox's counts, and what this run finished."""

    scope: Any
    counts: Counts
    rate: float
    eta_seconds: float | None
    flood_waits: int = 0
    finished: bool = False
    this_run: Counts = Counts()
    paused: bool = False  # waiting for quiet hours to end


Send = Callable[[Delivery], Awaitable[DeliveryOutcome]]
ProgressReport = Callable[[Progress], Awaitable[None]]


async def no_report(progress: Progress) -> None:
    """Ignore progress (the default)."""


def ignore_blocked(chat_id: int) -> None:
    """Do nothing about a chat that blocked the bot (the default)."""


def never_quiet() -> float:
    """No quiet hours: sending may always go on (the default)."""
    return 0.0


@dataclass(frozen=True, slots=True)
class Hooks:
    """What a run tells its owner: progress, chats that blocked the bot, when to stop; and what
    it asks: `quiet` gives the seconds until sending may go on (0: now), read from the wall
    clock, for quiet hours."""

    report: ProgressReport = no_report
    on_blocked: Callable[[int], None] = ignore_blocked
    stopping: Callable[[], bool] = never
    quiet: Callable[[], float] = never_quiet


class OutboxRun:
    """One run of the worker over an outbox (see the module docstring)."""

    def __init__(
        self,
        name: str,
        ledger: Ledger,
        scope: Any,
        send: Send,
        pace: Pace,
        clock: Monotonic,
        sleep: Sleep,
        hooks: Hooks = Hooks(),
        shared: SharedSlots | None = None,
    ) -> None:
        self.name, self.ledger, self.scope, self.send = name, ledger, scope, send
        self.pace, self.hooks, self.stopping = pace, hooks, hooks.stopping
        self.clock, self.real_sleep = clock, sleep
        self.bucket = TokenBucket(pace.messages_per_second, clock, self.nap, self.stopping)
        self.shared = shared.bucket(clock) if shared else None
        self.gaps = ChatGaps(pace.chat_gap, clock)
        self.slots = asyncio.Semaphore(pace.max_in_flight)
        self.tasks: set[asyncio.Task[None]] = set()
        self.retries: list[tuple[float, int, int]] = []
        self.failures: dict[int, int] = {}
        self.finished: dict[str, int] = {}
        self.cursor = 0
        self.flood_waits = 0
        self.network_streak = 0
        self.started = self.last_report = clock()
        self.done_before = 0
        self.reporting: asyncio.Future[None] | None = None
        self.paused = False

    async def run(self) -> Progress:
        """Send every pending row; return the final progress."""
        interrupted = self.ledger.mark_interrupted(self.scope)
        if interrupted:
            logger.warning(
                "%s: %d messages were interrupted by a crash; reported as unknown, not resent",
                self.name,
                interrupted,
            )
        self.started = self.last_report = self.clock()
        self.done_before = self.ledger.counts(self.scope).done
        try:
            while not self.stopping() and await self.step():
                self.maybe_report()
            await asyncio.gather(*self.tasks, *([self.reporting] if self.reporting else []))
        except asyncio.CancelledError:
            for task in [*self.tasks, self.reporting]:  # like a crash: rows in flight stay
                if task:  # `sending`, so they are reported unknown and never resent
                    task.cancel()
            raise
        return self.progress()

    async def step(self) -> bool:
        """Start one send, or wait for work; return False when nothing is left to do."""
        await self.wait_out_quiet_hours()
        delivery = self.next_due()
        if delivery is None:
            return await self.wait_for_work()
        chat_wait = self.gaps.wait(delivery.chat_id)
        if chat_wait > 0:  # this chat just got a message: come back to it later
            heapq.heappush(self.retries, (self.clock() + chat_wait, delivery.id, delivery.chat_id))
            return True
        await self.slots.acquire()
        await self.bucket.take()
        if self.shared:
            await self.shared.take(self.nap, self.stopping)
        if self.stopping() or self.quiet_began(delivery) or not self.ledger.claim(delivery.id):
            self.slots.release()
            return True
        self.gaps.sent(delivery.chat_id)
        task = asyncio.ensure_future(self.send_one(delivery))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    def next_due(self) -> Delivery | None:
        """Return a row whose retry is due, else the next pending row in order."""
        if self.retries and self.retries[0][0] <= self.clock():
            _, delivery_id, chat_id = heapq.heappop(self.retries)
            return Delivery(delivery_id, chat_id)
        delivery = self.ledger.next_pending(self.scope, self.cursor)
        if delivery:
            self.cursor = delivery.id
        return delivery

    async def wait_for_work(self) -> bool:
        """Wait for a send in flight or a retry to come due; False when there is neither."""
        if self.tasks:
            await asyncio.wait(self.tasks, return_when=asyncio.FIRST_COMPLETED)
            return True
        if self.retries:
            await self.nap(self.retries[0][0] - self.clock())
            return True
        return False

    def quiet_began(self, delivery: Delivery) -> bool:
        """True if quiet hours began while waiting for a send slot: the row waits for them."""
        if self.hooks.quiet() <= 0:
            return False
        heapq.heappush(self.retries, (self.clock(), delivery.id, delivery.chat_id))
        return True

    async def wait_out_quiet_hours(self) -> None:
        """Hold new sends while the owner says it is quiet (sends in flight finish).

        The wait is re-checked every quiet_check seconds rather than slept in one go: it is
        measured on the wall clock, which can move differently from the monotonic one."""
        shown = False
        while not self.stopping() and (left := self.hooks.quiet()) > 0:
            if not self.paused:
                self.paused = True
                logger.info("%s: quiet hours, paused for %.0f s", self.name, left)
            shown = shown or self.report_now()  # once, when no other report is under way
            await self.nap(min(left, self.pace.quiet_check))
        if self.paused:
            self.paused = False
            logger.info("%s: quiet hours over, sending again", self.name)
            self.report_now()

    async def nap(self, seconds: float) -> None:
        """Sleep, waking early when the worker is asked to stop."""
        deadline = self.clock() + seconds
        while not self.stopping() and (left := deadline - self.clock()) > 0:
            await self.real_sleep(min(left, STOP_CHECK_SECONDS))

    async def send_one(self, delivery: Delivery) -> None:
        """Send one claimed row and record the outcome."""
        try:
            outcome = await self.send(delivery)
        except Exception as error:  # a bug or surprise: the message may have gone out
            logger.exception("%s: sending to %s failed", self.name, delivery.chat_id)
            outcome = DeliveryOutcome.unknown(f"{type(error).__name__}: {error}")
        finally:
            self.slots.release()
        self.record(delivery, outcome)

    def record(self, delivery: Delivery, outcome: DeliveryOutcome) -> None:
        """Store an outcome: final states in the ledger, retries back in the queue."""
        if outcome.kind is Outcome.RETRY_AFTER:
            self.flood_waits += 1
            self.bucket.hold(outcome.wait)
            if self.shared:
                self.shared.hold(outcome.wait)
            self.requeue(delivery, outcome.wait)
        elif outcome.kind is Outcome.RETRY:
            self.retry_later(delivery, outcome.reason)
        else:
            self.network_streak = 0
            self.finish(delivery, Status(outcome.kind.value), outcome.reason)
            if outcome.kind is Outcome.BLOCKED:
                self.hooks.on_blocked(delivery.chat_id)

    def finish(self, delivery: Delivery, status: Status, reason: str) -> None:
        """Record a row's final state, and count it for this run."""
        self.ledger.finish(delivery.id, status, reason)
        self.finished[status.value] = self.finished.get(status.value, 0) + 1
        if status is not Status.SENT:
            logger.info("%s: %s to %s (%s)", self.name, status.value, delivery.chat_id, reason)

    def retry_later(self, delivery: Delivery, reason: str) -> None:
        """Back off after a safe network error; give up on a row after too many."""
        failures = self.failures[delivery.id] = self.failures.get(delivery.id, 0) + 1
        if failures >= self.pace.network_attempts:
            self.finish(delivery, Status.FAILED, f"network: {reason}")
            return
        self.network_streak += 1
        delay = min(self.pace.backoff * 2 ** (self.network_streak - 1), self.pace.max_backoff)
        self.bucket.hold(delay)
        self.requeue(delivery, delay)

    def requeue(self, delivery: Delivery, delay: float) -> None:
        """Put a row back to pending and try it again after `delay` seconds."""
        self.ledger.release(delivery.id)
        heapq.heappush(self.retries, (self.clock() + delay, delivery.id, delivery.chat_id))

    def maybe_report(self) -> None:
        """Report progress every progress_interval seconds, beside the sending (not in its way).

        At most one report is under way; a slow one (say an edit waiting out a flood limit of
        the bot's other replies) makes the next one skip rather than hold up delivery.
        """
        if self.hooks.report is no_report:
            return
        if self.clock() - self.last_report < self.pace.progress_interval:
            return
        self.report_now()

    def report_now(self) -> bool:
        """Start a progress report unless one is under way; True if it started."""
        if self.hooks.report is no_report:
            return True
        if self.reporting is not None and not self.reporting.done():
            return False
        self.last_report = self.clock()
        self.reporting = asyncio.ensure_future(self.hooks.report(self.progress()))
        return True

    def progress(self) -> Progress:
        """Return the counts, this run's rate and the estimated time left."""
        counts = self.ledger.counts(self.scope)
        elapsed = self.clock() - self.started
        rate = (counts.done - self.done_before) / elapsed if elapsed > 0 else 0.0
        speed = rate if rate > 0 else self.pace.messages_per_second
        eta = counts.remaining / speed if speed > 0 else None
        return Progress(
            self.scope,
            counts,
            rate,
            eta,
            self.flood_waits,
            finished=counts.remaining == 0,
            this_run=Counts(**self.finished),
            paused=self.paused,
        )


def forget_recipient(db: Database, user_id: int) -> None:
    """Delete the deliveries to a user's private chat, the notices about their questions and
    the notices of changed answers sent to them, on their request (the broadcasts stay)."""
    about = {"id": user_id}
    db.execute(f"delete from deliveries where {DELETED['deliveries']}", about)
    db.execute(f"delete from change_notices where {DELETED['change_notices']}", about)
    db.execute(f"delete from answer_notices where {DELETED['answer_notices']}", about)
