"""The fake Bot API works with the real python-telegram-bot, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_bot_api import FakeBotApi

T = TypeVar("T")
LIMIT = 12.0  # seconds; every scenario must finish well within this


async def within(awaitable: Awaitable[T], seconds: float = LIMIT) -> T:
    """Fail instead of hanging."""
    return await asyncio.wait_for(awaitable, seconds)


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22.8 warns in RetryAfter.__init__ unless opted in to timedelta durations."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


def make_app(fake: FakeBotApi, *, token: str | None = None, rate_limiter=None) -> Application:
    """A real Application wired to the fake, with start/echo/button handlers."""
    builder = (
        ApplicationBuilder()
        .token(token or fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
    )
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        button = InlineKeyboardButton("Lanjut", callback_data="next")
        await update.effective_message.reply_text(
            "hi", reply_markup=InlineKeyboardMarkup([[button]])
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer("ok")
        await query.edit_message_text(f"pressed {query.data}")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button))
    return app


@contextlib.asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:
    """Run ``app`` with long polling; always stop and shut it down."""
    await app.initialize()
    try:
        await app.start()
        try:
            await app.updater.start_polling(poll_interval=0, timeout=1)
            try:
                yield app
            finally:
                await app.updater.stop()
        finally:
            await app.stop()
    finally:
        await app.shutdown()


@contextlib.asynccontextmanager
async def plain_bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
        yield bot


def texts(fake: FakeBotApi) -> list[str]:
    return [params["text"] for params in fake.sent_messages()]


async def test_start_echo_and_button(fake: FakeBotApi) -> None:
    async def scenario() -> None:
        async with polling(make_app(fake)):
            fake.message_update("/start")
            await fake.wait_for("sendMessage")
            fake.message_update("apa aturan jam malam?")
            await fake.wait_for("sendMessage", count=2)
            hi = fake.calls_to("sendMessage")[0].params
            assert hi["chat_id"] == 1001
            assert hi["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "next"

            fake.callback_update("next", message_id=1, message_text="hi")
            await fake.wait_for("editMessageText")

        assert texts(fake) == ["hi", "apa aturan jam malam?"]
        (answer,) = fake.calls_to("answerCallbackQuery")
        assert answer.params["text"] == "ok"
        (edit,) = fake.calls_to("editMessageText")
        assert edit.params["text"] == "pressed next"
        assert fake.calls_to("getMe") and fake.calls_to("deleteWebhook")
        assert not fake.pending_updates

    await within(scenario())


async def test_429_is_retried_by_aio_rate_limiter(fake: FakeBotApi) -> None:
    async def scenario() -> None:
        fake.fail_next("sendMessage", status=429, retry_after=1)
        async with polling(make_app(fake, rate_limiter=AIORateLimiter(max_retries=2))):
            fake.message_update("/start")
            await fake.wait_for("sendMessage", predicate=lambda call: call.status == 200)
        statuses = [call.status for call in fake.calls_to("sendMessage")]
        assert statuses == [429, 200]
        assert texts(fake) == ["hi"]
        assert fake.stats["rejected_429"] == 1
        assert fake.stats["sent"] == 1

    await within(scenario())


async def test_polling_survives_dropped_connection_and_502(fake: FakeBotApi) -> None:
    async def scenario() -> None:
        fake.drop_next("getUpdates")
        fake.fail_next("getUpdates", status=502)
        async with polling(make_app(fake)):
            fake.message_update("masih hidup?")
            await fake.wait_for("sendMessage")
        statuses = [call.status for call in fake.calls_to("getUpdates")]
        assert statuses[:2] == [0, 502]
        assert texts(fake) == ["masih hidup?"]

    await within(scenario())


async def test_unknown_token_is_rejected_on_initialize(fake: FakeBotApi) -> None:
    app = make_app(fake, token="999:WRONG-TOKEN")
    try:
        with pytest.raises(InvalidToken):
            await within(app.initialize())
    finally:
        await app.bot.shutdown()
    assert fake.calls_to("getMe")[0].status == 401


async def test_flood_limit_rejects_second_message_to_same_chat(fake: FakeBotApi) -> None:
    fake.enforce_limits(global_per_second=30, per_chat_per_second=1.0)
    async with plain_bot(fake) as bot:
        await within(bot.send_message(1001, "satu"))
        await within(bot.send_message(2002, "chat lain"))
        with pytest.raises(RetryAfter) as caught:
            await within(bot.send_message(1001, "dua"))
    assert caught.value.retry_after == dt.timedelta(seconds=1)
    assert fake.stats == {
        "sent": 2,
        "rejected_429": 1,
        "per_chat": {1001: {"sent": 1, "rejected_429": 1}, 2002: {"sent": 1, "rejected_429": 0}},
    }


async def test_send_document_upload_is_recorded_and_downloadable(fake: FakeBotApi) -> None:
    content = b"%PDF-1.4\r\n\x00\xff binary \r\n--not-a-boundary\r\n"
    async with plain_bot(fake) as bot:
        message = await within(
            bot.send_document(1001, document=content, filename="laporan.pdf", caption="Ini")
        )
        downloaded = await within(
            (await bot.get_file(message.document.file_id)).download_as_bytearray()
        )
    (call,) = fake.calls_to("sendDocument")
    assert call.params["document"].filename == "laporan.pdf"
    assert call.params["document"].content == content
    assert call.params["caption"] == "Ini"
    assert message.document.file_name == "laporan.pdf"
    assert message.caption == "Ini"
    assert bytes(downloaded) == content
    assert fake.sent_messages(1001) == [call.params]


async def test_blocked_and_missing_chats(fake: FakeBotApi) -> None:
    fake.block_chat(1001)
    fake.missing_chat(-4242)
    async with plain_bot(fake) as bot:
        with pytest.raises(Forbidden, match="blocked by the user"):
            await within(bot.send_message(1001, "halo"))
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await within(bot.send_message(-4242, "halo"))
        chat = await within(bot.get_chat(1002))
    assert chat.type == "private"
    assert fake.sent_messages() == []


async def test_commands_are_stored_per_language_and_scope(fake: FakeBotApi) -> None:
    async with plain_bot(fake) as bot:
        await within(bot.set_my_commands([("start", "Mulai")], language_code="id"))
        await within(bot.set_my_commands([("start", "Start")]))
        indonesian = await within(bot.get_my_commands(language_code="id"))
        await within(bot.delete_my_commands(language_code="id"))
        after_delete = await within(bot.get_my_commands(language_code="id"))
    assert [(c.command, c.description) for c in indonesian] == [("start", "Mulai")]
    assert after_delete == ()
    assert fake.my_commands() == [{"command": "start", "description": "Start"}]


async def test_edit_to_same_content_is_not_modified(fake: FakeBotApi) -> None:
    async with plain_bot(fake) as bot:
        sent = await within(bot.send_message(1001, "satu"))
        await within(bot.edit_message_text("dua", chat_id=1001, message_id=sent.message_id))
        with pytest.raises(BadRequest, match="not modified"):
            await within(bot.edit_message_text("dua", chat_id=1001, message_id=sent.message_id))
    assert fake.message(1001, sent.message_id)["text"] == "dua"


def test_builders_produce_valid_updates() -> None:
    fake = FakeBotApi()  # building updates needs no server
    builders: dict[str, Any] = {
        "message": fake.message_update("/start@policybot_test_bot arg", push=False),
        "group": fake.message_update("halo", chat_id=-100123, reply_to=1, push=False),
        "edited": fake.edited_message_update("diubah", push=False),
        "callback": fake.callback_update("next", push=False),
        "inline": fake.inline_update("jam malam", push=False),
        "blocked": fake.my_chat_member_update(1001, push=False),
        "promoted": fake.my_chat_member_update(
            1001, chat_id=-100555, old_status="left", new_status="administrator", push=False
        ),
        "restricted": fake.my_chat_member_update(1001, new_status="restricted", push=False),
        "sticker": fake.sticker_update(push=False),
        "photo": fake.photo_update("foto", push=False),
        "location": fake.location_update(push=False),
        "voice": fake.voice_update(push=False),
        "document": fake.document_update(push=False),
    }
    updates = {name: Update.de_json(data, None) for name, data in builders.items()}
    assert updates["message"].message.text.startswith("/start")
    assert updates["message"].message.entities[0].type == "bot_command"
    assert updates["message"].message.entities[0].length == len("/start@policybot_test_bot")
    assert updates["group"].effective_chat.type == "supergroup"
    assert updates["group"].message.reply_to_message.message_id == 1
    assert updates["edited"].edited_message.text == "diubah"
    assert updates["callback"].callback_query.message.from_user.is_bot
    assert updates["inline"].inline_query.query == "jam malam"
    assert updates["blocked"].my_chat_member.new_chat_member.status == "kicked"
    assert updates["promoted"].my_chat_member.new_chat_member.status == "administrator"
    assert updates["sticker"].message.sticker.emoji == "👍"
    assert updates["photo"].message.photo[-1].width == 1280
    assert updates["location"].message.location.latitude == pytest.approx(-6.2)
    assert updates["voice"].message.voice.duration == dt.timedelta(seconds=3)
    assert updates["document"].message.document.file_name == "surat.pdf"
    assert fake.pending_updates == []
    ids = [data["update_id"] for data in builders.values()]
    assert ids == sorted(set(ids))


def test_long_polling_offsets_and_wakeup(fake: FakeBotApi) -> None:
    url = f"{fake.base_url}{fake.token}/getUpdates"
    first = fake.message_update("satu")["update_id"]
    with httpx.Client(trust_env=False, timeout=5) as client:
        body = client.post(url, data={"offset": "0", "timeout": "0"}).json()
        assert [u["update_id"] for u in body["result"]] == [first]
        body = client.post(url, data={"offset": str(first + 1), "timeout": "0"}).json()
        assert body == {"ok": True, "result": []}
        assert fake.pending_updates == []

        # A long poll returns as soon as an update is pushed.
        timer = threading.Thread(target=lambda: (time.sleep(0.2), fake.message_update("dua")))
        timer.start()
        try:
            body = client.post(url, json={"offset": first + 1, "timeout": 2}).json()
        finally:
            timer.join()
        assert [u["message"]["text"] for u in body["result"]] == ["dua"]
        assert fake.calls_to("getUpdates")[-1].params["offset"] == first + 1

        wrong = client.post(f"{fake.base_url}1:nope/getMe").json()
        assert wrong == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        unknown = client.post(f"{fake.base_url}{fake.token}/noSuchMethod").json()
        assert unknown["description"] == "Not Found: method not found"
    assert fake.wait_for_sync("getUpdates", count=3, timeout=1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_helper_reaches_the_bot(fake: FakeBotApi) -> None:
    async def scenario() -> None:
        port = free_port()
        app = make_app(fake)
        await app.initialize()
        try:
            await app.start()
            try:
                await app.updater.start_webhook(
                    listen="127.0.0.1",
                    port=port,
                    url_path="hook",
                    webhook_url=f"http://127.0.0.1:{port}/hook",
                    secret_token="rahasia",
                )
                try:
                    assert fake.webhook["secret_token"] == "rahasia"
                    update = fake.message_update("lewat webhook", push=False)
                    assert await fake.post_update_to_webhook(None, update) == 200
                    await fake.wait_for("sendMessage")
                    wrong = await fake.post_update_to_webhook(None, update, secret_token="x")
                    assert wrong == 403
                finally:
                    await app.updater.stop()
            finally:
                await app.stop()
        finally:
            await app.shutdown()
        assert texts(fake) == ["lewat webhook"]

    await within(scenario())


async def test_delay_and_wait_for_timeout_message(fake: FakeBotApi) -> None:
    fake.delay_next("sendMessage", 0.3)
    async with plain_bot(fake) as bot:
        started = time.monotonic()
        await within(bot.send_message(1001, "pelan", reply_to_message_id=None))
        assert time.monotonic() - started >= 0.3
    with pytest.raises(AssertionError, match=r"(?s)2 call\(s\) to 'sendMessage'.*pelan"):
        await fake.wait_for("sendMessage", count=2, timeout=0.2)
