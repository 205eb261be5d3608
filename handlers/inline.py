"""Inline mode: '@policybot iomki' in any chat lists up to 10 matching answers."""

from __future__ import annotations

from uuid import uuid4

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.ext import ContextTypes

from bot.messages import text
from handlers.context import language_of, services_of
from handlers.rendering import answer_html

MAX_RESULTS = 10


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the best-matching entries as articles that post the cited answer."""
    query = update.inline_query
    language = language_of(update, context, query.query)
    answers = services_of(context).answerer.search(query.query, language, MAX_RESULTS)
    results = [
        InlineQueryResultArticle(
            id=str(uuid4()),
            title=answer.question,
            description=answer.text[:120],
            input_message_content=InputTextMessageContent(answer_html(answer)),
        )
        for answer in answers
    ]
    button = InlineQueryResultsButton(
        text=text("inline_ask_bot", language), start_parameter="inline"
    )
    await query.answer(results, cache_time=60, is_personal=False, button=button)
