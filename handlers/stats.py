"""/statistik (= /stats) for admins, and the daily summary to the admin chat."""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.access.roles import CLI_ACTOR
from bot.curation.stats import collect_stats, next_daily_summary, render_stats_text
from bot.services import Services
from handlers.context import language_of, services_of
from handlers.reloading import tell_admin_chat
from handlers.rendering import split_message

logger = logging.getLogger(__name__)


def stats_html(services: Services, user_id: int, language: str) -> list[str]:
    """The statistics as escaped, preformatted message parts."""
    stats = collect_stats(
        services.store.db,
        services.holder,
        services.roles,
        user_id,
        services.clock(),
        services.config.knowledge.stale_after_days,
        services.zone,
    )
    return [
        f"<pre>{escape(part)}</pre>"
        for part in split_message(render_stats_text(stats, language), limit=4000)
    ]


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the statistics (admins)."""
    parts = stats_html(
        services_of(context), update.effective_user.id, language_of(update, context)
    )
    for part in parts:
        await update.effective_message.reply_html(part)


async def daily_summary(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the statistics to the admin chat, then schedule tomorrow's."""
    services = services_of(context)
    try:
        for part in stats_html(services, CLI_ACTOR, "id"):
            await tell_admin_chat(context, part)
    finally:
        schedule_daily_summary(context.application)


def schedule_daily_summary(application: Application) -> None:
    """Queue the next daily summary (stats.daily_summary_time, in reports.timezone)."""
    services: Services = application.bot_data["services"]
    settings = services.config.stats
    if not settings.daily_summary_time or not services.config.telegram.admin_chat_id:
        return
    now = services.clock()
    when = next_daily_summary(now, settings.daily_summary_time, services.zone)
    # A delay, not an absolute time: the job queue runs on the machine's clock, the domain on the
    # injected one, and only the distance between "now" and "when" means the same to both.
    application.job_queue.run_once(daily_summary, when=when - now, name="daily-summary")
    logger.info("Next daily summary at %s", when.isoformat())
