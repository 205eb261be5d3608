"""Deliver a broadcast: paced, concurrent, resumable, and never twice to the same chat.

The worker walks the ledger in order. For each recipient it takes a token from the pacing
bucket, claims the row (committed), then calls the injected `send`, which reports what
happened as a DeliveryOutcome. A 429 holds the whole worker for the time Telegram gave (only
this worker: the rest of the bot keeps answering) and puts the row back; so does a network
error that surely did not reach Telegram, with backoff. Clock and sleep are injected so the
worker can be tested without waiting.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from bot.ledger import BLOCKED, FAILED, SENT, UNKNOWN, Counts, Delivery, DeliveryLedger

if TYPE_CHECKING:
    from bot.broadcasts import Broadcast

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
STOP_CHECK_SECONDS = 0.25


class Outcome(Enum):
    """What happened to one message."""

    SENT = SENT
    BLOCKED = BLOCKED
    FAILED = FAILED
    UNKNOWN = UNKNOWN
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
    def blocked(cls, reason: str) -> DeliveryOutcome:
        """The chat blocked the bot (or removed it): unsubscribe it."""
        return cls(Outcome.BLOCKED, reason)

    @classmethod
    def failed(cls, reason: str) -> DeliveryOutcome:
        """Telegram refused the message for good (e.g. chat not found)."""
        return cls(Outcome.FAILED, reason)

    @classmethod
    def unknown(cls, reason: str) -> DeliveryOutcome:
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


Send = Callable[[int, "Broadcast"], Awaitable[DeliveryOutcome]]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a broadcast's delivery stands."""

    broadcast_id: int
    counts: Counts
    rate: float
    eta_seconds: float | None
    flood_waits: int = 0
    finished: bool = False


Report = Callable[[Progress], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Pace:
    """The worker's knobs."""

    messages_per_second: float = 25.0
    progress_interval: float = 3.0
    max_in_flight: int = 16
    network_attempts: int = 8
    backoff: float = 1.0
    max_backoff: float = 60.0


def never() -> bool:
    """Never stop early (the default)."""
    return False


class TokenBucket:
    """Allows `rate` takes a second; `hold` pauses every take for a while (retry_after).

    A bucket of one token, kept as the time the next token is due. Tokens stay on that
    schedule, so a sleep that wakes a little late is made up for by the next one (a late
    wake-up would otherwise cost a few percent of the rate), while a long stall earns at most
    LATE_CREDIT of one extra token: never a burst.
    """

    LATE_CREDIT = 0.25

    def __init__(
        self, rate: float, clock: Clock, sleep: Sleep, stopping: Callable[[], bool] = never
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock = clock
        self.sleep = sleep
        self.stopping = stopping
        self.next_at = clock()
        self.held_until = 0.0

    async def take(self) -> None:
        """Wait until a send is allowed, and use it up (return at once when stopping)."""
        while not self.stopping():
            now = self.clock()
            due = max(self.next_at, self.held_until)
            if now >= due - 1e-9:
                earliest = now - self.LATE_CREDIT * self.interval
                self.next_at = max(due, earliest) + self.interval
                return
            await self.sleep(due - now)

    def hold(self, seconds: float) -> None:
        """Pause every take for `seconds` from now (Telegram's retry_after)."""
        self.held_until = max(self.held_until, self.clock() + seconds)


async def no_report(progress: Progress) -> None:
    """Ignore progress (the default)."""


class DeliveryRun:
    """One run of the worker over a broadcast's ledger (see the module docstring)."""

    def __init__(
        self,
        broadcast: Broadcast,
        ledger: DeliveryLedger,
        send: Send,
        on_blocked: Callable[[int], None],
        pace: Pace,
        clock: Clock,
        sleep: Sleep,
        report: Report = no_report,
        stopping: Callable[[], bool] = never,
    ) -> None:
        self.broadcast, self.ledger, self.send = broadcast, ledger, send
        self.on_blocked, self.pace, self.report = on_blocked, pace, report
        self.clock, self.real_sleep, self.stopping = clock, sleep, stopping
        self.bucket = TokenBucket(pace.messages_per_second, clock, self.nap, stopping)
        self.slots = asyncio.Semaphore(pace.max_in_flight)
        self.tasks: set[asyncio.Task[None]] = set()
        self.retries: list[tuple[float, int, int]] = []
        self.failures: dict[int, int] = {}
        self.cursor = 0
        self.flood_waits = 0
        self.network_streak = 0
        self.started = self.last_report = clock()
        self.done_before = 0
        self.reporting: asyncio.Future[None] | None = None

    async def run(self) -> Progress:
        """Deliver every pending row; return the final progress."""
        interrupted = self.ledger.mark_interrupted(self.broadcast.id)
        if interrupted:
            logger.warning(
                "Broadcast %s: %d deliveries were interrupted by a crash; reported "
                "as unknown, not resent",
                self.broadcast.id,
                interrupted,
            )
        self.started = self.last_report = self.clock()
        self.done_before = self.ledger.counts(self.broadcast.id).done
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
        delivery = self.next_due()
        if delivery is None:
            return await self.wait_for_work()
        await self.slots.acquire()
        await self.bucket.take()
        if self.stopping() or not self.ledger.claim(delivery.id):
            self.slots.release()
            return True
        task = asyncio.ensure_future(self.send_one(delivery))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    def next_due(self) -> Delivery | None:
        """Return a row whose retry is due, else the next pending row in order."""
        if self.retries and self.retries[0][0] <= self.clock():
            _, delivery_id, chat_id = heapq.heappop(self.retries)
            return Delivery(delivery_id, chat_id)
        delivery = self.ledger.next_pending(self.broadcast.id, self.cursor)
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

    async def nap(self, seconds: float) -> None:
        """Sleep, waking early when the worker is asked to stop."""
        deadline = self.clock() + seconds
        while not self.stopping() and (left := deadline - self.clock()) > 0:
            await self.real_sleep(min(left, STOP_CHECK_SECONDS))

    async def send_one(self, delivery: Delivery) -> None:
        """Send one claimed row and record the outcome."""
        try:
            outcome = await self.send(delivery.chat_id, self.broadcast)
        except Exception as error:  # a bug or surprise: the message may have gone out
            logger.exception(
                "Broadcast %s: sending to %s failed", self.broadcast.id, delivery.chat_id
            )
            outcome = DeliveryOutcome.unknown(f"{type(error).__name__}: {error}")
        finally:
            self.slots.release()
        self.record(delivery, outcome)

    def record(self, delivery: Delivery, outcome: DeliveryOutcome) -> None:
        """Store an outcome: final states in the ledger, retries back in the queue."""
        if outcome.kind is Outcome.RETRY_AFTER:
            self.flood_waits += 1
            self.bucket.hold(outcome.wait)
            self.requeue(delivery, outcome.wait)
        elif outcome.kind is Outcome.RETRY:
            self.retry_later(delivery, outcome.reason)
        else:
            self.network_streak = 0
            self.ledger.finish(delivery.id, outcome.kind.value, outcome.reason)
            if outcome.kind is Outcome.BLOCKED:
                self.on_blocked(delivery.chat_id)

    def retry_later(self, delivery: Delivery, reason: str) -> None:
        """Back off after a safe network error; give up on a row after too many."""
        failures = self.failures[delivery.id] = self.failures.get(delivery.id, 0) + 1
        if failures >= self.pace.network_attempts:
            self.ledger.finish(delivery.id, FAILED, f"network: {reason}")
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
        if self.clock() - self.last_report < self.pace.progress_interval:
            return
        if self.reporting is None or self.reporting.done():
            self.last_report = self.clock()
            self.reporting = asyncio.ensure_future(self.report(self.progress()))

    def progress(self) -> Progress:
        """Return the counts, this run's rate and the estimated time left."""
        counts = self.ledger.counts(self.broadcast.id)
        elapsed = self.clock() - self.started
        rate = (counts.done - self.done_before) / elapsed if elapsed > 0 else 0.0
        speed = rate if rate > 0 else self.pace.messages_per_second
        eta = counts.remaining / speed if speed > 0 else None
        return Progress(
            self.broadcast.id, counts, rate, eta, self.flood_waits, finished=counts.remaining == 0
        )
