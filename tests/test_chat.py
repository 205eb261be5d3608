"""`policybot chat` in process: the Telegram commands in the terminal, and numbered choices."""

import io

import pytest

from bot.cli.chat import TERMINAL_COMMANDS, TerminalChat
from bot.commands import COMMANDS, help_text
from bot.messages import text


def chat(services, *lines: str, language=None) -> str:
    out = io.StringIO()
    TerminalChat(services, out, language=language).run(line + "\n" for line in lines)
    return out.getvalue()


def logged(services) -> tuple[int, int]:
    """How many questions and unanswered rows were stored."""
    db = services.store.db
    return db.table("questions").count, db.table("unanswered").count


@pytest.mark.parametrize("command", ["/bantuan", "/help", "/HELP", "/help@policybot"])
def test_help_is_the_telegram_help_as_plain_text(services, command):
    out = chat(services, command)
    assert help_text("id", TERMINAL_COMMANDS, html=False) in out
    assert text("coverage", "id") in out and "<i>" not in out and "<b>" not in out
    assert "/topik = /topics" in out and "/keluar = /quit" in out
    assert logged(services) == (0, 0)


def test_start_greets_and_explains(services):
    out = chat(services, "/start")
    assert "Selamat datang di policybot" in out and "/bantuan = /help" in out


def test_topics_menu_documents_topics_entries_answer_and_back(services):
    out = chat(services, "/topics", "1", "1", "1", "0", "0", "0")
    assert text("choose_document", "id") in out
    assert text("button_all_topics", "id") in out
    assert text("choose_topic", "id") in out and text("choose_entry", "id") in out
    assert "Sumber:" in out  # the chosen entry's answer, with its source
    assert out.count(text("choose_document", "id")) == 2  # back, back, back: the documents
    assert logged(services) == (0, 0)  # browsing asks nothing


def test_start_deep_link_opens_a_topic(services):
    out = chat(services, "/start topik_iomki", "1")
    assert "IOMKI" in out and text("choose_entry", "id") in out and "Sumber:" in out


def test_language_command_with_and_without_argument(services):
    out = chat(services, "/language", "2", "/bahasa id", "/bahasa en")
    assert text("choose_language", "id") in out
    assert "  2. 🇬🇧 English" in out
    assert out.count("Language set to English.") == 2
    assert "Bahasa diganti ke Bahasa Indonesia." in out


def test_cancel_closes_open_choices(services):
    out = chat(services, "/batal", "/topik", "/cancel", "1")
    assert text("nothing_to_cancel", "id") in out and text("cancelled", "id") in out
    assert logged(services) == (1, 1)  # after /cancel, "1" is a question again


@pytest.mark.parametrize("command", ["/langganan", "/privacy", "/hapus_data", "/siaran semua: x"])
def test_telegram_only_commands_say_so(services, command):
    out = chat(services, command)
    name = command[1:].split()[0]
    assert f"Perintah /{name} hanya tersedia di Telegram." in out
    assert "/bantuan = /help" in out
    assert logged(services) == (0, 0)


@pytest.mark.parametrize("line", ["/foo", "/", "/ iomki", "/iomki cara ngurus"])
def test_unknown_commands_list_the_commands_and_are_never_questions(services, line):
    out = chat(services, line, language="en")
    assert text("unknown_command", "en") in out
    assert all(f"/{c.name}" in out for c in TERMINAL_COMMANDS)
    assert "Source:" not in out and "Did you mean" not in out
    assert logged(services) == (0, 0)


def test_every_terminal_command_is_a_telegram_command_or_quit():
    telegram = {name for command in COMMANDS for name in command.names}
    for command in TERMINAL_COMMANDS:
        assert set(command.names) <= telegram or command.name == "keluar"


def test_keyboard_interrupt_leaves_quietly(services):
    def lines():
        yield "/help\n"
        raise KeyboardInterrupt

    out = io.StringIO()
    TerminalChat(services, out).run(lines())
    assert out.getvalue().rstrip().endswith(text("chat_bye", "id"))


def test_terminal_chat_reads_follow_ups_small_talk_and_two_questions(services):
    out = chat(
        services,
        "halo min",
        "sanksi tidak lapor IOMKI 3 periode apa?",
        "kalo menurut SE 3/2021 gmn?",
        "Pekerja wajib pakai masker dari mana? Terus jarak minimal berapa meter?",
    )
    assert text("small_talk", "id") in out
    assert "pencabutan IOMKI" in out
    assert "1. " in out and "[se3-2021-sanksi]" in out.split("1. ")[1].splitlines()[0]
    assert out.count("Sumber: SE Menperin 4/2020") >= 2
