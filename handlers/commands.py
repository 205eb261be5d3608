"""/start, /bantuan, /bahasa, /batal and the command table that /help and the menu share."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.messages import text
from bot.roles import Role
from handlers.context import language_of, services_of
from handlers.topics import show_topic_from_link


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


COMMANDS = (
    Command("start", None, "Mulai dan lihat apa yang bisa saya jawab",
            "Start and see what I can answer"),
    Command("bantuan", "help", "Cara memakai bot ini", "How to use this bot"),
    Command("topik", "topics", "Jelajahi dokumen dan topik", "Browse documents and topics"),
    Command("bahasa", "language", "Ganti bahasa jawaban (Indonesia/English)",
            "Switch the answer language (Indonesian/English)"),
    Command("langganan", "subscribe", "Berlangganan pengumuman (bisa per wilayah/topik)",
            "Subscribe to announcements (by region or topic if you like)"),
    Command("berhenti", "unsubscribe", "Berhenti berlangganan pengumuman", "Stop announcements"),
    Command("privasi", "privacy", "Data apa yang kami simpan dan mengapa",
            "What we store about you and why"),
    Command("hapus_data", "delete_my_data", "Hapus data Anda yang tersimpan",
            "Delete your stored data"),
    Command("batal", "cancel", "Batalkan langkah yang sedang berjalan", "Cancel the current step"),
)
# Shown in /bantuan to officers and admins only; the permission itself is checked in bot/.
STAFF_COMMANDS = (
    Command("lapor", "report", "Petugas: laporan status perusahaan (atau format singkat)",
            "Officers: file a company status report (or the one-line form)"),
    Command("siaran", "broadcast", "Petugas/admin: kirim siaran ke pelanggan",
            "Officers/admins: send a broadcast to subscribers"),
    Command("laporan", "reports", "Laporan Anda; admin: ringkasan, /laporan ekspor",
            "Your reports; admins: summary, /reports export"),
    Command("petugas", "officers", "Admin: daftar, tambah, hapus petugas",
            "Admins: list, add, remove officers"),
    Command("muat_ulang", "reload", "Admin: muat ulang basis pengetahuan dari disk",
            "Admins: reload the knowledge base from disk"),
    Command("belum_terjawab", "unanswered", "Admin: tinjau pertanyaan yang belum terjawab",
            "Admins: review unanswered questions"),
    Command("faq", None, "Admin: cari, lihat, tambah, ubah, hapus entri",
            "Admins: search, view, add, edit, delete entries"),
    Command("statistik", "stats", "Admin: statistik pertanyaan, jawaban dan laporan",
            "Admins: statistics on questions, answers and reports"),
)


def bot_commands(language: str) -> list[BotCommand]:
    """The command menu Telegram shows, in a language."""
    return [BotCommand(c.name_in(language), c.description_en if language == "en"
                       else c.description) for c in COMMANDS]


def help_text(language: str, staff: bool = False) -> str:
    """The /help text: coverage, how to ask, and the commands (staff commands for staff)."""
    lines = [escape(text("coverage", language)), "", text("how_to_ask", language), "",
             f"<b>{text('commands_title', language)}</b>"]
    for command in COMMANDS + (STAFF_COMMANDS if staff else ()):
        description = command.description_en if language == "en" else command.description
        names = " = ".join(f"/{name}" for name in command.names)
        lines.append(f"{names} — {escape(description)}")
    return "\n".join(lines)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user, or open a topic from a deep link such as /start topik_iomki."""
    if context.args and context.args[0].startswith("topik_"):
        await show_topic_from_link(update, context, context.args[0].removeprefix("topik_"))
        return
    language = language_of(update, context)
    name = escape(update.effective_user.first_name if update.effective_user else "")
    greeting = text("welcome", language).format(name=name)
    await update.effective_message.reply_html(f"{greeting}\n\n{help_text(language)}")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot covers and list the commands."""
    role = services_of(context).roles.role_of(update.effective_user.id)
    await update.effective_message.reply_html(
        help_text(language_of(update, context), staff=role is not Role.USER))


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer Indonesian and English; /bahasa en or /language id switch at once."""
    choice = context.args[0].casefold() if context.args else ""
    if choice in ("id", "en"):
        await set_language(update, context, choice)
        return
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("🇮🇩 Bahasa Indonesia", callback_data="lang:id"),
        InlineKeyboardButton("🇬🇧 English", callback_data="lang:en"),
    ]])
    await update.effective_message.reply_text(
        text("choose_language", language_of(update, context)), reply_markup=keyboard
    )


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Switch the language chosen with a button."""
    await update.callback_query.answer()
    await set_language(update, context, update.callback_query.data.removeprefix("lang:"))


async def set_language(update: Update, context: ContextTypes.DEFAULT_TYPE, language: str) -> None:
    """Remember the user's language and confirm in it."""
    services = services_of(context)
    services.store.set_language(update.effective_user.id, language, services.answerer.clock())
    await update.effective_message.reply_text(text("language_set", language))


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say there is nothing to cancel (conversations handle /batal themselves)."""
    language = language_of(update, context)
    await update.effective_message.reply_text(text("nothing_to_cancel", language))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point the user to /bantuan for a command the bot does not know."""
    language = language_of(update, context)
    await update.effective_message.reply_text(text("unknown_command", language))
