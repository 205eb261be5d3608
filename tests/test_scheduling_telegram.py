"""Scheduled and weekly broadcasts and quiet hours end to end: the real Application against the
fake Bot API, with the wall clock moved by the test (the bot checks the calendar every 0.1 s)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from dataclasses import replace

from bot.broadcasts.announcements import DONE, SKIPPED
from bot.config import StorageSettings
from tests.conftest import FIXED_NOW, Clock
from tests.telegram_support import ADMIN_CHAT, running_bot
from tests.test_broadcasts_telegram import (
    ADMIN,
    OFFICER,
    button_data,
    config_for,
    delivered,
    wait_until,
)

WIB = dt.timezone(dt.timedelta(hours=7))
CHECK = 0.1  # broadcasts.schedule_check_seconds in these tests
SUBSCRIBERS = list(range(40_001, 40_006))


def wib(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=WIB).astimezone(dt.UTC)


def scheduling_config(fake, path=":memory:", **broadcasts):
    config = config_for(fake, schedule_check_seconds=CHECK, late_limit_minutes=60, **broadcasts)
    return replace(config, storage=StorageSettings(path=str(path)))


@contextlib.asynccontextmanager
async def bot_at(fake, config, holder, clock):
    async with running_bot(fake, config, holder, clock=clock) as running:
        yield running
    assert fake.sent_messages(ADMIN_CHAT) == [], "unexpected errors reached the admin chat"


def received(fake, marker: str) -> dict[int, int]:
    """How many copies each subscriber got (the author's own preview left out)."""
    return {c: n for c, n in delivered(fake, marker).items() if c not in (ADMIN, OFFICER)}


def subscribe(bot, chats=SUBSCRIBERS):
    for chat in chats:
        bot.services.subscriptions.subscribe(chat, chat, "id")


async def schedule(bot, author: int, when: str, body: str, broadcast_id: int) -> None:
    """'/siaran semua @ <when>: <body>', then 'Ya, jadwalkan'."""
    before = len(bot.sent(author))
    await bot.ask(f"/siaran semua @ {when}: {body}", user_id=author)
    await bot.replies(before + 2, author)
    await bot.tap(f"bc:at:{broadcast_id}", "editMessageText", user_id=author, message_id=80)


async def settle(ticks: int = 5) -> None:
    """Give the schedule job a few checks."""
    await asyncio.sleep(CHECK * ticks)


async def test_schedule_from_the_buttons_goes_out_at_its_time_and_not_before(
    fake,
    real_holder,
    clock: Clock,
):
    marker = "JADWAL-MARK"
    async with bot_at(fake, scheduling_config(fake), real_holder, clock) as bot:
        subscribe(bot)
        await bot.ask(f"/siaran semua: Bimtek IOMKI {marker}", user_id=ADMIN)
        confirm = (await bot.replies(2, ADMIN))[-1]
        assert button_data(confirm)[:2] == ["bc:send:1", "bc:sched:1"]
        await bot.tap("bc:sched:1", "sendMessage", user_id=ADMIN)
        question = bot.sent(ADMIN)[-1]["text"]
        assert "Kapan siaran #1 dikirim?" in question and "setiap Jumat 09:00" in question
        reply = await bot.ask("2026-11-23 09:00", user_id=ADMIN)
        assert "Senin, 23 November 2026 pukul 09.00 WIB" in reply["text"]
        assert button_data(reply)[:2] == ["bc:at:1", "bc:sched:1"]
        edit = await bot.tap("bc:at:1", "editMessageText", user_id=ADMIN, message_id=81)
        assert "dijadwalkan" in edit.params["text"]
        assert "Senin, 23 November 2026 pukul 09.00 WIB" in edit.params["text"]

        clock.now = wib(2026, 11, 23, 8, 59, 59)
        await settle()
        assert received(fake, marker) == {}
        clock.now = wib(2026, 11, 23, 9, 0, 1)
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE)
        assert received(fake, marker) == dict.fromkeys(SUBSCRIBERS, 1)
        started = [m["text"] for m in bot.sent(ADMIN) if "Siaran terjadwal #1" in m["text"]]
        assert started and "mulai dikirim ke 5 penerima" in started[0]
        await settle()
        assert received(fake, marker) == dict.fromkeys(SUBSCRIBERS, 1)


async def test_one_line_form_with_a_time_and_a_bad_time(fake, real_holder, clock):
    async with bot_at(fake, scheduling_config(fake), real_holder, clock) as bot:
        subscribe(bot)
        await bot.ask("/siaran semua @ 2026-11-24 10:00: Rapat pukul 10:00 di aula", user_id=ADMIN)
        preview, confirm = (await bot.replies(2, ADMIN))[-2:]
        assert "Rapat pukul 10:00 di aula" in preview["text"]
        assert "Selasa, 24 November 2026 pukul 10.00 WIB" in confirm["text"]
        assert button_data(confirm)[0] == "bc:at:1"
        await bot.tap("bc:sched:1", "sendMessage", user_id=ADMIN)
        refusal = await bot.ask("kapan-kapan saja", user_id=ADMIN)
        assert "Kapan siaran" not in refusal["text"] and refusal["text"]
        retry = await bot.ask("2026-11-25 10:00", user_id=ADMIN)  # the question stays open
        assert "Rabu, 25 November 2026 pukul 10.00 WIB" in retry["text"]


async def test_a_weekly_broadcast_fires_on_two_consecutive_weeks(
    fake,
    real_holder,
    clock,
):
    marker = "MINGGUAN-MARK"
    async with bot_at(fake, scheduling_config(fake), real_holder, clock) as bot:
        subscribe(bot)
        await bot.ask(f"/siaran semua @ setiap jumat 09:00: Laporan IOMKI {marker}", user_id=ADMIN)
        confirm = (await bot.replies(2, ADMIN))[-1]
        assert "Jumat" in confirm["text"]
        await bot.tap("bc:at:1", "editMessageText", user_id=ADMIN, message_id=82)
        for week, day in enumerate((wib(2026, 11, 27, 9, 0, 2), wib(2026, 12, 4, 9, 0, 2)), 1):
            clock.now = day - dt.timedelta(minutes=1)
            await settle()
            assert sum(received(fake, marker).values()) == (week - 1) * len(SUBSCRIBERS)
            clock.now = day
            await wait_until(
                lambda w=week: received(fake, marker) == dict.fromkeys(SUBSCRIBERS, w)
            )
        occurrences = [b for b in bot.services.broadcasts.recent(ADMIN) if b.broadcast.series_id]
        assert len(occurrences) == 3  # two sent, the next one waiting
        assert sorted(r.counts.sent for r in occurrences) == [0, 5, 5]


async def test_a_cancelled_broadcast_never_goes_out(fake, real_holder, clock):
    marker = "BATAL-MARK"
    async with bot_at(fake, scheduling_config(fake), real_holder, clock) as bot:
        subscribe(bot)
        await schedule(bot, OFFICER, "2026-11-23 09:00", marker, 1)
        listing = await bot.ask("/scheduled", user_id=ADMIN, language_code="en")
        assert (
            "#1" in listing["text"] and "Monday, 23 November 2026 at 09:00 WIB" in listing["text"]
        )
        assert "bc:unsched:1" in button_data(listing)
        officer_list = await bot.ask("/siaran_terjadwal", user_id=OFFICER)
        assert "Siaran terjadwal" in officer_list["text"] and "bc:unsched:1" in button_data(
            officer_list
        )
        await bot.tap("bc:unsched:1", "editMessageText", user_id=ADMIN, message_id=84)
        told = await bot.replies(4, OFFICER)  # preview, confirmation, the list, the news
        assert "dibatalkan" in told[-1]["text"]
        clock.now = wib(2026, 11, 23, 9, 0, 1)
        await settle()
        assert received(fake, marker) == {}
        assert (await bot.ask("/siaran_terjadwal", user_id=OFFICER))["text"] == (
            "Tidak ada siaran terjadwal."
        )


async def test_quiet_hours_pause_a_long_broadcast_and_resume_it(fake, real_holder, clock):
    marker = "SENYAP-MARK"
    chats = list(range(41_001, 41_121))
    config = scheduling_config(fake, quiet_hours="21:00-06:00")
    clock.now = wib(2026, 11, 23, 20, 59, 0)
    async with bot_at(fake, config, real_holder, clock) as bot:
        subscribe(bot, chats)
        await bot.ask(f"/siaran semua: Pengumuman panjang {marker}", user_id=ADMIN)
        await bot.replies(2, ADMIN)
        fake.callback_update("bc:send:1", user_id=ADMIN, message_id=85)
        await wait_until(lambda: sum(received(fake, marker).values()) >= 20)
        clock.now = wib(2026, 11, 23, 21, 0, 0)
        await wait_until(lambda: "dijeda" in (fake.message(ADMIN, 85) or {}).get("text", ""))
        paused_at = sum(received(fake, marker).values())
        await settle(8)
        assert sum(received(fake, marker).values()) == paused_at < len(chats)
        clock.now = wib(2026, 11, 24, 5, 59, 0)
        await settle(3)
        assert sum(received(fake, marker).values()) == paused_at
        clock.now = wib(2026, 11, 24, 6, 0, 0)
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE, timeout=20)
        assert received(fake, marker) == dict.fromkeys(chats, 1)


async def test_a_restart_at_the_scheduled_time_neither_loses_nor_doubles_it(
    fake,
    real_holder,
    tmp_path,
):
    marker = "RESTART-MARK"
    config = scheduling_config(fake, path=tmp_path / "bot.db")
    clock = Clock(FIXED_NOW)
    async with bot_at(fake, config, real_holder, clock) as bot:
        subscribe(bot)
        await schedule(bot, ADMIN, "2026-11-23 09:00", marker, 1)
        await schedule(bot, ADMIN, "2026-11-23 09:05", f"late {marker}-2", 2)
    # down from before 09:00 until 09:40: the first is 40 minutes late, within the limit
    clock.now = wib(2026, 11, 23, 9, 40)
    async with bot_at(fake, config, real_holder, clock) as bot:
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE)
        await wait_until(lambda: bot.services.broadcasts.get(2).status == DONE)
    assert received(fake, marker) == dict.fromkeys(SUBSCRIBERS, 2)
    clock.now = wib(2026, 11, 23, 9, 41)
    async with bot_at(fake, config, real_holder, clock) as bot:
        await settle()
    assert received(fake, marker) == dict.fromkeys(SUBSCRIBERS, 2)  # never twice


async def test_one_missed_for_too_long_is_skipped_and_its_author_told(
    fake,
    real_holder,
    tmp_path,
):
    marker = "TERLAMBAT-MARK"
    config = scheduling_config(fake, path=tmp_path / "bot.db")
    clock = Clock(FIXED_NOW)
    async with bot_at(fake, config, real_holder, clock) as bot:
        subscribe(bot)
        await schedule(bot, OFFICER, "2026-11-23 09:00", marker, 1)
    clock.now = wib(2026, 11, 23, 11, 0)
    async with bot_at(fake, config, real_holder, clock) as bot:
        told = await bot.replies(3, OFFICER)
        assert "dilewati" in told[-1]["text"] and "120 menit" in told[-1]["text"]
        assert bot.services.broadcasts.get(1).status == SKIPPED
    assert received(fake, marker) == {}


async def test_an_admin_marks_a_broadcast_urgent_to_send_it_in_quiet_hours(
    fake,
    real_holder,
    clock,
):
    marker = "DARURAT-MARK"
    clock.now = wib(2026, 11, 23, 23, 0)
    config = scheduling_config(fake, quiet_hours="21:00-06:00")
    async with bot_at(fake, config, real_holder, clock) as bot:
        subscribe(bot)
        await bot.ask(f"/siaran semua: Penutupan darurat {marker}", user_id=ADMIN)
        confirm = (await bot.replies(2, ADMIN))[-1]
        assert "Sekarang jam tenang (21.00–06.00 WIB)" in confirm["text"]
        assert "Selasa, 24 November 2026 pukul 06.00 WIB" in confirm["text"]
        assert "bc:urg:1" in button_data(confirm)
        edit = await bot.tap("bc:urg:1", "editMessageText", user_id=ADMIN, message_id=89)
        assert "Mendesak" in edit.params["text"] and "jam tenang (" not in edit.params["text"]
        fake.callback_update("bc:send:1", user_id=ADMIN, message_id=89)
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE)
        assert received(fake, marker) == dict.fromkeys(SUBSCRIBERS, 1)
        await bot.ask("/siaran semua: biasa", user_id=OFFICER)
        officer_confirm = (await bot.replies(2, OFFICER))[-1]
        assert "bc:send:2" in button_data(officer_confirm)
        assert "bc:urg:2" not in button_data(officer_confirm)  # officers cannot mark urgent


async def test_a_restart_while_a_scheduled_broadcast_is_sending_finishes_it_once(
    fake,
    real_holder,
    tmp_path,
):
    marker = "SEDANG-MARK"
    chats = list(range(42_001, 42_091))
    config = scheduling_config(fake, path=tmp_path / "bot.db")
    clock = Clock(FIXED_NOW)
    async with bot_at(fake, config, real_holder, clock) as bot:
        subscribe(bot, chats)
        await schedule(bot, ADMIN, "2026-11-23 09:00", marker, 1)
        clock.now = wib(2026, 11, 23, 9, 0, 1)
        await wait_until(lambda: sum(received(fake, marker).values()) >= 15)
    stopped_at = sum(received(fake, marker).values())
    assert stopped_at < len(chats)
    clock.now = wib(2026, 11, 23, 9, 3)
    async with bot_at(fake, config, real_holder, clock) as bot:
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE, timeout=20)
        await settle()
    assert received(fake, marker) == dict.fromkeys(chats, 1)


async def test_a_draft_sent_while_its_time_was_asked_ends_the_question(
    fake,
    real_holder,
    clock,
):
    async with bot_at(fake, scheduling_config(fake), real_holder, clock) as bot:
        subscribe(bot)
        await bot.ask("/siaran semua: Segera", user_id=ADMIN)
        await bot.replies(2, ADMIN)
        await bot.tap("bc:sched:1", "sendMessage", user_id=ADMIN)
        fake.callback_update("bc:send:1", user_id=ADMIN, message_id=91)
        await wait_until(lambda: bot.services.broadcasts.get(1).status == DONE)
        reply = await bot.ask("besok 09:00", user_id=ADMIN)
        assert reply["text"] == "Siaran #1 sudah diproses sebelumnya."
        answer = await bot.ask("cara ngurus IOMKI gmn?", user_id=ADMIN)
        assert "SIINas" in answer["text"]  # an ordinary question again
