"""The curated knowledge base: YAML files in knowledge/, validated with file and line."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError, Problem
from bot.matching.text import tokenize

SYNONYMS_FILE = "synonyms.yaml"
# libyaml's safe loader when PyYAML was built with it: same safety, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOPICS: dict[str, tuple[str, str]] = {
    "operasional-pabrik": ("Operasional pabrik", "Running a factory"),
    "protokol-kesehatan": ("Protokol kesehatan", "Health protocols"),
    "iomki": ("IOMKI (izin operasional)", "IOMKI (operating permit)"),
    "pelaporan": ("Pelaporan", "Reporting"),
    "sanksi": ("Sanksi", "Sanctions"),
    "ppkm-2021": ("PPKM 2021", "PPKM 2021"),
    "dinas": ("Dinas & pemda", "Regional offices"),
    "bimtek": ("Bimtek aparatur", "Officials' training"),
    "umum": ("Umum", "General"),
}

# An entry's keys, in the order the files write them.
ENTRY_ORDER = (
    "id",
    "topic",
    "questions",
    "answer",
    "answer_en",
    "source",
    "also",
    "tags",
    "reviewed",
)
ENTRY_KEYS = frozenset(ENTRY_ORDER)
# A source's fields in file order: each Indonesian field with its English version beside it.
SOURCE_KEYS = (
    "document",
    "document_en",
    "point",
    "point_en",
    "date",
    "date_en",
    "status",
    "status_en",
)
# document_en may be left out when the document's name reads the same in English
# ("SE Menperin 4/2020"); every other field is required.
SOURCE_OPTIONAL = ("document_en",)
SOURCE_REQUIRED = tuple(key for key in SOURCE_KEYS if key not in SOURCE_OPTIONAL)
DOCUMENT_KEYS = ("id", "title", "short", "date", "date_en", "status", "status_en")


@dataclass(frozen=True, slots=True)
class Source:
    """Where an answer comes from: document, point, date and the rule's status, in id and en."""

    document: str
    point: str
    date: str
    status: str
    document_en: str = ""
    point_en: str = ""
    date_en: str = ""
    status_en: str = ""

    def field_in(self, key: str, language: str) -> str:
        """Return document, point, date or status in 'id' or 'en' (Indonesian if no English)."""
        indonesian = getattr(self, key)
        return (getattr(self, f"{key}_en") or indonesian) if language == "en" else indonesian

    def citation(self, language: str = "id") -> str:
        """Return the one-line citation, e.g. 'SE Menperin 4/2020, Kewajiban perusahaan (…)'."""
        document, point, date = (
            self.field_in(key, language) for key in ("document", "point", "date")
        )
        return f"{document}, {point} ({date})"


@dataclass(frozen=True, slots=True)
class Document:
    """One source document (one knowledge file)."""

    id: str
    title: str
    short: str
    date: str
    status: str
    status_en: str
    path: str
    date_en: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One question-and-answer entry."""

    id: str
    topic: str
    questions: tuple[str, ...]
    answer: str
    answer_en: str
    source: Source
    document_id: str
    also: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    reviewed: dt.date | None = None
    path: str = ""
    line: int = 0

    def answer_in(self, language: str) -> str:
        """Return the answer in 'id' or 'en'."""
        return self.answer_en if language == "en" else self.answer


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Every document, entry and synonym, loaded and validated."""

    documents: dict[str, Document]
    entries: tuple[Entry, ...]
    synonyms: dict[str, str] = field(default_factory=dict)
    directory: str = ""
    by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {entry.id: entry for entry in self.entries})

    def entry(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or None."""
        return self.by_id.get(entry_id)

    def by_document(self) -> dict[str, list[Entry]]:
        """Group entries by their document id, in file order."""
        groups: dict[str, list[Entry]] = {doc_id: [] for doc_id in self.documents}
        for entry in self.entries:
            groups[entry.document_id].append(entry)
        return groups


def bundled_knowledge_dir() -> Path:
    """Return the knowledge/ folder of a checkout or editable install, else the installed copy."""
    checkout = Path(__file__).resolve().parents[2] / "knowledge"
    if checkout.is_dir():
        return checkout
    # An installed copy ships as the data-only (namespace) package `policybot_knowledge`.
    spec = importlib.util.find_spec("policybot_knowledge")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else checkout


def load_knowledge(directory: str | Path) -> KnowledgeBase:
    """Load and validate every YAML file in a folder; raise KnowledgeError listing all problems."""
    folder = Path(directory)
    if not folder.is_dir():
        raise KnowledgeError([Problem(str(folder), 0, "knowledge folder not found")])
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    entries: list[Entry] = []
    synonyms: dict[str, str] = {}
    ids: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == SYNONYMS_FILE:
            synonyms = read_synonyms(path, problems)
            continue
        document, file_entries = read_knowledge_file(path, problems, ids)
        if document is not None:
            documents[document.id] = document
            entries.extend(file_entries)
    if not entries and not problems:
        problems.append(Problem(str(folder), 0, "no knowledge entries found"))
    problems.extend(duplicate_id_problems(ids))
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(documents, tuple(entries), synonyms, str(folder))


def duplicate_id_problems(ids: list[tuple[str, str]]) -> Iterator[Problem]:
    """Yield a problem for each id already used; ids holds (id, 'path:line') of every entry."""
    first_seen: dict[str, str] = {}
    for entry_id, where in ids:
        first = first_seen.setdefault(entry_id, where)
        if first != where:
            path, line = where.rsplit(":", 1)
            yield Problem(path, int(line), f"duplicate id {entry_id!r} (first at {first})")


def entry_ids(path: Path, entries: yaml.Node) -> Iterator[tuple[str, str]]:
    """Yield (id, 'path:line') of every entry node that has a scalar id."""
    for entry_node in entries.value if isinstance(entries, yaml.SequenceNode) else []:
        id_node = child_nodes(entry_node).get("id")
        if isinstance(id_node, yaml.ScalarNode) and id_node.value:
            yield id_node.value, f"{path}:{line_of(entry_node)}"


def parse_yaml(path: Path, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file safely into (data, node tree); record a syntax error as a problem."""
    try:
        loader = SAFE_LOADER(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            return (loader.construct_document(node) if node else None), node
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problems.append(Problem(str(path), line, f"invalid YAML: {error.problem or error}"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), 0, f"invalid YAML: {error}"))
    return None, None


def line_of(node: yaml.Node | None) -> int:
    """Return the 1-based line where a node starts."""
    return node.start_mark.line + 1 if node is not None else 0


def child_nodes(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """Map each key of a YAML mapping node to its value node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): value for key, value in node.value}


def read_synonyms(path: Path, problems: list[Problem]) -> dict[str, str]:
    """Read synonyms.yaml (canonical: [variants]) into a variant → canonical map."""
    data, node = parse_yaml(path, problems)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), line_of(node), "expected canonical: [variants]"))
        return {}
    lines = child_nodes(node)
    mapping: dict[str, str] = {}
    for canonical, variants in data.items():
        line = line_of(lines.get(str(canonical)))
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            problems.append(Problem(str(path), line, f"{canonical!r}: expected a list of words"))
            continue
        target = " ".join(tokenize(str(canonical)))
        for variant in [canonical, *variants]:
            key = " ".join(tokenize(str(variant)))
            if mapping.get(key, target) != target:
                message = f"{variant!r} maps to both {mapping[key]!r} and {target!r}"
                problems.append(Problem(str(path), line, message))
            mapping[key] = target
    return mapping


def read_knowledge_file(
    path: Path, problems: list[Problem], ids: list[tuple[str, str]]
) -> tuple[Document | None, list[Entry]]:
    """Read one knowledge file: its document block and its entries; collect entry ids."""
    data, node = parse_yaml(path, problems)
    if data is None and node is None:
        if not problems or problems[-1].path != str(path):
            problems.append(Problem(str(path), 1, "file is empty"))
        return None, []
    if not isinstance(data, dict) or "document" not in data or "entries" not in data:
        problems.append(Problem(str(path), 1, "expected top-level keys 'document' and 'entries'"))
        return None, []
    nodes = child_nodes(node)
    ids.extend(entry_ids(path, nodes["entries"]))
    document = read_document(path, data["document"], nodes["document"], problems)
    if not isinstance(data["entries"], list):
        problems.append(Problem(str(path), line_of(nodes["entries"]), "'entries' must be a list"))
        return document, []
    if document is None:
        return None, []
    entry_nodes = nodes["entries"].value
    entries = [
        read_entry(path, raw, entry_node, document, problems)
        for raw, entry_node in zip(data["entries"], entry_nodes, strict=True)
    ]
    return document, [entry for entry in entries if entry is not None]


def read_document(
    path: Path, raw: Any, node: yaml.Node, problems: list[Problem]
) -> Document | None:
    """Validate the document block of a knowledge file."""
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), line_of(node), "'document' must be a mapping"))
        return None
    missing = [key for key in DOCUMENT_KEYS if not text_value(raw.get(key))]
    if missing:
        message = f"document is missing {', '.join(missing)}"
        problems.append(Problem(str(path), line_of(node), message))
        return None
    return Document(
        id=text_value(raw["id"]),
        title=text_value(raw["title"]),
        short=text_value(raw["short"]),
        date=text_value(raw["date"]),
        date_en=text_value(raw["date_en"]),
        status=text_value(raw["status"]),
        status_en=text_value(raw["status_en"]),
        path=str(path),
    )


def text_value(value: Any) -> str:
    """Return a scalar as stripped text ('' for None, lists and mappings)."""
    if value is None or isinstance(value, list | dict):
        return ""
    return str(value).strip()


class EntryChecker:
    """Collects the problems of one entry, each at the line of the offending key."""

    def __init__(self, path: Path, node: yaml.Node, problems: list[Problem]) -> None:
        self.path = str(path)
        self.node = node
        self.keys = child_nodes(node)
        self.problems = problems
        self.ok = True

    def fail(self, key: str | None, message: str) -> None:
        """Record a problem at the line of key (or of the entry)."""
        self.ok = False
        line = line_of(self.keys.get(key) if key else self.node) or line_of(self.node)
        self.problems.append(Problem(self.path, line, message))

    def text(self, raw: dict[str, Any], key: str, label: str) -> str:
        """Return a required non-empty text field."""
        value = text_value(raw.get(key))
        if key not in raw:
            self.fail(None, f"{label}: missing {key}")
        elif not value:
            self.fail(key, f"{label}: {key} is empty")
        return value

    def texts(self, raw: dict[str, Any], key: str, label: str, required: bool) -> tuple[str, ...]:
        """Return a list-of-text field."""
        value = raw.get(key, [] if not required else None)
        if not isinstance(value, list) or not all(text_value(item) for item in value):
            self.fail(key if key in raw else None, f"{label}: {key} must be a list of texts")
            return ()
        if required and not value:
            self.fail(key, f"{label}: {key} is empty")
        return tuple(text_value(item) for item in value)

    def source(self, raw: Any, key: str, label: str) -> Source | None:
        """Return a Source, checking its keys (each field in Indonesian and English)."""
        if not isinstance(raw, dict):
            self.fail(key, f"{label}: {key} must be a mapping with {', '.join(SOURCE_REQUIRED)}")
            return None
        unknown = sorted(str(name) for name in set(raw) - set(SOURCE_KEYS))
        missing = [name for name in SOURCE_REQUIRED if not text_value(raw.get(name))]
        if unknown:
            self.fail(key, f"{label}: {key} has unknown key(s) {', '.join(unknown)}")
        if missing:
            self.fail(key, f"{label}: {key} is missing {', '.join(missing)}")
        if unknown or missing:
            return None
        return Source(**{name: text_value(raw.get(name)) for name in SOURCE_KEYS})


def read_entry(
    path: Path, raw: Any, node: yaml.Node, document: Document, problems: list[Problem]
) -> Entry | None:
    """Validate one entry; return it, or None after recording its problems."""
    check = EntryChecker(path, node, problems)
    if not isinstance(raw, dict):
        check.fail(None, "entry must be a mapping")
        return None
    entry_id = check.text(raw, "id", "entry")
    label = f"entry {entry_id or '?'}"
    for unknown in sorted(set(raw) - ENTRY_KEYS):
        check.fail(str(unknown), f"{label}: unknown key {unknown!r}")
    topic = check.text(raw, "topic", label)
    if topic and topic not in TOPICS:
        check.fail("topic", f"{label}: unknown topic {topic!r} (one of {', '.join(TOPICS)})")
    questions = check.texts(raw, "questions", label, required=True)
    answer = check.text(raw, "answer", label)
    answer_en = check.text(raw, "answer_en", label)
    source = check.source(raw.get("source"), "source", label) if "source" in raw else None
    if "source" not in raw:
        check.fail(None, f"{label}: missing source")
    also = [check.source(item, "also", label) for item in raw.get("also") or []]
    tags = check.texts(raw, "tags", label, required=False)
    reviewed = raw.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        check.fail("reviewed", f"{label}: reviewed must be a date like 2026-11-22")
    if not check.ok or source is None:
        return None
    return Entry(
        id=entry_id,
        topic=topic,
        questions=questions,
        answer=answer,
        answer_en=answer_en,
        source=source,
        document_id=document.id,
        also=tuple(s for s in also if s),
        tags=tags,
        reviewed=reviewed,
        path=str(path),
        line=line_of(node),
    )
