"""Free-text questions, tapped suggestions, feedback and 'none of these matched'."""

from __future__ import annotations

import re

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.answering.answerer import Answer
from bot.answering.feedback import give_feedback, report_none_matched
from bot.errors import UserError
from bot.messages import text
from handlers.context import asker_from, language_of, services_of
from handlers.other import try_to_remove_keyboard
from handlers.rendering import reply_html, reply_keyboard, split_message


class AddressedToBot(filters.MessageFilter):
    """Messages in a group that mention the bot or reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        """Tell whether a group message is meant for the bot."""
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        return f"@{bot.username}".casefold() in (message.text or "").casefold()


def without_mention(message_text: str, username: str) -> str:
    """Remove '@botname' from a group message."""
    return re.sub(rf"@{re.escape(username)}\b", " ", message_text, flags=re.IGNORECASE).strip()


async def send_answer(message: Message, answer: Answer) -> None:
    """Send an answer (split if long) with its buttons under the last part."""
    parts = split_message(reply_html(answer))
    for number, part in enumerate(parts, start=1):
        markup = reply_keyboard(answer) if number == len(parts) else None
        await message.reply_html(part, reply_markup=markup, do_quote=number == 1)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a free-text question from the knowledge base."""
    message = update.effective_message
    question = without_mention(message.text, context.bot.username)
    try:
        answer = services_of(context).answerer.answer(question, asker_from(update, context))
    except UserError as error:
        await message.reply_text(
            error.message(language_of(update, context, question)), do_quote=True
        )
        return
    await send_answer(message, answer)


async def suggestion_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer with the suggestion the user tapped (ans:<question id>:<entry id>)."""
    query = update.callback_query
    _, question_id, entry_id = query.data.split(":", 2)
    services = services_of(context)
    language = language_of(update, context, query.message.text if query.message else "")
    await query.answer()
    answer = services.answerer.entry_answer(entry_id, language)
    if question_id.isdigit():
        services.store.record_pick(int(question_id), entry_id)
        answer = answer.with_question_id(int(question_id))
    await send_answer(query.message, answer)


async def feedback_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store 👍/👎 (fb:<question id>:1|0) and thank the user."""
    query = update.callback_query
    _, question_id, helpful = query.data.split(":")
    services = services_of(context)
    give_feedback(
        services.store,
        int(question_id),
        update.effective_user.id,
        helpful == "1",
        services.clock(),
    )
    language = language_of(update, context)
    thanks = "thanks_helpful" if helpful == "1" else "thanks_not_helpful"
    await query.answer(text(thanks, language))
    await try_to_remove_keyboard(query)


async def none_matched_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log that no suggestion fitted (none:<question id>) and tell the user."""
    query = update.callback_query
    report_none_matched(services_of(context).store, int(query.data.removeprefix("none:")))
    await query.answer()
    await try_to_remove_keyboard(query)
    await query.message.reply_text(text("none_matched", language_of(update, context)))
