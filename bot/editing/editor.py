"""Edit the knowledge base (admins only): validated, surgical, atomic YAML writes.

A change rewrites only the text of the entry concerned (found through the YAML node marks), so
the rest of the file keeps its bytes, comments and formatting; new entries go at the end of
`entries:`. The whole folder is validated from a temporary copy before anything is written.
Then each file is replaced atomically (temporary file in the same folder, fsync, os.replace),
its previous version is kept in `.backup/` (which the loader's `*.yaml` glob never sees), the
holder reloads at once, and every change is recorded in `kb_audit` with before/after YAML.
"""

from __future__ import annotations

import datetime as dt
import stat
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.access.roles import Role, Roles
from bot.clock import Clock
from bot.editing.fields import canonical, clean_fields, clean_text, entry_mapping, slug, unique_id
from bot.editing.yaml_text import (
    BACKUP_DIR,
    Planned,
    atomic_write,
    backup_name,
    dump_entry,
    edit_text,
    folder_lock,
)
from bot.errors import KnowledgeError, NotFound, Problem, UserError
from bot.knowledge.base import ENTRY_KEYS, Entry, KnowledgeBase, load_knowledge
from bot.knowledge.current import KnowledgeHolder
from bot.matching.text import normalize
from bot.messages import both

EDITABLE = frozenset(ENTRY_KEYS - {"reviewed"})


class ChangeRefused(UserError):
    """A change that would break the knowledge base; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(*both("kb_change_refused", lines=lines))


@dataclass(frozen=True, slots=True)
class Change:
    """One change: 'add' (to document_id), 'update', 'add_phrasing' or 'delete' an entry."""

    action: str
    entry_id: str = ""
    document_id: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)


class KnowledgeEditor:
    """Search, show, add, change and delete knowledge entries; every write is audited."""

    def __init__(
        self,
        holder: KnowledgeHolder,
        roles: Roles,
        db: Database,
        clock: Clock,
        zone: dt.tzinfo,
        after_write: Callable[[], object] = lambda: None,
    ) -> None:
        self.holder = holder
        self.roles = roles
        self.db = db
        self.clock = clock
        self.zone = zone
        self.after_write = after_write  # told once the new knowledge is in service
        self.lock = threading.Lock()

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base in service."""
        return self.holder.knowledge

    @property
    def folder(self) -> Path:
        """The knowledge folder being edited."""
        return Path(self.holder.directory)

    def search(self, admin_id: int | None, words: str, limit: int = 10) -> list[Entry]:
        """Find entries by exact id, by the matcher's ranking, then by id or tag substring."""
        self.roles.require(admin_id, "kb.search", Role.ADMIN)
        needle = words.strip().casefold()
        if not needle:
            raise UserError.from_catalogue("kb_search_empty")
        exact = [entry for entry in [self.knowledge.entry(needle)] if entry]
        ranked = [match.entry for match in self.holder.matcher.rank(words, limit)]
        hits = [
            entry
            for entry in self.knowledge.entries
            if needle in entry.id or any(needle in tag.casefold() for tag in entry.tags)
        ]
        unique: dict[str, Entry] = {}
        for entry in [*exact, *ranked, *hits]:
            unique.setdefault(entry.id, entry)
        return list(unique.values())[:limit]

    def entry(self, admin_id: int | None, entry_id: str) -> Entry:
        """Return one entry by id (NotFound if there is none)."""
        self.roles.require(admin_id, "kb.view", Role.ADMIN)
        return self._existing(entry_id)

    def add_entry(
        self, admin_id: int | None, document_id: str, fields: Mapping[str, Any]
    ) -> Entry:
        """Add an entry at the end of a document's file; its id is slugged if not given."""
        change = Change("add", document_id=document_id, fields=fields)
        return self._only(self.apply(admin_id, [change], "kb.add"))

    def update_entry(
        self, admin_id: int | None, entry_id: str, changes: Mapping[str, Any]
    ) -> Entry:
        """Change fields of an entry (a partial source is merged; None removes also/tags)."""
        change = Change("update", entry_id, fields=changes)
        return self._only(self.apply(admin_id, [change], "kb.update"))

    def add_phrasing(self, admin_id: int | None, entry_id: str, question: str) -> Entry:
        """Add a question phrasing to an entry; refuse one any entry already has."""
        change = Change("add_phrasing", entry_id, fields={"question": question})
        return self._only(self.apply(admin_id, [change], "kb.add_phrasing"))

    def delete_entry(self, admin_id: int | None, entry_id: str) -> None:
        """Delete an entry from its file."""
        self.apply(admin_id, [Change("delete", entry_id)], "kb.delete")

    def apply(
        self, admin_id: int | None, changes: Sequence[Change], action: str = "kb.import"
    ) -> list[Entry | None]:
        """Apply changes together: one validation, one write per file, one reload."""
        self.roles.require(admin_id, action, Role.ADMIN)
        with self.lock, folder_lock(self.folder):
            self._refresh()
            plans = self._plan(changes)
            texts = self._edit_texts(plans)
            self._validate(texts, plans)
            for name, text in texts.items():
                self._replace(self.folder / name, text)
            self._audit(admin_id, plans)
            self.holder.reload()
            self.after_write()
        return [self.knowledge.entry(plan.entry_id) if plan.after else None for plan in plans]

    @staticmethod
    def _only(entries: list[Entry | None]) -> Entry:
        assert entries[0] is not None
        return entries[0]

    def _existing(self, entry_id: str) -> Entry:
        entry = self.knowledge.entry(entry_id.strip())
        if entry is None:
            raise NotFound.from_catalogue("kb_entry_not_found", entry_id=entry_id)
        return entry

    def _refresh(self) -> None:
        if self.holder.changed_on_disk():
            try:
                self.holder.reload()
            except KnowledgeError as error:
                raise ChangeRefused(error.problems) from error

    def _today(self) -> dt.date:
        return self.clock().astimezone(self.zone).date()

    def _plan(self, changes: Sequence[Change]) -> list[Planned]:
        taken = set(self.knowledge.by_id)
        seen: set[str] = set()
        plans = []
        for change in changes:
            plan = (
                self._plan_add(change, taken)
                if change.action == "add"
                else (self._plan_existing(change))
            )
            if plan.entry_id in seen:
                raise UserError.from_catalogue("kb_entry_changed_twice", entry_id=plan.entry_id)
            seen.add(plan.entry_id)
            plans.append(plan)
        return plans

    def _plan_add(self, change: Change, taken: set[str]) -> Planned:
        document = self.knowledge.documents.get(change.document_id)
        if document is None:
            raise NotFound.from_catalogue("kb_document_not_found", document_id=change.document_id)
        fields = clean_fields(change.fields, EDITABLE)
        defaults = {
            "document": document.short,
            "date": document.date,
            "date_en": document.date_en,
            "status": document.status,
            "status_en": document.status_en,
        }
        source = {**defaults, **(fields.get("source") or {})}
        entry_id = fields.get("id") or unique_id(slug((fields.get("questions") or [""])[0]), taken)
        taken.add(entry_id)
        after = {**fields, "id": entry_id, "source": source, "reviewed": self._today()}
        return Planned("add", entry_id, Path(document.path).name, None, canonical(after))

    def _plan_existing(self, change: Change) -> Planned:
        entry = self._existing(change.entry_id)
        before = entry_mapping(entry)
        if change.action == "delete":
            return Planned("delete", entry.id, Path(entry.path).name, before, None)
        fields: dict[str, Any]
        if change.action == "add_phrasing":
            fields = {"questions": [*entry.questions, self._new_phrasing(change.fields)]}
        elif change.action == "update":
            fields = clean_fields(change.fields, EDITABLE)
        else:
            raise ValueError(f"unknown change {change.action!r}")
        if fields.get("id", entry.id) != entry.id:
            raise UserError.from_catalogue("kb_id_unchangeable")
        if "source" in fields:
            fields["source"] = {**before["source"], **fields["source"]}
        after = canonical({**before, **fields, "reviewed": self._today()})
        return Planned(change.action, entry.id, Path(entry.path).name, before, after)

    def _new_phrasing(self, fields: Mapping[str, Any]) -> str:
        question = clean_text("question", fields.get("question"))
        if not question:
            raise UserError.from_catalogue("kb_phrasing_empty")
        key = normalize(question, self.knowledge.synonyms)
        for other in self.knowledge.entries:
            if any(normalize(text, self.knowledge.synonyms) == key for text in other.questions):
                raise UserError.from_catalogue("kb_phrasing_taken", entry_id=other.id)
        return question

    def _edit_texts(self, plans: list[Planned]) -> dict[str, str]:
        texts: dict[str, str] = {}
        for plan in plans:
            text = texts.get(plan.file)
            if text is None:
                text = (self.folder / plan.file).read_bytes().decode("utf-8")
            texts[plan.file] = edit_text(text, plan)
        return texts

    def _validate(self, texts: dict[str, str], plans: list[Planned]) -> None:
        with tempfile.TemporaryDirectory(prefix="policybot-kb-") as temp:
            for path in sorted(self.folder.glob("*.yaml")):
                text = texts.get(path.name)
                data = path.read_bytes() if text is None else text.encode("utf-8")
                (Path(temp) / path.name).write_bytes(data)
            try:
                knowledge = load_knowledge(temp)
            except KnowledgeError as error:
                raise ChangeRefused(relocate(error.problems, temp, self.folder)) from error
        for plan in plans:
            loaded = knowledge.entry(plan.entry_id)
            if (entry_mapping(loaded) if loaded else None) != plan.after:
                file_path = str(self.folder / plan.file)
                message = f"entry {plan.entry_id}: the edit did not read back as written"
                raise ChangeRefused([Problem(file_path, 0, message)])

    def _replace(self, path: Path, text: str) -> None:
        backup = self.folder / BACKUP_DIR / backup_name(path, self.clock())
        mode = stat.S_IMODE(path.stat().st_mode)
        atomic_write(backup, path.read_bytes(), mode)
        atomic_write(path, text.encode("utf-8"), mode)

    def _audit(self, admin_id: int | None, plans: list[Planned]) -> None:
        at = self.clock().isoformat()
        self.db.table("kb_audit").insert_all(
            {
                "at": at,
                "actor_id": admin_id,
                "action": plan.action,
                "entry_id": plan.entry_id,
                "file": plan.file,
                "before": dump_entry(plan.before) if plan.before else None,
                "after": dump_entry(plan.after) if plan.after else None,
            }
            for plan in plans
        )


def relocate(problems: list[Problem], temp: str, folder: Path) -> list[Problem]:
    """Point problems found in the temporary copy at the real folder."""
    return [
        Problem(p.path.replace(temp, str(folder)), p.line, p.message.replace(temp, str(folder)))
        for p in problems
    ]
