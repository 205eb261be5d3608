"""Reload knowledge/ on an admin's request; a broken file leaves the last good base in service."""

from __future__ import annotations

from bot.holder import KnowledgeHolder
from bot.knowledge import KnowledgeBase
from bot.roles import Role, Roles


def reload_knowledge(roles: Roles, holder: KnowledgeHolder, user_id: int) -> KnowledgeBase:
    """Reload the knowledge folder (admins only); raise KnowledgeError, keeping the old base."""
    roles.require(user_id, "knowledge.reload", Role.ADMIN)
    return holder.reload()
