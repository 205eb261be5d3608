"""Errors raised by the policybot domain.

PolicybotError
├── ConfigError          the configuration file is wrong (names the key)
│   └── StorageError     the database file cannot be opened or written (names the path)
├── KnowledgeError       the knowledge base is invalid (every problem, with file and line)
└── UserError            a message that is safe to show to the user, in their language
    ├── PermissionDenied the user's role does not allow the action
    └── NotFound         the thing asked for does not exist
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from bot.messages import both


class PolicybotError(Exception):
    """Base class of every error the domain raises on purpose."""


class ConfigError(PolicybotError):
    """The configuration is invalid."""


class StorageError(ConfigError):
    """The database (storage.path) cannot be opened or written; the message names the path."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a knowledge file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(PolicybotError):
    """The knowledge base could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class UserError(PolicybotError):
    """An expected problem whose message is safe to show, in Indonesian and English."""

    def __init__(self, message_id: str, message_en: str | None = None) -> None:
        self.message_id = message_id
        self.message_en = message_en or message_id
        super().__init__(message_id)

    @classmethod
    def from_catalogue(cls, key: str, /, **values: object) -> Self:
        """Build the error from a sentence of bot/messages.py, its {fields} filled in."""
        return cls(*both(key, **values))

    def message(self, language: str) -> str:
        """Return the message in the user's language."""
        return self.message_en if language == "en" else self.message_id


class PermissionDenied(UserError):
    """The user may not do this."""


class NotFound(UserError):
    """The requested thing does not exist."""
