"""The bot's commands: one table for Telegram's menu and /bantuan, and for the terminal chat."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from bot.messages import text

ITALIC = re.compile(r"</?i>")
TAG = re.compile(r"</?[a-z]+>")
# The answer languages /bahasa offers, with their labels.
LANGUAGES = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English"}


@dataclass(frozen=True, slots=True)
class Command:
    """A command with its Indonesian name and English alias (described by command_<name>)."""

    name: str
    alias: str | None

    @property
    def names(self) -> list[str]:
        """Every name the command answers to."""
        return [self.name] + ([self.alias] if self.alias else [])

    def name_in(self, language: str) -> str:
        """The name to show a user of a language."""
        return self.alias if language == "en" and self.alias else self.name

    def describe(self, language: str) -> str:
        """The description in a language."""
        return text(f"command_{self.name}", language)


COMMANDS = (
    Command("start", None),
    Command("bantuan", "help"),
    Command("topik", "topics"),
    Command("bahasa", "language"),
    Command("langganan", "subscribe"),
    Command("berhenti", "unsubscribe"),
    Command("privasi", "privacy"),
    Command("hapus_data", "delete_my_data"),
    Command("id", None),
    Command("batal", "cancel"),
)
# Shown in /bantuan to officers and admins only; the permission itself is checked in bot/.
STAFF_COMMANDS = (
    Command("lapor", "report"),
    Command("siaran", "broadcast"),
    Command("siaran_terjadwal", "scheduled"),
    Command("laporan", "reports"),
    Command("petugas", "officers"),
    Command("muat_ulang", "reload"),
    Command("belum_terjawab", "unanswered"),
    Command("faq", None),
    Command("statistik", "stats"),
)


def command_named(name: str, commands: Iterable[Command]) -> Command | None:
    """The command answering to a name (either language), or None."""
    name = name.casefold()
    return next((command for command in commands if name in command.names), None)


def command_lines(commands: Iterable[Command], language: str, html: bool = True) -> list[str]:
    """One line per command: its names and what it does."""
    lines = []
    for command in commands:
        names = " = ".join(f"/{name}" for name in command.names)
        description = command.describe(language)
        lines.append(f"{names} — {escape(description) if html else description}")
    return lines


def help_text(language: str, commands: Iterable[Command], html: bool = True) -> str:
    """The /help text: coverage, how to ask, and the commands (HTML, or plain for a terminal)."""
    coverage, how_to_ask = text("coverage", language), text("how_to_ask", language)
    title = text("commands_title", language)
    if html:
        head = [escape(coverage), "", how_to_ask, "", f"<b>{title}</b>"]
    else:
        head = [coverage, "", TAG.sub("", ITALIC.sub('"', how_to_ask)), "", title]
    return "\n".join(head + command_lines(commands, language, html))
