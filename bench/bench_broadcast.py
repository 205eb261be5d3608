"""Benchmark broadcast delivery: the worker, the SQLite ledger and the Telegram sender.

Three runs, each on a fresh SQLite file (WAL, as in production) with N subscribers, of whom a
share have blocked the bot in the fake server:

  limits on    the real Telegram sender (handlers/delivery.telegram_sender on the bot built by
               handlers.application.build_bot) against tests/fake_bot_api.py enforcing
               Telegram's limits (30 messages/s overall in any one-second window, 1 per chat),
               at the configured pace (broadcasts.messages_per_second, 29 by default) ->
               messages/second delivered, 429s received (and per 10,000 sends), chats that
               got the message twice, total time, busiest one-second window. --jitter adds a
               random delay to every timer of the worker, as a busy event loop would.
  limits off   the same with the fake's limits off and no pacing -> what the whole stack
               (worker, ledger, PTB, HTTP, the fake) manages.
  ledger only  no pacing and a `send` that returns "sent" at once -> the ledger's own
               throughput: two committed writes per recipient (claim, then the outcome).

The fake server runs in this process (threads), so it shares the GIL with the bot; figures are
wall-clock and vary with machine load. Nothing here asserts timing.

Usage: python bench/bench_broadcast.py [--subscribers N] [--quick] [--rate R]
       [--blocked-share S] [--jitter MS] [--skip-limits]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PTB_TIMEDELTA", "true")

import telegram

from bot.broadcasts.announcements import Broadcast, Content, Send
from bot.config import (
    BroadcastSettings,
    Config,
    KnowledgeSettings,
    RolesSettings,
    StorageSettings,
    TelegramSettings,
)
from bot.knowledge.base import bundled_knowledge_dir
from bot.knowledge.current import KnowledgeHolder
from bot.outbox.sending import DeliveryOutcome, Progress
from bot.services import Services, build_services
from handlers.application import build_bot
from handlers.outbox import telegram_sender
from tests.fake_bot_api import SEND_METHODS, FakeBotApi
from tests.telegram_support import TOKEN

ADMIN = 900
FIRST_CHAT = 100_000
DEFAULT_SUBSCRIBERS = 10_000
QUICK_SUBSCRIBERS = 1_000
PROGRESS_EVERY = 30.0  # seconds between progress lines on the long run


@dataclass(frozen=True)
class Result:
    """What one run measured."""

    name: str
    progress: Progress
    seconds: float
    http_429: int = 0
    busiest_second: int = 0
    send_requests: int = 0
    delivered: int = 0
    duplicates: int = 0

    @property
    def per_second(self) -> float:
        """Recipients brought to a final state per second."""
        return self.progress.counts.done / self.seconds if self.seconds else 0.0

    @property
    def delivered_per_second(self) -> float:
        """Messages Telegram accepted (HTTP 200) per second."""
        return self.delivered / self.seconds if self.seconds else 0.0

    @property
    def http_429_per_10k(self) -> float:
        """429 answers per 10,000 send requests."""
        return 10_000 * self.http_429 / self.send_requests if self.send_requests else 0.0


def fresh_services(db_path: Path, holder: KnowledgeHolder, rate: float) -> Services:
    """Services on a new SQLite file, with one admin and no approval step."""
    config = Config(
        knowledge=KnowledgeSettings(watch=False),
        storage=StorageSettings(path=str(db_path)),
        roles=RolesSettings(admins=[ADMIN]),
        broadcasts=BroadcastSettings(
            messages_per_second=rate,
            approval_threshold=10**9,
            progress_interval_seconds=PROGRESS_EVERY,
            quiet_hours="off",  # measured at any hour of the machine's clock
        ),
    )
    return build_services(config, holder=holder)


def add_subscribers(services: Services, count: int) -> list[int]:
    """Insert `count` subscribers in one transaction (set-up, not measured)."""
    chats = list(range(FIRST_CHAT, FIRST_CHAT + count))
    services.store.db["subscribers"].insert_all(
        (
            {
                "chat_id": chat,
                "user_id": chat,
                "language": "id",
                "active": 1,
                "topics": "",
                "subscribed_at": "2026-11-22T08:00:00+00:00",
            }
            for chat in chats
        ),
        batch_size=1000,
    )
    return chats


def start_broadcast(services: Services) -> int:
    """Create and confirm a broadcast to every subscriber; return its id."""
    body = "Pengumuman uji kinerja: jadwal pelaporan IOMKI diperbarui. Terima kasih."
    preview = services.broadcasts.create(ADMIN, Content(body, body), "id", target="semua")
    return services.broadcasts.confirm(ADMIN, preview.broadcast.id).broadcast.id


async def print_progress(progress: Progress) -> None:
    """Show that a long run is alive."""
    counts = progress.counts
    print(
        f"    … {counts.done:,} / {counts.total:,} done, {progress.rate:.1f} msg/s, "
        f"about {progress.eta_seconds or 0:.0f} s left",
        flush=True,
    )


def jittery_sleep(jitter_ms: float) -> Callable[[float], Awaitable[None]]:
    """asyncio.sleep that wakes up to `jitter_ms` late, at random (0: plain asyncio.sleep)."""
    if not jitter_ms:
        return asyncio.sleep

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(seconds + random.uniform(0, jitter_ms / 1000))

    return sleep


async def timed_delivery(
    services: Services, send: Send, jitter_ms: float = 0.0
) -> tuple[Progress, float]:
    """Deliver the broadcast; return the final progress and the wall-clock seconds."""
    broadcast_id = start_broadcast(services)
    started = time.perf_counter()
    progress = await services.broadcasts.deliver(
        broadcast_id, send, report=print_progress, sleep=jittery_sleep(jitter_ms)
    )
    return progress, time.perf_counter() - started


def busiest_second(fake: FakeBotApi) -> int:
    """The most successful sends the fake saw in any one-second window."""
    window: deque[float] = deque()
    most = 0
    for call in fake.calls:
        if call.method in SEND_METHODS and call.status == 200:
            window.append(call.time)
            while window[0] <= call.time - 1.0:
                window.popleft()
            most = max(most, len(window))
    return most


def delivered_counts(fake: FakeBotApi) -> Counter[int]:
    """How many copies each chat was sent successfully (HTTP 200)."""
    return Counter(
        call.params.get("chat_id")
        for call in fake.calls
        if call.method in SEND_METHODS and call.status == 200
    )


async def against_fake(
    name: str,
    services: Services,
    chats: list[int],
    blocked_share: float,
    limits: bool,
    jitter_ms: float = 0.0,
) -> Result:
    """Deliver through the real Telegram sender to the fake server."""
    with FakeBotApi(token=TOKEN) as fake:
        step = max(1, round(1 / blocked_share)) if blocked_share else 0
        for chat in chats[::step] if step else []:
            fake.block_chat(chat)
        if limits:
            fake.enforce_limits(global_per_second=30, per_chat_per_second=1)
        settings = TelegramSettings(base_url=fake.base_url, base_file_url=fake.base_file_url)
        bot = build_bot(settings, TOKEN)
        async with bot:
            progress, seconds = await timed_delivery(services, telegram_sender(bot), jitter_ms)
        copies = delivered_counts(fake)
        requests = sum(1 for call in fake.calls if call.method in SEND_METHODS)
        return Result(
            name,
            progress,
            seconds,
            fake.stats["rejected_429"],
            busiest_second(fake),
            requests,
            sum(copies.values()),
            sum(count - 1 for count in copies.values() if count > 1),
        )


async def ledger_only(services: Services) -> Result:
    """Deliver with a send that succeeds at once: the worker and the ledger alone."""

    async def send(chat_id: int, broadcast: Broadcast) -> DeliveryOutcome:
        return DeliveryOutcome.sent()

    progress, seconds = await timed_delivery(services, send)
    return Result("ledger only (no-op send, no HTTP, no pacing)", progress, seconds)


def report(result: Result) -> None:
    """Print one run's figures."""
    counts = result.progress.counts
    print(f"\n{result.name}")
    print(
        f"  recipients        {counts.total:,}: sent {counts.sent:,}, blocked "
        f"{counts.blocked:,}, failed {counts.failed:,}, unknown {counts.unknown:,}, "
        f"left {counts.remaining:,}"
    )
    print(f"  total time        {result.seconds:.1f} s")
    print(f"  achieved          {result.per_second:,.1f} recipients done/s")
    if result.name != "ledger only (no-op send, no HTTP, no pacing)":
        print(f"  delivered         {result.delivered_per_second:,.1f} messages/s (HTTP 200)")
        print(
            f"  429s received     {result.http_429} in {result.send_requests:,} send requests"
            f" = {result.http_429_per_10k:.1f} per 10,000 (worker held"
            f" {result.progress.flood_waits} times)"
        )
        print(f"  sent twice        {result.duplicates} chats")
        print(f"  busiest second    {result.busiest_second} sends")


async def main(args: argparse.Namespace) -> None:
    """Run the three cases and print their figures."""
    logging.basicConfig(level=logging.ERROR)
    count = QUICK_SUBSCRIBERS if args.quick else args.subscribers
    holder = KnowledgeHolder(bundled_knowledge_dir())
    print(
        f"policybot broadcast benchmark: Python {platform.python_version()}, "
        f"python-telegram-bot {telegram.__version__}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"{count:,} subscribers, {args.blocked_share:.0%} of them blocked the bot; "
        "SQLite file in WAL mode"
    )
    with tempfile.TemporaryDirectory() as folder:
        cases = []
        if not args.skip_limits:
            cases.append(
                (
                    f"limits on (fake: 30 msg/s overall, 1/s per chat; pace {args.rate:g} msg/s"
                    + (f", timers up to {args.jitter:g} ms late)" if args.jitter else ")"),
                    args.rate,
                    True,
                )
            )
        cases.append(("limits off (fake unlimited, no pacing)", 0.0, False))
        for index, (name, rate, limits) in enumerate(cases):
            services = fresh_services(Path(folder) / f"run{index}.db", holder, rate)
            chats = add_subscribers(services, count)
            print(f"\nrunning: {name} …", flush=True)
            jitter = args.jitter if limits else 0.0
            report(await against_fake(name, services, chats, args.blocked_share, limits, jitter))
        services = fresh_services(Path(folder) / "ledger.db", holder, 0.0)
        add_subscribers(services, count)
        report(await ledger_only(services))


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=DEFAULT_SUBSCRIBERS)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SUBSCRIBERS:,} subscribers")
    parser.add_argument(
        "--rate",
        type=float,
        default=BroadcastSettings().messages_per_second,
        help="pace with limits on, messages/s (default: the config default)",
    )
    parser.add_argument("--blocked-share", type=float, default=0.02)
    parser.add_argument(
        "--jitter", type=float, default=0.0, help="wake the worker's timers up to MS ms late"
    )
    parser.add_argument(
        "--skip-limits", action="store_true", help="skip the long run with Telegram's limits"
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
