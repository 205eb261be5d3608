"""Privacy deletion cannot forget a table: the list of tables comes from the schema itself."""

from __future__ import annotations

import json
import re

import pytest
from sqlite_utils import Database

from bot.access.privacy import DELETED, KEPT, kept_lines
from bot.storage.migrations import PTB_CONVERSATIONS
from bot.storage.store import Store

USER, OTHER = 424242, 515151
# A column whose name says it holds a Telegram user's or chat's id.
ID_COLUMN = re.compile(
    r"(^|_)(user|chat|asker|officer|author|actor|recipient|admin|sender|member|owner)(_id)?$"
    r"|_by$"
)
# Tables that hold no user or chat id at all, and why that is so.
NO_PERSONAL_IDS = {
    "_sqlite_migrations": "the names of the applied migrations",
    "served_answers": "a fingerprint of each entry's answer as last served",
}
# Columns holding ids although their name does not say so: how the test finds the user in them.
HIDDEN_IDS = {PTB_CONVERSATIONS: "key"}  # a JSON list of the chat's and the user's id


@pytest.fixture
def db() -> Database:
    """An empty database after all migrations."""
    return Store(Database(memory=True)).db


def schema(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Every table of the database with its (column, type) pairs, read from SQLite itself."""
    tables = [
        row[0]
        for row in db.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
        )
    ]
    return {
        table: [(row[1], row[2].upper()) for row in db.execute(f"pragma table_info([{table}])")]
        for table in tables
    }


def id_columns(columns: list[tuple[str, str]]) -> list[str]:
    """The columns whose name says they hold a user's or chat's id."""
    return [name for name, _ in columns if ID_COLUMN.search(name)]


def test_every_table_holding_a_user_or_chat_id_is_deleted_or_kept_with_a_reason(db):
    tables = schema(db)
    holding_ids = {table for table, columns in tables.items() if id_columns(columns)}
    assert {"questions", "denied", "subscribers", "reports", "ptb_user_data"} <= holding_ids
    forgotten = holding_ids - set(DELETED) - set(KEPT)
    assert not forgotten, f"add these tables to bot/access/privacy.py DELETED or KEPT: {forgotten}"
    assert not set(DELETED) & set(KEPT)
    for table, kept in KEPT.items():
        for language in ("id", "en"):
            what, _, why = kept.line(language).partition(": ")
            assert what and why, (table, language)


def test_every_table_is_classified_and_every_listed_table_exists(db):
    tables = schema(db)
    classified = set(DELETED) | set(KEPT) | set(NO_PERSONAL_IDS)
    assert set(tables) == classified, (
        "a table is unknown to bot/access/privacy.py, or listed but gone"
    )
    for table in NO_PERSONAL_IDS:
        assert not id_columns(tables[table]) and table not in HIDDEN_IDS, table


def test_deletion_matches_every_id_column_of_its_tables(db):
    for table, columns in schema(db).items():
        if table in DELETED:
            for column in [*id_columns(columns), HIDDEN_IDS.get(table)]:
                if column:
                    assert re.search(rf"\b{column}\b", DELETED[table]), (table, column)


def sample_value(column: str, kind: str, user_id: int) -> object:
    """A value for one column of a row about user_id."""
    if ID_COLUMN.search(column):
        return user_id
    if kind == "INTEGER":
        return 7
    if kind in ("FLOAT", "REAL"):
        return 1.5
    return f"{column}-{user_id}"


def fill(db: Database, user_id: int) -> None:
    """Put a row about user_id in every table, every id column holding it."""
    for table, columns in schema(db).items():
        if table in NO_PERSONAL_IDS:
            continue
        row = {name: sample_value(name, kind, user_id) for name, kind in columns if name != "id"}
        if table == PTB_CONVERSATIONS:
            row["key"] = json.dumps([user_id, user_id])
        db[table].insert(row)


def rows_about(db: Database, table: str, user_id: int) -> int:
    """Count the rows of a table with user_id in an id column (or hidden in a JSON key)."""
    columns = id_columns(schema(db)[table])
    hidden = HIDDEN_IDS.get(table)
    rows = list(db[table].rows)
    return sum(
        1
        for row in rows
        if any(row[column] == user_id for column in columns)
        or (hidden and user_id in json.loads(row[hidden]))
    )


def test_after_deletion_no_row_with_the_id_remains_outside_the_kept_tables(db):
    fill(db, USER)
    fill(db, OTHER)
    store = Store(db)
    before = store.user_data_counts(USER)
    assert all(before[table] >= 1 for table in DELETED), before
    deleted = store.delete_user_data(USER)
    assert deleted == before
    for table in schema(db):
        if table in NO_PERSONAL_IDS:
            continue
        kept = rows_about(db, table, USER)
        if table in KEPT:
            assert kept == 1, f"{table} is kept on purpose: {KEPT[table].reason_en}"
        else:
            assert kept == 0, f"{table} still holds rows about the user"
        assert rows_about(db, table, OTHER) == 1, f"{table}: another user's row went too"
    assert all(count == 0 for count in store.user_data_counts(USER).values())


def test_deleting_a_user_removes_their_feedback_on_nobody_elses_question(db):
    store = Store(db)
    db["questions"].insert({"id": 1, "user_id": USER, "chat_id": USER, "question": "a"})
    db["questions"].insert({"id": 2, "user_id": OTHER, "chat_id": OTHER, "question": "b"})
    db["feedback"].insert_all(
        [
            {"question_id": 1, "user_id": OTHER, "helpful": 1},
            {"question_id": 2, "user_id": OTHER, "helpful": 0},
        ]
    )
    store.delete_user_data(USER)
    assert [row["question_id"] for row in db["feedback"].rows] == [2]


def test_kept_lines_say_why_in_both_languages():
    assert any("catatan resmi" in line for line in kept_lines("id"))
    assert any("official records" in line for line in kept_lines("en"))
    assert len(kept_lines("id")) == len(kept_lines("en")) == len(KEPT)
