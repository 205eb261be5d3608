"""What each chat asked last, so a follow-up ("trus sanksinya?") can be read with it.

Bounded twice: a question is remembered for FOLLOW_UP_WINDOW only, and for at most
MAX_CHATS chats (the least recently active are forgotten first).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

FOLLOW_UP_WINDOW = dt.timedelta(minutes=10)
MAX_CHATS = 10_000
# A remembered question that grew by follow-ups is cut to this many characters.
MAX_REMEMBERED_LENGTH = 600

ChatKey = tuple[str, int | None]


@dataclass(frozen=True, slots=True)
class Remembered:
    """A chat's last question and when it was asked."""

    question: str
    asked_at: dt.datetime


class ConversationMemory:
    """The last question of each chat, forgotten after a window."""

    def __init__(self, window: dt.timedelta = FOLLOW_UP_WINDOW, max_chats: int = MAX_CHATS):
        self.window = window
        self.max_chats = max_chats
        self.chats: OrderedDict[ChatKey, Remembered] = OrderedDict()

    def previous(self, chat: ChatKey, now: dt.datetime) -> str | None:
        """Return the chat's last question if it was asked within the window."""
        remembered = self.chats.get(chat)
        if remembered is None or now - remembered.asked_at > self.window:
            return None
        return remembered.question

    def remember(self, chat: ChatKey, question: str, now: dt.datetime) -> None:
        """Store a chat's latest question, forgetting the least active chat when full."""
        self.chats[chat] = Remembered(question[-MAX_REMEMBERED_LENGTH:], now)
        self.chats.move_to_end(chat)
        while len(self.chats) > self.max_chats:
            self.chats.popitem(last=False)

    def forget(self, chat: ChatKey) -> None:
        """Drop what a chat asked (its user deleted their data)."""
        self.chats.pop(chat, None)

    def __len__(self) -> int:
        return len(self.chats)
