"""SQLite storage through sqlite-utils: one small method per question the app asks."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.access import roles
from bot.access.privacy import DELETED, KEPT
from bot.broadcasts import subscriptions
from bot.errors import NotFound, StorageError
from bot.outbox import sending as outbox
from bot.storage import session_state
from bot.storage.migrations import migrations
from bot.storage.rows import inserted_id

UNANSWERED_STATUSES = ("open", "resolved", "dismissed")


def open_database(path: str | Path) -> Database:
    """Open (or create) the SQLite file in WAL mode; ':memory:' gives an in-memory database.

    A missing parent folder is created. When the file cannot be opened, StorageError says
    which path and why, in one line.
    """
    if str(path) == ":memory:":
        return Database(memory=True)
    path = Path(path)
    create_parent_folder(path)
    try:
        db = Database(path)
        db.enable_wal()
    except sqlite3.Error as error:
        raise StorageError(storage_problem(path, why_unopenable(path, error))) from None
    return db


def storage_problem(path: Path, reason: str) -> str:
    """The one-line message of a StorageError."""
    return f"cannot open the database {path} (storage.path): {reason}"


def create_parent_folder(path: Path) -> bool:
    """Create the database file's folder when it is missing; return whether it was created."""
    folder = path.parent
    if folder.is_dir():
        return False
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        if folder.is_dir():  # made meanwhile by another process
            return False
        raise StorageError(storage_problem(path, f"{folder} is a file, not a folder")) from None
    except OSError as error:
        blocking = next((part for part in folder.parents if part.exists()), None)
        reason = (
            f"{blocking} is a file, not a folder"
            if blocking and not blocking.is_dir()
            else f"cannot create the folder {folder}: {error.strerror or error}"
        )
        raise StorageError(storage_problem(path, reason)) from None
    return True


def why_unopenable(path: Path, error: sqlite3.Error) -> str:
    """Explain SQLite's terse "unable to open database file" with what the file system says."""
    if path.is_dir():
        return "it is a folder, not a file"
    if "unable to open" not in str(error):
        return str(error)  # e.g. "file is not a database", "attempt to write a readonly database"
    if not path.exists():
        try:
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as os_error:
            return f"cannot create a file in {path.parent} ({os_error.strerror or os_error})"
        path.unlink(missing_ok=True)  # the probe's empty file: leave nothing behind
    elif not os.access(path, os.R_OK | os.W_OK):
        return "the file is not readable and writable by this user"
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is not writable (SQLite keeps -wal and -shm files there)"
    return str(error)


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
    """The application's tables, migrated on construction; writes the questions and feedback
    tables itself, the unanswered and users tables through their records below."""

    def __init__(self, db: Database) -> None:
        self.db = db
        migrations.apply(db)
        self.review = UnansweredRecords(db)
        self.users = UserSettings(db)

    def log_question(self, record: QuestionRecord) -> int:
        """Store one question and its outcome; return its id."""
        table = self.db.table("questions")
        table.insert(as_row(record))
        return inserted_id(table)

    def log_unanswered(self, question_id: int, record: QuestionRecord, reason: str) -> int:
        """Record a question for the curators' review; return the unanswered row id."""
        return self.review.add(question_id, record, reason)

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
        self.review.set_status(unanswered_id, status, now, entry_id)

    def question_count(self) -> int:
        """Return how many questions were asked in all."""
        return self.db.table("questions").count

    def question(self, question_id: int) -> dict[str, Any] | None:
        """Return one stored question, or None."""
        rows = self.db.table("questions").rows_where("id = ?", [question_id], limit=1)
        return next(iter(rows), None)

    def set_language(self, user_id: int, language: str, now: dt.datetime) -> None:
        """Remember the language a user chose."""
        self.users.set_language(user_id, language, now)

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
            {
                "question_id": question_id,
                "user_id": user_id,
                "helpful": int(helpful),
                "given_at": now.isoformat(),
            },
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
        self.review.record_pick(question_id, entry_id)

    def set_unanswered_reason(self, unanswered_id: int, reason: str) -> None:
        """Change why a question is up for review (e.g. the user said nothing matched)."""
        self.review.set_reason(unanswered_id, reason)

    def user_data_counts(self, user_id: int) -> dict[str, int]:
        """Count what is stored about one user, per table (bot/access/privacy.py lists the tables)."""
        return {
            table: count_rows(self.db, table, where, user_id) for table, where in DELETED.items()
        }

    def kept_data_counts(self, user_id: int) -> dict[str, int]:
        """Count the user's rows in the tables bot/access/privacy.py keeps on purpose, per table."""
        return {
            table: count_rows(self.db, table, kept.where, user_id) for table, kept in KEPT.items()
        }

    def delete_user_data(self, user_id: int) -> dict[str, int]:
        """Delete everything stored about one user, except what bot/access/privacy.py keeps on
        purpose, in one transaction: each table's owner deletes its own rows. Return how many
        rows went, per table."""
        counts = self.user_data_counts(user_id)
        with self.db.atomic():
            for forget_user in USER_DATA_OWNERS:
                forget_user(self.db, user_id)
        return counts


class UnansweredRecords:
    """The unanswered table: questions up for the curators' review.

    Its columns notify_status and notified_at are unused: answer notices have a table of their
    own, written by the outbox (bot/curation/notifying.py, migration m007_answer_notices).
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, question_id: int, record: QuestionRecord, reason: str) -> int:
        """Put a question up for review; return the unanswered row id."""
        table = self.db.table("unanswered")
        table.insert(
            {
                "question_id": question_id,
                "asked_at": record.asked_at.isoformat(),
                "user_id": record.user_id,
                "chat_id": record.chat_id,
                "language": record.language,
                "question": record.question,
                "normalized": record.normalized,
                "best_entry_id": record.entry_id,
                "best_score": record.score,
                "reason": reason,
                "status": "open",
            }
        )
        return inserted_id(table)

    def set_status(
        self, unanswered_id: int, status: str, now: dt.datetime, entry_id: str | None = None
    ) -> None:
        """Mark one row resolved or dismissed (or open again); NotFound if there is none."""
        if status not in UNANSWERED_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        table = self.db.table("unanswered")
        if not table.count_where("id = ?", [unanswered_id]):
            raise NotFound.from_catalogue("unanswered_question_not_found", id=unanswered_id)
        table.update(
            unanswered_id,
            {"status": status, "resolved_at": now.isoformat(), "resolved_entry_id": entry_id},
        )

    def close_open(
        self, unanswered_ids: Sequence[int], status: str, now: dt.datetime, entry_id: str | None
    ) -> None:
        """Set the status of the rows among these ids that are still open, with the time and
        the resolving entry."""
        self.db.execute(
            "update unanswered set status = ?, resolved_at = ?, resolved_entry_id = ? "
            "where status = 'open' and id in (select value from json_each(?))",
            [status, now.isoformat(), entry_id, json.dumps(list(unanswered_ids))],
        )

    def record_pick(self, question_id: int, entry_id: str) -> None:
        """Remember which suggestion a user picked for a question under review."""
        self.db.execute(
            "update unanswered set picked_entry_id = ? where question_id = ?",
            [entry_id, question_id],
        )

    def set_reason(self, unanswered_id: int, reason: str) -> None:
        """Change why a question is up for review (e.g. the user said nothing matched)."""
        self.db.table("unanswered").update(unanswered_id, {"reason": reason})


class UserSettings:
    """The users table: what each user chose (language, answer notifications)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def set_language(self, user_id: int, language: str, now: dt.datetime) -> None:
        """Remember the language a user chose."""
        self.db.table("users").upsert(
            {"user_id": user_id, "language": language, "last_seen": now.isoformat()},
            pk="user_id",
        )

    def set_answer_notifications(self, user_id: int, enabled: bool) -> None:
        """Turn a user's 'your question now has an answer' messages on or off."""
        self.db.table("users").upsert(
            {"user_id": user_id, "answer_notifications": int(enabled)}, pk="user_id"
        )


def forget_asker(db: Database, user_id: int) -> None:
    """Delete a user's questions, their review rows and feedback, and their settings; the rows
    pointing at the questions go first (their conditions look the questions up)."""
    about = {"id": user_id}
    db.execute(f"delete from unanswered where {DELETED['unanswered']}", about)
    db.execute(f"delete from feedback where {DELETED['feedback']}", about)
    db.execute(f"delete from questions where {DELETED['questions']}", about)
    db.execute(f"delete from users where {DELETED['users']}", about)


# Each deletes its own tables' rows about a user (the tables of bot/access/privacy.py DELETED). The
# outbox goes first: its answer notices are found through the unanswered rows they tell about.
USER_DATA_OWNERS = (
    outbox.forget_recipient,
    forget_asker,
    roles.forget_user,
    subscriptions.forget_user,
    session_state.forget_user,
)


def count_rows(db: Database, table: str, where: str, user_id: int) -> int:
    """Count the rows of a table matching a condition on :id (0 if the table is missing)."""
    if not db[table].exists():
        return 0
    row = db.execute(f"select count(*) from [{table}] where {where}", {"id": user_id}).fetchone()
    return int(row[0])


def as_row(record: QuestionRecord) -> dict[str, Any]:
    """Turn a QuestionRecord into a row for the questions table."""
    return {
        "asked_at": record.asked_at.isoformat(),
        "channel": record.channel,
        "user_id": record.user_id,
        "chat_id": record.chat_id,
        "language": record.language,
        "question": record.question,
        "normalized": record.normalized,
        "entry_id": record.entry_id,
        "score": record.score,
        "outcome": record.outcome,
    }
