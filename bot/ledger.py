"""The delivery ledger: one row per recipient of a broadcast, claimed before anything is sent.

pending ──claim (committed)──▶ sending ──▶ sent | blocked | failed | unknown
   ▲                              │
   └──── release (429, or a network error that surely did not reach Telegram)

Telegram has no idempotency key, so a row is committed as `sending` *before* its message goes
out. A row still `sending` when a delivery starts was left by a crash: the message may or may
not have arrived, so it becomes `unknown` and is reported, never resent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

PENDING, SENDING, SENT, BLOCKED, FAILED, UNKNOWN = (
    "pending",
    "sending",
    "sent",
    "blocked",
    "failed",
    "unknown",
)
STATUSES = (PENDING, SENDING, SENT, BLOCKED, FAILED, UNKNOWN)
INTERRUPTED = "interrupted: the bot stopped while sending; not resent"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recipient of a broadcast."""

    id: int
    chat_id: int


@dataclass(frozen=True, slots=True)
class Counts:
    """How many deliveries of a broadcast are in each state."""

    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        """Every recipient."""
        return self.remaining + self.done

    @property
    def remaining(self) -> int:
        """Recipients not finished yet (pending or being sent)."""
        return self.pending + self.sending

    @property
    def done(self) -> int:
        """Recipients with a final state."""
        return self.sent + self.blocked + self.failed + self.unknown


class DeliveryLedger:
    """The deliveries table; every change is committed before the caller goes on."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.clock = clock

    def add_recipients(self, broadcast_id: int, where: str, params: dict[str, Any]) -> int:
        """Add a pending row for every subscriber matching `where`; return how many."""
        cursor = self.db.execute(
            "insert into deliveries (broadcast_id, chat_id, status, attempts) "
            f"select :broadcast_id, chat_id, 'pending', 0 from subscribers where {where} "
            "order by chat_id",
            {**params, "broadcast_id": broadcast_id},
        )
        return cursor.rowcount

    def mark_interrupted(self, broadcast_id: int) -> int:
        """Turn rows left `sending` (by a crash) into `unknown`; return how many."""
        cursor = self.db.execute(
            "update deliveries set status = ?, reason = ?, finished_at = ? "
            "where broadcast_id = ? and status = ?",
            [UNKNOWN, INTERRUPTED, self.clock().isoformat(), broadcast_id, SENDING],
        )
        return cursor.rowcount

    def next_pending(self, broadcast_id: int, after_id: int) -> Delivery | None:
        """Return the first pending row after `after_id`, in order, or None."""
        row = self.db.execute(
            "select id, chat_id from deliveries where broadcast_id = ? and status = ? "
            "and id > ? order by id limit 1",
            [broadcast_id, PENDING, after_id],
        ).fetchone()
        return Delivery(*row) if row else None

    def claim(self, delivery_id: int) -> bool:
        """Mark a pending row `sending` and commit; False if it was not pending."""
        cursor = self.db.execute(
            "update deliveries set status = ?, attempts = attempts + 1, claimed_at = ? "
            "where id = ? and status = ?",
            [SENDING, self.clock().isoformat(), delivery_id, PENDING],
        )
        return cursor.rowcount == 1

    def release(self, delivery_id: int) -> None:
        """Put a claimed row back to pending: its message surely did not go out."""
        self.db.execute(
            "update deliveries set status = ? where id = ? and status = ?",
            [PENDING, delivery_id, SENDING],
        )

    def finish(self, delivery_id: int, status: str, reason: str = "") -> None:
        """Record the final state of a claimed row."""
        self.db.execute(
            "update deliveries set status = ?, reason = ?, finished_at = ? "
            "where id = ? and status = ?",
            [status, reason or None, self.clock().isoformat(), delivery_id, SENDING],
        )

    def counts(self, broadcast_id: int) -> Counts:
        """Count a broadcast's deliveries per state."""
        rows = self.db.execute(
            "select status, count(*) from deliveries where broadcast_id = ? group by status",
            [broadcast_id],
        ).fetchall()
        return Counts(**dict(rows))

    def reasons(self, broadcast_id: int) -> list[tuple[str, str, int]]:
        """Return (status, reason, count) for blocked, failed and unknown rows, most first."""
        return [
            tuple(row)
            for row in self.db.execute(  # type: ignore[misc]
                "select status, reason, count(*) as n from deliveries where broadcast_id = ? "
                "and status in (?, ?, ?) group by status, reason order by n desc, status",
                [broadcast_id, BLOCKED, FAILED, UNKNOWN],
            ).fetchall()
        ]

    def chats(self, broadcast_id: int, status: str) -> list[int]:
        """Return the chats of a broadcast's rows in one state."""
        rows = self.db.execute(
            "select chat_id from deliveries where broadcast_id = ? and status = ? order by id",
            [broadcast_id, status],
        ).fetchall()
        return [row[0] for row in rows]
