"""python-telegram-bot persistence in the bot's own SQLite database, as JSON (no pickle files).

Stores conversation states (so an officer halfway through /lapor continues after a restart)
and user_data (where the draft report lives). Writes go straight to SQLite.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database
from telegram.ext import BasePersistence, PersistenceInput

from bot.migrations import PTB_CONVERSATIONS, PTB_USER_DATA

# The tables are created by the migrations too (bot/privacy.py deletes a user's rows in them).
CONVERSATIONS = PTB_CONVERSATIONS
USER_DATA = PTB_USER_DATA
UPDATE_INTERVAL = 1.0  # seconds between PTB's persistence sweeps


class SQLitePersistence(BasePersistence[dict, dict, dict]):
    """Keeps conversations and user_data in two small tables of the policybot database."""

    def __init__(self, db: Database) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=UPDATE_INTERVAL,
        )
        self.db = db
        if not db[CONVERSATIONS].exists():
            db[CONVERSATIONS].create({"name": str, "key": str, "state": str}, pk=("name", "key"))
        if not db[USER_DATA].exists():
            db[USER_DATA].create({"user_id": int, "data": str}, pk="user_id")

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Load every user's data."""
        return {row["user_id"]: json.loads(row["data"]) for row in self.db[USER_DATA].rows}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Save one user's data (an empty dict removes the row)."""
        if data:
            self.db[USER_DATA].upsert({"user_id": user_id, "data": json.dumps(data)}, pk="user_id")
        else:
            await self.drop_user_data(user_id)

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        self.db.execute(f"delete from {USER_DATA} where user_id = ?", [user_id])

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def get_conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        """Load the states of one ConversationHandler."""
        rows = self.db[CONVERSATIONS].rows_where("name = ?", [name])
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    async def update_conversation(
        self, name: str, key: tuple[int | str, ...], new_state: object | None
    ) -> None:
        """Save (or, when the conversation ended, delete) one conversation's state."""
        key_text = json.dumps(list(key))
        if new_state is None:
            self.db.execute(
                f"delete from {CONVERSATIONS} where name = ? and key = ?", [name, key_text]
            )
            return
        self.db[CONVERSATIONS].upsert(
            {"name": name, "key": key_text, "state": json.dumps(new_state)}, pk=("name", "key")
        )

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """Chat data is not persisted."""
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Chat data is not persisted."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Chat data is not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not persisted."""

    async def get_bot_data(self) -> dict[Any, Any]:
        """Bot data is not persisted (the services live there)."""
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Bot data is not persisted."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Bot data is not persisted."""

    async def get_callback_data(self) -> None:
        """Arbitrary callback data is not used."""
        return None

    async def update_callback_data(self, data: Any) -> None:
        """Arbitrary callback data is not used."""

    async def flush(self) -> None:
        """Every write is already committed."""
