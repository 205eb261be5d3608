"""SQLite storage through sqlite-utils: one small method per question the app asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.errors import NotFound
from bot.migrations import migrations

UNANSWERED_STATUSES = ("open", "resolved", "dismissed")
# Tables that hold rows about a Telegram user (privacy: shown and deleted together).
USER_TABLES = ("questions", "unanswered", "feedback", "users")


def open_database(path: str | Path) -> Database:
    """Open (or create) the SQLite file in WAL mode; ':memory:' gives an in-memory database."""
    if str(path) == ":memory:":
        return Database(memory=True)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.enable_wal()
    return db


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """What is stored about one question asked."""

    asked_at: dt.datetime
    channel: str
    user_id: int | None
    chat_id: int | None
    language: str
    question: str
    normalized: str
    entry_id: str | None
    score: float
    outcome: str


class Store:
    """The application's tables, migrated on construction."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrations.apply(db)

    def log_question(self, record: QuestionRecord) -> int:
        """Store one question and its outcome; return its id."""
        table = self.db.table("questions")
        table.insert(as_row(record))
        return int(table.last_pk)

    def log_unanswered(self, question_id: int, record: QuestionRecord, reason: str) -> int:
        """Record a question for the curators' review; return the unanswered row id."""
        table = self.db.table("unanswered")
        table.insert(
            {
                "question_id": question_id, "asked_at": record.asked_at.isoformat(),
                "user_id": record.user_id, "chat_id": record.chat_id,
                "language": record.language, "question": record.question,
                "normalized": record.normalized, "best_entry_id": record.entry_id,
                "best_score": record.score, "reason": reason, "status": "open",
            }
        )
        return int(table.last_pk)

    def unanswered(self, status: str = "open", limit: int = 100) -> list[dict[str, Any]]:
        """Return unanswered questions with a status, newest first."""
        return list(
            self.db.table("unanswered").rows_where(
                "status = ?", [status], order_by="id desc", limit=limit
            )
        )

    def set_unanswered_status(
        self, unanswered_id: int, status: str, now: dt.datetime, entry_id: str | None = None
    ) -> None:
        """Mark an unanswered question resolved or dismissed (or open again)."""
        if status not in UNANSWERED_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        table = self.db.table("unanswered")
        if not table.count_where("id = ?", [unanswered_id]):
            raise NotFound(f"Pertanyaan #{unanswered_id} tidak ditemukan.",
                           f"Question #{unanswered_id} not found.")
        table.update(
            unanswered_id,
            {"status": status, "resolved_at": now.isoformat(), "resolved_entry_id": entry_id},
        )

    def question_count(self) -> int:
        """Return how many questions were asked in all."""
        return self.db.table("questions").count

    def question(self, question_id: int) -> dict[str, Any] | None:
        """Return one stored question, or None."""
        rows = self.db.table("questions").rows_where("id = ?", [question_id], limit=1)
        return next(iter(rows), None)

    def set_language(self, user_id: int, language: str, now: dt.datetime) -> None:
        """Remember the language a user chose."""
        self.db.table("users").upsert(
            {"user_id": user_id, "language": language, "last_seen": now.isoformat()},
            pk="user_id",
        )

    def language_of(self, user_id: int) -> str | None:
        """Return the language a user chose, or None."""
        rows = self.db.table("users").rows_where("user_id = ?", [user_id], limit=1)
        row = next(iter(rows), None)
        return row["language"] if row else None

    def record_feedback(
        self, question_id: int, user_id: int, helpful: bool, now: dt.datetime
    ) -> None:
        """Store (or change) one user's 👍/👎 on an answer."""
        self.db.table("feedback").upsert(
            {"question_id": question_id, "user_id": user_id, "helpful": int(helpful),
             "given_at": now.isoformat()},
            pk=("question_id", "user_id"),
        )

    def open_unanswered_for(self, question_id: int) -> dict[str, Any] | None:
        """Return the open review row of a question, if any."""
        rows = self.db.table("unanswered").rows_where(
            "question_id = ? and status = 'open'", [question_id], limit=1
        )
        return next(iter(rows), None)

    def record_pick(self, question_id: int, entry_id: str) -> None:
        """Remember which suggestion a user picked for a question under review."""
        self.db.execute(
            "update unanswered set picked_entry_id = ? where question_id = ?",
            [entry_id, question_id],
        )

    def set_unanswered_reason(self, unanswered_id: int, reason: str) -> None:
        """Change why a question is up for review (e.g. the user said nothing matched)."""
        self.db.table("unanswered").update(unanswered_id, {"reason": reason})

    def user_data_counts(self, user_id: int) -> dict[str, int]:
        """Count what is stored about one user, per table."""
        counts = {table: self.db.table(table).count_where("user_id = ?", [user_id])
                  for table in USER_TABLES}
        counts["subscriptions"] = self.db.table("subscribers").count_where(
            "(user_id = ? or chat_id = ?) and active = 1", [user_id, user_id])
        return counts

    def delete_user_data(self, user_id: int) -> dict[str, int]:
        """Delete everything stored about one user; return how many rows went, per table."""
        counts = self.user_data_counts(user_id)
        with self.db.atomic():
            question_ids = "select id from questions where user_id = ?"
            self.db.execute(
                f"delete from feedback where user_id = ? or question_id in ({question_ids})",
                [user_id, user_id],
            )
            for table in ("unanswered", "questions", "users"):
                self.db.execute(f"delete from {table} where user_id = ?", [user_id])
            # A user's private chat has their user id as chat id.
            self.db.execute("delete from subscribers where user_id = ? or chat_id = ?",
                            [user_id, user_id])
            for table in ("bot_blocks", "deliveries"):
                self.db.execute(f"delete from {table} where chat_id = ?", [user_id])
        return counts


def as_row(record: QuestionRecord) -> dict[str, Any]:
    """Turn a QuestionRecord into a row for the questions table."""
    return {
        "asked_at": record.asked_at.isoformat(), "channel": record.channel,
        "user_id": record.user_id, "chat_id": record.chat_id, "language": record.language,
        "question": record.question, "normalized": record.normalized,
        "entry_id": record.entry_id, "score": record.score, "outcome": record.outcome,
    }
