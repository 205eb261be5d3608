"""Reach the domain services from a callback, and read updates into plain values."""

from __future__ import annotations

from telegram import Update, User
from telegram.ext import ContextTypes

from bot.answering.answerer import Asker
from bot.matching.text import detect_language
from bot.services import Services


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """Return the domain services built at start-up."""
    return context.bot_data["services"]


def telegram_language(user: User | None) -> str:
    """Return 'en' for users whose Telegram is in English, else 'id'."""
    code = (user.language_code or "") if user else ""
    return "en" if code.startswith("en") else "id"


def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str = "") -> str:
    """The user's chosen language, else the language of their text, else Telegram's."""
    user = update.effective_user
    chosen = services_of(context).store.language_of(user.id) if user else None
    if chosen:
        return chosen
    if text and any(char.isalpha() for char in text):
        return detect_language(text)
    return telegram_language(user)


def asker_from(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Asker:
    """Describe who asks, in plain values the domain understands."""
    user, chat = update.effective_user, update.effective_chat
    chosen = services_of(context).store.language_of(user.id) if user else None
    return Asker(
        channel="telegram",
        user_id=user.id if user else None,
        chat_id=chat.id if chat else None,
        language=chosen,
    )
