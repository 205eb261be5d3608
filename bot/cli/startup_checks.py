"""Checks shared by `policybot run` and `policybot doctor`: token, logging, database."""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

from bot.config import TOKEN_VARIABLE, Config
from bot.errors import ConfigError, StorageError
from bot.storage.store import create_parent_folder, open_database, storage_problem

TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def checked_token(config: Config) -> str:
    """Return the bot token, or raise ConfigError with one clear sentence."""
    token = config.telegram.token.strip()
    if not token:
        raise ConfigError(
            f"no bot token: set the {TOKEN_VARIABLE} environment variable "
            "(or telegram.token in the config file)"
        )
    if not TOKEN_PATTERN.match(token):
        raise ConfigError(
            "the bot token looks malformed: expected digits, a colon and 30+ letters "
            "(as given by @BotFather)"
        )
    return token


class RedactingFilter(logging.Filter):
    """Replaces a secret in every log record's message and arguments."""

    def __init__(self, secret: str, label: str = "[token]") -> None:
        super().__init__()
        self.secret = secret
        self.label = label

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drop it."""
        if self.secret:
            try:
                # Formatting first also catches the secret inside dicts (PTB logs request data).
                message = record.getMessage()
            except Exception:  # a malformed record: redact what can be redacted
                message = None
            if message is not None and self.secret in message:
                record.msg, record.args = message.replace(self.secret, self.label), None
            record.msg = str(record.msg).replace(self.secret, self.label)
            if record.args:
                record.args = tuple(
                    str(arg).replace(self.secret, self.label) if isinstance(arg, str) else arg
                    for arg in (record.args if isinstance(record.args, tuple) else (record.args,))
                )
        return True


def configure_logging(token: str, level: int = logging.INFO) -> None:
    """Log to stderr; keep the token out of every line (httpx logs URLs that contain it)."""
    logging.basicConfig(format=LOG_FORMAT, level=level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter(token))


def check_database_writable(path: Path) -> bool:
    """Open the database as the bot does (creating a missing folder) and write inside a
    rolled-back transaction; raise StorageError naming the path on failure.

    Return whether the database's folder had to be created.
    """
    if str(path) == ":memory:":
        return False
    created = create_parent_folder(path)
    connection = open_database(path).conn
    try:
        connection.execute("begin immediate")
        connection.execute("create table if not exists _doctor_check (x)")
        connection.rollback()
    except sqlite3.Error as error:
        raise StorageError(storage_problem(path, str(error))) from None
    finally:
        connection.close()
    return created


def backup_database(source: Path, destination: Path) -> None:
    """Copy a live SQLite database consistently with SQLite's online backup API."""
    if destination.exists():
        raise ConfigError(f"{destination} already exists; choose a new file name")
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(destination)
    try:
        with target_db:
            source_db.backup(target_db)
    finally:
        source_db.close()
        target_db.close()
