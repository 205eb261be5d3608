"""Everything a user can send that is not a question: stickers, photos, voice, buttons…"""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.messages import text
from handlers.context import language_of


async def unsupported_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask politely for a typed question when the user sends media, a sticker or a location."""
    await update.effective_message.reply_text(text("unsupported", language_of(update, context)))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button the bot no longer understands (old or forged callback data)."""
    await update.callback_query.answer(
        text("stale_button", language_of(update, context)), show_alert=True
    )


async def try_to_remove_keyboard(query: CallbackQuery) -> bool:
    """Remove the buttons under a message; a keyboard already gone is not an error."""
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as error:
        if "not modified" not in str(error).casefold():
            raise
        return False
    return True
