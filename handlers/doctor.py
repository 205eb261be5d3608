"""Ask the Bot API who the bot is (getMe), for `policybot doctor`."""

from __future__ import annotations

from telegram import Bot
from telegram.error import InvalidToken, TelegramError


async def describe_bot(token: str, base_url: str = "", base_file_url: str = "") -> str:
    """Return '@username (id N)' or raise RuntimeError with a one-line reason."""
    kwargs = {"base_url": base_url} if base_url else {}
    if base_file_url:
        kwargs["base_file_url"] = base_file_url
    try:
        async with Bot(token, **kwargs) as bot:
            me = await bot.get_me()
    except InvalidToken as error:
        raise RuntimeError("Telegram rejected the token (Unauthorized)") from error
    except TelegramError as error:
        raise RuntimeError(f"Bot API not reachable: {error}") from error
    return f"@{me.username} (id {me.id})"
