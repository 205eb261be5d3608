"""Broadcasts at a time: Jadwalkan and the typed time, /siaran_terjadwal (= /scheduled) with
Batalkan, the urgent mark, and the job that starts scheduled broadcasts when they are due."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
)

from bot.access.roles import CLI_ACTOR, Role
from bot.broadcasts.announcements import Broadcast, Preview
from bot.broadcasts.timing import describe_time
from bot.errors import UserError
from bot.messages import text
from bot.services import Services
from handlers.broadcast_rendering import (
    confirm_keyboard,
    confirm_text,
    quiet_label,
    schedule_list_keyboard,
    schedule_list_text,
)
from handlers.context import language_of, services_of
from handlers.outbox import start_delivery, try_to_send

logger = logging.getLogger(__name__)

ASKING_TIME = 1
SCHEDULING = "scheduling_broadcast"  # user_data: the draft whose time is being asked


def schedule_handlers() -> list:
    """/siaran_terjadwal and the buttons of scheduled broadcasts (the time itself is asked in
    the /siaran conversation: see handlers/broadcasts.py)."""
    return [
        CommandHandler(["siaran_terjadwal", "scheduled"], scheduled_command),
        CallbackQueryHandler(unschedule_button, pattern=r"^bc:unsched:\d+$"),
        CallbackQueryHandler(list_urgent_button, pattern=r"^bc:lurg:\d+$"),
        CallbackQueryHandler(urgent_button, pattern=r"^bc:urg:\d+$"),
    ]


def broadcast_id_of(data: str) -> int:
    """The broadcast id in callback data such as bc:sched:12 or bc:dist:12:<token>."""
    return int(data.split(":")[2])


def render_preview(
    context: ContextTypes.DEFAULT_TYPE, preview: Preview, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The confirmation text and keyboard of a draft."""
    services = services_of(context)
    threshold = services.config.broadcasts.approval_threshold
    quiet = services.broadcasts.quiet_hours
    body = confirm_text(preview, threshold, language, services.zone, quiet)
    return body, confirm_keyboard(preview.broadcast, language)


async def schedule_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """'Jadwalkan' (or 'Ubah waktu'): ask for the time, in words."""
    query, language = update.callback_query, language_of(update, context)
    broadcast_id = broadcast_id_of(query.data)
    services_of(context).broadcasts.own_draft(update.effective_user.id, broadcast_id)
    context.user_data[SCHEDULING] = broadcast_id
    await query.answer()
    await query.message.reply_html(text("bc_ask_time", language).format(id=broadcast_id))
    return ASKING_TIME


async def time_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The typed time: show it back as a full date with 'Ya, jadwalkan'. A time the bot cannot
    read gets the error and the question stays open."""
    message, language = update.effective_message, language_of(update, context)
    broadcasts, user_id = services_of(context).broadcasts, update.effective_user.id
    broadcast_id = context.user_data.get(SCHEDULING)
    try:  # the draft may have been sent or dropped meanwhile: then the question is over
        broadcasts.own_draft(user_id, broadcast_id if broadcast_id is not None else 0)
    except UserError as error:
        context.user_data.pop(SCHEDULING, None)
        await message.reply_text(error.message(language))
        return ConversationHandler.END
    preview = broadcasts.plan(user_id, broadcast_id, message.text or "")
    context.user_data.pop(SCHEDULING, None)
    body, keyboard = render_preview(context, preview, language)
    await message.reply_html(body, reply_markup=keyboard)
    return ConversationHandler.END


async def urgent_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Toggle the urgent mark of a draft (admins); the confirmation shows it."""
    query, language = update.callback_query, language_of(update, context)
    broadcasts = services_of(context).broadcasts
    preview = broadcasts.toggle_urgent(update.effective_user.id, broadcast_id_of(query.data))
    await query.answer()
    body, keyboard = render_preview(context, preview, language)
    await query.edit_message_text(body, reply_markup=keyboard)


async def scheduled_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/siaran_terjadwal: what is scheduled (the officer's region; admins: all), with Batalkan."""
    body, keyboard = schedule_page(context, update.effective_user.id, language_of(update, context))
    await update.effective_message.reply_html(body, reply_markup=keyboard)


def schedule_page(
    context: ContextTypes.DEFAULT_TYPE, user_id: int, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The schedule list's text and buttons for a user."""
    services = services_of(context)
    items = services.broadcasts.scheduled(user_id)
    admin = services.roles.role_of(user_id) is Role.ADMIN
    keyboard = schedule_list_keyboard(items, language, user_id, admin)
    return schedule_list_text(items, services.zone, language), keyboard


async def unschedule_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Batalkan #N': the broadcast (or its weekly series) will not go out; the list refreshes
    and an author who did not cancel it themselves is told."""
    query, language = update.callback_query, language_of(update, context)
    user_id = update.effective_user.id
    broadcast = services_of(context).broadcasts.cancel_scheduled(
        user_id, broadcast_id_of(query.data)
    )
    await query.answer(text("bc_unscheduled", language).format(id=broadcast.id))
    body, keyboard = schedule_page(context, user_id, language)
    await query.edit_message_text(body, reply_markup=keyboard)
    if broadcast.author_id not in (user_id, CLI_ACTOR):
        notice = text("bc_unscheduled", broadcast.language).format(id=broadcast.id)
        await try_to_send(context.bot, broadcast.author_id, notice)


async def list_urgent_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'🚨 #N' in the schedule list (admins): toggle the urgent mark."""
    query, language = update.callback_query, language_of(update, context)
    user_id = update.effective_user.id
    preview = services_of(context).broadcasts.toggle_urgent(user_id, broadcast_id_of(query.data))
    key = "bc_urgent_set" if preview.broadcast.urgent else "bc_urgent_unset"
    await query.answer(text(key, language).format(id=preview.broadcast.id))
    body, keyboard = schedule_page(context, user_id, language)
    await query.edit_message_text(body, reply_markup=keyboard)


# -- the job that starts what is due -------------------------------------------------------------


async def release_due_broadcasts(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start the scheduled broadcasts that are due; report those missed for too long."""
    application = context.application
    services: Services = application.bot_data["services"]
    released = services.broadcasts.release_due()
    for broadcast in released.started:
        await announce_start(application, broadcast)
        start_delivery(application, broadcast.id)
    for broadcast in released.skipped:
        await report_skipped(application, broadcast)


def author_chat(application: Application, broadcast: Broadcast) -> int | None:
    """Where news of a broadcast goes: its author, or the admin chat for one made on the server."""
    if broadcast.author_id == CLI_ACTOR:
        return application.bot_data.get("admin_chat_id") or None
    return broadcast.author_id


def starting_text(services: Services, broadcast: Broadcast, key: str = "bc_starting") -> str:
    """The progress message before the first report (saying so when quiet hours hold it)."""
    language = broadcast.language
    body = text(key, language).format(id=broadcast.id, count=broadcast.recipients)
    held = services.broadcasts.held_until(broadcast, services.clock())
    if held is None:
        return body
    quiet = quiet_label(services.broadcasts.quiet_hours, services.zone, held, language)
    start = describe_time(held, services.zone, language)
    return body + "\n" + text("bc_quiet_now", language).format(quiet=quiet, start=start)


async def announce_start(application: Application, broadcast: Broadcast) -> None:
    """Tell the author a scheduled broadcast started; that message then shows its progress."""
    services: Services = application.bot_data["services"]
    body = starting_text(services, broadcast, "bc_scheduled_starting")
    sent = await try_to_send(application.bot, author_chat(application, broadcast), body)
    if sent is not None:
        services.broadcasts.set_progress_message(broadcast.id, sent.chat_id, sent.message_id)


async def report_skipped(application: Application, broadcast: Broadcast) -> None:
    """Tell the author (and the log) that a scheduled broadcast was too late to send."""
    services: Services = application.bot_data["services"]
    when, language = broadcast.when, broadcast.language
    assert when is not None and broadcast.finished_at is not None
    late = dt.datetime.fromisoformat(broadcast.finished_at) - when.first
    fields = {
        "id": broadcast.id,
        "when": describe_time(when.first, services.zone, language),
        "late": int(late.total_seconds() // 60),
        "limit": f"{services.config.broadcasts.late_limit_minutes:g}",
    }
    logger.warning(
        "Scheduled broadcast #%s (%s) skipped: %s minutes late, the limit is %s",
        broadcast.id,
        broadcast.scheduled_at,
        fields["late"],
        fields["limit"],
    )
    await try_to_send(
        application.bot,
        author_chat(application, broadcast),
        text("bc_skipped", language).format(**fields),
    )
