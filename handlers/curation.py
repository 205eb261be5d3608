"""/belum_terjawab: review grouped unanswered questions; tell askers once an answer exists."""

from __future__ import annotations

import asyncio
import logging
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.curation.grouping import Group, Page
from bot.curation.notifying import Notification
from bot.messages import text
from bot.outbox.sending import DeliveryOutcome
from bot.services import Services
from handlers.context import language_of, services_of
from handlers.outbox import delivery_outcome, send_options
from handlers.rendering import short

logger = logging.getLogger(__name__)
NOTIFY_TASK = "answer_notifications"


def page_markup(page: Page, language: str) -> InlineKeyboardMarkup:
    """One button per group, then previous/next page buttons."""
    rows = [
        [
            InlineKeyboardButton(
                short(f"({group.count}×) {group.examples[0]}"), callback_data=f"ug:{group.id}"
            )
        ]
        for group in page.groups
    ]
    navigation = []
    if page.has_previous:
        navigation.append(InlineKeyboardButton("◀️", callback_data=f"up:{page.page - 1}"))
    if page.has_next:
        navigation.append(InlineKeyboardButton("▶️", callback_data=f"up:{page.page + 1}"))
    return InlineKeyboardMarkup([*rows, navigation] if navigation else rows)


def page_html(page: Page, language: str) -> str:
    """The list of groups on a page, largest first."""
    if not page.groups:
        return text("unanswered_none", language)
    title = text("unanswered_title", language).format(
        groups=page.total_groups,
        questions=page.total_questions,
        page=page.page + 1,
        pages=page.pages,
    )
    lines = [f"<b>{title}</b>"]
    lines += [
        f"{number}. ({group.count}×) {escape(group.examples[0])}"
        for number, group in enumerate(page.groups, start=page.page * 5 + 1)
    ]
    return "\n".join(lines)


def group_html(group: Group, language: str) -> str:
    """One group: its examples and who asked, then what the admin can do."""
    title = text("unanswered_group", language).format(count=group.count, askers=group.askers)
    lines = [f"<b>{title}</b>"]
    lines += [f"• {escape(example)}" for example in group.examples]
    if group.feedback:
        lines.append(text("unanswered_feedback", language).format(count=group.feedback))
    lines.append("")
    lines.append(text("unanswered_actions", language))
    return "\n".join(lines)


def group_markup(group: Group, page: int, language: str) -> InlineKeyboardMarkup:
    """Attach to a proposed entry, create a new entry, dismiss, or go back."""
    rows = [
        [
            InlineKeyboardButton(
                short(f"➕ {proposal.question}"),
                callback_data=f"ur:{group.id}:{proposal.entry_id}",
            )
        ]
        for proposal in group.proposals
    ]
    rows.append(
        [InlineKeyboardButton(text("button_new_entry", language), callback_data=f"un:{group.id}")]
    )
    rows.append(
        [
            InlineKeyboardButton(text("button_dismiss", language), callback_data=f"ud:{group.id}"),
            InlineKeyboardButton(text("button_back", language), callback_data=f"up:{page}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def unanswered_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the groups of open unanswered questions (admins)."""
    services = services_of(context)
    language = language_of(update, context)
    page_size = services.config.curation.page_size
    page = services.curation.groups(update.effective_user.id, 0, page_size)
    await update.effective_message.reply_html(
        page_html(page, language), reply_markup=page_markup(page, language)
    )


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another page of groups (up:<page>)."""
    query = update.callback_query
    services = services_of(context)
    language = language_of(update, context)
    page = services.curation.groups(
        update.effective_user.id, int(query.data[3:]), services.config.curation.page_size
    )
    await query.answer()
    await query.edit_message_text(
        page_html(page, language), reply_markup=page_markup(page, language)
    )


async def group_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open one group (ug:<group id>) with its proposals and actions."""
    query = update.callback_query
    language = language_of(update, context)
    group = services_of(context).curation.group(update.effective_user.id, int(query.data[3:]))
    await query.answer()
    await query.edit_message_text(
        group_html(group, language), reply_markup=group_markup(group, 0, language)
    )


async def attach_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add the group's question as a phrasing of an entry (ur:<group>:<entry>), tell askers."""
    query = update.callback_query
    _, group_id, entry_id = query.data.split(":", 2)
    services = services_of(context)
    admin_id = update.effective_user.id
    closed = services.gaps.attach(admin_id, int(group_id), entry_id)
    start_notifications(context.application)
    await query.answer()
    await query.edit_message_text(
        text("unanswered_attached", language_of(update, context)).format(
            entry=escape(closed.entry.id), count=closed.notices
        )
    )


async def dismiss_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Dismiss a group as out of scope (ud:<group id>)."""
    query = update.callback_query
    group = services_of(context).curation.dismiss_group(
        update.effective_user.id, int(query.data[3:])
    )
    await query.answer()
    await query.edit_message_text(
        text("unanswered_dismissed", language_of(update, context)).format(count=group.count)
    )


async def notifications_off_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop 'your question now has an answer' messages for this user (nq:off)."""
    query = update.callback_query
    services_of(context).curation.set_answer_notifications(update.effective_user.id, False)
    await query.answer(text("notifications_off", language_of(update, context)), show_alert=True)
    await query.edit_message_reply_markup(reply_markup=None)


def notification_html(notification: Notification) -> str:
    """The message telling an asker their question now has an answer, escaped."""
    return escape(notification.text)


def notification_sender(bot: Bot):
    """Return the `send` the curation worker calls, mapping Telegram errors to results."""

    async def send(notification: Notification) -> DeliveryOutcome:
        opt_out = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        text("button_notifications_off", notification.language),
                        callback_data="nq:off",
                    )
                ]
            ]
        )
        return await delivery_outcome(
            bot.send_message(
                notification.chat_id,
                notification_html(notification),
                reply_markup=opt_out,
                **send_options(bot, paid=False),
            )
        )

    return send


def start_notifications(application: Application) -> None:
    """Deliver pending answer notifications in the background (one worker at a time)."""
    services: Services = application.bot_data["services"]
    running = application.bot_data.get(NOTIFY_TASK)
    if running and not running.done():
        return  # the running worker also picks up rows queued meanwhile
    per_second = services.config.curation.notifications_per_second
    application.bot_data[NOTIFY_TASK] = application.create_task(
        services.curation.deliver_notifications(
            notification_sender(application.bot),
            asyncio.sleep,
            per_second,
            stopping=lambda: not application.running,  # stop() awaits this task
        ),
        name="answer-notifications",
    )


def curation_handlers() -> list[BaseHandler]:
    """/belum_terjawab and its buttons, and the answer-notification opt-out, for group 0."""
    return [
        CommandHandler(["belum_terjawab", "unanswered"], unanswered_command),
        CallbackQueryHandler(page_button, pattern=r"^up:\d+$"),
        CallbackQueryHandler(group_button, pattern=r"^ug:\d+$"),
        CallbackQueryHandler(attach_button, pattern=r"^ur:\d+:[\w-]+$"),
        CallbackQueryHandler(dismiss_button, pattern=r"^ud:\d+$"),
        CallbackQueryHandler(notifications_off_button, pattern=r"^nq:off$"),
    ]
