""" "What changed" notices: the admins' preview (Kirim / Lewati) and the notices it sends.

Previews go where the bot tells admins about the knowledge base (a failed reload, the daily
summary): the admin chat, or, when none is configured, each admin's private chat.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, ContextTypes

from bot.answering.reply_parts import source_lines
from bot.curation.changes import ChangeNotice, ChangePreview
from bot.knowledge.base import TOPICS, Entry
from bot.messages import text
from bot.outbox.sending import DeliveryOutcome
from bot.services import Services
from handlers.context import language_of, services_of
from handlers.outbox import delivery_outcome, send_options

logger = logging.getLogger(__name__)
CHANGE_NOTICES_TASK = "change_notices"
MAX_CALLBACK_BYTES = 64


def citation_html(entry: Entry, language: str) -> list[str]:
    """The entry's source lines (source, see also, status, reviewed date), escaped."""
    return [
        f"<b>{escape(label)}:</b> {escape(value)}"
        for label, value in source_lines(entry, language)
    ]


def preview_html(preview: ChangePreview, language: str, days: int) -> str:
    """What the admins see: the question, the new answer's first lines, its citation, the count."""
    topic = TOPICS.get(preview.entry.topic, (preview.entry.topic,) * 2)
    opening = text("change_preview", language).format(
        question=preview.question(language), answer=preview.opening(language)
    )
    audience = text("change_audience", language).format(
        count=preview.audience, days=days, topic=topic[1] if language == "en" else topic[0]
    )
    lines = [escape(opening), "", *citation_html(preview.entry, language), ""]
    return "\n".join([*lines, escape(audience)])


def preview_markup(change_id: int, language: str) -> InlineKeyboardMarkup:
    """Kirim (chg:send:<id>) and Lewati (chg:skip:<id>)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("button_change_send", language), callback_data=f"chg:send:{change_id}"
                ),
                InlineKeyboardButton(
                    text("button_change_skip", language), callback_data=f"chg:skip:{change_id}"
                ),
            ]
        ]
    )


async def show_previews(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Find changed answers (a reload may have brought some) and preview each new one once."""
    services = services_of(context)
    services.changes.detect()
    for preview in services.changes.take_previews():
        for chat_id, language in preview_chats(context, services):
            await send_preview(context.bot, chat_id, preview, language, services)


def preview_chats(context: ContextTypes.DEFAULT_TYPE, services: Services) -> list[tuple[int, str]]:
    """The admin chat (in Indonesian), else each admin's private chat in their language."""
    admin_chat = context.bot_data.get("admin_chat_id")
    if admin_chat:
        return [(admin_chat, "id")]
    admins = sorted(services.roles.admins)
    return [(admin, services.store.language_of(admin) or "id") for admin in admins]


async def send_preview(
    bot: Bot, chat_id: int, preview: ChangePreview, language: str, services: Services
) -> None:
    """Send one preview; a chat that refuses it is logged (the change stays undecided)."""
    days = services.config.curation.changed_notice_days
    try:
        await bot.send_message(
            chat_id,
            preview_html(preview, language, days),
            reply_markup=preview_markup(preview.change.id, language),
        )
    except TelegramError as error:
        logger.warning("Could not preview change #%s to %s: %s", preview.change.id, chat_id, error)


async def send_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Kirim (chg:send:<id>): queue the notices and start sending them (admins only)."""
    query = update.callback_query
    change_id = int(query.data.rsplit(":", 1)[1])
    services = services_of(context)
    language = language_of(update, context)
    count = services.changes.send(update.effective_user.id, change_id)
    start_change_notices(context.application)
    await query.answer()
    await query.edit_message_text(
        text("change_sent", language).format(
            question=escape(services.changes.question_of(change_id, language)), count=count
        )
    )


async def skip_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lewati (chg:skip:<id>): tell nobody about this change (admins only)."""
    query = update.callback_query
    services = services_of(context)
    language = language_of(update, context)
    change = services.changes.skip(update.effective_user.id, int(query.data.rsplit(":", 1)[1]))
    await query.answer()
    await query.edit_message_text(
        text("change_skipped", language).format(
            question=escape(services.changes.question_of(change.id, language))
        )
    )


def notice_html(notice: ChangeNotice) -> str:
    """The message telling a chat that an answer changed: its first lines and citation."""
    opening = text("change_notice", notice.language).format(
        question=notice.question, answer=notice.opening
    )
    return "\n".join([escape(opening), "", *citation_html(notice.entry, notice.language)])


def notice_markup(notice: ChangeNotice) -> InlineKeyboardMarkup:
    """See the full answer (the topic menu's ent:*:<entry>), and 🔕 (nq:off, as for answer
    notices: one setting for both)."""
    rows = []
    full_answer = f"ent:*:{notice.entry.id}"
    if len(full_answer.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        label = text("button_full_answer", notice.language)
        rows.append([InlineKeyboardButton(label, callback_data=full_answer)])
    opt_out = text("button_notifications_off", notice.language)
    rows.append([InlineKeyboardButton(opt_out, callback_data="nq:off")])
    return InlineKeyboardMarkup(rows)


def notice_sender(bot: Bot):
    """Return the `send` the change-notice worker calls, mapping Telegram errors to results."""

    async def send(notice: ChangeNotice) -> DeliveryOutcome:
        return await delivery_outcome(
            bot.send_message(
                notice.chat_id,
                notice_html(notice),
                reply_markup=notice_markup(notice),
                **send_options(bot, paid=False),
            )
        )

    return send


def start_change_notices(application: Application) -> None:
    """Deliver pending change notices in the background (one worker at a time)."""
    services: Services = application.bot_data["services"]
    running = application.bot_data.get(CHANGE_NOTICES_TASK)
    if running and not running.done():
        return  # the running worker goes on to the changes queued meanwhile
    per_second = services.config.broadcasts.messages_per_second
    application.bot_data[CHANGE_NOTICES_TASK] = application.create_task(
        services.changes.deliver(
            notice_sender(application.bot),
            asyncio.sleep,
            per_second,
            stopping=lambda: not application.running,  # stop() awaits this task
        ),
        name="change-notices",
    )


async def resume_change_notices(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send change notices left pending by a restart."""
    start_change_notices(context.application)


def change_handlers() -> list[BaseHandler]:
    """The preview's Kirim and Lewati buttons, for group 0."""
    return [
        CallbackQueryHandler(send_button, pattern=r"^chg:send:\d+$"),
        CallbackQueryHandler(skip_button, pattern=r"^chg:skip:\d+$"),
    ]
