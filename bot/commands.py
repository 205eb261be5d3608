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
    """A command with its Indonesian name, English alias and descriptions."""

    name: str
    alias: str | None
    description: str
    description_en: str

    @property
    def names(self) -> list[str]:
        """Every name the command answers to."""
        return [self.name] + ([self.alias] if self.alias else [])

    def name_in(self, language: str) -> str:
        """The name to show a user of a language."""
        return self.alias if language == "en" and self.alias else self.name

    def describe(self, language: str) -> str:
        """The description in a language."""
        return self.description_en if language == "en" else self.description


COMMANDS = (
    Command(
        "start",
        None,
        "Mulai dan lihat apa yang bisa saya jawab",
        "Start and see what I can answer",
    ),
    Command("bantuan", "help", "Cara memakai bot ini", "How to use this bot"),
    Command("topik", "topics", "Jelajahi dokumen dan topik", "Browse documents and topics"),
    Command(
        "bahasa",
        "language",
        "Ganti bahasa jawaban (Indonesia/English)",
        "Switch the answer language (Indonesian/English)",
    ),
    Command(
        "langganan",
        "subscribe",
        "Berlangganan pengumuman (bisa per wilayah/topik)",
        "Subscribe to announcements (by region or topic if you like)",
    ),
    Command("berhenti", "unsubscribe", "Berhenti berlangganan pengumuman", "Stop announcements"),
    Command(
        "privasi",
        "privacy",
        "Data apa yang kami simpan dan mengapa",
        "What we store about you and why",
    ),
    Command(
        "hapus_data", "delete_my_data", "Hapus data Anda yang tersimpan", "Delete your stored data"
    ),
    Command(
        "id",
        None,
        "Lihat ID Telegram Anda dan ID obrolan ini",
        "Show your Telegram user id and this chat's id",
    ),
    Command("batal", "cancel", "Batalkan langkah yang sedang berjalan", "Cancel the current step"),
)
# Shown in /bantuan to officers and admins only; the permission itself is checked in bot/.
STAFF_COMMANDS = (
    Command(
        "lapor",
        "report",
        "Petugas: laporan status perusahaan (atau format singkat)",
        "Officers: file a company status report (or the one-line form)",
    ),
    Command(
        "siaran",
        "broadcast",
        "Petugas/admin: kirim siaran ke pelanggan",
        "Officers/admins: send a broadcast to subscribers",
    ),
    Command(
        "laporan",
        "reports",
        "Laporan Anda; admin: ringkasan, /laporan ekspor",
        "Your reports; admins: summary, /reports export",
    ),
    Command(
        "petugas",
        "officers",
        "Admin: daftar, tambah, hapus petugas",
        "Admins: list, add, remove officers",
    ),
    Command(
        "muat_ulang",
        "reload",
        "Admin: muat ulang basis pengetahuan dari disk",
        "Admins: reload the knowledge base from disk",
    ),
    Command(
        "belum_terjawab",
        "unanswered",
        "Admin: tinjau pertanyaan yang belum terjawab",
        "Admins: review unanswered questions",
    ),
    Command(
        "faq",
        None,
        "Admin: cari, lihat, tambah, ubah, hapus entri",
        "Admins: search, view, add, edit, delete entries",
    ),
    Command(
        "statistik",
        "stats",
        "Admin: statistik pertanyaan, jawaban dan laporan",
        "Admins: statistics on questions, answers and reports",
    ),
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
