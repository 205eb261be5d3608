"""`policybot chat`: a terminal conversation using the same domain calls as Telegram."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from bot.answering import Answer, Asker
from bot.errors import UserError
from bot.messages import text
from bot.presenting import plain_reply
from bot.services import Services

QUIT_WORDS = {"/keluar", "/quit", "/exit", "keluar", "quit", "exit"}
LANGUAGE_COMMANDS = {"/bahasa", "/language"}


class TerminalChat:
    """A read-answer loop; numbers pick a suggestion from the previous reply."""

    def __init__(self, services: Services, out: TextIO, language: str | None = None) -> None:
        self.services = services
        self.out = out
        self.language = language
        self.last: Answer | None = None

    def say(self, message: str) -> None:
        """Print a reply followed by a blank line."""
        print(f"{message}\n", file=self.out, flush=True)

    def run(self, lines: Iterable[str]) -> None:
        """Answer each line until end of input or a quit word."""
        self.say(text("chat_welcome", self.language or "id"))
        self.prompt()
        for line in lines:
            if line.strip().casefold() in QUIT_WORDS:
                break
            self.handle(line.strip())
            self.prompt()
        self.say("\n" + text("chat_bye", self.language or "id"))

    def prompt(self) -> None:
        """Show the input prompt."""
        print("Anda> " if self.language != "en" else "You> ", end="", file=self.out, flush=True)

    def handle(self, line: str) -> None:
        """Handle one line: a language switch, a suggestion number, or a question."""
        words = line.split()
        if not words:
            return
        if words[0].casefold() in LANGUAGE_COMMANDS:
            self.switch_language(words[1:])
        elif line.isdigit() and self.last and self.last.suggestions:
            self.pick(int(line))
        else:
            self.ask(line)

    def switch_language(self, arguments: list[str]) -> None:
        """Switch the answer language (id or en)."""
        choice = arguments[0].casefold() if arguments else ""
        self.language = choice if choice in ("id", "en") else (
            "en" if self.language != "en" else "id")
        self.say(text("language_set", self.language))

    def pick(self, number: int) -> None:
        """Answer with suggestion number `number` of the previous reply."""
        assert self.last is not None
        if not 1 <= number <= len(self.last.suggestions):
            self.say(text("pick_range", self.last.language))
            return
        suggestion = self.last.suggestions[number - 1]
        answer = self.services.answerer.entry_answer(suggestion.entry_id, self.last.language)
        self.say(plain_reply(answer))

    def ask(self, question: str) -> None:
        """Answer a free-text question."""
        try:
            answer = self.services.answerer.answer(question, Asker("cli", language=self.language))
        except UserError as error:
            self.say(error.message(self.language or "id"))
            return
        self.last = answer
        self.say(plain_reply(answer))
