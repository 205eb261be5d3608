"""policybot on Telegram, end to end: real Application, long polling, fake Bot API server."""

from __future__ import annotations

import re

import pytest

from bot.access.privacy import KEPT
from bot.messages import format_date, text
from tests.telegram_support import ADMIN_CHAT, bot_config, running_bot
from tests.test_privacy import NO_PERSONAL_IDS, rows_about, schema


@pytest.fixture
async def bot(fake, real_holder, clock):
    async with running_bot(
        fake, bot_config(fake, questions_per_minute=5), real_holder, clock
    ) as running:
        yield running
    assert fake.sent_messages(ADMIN_CHAT) == [], "unexpected errors reached the admin chat"


async def test_start_registers_menus_and_welcomes(bot):
    reply = await bot.ask("/start", first_name="Siti <Admin>")
    assert "Selamat datang di policybot, Siti &lt;Admin&gt;!" in reply["text"]
    assert "/bantuan = /help" in reply["text"]
    assert reply["parse_mode"] == "HTML"
    menus = {
        c.params.get("language_code", ""): c.params["commands"]
        for c in bot.fake.calls_to("setMyCommands")
    }
    assert [c["command"] for c in menus[""]][:3] == ["start", "bantuan", "topik"]
    assert [c["command"] for c in menus["en"]][:3] == ["start", "help", "topics"]


async def test_help_alias_and_english_user(bot):
    reply = await bot.ask("/help", language_code="en")
    assert "Commands:" in reply["text"] and "/topik = /topics" in reply["text"]


async def test_question_gets_cited_answer_with_feedback_buttons(bot):
    reply = await bot.ask("cara ngurus IOMKI gmn?")
    assert "SIINas" in reply["text"]
    assert "<b>Sumber:</b> SE Menperin 7/2020" in reply["text"]
    reviewed = bot.services.holder.knowledge.entry("iomki-cara-mengajukan").reviewed
    assert reply["text"].endswith(f"<b>Ditinjau:</b> {format_date(reviewed, 'id')}")
    buttons = reply["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["👍", "👎"]
    question = bot.services.store.question(int(buttons[0]["callback_data"].split(":")[1]))
    assert question["user_id"] == 1001 and question["channel"] == "telegram"


async def test_thumbs_down_flags_the_question_for_review(bot):
    reply = await bot.ask("hand sanitizer alkohol brp persen")
    down = reply["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    call = await bot.tap(down, "answerCallbackQuery")
    assert call.params["text"] == text("thanks_not_helpful", "id")
    review = bot.services.store.unanswered()
    assert [r["reason"] for r in review] == ["feedback"]
    assert bot.services.store.db["feedback"].count == 1


async def test_not_sure_suggestions_can_be_tapped(bot):
    reply = await bot.ask("iomki")
    assert reply["text"].startswith("Saya belum yakin")
    rows = reply["reply_markup"]["inline_keyboard"]
    assert len(rows) == 4 and rows[-1][0]["text"] == "Tidak ada yang cocok"
    assert all(len(b["callback_data"].encode()) <= 64 for row in rows for b in row)
    first = rows[0][0]["callback_data"]
    before = len(bot.sent(1001))
    bot.fake.callback_update(first, message_text=reply["text"])
    answer = (await bot.replies(before + 1))[-1]
    assert "<b>Sumber:</b>" in answer["text"]
    entry_id = first.split(":")[2]
    assert bot.services.store.unanswered()[0]["picked_entry_id"] == entry_id


async def test_none_matched_logs_the_question(bot):
    reply = await bot.ask("iomki")
    none = reply["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    before = len(bot.sent(1001))
    bot.fake.callback_update(none)
    confirmation = (await bot.replies(before + 1))[-1]
    assert confirmation["text"] == text("none_matched", "id")
    assert bot.services.store.unanswered()[0]["reason"] == "none_matched"


async def test_out_of_scope_says_what_the_bot_covers(bot):
    reply = await bot.ask("berapa UMK Bekasi")
    assert "Maaf" in reply["text"] and "SE Menperin 4/2020" in reply["text"]
    assert "reply_markup" not in reply
    assert bot.services.store.unanswered()[0]["question"] == "berapa UMK Bekasi"


async def test_topic_menu_documents_topics_entries_and_back(bot):
    menu = await bot.ask("/topik")
    documents = menu["reply_markup"]["inline_keyboard"]
    assert documents[0][0]["callback_data"].startswith("doc:")
    edit = await bot.tap("doc:se-menperin-8-2020", "editMessageText")
    topics = edit.params["reply_markup"]["inline_keyboard"]
    assert topics[-1][0]["callback_data"] == "menu"
    edit = await bot.tap(topics[0][0]["callback_data"], "editMessageText")
    entries = edit.params["reply_markup"]["inline_keyboard"]
    assert entries[-1][0]["callback_data"] == "doc:se-menperin-8-2020"
    edit = await bot.tap(entries[0][0]["callback_data"], "editMessageText")
    assert "<b>Sumber:</b> SE Menperin 8/2020" in edit.params["text"]
    back = edit.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert back.startswith("top:se-menperin-8-2020:")
    edit = await bot.tap("menu", "editMessageText")
    assert edit.params["reply_markup"]["inline_keyboard"] == documents


async def test_all_topics_menu(bot):
    edit = await bot.tap("doc:*", "editMessageText")
    labels = [row[0]["text"] for row in edit.params["reply_markup"]["inline_keyboard"]]
    assert any(label.startswith("Protokol kesehatan") for label in labels)


async def test_deep_link_opens_a_topic(bot):
    reply = await bot.ask("/start topik_iomki")
    assert reply["text"].startswith("<b>IOMKI (izin operasional)</b>")
    buttons = [row[0]["callback_data"] for row in reply["reply_markup"]["inline_keyboard"]]
    assert all(b.startswith("ent:*:") for b in buttons[:-1])
    assert "ent:*:iomki-cara-mengajukan" in buttons


async def test_inline_mode_returns_up_to_ten_articles(bot):
    bot.fake.inline_update("iomki")
    call = (await bot.fake.wait_for("answerInlineQuery"))[-1]
    results = call.params["results"]
    assert 1 <= len(results) <= 10
    assert all(r["type"] == "article" for r in results)
    assert "Sumber:" in results[0]["input_message_content"]["message_text"]


async def test_inline_mode_empty_query(bot):
    bot.fake.inline_update("")
    call = (await bot.fake.wait_for("answerInlineQuery"))[-1]
    assert call.params["results"] == []


async def test_language_switch_is_remembered(bot):
    reply = await bot.ask("/bahasa")
    buttons = reply["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == ["lang:id", "lang:en"]
    before = len(bot.sent(1001))
    bot.fake.callback_update("lang:en")
    confirmation = (await bot.replies(before + 1))[-1]
    assert confirmation["text"] == "Language set to English."
    reply = await bot.ask("cara ngurus IOMKI gmn?")
    assert "<b>Source:</b>" in reply["text"]
    reply = await bot.ask("/language id")
    assert reply["text"] == "Bahasa diganti ke Bahasa Indonesia."


async def test_unknown_language_code_keeps_the_language_and_offers_the_choices(bot):
    await bot.ask("/language en")
    reply = await bot.ask("/bahasa jp")
    assert reply["text"] == text("language_unknown", "en").format(code="jp")
    assert [b["callback_data"] for b in reply["reply_markup"]["inline_keyboard"][0]] == [
        "lang:id",
        "lang:en",
    ]
    assert bot.services.store.language_of(1001) == "en"
    reply = await bot.ask("/language <b>", user_id=1002)  # Telegram in Indonesian, nothing chosen
    assert reply["text"] == text("language_unknown", "id").format(code="&lt;b&gt;")
    assert bot.services.store.language_of(1002) is None


async def test_english_question_gets_english_answer(bot):
    reply = await bot.ask("How do I apply for an IOMKI permit?", language_code="en")
    assert "<b>Source:</b>" in reply["text"]
    assert "<b>Status:</b> In force" in reply["text"]
    assert "Berlaku" not in reply["text"] and "diumumkan" not in reply["text"]
    assert re.search(r"<b>Reviewed:</b> \d{1,2} [A-Z][a-z]+ \d{4}$", reply["text"])


@pytest.mark.parametrize(
    "kind",
    ["sticker_update", "photo_update", "voice_update", "location_update", "document_update"],
)
async def test_non_text_messages_get_a_polite_reply(bot, kind):
    before = len(bot.sent(1001))
    getattr(bot.fake, kind)()
    reply = (await bot.replies(before + 1))[-1]
    assert reply["text"] == text("unsupported", "id")


async def test_emoji_only_and_empty_looking_text(bot):
    reply = await bot.ask("🙏🙏🙏")
    assert reply["text"].startswith("Silakan tulis pertanyaan Anda dengan kata-kata")


async def test_very_long_text_is_answered_without_crashing(bot):
    reply = await bot.ask("iomki " + "x" * 4000)
    assert reply["text"]


async def test_html_in_question_is_never_echoed_raw(bot):
    reply = await bot.ask("<script>alert(1)</script> iomki")
    assert "<script>" not in reply["text"]


async def test_edited_question_is_answered_again(bot):
    before = len(bot.sent(1001))
    bot.fake.edited_message_update("hand sanitizer alkohol brp persen")
    reply = (await bot.replies(before + 1))[-1]
    assert "70%" in reply["text"]


async def test_group_messages_only_when_addressed(bot):
    group = -5005
    bot.fake.message_update("cara ngurus IOMKI gmn?", user_id=1001, chat_id=group)
    reply = await bot.ask(
        "@policybot_test_bot cara ngurus IOMKI gmn?", user_id=1001, chat_id=group
    )
    assert "SIINas" in reply["text"]
    assert len(bot.sent(group)) == 1


async def test_unknown_command_and_cancel(bot):
    reply = await bot.ask("/foo")
    assert reply["text"] == text("unknown_command", "id")
    reply = await bot.ask("/batal")
    assert reply["text"] == text("nothing_to_cancel", "id")


async def test_stale_button_gets_an_alert(bot):
    call = await bot.tap("doc:no-such-document", "answerCallbackQuery")
    assert call.params["show_alert"] is True
    call = await bot.tap("garbage:'; drop table", "answerCallbackQuery")
    assert call.params["text"] == text("stale_button", "id")


async def test_feedback_on_deleted_question_is_a_polite_alert(bot):
    call = await bot.tap("fb:424242:1", "answerCallbackQuery")
    assert call.params["text"] == "Maaf, pertanyaan itu sudah tidak tersimpan."


async def test_flood_control_notifies_once_and_spares_other_users(bot):
    for number in range(7):
        bot.fake.message_update(f"masker {number}", user_id=2002)
    await bot.replies(6, chat_id=2002)
    reply = await bot.ask("cara ngurus IOMKI gmn?", user_id=3003)
    assert "SIINas" in reply["text"]
    texts = [r["text"] for r in bot.sent(2002)]
    assert texts.count(text("flood", "id")) == 1
    assert len(texts) == 6


async def test_privacy_and_delete_my_data(bot):
    await bot.ask("cara ngurus IOMKI gmn?")
    reply = await bot.ask("/privasi")
    assert "Saat ini tersimpan: 1 pertanyaan" in reply["text"]
    reply = await bot.ask("/hapus_data")
    assert [b["callback_data"] for b in reply["reply_markup"]["inline_keyboard"][0]] == [
        "del:yes",
        "del:no",
    ]
    edit = await bot.tap("del:yes", "editMessageText")
    assert edit.params["text"].startswith("Data Anda sudah dihapus (1 pertanyaan")
    assert bot.services.store.user_data_counts(1001)["questions"] == 0


async def test_delete_my_data_can_be_declined(bot):
    await bot.ask("masker")
    edit = await bot.tap("del:no", "editMessageText")
    assert edit.params["text"] == text("delete_kept", "id")
    assert bot.services.store.user_data_counts(1001)["questions"] == 1


async def test_recovers_from_429_502_and_dropped_connections(bot):
    bot.fake.fail_next("sendMessage", status=429, retry_after=1)
    reply = await bot.ask("masker")
    assert "masker" in reply["text"].lower()
    bot.fake.fail_next("sendMessage", status=502)
    reply = await bot.ask("hand sanitizer alkohol brp persen")
    assert "70%" in reply["text"]
    bot.fake.drop_next("sendMessage")
    reply = await bot.ask("cara ngurus IOMKI gmn?")
    assert "SIINas" in reply["text"]
    bot.fake.drop_next("getUpdates")
    bot.fake.fail_next("getUpdates", status=502)
    reply = await bot.ask("/bantuan")
    assert "/bantuan" in reply["text"]


async def test_delete_my_data_also_ends_the_subscription(bot):
    await bot.ask("/langganan")
    assert bot.services.store.user_data_counts(1001)["subscribers"] == 1
    reply = await bot.ask("/privasi")
    assert "1 catatan langganan" in reply["text"]
    await bot.ask("/hapus_data")
    await bot.tap("del:yes", "editMessageText")
    assert bot.services.store.user_data_counts(1001)["subscribers"] == 0


async def test_id_tells_the_user_id_and_the_chat_id(bot):
    reply = await bot.ask("/id", user_id=2024)
    assert "ID pengguna Telegram Anda: <code>2024</code>" in reply["text"]
    assert "ID obrolan ini (obrolan pribadi): <code>2024</code>" in reply["text"]
    assert reply["parse_mode"] == "HTML" and "roles.admins" in reply["text"]
    reply = await bot.ask(
        "/id@policybot_test_bot", user_id=2024, chat_id=-100777, language_code="en"
    )
    assert "Your Telegram user id: <code>2024</code>" in reply["text"]
    assert "This chat's id (group): <code>-100777</code>" in reply["text"]
    assert "telegram.admin_chat_id" in reply["text"]
    help_reply = await bot.ask("/help", language_code="en")
    assert "/id — Show your Telegram user id and this chat" in help_reply["text"]
    menu = {
        c.params.get("language_code", ""): c.params["commands"]
        for c in bot.fake.calls_to("setMyCommands")
    }
    assert "id" in [c["command"] for c in menu[""]] and "id" in [c["command"] for c in menu["en"]]


async def test_privacy_says_what_is_kept_on_purpose_and_why(bot):
    reply = await bot.ask("/privacy", language_code="en")
    assert "<b>Kept on purpose</b>" in reply["text"]
    assert "Officers' reports: official records" in reply["text"]
    reply = await bot.ask("/privasi")
    assert "<b>Yang sengaja tetap disimpan</b>" in reply["text"]
    assert "Laporan petugas: catatan resmi" in reply["text"]


async def test_delete_my_data_leaves_no_row_about_the_user(bot):
    db = bot.services.store.db
    await bot.ask("cara ngurus IOMKI gmn?")
    await bot.ask("/bahasa id")
    await bot.ask("/langganan")
    refused = await bot.ask("/petugas")  # a citizen: refused, and logged in `denied`
    assert refused["text"] == "Maaf, fitur ini hanya untuk admin."
    db["ptb_conversations"].insert({"name": "lapor", "key": "[1001, 1001]", "state": "1"})
    assert db["denied"].count_where("user_id = 1001") == 1
    assert rows_about_anywhere(db, 1001) >= 5
    await bot.ask("/hapus_data")
    edit = await bot.tap("del:yes", "editMessageText")
    assert "/privasi" in edit.params["text"]
    assert rows_about_anywhere(db, 1001) == 0


def rows_about_anywhere(db, user_id: int) -> int:
    """Rows about a user in every table that privacy deletion does not keep on purpose."""
    return sum(
        rows_about(db, table, user_id)
        for table in schema(db)
        if table not in KEPT and table not in NO_PERSONAL_IDS
    )


# -- messages as people write them: long, two questions, follow-ups, small talk ---------------


async def test_a_long_message_gets_the_answer_to_its_question(bot):
    reply = await bot.ask(
        "Selamat siang pak. Saya HRD di pabrik garmen di Bekasi dengan 300 karyawan, kami "
        "jalan 3 shift. Mau tanya, laporan mingguan IOMKI lewat SIINas atau email? Makasih."
    )
    assert "SIINas" in reply["text"]
    assert "<b>Sumber:</b> SE Menperin 8/2020" in reply["text"]
    assert bot.services.store.unanswered() == []


async def test_two_questions_get_two_cited_answers(bot):
    reply = await bot.ask(
        "Laporan mingguan IOMKI dikirim lewat SIINas atau email? Terus jarak minimal antar "
        "pekerja berapa meter?"
    )
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
