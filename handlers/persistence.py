"""python-telegram-bot persistence in the bot's own SQLite database, as JSON (no pickle files).

Stores conversation states (so an officer halfway through /lapor continues after a restart)
and user_data (where the draft report lives) through bot/storage/session_state.py, which owns the
tables. Writes go straight to SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from telegram.ext import BasePersistence, PersistenceInput

from bot.storage.session_state import SessionState

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
        self.state = SessionState(db)

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Load every user's data."""
        return self.state.user_data()

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Save one user's data (an empty dict removes the row)."""
        self.state.save_user_data(user_id, data)

    async def drop_user_data(self, user_id: int) -> None:
        """Forget one user's data."""
        self.state.drop_user_data(user_id)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def get_conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        """Load the states of one ConversationHandler."""
        return self.state.conversations(name)

    async def update_conversation(
        self, name: str, key: tuple[int | str, ...], new_state: object | None
    ) -> None:
        """Save (or, when the conversation ended, delete) one conversation's state."""
        self.state.save_conversation(name, key, new_state)

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
