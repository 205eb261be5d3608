"""/siaran: write, choose the audience, preview, Kirim; approval by another admin; delivery."""

from __future__ import annotations

import html
import logging
import re
import warnings

from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.broadcasts.announcements import (
    SENDING,
    Broadcast,
    Confirmation,
    Content,
    split_broadcast_line,
)
from bot.errors import UserError
from bot.messages import text
from handlers.broadcast_rendering import (
    approval_keyboard,
    audience_keyboard,
    audience_label,
    broadcast_districts_keyboard,
    broadcast_provinces_keyboard,
    broadcast_topics_keyboard,
    scheduled_text,
    token,
)
from handlers.context import language_of, services_of
from handlers.outbox import (
    resume_broadcasts,
    send_copy,
    start_delivery,
    try_to_edit,
    try_to_send,
)
from handlers.scheduling import (
    ASKING_TIME,
    broadcast_id_of,
    render_preview,
    schedule_button,
    schedule_handlers,
    starting_text,
    time_message,
)

__all__ = ["broadcast_handlers", "resume_broadcasts"]
logger = logging.getLogger(__name__)

WRITING = 0
WRITING_TIMEOUT = 15 * 60
CONTENT = (filters.TEXT & ~filters.COMMAND) | filters.PHOTO | filters.Document.ALL
COMMAND_PREFIX = re.compile(r"^/\w+(@\w+)?\s*")
TAG = re.compile(r"<[^>]+>")


def broadcast_handlers() -> list[BaseHandler]:
    """The /siaran conversation and its buttons, for handler group 0 (before questions)."""
    with warnings.catch_warnings():
        # per_message=False is intended: one broadcast at a time per author; the Jadwalkan
        # button starts the question of the time, answered by the author's next message.
        warnings.simplefilter("ignore", PTBUserWarning)
        writing = ConversationHandler(
            entry_points=[
                CommandHandler(["siaran", "broadcast"], broadcast_command),
                CallbackQueryHandler(schedule_button, pattern=r"^bc:sched:\d+$"),
            ],
            states={
                WRITING: [MessageHandler(CONTENT, broadcast_message)],
                ASKING_TIME: [MessageHandler(filters.TEXT & ~filters.COMMAND, time_message)],
            },
            fallbacks=[CommandHandler(["batal", "cancel"], cancel_writing)],
            name="broadcast-writing",
            conversation_timeout=WRITING_TIMEOUT,
            allow_reentry=True,
        )
    return [
        writing,
        *schedule_handlers(),
        CallbackQueryHandler(audience_menu_button, pattern=r"^bc:aud:\d+$"),
        CallbackQueryHandler(regions_button, pattern=r"^bc:reg:\d+$"),
        CallbackQueryHandler(province_button, pattern=r"^bc:prov:\d+:[0-9a-f]{10}$"),
        CallbackQueryHandler(topics_button, pattern=r"^bc:tops:\d+$"),
        CallbackQueryHandler(
            target_button, pattern=r"^bc:(all:\d+|top:\d+:[\w-]+|(pall|dist):\d+:[0-9a-f]{10})$"
        ),
        CallbackQueryHandler(send_button, pattern=r"^bc:(send|at):\d+$"),
        CallbackQueryHandler(cancel_button, pattern=r"^bc:cancel:\d+$"),
        CallbackQueryHandler(approve_button, pattern=r"^bc:ok:\d+$"),
        CallbackQueryHandler(reject_button, pattern=r"^bc:no:\d+$"),
    ]


def content_from(message: Message) -> Content:
    """Read the broadcast's text (with its formatting) and photo or document from a message."""
    if message.photo or message.document:
        kind = "photo" if message.photo else "document"
        file_id = message.photo[-1].file_id if message.photo else message.document.file_id
        caption = message.caption or ""
        return Content(caption, message.caption_html if caption else "", kind, file_id)
    return Content(message.text or "", message.text_html if message.text else "")


def one_line_parts(message: Message) -> tuple[str, str | None, Content]:
    """Split '/siaran target: message' or '/siaran target @ time: message' into the target,
    the time (None: now) and the content (formatting kept)."""
    target, when_text, body = split_broadcast_line(
        COMMAND_PREFIX.sub("", message.text or "", count=1)
    )
    try:
        body_html = split_broadcast_line(COMMAND_PREFIX.sub("", message.text_html, count=1))[2]
    except UserError:
        body_html = ""
    if html.unescape(TAG.sub("", body_html)) != body:
        body_html = html.escape(body)
    return target, when_text, Content(body, body_html)


async def broadcast_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/siaran: 'target: text' goes straight to the preview; alone, it asks for the message."""
    if context.args:
        await preview_one_line(update, context)
        return ConversationHandler.END
    services_of(context).broadcasts.require_author(update.effective_user.id)
    await update.effective_message.reply_text(text("bc_write", language_of(update, context)))
    return WRITING


async def preview_one_line(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Create a broadcast from '/siaran semua: text' (or '/siaran semua @ besok 09:00: text')
    and show its preview with Kirim sekarang / Jadwalkan (or the time, to confirm)."""
    message, language = update.effective_message, language_of(update, context)
    target, when_text, content = one_line_parts(message)
    preview = services_of(context).broadcasts.create(
        update.effective_user.id, content, language, target=target, when_text=when_text
    )
    await send_copy(context.bot, message.chat_id, preview.broadcast)
    body, keyboard = render_preview(context, preview, language)
    await message.reply_html(body, reply_markup=keyboard)


async def broadcast_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Store the written message as a draft; show its preview and the audience choices."""
    message, language = update.effective_message, language_of(update, context)
    preview = services_of(context).broadcasts.create(
        update.effective_user.id, content_from(message), language
    )
    await send_copy(context.bot, message.chat_id, preview.broadcast)
    assert preview.options is not None
    await message.reply_text(
        text("bc_choose_audience", language).format(id=preview.broadcast.id),
        reply_markup=audience_keyboard(preview.broadcast.id, preview.options, language),
    )
    return ConversationHandler.END


async def cancel_writing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/batal while writing a broadcast: stop without storing anything."""
    await update.effective_message.reply_text(text("cancelled", language_of(update, context)))
    return ConversationHandler.END


async def audience_menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the audience choices again (bc:aud:<id>)."""
    query, language = update.callback_query, language_of(update, context)
    options = services_of(context).broadcasts.audience_options(update.effective_user.id)
    broadcast_id = broadcast_id_of(query.data)
    await query.answer()
    await query.edit_message_text(
        text("bc_choose_audience", language).format(id=broadcast_id),
        reply_markup=audience_keyboard(broadcast_id, options, language),
    )


async def regions_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the provinces that have officers (bc:reg:<id>, admins)."""
    query, language = update.callback_query, language_of(update, context)
    options = services_of(context).broadcasts.audience_options(update.effective_user.id)
    await query.answer()
    await query.edit_message_text(
        text("bc_choose_province", language),
        reply_markup=(
            broadcast_provinces_keyboard(broadcast_id_of(query.data), options.regions, language)
        ),
    )


async def province_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a province's districts and 'the whole province' (bc:prov:<id>:<token>)."""
    query, language = update.callback_query, language_of(update, context)
    options = services_of(context).broadcasts.audience_options(update.effective_user.id)
    province = region_target(options.regions, "pall", query.data.rsplit(":", 1)[1])
    await query.answer()
    await query.edit_message_text(
        text("bc_choose_district", language).format(province=html.escape(province)),
        reply_markup=broadcast_districts_keyboard(
            broadcast_id_of(query.data), province, options.regions, language
        ),
    )


async def topics_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the topics (bc:tops:<id>)."""
    query, language = update.callback_query, language_of(update, context)
    services_of(context).broadcasts.require_author(update.effective_user.id)
    await query.answer()
    await query.edit_message_text(
        text("bc_choose_topic", language),
        reply_markup=(broadcast_topics_keyboard(broadcast_id_of(query.data), language)),
    )


def region_target(regions: tuple, kind: str, wanted: str) -> str:
    """Find the province ('pall') or 'province / district' ('dist') a button's token names."""
    for region in regions:
        parts = (region.province,) if kind == "pall" else (region.province, region.district)
        if token(*parts) == wanted:
            return " / ".join(parts)
    raise UserError.from_catalogue("broadcast_button_expired")


async def target_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the audience chosen with a button; show the recipient count and Kirim."""
    query, language = update.callback_query, language_of(update, context)
    kind, _, rest = query.data.removeprefix("bc:").partition(":")
    broadcast_id, _, detail = rest.partition(":")
    target = button_target(update, context, kind, detail)
    preview = services_of(context).broadcasts.choose_target(
        update.effective_user.id, int(broadcast_id), target
    )
    await query.answer()
    body, keyboard = render_preview(context, preview, language)
    await query.edit_message_text(body, reply_markup=keyboard)


def button_target(
    update: Update, context: ContextTypes.DEFAULT_TYPE, kind: str, detail: str
) -> str:
    """Turn an audience button into a typed target ('semua', a topic, a region)."""
    if kind == "all":
        return "semua"
    if kind == "top":
        return detail
    options = services_of(context).broadcasts.audience_options(update.effective_user.id)
    return region_target(options.regions, kind, detail)


async def send_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Kirim sekarang' (bc:send) or 'Ya, jadwalkan' (bc:at): start sending (this message then
    shows progress), schedule it, or ask for approval."""
    query = update.callback_query
    services = services_of(context)
    confirmation = services.broadcasts.confirm(
        update.effective_user.id,
        broadcast_id_of(query.data),
        query.message.chat.id,
        query.message.message_id,
        scheduled=query.data.startswith("bc:at:"),
    )
    await query.answer()
    broadcast = confirmation.broadcast
    if confirmation.sending:
        await query.edit_message_text(starting_text(services_of(context), broadcast))
        start_delivery(context.application, broadcast.id)
    elif confirmation.scheduled:
        language = language_of(update, context)
        await query.edit_message_text(scheduled_text(broadcast, services.zone, language))
    else:
        asked = await ask_approvers(context, confirmation)
        await query.edit_message_text(
            text("bc_waiting", language_of(update, context)).format(
                id=confirmation.broadcast.id, count=confirmation.broadcast.recipients, admins=asked
            )
        )


async def ask_approvers(context: ContextTypes.DEFAULT_TYPE, confirmation: Confirmation) -> int:
    """Send each approver the preview with Setujui / Tolak; return how many were reached."""
    reached = 0
    for admin_id in confirmation.approvers:
        language = services_of(context).store.language_of(admin_id) or "id"
        reached += bool(await try_to_ask(context.bot, admin_id, confirmation.broadcast, language))
    return reached


async def try_to_ask(bot: Bot, admin_id: int, broadcast: Broadcast, language: str) -> bool:
    """Send one admin the preview and the approval request; False if the chat refused."""
    role = text(f"role_{broadcast.author_role}", language)
    request = text("bc_approval_request", language).format(
        id=broadcast.id,
        author=broadcast.author_id,
        role=role,
        count=broadcast.recipients,
        audience=audience_label(broadcast.audience, language),
    )
    try:
        await send_copy(bot, admin_id, broadcast)
    except TelegramError as error:
        logger.warning(
            "Could not ask admin %s to approve broadcast #%s: %s", admin_id, broadcast.id, error
        )
        return False
    markup = approval_keyboard(broadcast.id, language)
    return await try_to_send(bot, admin_id, request, reply_markup=markup) is not None


async def approve_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Setujui': another admin lets the broadcast go out (now: the author's message shows
    progress; or at its time: both are told when)."""
    query, language, services = (
        update.callback_query,
        language_of(update, context),
        services_of(context),
    )
    broadcast = services.broadcasts.approve(update.effective_user.id, broadcast_id_of(query.data))
    await query.answer()
    if broadcast.status == SENDING:
        approved, news = (
            text("bc_approved", language).format(id=broadcast.id),
            starting_text(services_of(context), broadcast),
        )
    else:
        approved = scheduled_text(broadcast, services.zone, language)
        news = scheduled_text(broadcast, services.zone, broadcast.language)
    await query.edit_message_text(approved)
    await try_to_edit(context.bot, broadcast.progress_chat_id, broadcast.progress_message_id, news)
    if broadcast.status == SENDING:
        start_delivery(context.application, broadcast.id)


async def reject_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Tolak': an admin stops the broadcast; its author is told."""
    query = update.callback_query
    broadcast = services_of(context).broadcasts.reject(
        update.effective_user.id, broadcast_id_of(query.data)
    )
    await query.answer()
    await query.edit_message_text(
        text("bc_rejected", language_of(update, context)).format(id=broadcast.id)
    )
    await try_to_edit(
        context.bot,
        broadcast.progress_chat_id,
        broadcast.progress_message_id,
        text("bc_rejected", broadcast.language).format(id=broadcast.id),
    )


async def cancel_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Batal': drop the draft."""
    query = update.callback_query
    broadcast = services_of(context).broadcasts.cancel(
        update.effective_user.id, broadcast_id_of(query.data)
    )
    await query.answer()
    await query.edit_message_text(
        text("bc_cancelled", language_of(update, context)).format(id=broadcast.id)
    )
