"""policybot with the subscription and broadcast handlers wired in, for tests.

`wire(application)` registers the handlers the way handlers/application.py is meant to: first in
group 0 (before /batal, the questions and the catch-all buttons), plus the welcome-back /start.
`python -m tests.broadcast_bot CONFIG` runs that bot with long polling (the SIGKILL test).
"""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import Application

from bot.config import load_config
from bot.runtime import checked_token, configure_logging
from bot.services import build_services
from handlers.application import build_application, post_init
from handlers.broadcasts import broadcast_handlers, resume_broadcasts
from handlers.subscriptions import (
    WELCOME_BACK_GROUP,
    subscription_handlers,
    welcome_back_handlers,
)


def wire(application: Application) -> None:
    """Register subscriptions and broadcasts ahead of the other feature handlers."""
    features = application.handlers[0]
    application.handlers[0] = [*subscription_handlers(), *broadcast_handlers(), *features]
    application.add_handlers(welcome_back_handlers(), WELCOME_BACK_GROUP)


async def start_up(application: Application) -> None:
    """post_init: the usual command menus, then resume unfinished broadcasts."""
    await post_init(application)
    await resume_broadcasts(application)


def main(config_path: str) -> None:
    """Run the wired bot until SIGINT/SIGTERM (or SIGKILL)."""
    config = load_config(config_path)
    token = checked_token(config)
    configure_logging(token)
    application = build_application(build_services(config), token)
    wire(application)
    application.post_init = start_up
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main(sys.argv[1])
