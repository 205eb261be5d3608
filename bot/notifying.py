"""Answer notifications: the message, the ledger of each one's state, and sending it safely.

A notification lives on its unanswered row (column notify_status):

    pending ──claim (committed)──▶ sending ──▶ sent | blocked | failed
       ▲                              │
       └───── release (flood wait) ───┘

Telegram has no idempotency key, so a row is committed as `sending` before its message goes
out; a row still `sending` when delivery starts was left by a crash and becomes `unknown`:
reported, never resent. Rows that get no message (the asker opted out, asked more than once,
was already told about that entry, or has no Telegram id) are `skipped`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

logger = logging.getLogger(__name__)

PENDING, SENDING, SENT, BLOCKED, FAILED, UNKNOWN, SKIPPED = (
    "pending",
    "sending",
    "sent",
    "blocked",
    "failed",
    "unknown",
    "skipped",
)
RETRY_AFTER, RETRY = "retry_after", "retry"
FINAL = (SENT, BLOCKED, FAILED, UNKNOWN)
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NOTIFICATION = (
    "Pertanyaan Anda tanggal {date} («{question}») kini sudah ada jawabannya:\n\n{answer}",
    "Your question of {date} («{question}») now has an answer:\n\n{answer}",
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
        template = NOTIFICATION[1] if self.language == "en" else NOTIFICATION[0]
        date = format_date(self.asked_on, self.language)
        return template.format(date=date, question=self.question, answer=self.answer)


@dataclass(frozen=True, slots=True)
class SendResult:
    """What sending one notification did; statuses match bot.delivery.Outcome values."""

    status: str
    reason: str = ""
    wait: float = 0.0

    @classmethod
    def sent(cls) -> SendResult:
        """The message was delivered."""
        return cls(SENT)

    @classmethod
    def blocked(cls, reason: str = "") -> SendResult:
        """The user blocked the bot (Telegram's Forbidden)."""
        return cls(BLOCKED, reason)

    @classmethod
    def failed(cls, reason: str = "") -> SendResult:
        """Telegram refused the message for good (e.g. chat not found)."""
        return cls(FAILED, reason)

    @classmethod
    def flood_wait(cls, seconds: float) -> SendResult:
        """Telegram said 429: wait this long, then send again."""
        return cls(RETRY_AFTER, f"retry after {seconds:g} s", seconds)


Send = Callable[[Notification], Awaitable[SendResult]]
Sleep = Callable[[float], Awaitable[None]]


def format_date(day: dt.date, language: str) -> str:
    """Return '5 Mei 2026' (Indonesian) or '5 May 2026' (English)."""
    months = MONTHS_EN if language == "en" else MONTHS_ID
    return f"{day.day} {months[day.month - 1]} {day.year}"


class NotificationLedger:
    """The notify_status column of the unanswered table; every change commits at once."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.clock = clock

    def mark_interrupted(self) -> int:
        """Turn rows left `sending` (by a crash) into `unknown`; return how many."""
        return self._update(UNKNOWN, "notify_status = ?", [SENDING])

    def next_pending(self) -> dict[str, Any] | None:
        """Return the oldest pending row (rows queued meanwhile included), or None."""
        rows = self.db.table("unanswered").rows_where(
            "notify_status = ?", [PENDING], order_by="id", limit=1
        )
        return next(iter(rows), None)

    def pending(self) -> list[dict[str, Any]]:
        """Return every pending row, oldest first."""
        return list(
            self.db.table("unanswered").rows_where("notify_status = ?", [PENDING], order_by="id")
        )

    def claim(self, row_id: int) -> bool:
        """Mark a pending row `sending` and commit; False if it was not pending."""
        return self._update(SENDING, "id = ? and notify_status = ?", [row_id, PENDING]) == 1

    def release(self, row_id: int) -> None:
        """Put a claimed row back to pending: its message surely did not go out."""
        self._update(PENDING, "id = ? and notify_status = ?", [row_id, SENDING])

    def finish(self, row_id: int, status: str) -> None:
        """Record the final state of a claimed row."""
        self._update(status, "id = ? and notify_status = ?", [row_id, SENDING])

    def _update(self, status: str, where: str, params: list[Any]) -> int:
        cursor = self.db.execute(
            f"update unanswered set notify_status = ?, notified_at = ? where {where}",
            [status, self.clock().isoformat(), *params],
        )
        return cursor.rowcount


async def try_to_send(send: Send, notification: Notification | None) -> SendResult:
    """Call send; a removed entry fails, and a surprise is `unknown` (it may have gone out)."""
    if notification is None:
        return SendResult.failed("entry removed from the knowledge base")
    try:
        return await send(notification)
    except Exception as error:
        logger.exception("Sending answer notification %s failed", notification.unanswered_id)
        return SendResult(UNKNOWN, f"{type(error).__name__}: {error}")
