"""Subscriptions and broadcasts end to end: real Application, fake Bot API, real limits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bot.broadcasts.announcements import DONE, SENDING
from bot.broadcasts.subscriptions import Subscriptions
from bot.config import BroadcastSettings, RolesSettings
from bot.messages import text
from bot.outbox.sending import INTERRUPTED
from bot.storage.store import Store, open_database
from handlers.broadcast_rendering import token
from tests.conftest import FIXED_NOW
from tests.fake_bot_api import MESSAGE_METHODS, FakeBotApi
from tests.telegram_support import ADMIN_CHAT, TOKEN, bot_config, running_bot

ADMIN, OTHER_ADMIN, OFFICER, USER = 900, 901, 501, 1001
BEKASI = "Jawa Barat / Kabupaten Bekasi"
ROOT = Path(__file__).resolve().parent.parent


def config_for(fake, threshold=500, interval=1.0, **broadcasts):
    """Quiet hours are off unless a test sets them: most tests here run on the machine's clock."""
    officers = [{"id": OFFICER, "region": BEKASI}]
    roles = RolesSettings(admins=[ADMIN, OTHER_ADMIN], officers=officers)
    settings = BroadcastSettings(
        approval_threshold=threshold,
        progress_interval_seconds=interval,
        **{"quiet_hours": "off", **broadcasts},
    )
    return replace(bot_config(fake), roles=roles, broadcasts=settings)


@contextlib.asynccontextmanager
async def wired_bot(fake, config, holder):
    """The running bot (post_init resumed unfinished broadcasts); no unexpected errors."""
    async with running_bot(fake, config, holder) as running:
        yield running
    assert fake.sent_messages(ADMIN_CHAT) == [], "unexpected errors reached the admin chat"


def delivered(fake: FakeBotApi, marker: str) -> Counter:
    """How many copies of a broadcast (found by a marker in its text) each chat received."""
    return Counter(
        call.params["chat_id"]
        for call in fake.calls
        if call.method in MESSAGE_METHODS
        and call.status == 200
        and marker in (call.params.get("text") or call.params.get("caption") or "")
    )


async def wait_until(condition, timeout: float = 10.0) -> None:
    """Poll a condition (on the event loop) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def button_data(reply: dict) -> list[str]:
    """Every callback_data of a reply's inline keyboard."""
    return [b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]


# -- subscriptions ---------------------------------------------------------------------------


async def test_subscribe_narrow_and_unsubscribe(fake, real_holder):
    async with wired_bot(fake, config_for(fake), real_holder) as bot:
        reply = await bot.ask("/langganan")
        assert "semua</b> pengumuman" in reply["text"] and "semua wilayah" in reply["text"]
        assert button_data(reply) == ["sub:regions", "sub:topics"]
        edit = await bot.tap("sub:regions", "editMessageText")
        assert f"sub:prov:{token('Jawa Barat')}" in button_data(edit.params)
        edit = await bot.tap(f"sub:prov:{token('Jawa Barat')}", "editMessageText")
        assert "Kabupaten Bekasi" in edit.params["text"] or button_data(edit.params)
        district = f"sub:dist:{token('Jawa Barat', 'Kabupaten Bekasi')}"
        edit = await bot.tap(district, "editMessageText")
        assert "Wilayah: Jawa Barat / Kabupaten Bekasi" in edit.params["text"]
        await bot.tap("sub:topics", "editMessageText")
        edit = await bot.tap("sub:top:iomki", "editMessageReplyMarkup")
        labels = [b["text"] for row in edit.params["reply_markup"]["inline_keyboard"] for b in row]
        assert "✅ IOMKI (izin operasional)" in labels
        subscription = bot.services.subscriptions.subscription(USER)
        assert (subscription.district, subscription.topics) == ("Kabupaten Bekasi", ("iomki",))
        reply = await bot.ask("/unsubscribe", language_code="en")
        assert reply["text"] == text("sub_stopped", "en")
        assert not bot.services.subscriptions.subscription(USER).active
        reply = await bot.ask("/berhenti")
        assert reply["text"] == text("sub_not_subscribed", "id")


async def test_blocking_unsubscribes_and_start_welcomes_back(fake, real_holder):
    async with wired_bot(fake, config_for(fake), real_holder) as bot:
        await bot.ask("/langganan")
        fake.my_chat_member_update(USER, old_status="member", new_status="kicked")
        await wait_until(lambda: not bot.services.subscriptions.subscription(USER).active)
        fake.my_chat_member_update(USER, old_status="kicked", new_status="member")
        reply = await bot.ask("/start", first_name="Siti")
        assert reply["text"].startswith("Selamat datang kembali, Siti!")
        assert "/bantuan = /help" in reply["text"]
        assert button_data(reply) == ["sub:again"]
        before = len(fake.calls_to("editMessageText"))
        fake.callback_update("sub:again")
        await fake.wait_for("editMessageText", before + 1)
        assert bot.services.subscriptions.subscription(USER).active
        reply = await bot.ask("/start", first_name="Siti")
        assert reply["text"].startswith("Selamat datang di policybot, Siti!")
        greetings = [m["text"][:25] for m in bot.sent(USER) if "Selamat datang" in m["text"]]
        assert greetings == ["Selamat datang kembali, S", "Selamat datang di policyb"]


# -- broadcasts --------------------------------------------------------------------------------


async def test_only_officers_and_admins_may_broadcast(fake, real_holder):
    async with wired_bot(fake, config_for(fake), real_holder) as bot:
        reply = await bot.ask("/siaran semua: halo")
        assert reply["text"].startswith("Maaf, fitur ini hanya untuk petugas dinas atau admin")
        reply = await bot.ask("/broadcast Jawa Timur / Kota Surabaya: halo", user_id=OFFICER)
        assert "wilayahnya sendiri" in reply["text"]


async def test_officer_writes_a_photo_broadcast_that_an_admin_approves(fake, real_holder):
    async with wired_bot(fake, config_for(fake, threshold=2), real_holder) as bot:
        subscriptions = bot.services.subscriptions
        for chat in (3001, 3002, 3003):
            subscriptions.subscribe(chat, chat, "id")
            subscriptions.set_region_text(chat, BEKASI)
        subscriptions.subscribe(3004, 3004, "id")
        subscriptions.set_region_text(3004, "Jawa Timur")
        reply = await bot.ask("/siaran", user_id=OFFICER)
        assert reply["text"] == text("bc_write", "id")
        fake.photo_update("Sosialisasi IOMKI hari <Jumat> PHOTO-MARK", user_id=OFFICER)
        choose = await bot.next_reply(OFFICER)
        assert choose["text"].startswith("Pratinjau siaran #1")
        photo = (await fake.wait_for("sendPhoto"))[-1].params
        assert photo["caption"].startswith("📢 <b>Pengumuman</b>\n\nSosialisasi IOMKI hari &lt;")
        assert photo["caption"].endswith("<i>Berhenti berlangganan: /berhenti</i>")
        assert button_data(choose)[0] == "bc:all:1"
        edit = await bot.tap("bc:all:1", "editMessageText", user_id=OFFICER)
        assert "Jumlah penerima: 3" in edit.params["text"]
        assert "persetujuan admin lain" in edit.params["text"]
        assert button_data(edit.params)[0] == "bc:send:1"
        fake.callback_update("bc:send:1", user_id=OFFICER, message_id=50)
        await wait_until(lambda: len(bot.sent(OTHER_ADMIN)) == 1 and len(bot.sent(ADMIN)) == 1)
        request = bot.sent(ADMIN)[0]
        assert "Persetujuan siaran #1" in request["text"] and button_data(request) == [
            "bc:ok:1",
            "bc:no:1",
        ]
        assert delivered(fake, "PHOTO-MARK") == {OFFICER: 1, ADMIN: 1, OTHER_ADMIN: 1}
        fake.callback_update("bc:ok:1", user_id=ADMIN)
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE)
        assert delivered(fake, "PHOTO-MARK") == {
            OFFICER: 1,
            ADMIN: 1,
            OTHER_ADMIN: 1,
            3001: 1,
            3002: 1,
            3003: 1,
        }
        sent = [c.params for c in fake.calls_to("sendPhoto") if c.params["chat_id"] == 3001]
        assert "· Jawa Barat / Kabupaten Bekasi" in sent[0]["caption"]
        assert sent[0]["photo"] == photo["photo"]
        summary = await wait_for_text(bot, OFFICER, "Ringkasan siaran #1")
        assert "3 terkirim" in summary
        assert "selesai" in fake.message(OFFICER, 50)["text"]


async def wait_for_text(bot, chat_id: int, needle: str) -> str:
    """Wait for a message containing `needle` in a chat; return its text."""

    def found() -> list[str]:
        return [m["text"] for m in bot.sent(chat_id) if needle in m.get("text", "")]

    await wait_until(lambda: bool(found()), timeout=10)
    return found()[0]


async def test_admin_rejects_a_broadcast(fake, real_holder):
    async with wired_bot(fake, config_for(fake, threshold=0), real_holder) as bot:
        bot.services.subscriptions.subscribe(3001, 3001, "id")
        await bot.ask("/siaran semua: Jangan dikirim REJECT-MARK", user_id=OFFICER)
        fake.callback_update("bc:send:1", user_id=OFFICER, message_id=40)
        await wait_until(lambda: "menunggu persetujuan" in fake.message(OFFICER, 40)["text"])
        assert len(bot.sent(ADMIN)) == 2  # the preview, then the request
        fake.callback_update("bc:no:1", user_id=OTHER_ADMIN)
        await wait_until(lambda: "ditolak" in fake.message(OFFICER, 40)["text"])
        assert bot.services.broadcasts.get(1).status == "rejected"
        assert 3001 not in delivered(fake, "REJECT-MARK")


async def test_broadcast_to_hundreds_under_telegram_limits_and_faults(fake, real_holder):
    marker = "LIMITS-MARK"
    async with wired_bot(fake, config_for(fake), real_holder) as bot:
        chats = list(range(20_001, 20_251))
        for chat in chats:
            bot.services.subscriptions.subscribe(chat, chat, "id")
        blocked, missing = chats[5::25], chats[7::50]
        for chat in blocked:
            fake.block_chat(chat)
        for chat in missing:
            fake.missing_chat(chat)
        await bot.ask(f"/siaran semua: Uji siaran <b> {marker}", user_id=ADMIN)
        confirm = (await bot.replies(2, ADMIN))[-1]
        assert "Jumlah penerima: 250" in confirm["text"]
        assert button_data(confirm)[0] == "bc:send:1"
        assert [b["text"] for b in confirm["reply_markup"]["inline_keyboard"][0]] == [
            "Kirim sekarang",
            "Jadwalkan",
        ]
        fake.enforce_limits(global_per_second=30, per_chat_per_second=1)
        fake.fail_next("sendMessage", status=429, retry_after=2)
        fake.callback_update("bc:send:1", user_id=ADMIN, message_id=60)
        flood = (await fake.wait_for("sendMessage", predicate=lambda c: c.status == 429))[0]
        answer = await bot.ask("cara ngurus IOMKI gmn?")  # the bot answers during the hold
        assert "SIINas" in answer["text"]
        answered = fake.calls_to("sendMessage")[-1].time
        held = [
            c.time
            for c in fake.calls_to("sendMessage")
            if marker in c.params["text"] and flood.time + 0.3 < c.time < flood.time + 1.9
        ]
        assert held == [], "the broadcast kept sending during Telegram's retry_after"
        for status in (403, 400, 502):
            fake.fail_next("sendMessage", status=status)
        fake.drop_next("sendMessage")
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE, timeout=40)
        summary = await wait_for_text(bot, ADMIN, "Ringkasan siaran #1")
        resumed = min(
            c.time
            for c in fake.calls_to("sendMessage")
            if marker in c.params["text"] and c.time > flood.time and c.status == 200
        )
        assert answered < resumed, "the question waited for the broadcast's flood hold"
        assert_exactly_once(bot, fake, marker, chats, blocked, missing)
        assert "„Tidak pasti”" in summary
        edits = [
            c.params["text"]
            for c in fake.calls_to("editMessageText")
            if c.params["chat_id"] == ADMIN
        ]
        assert any("Terkirim:" in edit and "pesan/detik" in edit for edit in edits)
        assert "Siaran #1 selesai" in edits[-1]
        assert fake.stats["rejected_429"] <= 4


def assert_exactly_once(bot, fake, marker, chats, blocked, missing) -> None:
    """Every subscriber got the broadcast once, or is blocked/failed/unknown and got none."""
    ledger = bot.services.broadcasts.ledger
    got = delivered(fake, marker)
    got.pop(ADMIN)
    rows = {
        status: set(ledger.chats(1, status))
        for status in ("sent", "blocked", "failed", "unknown", "pending", "sending")
    }
    assert set(got) == rows["sent"] and set(got.values()) == {1}
    assert set(blocked) < rows["blocked"] and len(rows["blocked"]) == len(blocked) + 1
    assert set(missing) < rows["failed"] and len(rows["failed"]) == len(missing) + 1
    assert len(rows["unknown"]) == 1 and not rows["pending"] and not rows["sending"]
    assert sum(map(len, rows.values())) == len(chats)
    for chat in rows["blocked"]:
        assert not bot.services.subscriptions.subscription(chat).active


# -- a crash in the middle of a broadcast -------------------------------------------------------


def start_bot(config: Path) -> subprocess.Popen:
    """Run `policybot run` as a process."""
    env = {**os.environ, "POLICYBOT_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def ledger_counts(db_path: Path) -> dict[str, int]:
    """Read the delivery counts of broadcast 1 straight from the database file."""
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        rows = db.execute(
            "select status, count(*) from deliveries where broadcast_id = 1 group by status"
        ).fetchall()
    return dict(rows)


def wait_sync(condition, timeout: float = 30.0) -> None:
    """Poll a condition until it holds (for the subprocess test)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigkill_mid_broadcast_then_restart_sends_each_message_at_most_once(tmp_path, fake):
    marker, db_path = "SIGKILL-MARK", tmp_path / "bot.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"storage:\n  path: {db_path}\ntelegram:\n  base_url: {fake.base_url}\n"
        f"  base_file_url: {fake.base_file_url}\nroles:\n  admins: [{ADMIN}]\n"
        "knowledge:\n  watch: false\nbroadcasts:\n  progress_interval_seconds: 1.0\n"
        '  quiet_hours: "off"\n'  # the process runs on the machine's clock
    )
    subscriptions = Subscriptions(Store(open_database(db_path)).db, lambda: FIXED_NOW)
    chats = list(range(30_001, 30_201))
    for chat in chats:
        subscriptions.subscribe(chat, chat, "id")
    blocked = chats[3::20]
    for chat in blocked:
        fake.block_chat(chat)
    first = start_bot(config)
    try:
        wait_sync(lambda: fake.calls_to("getUpdates") or first.poll() is not None, timeout=20)
        assert first.poll() is None, first.communicate()[0]
        fake.message_update(f"/siaran semua: Uji mati mendadak {marker}", user_id=ADMIN)
        fake.wait_for_sync("sendMessage", 2, timeout=20)
        fake.enforce_limits(global_per_second=30, per_chat_per_second=1)
        fake.callback_update("bc:send:1", user_id=ADMIN, message_id=70)
        wait_sync(lambda: sum(delivered(fake, marker).values()) >= 60)
        fake.delay_next("sendMessage", 2.0)  # this one is in flight when the bot dies
        time.sleep(0.3)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    at_crash = ledger_counts(db_path)
    assert at_crash.get("sending", 0) >= 1 and at_crash.get("pending", 0) > 0
    second = start_bot(config)
    try:
        wait_sync(lambda: broadcast_status(db_path) == DONE, timeout=40)
        wait_sync(
            lambda: any(
                "Ringkasan siaran #1" in m.get("text", "") for m in fake.sent_messages(ADMIN)
            ),
            timeout=10,
        )
        second.send_signal(signal.SIGTERM)
        output, _ = second.communicate(timeout=20)
    finally:
        stop(second)
    assert second.returncode == 0, output
    assert_survived_crash(db_path, fake, marker, chats, blocked)


def broadcast_status(db_path: Path) -> str:
    """The status of broadcast 1, read from the database file."""
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        row = db.execute("select status from broadcasts where id = 1").fetchone()
    return row[0] if row else ""


def stop(process: subprocess.Popen) -> None:
    """Make sure a bot process is gone."""
    if process.poll() is None:
        process.kill()
    process.communicate()


def assert_survived_crash(db_path, fake, marker, chats, blocked) -> None:
    """At most one copy each: sent rows got exactly one, unknown rows at most one."""
    time.sleep(2.0)  # let the request that was in flight at the crash finish, if it will
    got = delivered(fake, marker)
    got.pop(ADMIN)
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        rows = db.execute(
            "select chat_id, status, reason from deliveries where broadcast_id = 1"
        ).fetchall()
        active = dict(db.execute("select chat_id, active from subscribers").fetchall())
    by_status: dict[str, set[int]] = {}
    for chat, status, _ in rows:
        by_status.setdefault(status, set()).add(chat)
    assert len(rows) == len(chats) and set(by_status) <= {"sent", "blocked", "unknown"}
    assert max(got.values()) == 1
    assert {chat for chat in got if chat not in by_status.get("unknown", set())} == by_status[
        "sent"
    ]
    unknown = by_status["unknown"]  # a blocked chat may be the one in flight at the crash
    assert by_status["blocked"] <= set(blocked) <= by_status["blocked"] | unknown
    assert all(active[chat] == 0 for chat in by_status["blocked"])
    assert unknown and all(
        reason == INTERRUPTED for _, status, reason in rows if status == "unknown"
    )
    assert broadcast_status(db_path) == DONE != SENDING


# -- the Telegram sender -------------------------------------------------------------------------


def network_error(cause: BaseException | None, error_class=None):
    """A PTB network error raised from `cause`, as PTB's HTTPXRequest raises them."""
    from telegram.error import NetworkError

    error = (error_class or NetworkError)("boom")
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("cause", "error_class", "kind"),
    [
        ("ConnectError", None, "retry"),
        ("ConnectTimeout", "TimedOut", "retry"),
        ("PoolTimeout", "TimedOut", "retry"),
        (None, None, "retry"),  # an HTTP answer such as 500 or a proxy's 502 page
        ("RemoteProtocolError", None, "unknown"),  # the connection dropped after sending
        ("ReadTimeout", "TimedOut", "unknown"),
        ("ReadError", None, "unknown"),
    ],
)
def test_network_errors_are_retried_only_when_surely_not_sent(cause, error_class, kind):
    import httpx
    import telegram.error

    from handlers.outbox import network_outcome

    exception = getattr(httpx, cause)("x") if cause else None
    error_type = getattr(telegram.error, error_class) if error_class else None
    assert network_outcome(network_error(exception, error_type)).kind.value == kind


async def test_direct_requests_bypass_the_retrying_rate_limiter(fake):
    from telegram.error import NetworkError, RetryAfter

    from handlers.application import build_bot
    from handlers.network import DIRECT

    bot = build_bot(bot_config(fake).telegram, TOKEN)
    async with bot:
        fake.fail_next("sendMessage", status=429, retry_after=5)
        with pytest.raises(RetryAfter):
            await bot.send_message(42, "x", rate_limit_args=DIRECT)
        fake.drop_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(42, "x", rate_limit_args=DIRECT)
        assert len(fake.calls_to("sendMessage")) == 2  # neither was retried
        fake.drop_next("sendMessage")
        await bot.send_message(42, "x")  # ordinary replies still retry network errors
        assert len(fake.calls_to("sendMessage")) == 4


async def test_sender_maps_telegram_answers_to_outcomes(fake):
    from bot.broadcasts.announcements import Broadcast, Content
    from bot.broadcasts.subscriptions import Audience
    from handlers.application import build_bot
    from handlers.outbox import telegram_sender

    broadcast = Broadcast(
        1, ADMIN, "admin", "id", Content("Halo", "Halo"), Audience(), SENDING, 1, ""
    )
    bot = build_bot(bot_config(fake).telegram, TOKEN)
    async with bot:
        send = telegram_sender(bot, paid=True)
        fake.block_chat(2)
        fake.missing_chat(3)
        fake.fail_next("sendMessage", status=429, retry_after=4)
        outcomes = [await send(chat, broadcast) for chat in (1, 1, 2, 3)]
    assert [(o.kind.value, o.wait) for o in outcomes] == [
        ("retry_after", 4.0),
        ("sent", 0.0),
        ("blocked", 0.0),
        ("failed", 0.0),
    ]
    assert outcomes[3].reason == "Chat not found"
    assert fake.calls_to("sendMessage")[1].params["allow_paid_broadcast"] == "true"


def test_one_line_form_keeps_the_authors_formatting():
    import datetime as dt

    from telegram import Chat, Message, MessageEntity

    from handlers.broadcasts import one_line_parts

    raw = "/siaran semua: Rapat pukul 10:00 di <aula>"
    entities = [MessageEntity("bot_command", 0, 7), MessageEntity("bold", 21, 5)]
    message = Message(1, dt.datetime.now(dt.UTC), Chat(1, "private"), text=raw, entities=entities)
    target, when_text, content = one_line_parts(message)
    assert (target, when_text) == ("semua", None)
    assert content.text == "Rapat pukul 10:00 di <aula>"
    assert content.html == "Rapat <b>pukul</b> 10:00 di &lt;aula&gt;"

    raw = "/siaran semua @ 2027-01-15 10:00: Rapat pukul 10:00 di <aula>"
    entities = [MessageEntity("bot_command", 0, 7), MessageEntity("bold", 40, 5)]
    message = Message(1, dt.datetime.now(dt.UTC), Chat(1, "private"), text=raw, entities=entities)
    target, when_text, content = one_line_parts(message)
    assert (target, when_text) == ("semua", "2027-01-15 10:00")
    assert content.text == "Rapat pukul 10:00 di <aula>"
    assert content.html == "Rapat <b>pukul</b> 10:00 di &lt;aula&gt;"

    raw = "/siaran semua: tulis ke info@kemenperin.go.id"
    message = Message(1, dt.datetime.now(dt.UTC), Chat(1, "private"), text=raw)
    assert one_line_parts(message)[:2] == ("semua", None)
