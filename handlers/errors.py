"""One error handler: log first (never the token), tell the admins, apologise to the user."""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.errors import UserError
from bot.messages import text
from handlers.context import telegram_language

logger = logging.getLogger(__name__)
MAX_ADMIN_DETAIL = 800


def redact(message: str, secret: str) -> str:
    """Remove a secret (the bot token) from a text."""
    return message.replace(secret, "[token]") if secret else message


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle an exception raised while processing an update."""
    error = context.error
    if isinstance(update, Update) and isinstance(error, UserError):
        await reply_user_error(update, error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Error while handling update %s", update_id, exc_info=error)
    await notify_admins(context, update_id, error)
    if isinstance(update, Update):
        await apologise(update)


async def reply_user_error(update: Update, error: UserError) -> None:
    """Show an expected problem's polite message in the user's language."""
    message = error.message(telegram_language(update.effective_user))
    if update.callback_query:
        await update.callback_query.answer(message, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(message)


async def notify_admins(
    context: ContextTypes.DEFAULT_TYPE, update_id: int | None, error: BaseException | None
) -> None:
    """Send a short report to the admin chat, if one is configured."""
    admin_chat = context.bot_data.get("admin_chat_id")
    if not admin_chat:
        return
    detail = redact(f"{type(error).__name__}: {error}", context.bot.token)[:MAX_ADMIN_DETAIL]
    report = f"⚠️ policybot error (update {update_id}):\n<code>{escape(detail)}</code>"
    try:
        await context.bot.send_message(admin_chat, report)
    except TelegramError:
        logger.warning("Could not notify the admin chat %s", admin_chat)


async def apologise(update: Update) -> None:
    """Tell the user something went wrong, if there is a chat to tell."""
    if not update.effective_chat:
        return
    try:
        await update.effective_chat.send_message(
            text("error_apology", telegram_language(update.effective_user))
        )
    except TelegramError:
        logger.warning("Could not apologise in chat %s", update.effective_chat.id)
