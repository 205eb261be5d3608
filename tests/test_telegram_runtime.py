"""Running the bot: webhook mode, token checks, doctor, rendering limits."""

from __future__ import annotations

import io
import socket
from dataclasses import replace

from telegram import Update

from bot.access.privacy import DELETED
from bot.answering.answerer import Answer, Asker
from bot.cli.main import main
from bot.config import WebhookSettings, load_config
from bot.knowledge.base import Entry, Source
from bot.services import build_services
from handlers.application import build_application, post_init
from handlers.rendering import answer_html, split_message
from tests.fake_bot_api import FakeBotApi
from tests.telegram_support import TOKEN, bot_config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_answers_posted_updates(fake, real_holder):
    port = free_port()
    webhook = WebhookSettings(
        url=f"http://127.0.0.1:{port}/hook", port=port, path="hook", secret_token="s3cret-token"
    )
    config = bot_config(fake)
    config = replace(config, telegram=replace(config.telegram, webhook=webhook))
    app = build_application(build_services(config, holder=real_holder), TOKEN)
    await app.initialize()
    try:
        await post_init(app)
        await app.start()
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=webhook.url,
            secret_token=webhook.secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
        assert fake.webhook["url"] == webhook.url
        update = fake.message_update("cara ngurus IOMKI gmn?", push=False)
        assert await fake.post_update_to_webhook(None, update) == 200
        call = (await fake.wait_for("sendMessage"))[-1]
        assert "SIINas" in call.params["text"]
        forged = await fake.post_update_to_webhook(webhook.url, update, secret_token="wrong")
        assert forged == 403
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def test_run_without_token_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("POLICYBOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert run_cli("run")[0] == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "Error: no bot token: set the POLICYBOT_TOKEN environment variable "
        "(or telegram.token in the config file)"
    ]


def test_run_with_malformed_token_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICYBOT_TOKEN", "not-a-token")
    monkeypatch.chdir(tmp_path)
    assert run_cli("run")[0] == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: the bot token looks malformed") and "not-a-token" not in err
    assert len(err.strip().splitlines()) == 1


def write_config(tmp_path, fake: FakeBotApi) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(
        f"storage:\n  path: bot.db\ntelegram:\n  base_url: {fake.base_url}\n"
        f"  base_file_url: {fake.base_file_url}\n"
    )
    return str(path)


def test_doctor_all_good(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("POLICYBOT_TOKEN", TOKEN)
    code, out = run_cli("--config", write_config(tmp_path, fake), "doctor")
    assert code == 0, out
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["ok"] * 4
    assert "@policybot_test_bot" in lines[1]
    assert TOKEN not in out


def test_doctor_says_what_is_wrong(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("POLICYBOT_TOKEN", "987654321:" + "B" * 35)
    config = write_config(tmp_path, fake)
    (tmp_path / "bot.db").mkdir()  # a folder where the database file should be
    code, out = run_cli("--config", config, "doctor")
    assert code == 1
    status = {line.split()[1].rstrip(":"): line.split()[0] for line in out.splitlines()}
    assert status == {"config": "ok", "token": "FAIL", "knowledge": "ok", "database": "FAIL"}
    assert "token: Telegram rejected the token" in out and "B" * 35 not in out


def test_backup_copies_the_live_database(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text("storage:\n  path: bot.db\n")
    run_cli("--config", str(config), "ask", "berapa UMK Bekasi")
    code, out = run_cli("--config", str(config), "backup", str(tmp_path / "copy.db"))
    assert code == 0
    code, out = run_cli("--config", str(config), "unanswered", "list")
    assert "UMK" in out
    backup_config = tmp_path / "backup.yaml"
    backup_config.write_text("storage:\n  path: copy.db\n")
    assert "UMK" in run_cli("--config", str(backup_config), "unanswered", "list")[1]
    assert run_cli("--config", str(config), "backup", str(tmp_path / "copy.db"))[0] == 1


def test_privacy_cli_shows_and_deletes(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("storage:\n  path: bot.db\n")
    services = build_services(load_config(config))
    services.answerer.answer("berapa UMK Bekasi", Asker("telegram", 77, 77))
    _, out = run_cli("--config", str(config), "privacy", "show", "77")
    stored, kept_title, *kept = out.strip().splitlines()
    assert stored == (
        "Stored for user 77: 1 questions, 1 unanswered, 0 feedback, 0 users, "
        "0 denied, 0 subscribers, 0 bot_blocks, 0 deliveries, 0 change_notices, 0 answer_notices, "
        "0 ptb_user_data, 0 ptb_conversations"
    )
    assert kept_title == "Kept on purpose (never deleted by privacy delete):"
    assert kept[0].startswith("  0 reports — Officers' reports: official records")
    assert len(kept) == 5 and all(" — " in line for line in kept)
    _, out = run_cli("--config", str(config), "privacy", "delete", "77")
    assert out.startswith("Deleted for user 77: 1 questions")
    shown = run_cli("--config", str(config), "privacy", "show", "77")[1].splitlines()[0]
    assert shown.count(" 0 ") == len(DELETED) == 12


def test_split_message_keeps_parts_under_the_limit():
    html = "\n".join(["<b>Judul</b>"] + ["kalimat " * 30] * 40)
    parts = split_message(html, limit=500)
    assert all(len(part) <= 500 for part in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == html.replace("\n", "").replace(
        " ", ""
    )
    assert split_message("x" * 1200, limit=500) == ["x" * 500, "x" * 500, "x" * 200]


def test_answer_html_escapes_everything_from_the_knowledge_base():
    source = Source("SE <X>", "angka 1 & 2", "2020", "uji")
    entry = Entry("e", "umum", ("q",), "Jawaban <b>tebal</b> & lain", "Answer", source, "d")
    html = answer_html(Answer("answer", "id", "q", "", entry, 90.0))
    assert "Jawaban &lt;b&gt;tebal&lt;/b&gt; &amp; lain" in html
    assert "SE &lt;X&gt;, angka 1 &amp; 2" in html


def test_every_answer_and_button_fits_telegram_limits(real_knowledge):
    for entry in real_knowledge.entries:
        for language in ("id", "en"):
            html = answer_html(Answer("answer", language, "q", "", entry, 90.0))
            assert len(html) <= 4096, entry.id
        for data in (
            f"ent:{entry.document_id}:{entry.id}",
            f"ans:9999999999:{entry.id}",
            f"top:{entry.document_id}:{entry.topic}",
        ):
            assert len(data.encode()) <= 64, data


def test_token_never_appears_in_reprs(fake, real_holder):
    config = bot_config(fake)
    app = build_application(build_services(config, holder=real_holder), TOKEN)
    assert TOKEN not in repr(app) and TOKEN not in repr(app.bot)
    assert TOKEN not in repr(config)
