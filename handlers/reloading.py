"""/muat_ulang (= /reload) and the automatic reload when knowledge files change on disk."""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.errors import KnowledgeError
from bot.knowledge.reloading import reload_knowledge
from bot.messages import text
from handlers.context import language_of, services_of

logger = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 20


def problems_html(error: KnowledgeError, language: str) -> str:
    """List a failed reload's problems (file, line, problem), escaped and capped."""
    lines = [f"<b>{text('reload_failed', language)}</b>"]
    lines += [
        f"• <code>{escape(str(problem))}</code>" for problem in error.problems[:MAX_PROBLEMS_SHOWN]
    ]
    if len(error.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… (+{len(error.problems) - MAX_PROBLEMS_SHOWN})")
    return "\n".join(lines)


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload knowledge/ from disk; on error keep serving the last good base and say why."""
    services = services_of(context)
    language = language_of(update, context)
    try:
        knowledge = reload_knowledge(services.roles, services.holder, update.effective_user.id)
    except KnowledgeError as error:
        await update.effective_message.reply_html(problems_html(error, language))
        return
    await update.effective_message.reply_text(
        text("reload_done", language).format(
            entries=len(knowledge.entries), documents=len(knowledge.documents)
        )
    )


async def reload_changed_knowledge(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload knowledge/ when a file changed; on error keep the old base and tell the admins."""
    holder = services_of(context).holder
    if not holder.changed_on_disk():
        return
    try:
        knowledge = holder.reload()
    except KnowledgeError as error:
        logger.error("Knowledge reload failed; keeping the last good base:\n%s", error)
        await tell_admin_chat(context, problems_html(error, "id"))
        return
    logger.info("Knowledge reloaded: %d entries", len(knowledge.entries))


async def tell_admin_chat(context: ContextTypes.DEFAULT_TYPE, html: str) -> None:
    """Send a message to the configured admin chat, if any."""
    chat_id = context.bot_data.get("admin_chat_id")
    if not chat_id:
        return
    try:
        await context.bot.send_message(chat_id, html)
    except TelegramError:
        logger.warning("Could not reach the admin chat %s", chat_id)
