"""Edit the knowledge base (admins only): validated, surgical, atomic YAML writes.

A change rewrites only the text of the entry concerned (found through the YAML node marks), so
the rest of the file keeps its bytes, comments and formatting; new entries go at the end of
`entries:`. The whole folder is validated from a temporary copy before anything is written.
Then each file is replaced atomically (temporary file in the same folder, fsync, os.replace),
its previous version is kept in `.backup/` (which the loader's `*.yaml` glob never sees), the
holder reloads at once, and every change is recorded in `kb_audit` with before/after YAML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlite_utils import Database

from bot.answering import Clock
from bot.errors import KnowledgeError, NotFound, Problem, UserError
from bot.holder import KnowledgeHolder
from bot.knowledge import (
    ENTRY_KEYS,
    SAFE_LOADER,
    SOURCE_KEYS,
    Entry,
    KnowledgeBase,
    Source,
    child_nodes,
    load_knowledge,
)
from bot.reports import reporting_zone
from bot.roles import Role, Roles
from bot.text import content_words, normalize, tokenize

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the in-process lock only
    fcntl = None  # type: ignore[assignment]

BACKUP_DIR = ".backup"
WIDTH = 99
ENTRY_ORDER = ("id", "topic", "questions", "answer", "answer_en", "source", "also", "tags",
               "reviewed")
EDITABLE = frozenset(ENTRY_KEYS - {"reviewed"})
OPTIONAL = ("also", "tags")
MAX_SLUG_WORDS = 6
QUOTED = ("point", "date", "status")
MAX_SLUG_LENGTH = 60


class ChangeRefused(UserError):
    """A change that would break the knowledge base; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"Perubahan ditolak, tidak ada yang ditulis:\n{lines}",
                         f"Change refused, nothing was written:\n{lines}")


@dataclass(frozen=True, slots=True)
class Change:
    """One change: 'add' (to document_id), 'update', 'add_phrasing' or 'delete' an entry."""

    action: str
    entry_id: str = ""
    document_id: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Planned:
    """A change resolved to its file and the entry mapping before and after."""

    action: str
    entry_id: str
    file: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class KnowledgeEditor:
    """Search, show, add, change and delete knowledge entries; every write is audited."""

    def __init__(self, holder: KnowledgeHolder, roles: Roles, db: Database, clock: Clock,
                 zone: dt.tzinfo | None = None) -> None:
        self.holder = holder
        self.roles = roles
        self.db = db
        self.clock = clock
        self.zone = zone or reporting_zone("Asia/Jakarta")
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
            raise UserError("Tulis kata yang dicari, misalnya: iomki.",
                            "Type a word to search for, e.g. iomki.")
        exact = [entry for entry in [self.knowledge.entry(needle)] if entry]
        ranked = [match.entry for match in self.holder.matcher.rank(words, limit)]
        hits = [entry for entry in self.knowledge.entries
                if needle in entry.id or any(needle in tag.casefold() for tag in entry.tags)]
        unique: dict[str, Entry] = {}
        for entry in [*exact, *ranked, *hits]:
            unique.setdefault(entry.id, entry)
        return list(unique.values())[:limit]

    def entry(self, admin_id: int | None, entry_id: str) -> Entry:
        """Return one entry by id (NotFound if there is none)."""
        self.roles.require(admin_id, "kb.view", Role.ADMIN)
        return self._existing(entry_id)

    def add_entry(self, admin_id: int | None, document_id: str,
                  fields: Mapping[str, Any]) -> Entry:
        """Add an entry at the end of a document's file; its id is slugged if not given."""
        change = Change("add", document_id=document_id, fields=fields)
        return self._only(self.apply(admin_id, [change], "kb.add"))

    def update_entry(self, admin_id: int | None, entry_id: str,
                     changes: Mapping[str, Any]) -> Entry:
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

    def apply(self, admin_id: int | None, changes: Sequence[Change],
              action: str = "kb.import") -> list[Entry | None]:
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
        return [self.knowledge.entry(plan.entry_id) if plan.after else None for plan in plans]

    @staticmethod
    def _only(entries: list[Entry | None]) -> Entry:
        assert entries[0] is not None
        return entries[0]

    def _existing(self, entry_id: str) -> Entry:
        entry = self.knowledge.entry(entry_id.strip())
        if entry is None:
            raise NotFound(f"Entri {entry_id!r} tidak ditemukan; coba cari dengan kata kunci.",
                           f"Entry {entry_id!r} not found; try searching with a keyword.")
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
            plan = self._plan_add(change, taken) if change.action == "add" else (
                self._plan_existing(change))
            if plan.entry_id in seen:
                raise UserError(f"Entri {plan.entry_id!r} diubah dua kali sekaligus.",
                                f"Entry {plan.entry_id!r} is changed twice at once.")
            seen.add(plan.entry_id)
            plans.append(plan)
        return plans

    def _plan_add(self, change: Change, taken: set[str]) -> Planned:
        document = self.knowledge.documents.get(change.document_id)
        if document is None:
            raise NotFound(f"Dokumen {change.document_id!r} tidak ditemukan.",
                           f"Document {change.document_id!r} not found.")
        fields = clean_fields(change.fields, EDITABLE)
        defaults = {"document": document.short, "date": document.date, "status": document.status}
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
        if change.action == "add_phrasing":
            fields = {"questions": [*entry.questions, self._new_phrasing(change.fields)]}
        elif change.action == "update":
            fields = clean_fields(change.fields, EDITABLE)
        else:
            raise ValueError(f"unknown change {change.action!r}")
        if fields.get("id", entry.id) != entry.id:
            raise UserError("Id entri tidak bisa diubah; id dirujuk oleh log dan pengguna.",
                            "An entry id cannot be changed; logs and users refer to it.")
        if "source" in fields:
            fields["source"] = {**before["source"], **fields["source"]}
        after = canonical({**before, **fields, "reviewed": self._today()})
        return Planned(change.action, entry.id, Path(entry.path).name, before, after)

    def _new_phrasing(self, fields: Mapping[str, Any]) -> str:
        question = clean_text("question", fields.get("question"))
        if not question:
            raise UserError("Pertanyaannya kosong.", "The question is empty.")
        key = normalize(question, self.knowledge.synonyms)
        for other in self.knowledge.entries:
            if any(normalize(text, self.knowledge.synonyms) == key for text in other.questions):
                raise UserError(f"Rumusan ini sudah ada di entri {other.id}.",
                                f"This phrasing already belongs to entry {other.id}.")
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
                path = str(self.folder / plan.file)
                message = f"entry {plan.entry_id}: the edit did not read back as written"
                raise ChangeRefused([Problem(path, 0, message)])

    def _replace(self, path: Path, text: str) -> None:
        backup = self.folder / BACKUP_DIR / backup_name(path, self.clock())
        mode = stat.S_IMODE(path.stat().st_mode)
        atomic_write(backup, path.read_bytes(), mode)
        atomic_write(path, text.encode("utf-8"), mode)

    def _audit(self, admin_id: int | None, plans: list[Planned]) -> None:
        at = self.clock().isoformat()
        self.db.table("kb_audit").insert_all(
            {"at": at, "actor_id": admin_id, "action": plan.action, "entry_id": plan.entry_id,
             "file": plan.file, "before": dump_entry(plan.before) if plan.before else None,
             "after": dump_entry(plan.after) if plan.after else None}
            for plan in plans
        )


# --- entry mappings ---------------------------------------------------------------------------

def source_mapping(source: Source) -> dict[str, str]:
    """Return a source as a mapping in the file's key order."""
    return {key: getattr(source, key) for key in SOURCE_KEYS}


def entry_mapping(entry: Entry) -> dict[str, Any]:
    """Return an entry as the mapping written to its file."""
    return canonical({
        "id": entry.id, "topic": entry.topic, "questions": list(entry.questions),
        "answer": entry.answer, "answer_en": entry.answer_en,
        "source": source_mapping(entry.source), "also": [source_mapping(s) for s in entry.also],
        "tags": list(entry.tags), "reviewed": entry.reviewed,
    })


def canonical(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Order an entry mapping's keys as in the files; drop None and empty also/tags."""
    return {key: mapping[key] for key in ENTRY_ORDER
            if key in mapping and mapping[key] is not None
            and not (key in OPTIONAL and not mapping[key])}


def clean_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    """Check field names and types; strip texts."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise UserError(f"Isian tidak dikenal: {', '.join(unknown)}.",
                        f"Unknown field(s): {', '.join(unknown)}.")
    return {key: clean_value(key, value) for key, value in fields.items()}


def clean_value(key: str, value: Any) -> Any:
    """Return a field value as texts, lists of texts or source mappings."""
    if value is None and key in OPTIONAL:
        return None
    if key in ("questions", "tags"):
        return [clean_text(key, item) for item in as_list(key, value)]
    if key == "also":
        return [clean_source(key, item) for item in as_list(key, value)]
    return clean_source(key, value) if key == "source" else clean_text(key, value)


def clean_text(key: str, value: Any) -> str:
    """Return a stripped text; refuse anything else."""
    if not isinstance(value, str):
        raise wrong_type(key)
    return value.strip()


def as_list(key: str, value: Any) -> list[Any]:
    """Return a list or tuple as a list; refuse anything else."""
    if not isinstance(value, list | tuple):
        raise wrong_type(key)
    return list(value)


def clean_source(key: str, value: Any) -> dict[str, str]:
    """Return a (possibly partial) source mapping of texts."""
    if isinstance(value, Source):
        value = source_mapping(value)
    if not isinstance(value, Mapping) or set(value) - set(SOURCE_KEYS):
        raise wrong_type(key)
    return {name: clean_text(key, value[name]) for name in SOURCE_KEYS if name in value}


def wrong_type(key: str) -> UserError:
    """Return the error for a field of the wrong shape."""
    return UserError(f"Isian {key!r} tidak valid.", f"Field {key!r} has the wrong type.")


def slug(question: str) -> str:
    """Return an id slug from a question's meaningful words."""
    words = content_words(" ".join(tokenize(question))) or tokenize(question)
    text = "-".join(words[:MAX_SLUG_WORDS]).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text)[:MAX_SLUG_LENGTH].strip("-") or "entri"


def unique_id(base: str, taken: set[str]) -> str:
    """Return base, or base-2, base-3… whichever is not taken."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# --- YAML in the hand-written style ------------------------------------------------------------

def dump_entry(mapping: Mapping[str, Any], indent: int = 0, newline: str = "\n") -> str:
    """Return an entry mapping as YAML lines at an indent, in the style of the knowledge files."""
    return newline.join(dump_field(key, mapping[key], indent, newline)
                        for key in ENTRY_ORDER if key in mapping)


def dump_field(key: str, value: Any, indent: int, newline: str) -> str:
    """Return one field as YAML lines at an indent."""
    lines = field_lines(key, value, indent)
    return newline.join(" " * indent + line if line else "" for line in lines)


def field_lines(key: str, value: Any, indent: int) -> list[str]:
    """Return the lines of one field (without the entry's indent)."""
    if key in ("answer", "answer_en"):
        return text_lines(key, value, WIDTH - indent - 2)
    if key == "questions":
        return [f"{key}:", *(f"  - {scalar(item)}" for item in value)] if value else [f"{key}: []"]
    if key == "source":
        return [f"{key}:", *(f"  {line}" for line in source_lines(value))]
    if key == "also":
        return [f"{key}:", *(f"  {'-' if i == 0 else ' '} {line}"
                             for source in value for i, line in enumerate(source_lines(source)))]
    if key == "tags":
        return [f"{key}: [{', '.join(scalar(tag, flow=True) for tag in value)}]"]
    if key == "reviewed":
        return [f"{key}: {value.isoformat()}"]
    return [f"{key}: {scalar(value)}"]


def source_lines(source: Mapping[str, str]) -> list[str]:
    """Return the 'key: value' lines of a source; point, date and status always quoted."""
    return [f"{key}: {quoted(source[key]) if key in QUOTED else scalar(source[key])}"
            for key in SOURCE_KEYS if key in source]


def text_lines(key: str, text: str, width: int) -> list[str]:
    """Return a long text as a `>-` folded block, or one quoted line if it cannot fold."""
    folded = fold(text, width)
    if folded is None:
        return [f"{key}: {scalar(text)}"]
    return [f"{key}: >-", *(f"  {line}" if line else "" for line in folded)]


def fold(text: str, width: int) -> list[str] | None:
    """Wrap a text into folded-scalar lines under width; None if it would not read back equal."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        if number:
            lines.append("")
        lines.extend(wrap(paragraph, width))
    document = "k: >-\n" + "\n".join(f"  {line}" if line else "" for line in lines)
    return lines if text and reads_back(document, text) else None


def wrap(paragraph: str, width: int) -> list[str]:
    """Greedily wrap words separated by single spaces."""
    lines: list[str] = []
    for word in paragraph.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines if paragraph else []


def scalar(text: str, flow: bool = False) -> str:
    """Return a string plain when YAML reads it back unchanged, else double-quoted."""
    plain = bool(text) and text == text.strip() and not re.search(r"[\r\n\x85\u2028\u2029]", text)
    if flow and re.search(r"[,\[\]{}]", text):
        plain = False
    if plain and reads_back(f"k: [{text}]" if flow else f"k: {text}", [text] if flow else text):
        return text
    return quoted(text)


def quoted(text: str) -> str:
    """Return a string as one double-quoted YAML scalar."""
    dumped = yaml.dump(text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True,
                       width=1 << 30)
    return dumped.rstrip("\n")


def reads_back(document: str, value: Any) -> bool:
    """Tell whether `k: ...` YAML loads as {'k': value}."""
    try:
        return bool(yaml.load(document, Loader=SAFE_LOADER) == {"k": value})
    except yaml.YAMLError:
        return False


# --- surgical edits of a file's text ------------------------------------------------------------

def edit_text(text: str, plan: Planned) -> str:
    """Apply one planned change to a knowledge file's text."""
    if plan.after is None:
        return remove_entry(text, plan.entry_id)
    if plan.before is None:
        return append_entry(text, plan.after)
    node = find_entry(text, plan.entry_id)
    start, end = node.start_mark.index, with_comment(text, content_end(text, node))
    return text[:start] + entry_text(text, node, plan) + text[end:]


def entry_text(text: str, node: yaml.Node, plan: Planned) -> str:
    """Return an entry's new text: unchanged fields keep their original text, others are dumped."""
    column, newline = node.start_mark.column, newline_of(text)
    kept = {key.value: text[key.start_mark.index:with_comment(text, content_end(text, value))]
            for key, value in node.value}
    before = plan.before or {}
    fields = [kept[key] if key in kept and before.get(key) == value
              else dump_field(key, value, column, newline).lstrip(" ")
              for key, value in (plan.after or {}).items()]
    return (newline + " " * column).join(fields)


def with_comment(text: str, end: int) -> int:
    """Extend a content end over a comment that follows it on the same line."""
    rest = text[end:line_end(text, end)].rstrip("\r\n")
    return end + len(rest) if rest.strip().startswith("#") else end


def entry_nodes(text: str) -> tuple[yaml.Node, list[yaml.Node]]:
    """Return the `entries` node of a file's text and its items (with character marks)."""
    entries = child_nodes(yaml.compose(text, Loader=yaml.SafeLoader))["entries"]
    return entries, list(entries.value) if isinstance(entries, yaml.SequenceNode) else []


def find_entry(text: str, entry_id: str) -> yaml.Node:
    """Return the mapping node of the entry with this id."""
    for node in entry_nodes(text)[1]:
        id_node = child_nodes(node).get("id")
        if id_node is not None and id_node.value == entry_id:
            return node
    raise NotFound(f"Entri {entry_id!r} tidak ada lagi di berkasnya; muat ulang dulu.",
                   f"Entry {entry_id!r} is no longer in its file; reload first.")


def content_end(text: str, node: yaml.Node) -> int:
    """Return the index just after a node's last character (trailing comments excluded)."""
    while isinstance(node, yaml.CollectionNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def dash_before(text: str, index: int) -> int:
    """Return the index of the '-' that opens the sequence item starting at index."""
    position = index - 1
    while position > 0 and text[position] in " \t\r\n":
        position -= 1
    return position if text[position] == "-" else index


def line_start(text: str, index: int) -> int:
    """Return the index where the line holding index starts."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Return the index just after the line break ending the line holding index."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def newline_of(text: str) -> str:
    """Return the file's line break."""
    return "\r\n" if "\r\n" in text else "\n"


def remove_entry(text: str, entry_id: str) -> str:
    """Remove an entry's lines and one blank line that separated it from its neighbours."""
    node = find_entry(text, entry_id)
    before = text[:line_start(text, dash_before(text, node.start_mark.index))]
    after = text[line_end(text, content_end(text, node)):]
    blank_after = re.match(r"[ \t]*\r?\n", after)
    blank_before = re.search(r"\n([ \t]*\r?\n)\Z", before)
    if blank_after:
        after = after[blank_after.end():]
    elif blank_before:
        before = before[:blank_before.start(1)]
    return before + after


def append_entry(text: str, mapping: Mapping[str, Any]) -> str:
    """Add an entry after the last one, with the same indent and blank-line spacing."""
    entries, items = entry_nodes(text)
    newline = newline_of(text)
    if not items:  # `entries: []`
        body = dump_entry(mapping, 4, newline).lstrip(" ")
        start, end = entries.start_mark.index, entries.end_mark.index
        return f"{text[:start]}{newline}  - {body}{text[end:]}"
    last = items[-1]
    dash = dash_before(text, last.start_mark.index)
    head = " " * (dash - line_start(text, dash)) + "-"
    head += " " * (last.start_mark.column - len(head))
    body = dump_entry(mapping, last.start_mark.column, newline).lstrip(" ")
    at = line_end(text, content_end(text, last))
    lead = newline if not text[:at].endswith("\n") else ""
    gap = newline if spaced(text, items) else ""
    return f"{text[:at]}{lead}{gap}{head}{body}{newline}{text[at:]}"


def spaced(text: str, items: list[yaml.Node]) -> bool:
    """Tell whether entries are separated by blank lines (the first two decide; default yes)."""
    if len(items) < 2:
        return True
    between = text[content_end(text, items[0]):items[1].start_mark.index]
    return re.search(r"\n[ \t]*\r?\n", between) is not None


# --- files ---------------------------------------------------------------------------------------

def relocate(problems: list[Problem], temp: str, folder: Path) -> list[Problem]:
    """Point problems found in the temporary copy at the real folder."""
    return [Problem(p.path.replace(temp, str(folder)), p.line,
                    p.message.replace(temp, str(folder))) for p in problems]


def backup_name(path: Path, now: dt.datetime) -> str:
    """Return a unique backup file name: <stem>.<UTC timestamp>[-n].yaml."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = path.parent / BACKUP_DIR
    name, number = f"{path.stem}.{stamp}.yaml", 2
    while (folder / name).exists():
        name, number = f"{path.stem}.{stamp}-{number}.yaml", number + 1
    return name


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write a file atomically: temporary file in the same folder, fsync, os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk so a rename survives a crash (where supported)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock so two processes (bot, CLI) never interleave edits."""
    directory = folder / BACKUP_DIR
    directory.mkdir(exist_ok=True)
    with open(directory / ".lock", "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
