"""Flood control in front of every question: a polite notice once, then silence."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.answering.flood import FloodGuard, Verdict
from bot.messages import text
from handlers.context import language_of


async def limit_questions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop a user's updates for the rest of the minute once they exceed the limit."""
    guard: FloodGuard = context.bot_data["flood_guard"]
    verdict = guard.check(update.effective_user.id, time.monotonic())
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.NOTIFY:
        await update.effective_message.reply_text(text("flood", language_of(update, context)))
    raise ApplicationHandlerStop
