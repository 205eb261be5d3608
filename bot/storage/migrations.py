"""Schema migrations, applied in order when a Store opens the database."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("policybot")


@migrations()
def m001_questions(db: Database) -> None:
    """Every question asked, and the ones the bot could not answer."""
    db.table("questions").create(
        {
            "id": int,
            "asked_at": str,
            "channel": str,
            "user_id": int,
            "chat_id": int,
            "language": str,
            "question": str,
            "normalized": str,
            "entry_id": str,
            "score": float,
            "outcome": str,
        },
        pk="id",
    )
    db.table("questions").create_index(["asked_at"])
    db.table("questions").create_index(["user_id"])
    db.table("unanswered").create(
        {
            "id": int,
            "question_id": int,
            "asked_at": str,
            "user_id": int,
            "chat_id": int,
            "language": str,
            "question": str,
            "normalized": str,
            "best_entry_id": str,
            "best_score": float,
            "reason": str,
            "status": str,
            "resolved_at": str,
            "resolved_entry_id": str,
        },
        pk="id",
        foreign_keys=[("question_id", "questions", "id")],
    )
    db.table("unanswered").create_index(["status"])


@migrations()
def m002_users_and_feedback(db: Database) -> None:
    """Per-user settings (chosen language) and 👍/👎 feedback on answers."""
    db.table("users").create(
        {"user_id": int, "language": str, "first_seen": str, "last_seen": str}, pk="user_id"
    )
    db.table("unanswered").add_column("picked_entry_id", str)
    db.table("feedback").create(
        {"question_id": int, "user_id": int, "helpful": int, "given_at": str},
        pk=("question_id", "user_id"),
        foreign_keys=[("question_id", "questions", "id")],
    )


@migrations()
def m003_roles_and_reports(db: Database) -> None:
    """Officers and their regions, refused attempts, and officers' status reports."""
    db.table("officers").create(
        {
            "user_id": int,
            "province": str,
            "district": str,
            "active": int,
            "granted_by": int,
            "granted_at": str,
            "revoked_at": str,
        },
        pk="user_id",
    )
    db.table("denied").create({"id": int, "user_id": int, "action": str, "at": str}, pk="id")
    db.table("reports").create(
        {
            "id": int,
            "officer_id": int,
            "province": str,
            "district": str,
            "company": str,
            "company_key": str,
            "iomki": str,
            "status": str,
            "workers": int,
            "checklist": str,
            "notes": str,
            "photo_file_id": str,
            "latitude": float,
            "longitude": float,
            "created_at": str,
            "report_date": str,
            "replaced_by": int,
        },
        pk="id",
    )
    db.table("reports").create_index(["officer_id", "company_key", "report_date"])
    db.table("reports").create_index(["report_date", "province", "district"])


@migrations()
def m004_subscriptions_and_broadcasts(db: Database) -> None:
    """Subscribers and their filters, blocks, broadcasts and the per-recipient delivery ledger."""
    db.table("subscribers").create(
        {
            "chat_id": int,
            "user_id": int,
            "language": str,
            "active": int,
            "province": str,
            "district": str,
            "topics": str,
            "subscribed_at": str,
            "updated_at": str,
            "unsubscribed_at": str,
            "unsubscribed_reason": str,
        },
        pk="chat_id",
    )
    db.table("subscribers").create_index(["active"])
    db.table("bot_blocks").create(
        {
            "chat_id": int,
            "blocked_at": str,
            "unblocked_at": str,
            "was_subscribed": int,
            "welcomed_at": str,
        },
        pk="chat_id",
    )
    db.table("broadcasts").create(
        {
            "id": int,
            "author_id": int,
            "author_role": str,
            "language": str,
            "text": str,
            "html": str,
            "media_kind": str,
            "media_file_id": str,
            "province": str,
            "district": str,
            "topic": str,
            "status": str,
            "recipients": int,
            "created_at": str,
            "confirmed_at": str,
            "decided_by": int,
            "decided_at": str,
            "finished_at": str,
            "progress_chat_id": int,
            "progress_message_id": int,
        },
        pk="id",
    )
    db.table("broadcasts").create_index(["status"])
    db.table("deliveries").create(
        {
            "id": int,
            "broadcast_id": int,
            "chat_id": int,
            "status": str,
            "attempts": int,
            "reason": str,
            "claimed_at": str,
            "finished_at": str,
        },
        pk="id",
        foreign_keys=[("broadcast_id", "broadcasts", "id")],
    )
    db.table("deliveries").create_index(["broadcast_id", "chat_id"], unique=True)
    db.table("deliveries").create_index(["broadcast_id", "status"])


@migrations()
def m005_curation(db: Database) -> None:
    """Audit log of knowledge edits; telling askers that their question now has an answer."""
    db.table("kb_audit").create(
        {
            "id": int,
            "at": str,
            "actor_id": int,
            "action": str,
            "entry_id": str,
            "file": str,
            "before": str,
            "after": str,
        },
        pk="id",
    )
    db.table("kb_audit").create_index(["entry_id"])
    db.table("unanswered").add_column("notify_status", str)
    db.table("unanswered").add_column("notified_at", str)
    db.table("users").add_column("answer_notifications", int)


# python-telegram-bot's persistence (handlers/persistence.py) keeps its rows in these tables.
PTB_CONVERSATIONS = "ptb_conversations"
PTB_USER_DATA = "ptb_user_data"


@migrations()
def m006_telegram_persistence(db: Database) -> None:
    """Conversation states and per-user data of the Telegram bot, part of the schema from the
    start, so that privacy (bot/access/privacy.py) sees them like every other table."""
    if not db.table(PTB_CONVERSATIONS).exists():
        db.table(PTB_CONVERSATIONS).create(
            {"name": str, "key": str, "state": str}, pk=("name", "key")
        )
    if not db.table(PTB_USER_DATA).exists():
        db.table(PTB_USER_DATA).create({"user_id": int, "data": str}, pk="user_id")


@migrations()
def m007_answer_notices(db: Database) -> None:
    """The answer notices get a table of their own, written by the outbox (bot/outbox/sending.py) only:
    one row per unanswered row that was queued or skipped, with the same id. The states are
    copied from unanswered.notify_status and notified_at; those two columns stay in the
    unanswered table, unused (SQLite drops a column only by copying the whole table, which is
    not worth the risk for two empty columns)."""
    db.table("answer_notices").create(
        {"id": int, "user_id": int, "status": str, "reason": str, "notified_at": str},
        pk="id",
        foreign_keys=[("id", "unanswered", "id")],
    )
    db.table("answer_notices").create_index(["status"])
    db.table("answer_notices").create_index(["user_id"])
    db.execute(
        "insert into answer_notices (id, user_id, status, notified_at) "
        "select id, user_id, notify_status, notified_at from unanswered "
        "where notify_status is not null"
    )


@migrations()
def m008_scheduled_broadcasts(db: Database) -> None:
    """Broadcasts may wait for a time (`scheduled_at`, UTC) and repeat weekly. A weekly series is
    a broadcast of its own (status `recurring`, never sent itself); each occurrence is a copy with
    `series_id` pointing at it, so it has its own deliveries and report. The unique index makes an
    occurrence impossible to create twice."""
    broadcasts = db.table("broadcasts")
    broadcasts.add_column("scheduled_at", str)
    broadcasts.add_column("repeat", str)
    broadcasts.add_column("repeat_until", str)
    broadcasts.add_column("series_id", int)
    broadcasts.add_column("urgent", int, not_null_default=0)
    broadcasts.create_index(["series_id", "scheduled_at"], unique=True)
    broadcasts.create_index(["status", "scheduled_at"])


@migrations()
def m009_answer_changes(db: Database) -> None:
    """ "What changed" notices: the answers last served (to notice a change, once, whichever
    process sees it), the changes found, and their notices, written by the outbox only."""
    db.table("served_answers").create(
        {"entry_id": str, "answer_hash": str, "seen_at": str}, pk="entry_id"
    )
    db.table("answer_changes").create(
        {
            "id": int,
            "entry_id": str,
            "answer_hash": str,
            "detected_at": str,
            "previewed_at": str,
            "decision": str,
            "decided_by": int,
            "decided_at": str,
        },
        pk="id",
    )
    db.table("answer_changes").create_index(["entry_id", "answer_hash"], unique=True)
    db.table("change_notices").create(
        {
            "id": int,
            "change_id": int,
            "chat_id": int,
            "status": str,
            "attempts": int,
            "reason": str,
            "claimed_at": str,
            "finished_at": str,
        },
        pk="id",
        foreign_keys=[("change_id", "answer_changes", "id")],
    )
    db.table("change_notices").create_index(["change_id", "chat_id"], unique=True)
    db.table("change_notices").create_index(["change_id", "status"])
