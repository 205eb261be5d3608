"""/lapor end to end through the fake Bot API: guided form, one-line form, restart, bad input."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from bot.config import RolesSettings, StorageSettings
from bot.messages import text
from tests.telegram_support import bot_config, running_bot

ADMIN, OFFICER, CITIZEN = 500, 600, 700
BEKASI = "Jawa Barat / Kabupaten Bekasi"


@pytest.fixture
def config(fake, tmp_path):
    roles = RolesSettings(admins=[ADMIN], officers=[{"id": OFFICER, "region": BEKASI}])
    return replace(
        bot_config(fake), roles=roles, storage=StorageSettings(path=str(tmp_path / "bot.db"))
    )


@pytest.fixture
async def bot(fake, config, real_holder, clock):
    async with running_bot(fake, config, real_holder, clock) as running:
        yield running


async def press(bot, data: str, user_id: int = OFFICER) -> dict:
    """Tap a button and return the bot's next message in the chat."""
    before = len(bot.sent(user_id))
    bot.fake.callback_update(data, user_id=user_id)
    return (await bot.replies(before + 1, chat_id=user_id))[-1]


async def test_guided_report_from_start_to_saved(bot):
    reply = await bot.ask("/lapor", user_id=OFFICER)
    assert reply["text"] == text("report_company", "id")
    reply = await bot.ask("PT Maju <Jaya>", user_id=OFFICER)
    assert [
        b["callback_data"] for row in reply["reply_markup"]["inline_keyboard"] for b in row
    ] == ["ri:ya", "ri:tidak", "ri:tidak_tahu"]
    reply = await press(bot, "ri:ya")
    assert reply["text"] == text("report_status", "id")
    reply = await press(bot, "rs:berkurang")
    assert reply["text"] == text("report_workers", "id")
    for bad in ("-5", "banyak", "99999999", "🙂"):
        reply = await bot.ask(bad, user_id=OFFICER)
        assert reply["text"].startswith("Jumlah pekerja:"), bad
    reply = await bot.ask("1.250", user_id=OFFICER)
    assert reply["text"] == text("report_checklist", "id")
    call = await bot.tap("rk:suhu", "editMessageReplyMarkup", user_id=OFFICER)
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["text"].startswith("☑️")
    await bot.tap("rk:masker", "editMessageReplyMarkup", user_id=OFFICER)
    await bot.tap("rk:suhu", "editMessageReplyMarkup", user_id=OFFICER)
    reply = await press(bot, "rk:done")
    assert reply["text"] == text("report_notes", "id")
    reply = await bot.ask("Kantin <ramai> & penuh", user_id=OFFICER)
    assert reply["text"] == text("report_extras", "id")
    before = len(bot.sent(OFFICER))
    bot.fake.photo_update(user_id=OFFICER)
    bot.fake.location_update(user_id=OFFICER)
    acks = await bot.replies(before + 2, chat_id=OFFICER)
    assert acks[-2]["text"].startswith("Foto disimpan.")
    assert acks[-1]["text"].startswith("Lokasi disimpan.")
    summary = await press(bot, "rx:next")
    assert "PT Maju &lt;Jaya&gt;" in summary["text"]
    assert "Kantin &lt;ramai&gt; &amp;" in summary["text"]
    assert "Kapasitas berkurang" in summary["text"] and "1250" in summary["text"]
    assert [b["text"] for b in summary["reply_markup"]["inline_keyboard"][0]] == [
        "Kirim",
        "Ubah",
        "Batal",
    ]
    saved = await press(bot, "rv:send")
    assert saved["text"].startswith("✅ Laporan #1 tersimpan (PT Maju <Jaya>")
    row = bot.services.store.db["reports"].get(1)
    assert (row["workers"], row["checklist"], row["iomki"]) == (1250, "masker", "ya")
    assert row["photo_file_id"] and row["latitude"] == pytest.approx(-6.2)


async def test_edit_one_field_returns_to_summary(bot):
    await bot.ask("/lapor", user_id=OFFICER)
    await bot.ask("PT Edit", user_id=OFFICER)
    await press(bot, "ri:tidak")
    await press(bot, "rs:normal")
    await bot.ask("10", user_id=OFFICER)
    await press(bot, "rk:done")
    await press(bot, "rn:skip")
    await press(bot, "rx:next")
    fields = await press(bot, "rv:edit")
    assert fields["text"] == text("report_choose_field", "id")
    prompt = await press(bot, "re:workers")
    assert prompt["text"] == text("report_workers", "id")
    summary = await bot.ask("20", user_id=OFFICER)
    assert "<b>Pekerja di lokasi:</b> 20" in summary["text"]


async def test_buttons_expected_but_text_typed(bot):
    await bot.ask("/lapor", user_id=OFFICER)
    await bot.ask("PT Tombol", user_id=OFFICER)
    reply = await bot.ask("ya", user_id=OFFICER)
    assert reply["text"] == text("report_use_buttons", "id")
    call = await bot.tap("ri:bogus", "answerCallbackQuery", user_id=OFFICER)
    assert call.params["text"] == text("stale_button", "id")
    reply = await press(bot, "ri:tidak")
    assert reply["text"] == text("report_status", "id")


async def test_cancel_at_any_step_saves_nothing(bot):
    await bot.ask("/lapor", user_id=OFFICER)
    await bot.ask("PT Batal", user_id=OFFICER)
    reply = await bot.ask("/batal", user_id=OFFICER)
    assert reply["text"] == text("report_cancelled", "id")
    assert bot.services.store.db["reports"].count == 0
    reply = await bot.ask("masker", user_id=OFFICER)
    assert "Sumber:" in reply["text"]


async def test_bad_company_names(bot):
    await bot.ask("/lapor", user_id=OFFICER)
    reply = await bot.ask("x" * 5000, user_id=OFFICER)
    assert reply["text"].startswith("Nama perusahaan: terlalu panjang")
    reply = await bot.ask("🏭🏭", user_id=OFFICER)
    assert reply["text"].startswith("Nama perusahaan: tulis nama perusahaan dengan huruf")


async def test_non_officer_is_refused_politely_and_logged(bot):
    reply = await bot.ask("/lapor", user_id=CITIZEN)
    assert reply["text"].startswith("Maaf, fitur ini hanya untuk petugas")
    reply = await bot.ask("/lapor PT A; normal; 3", user_id=CITIZEN)
    assert reply["text"].startswith("Maaf, fitur ini hanya untuk petugas")
    assert bot.services.store.db["reports"].count == 0
    assert bot.services.store.db["denied"].count == 2
    reply = await bot.ask("masker", user_id=CITIZEN)
    assert "Sumber:" in reply["text"]


async def test_quick_form_and_duplicate_choice(bot):
    reply = await bot.ask(
        "/lapor PT Maju Jaya; normal; 120; suhu,masker, cuci tangan; ok", user_id=OFFICER
    )
    assert reply["text"].startswith("✅ Laporan #1 tersimpan (PT Maju Jaya")
    reply = await bot.ask("/lapor pt maju jaya; berhenti; 0", user_id=OFFICER)
    assert "sudah melaporkan pt maju jaya hari ini (laporan #1)" in reply["text"]
    reply = await press(bot, "rd:replace")
    assert reply["text"] == "✅ Laporan #2 tersimpan dan menggantikan laporan #1."
    await bot.ask("/report PT Maju Jaya; normal; 5", user_id=OFFICER)
    reply = await press(bot, "rd:add")
    assert reply["text"].startswith("✅ Laporan #3 tersimpan")
    assert [r.id for r in bot.services.reports.recent(OFFICER)] == [3, 2]


async def test_quick_form_errors_name_the_field(bot):
    reply = await bot.ask("/lapor PT A; normla; 5", user_id=OFFICER)
    assert reply["text"].startswith("Kolom 2 (status operasional): 'normla' tidak dikenal")
    reply = await bot.ask("/report PT A; normal; -1", user_id=OFFICER, language_code="en")
    assert reply["text"].startswith("Kolom 3") or reply["text"].startswith("Field 3")


async def test_company_buttons_offer_earlier_companies(bot):
    await bot.ask("/lapor PT Lama; normal; 5", user_id=OFFICER)
    reply = await bot.ask("/lapor", user_id=OFFICER)
    assert reply["reply_markup"]["inline_keyboard"][0][0] == {
        "text": "PT Lama",
        "callback_data": "rc:0",
    }
    reply = await press(bot, "rc:0")
    assert reply["text"] == text("report_iomki", "id")


async def test_reports_listing_summary_and_export(bot):
    await bot.ask("/lapor PT Satu; normal; 5; suhu", user_id=OFFICER)
    await bot.ask("/lapor PT Dua; berhenti; 0", user_id=OFFICER)
    reply = await bot.ask("/laporan", user_id=OFFICER)
    assert "#2 2026-11-22 — PT Dua: Berhenti" in reply["text"]
    reply = await bot.ask("/laporan", user_id=ADMIN)
    assert f"2026-11-22 · {BEKASI}: 2 laporan, 1 berhenti" in reply["text"]
    before = len(bot.sent(ADMIN, "sendDocument"))
    bot.fake.message_update("/laporan ekspor csv 2026-11-01", user_id=ADMIN)
    document = (await bot.replies(before + 1, chat_id=ADMIN, method="sendDocument"))[-1]
    upload = document["document"]
    assert upload.filename == "laporan-sejak-2026-11-01.csv"
    rows = list(csv.reader(io.StringIO(upload.content.decode("utf-8-sig"))))
    assert [r[6] for r in rows[1:]] == ["PT Satu", "PT Dua"]
    reply = await bot.ask("/laporan ekspor", user_id=OFFICER)
    assert reply["text"] == "Maaf, fitur ini hanya untuk admin."


async def test_officer_management_from_telegram(bot):
    reply = await bot.ask("/petugas tambah 800 Jawa Tengah / Kota Semarang", user_id=ADMIN)
    assert reply["text"] == "Pengguna 800 kini petugas untuk Jawa Tengah / Kota Semarang."
    reply = await bot.ask("/petugas", user_id=ADMIN)
    assert "800 — Jawa Tengah / Kota Semarang" in reply["text"]
    reply = await bot.ask("/officers remove 800", user_id=ADMIN, language_code="en")
    assert reply["text"] == "User 800 is no longer an officer."
    reply = await bot.ask("/petugas tambah 801 Semarang", user_id=ADMIN)
    assert reply["text"].startswith("Wilayah harus ditulis")
    reply = await bot.ask("/petugas tambah 9 Jawa Barat / Kota Bogor", user_id=OFFICER)
    assert reply["text"] == "Maaf, fitur ini hanya untuk admin."


async def test_conversation_survives_a_restart(fake, config, real_holder, clock):
    async with running_bot(fake, config, real_holder, clock) as bot:
        await bot.ask("/lapor", user_id=OFFICER)
        await bot.ask("PT Restart", user_id=OFFICER)
        await press(bot, "ri:ya")
    async with running_bot(fake, config, real_holder, clock) as bot:
        reply = await press(bot, "rs:normal")
        assert reply["text"] == text("report_workers", "id")
        await bot.ask("42", user_id=OFFICER)
        await press(bot, "rk:done")
        await press(bot, "rn:skip")
        summary = await press(bot, "rx:next")
        assert "PT Restart" in summary["text"] and "42" in summary["text"]
        saved = await press(bot, "rv:send")
        assert saved["text"].startswith("✅ Laporan #1 tersimpan (PT Restart")


async def test_reload_command_keeps_last_good_base_and_reports_the_line(
    fake, config, tmp_path, clock
):
    import shutil

    from bot.knowledge.base import bundled_knowledge_dir
    from bot.knowledge.current import KnowledgeHolder

    folder = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), folder)
    async with running_bot(fake, config, KnowledgeHolder(folder), clock) as bot:
        reply = await bot.ask("/muat_ulang", user_id=ADMIN)
        assert reply["text"].startswith("Basis pengetahuan dimuat ulang: ")
        (folder / "rusak.yaml").write_text("document:\n  id: [\n")
        reply = await bot.ask("/reload", user_id=ADMIN, language_code="en")
        assert "rusak.yaml:3: invalid YAML" in reply["text"] and "<code>" in reply["text"]
        reply = await bot.ask("cara ngurus IOMKI gmn?", user_id=CITIZEN)
        assert "SIINas" in reply["text"]
        reply = await bot.ask("/muat_ulang", user_id=OFFICER)
        assert reply["text"] == "Maaf, fitur ini hanya untuk admin."
