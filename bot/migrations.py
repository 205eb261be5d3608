"""Schema migrations, applied in order when a Store opens the database."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("policybot")


@migrations()
def m001_questions(db: Database) -> None:
    """Every question asked, and the ones the bot could not answer."""
    db["questions"].create(
        {
            "id": int, "asked_at": str, "channel": str, "user_id": int, "chat_id": int,
            "language": str, "question": str, "normalized": str, "entry_id": str,
            "score": float, "outcome": str,
        },
        pk="id",
    )
    db["questions"].create_index(["asked_at"])
    db["questions"].create_index(["user_id"])
    db["unanswered"].create(
        {
            "id": int, "question_id": int, "asked_at": str, "user_id": int, "chat_id": int,
            "language": str, "question": str, "normalized": str, "best_entry_id": str,
            "best_score": float, "reason": str, "status": str, "resolved_at": str,
            "resolved_entry_id": str,
        },
        pk="id",
        foreign_keys=[("question_id", "questions", "id")],
    )
    db["unanswered"].create_index(["status"])


@migrations()
def m002_users_and_feedback(db: Database) -> None:
    """Per-user settings (chosen language) and 👍/👎 feedback on answers."""
    db["users"].create(
        {"user_id": int, "language": str, "first_seen": str, "last_seen": str}, pk="user_id"
    )
    db["unanswered"].add_column("picked_entry_id", str)
    db["feedback"].create(
        {"question_id": int, "user_id": int, "helpful": int, "given_at": str},
        pk=("question_id", "user_id"),
        foreign_keys=[("question_id", "questions", "id")],
    )


@migrations()
def m003_roles_and_reports(db: Database) -> None:
    """Officers and their regions, refused attempts, and officers' status reports."""
    db["officers"].create(
        {"user_id": int, "province": str, "district": str, "active": int, "granted_by": int,
         "granted_at": str, "revoked_at": str},
        pk="user_id",
    )
    db["denied"].create(
        {"id": int, "user_id": int, "action": str, "at": str}, pk="id"
    )
    db["reports"].create(
        {
            "id": int, "officer_id": int, "province": str, "district": str, "company": str,
            "company_key": str, "iomki": str, "status": str, "workers": int, "checklist": str,
            "notes": str, "photo_file_id": str, "latitude": float, "longitude": float,
            "created_at": str, "report_date": str, "replaced_by": int,
        },
        pk="id",
    )
    db["reports"].create_index(["officer_id", "company_key", "report_date"])
    db["reports"].create_index(["report_date", "province", "district"])
