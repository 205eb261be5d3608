"""The improvement loop end to end: a miss, an admin fixes it from a phone, the asker is told."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.config import CurationSettings, RolesSettings
from bot.knowledge.current import KnowledgeHolder
from bot.messages import text
from tests.telegram_support import bot_config, running_bot

ADMIN, ASKER, OTHER_ASKER, CITIZEN = 900, 1001, 1002, 1003
MISS = "kalau pabrik kami pindah lokasi apakah izinnya ikut pindah"


@pytest.fixture
async def bot(fake, folder, clock):
    config = replace(
        bot_config(fake),
        roles=RolesSettings(admins=[ADMIN]),
        curation=CurationSettings(notifications_per_second=0),
    )
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as running:
        yield running


async def press(bot, data: str, method: str = "editMessageText", user_id: int = ADMIN):
    """Tap a button as a user and return the bot's call of `method` answering it."""
    return await bot.tap(data, method, user_id=user_id)


async def test_miss_grouped_attached_notified_and_now_answered(bot, folder):
    for user in (ASKER, OTHER_ASKER):
        reply = await bot.ask(MISS, user_id=user)
        assert not reply["text"].startswith(("Sesuai", "Menurut"))
    page = await bot.ask("/belum_terjawab", user_id=ADMIN)
    assert "1 kelompok, 2 pertanyaan belum terjawab" in page["text"]
    group_data = page["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    view = await press(bot, group_data)
    assert "2 pertanyaan dari 2 penanya" in view.params["text"]
    buttons = [
        b["callback_data"] for row in view.params["reply_markup"]["inline_keyboard"] for b in row
    ]
    attach = next(b for b in buttons if b.endswith(":iomki-banyak-alamat"))
    done = await press(bot, attach)
    assert done.params["text"].startswith(
        "✅ Ditambahkan sebagai frasa ke iomki-banyak-alamat. 2 penanya akan dikabari."
    )
    told = await bot.replies(1, chat_id=OTHER_ASKER)
    notices = [m for m in bot.sent(ASKER) if m["text"].startswith("Pertanyaan Anda tanggal")]
    assert told and len(notices) == 1
    assert (
        "22 November 2026" in notices[0]["text"]
        and "kini sudah ada jawabannya" in notices[0]["text"]
    )
    assert notices[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "nq:off"
    reply = await bot.ask(MISS, user_id=CITIZEN)
    assert reply["reply_markup"]["inline_keyboard"][0][0]["text"] == "👍"
    assert MISS in (folder / "se-menperin-7-2020-iomki.yaml").read_text()
    audit = list(bot.services.store.db["kb_audit"].rows)
    assert [(a["actor_id"], a["action"], a["entry_id"]) for a in audit] == [
        (ADMIN, "add_phrasing", "iomki-banyak-alamat")
    ]
    assert MISS not in audit[0]["before"] and MISS in audit[0]["after"]
    assert any(folder.joinpath(".backup").iterdir())


async def test_new_entry_from_a_group(bot, folder):
    await bot.ask(MISS, user_id=ASKER)
    page = await bot.ask("/unanswered", user_id=ADMIN, language_code="en")
    group_id = page["reply_markup"]["inline_keyboard"][0][0]["callback_data"][3:]
    before = len(bot.sent(ADMIN))
    bot.fake.callback_update(f"un:{group_id}", user_id=ADMIN, language_code="en")
    prompt = (await bot.replies(before + 1, chat_id=ADMIN))[-1]
    assert prompt["text"] == text("faq_ask_question", "en")
    await bot.ask("Apakah IOMKI ikut pindah jika pabrik pindah lokasi?", user_id=ADMIN)
    await bot.ask(
        "Sumber tidak menyebutkan hal ini secara khusus; IOMKI diterbitkan per "
        "alamat, jadi hubungi Kemenperin.",
        user_id=ADMIN,
    )
    documents = await bot.ask(
        "The sources do not say; IOMKI is issued per address, so ask Kemenperin.", user_id=ADMIN
    )
    assert any(
        b["callback_data"] == "nd:se-menperin-7-2020-iomki"
        for row in documents["reply_markup"]["inline_keyboard"]
        for b in row
    )
    before = len(bot.sent(ADMIN))
    bot.fake.callback_update("nd:se-menperin-7-2020-iomki", user_id=ADMIN)
    await bot.replies(before + 1, chat_id=ADMIN)
    before = len(bot.sent(ADMIN))
    bot.fake.callback_update("nt:iomki", user_id=ADMIN)
    await bot.replies(before + 1, chat_id=ADMIN)
    prompt = await bot.ask("Satu IOMKI per alamat", user_id=ADMIN)
    assert prompt["text"] == text("faq_ask_point_en", "id")
    created = await bot.ask("One IOMKI per address", user_id=ADMIN)
    assert created["text"].startswith("✅ Entri iomki-ikut-pindah")
    assert "1 penanya akan dikabari" in created["text"]
    notice = (await bot.replies(2, chat_id=ASKER))[-1]
    assert "kini sudah ada jawabannya" in notice["text"]
    assert "IOMKI diterbitkan per alamat" in notice["text"]


async def test_faq_search_view_edit_delete(bot, folder):
    results = await bot.ask("/faq cari qr", user_id=ADMIN)
    assert any(
        row[0]["callback_data"] == "fv:iomki-kode-qr"
        for row in results["reply_markup"]["inline_keyboard"]
    )
    view = await bot.ask("/faq lihat iomki-kode-qr", user_id=ADMIN)
    assert view["text"].startswith("<b>iomki-kode-qr</b>")
    fields = await bot.ask("/faq ubah iomki-kode-qr", user_id=ADMIN)
    assert any(
        row[0]["callback_data"] == "ef:tags" for row in fields["reply_markup"]["inline_keyboard"]
    )
    before = len(bot.sent(ADMIN))
    bot.fake.callback_update("ef:tags", user_id=ADMIN)
    await bot.replies(before + 1, chat_id=ADMIN)
    updated = await bot.ask("qr, kode qr, keaslian, barcode", user_id=ADMIN)
    assert updated["text"] == "✅ Entri iomki-kode-qr diperbarui dan langsung berlaku."
    assert bot.services.holder.knowledge.entry("iomki-kode-qr").tags == (
        "qr",
        "kode qr",
        "keaslian",
        "barcode",
    )
    confirm = await bot.ask("/faq hapus iomki-helpdesk", user_id=ADMIN)
    assert confirm["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "fx:iomki-helpdesk"
    deleted = await press(bot, "fx:iomki-helpdesk")
    assert deleted.params["text"] == "🗑 Entri iomki-helpdesk dihapus."
    assert bot.services.holder.knowledge.entry("iomki-helpdesk") is None
    actions = [row["action"] for row in bot.services.store.db["kb_audit"].rows]
    assert actions == ["update", "delete"]


async def test_invalid_edit_is_refused_and_nothing_written(bot, folder):
    path = folder / "se-menperin-7-2020-iomki.yaml"
    original = path.read_text()
    await bot.ask("/faq ubah iomki-kode-qr", user_id=ADMIN)
    before = len(bot.sent(ADMIN))
    bot.fake.callback_update("ef:topic", user_id=ADMIN)
    await bot.replies(before + 1, chat_id=ADMIN)
    refused = await bot.ask("topik-asing", user_id=ADMIN)
    assert "topik-asing" in refused["text"]
    assert path.read_text() == original
    assert bot.services.store.db["kb_audit"].count == 0


async def test_non_admins_cannot_curate(bot):
    for command in (
        "/belum_terjawab",
        "/faq cari qr",
        "/faq tambah",
        "/faq ubah iomki-kode-qr",
        "/faq hapus iomki-kode-qr",
        "/statistik",
        "/muat_ulang",
    ):
        reply = await bot.ask(command, user_id=CITIZEN)
        assert reply["text"] == "Maaf, fitur ini hanya untuk admin.", command
    call = await bot.tap("ur:1:iomki-kode-qr", "answerCallbackQuery", user_id=CITIZEN)
    assert call.params["text"] == "Maaf, fitur ini hanya untuk admin."
    assert bot.services.store.db["kb_audit"].count == 0


async def test_statistics_for_admins(bot):
    await bot.ask("cara ngurus IOMKI gmn?", user_id=ASKER)
    await bot.ask(MISS, user_id=ASKER)
    reply = await bot.ask("/statistik", user_id=ADMIN)
    assert reply["text"].startswith("<pre>") and "2" in reply["text"]


async def test_opting_out_of_answer_notifications(bot):
    call = await bot.tap("nq:off", "answerCallbackQuery", user_id=ASKER)
    assert call.params["text"] == text("notifications_off", "id")
    assert bot.services.curation.wants_notifications(ASKER) is False


async def test_faq_tambah_creates_an_entry(bot, folder):
    prompt = await bot.ask("/faq tambah", user_id=ADMIN)
    assert prompt["text"] == text("faq_ask_question", "id")
    await bot.ask("Apakah ada formulir khusus untuk tamu pabrik?", user_id=ADMIN)
    await bot.ask(
        "Sumber yang ada tidak menyebut formulir tamu; tanyakan ke dinas.", user_id=ADMIN
    )
    await bot.ask("The sources do not mention a visitor form; ask your dinas.", user_id=ADMIN)
    for data in ("nd:kmk-328-2020", "nt:protokol-kesehatan"):
        before = len(bot.sent(ADMIN))
        bot.fake.callback_update(data, user_id=ADMIN)
        await bot.replies(before + 1, chat_id=ADMIN)
    await bot.ask("Tidak diatur", user_id=ADMIN)
    created = await bot.ask("Not regulated", user_id=ADMIN)
    assert created["text"].startswith("✅ Entri formulir-khusus-tamu-pabrik")
    entry = bot.services.holder.knowledge.entry("formulir-khusus-tamu-pabrik")
    assert entry.source.citation("en").endswith(
        "Not regulated (announced 23–25 May 2020 (signing date not verified))"
    )
    assert "0 penanya" in created["text"]
    reply = await bot.ask("Apakah ada formulir khusus untuk tamu pabrik?", user_id=CITIZEN)
    assert "formulir tamu" in reply["text"]


async def test_broken_file_on_disk_is_reported_to_the_admin_chat(fake, folder, clock, monkeypatch):
    monkeypatch.setattr("handlers.application.KNOWLEDGE_CHECK_SECONDS", 0.2)
    config = replace(bot_config(fake), roles=RolesSettings(admins=[ADMIN]))
    config = replace(config, knowledge=replace(config.knowledge, watch=True))
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        (folder / "rusak.yaml").write_text("entries: [\n")
        report = (await bot.replies(1, chat_id=config.telegram.admin_chat_id))[0]
        assert "rusak.yaml:2: invalid YAML" in report["text"]
        reply = await bot.ask("cara ngurus IOMKI gmn?", user_id=CITIZEN)
        assert "SIINas" in reply["text"]
        (folder / "rusak.yaml").unlink()


async def test_daily_summary_goes_to_the_admin_chat(bot):
    from handlers.stats import daily_summary

    await bot.ask(MISS, user_id=ASKER)
    bot.app.job_queue.run_once(daily_summary, when=0)
    summary = (await bot.replies(1, chat_id=bot.services.config.telegram.admin_chat_id))[0]
    assert summary["text"].startswith("<pre>Statistik policybot")
    assert bot.app.job_queue.get_jobs_by_name("daily-summary")
