"""Build the python-telegram-bot Application: every handler, in order, in one place."""

from __future__ import annotations

import asyncio
import logging
import secrets

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.answering.flood import FloodGuard
from bot.cli.startup_checks import RedactingFilter
from bot.config import TelegramSettings
from bot.errors import ConfigError
from bot.services import Services
from handlers.access import officers_command
from handlers.answering import (
    AddressedToBot,
    answer_question,
    feedback_button,
    none_matched_button,
    suggestion_button,
)
from handlers.broadcasts import broadcast_handlers, resume_broadcasts
from handlers.browsing import (
    document_button,
    entry_button,
    menu_button,
    topic_button,
    topics_command,
)
from handlers.changes import change_handlers, resume_change_notices, show_previews
from handlers.commands import (
    bot_commands,
    cancel_command,
    help_command,
    language_button,
    language_command,
    start,
    unknown_command,
)
from handlers.curation import curation_handlers, start_notifications
from handlers.editing import faq_handlers
from handlers.errors import error_handler
from handlers.flood import limit_questions
from handlers.identity import id_command
from handlers.inline import inline_query
from handlers.network import QuietTelegramErrors, RetryingRateLimiter, connect, one_line
from handlers.other import stale_button, unsupported_message
from handlers.persistence import SQLitePersistence
from handlers.privacy import delete_data_button, delete_data_command, privacy_command
from handlers.reloading import reload_changed_knowledge, reload_command
from handlers.reports import report_conversation, reports_command
from handlers.scheduling import release_due_broadcasts
from handlers.stats import schedule_daily_summary, stats_command
from handlers.subscriptions import (
    WELCOME_BACK_GROUP,
    subscription_handlers,
    welcome_back_handlers,
)

KNOWLEDGE_CHECK_SECONDS = 5.0
#: How often the bot looks for changed answers to preview (also those a CLI import recorded).
CHANGE_CHECK_SECONDS = 5.0
#: Retries of deleteWebhook/setWebhook once getMe worked (a 400 there will not heal by itself).
BOOTSTRAP_RETRIES = 5
FLOOD_GROUP, FEATURE_GROUP = -1, 0


class PolicyBot(ExtBot):
    """The bot object, whose repr never shows the token (reprs end up in logs and tracebacks)."""

    def __repr__(self) -> str:
        return "PolicyBot[token=[redacted]]"


def build_bot(settings: TelegramSettings, token: str) -> PolicyBot:
    """Create the bot with HTML defaults, flood-wait handling and network retries."""
    urls = {"base_url": settings.base_url} if settings.base_url else {}
    if settings.base_file_url:
        urls["base_file_url"] = settings.base_file_url
    return PolicyBot(
        token,
        defaults=Defaults(parse_mode=ParseMode.HTML),
        rate_limiter=RetryingRateLimiter(max_retries=3),
        **urls,
    )


def build_application(services: Services, token: str) -> Application:
    """Wire the domain services into a ready-to-run Application."""
    settings = services.config.telegram
    application = (
        Application.builder()
        .bot(build_bot(settings, token))
        .persistence(SQLitePersistence(services.store.db))
        .post_init(post_init)
        .build()
    )
    application.bot_data.update(
        services=services,
        flood_guard=FloodGuard(settings.questions_per_minute),
        admin_chat_id=settings.admin_chat_id,
    )
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    """Register every handler. Order matters: the first matching handler in a group wins."""
    questions = filters.TEXT & ~filters.COMMAND
    private, addressed = filters.ChatType.PRIVATE, filters.ChatType.GROUPS & AddressedToBot()
    # Group -1 guards: flood control stops a user's extra questions before any feature sees them.
    application.add_handler(
        MessageHandler(questions & (private | addressed), limit_questions), FLOOD_GROUP
    )
    # Group -2: a user who had blocked the bot is welcomed back on /start (once, instead of the
    # usual greeting: it stops the update).
    application.add_handlers(welcome_back_handlers(), WELCOME_BACK_GROUP)
    application.add_handlers(
        [
            # Conversations first: an officer halfway through /lapor answers the report's questions.
            report_conversation(),
            *broadcast_handlers(),  # the /siaran conversation and its bc:* buttons
            *subscription_handlers(),  # /langganan, /berhenti, sub:* buttons, my_chat_member
            CommandHandler(["laporan", "reports"], reports_command),
            CommandHandler(["petugas", "officers"], officers_command),
            CommandHandler(["muat_ulang", "reload"], reload_command),
            *faq_handlers(),
            *curation_handlers(),  # /belum_terjawab, its u*: buttons, nq:off
            *change_handlers(),  # chg:send / chg:skip under a changed answer's preview
            CommandHandler(["statistik", "stats"], stats_command),
            CommandHandler("start", start),
            CommandHandler(["bantuan", "help"], help_command),
            CommandHandler(["topik", "topics"], topics_command),
            CommandHandler(["bahasa", "language"], language_command),
            CommandHandler(["privasi", "privacy"], privacy_command),
            CommandHandler(["hapus_data", "delete_my_data"], delete_data_command),
            CommandHandler("id", id_command),
            CommandHandler(["batal", "cancel"], cancel_command),
            # Buttons: callback data is checked strictly; anything else is a stale button.
            CallbackQueryHandler(suggestion_button, pattern=r"^ans:\d+:[\w-]+$"),
            CallbackQueryHandler(feedback_button, pattern=r"^fb:\d+:[01]$"),
            CallbackQueryHandler(none_matched_button, pattern=r"^none:\d+$"),
            CallbackQueryHandler(language_button, pattern=r"^lang:(id|en)$"),
            CallbackQueryHandler(menu_button, pattern=r"^menu$"),
            CallbackQueryHandler(document_button, pattern=r"^doc:([\w-]+|\*)$"),
            CallbackQueryHandler(topic_button, pattern=r"^top:([\w-]+|\*):[\w-]+$"),
            CallbackQueryHandler(entry_button, pattern=r"^ent:([\w-]+|\*):[\w-]+$"),
            CallbackQueryHandler(delete_data_button, pattern=r"^del:(yes|no)$"),
            CallbackQueryHandler(stale_button),
            InlineQueryHandler(inline_query),
            # Questions: every text in a private chat; in groups only when addressed to the bot.
            MessageHandler(questions & (private | addressed), answer_question),
            MessageHandler(filters.COMMAND & private, unknown_command),
            MessageHandler(
                private & ~filters.TEXT & filters.UpdateType.MESSAGE, unsupported_message
            ),
        ],
        FEATURE_GROUP,
    )
    application.add_error_handler(error_handler)


async def post_init(application: Application) -> None:
    """Register the command menus (Indonesian, and English for English-language users)."""
    await application.bot.set_my_commands(bot_commands("id"))
    await application.bot.set_my_commands(bot_commands("en"), language_code="en")
    services: Services = application.bot_data["services"]
    if services.config.knowledge.watch and application.job_queue:
        application.job_queue.run_repeating(
            reload_changed_knowledge, interval=KNOWLEDGE_CHECK_SECONDS, name="knowledge-watch"
        )
    if application.job_queue:
        # Jobs start once the application runs: background work resumes from the database.
        application.job_queue.run_once(resume_notifications, when=1, name="resume-notifications")
        application.job_queue.run_repeating(
            release_due_broadcasts,
            interval=services.config.broadcasts.schedule_check_seconds,
            first=0.5,
            name="broadcast-schedule",
        )
        application.job_queue.run_once(resume_change_notices, when=1, name="resume-changes")
        application.job_queue.run_repeating(
            show_previews, interval=CHANGE_CHECK_SECONDS, first=1, name="answer-changes"
        )
        schedule_daily_summary(application)
    await resume_broadcasts(application)


async def resume_notifications(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send answer notifications left pending by a restart."""
    start_notifications(context.application)


def run(services: Services, token: str) -> None:
    """Run the bot until SIGINT/SIGTERM: long polling, or a webhook when configured.

    Start-up waits (with backoff, one log line per attempt) until the Bot API is reachable; a
    token Telegram rejects is a ConfigError. A webhook always has a secret: the configured one,
    or a random one made for this run (never logged).
    """
    application = build_application(services, token)
    webhook = services.config.telegram.webhook
    secret = webhook.secret_token or (webhook_secret() if webhook.url else "")
    quiet_telegram_logs(secret)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        if not loop.run_until_complete(connect(application)):
            return  # stopped by a signal while waiting for the Bot API
        if webhook.url:
            application.run_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.path,
                webhook_url=webhook.url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
            )
        else:
            application.run_polling(
                allowed_updates=Update.ALL_TYPES, bootstrap_retries=BOOTSTRAP_RETRIES
            )
    except InvalidToken as error:
        raise ConfigError(
            f"Telegram rejected the bot token (getMe: {rejection(error, token)}): set "
            "POLICYBOT_TOKEN (or telegram.token) to the bot's current token from @BotFather"
        ) from None
    except TelegramError as error:
        raise ConfigError(
            f"the Bot API refused to start the bot: {one_line(error.message)}"
        ) from error
    finally:
        if not loop.is_closed():
            loop.close()


def rejection(error: InvalidToken, token: str) -> str:
    """Telegram's answer to getMe ("Unauthorized", "Not Found"); PTB's own text has the token."""
    answer = error.__cause__ if isinstance(error.__cause__, InvalidToken) else error
    text = one_line(answer.message)
    return "Unauthorized" if token in text or len(text) > 60 else text


def webhook_secret() -> str:
    """A random secret for setWebhook: 43 characters of A-Z a-z 0-9 _ - (256 bits)."""
    return secrets.token_urlsafe(32)


def quiet_telegram_logs(secret: str) -> None:
    """One line instead of PTB's tracebacks for Bot API errors; keep the webhook secret out."""
    for handler in logging.getLogger().handlers:
        # First, so the redacting filters added by configure_logging see the final text.
        handler.filters.insert(0, QuietTelegramErrors())
        if secret:
            handler.addFilter(RedactingFilter(secret, "[webhook secret]"))
