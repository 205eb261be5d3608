""" "What changed" notices end to end: an admin edits an answer, the admins get one preview,
Kirim tells exactly those who got the old answer and the topic's subscribers, once."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

from bot.access.roles import CLI_ACTOR
from bot.config import Config, KnowledgeSettings, RolesSettings, StorageSettings
from bot.knowledge.current import KnowledgeHolder
from bot.messages import text
from bot.services import build_services
from tests.conftest import FIXED_NOW
from tests.fake_bot_api import FakeBotApi
from tests.telegram_support import ADMIN_CHAT, bot_config, running_bot

ADMIN = 900
ASKER, OLD_ASKER, OTHER_ASKER, SUBSCRIBER, OPTED_OUT, OTHER_SUBSCRIBER = range(1001, 1007)
ENTRY, TOPIC = "bimtek-jadwal-bdi", "bimtek"
QUESTION = (
    "Kapan jadwal Bimtek aparatur industri kabupaten/kota di setiap Balai Diklat Industri (BDI)?"
)
OTHER_QUESTION = "Apakah perusahaan wajib membentuk tim atau satgas COVID-19 di tempat kerja?"
NEW_ANSWER = "Bimtek aparatur kabupaten/kota dijadwalkan ulang; jadwal terbaru diumumkan tiap BDI."
NOTICE_START = "🔄 "


def config_for(fake, storage: str = ":memory:") -> Config:
    return replace(
        bot_config(fake),
        roles=RolesSettings(admins=[ADMIN]),
        storage=StorageSettings(path=storage),
    )


def notices(fake: FakeBotApi) -> dict[int, list[dict]]:
    """The change notices each chat received."""
    found: dict[int, list[dict]] = {}
    for params in fake.sent_messages():
        if params["text"].startswith(NOTICE_START) and int(params["chat_id"]) != ADMIN_CHAT:
            found.setdefault(int(params["chat_id"]), []).append(params)
    return found


def buttons(message: dict) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def edit_answer(bot, entry_id: str, answer: str) -> None:
    """/faq ubah <entry> → the answer field → the new answer, as an admin."""
    await bot.ask(f"/faq ubah {entry_id}", user_id=ADMIN)
    before = len(bot.sent(ADMIN))
    bot.fake.callback_update("ef:answer", user_id=ADMIN)
    await bot.replies(before + 1, chat_id=ADMIN)
    bot.fake.message_update(answer, user_id=ADMIN)
    await message_to(bot, ADMIN, text("faq_updated", "id").format(entry=entry_id))


async def message_to(bot, chat_id: int, start: str) -> dict:
    """Wait for the bot's message to a chat that starts so (other messages may come between)."""

    def wanted(call) -> bool:
        return int(call.params["chat_id"]) == chat_id and call.params["text"].startswith(start)

    return (await bot.fake.wait_for("sendMessage", 1, 15, predicate=wanted))[0].params


async def test_an_edited_answer_reaches_its_askers_and_topic_subscribers_once(fake, folder, clock):
    config = config_for(fake)
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        clock.now = FIXED_NOW - dt.timedelta(days=40)
        await bot.ask(QUESTION, user_id=OLD_ASKER)  # got the old answer too long ago
        clock.now = FIXED_NOW - dt.timedelta(days=3)
        for user in (ASKER, OPTED_OUT):
            reply = await bot.ask(QUESTION, user_id=user)
            assert reply["reply_markup"]["inline_keyboard"][0][0]["text"] == "👍"
        await bot.ask(OTHER_QUESTION, user_id=OTHER_ASKER)
        clock.now = FIXED_NOW
        bot.services.curation.set_answer_notifications(OPTED_OUT, False)
        subscriptions = bot.services.subscriptions
        for chat, topic in ((SUBSCRIBER, TOPIC), (OTHER_SUBSCRIBER, "pelaporan")):
            subscriptions.subscribe(chat, chat, "id")
            subscriptions.toggle_topic(chat, topic)

        await edit_answer(bot, ENTRY, NEW_ANSWER)
        preview = await message_to(bot, ADMIN_CHAT, "🔄 ")
        assert preview["text"].startswith(f"🔄 Jawaban tentang «{QUESTION}» diperbarui:")
        assert NEW_ANSWER in preview["text"] and "<b>Sumber:</b>" in preview["text"]
        assert "Akan dikabari: 2 penerima" in preview["text"]
        send, skip = buttons(preview)
        assert send.startswith("chg:send:") and skip.startswith("chg:skip:")

        refused = await bot.tap(send, "answerCallbackQuery", user_id=ASKER, chat_id=ADMIN_CHAT)
        assert refused.params["text"] == text("admins_only", "id")
        done = await bot.tap(send, "editMessageText", user_id=ADMIN, chat_id=ADMIN_CHAT)
        assert "dikirim ke 2 penerima" in done.params["text"]
        await bot.app.bot_data["change_notices"]

        told = notices(fake)
        assert sorted(told) == [ASKER, SUBSCRIBER]
        assert all(len(messages) == 1 for messages in told.values())
        notice = told[ASKER][0]
        assert notice["text"].startswith(f"🔄 Jawaban tentang «{QUESTION}» telah diperbarui:")
        assert NEW_ANSWER in notice["text"]
        assert "<b>Ditinjau:</b> 22 November 2026" in notice["text"]
        assert buttons(notice) == [f"ent:*:{ENTRY}", "nq:off"]

        again = await bot.tap(send, "answerCallbackQuery", user_id=ADMIN, chat_id=ADMIN_CHAT)
        assert again.params["text"] == text("change_decided", "id")
        await bot.app.bot_data["change_notices"]
        assert notices(fake) == told
        previews = [m for m in fake.sent_messages(ADMIN_CHAT) if "Jawaban tentang" in m["text"]]
        assert len(previews) == 1 and len(fake.sent_messages(ADMIN_CHAT)) == 1

        full = await bot.tap(f"ent:*:{ENTRY}", "editMessageText", user_id=ASKER)
        assert NEW_ANSWER in full.params["text"]


async def test_notices_queued_before_a_restart_are_sent_when_the_bot_starts(
    fake, folder, clock, tmp_path
):
    config = config_for(fake, str(tmp_path / "policybot.db"))
    holder = KnowledgeHolder(folder)
    before = build_services(config, clock=clock, holder=holder)
    before.subscriptions.subscribe(SUBSCRIBER, SUBSCRIBER, "en")
    before.subscriptions.toggle_topic(SUBSCRIBER, TOPIC)
    before.editor.update_entry(CLI_ACTOR, ENTRY, {"answer": NEW_ANSWER})
    change_id = before.store.db.execute("select id from answer_changes").fetchone()[0]
    assert before.changes.send(ADMIN, change_id) == 1
    before.store.db.close()

    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        await bot.replies(1, chat_id=SUBSCRIBER, timeout=15)
        await bot.app.bot_data["change_notices"]
        told = notices(fake)
        assert list(told) == [SUBSCRIBER] and len(told[SUBSCRIBER]) == 1
        assert told[SUBSCRIBER][0]["text"].startswith("🔄 The answer about «")
        assert fake.sent_messages(ADMIN_CHAT) == []  # a decided change is not previewed


async def test_a_file_edited_on_disk_is_previewed_once_and_can_be_skipped(fake, folder, clock):
    config = replace(config_for(fake), knowledge=KnowledgeSettings(watch=True))
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        clock.now = FIXED_NOW - dt.timedelta(hours=1)
        await bot.ask(QUESTION, user_id=ASKER)
        clock.now = FIXED_NOW
        path = next(p for p in folder.glob("*.yaml") if f"id: {ENTRY}" in p.read_text())
        old = bot.services.holder.knowledge.entry(ENTRY).answer
        opening = old[:30]
        assert path.read_text().count(opening) == 1
        path.write_text(path.read_text().replace(opening, "Mulai Juni 2020, " + opening))
        preview = (await bot.replies(1, chat_id=ADMIN_CHAT, timeout=30))[0]
        assert "Akan dikabari: 1 penerima" in preview["text"]
        skip = buttons(preview)[1]
        done = await bot.tap(skip, "editMessageText", user_id=ADMIN, chat_id=ADMIN_CHAT)
        assert done.params["text"].startswith("Dilewati: tidak ada yang dikabari")
        again = await bot.tap(buttons(preview)[0], "answerCallbackQuery", user_id=ADMIN)
        assert again.params["text"] == text("change_decided", "id")
        assert notices(fake) == {}
        assert len(fake.sent_messages(ADMIN_CHAT)) == 1


async def test_without_an_admin_chat_each_admin_gets_the_preview(fake, folder, clock):
    config = replace(
        config_for(fake), telegram=replace(bot_config(fake).telegram, admin_chat_id=0)
    )
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        await edit_answer(bot, ENTRY, NEW_ANSWER)
        preview = await message_to(bot, ADMIN, "🔄 ")
        assert preview["text"].startswith(f"🔄 Jawaban tentang «{QUESTION}» diperbarui:")
        assert "Akan dikabari: 0 penerima" in preview["text"]
        done = await bot.tap(buttons(preview)[0], "editMessageText", user_id=ADMIN)
        assert "dikirim ke 0 penerima" in done.params["text"]


async def test_notices_held_by_quiet_hours_let_the_bot_stop_and_go_out_after_them(
    fake, folder, clock, tmp_path
):
    config = config_for(fake, str(tmp_path / "policybot.db"))
    config = replace(config, broadcasts=replace(config.broadcasts, quiet_hours="21:00-06:00"))
    wib = dt.timezone(dt.timedelta(hours=7))
    clock.now = dt.datetime(2026, 11, 22, 22, 0, tzinfo=wib).astimezone(dt.UTC)
    before = build_services(config, clock=clock, holder=KnowledgeHolder(folder))
    before.subscriptions.subscribe(SUBSCRIBER, SUBSCRIBER, "id")
    before.subscriptions.toggle_topic(SUBSCRIBER, TOPIC)
    before.editor.update_entry(CLI_ACTOR, ENTRY, {"answer": NEW_ANSWER})
    change_id = before.store.db.execute("select id from answer_changes").fetchone()[0]
    assert before.changes.send(ADMIN, change_id) == 1
    before.store.db.close()

    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        await wait_for_task(bot, "change_notices")
    # leaving the block stopped the bot: the paused worker did not hold it until 06:00
    assert notices(fake) == {}
    clock.now = dt.datetime(2026, 11, 23, 6, 0, tzinfo=wib).astimezone(dt.UTC)
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        await bot.replies(1, chat_id=SUBSCRIBER, timeout=15)
    assert list(notices(fake)) == [SUBSCRIBER] and len(notices(fake)[SUBSCRIBER]) == 1


async def wait_for_task(bot, name: str) -> None:
    """Wait until the bot has started a background task kept in bot_data under `name`."""
    for _ in range(300):
        if name in bot.app.bot_data:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{name} never started")
