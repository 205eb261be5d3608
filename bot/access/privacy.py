"""What policybot stores about a Telegram user: counted by /privasi, deleted by /hapus_data.

This module classifies the tables; the storage layer counts the rows (bot/storage/store.py) and each
table's owning module deletes its own (tests/test_table_owners.py names the owners).
Every table that holds a user's or a chat's id is either in DELETED, with the condition that
finds the user's rows, or in KEPT, with the reason users are told why it stays. tests/
test_privacy.py reads the schema itself after all migrations, so a new table cannot be forgotten.
A user's private chat has their user id as its chat id, so chat ids are matched too.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import text
from bot.storage.migrations import PTB_CONVERSATIONS, PTB_USER_DATA

OWN_QUESTIONS = "select id from questions where user_id = :id or chat_id = :id"
ABOUT_UNANSWERED = f"user_id = :id or chat_id = :id or question_id in ({OWN_QUESTIONS})"
# Table → the condition on :id (the Telegram user id) selecting the rows about that user.
DELETED: dict[str, str] = {
    "questions": "user_id = :id or chat_id = :id",
    "unanswered": ABOUT_UNANSWERED,
    "feedback": f"user_id = :id or question_id in ({OWN_QUESTIONS})",
    "users": "user_id = :id",
    "denied": "user_id = :id",
    "subscribers": "user_id = :id or chat_id = :id",
    "bot_blocks": "chat_id = :id",
    "deliveries": "chat_id = :id",
    "change_notices": "chat_id = :id",
    # A notice has the id of the unanswered row it tells about: the notices go first.
    "answer_notices": f"user_id = :id or id in (select id from unanswered where {ABOUT_UNANSWERED})",
    PTB_USER_DATA: "user_id = :id",
    # A conversation's key is a JSON list of the chat's and the user's id, e.g. [1001, 1001].
    PTB_CONVERSATIONS: f"exists (select 1 from json_each([{PTB_CONVERSATIONS}].key) "
    "where json_each.value = :id)",
}


@dataclass(frozen=True, slots=True)
class Kept:
    """A table kept on purpose: which of its rows concern the user, and why they stay (kept_*)."""

    where: str
    message_key: str

    def line(self, language: str) -> str:
        """Return '<what>: <why>' in 'id' or 'en'."""
        return text(self.message_key, language)


KEPT: dict[str, Kept] = {
    "reports": Kept("officer_id = :id", "kept_reports"),
    "officers": Kept("user_id = :id or granted_by = :id", "kept_officers"),
    "broadcasts": Kept(
        "author_id = :id or decided_by = :id or progress_chat_id = :id", "kept_broadcasts"
    ),
    "kb_audit": Kept("actor_id = :id", "kept_kb_audit"),
    "answer_changes": Kept("decided_by = :id", "kept_answer_changes"),
}


def kept_lines(language: str) -> list[str]:
    """One line per kind of data kept on purpose, with the reason, in 'id' or 'en'."""
    return [kept.line(language) for kept in KEPT.values()]


def kept_report(counts: dict[str, int]) -> list[str]:
    """Lines for `policybot privacy show|delete`: what is kept about the user on purpose, why,
    from the user's row counts in the kept tables (Store.kept_data_counts)."""
    return [
        "Kept on purpose (never deleted by privacy delete):",
        *(f"  {counts[table]} {table} — {kept.line('en')}" for table, kept in KEPT.items()),
    ]
