"""Feedback on answers: 👍/👎, and 'none of these matched' on suggestions."""

from __future__ import annotations

import datetime as dt

from bot.errors import NotFound
from bot.storage.store import QuestionRecord, Store


def stored_question(store: Store, question_id: int) -> dict:
    """Return a stored question or raise NotFound with a polite message."""
    row = store.question(question_id)
    if row is None:
        raise NotFound.from_catalogue("question_not_stored")
    return row


def give_feedback(
    store: Store, question_id: int, user_id: int, helpful: bool, now: dt.datetime
) -> None:
    """Record 👍/👎 on an answer; 👎 puts the question up for the curators' review."""
    row = stored_question(store, question_id)
    store.record_feedback(question_id, user_id, helpful, now)
    if not helpful:
        flag_for_review(store, row, "feedback")


def report_none_matched(store: Store, question_id: int) -> None:
    """Record that none of the suggestions fitted the user's question."""
    flag_for_review(store, stored_question(store, question_id), "none_matched")


def flag_for_review(store: Store, row: dict, reason: str) -> None:
    """Open (or re-label) the review row of a stored question."""
    existing = store.open_unanswered_for(row["id"])
    if existing:
        store.set_unanswered_reason(existing["id"], reason)
        return
    record = QuestionRecord(
        asked_at=dt.datetime.fromisoformat(row["asked_at"]),
        channel=row["channel"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        language=row["language"],
        question=row["question"],
        normalized=row["normalized"],
        entry_id=row["entry_id"],
        score=row["score"],
        outcome=row["outcome"],
    )
    store.log_unanswered(row["id"], record, reason=reason)
