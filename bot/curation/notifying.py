"""Answer notifications: the message telling an asker that their question now has an answer,
and the outbox they go through.

A notification is a row of the answer_notices table, written by the outbox only (bot/outbox/sending.py):
its id is the id of the unanswered row it tells about, its state is in the outbox's vocabulary
(pending, sending, sent, blocked, failed, unknown), and rows that get no message (the asker
opted out, asked more than once, was already told about that entry, or has no Telegram id) are
`skipped`. The outbox claims each row before sending it, so none is ever sent twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.messages import format_date
from bot.messages import text as message
from bot.outbox.sending import LedgerTable

ANSWER_NOTICES = LedgerTable(
    "answer_notices",
    chat="user_id",
    claimed_at="notified_at",
    finished_at="notified_at",
    attempts=None,
)


@dataclass(frozen=True, slots=True)
class Notification:
    """Telling one asker (in their private chat) that their question now has an answer."""

    unanswered_id: int
    chat_id: int
    language: str
    asked_on: dt.date
    question: str
    entry_id: str
    answer: str

    @property
    def text(self) -> str:
        """The plain-text message, in the asker's language (the caller escapes it for HTML)."""
        template = message("answer_notification", self.language)
        date = format_date(self.asked_on, self.language)
        return template.format(date=date, question=self.question, answer=self.answer)
