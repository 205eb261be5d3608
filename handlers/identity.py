"""/id: the user's Telegram id and the chat's id (what admins put in roles.admins and
telegram.admin_chat_id)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.messages import text
from handlers.context import language_of


async def id_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the user their user id and the id of the chat the command was sent in."""
    language = language_of(update, context)
    chat = update.effective_chat
    kind = (
        "id_chat_private"
        if chat.type == ChatType.PRIVATE
        else ("id_chat_channel" if chat.type == ChatType.CHANNEL else "id_chat_group")
    )
    await update.effective_message.reply_html(
        text("your_ids", language).format(
            user_id=update.effective_user.id if update.effective_user else "—",
            chat_id=chat.id,
            chat_kind=text(kind, language),
        )
    )
