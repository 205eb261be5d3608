"""/privasi says what is stored (and what is kept on purpose); /hapus_data deletes it after a
confirmation button."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.access.privacy import kept_lines
from bot.messages import text
from handlers.context import language_of, services_of


async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot stores about the user and why, with their current counts."""
    language = language_of(update, context)
    counts = services_of(context).store.user_data_counts(update.effective_user.id)
    kept = "\n".join(f"• {escape(line, quote=False)}" for line in kept_lines(language))
    await update.effective_message.reply_html(
        text("privacy", language).format(**counts, kept=kept)
    )


async def delete_data_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for confirmation before deleting the user's data."""
    language = language_of(update, context)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(text("button_delete_yes", language), callback_data="del:yes"),
                InlineKeyboardButton(text("button_delete_no", language), callback_data="del:no"),
            ]
        ]
    )
    await update.effective_message.reply_text(
        text("delete_confirm", language), reply_markup=keyboard
    )


async def delete_data_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete the data of the user who tapped 'Ya, hapus' (only their own)."""
    query = update.callback_query
    language = language_of(update, context)
    await query.answer()
    if query.data == "del:yes":
        user_id = update.effective_user.id
        counts = services_of(context).store.delete_user_data(user_id)
        # python-telegram-bot's in-memory copy too, so the next persistence sweep cannot write
        # the user's data back.
        context.application.drop_user_data(user_id)
        message = text("deleted", language).format(**counts)
    else:
        message = text("delete_kept", language)
    await query.edit_message_text(message)
