"""/start, /bantuan, /bahasa, /batal; the command table itself is bot.commands."""

from __future__ import annotations

from html import escape

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.access.roles import Role
from bot.commands import COMMANDS, LANGUAGES, STAFF_COMMANDS
from bot.commands import help_text as command_help
from bot.messages import text
from handlers.browsing import show_topic_from_link
from handlers.context import language_of, services_of


def bot_commands(language: str) -> list[BotCommand]:
    """The command menu Telegram shows, in a language."""
    return [BotCommand(c.name_in(language), c.describe(language)) for c in COMMANDS]


def help_text(language: str, staff: bool = False) -> str:
    """The /help text: coverage, how to ask, and the commands (staff commands for staff)."""
    return command_help(language, COMMANDS + (STAFF_COMMANDS if staff else ()))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user, or open a topic from a deep link such as /start topik_iomki."""
    if context.args and context.args[0].startswith("topik_"):
        await show_topic_from_link(update, context, context.args[0].removeprefix("topik_"))
        return
    language = language_of(update, context)
    name = escape(update.effective_user.first_name if update.effective_user else "")
    greeting = text("welcome", language).format(name=name)
    await update.effective_message.reply_html(f"{greeting}\n\n{help_text(language)}")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot covers and list the commands."""
    role = services_of(context).roles.role_of(update.effective_user.id)
    await update.effective_message.reply_html(
        help_text(language_of(update, context), staff=role is not Role.USER)
    )


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer Indonesian and English; /bahasa en or /language id switch at once."""
    choice = context.args[0].casefold() if context.args else ""
    if choice in LANGUAGES:
        await set_language(update, context, choice)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=f"lang:{code}")
                for code, label in LANGUAGES.items()
            ]
        ]
    )
    language = language_of(update, context)
    # An unknown code (/bahasa jp) changes nothing: say so politely, then offer the choices.
    prompt = (
        text("language_unknown", language).format(code=escape(context.args[0][:20]))
        if choice
        else text("choose_language", language)
    )
    await update.effective_message.reply_text(prompt, reply_markup=keyboard)


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Switch the language chosen with a button."""
    await update.callback_query.answer()
    await set_language(update, context, update.callback_query.data.removeprefix("lang:"))


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
    """Remember the user's language and confirm in it."""
    services = services_of(context)
    services.store.set_language(update.effective_user.id, language, services.clock())
    await update.effective_message.reply_text(text("language_set", language))


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say there is nothing to cancel (conversations handle /batal themselves)."""
    language = language_of(update, context)
    await update.effective_message.reply_text(text("nothing_to_cancel", language))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point the user to /bantuan for a command the bot does not know."""
    language = language_of(update, context)
    await update.effective_message.reply_text(text("unknown_command", language))
