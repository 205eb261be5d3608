"""Storage: migrations, WAL, questions and unanswered rows."""

import pytest
from sqlite_utils import Database

from bot.answering.answerer import Asker
from bot.errors import NotFound
from bot.storage.migrations import migrations
from bot.storage.store import Store, open_database

from .conftest import FIXED_NOW


def test_migrations_are_idempotent(tmp_path):
    path = tmp_path / "bot.db"
    Store(open_database(path))
    store = Store(open_database(path))
    assert {"questions", "unanswered", "_sqlite_migrations"} <= set(store.db.table_names())
    assert store.db["_sqlite_migrations"].count == len(migrations.pending(Database(memory=True)))


def test_file_database_uses_wal(tmp_path):
    db = open_database(tmp_path / "sub" / "bot.db")
    assert db.journal_mode == "wal"


def test_unanswered_status_changes(services):
    services.answerer.answer("berapa UMK Bekasi", Asker("cli"))
    row = services.store.unanswered()[0]
    services.store.set_unanswered_status(row["id"], "dismissed", FIXED_NOW)
    assert services.store.unanswered() == []
    assert services.store.unanswered("dismissed")[0]["resolved_at"] == FIXED_NOW.isoformat()
    with pytest.raises(ValueError):
        services.store.set_unanswered_status(row["id"], "lost", FIXED_NOW)
    with pytest.raises(NotFound):
        services.store.set_unanswered_status(999, "resolved", FIXED_NOW)


def test_sql_metacharacters_are_stored_verbatim(services):
    question = "'; DROP TABLE questions; -- <b>"
    services.answerer.answer(question)
    assert services.store.unanswered()[0]["question"] == question
    assert services.store.question_count() == 1


def test_store_on_in_memory_database():
    store = Store(Database(memory=True))
    assert store.question_count() == 0


def test_the_answer_notice_states_move_to_their_own_table():
    db = Database(memory=True)
    migrations.apply(db, stop_before="m007_answer_notices")
    db["unanswered"].insert_all(
        [
            {
                "id": 1,
                "user_id": 7,
                "status": "resolved",
                "notify_status": "sent",
                "notified_at": "2026-11-22T09:00:00+00:00",
            },
            {"id": 2, "user_id": None, "status": "resolved", "notify_status": "skipped"},
            {"id": 3, "user_id": 8, "status": "resolved", "notify_status": "pending"},
            {"id": 4, "user_id": 9, "status": "open"},
        ]
    )
    store = Store(db)
    assert list(store.db["answer_notices"].rows) == [
        {
            "id": 1,
            "user_id": 7,
            "status": "sent",
            "reason": None,
            "notified_at": "2026-11-22T09:00:00+00:00",
        },
        {"id": 2, "user_id": None, "status": "skipped", "reason": None, "notified_at": None},
        {"id": 3, "user_id": 8, "status": "pending", "reason": None, "notified_at": None},
    ]
