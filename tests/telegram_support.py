"""Run the real policybot Application against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

from telegram import Update
from telegram.ext import Application

from bot.config import (
    BroadcastSettings,
    Config,
    KnowledgeSettings,
    StorageSettings,
    TelegramSettings,
)
from bot.services import Services, build_services
from handlers.application import build_application, post_init
from tests.fake_bot_api import Call, FakeBotApi

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"
ADMIN_CHAT = -100999
LIMIT = 15.0


@dataclass
class Running:
    """A running bot: the fake server, the Application and its services."""

    fake: FakeBotApi
    app: Application
    services: Services

    async def replies(
        self,
        count: int = 1,
        chat_id: int = 1001,
        method: str = "sendMessage",
        timeout: float = 10.0,
    ) -> list[dict]:
        """Wait for `count` answered calls of `method` to a chat; return their params."""

        def delivered_to_chat(call: Call) -> bool:
            return call.status == 200 and str(call.params.get("chat_id")) == str(chat_id)

        calls = await self.fake.wait_for(method, count, timeout, predicate=delivered_to_chat)
        return [call.params for call in calls]

    async def next_reply(self, chat_id: int = 1001, method: str = "sendMessage") -> dict:
        """Wait for one more reply to a chat than there were before; return it."""
        before = len(self.sent(chat_id, method))
        return (await self.replies(before + 1, chat_id, method))[-1]

    def sent(self, chat_id: int, method: str = "sendMessage") -> list[dict]:
        """Params of the calls of `method` to a chat so far."""
        return [
            c.params
            for c in self.fake.calls_to(method)
            if str(c.params.get("chat_id")) == str(chat_id) and c.status == 200
        ]

    async def ask(self, text: str, **kwargs) -> dict:
        """Send a message from a user and return the bot's next reply in that chat."""
        chat = kwargs.get("chat_id") or kwargs.get("user_id", 1001)
        before = len(self.sent(chat))
        self.fake.message_update(text, **kwargs)
        return (await self.replies(before + 1, chat))[-1]

    async def tap(self, data: str, method: str, **kwargs) -> Call:
        """Tap a button and wait for the bot's call of `method` answering it."""
        before = len(self.fake.calls_to(method))
        self.fake.callback_update(data, **kwargs)
        return (await self.fake.wait_for(method, before + 1))[-1]


def bot_config(fake: FakeBotApi, **telegram: object) -> Config:
    """A config pointing at the fake server, with an in-memory database."""
    settings = replace(
        TelegramSettings(
            base_url=fake.base_url, base_file_url=fake.base_file_url, admin_chat_id=ADMIN_CHAT
        ),
        **telegram,
    )
    return Config(
        knowledge=KnowledgeSettings(watch=False),
        storage=StorageSettings(path=":memory:"),
        telegram=settings,
        # The bot may run on the machine's clock: quiet hours would make tests depend on the hour.
        broadcasts=BroadcastSettings(quiet_hours="off"),
    )


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeBotApi, config: Config, holder=None, clock=None
) -> AsyncIterator[Running]:
    """Start the Application with long polling; stop it cleanly afterwards."""
    kwargs = {"holder": holder} if holder else {}
    if clock:
        kwargs["clock"] = clock
    services = build_services(config, **kwargs)
    app = build_application(services, TOKEN)
    await asyncio.wait_for(app.initialize(), LIMIT)
    try:
        await post_init(app)
        await app.start()
        await app.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES
        )
        yield Running(fake, app, services)
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
