"""Benchmark the whole Telegram stack: fake Bot API server -> polling -> handler -> reply.

Runs the real policybot Application (handlers.application.build_application) against the
stdlib fake Bot API server of tests/fake_bot_api.py, and, in the same run and with the same fake
server, a trivial echo bot built with the same PTB polling setup and the same rate limiter
class, as the ceiling. For each bot it measures:

  paced          one question at a time: push, wait for the reply, keep at least
                 PACE_INTERVAL between pushes (below the 30 msg/s send limiter) -> unloaded
                 latency.
  burst          every question pushed at once (getUpdates hands out up to 100 per call) ->
                 updates/s and latency under load, queueing included. Both bots keep the
                 shipped RetryingRateLimiter, whose AIORateLimiter base caps sends with a
                 chat_id at 30/s (Telegram's global limit), so both are capped the same way.
  burst-nolimit  the same with overall_max_rate=0 in both bots' limiter, so the figures show
                 the stack's own cost (policybot's limiter is patched in build_application).

Latency of a question = arrival at the fake of the bot's sendMessage (Call.time) minus the
moment the update was pushed (both time.monotonic()). The reply to a user's k-th question is
the k-th successful sendMessage to that chat. Throughput = replies / (last reply - first push).
Questions cycle through tests/data/eval.yaml (in and out of scope) from round-robin users.
Flood control is disabled (questions_per_minute=0); each (mode, bot) gets a fresh fake server
and, for policybot, a fresh database. A few warm-up questions from another user come first.

The fake server runs in this process (threads), so it shares the GIL with the bot; figures
are wall-clock and vary with machine load. Compare runs on the same machine only. Nothing
here asserts timing.

Usage: python bench/bench_bot.py [--questions N] [--paced N] [--users U] [--quick]
       [--db-file] [--limiter {both,shipped,off}]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import logging
import math
import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PTB_TIMEDELTA", "true")

import telegram
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

import handlers.application
from bot.answering.evaluation import load_cases
from bot.config import StorageSettings
from bot.knowledge.base import bundled_knowledge_dir
from bot.knowledge.current import KnowledgeHolder
from handlers.network import RetryingRateLimiter
from tests.fake_bot_api import Call, FakeBotApi
from tests.telegram_support import ADMIN_CHAT, TOKEN, bot_config, running_bot

DEFAULT_QUESTIONS = 1_000
QUICK_QUESTIONS = 200
DEFAULT_PACED = 200
DEFAULT_USERS = 50
FIRST_USER_ID = 10_001
WARMUP_USER_ID = 9_001
WARMUP_QUESTIONS = 5
PACE_INTERVAL = 0.04  # 25 questions/s at most: the 30 msg/s send limiter never queues
LIMITER_DRAIN = 1.1  # seconds for the limiter's one-second bucket to empty after warm-up
POLL_TIMEOUT = 1  # getUpdates long-poll timeout, as tests/telegram_support.running_bot uses
PACED_REPLY_TIMEOUT = 10.0
STALL_TIMEOUT = 15.0  # burst: give up when no reply arrived for this long
CHECK_INTERVAL = 0.001
BURST_CHECK_INTERVAL = 0.05
BOTS = ("policybot", "echo")
BURST_MODES = {
    "shipped": ("burst",),
    "off": ("burst-nolimit",),
    "both": ("burst", "burst-nolimit"),
}


@dataclass(frozen=True)
class Asked:
    """One question pushed to the fake server."""

    user_id: int
    message_id: int
    pushed_at: float


@dataclass
class Outcome:
    """What one (mode, bot) run measured."""

    mode: str
    bot: str
    asked: int
    latencies: list[float] = field(default_factory=list)
    window: float = 0.0
    lost: int = 0
    extra: int = 0
    unquoted: int = 0
    failed_sends: int = 0
    admin_reports: int = 0

    @property
    def throughput(self) -> float:
        """Replies per second over the run's window (0 when nothing was answered)."""
        return len(self.latencies) / self.window if self.window > 0 else 0.0


class LogTally(logging.Handler):
    """Counts WARNING-and-above log records by logger and message (instead of printing)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        """Remember one record's level, logger and first message line."""
        first_line = record.getMessage().splitlines()[0][:100]
        self.counts[f"{record.levelname} {record.name}: {first_line}"] += 1


# --------------------------------------------------------------------------------------------
# Questions and bots
# --------------------------------------------------------------------------------------------


def question_plan(count: int, users: int) -> list[tuple[int, str]]:
    """`count` (user id, question) pairs: eval questions in a cycle, users round-robin."""
    texts = itertools.cycle([case.question for case in load_cases()])
    return [(FIRST_USER_ID + i % users, next(texts)) for i in range(count)]


def limiter_patch(send_limit: bool) -> contextlib.AbstractContextManager:
    """Patch build_application's rate limiter to drop the 30 msg/s limit when asked."""
    if send_limit:
        return contextlib.nullcontext()
    unlimited = partial(RetryingRateLimiter, overall_max_rate=0)
    return mock.patch.object(handlers.application, "RetryingRateLimiter", unlimited)


@contextlib.asynccontextmanager
async def policybot(
    fake: FakeBotApi, holder: KnowledgeHolder, db_path: str, send_limit: bool
) -> AsyncIterator[Application]:
    """Run the real policybot Application (flood control off) against the fake server."""
    config = bot_config(fake, questions_per_minute=0)
    config = replace(config, storage=StorageSettings(path=db_path))
    databases = []
    try:
        with limiter_patch(send_limit):
            async with running_bot(fake, config, holder) as running:
                databases.append(running.services.store.db)
                check_limiter(running.app, send_limit)
                yield running.app
    finally:  # after shutdown: PTB's last persistence sweep still writes to the database
        for database in databases:
            database.close()


def check_limiter(app: Application, send_limit: bool) -> None:
    """Fail loudly if patching build_application did not change the bot's send limiter."""
    limited = getattr(app.bot.rate_limiter, "_base_limiter", None) is not None  # PTB internal
    if limited != send_limit:
        raise RuntimeError(
            f"policybot's send limiter is {'on' if limited else 'off'}, "
            f"expected {'on' if send_limit else 'off'}"
        )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text, quoting the question as policybot's answers do."""
    message = update.effective_message
    await message.reply_text(message.text, do_quote=True)


def build_echo_application(fake: FakeBotApi, send_limit: bool) -> Application:
    """The ceiling: default Application settings, the same limiter class, one handler."""
    limits = {} if send_limit else {"overall_max_rate": 0}
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .rate_limiter(RetryingRateLimiter(max_retries=3, **limits))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@contextlib.asynccontextmanager
async def echo_bot(fake: FakeBotApi, send_limit: bool) -> AsyncIterator[Application]:
    """Run the echo bot with long polling exactly as running_bot runs policybot."""
    app = build_echo_application(fake, send_limit)
    await app.initialize()
    try:
        await app.start()
        await app.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
        )
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


# --------------------------------------------------------------------------------------------
# Driving and collecting
# --------------------------------------------------------------------------------------------


def replies_to(fake: FakeBotApi, chats: set[int]) -> list[Call]:
    """Successful sendMessage calls to the given chats, in arrival order."""
    return [
        call
        for call in fake.calls_to("sendMessage")
        if call.status == 200 and call.params.get("chat_id") in chats
    ]


async def warm_up(fake: FakeBotApi, plan: list[tuple[int, str]]) -> None:
    """Ask a few questions from a separate user, then let the send limiter drain."""
    for _, question in plan[:WARMUP_QUESTIONS]:
        before = len(replies_to(fake, {WARMUP_USER_ID}))
        fake.message_update(question, user_id=WARMUP_USER_ID)
        await wait_for_replies(fake, {WARMUP_USER_ID}, before + 1, PACED_REPLY_TIMEOUT)
    await asyncio.sleep(LIMITER_DRAIN)


async def wait_for_replies(
    fake: FakeBotApi, chats: set[int], count: int, stall: float, interval: float = CHECK_INTERVAL
) -> None:
    """Wait until `count` replies reached `chats`, or none came for `stall` seconds."""
    seen, last_progress = 0, time.monotonic()
    while (found := len(replies_to(fake, chats))) < count:
        if found > seen:
            seen, last_progress = found, time.monotonic()
        elif time.monotonic() - last_progress > stall:
            return
        await asyncio.sleep(interval)


async def drive_paced(fake: FakeBotApi, plan: list[tuple[int, str]]) -> list[Asked]:
    """Push one question at a time and wait for its reply before the next."""
    asked = []
    for user_id, question in plan:
        before = len(replies_to(fake, {user_id}))
        pushed_at = time.monotonic()
        update = fake.message_update(question, user_id=user_id, push=True)
        asked.append(Asked(user_id, update["message"]["message_id"], pushed_at))
        await wait_for_replies(fake, {user_id}, before + 1, PACED_REPLY_TIMEOUT)
        await asyncio.sleep(max(0.0, pushed_at + PACE_INTERVAL - time.monotonic()))
    return asked


async def drive_burst(fake: FakeBotApi, plan: list[tuple[int, str]]) -> list[Asked]:
    """Push every question at once, then wait until every reply arrived (or replies stall).

    Updates are built first (push=False) and then pushed in a tight loop, so building the
    messages is not counted in anyone's latency.
    """
    updates = [fake.message_update(q, user_id=uid, push=False) for uid, q in plan]
    asked = []
    for update in updates:
        pushed_at = time.monotonic()
        fake.push_update(update)
        message = update["message"]
        asked.append(Asked(message["chat"]["id"], message["message_id"], pushed_at))
    chats = {user_id for user_id, _ in plan}
    await wait_for_replies(fake, chats, len(plan), STALL_TIMEOUT, BURST_CHECK_INTERVAL)
    return asked


def quoted_id(call: Call) -> int | None:
    """The message id a sendMessage quotes, if any."""
    reply = call.params.get("reply_parameters") or {}
    return reply.get("message_id") or call.params.get("reply_to_message_id")


def collect(fake: FakeBotApi, outcome: Outcome, asked: list[Asked]) -> None:
    """Match each user's k-th question with the k-th reply in that chat; fill `outcome`."""
    questions: dict[int, list[Asked]] = defaultdict(list)
    for item in asked:
        questions[item.user_id].append(item)
    replies: dict[int, list[Call]] = defaultdict(list)
    for call in replies_to(fake, set(questions)):
        replies[call.params["chat_id"]].append(call)
    last_reply = asked[0].pushed_at
    for user_id, mine in questions.items():
        calls = sorted(replies[user_id], key=lambda call: call.time)
        outcome.lost += max(0, len(mine) - len(calls))
        outcome.extra += max(0, len(calls) - len(mine))
        for question, reply in zip(mine, calls, strict=False):
            outcome.latencies.append(reply.time - question.pushed_at)
            outcome.unquoted += quoted_id(reply) != question.message_id
            last_reply = max(last_reply, reply.time)
    outcome.window = last_reply - asked[0].pushed_at
    sends = fake.calls_to("sendMessage")
    outcome.failed_sends = sum(call.status != 200 for call in sends)
    outcome.admin_reports = sum(call.params.get("chat_id") == ADMIN_CHAT for call in sends)


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What every scenario shares."""

    holder: KnowledgeHolder
    db_dir: str | None
    info: dict[str, str] = field(default_factory=dict)


def database_path(setup: Setup, name: str) -> str:
    """A fresh SQLite file in the temporary folder, or ':memory:'."""
    if setup.db_dir is None:
        return ":memory:"
    return str(Path(setup.db_dir) / f"{name}.db")


def start_bot(bot: str, mode: str, fake: FakeBotApi, setup: Setup):
    """The async context manager that runs `bot` against `fake` for `mode`."""
    send_limit = mode != "burst-nolimit"
    if bot == "policybot":
        db_path = database_path(setup, f"{mode}-{bot}")
        return policybot(fake, setup.holder, db_path, send_limit)
    return echo_bot(fake, send_limit)


async def scenario(mode: str, bot: str, plan: list[tuple[int, str]], setup: Setup) -> Outcome:
    """Start a fresh fake server and bot, warm up, drive `plan` in `mode`, collect, stop."""
    drive: Callable = drive_paced if mode == "paced" else drive_burst
    gc.collect()  # every run starts from a collected heap (a full collection takes ~50 ms)
    fake = FakeBotApi(token=TOKEN).start()
    try:
        async with start_bot(bot, mode, fake, setup) as app:
            setup.info[bot] = f"concurrent_updates={app.concurrent_updates}"
            await warm_up(fake, plan)
            asked = await drive(fake, plan)
        outcome = Outcome(mode, bot, len(plan))
        collect(fake, outcome, asked)
        return outcome
    finally:
        fake.stop()


async def run_all(args: argparse.Namespace, setup: Setup) -> list[Outcome]:
    """Paced, then the burst modes, each for policybot and then echo."""
    paced = question_plan(min(args.paced, args.questions), args.users)
    burst = question_plan(args.questions, args.users)
    runs = [("paced", paced)] + [(mode, burst) for mode in BURST_MODES[args.limiter]]
    outcomes = []
    for mode, plan in runs:
        for bot in BOTS:
            outcomes.append(await scenario(mode, bot, plan, setup))
    return outcomes


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Linearly interpolated percentile of `values` (nan when empty)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def table_row(outcome: Outcome) -> list[str]:
    """One table row: mode, bot, questions, updates/s and latency percentiles in ms."""
    ms = [percentile(outcome.latencies, p) * 1000 for p in (50, 90, 99, 100)]
    rate = "(paced)" if outcome.mode == "paced" else f"{outcome.throughput:.1f}"
    return [outcome.mode, outcome.bot, str(outcome.asked), rate, *(f"{v:.1f}" for v in ms)]


def print_table(outcomes: list[Outcome]) -> None:
    """Print the aligned results table."""
    header = ["mode", "bot", "questions", "updates/s", "p50 ms", "p90 ms", "p99 ms", "max ms"]
    rows = [header, *(table_row(outcome) for outcome in outcomes)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = [
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))


def ratio(numerator: float, denominator: float) -> str:
    """A ratio as text, or n/a when it cannot be computed."""
    if not denominator or math.isnan(numerator) or math.isnan(denominator):
        return "n/a"
    return f"{numerator / denominator:.2f}"


def print_ratios(outcomes: list[Outcome]) -> None:
    """Print policybot/echo ratios for throughput (burst) and p50 latency (each mode)."""
    by_key = {(o.mode, o.bot): o for o in outcomes}
    modes = list(dict.fromkeys(o.mode for o in outcomes))
    for mode in modes[1:]:
        bot, ceiling = by_key[(mode, "policybot")], by_key[(mode, "echo")]
        print(
            f"ratio policybot/echo, {mode + ' updates/s:':<30} "
            f"{ratio(bot.throughput, ceiling.throughput)}"
        )
    for mode in modes:
        bot, ceiling = by_key[(mode, "policybot")], by_key[(mode, "echo")]
        print(
            f"ratio policybot/echo, {mode + ' p50 latency:':<30} "
            f"{ratio(percentile(bot.latencies, 50), percentile(ceiling.latencies, 50))}"
        )


def print_anomalies(outcomes: list[Outcome], tally: LogTally) -> None:
    """Print lost or extra replies, failed sends and warnings logged during the runs."""
    for o in outcomes:
        print(
            f"{o.mode:<13} {o.bot:<9}: replies {len(o.latencies)}/{o.asked}, "
            f"lost {o.lost}, extra {o.extra}, unquoted {o.unquoted}, "
            f"failed sendMessage {o.failed_sends}, admin error reports {o.admin_reports}"
        )
    print(
        "(unquoted: replies not quoting their question; policybot's 'write words' prompt "
        "for '???' is sent unquoted)"
    )
    print(f"warnings/errors logged: {sum(tally.counts.values())}")
    for message, count in tally.counts.most_common(5):
        print(f"  {count} x {message}")


def print_setup(args: argparse.Namespace, setup: Setup) -> None:
    """Print how the run was configured and the machine it ran on."""
    storage = (
        f"temporary SQLite file (WAL) under {Path(setup.db_dir).parent}"
        if setup.db_dir
        else "in-memory SQLite"
    )
    print(f"policybot database: {storage}; flood control off (questions_per_minute=0)")
    print(
        "send limiter (both bots): RetryingRateLimiter(max_retries=3), 30 msg/s overall "
        "(AIORateLimiter default); burst-nolimit: overall_max_rate=0"
    )
    print(
        f"update processing: policybot {setup.info.get('policybot')}, echo "
        f"{setup.info.get('echo')} (1 = sequential, PTB default)"
    )
    print(
        f"users: {args.users}; paced interval >= {PACE_INTERVAL * 1000:.0f} ms; "
        f"warm-up {WARMUP_QUESTIONS} questions per run; getUpdates limit 100"
    )
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}, cpus {cpus}/{os.cpu_count()}"
    )
    print(f"python-telegram-bot {telegram.__version__}, SQLite {sqlite3.sqlite_version}")


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--questions",
        type=int,
        default=DEFAULT_QUESTIONS,
        help="questions in burst mode (default 1000)",
    )
    parser.add_argument(
        "--paced",
        type=int,
        default=DEFAULT_PACED,
        help="questions in paced mode (default 200, at most --questions)",
    )
    parser.add_argument(
        "--users", type=int, default=DEFAULT_USERS, help="distinct users, round-robin (default 50)"
    )
    parser.add_argument("--quick", action="store_true", help="200 questions in burst mode")
    parser.add_argument(
        "--db-file",
        action="store_true",
        help="policybot writes to a temporary SQLite file, not :memory:",
    )
    parser.add_argument(
        "--limiter",
        choices=tuple(BURST_MODES),
        default="both",
        help="burst with the shipped 30 msg/s send limiter, without it (off), or both (default)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.questions = QUICK_QUESTIONS
    if args.questions < 1 or args.users < 1 or args.paced < 1:
        parser.error("--questions, --paced and --users must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    """Run every scenario and print the table, ratios, anomalies and machine info."""
    args = parse_args(argv)
    tally = LogTally()
    logging.getLogger().addHandler(tally)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        db_dir = stack.enter_context(tempfile.TemporaryDirectory()) if args.db_file else None
        setup = Setup(KnowledgeHolder(str(bundled_knowledge_dir())), db_dir)
        outcomes = asyncio.run(run_all(args, setup))
    print_table(outcomes)
    print()
    print_ratios(outcomes)
    print()
    print_anomalies(outcomes, tally)
    print()
    print_setup(args, setup)
    print(f"benchmark wall time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
