"""What a front end keeps between restarts: conversation states and per-user data, as JSON.

The Telegram front end's persistence (handlers/persistence.py) stores here the state of each
conversation (so an officer halfway through /lapor continues after a restart) and each user's
data (where the draft report lives). The tables are created by migration m006; every write
commits at once.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from bot.access.privacy import DELETED
from bot.storage.migrations import PTB_CONVERSATIONS, PTB_USER_DATA


class SessionState:
    """The conversation-state and user-data tables; the only module writing them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def user_data(self) -> dict[int, dict[Any, Any]]:
        """Return every user's data."""
        return {
            row["user_id"]: json.loads(row["data"]) for row in self.db.table(PTB_USER_DATA).rows
        }

    def save_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Save one user's data (an empty dict removes the row)."""
        if data:
            self.db.table(PTB_USER_DATA).upsert(
                {"user_id": user_id, "data": json.dumps(data)}, pk="user_id"
            )
        else:
            self.drop_user_data(user_id)

    def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        self.db.execute(f"delete from {PTB_USER_DATA} where user_id = ?", [user_id])

    def conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        """Return the states of one conversation handler's conversations, by key."""
        rows = self.db.table(PTB_CONVERSATIONS).rows_where("name = ?", [name])
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    def save_conversation(
        self, name: str, key: tuple[int | str, ...], state: object | None
    ) -> None:
        """Save (or, when the conversation ended, delete) one conversation's state."""
        key_text = json.dumps(list(key))
        if state is None:
            self.db.execute(
                f"delete from {PTB_CONVERSATIONS} where name = ? and key = ?", [name, key_text]
            )
            return
        self.db.table(PTB_CONVERSATIONS).upsert(
            {"name": name, "key": key_text, "state": json.dumps(state)}, pk=("name", "key")
        )


def forget_user(db: Database, user_id: int) -> None:
    """Delete a user's data and every conversation their id is part of."""
    about = {"id": user_id}
    db.execute(f"delete from {PTB_USER_DATA} where {DELETED[PTB_USER_DATA]}", about)
    db.execute(f"delete from {PTB_CONVERSATIONS} where {DELETED[PTB_CONVERSATIONS]}", about)
