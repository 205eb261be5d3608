"""Reload knowledge/ on an admin's request; a broken file leaves the last good base in service."""

from __future__ import annotations

from bot.access.roles import Role, Roles
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.current import KnowledgeHolder


def reload_knowledge(roles: Roles, holder: KnowledgeHolder, user_id: int) -> KnowledgeBase:
    """Reload the knowledge folder (admins only); raise KnowledgeError, keeping the old base."""
    roles.require(user_id, "knowledge.reload", Role.ADMIN)
    return holder.reload()
