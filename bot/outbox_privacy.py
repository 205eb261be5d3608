"""A recipient's rows in the broadcast delivery ledger, deleted on their request (/hapus_data).

It lives apart from bot/ledger.py, the deliveries table's writer, only until the outbox
(issue 11, item 1) gives the outbox tables one owner module; this function then moves there.
"""

from __future__ import annotations

from sqlite_utils import Database

from bot.privacy import DELETED


def forget_user(db: Database, user_id: int) -> None:
    """Delete the deliveries to the user's private chat (the broadcasts themselves are kept)."""
    db.execute(f"delete from deliveries where {DELETED['deliveries']}", {"id": user_id})
