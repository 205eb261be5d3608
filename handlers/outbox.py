"""Send broadcasts through Telegram: the sender, the worker task, progress edits and resume."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable
from typing import Any

import httpx
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes, ExtBot

from bot.broadcasts.announcements import Broadcast, Send
from bot.outbox.sending import DeliveryOutcome, Progress, ProgressReport
from bot.services import Services
from handlers.broadcast_rendering import broadcast_html, final_text, progress_text, quiet_label
from handlers.network import DIRECT

logger = logging.getLogger(__name__)

WORKERS = "broadcast_workers"
# The request surely never reached Telegram: nothing was sent, so sending again is safe.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retry_after_seconds(error: RetryAfter) -> float:
    """Return Telegram's retry_after in seconds (a timedelta or an int, by PTB setting)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def network_outcome(error: NetworkError) -> DeliveryOutcome:
    """Retry only what surely did not reach Telegram; anything else is reported unknown."""
    cause = error.__cause__
    if isinstance(cause, NOT_SENT):
        return DeliveryOutcome.retry(f"{type(cause).__name__}: {error.message}")
    if cause is None or isinstance(cause, TelegramError):  # an HTTP answer such as 502
        return DeliveryOutcome.retry(error.message)
    return DeliveryOutcome.unknown(f"{type(cause).__name__}: {error.message}")


def send_options(bot: Bot, paid: bool) -> dict[str, Any]:
    """Bypass the bot's rate limiter (the worker paces itself); add allow_paid_broadcast."""
    options: dict[str, Any] = {"allow_paid_broadcast": True} if paid else {}
    if isinstance(bot, ExtBot) and bot.rate_limiter:
        options["rate_limit_args"] = DIRECT
    return options


async def send_copy(bot: Bot, chat_id: int, broadcast: Broadcast, **options: Any) -> None:
    """Send one copy of a broadcast (text, photo or document) to a chat."""
    body, file_id = broadcast_html(broadcast), broadcast.content.media_file_id
    if broadcast.content.media_kind == "photo":
        await bot.send_photo(chat_id, file_id, caption=body, **options)
    elif broadcast.content.media_kind == "document":
        await bot.send_document(chat_id, file_id, caption=body, **options)
    else:
        await bot.send_message(chat_id, body, **options)


def telegram_sender(bot: Bot, paid: bool = False) -> Send:
    """Return a `send` for the delivery worker that maps Telegram errors to outcomes."""

    async def send(chat_id: int, broadcast: Broadcast) -> DeliveryOutcome:
        """Send one copy; say what happened."""
        return await delivery_outcome(
            send_copy(bot, chat_id, broadcast, **send_options(bot, paid))
        )

    return send


async def try_to_edit(bot: Bot, chat_id: int | None, message_id: int | None, html: str) -> bool:
    """Edit a progress message; a missing or unchanged message is not an error."""
    if not chat_id or not message_id:
        return False
    try:
        await bot.edit_message_text(html, chat_id=chat_id, message_id=message_id)
    except TelegramError as error:
        logger.debug("Could not edit progress message %s/%s: %s", chat_id, message_id, error)
        return False
    return True


async def try_to_send(bot: Bot, chat_id: int | None, html: str, **kwargs: Any) -> Any:
    """Send a message; return it, or None if Telegram refused (e.g. the chat blocked us)."""
    if not chat_id:
        return None
    try:
        return await bot.send_message(chat_id, html, **kwargs)
    except TelegramError as error:
        logger.warning("Could not send to chat %s: %s", chat_id, error)
        return None


def progress_reporter(bot: Bot, broadcast: Broadcast, quiet: str = "") -> ProgressReport:
    """Return a progress callback that edits the author's confirmation message (`quiet` names
    the quiet hours, shown while they pause the sending)."""

    async def report(progress: Progress) -> None:
        """Show the counts, rate and ETA in the author's message."""
        await try_to_edit(
            bot,
            broadcast.progress_chat_id,
            broadcast.progress_message_id,
            progress_text(broadcast, progress, quiet),
        )

    return report


async def run_delivery(application: Application, broadcast_id: int) -> None:
    """Deliver a broadcast until done (or until the bot stops), then report to its author."""
    services: Services = application.bot_data["services"]
    broadcast = services.broadcasts.get(broadcast_id)
    paid = services.config.broadcasts.allow_paid_broadcast
    quiet = quiet_label(
        services.broadcasts.quiet_hours, services.zone, services.clock(), broadcast.language
    )
    try:
        progress = await services.broadcasts.deliver(
            broadcast_id,
            telegram_sender(application.bot, paid),
            report=progress_reporter(application.bot, broadcast, quiet),
            stopping=lambda: not application.running,
        )
    finally:
        application.bot_data.get(WORKERS, set()).discard(broadcast_id)
    if progress.finished:
        await report_finished(application.bot, broadcast, progress)


async def report_finished(bot: Bot, broadcast: Broadcast, progress: Progress) -> None:
    """Show the final counts in the progress message and send the author a summary."""
    await progress_reporter(bot, broadcast)(progress)
    await try_to_send(
        bot,
        broadcast.progress_chat_id,
        final_text(broadcast, progress),
        reply_to_message_id=broadcast.progress_message_id,
    )


def start_delivery(application: Application, broadcast_id: int) -> bool:
    """Start the delivery worker of a broadcast unless one is already running."""
    workers: set[int] = application.bot_data.setdefault(WORKERS, set())
    if broadcast_id in workers:
        return False
    workers.add(broadcast_id)
    application.create_task(
        run_delivery(application, broadcast_id), name=f"broadcast-{broadcast_id}"
    )
    return True


def start_unfinished(application: Application) -> list[int]:
    """Start a worker for every broadcast left sending (e.g. by a crash); return their ids."""
    services: Services = application.bot_data["services"]
    started = [b.id for b in services.broadcasts.unfinished() if start_delivery(application, b.id)]
    if started:
        logger.info("Resuming broadcasts %s", ", ".join(f"#{i}" for i in started))
    return started


async def resume_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Resume unfinished broadcasts once the application runs."""
    start_unfinished(context.application)


async def resume_broadcasts(application: Application) -> None:
    """Resume unfinished broadcasts: at once if running, else (from post_init) once started."""
    if application.running:
        start_unfinished(application)
    elif application.job_queue is not None:
        application.job_queue.run_once(resume_job, when=0, name="broadcast-resume")
    else:
        logger.warning("No job queue: unfinished broadcasts are not resumed")


async def delivery_outcome(request: Awaitable[Any]) -> DeliveryOutcome:
    """Await one Bot API send and map Telegram's answer to a DeliveryOutcome."""
    try:
        await request
    except RetryAfter as error:
        return DeliveryOutcome.flood_wait(retry_after_seconds(error))
    except Forbidden as error:
        return DeliveryOutcome.blocked(error.message)
    except BadRequest as error:
        return DeliveryOutcome.failed(error.message)
    except NetworkError as error:
        return network_outcome(error)
    except TelegramError as error:
        return DeliveryOutcome.failed(f"{type(error).__name__}: {error.message}")
    return DeliveryOutcome.sent()
