"""The error handler logs first, tells the admin chat (without the token), apologises."""

from __future__ import annotations

import logging

from bot.messages import text
from tests.telegram_support import ADMIN_CHAT, TOKEN, bot_config, running_bot


async def test_unexpected_error_is_reported_and_the_bot_keeps_going(
    fake, real_holder, monkeypatch, caplog
):
    async with running_bot(fake, bot_config(fake), real_holder) as bot:
        original = bot.services.answerer.answer

        def explode(question, asker=None):
            if question == "boom":
                raise RuntimeError(f"database on fire {TOKEN}")
            return original(question, asker)

        monkeypatch.setattr(bot.services.answerer, "answer", explode)
        with caplog.at_level(logging.ERROR):
            apology = await bot.ask("boom")
            report = (await bot.replies(1, chat_id=ADMIN_CHAT))[0]
        assert apology["text"] == text("error_apology", "id")
        assert "RuntimeError: database on fire [token]" in report["text"]
        assert TOKEN not in report["text"]
        assert "Error while handling update" in caplog.text
        reply = await bot.ask("cara ngurus IOMKI gmn?")
        assert "SIINas" in reply["text"]
