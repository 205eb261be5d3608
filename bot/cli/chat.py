"""`policybot chat`: a terminal conversation using the same domain calls as Telegram.

Telegram's commands work here too (/bantuan, /topik, /bahasa, /start, /batal; the ones that
need a Telegram account, such as /langganan, say so). Its buttons become numbered choices: type
the number, or 0 for ⬅️ Kembali. A line starting with "/" is always a command, never a question.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from functools import partial
from typing import TextIO

from bot.answering.answerer import Answer, Asker, title_question
from bot.answering.browsing import TopicGroup, documents, topic_entries, topics_of
from bot.answering.reply_parts import plain_reply
from bot.commands import COMMANDS, LANGUAGES, STAFF_COMMANDS, Command, command_lines, help_text
from bot.commands import command_named as find_command
from bot.errors import UserError
from bot.knowledge.base import TOPICS
from bot.messages import text
from bot.services import Services

QUIT_WORDS = {"/keluar", "/quit", "/exit", "keluar", "quit", "exit"}
QUIT = Command("keluar", "quit")
# The Telegram commands that make sense without a Telegram account, and the way out.
TERMINAL_COMMANDS = (
    *(c for c in COMMANDS if c.name in {"start", "bantuan", "topik", "bahasa", "batal"}),
    QUIT,
)
Choice = Callable[[], None]


class TerminalChat:
    """A read-answer loop; numbers pick from the choices the previous reply offered."""

    def __init__(self, services: Services, out: TextIO, language: str | None = None) -> None:
        self.services = services
        self.out = out
        self.language = language
        self.choices: list[Choice] = []  # what typing 1, 2, … picks
        self.back: Choice | None = None  # what typing 0 picks
        self.handlers: dict[str, Callable[[list[str]], None]] = {
            "start": self.start,
            "bantuan": self.help,
            "topik": self.topics,
            "bahasa": self.choose_language,
            "batal": self.cancel,
        }

    @property
    def ui_language(self) -> str:
        """The language of the bot's own messages (Indonesian until the user chooses)."""
        return self.language or "id"

    def say(self, message: str) -> None:
        """Print a reply followed by a blank line."""
        print(f"{message}\n", file=self.out, flush=True)

    def run(self, lines: Iterable[str]) -> None:
        """Answer each line until end of input (Ctrl-D), a quit word or Ctrl-C."""
        self.say(text("chat_welcome", self.ui_language))
        try:
            self.prompt()
            for line in lines:
                if line.strip().casefold() in QUIT_WORDS:
                    break
                self.handle(line.strip())
                self.prompt()
        except KeyboardInterrupt:
            pass  # Ctrl-C leaves like Ctrl-D: quietly, with the goodbye
        self.say("\n" + text("chat_bye", self.ui_language))

    def prompt(self) -> None:
        """Show the input prompt."""
        print(text("chat_prompt", self.ui_language), end="", file=self.out, flush=True)

    def handle(self, line: str) -> None:
        """Handle one line: a command, a number picking a choice, or a question."""
        if not line:
            return
        if line.startswith("/"):
            self.command(line)
        elif line.isdigit() and (self.choices or self.back):
            self.pick(int(line))
        else:
            self.ask(line)

    def command(self, line: str) -> None:
        """Run a /command as Telegram would; never treat it as a question."""
        word, *arguments = line.split()
        name = word[1:].split("@", 1)[0].casefold()
        command = find_command(name, TERMINAL_COMMANDS)
        if command is not None:
            self.handlers[command.name](arguments)
        elif find_command(name, (*COMMANDS, *STAFF_COMMANDS)) is not None:
            self.say(
                text("chat_telegram_only", self.ui_language).format(command=name)
                + "\n\n"
                + self.command_list()
            )
        else:
            self.say(text("unknown_command", self.ui_language) + "\n\n" + self.command_list())

    def command_list(self) -> str:
        """The commands that work in the terminal, one per line."""
        language = self.ui_language
        lines = command_lines(TERMINAL_COMMANDS, language, html=False)
        return "\n".join([text("commands_title", language), *lines])

    def start(self, arguments: list[str]) -> None:
        """Greet and explain; /start topik_<topic> opens a topic (the deep link)."""
        if arguments and arguments[0].startswith("topik_"):
            topic = arguments[0].removeprefix("topik_")
            if topic in TOPICS:
                self.show_topic(None, topic_entries(self.services.holder.knowledge, None, topic))
            else:
                self.topics([])
            return
        greeting = text("welcome", self.ui_language).format(name=user_name())
        self.say(f"{greeting}\n\n{help_text(self.ui_language, TERMINAL_COMMANDS, html=False)}")

    def help(self, arguments: list[str]) -> None:
        """What the bot covers, how to ask, and the commands."""
        self.say(help_text(self.ui_language, TERMINAL_COMMANDS, html=False))

    def choose_language(self, arguments: list[str]) -> None:
        """/bahasa en switches at once; /bahasa alone offers the languages as choices."""
        choice = arguments[0].casefold() if arguments else ""
        if choice in LANGUAGES:
            self.set_language(choice)
            return
        # An unknown code (/bahasa jp) keeps the language and offers the choices, politely.
        prompt = (
            text("language_unknown", self.ui_language).format(code=arguments[0][:20])
            if choice
            else text("choose_language", self.ui_language)
        )
        self.offer(
            prompt,
            [(label, partial(self.set_language, code)) for code, label in LANGUAGES.items()],
        )

    def set_language(self, language: str) -> None:
        """Remember the language for this conversation and confirm in it."""
        self.language = language
        self.choices, self.back = [], None
        self.say(text("language_set", language))

    def cancel(self, arguments: list[str]) -> None:
        """Close the open choices, if any."""
        key = "cancelled" if self.choices or self.back else "nothing_to_cancel"
        self.choices, self.back = [], None
        self.say(text(key, self.ui_language))

    def topics(self, arguments: list[str]) -> None:
        """The menu of documents (and all topics across them), as on Telegram."""
        language = self.ui_language
        options: list[tuple[str, Choice]] = [
            (f"📄 {document.short}", partial(self.show_document, document.id))
            for document in documents(self.services.holder.knowledge)
        ]
        options.append((text("button_all_topics", language), lambda: self.show_document(None)))
        self.offer(text("choose_document", language), options)

    def show_document(self, doc_id: str | None) -> None:
        """The topics of a document (or of all documents)."""
        language = self.ui_language
        knowledge = self.services.holder.knowledge
        document = knowledge.documents.get(doc_id) if doc_id else None
        title = f"{document.title}\n" if document else ""
        self.offer(
            f"{title}{text('choose_topic', language)}",
            [
                (
                    f"{group.label(language)} ({len(group.entries)})",
                    partial(self.show_topic, doc_id, group),
                )
                for group in topics_of(knowledge, doc_id)
            ],
            back=lambda: self.topics([]),
        )

    def show_topic(self, doc_id: str | None, group: TopicGroup) -> None:
        """The questions of a topic."""
        language = self.ui_language
        self.offer(
            f"{group.label(language)}\n{text('choose_entry', language)}",
            [
                (
                    title_question(entry, language),
                    partial(self.show_entry, doc_id, group, entry.id),
                )
                for entry in group.entries
            ],
            back=lambda: self.show_document(doc_id),
        )

    def show_entry(self, doc_id: str | None, group: TopicGroup, entry_id: str) -> None:
        """An entry's answer, with 0 going back to its topic."""
        self.offer(
            plain_reply(self.services.answerer.entry_answer(entry_id, self.ui_language)),
            [],
            back=lambda: self.show_topic(doc_id, group),
        )

    def offer(
        self, title: str, options: list[tuple[str, Choice]], back: Choice | None = None
    ) -> None:
        """Print numbered choices (the terminal's buttons) and remember them."""
        lines = [title] + [
            f"  {number}. {label}" for number, (label, _) in enumerate(options, start=1)
        ]
        if back:
            lines.append(f"  0. {text('button_back', self.ui_language)}")
        self.choices, self.back = [choice for _, choice in options], back
        self.say("\n".join(lines))

    def pick(self, number: int) -> None:
        """Run choice `number` of the previous reply (0: back)."""
        try:
            if number == 0 and self.back:
                self.back()
            elif 1 <= number <= len(self.choices):
                self.choices[number - 1]()
            else:
                self.say(text("pick_range", self.ui_language))
        except UserError as error:  # e.g. the entry was removed by a reload meanwhile
            self.say(error.message(self.ui_language))

    def ask(self, question: str) -> None:
        """Answer a free-text question; a not-sure reply's suggestions become the choices."""
        try:
            answer = self.services.answerer.answer(question, Asker("cli", language=self.language))
        except UserError as error:
            self.say(error.message(self.ui_language))
            return
        self.choices = [partial(self.suggestion, answer, s.entry_id) for s in answer.suggestions]
        self.back = None
        self.say(plain_reply(answer))

    def suggestion(self, answer: Answer, entry_id: str) -> None:
        """Answer with a suggestion of a not-sure reply (the others stay choices)."""
        self.say(plain_reply(self.services.answerer.entry_answer(entry_id, answer.language)))


def user_name() -> str:
    """The terminal user's login name, for the /start greeting."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
