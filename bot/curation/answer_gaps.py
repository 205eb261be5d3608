"""Close a gap in the knowledge base from a group of unanswered questions, in one call.

Attaching a group to an entry writes the YAML (the group's question becomes a phrasing), then
marks the group resolved and queues one notice per asker; creating an entry from a group does
the same with a new entry. Everything that can refuse — permissions, a group already handled,
an unknown entry, a phrasing some entry already has, an invalid new entry — is checked before
the file is written, so a refusal leaves the knowledge base and the database as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.access.roles import Role
from bot.curation.unanswered import Curation
from bot.editing.editor import KnowledgeEditor
from bot.knowledge.base import Entry


@dataclass(frozen=True, slots=True)
class GapClosed:
    """The entry that now answers a group, and how many askers will be told."""

    entry: Entry
    notices: int


class AnswerGaps:
    """The curators' use cases that edit the knowledge base and resolve a group together."""

    def __init__(self, editor: KnowledgeEditor, curation: Curation) -> None:
        self.editor = editor
        self.curation = curation

    def attach(self, admin_id: int | None, group_id: int, entry_id: str) -> GapClosed:
        """Add a group's question as a phrasing of an entry and tell the group's askers."""
        group = self.curation.group(admin_id, group_id)  # refuses a handled group
        self.editor.entry(admin_id, entry_id)  # refuses an unknown entry
        entry = self.editor.add_phrasing(admin_id, entry_id, group.examples[0])
        return self._resolve(admin_id, group.id, entry, group.unanswered_ids)

    def create_entry(
        self,
        admin_id: int | None,
        document_id: str,
        fields: Mapping[str, Any],
        group_id: int | None = None,
        unanswered_ids: Sequence[int] | None = None,
    ) -> GapClosed:
        """Add an entry; when it comes from a group, resolve the group and tell its askers."""
        if group_id is not None:
            self.curation.roles.require(admin_id, "unanswered.resolve", Role.ADMIN)
            self.curation.rows_of(group_id, unanswered_ids)  # refuses a handled group
        entry = self.editor.add_entry(admin_id, document_id, fields)
        if group_id is None:
            return GapClosed(entry, 0)
        return self._resolve(admin_id, group_id, entry, unanswered_ids)

    def _resolve(
        self, admin_id: int | None, group_id: int, entry: Entry, ids: Sequence[int] | None
    ) -> GapClosed:
        notices = self.curation.resolve_group(admin_id, group_id, entry.id, ids)
        return GapClosed(entry, len(notices))
