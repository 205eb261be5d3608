"""Messages as people write them, end to end on Telegram: long messages, two questions,
follow-ups, a topic switch and small talk."""

from __future__ import annotations

import pytest

from tests.fake_bot_api import FakeBotApi
from tests.telegram_support import ADMIN_CHAT, TOKEN, bot_config, running_bot


@pytest.fixture
def fake():
    with FakeBotApi(token=TOKEN) as api:
        yield api


@pytest.fixture
async def bot(fake, real_holder, clock):
    async with running_bot(fake, bot_config(fake), real_holder, clock) as running:
        yield running
    assert fake.sent_messages(ADMIN_CHAT) == [], "unexpected errors reached the admin chat"


async def test_a_long_message_gets_the_answer_to_its_question(bot):
    reply = await bot.ask(
        "Selamat siang pak. Saya HRD di pabrik garmen di Bekasi dengan 300 karyawan, kami "
        "jalan 3 shift. Mau tanya, laporan mingguan IOMKI lewat SIINas atau email? Makasih.")
    assert "SIINas" in reply["text"]
    assert "<b>Sumber:</b> SE Menperin 8/2020" in reply["text"]
    assert bot.services.store.unanswered() == []


async def test_two_questions_get_two_cited_answers(bot):
    reply = await bot.ask(
        "Laporan mingguan IOMKI dikirim lewat SIINas atau email? Terus jarak minimal antar "
        "pekerja berapa meter?")
    assert reply["text"].count("<b>Sumber:</b>") == 2
    assert "SIINas" in reply["text"] and "1 meter" in reply["text"]


async def test_a_follow_up_leans_on_the_previous_question(bot):
    await bot.ask("sanksi tidak lapor IOMKI 3 periode apa?", user_id=2001)
    reply = await bot.ask("kalo menurut SE 3/2021 gmn?", user_id=2001)
    first = reply["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert first.endswith(":se3-2021-sanksi")


async def test_a_new_topic_is_not_mixed_with_the_old_one(bot):
    await bot.ask("Laporan mingguan IOMKI dikirim lewat SIINas atau email?", user_id=2002)
    reply = await bot.ask("pekerja wajib pakai masker dari rumah?", user_id=2002)
    assert "masker" in reply["text"].casefold()
    assert "SIINas" not in reply["text"]


async def test_small_talk_gets_a_short_reply_and_is_not_logged(bot):
    reply = await bot.ask("halo min", user_id=2003)
    assert "IOMKI" in reply["text"] and "/topik" in reply["text"]
    thanks = await bot.ask("thank you!", user_id=2003, language_code="en")
    assert thanks["text"].startswith("Hello")
    assert bot.services.store.unanswered() == []
