"""Spreadsheet round trip of the knowledge base: export to CSV/XLSX, plan and apply an import.

An import never removes entries (ids missing from the sheet are only listed), never moves an
entry to another document, and writes through KnowledgeEditor, so validation, the atomic
write, the backup, the audit log and the reload all apply.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.editing.editor import Change, KnowledgeEditor
from bot.editing.fields import entry_mapping
from bot.editing.sheet_reading import check_format
from bot.errors import UserError
from bot.knowledge.base import SOURCE_KEYS, SOURCE_OPTIONAL, TOPICS, Entry, KnowledgeBase
from bot.messages import both, sentence, text
from bot.reports.export import to_csv, to_xlsx

COLUMNS = (
    "id",
    "document",
    "topic",
    "questions",
    "answer",
    "answer_en",
    "source_document",
    "source_document_en",
    "source_point",
    "source_point_en",
    "source_date",
    "source_date_en",
    "source_status",
    "source_status_en",
    "tags",
    "reviewed",
)
SOURCE_COLUMNS = {f"source_{key}": key for key in SOURCE_KEYS}
REQUIRED_NEW = (
    "document",
    "topic",
    "questions",
    "answer",
    "answer_en",
    "source_point",
    "source_point_en",
)
# source_document_en may stay empty: the document's name then reads the same in English.
NOT_EMPTY = (
    "topic",
    "questions",
    "answer",
    "answer_en",
    *(column for column, key in SOURCE_COLUMNS.items() if key not in SOURCE_OPTIONAL),
)
# Tags are separated by commas, except a decimal comma between digits (the tag "37,3").
TAG_SEPARATOR = re.compile(r"(?<!\d),|,(?!\d)")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
SHEET_NAME = "Pengetahuan"
CONTEXT_WORDS = 4
SHOWN_MISSING = 10


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row of the sheet cannot be imported (row 1 is the header)."""

    row: int
    message_id: str
    message_en: str

    def text(self, language: str) -> str:
        """Return the problem in 'id' or 'en'."""
        label = text("sheet_row", language)
        return f"{label} {self.row}: {self.message_en if language == 'en' else self.message_id}"


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One changed field: its name and the value before and after."""

    name: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A row to add or change, as KnowledgeEditor fields, with its per-field diff."""

    row: int
    entry_id: str
    document_id: str
    fields: dict[str, Any]
    diffs: tuple[FieldDiff, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import would do: nothing is written until apply_import."""

    added: tuple[PlannedRow, ...] = ()
    changed: tuple[PlannedRow, ...] = ()
    unchanged: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    problems: tuple[RowProblem, ...] = ()

    @property
    def has_changes(self) -> bool:
        """Tell whether applying the plan would write anything."""
        return bool(self.added or self.changed)

    def describe(self, language: str = "id") -> str:
        """Return the diff shown before writing, in 'id' or 'en'."""
        lines = [summary_line(self, language)]
        added = [added_line(row, language) for row in self.added]
        lines += section(text("sheet_new_entries", language), added)
        lines += section(
            text("sheet_changed_entries", language),
            [line for r in self.changed for line in changed_lines(r, language)],
        )
        lines += section(
            text("sheet_problems", language),
            [f"  ! {p.text(language)}" for p in self.problems],
        )
        if self.missing:
            lines.append(missing_line(self.missing, language))
        return "\n".join(lines)


# --- export -------------------------------------------------------------------------------------


def export_knowledge(knowledge: KnowledgeBase, file_format: str) -> bytes:
    """Return every entry as one row of a CSV (UTF-8 with BOM) or XLSX file."""
    check_format(file_format)
    table = [list(COLUMNS), *(entry_row(entry) for entry in knowledge.entries)]
    return to_xlsx(table, SHEET_NAME) if file_format == "xlsx" else to_csv(table)


def entry_row(entry: Entry) -> list[str]:
    """Return an entry's cells in COLUMNS order."""
    sources = [getattr(entry.source, key) for key in SOURCE_KEYS]
    return [
        entry.id,
        entry.document_id,
        entry.topic,
        "\n".join(entry.questions),
        entry.answer,
        entry.answer_en,
        *sources,
        ", ".join(entry.tags),
        entry.reviewed.isoformat() if entry.reviewed else "",
    ]


# --- planning an import -------------------------------------------------------------------------


def plan_import(knowledge: KnowledgeBase, rows: Sequence[dict[str, str]]) -> ImportPlan:
    """Compare sheet rows with the knowledge base: added, changed, unchanged, problems."""
    problems = header_problems(rows)
    if problems:
        return ImportPlan(problems=tuple(problems))
    added: list[PlannedRow] = []
    changed: list[PlannedRow] = []
    unchanged: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if not any(value.strip() for value in row.values()):
            continue
        row_problems, planned = plan_row(knowledge, number, row, seen)
        problems.extend(row_problems)
        if planned is None or row_problems:
            continue
        target = (
            added
            if planned.entry_id not in knowledge.by_id
            else (changed if planned.diffs else None)
        )
        if target is None:
            unchanged.append(planned.entry_id)
        else:
            target.append(planned)
    missing = tuple(entry.id for entry in knowledge.entries if entry.id not in seen)
    return ImportPlan(tuple(added), tuple(changed), tuple(unchanged), missing, tuple(problems))


def header_problems(rows: Sequence[dict[str, str]]) -> list[RowProblem]:
    """Check the header: an id column, and no column the import does not know."""
    if not rows:
        return []
    columns = set(rows[0])
    problems = []
    if "id" not in columns:
        problems.append(RowProblem(1, *both("sheet_id_column_missing")))
    unknown = ", ".join(sorted(columns - set(COLUMNS)))
    if unknown:
        problems.append(RowProblem(1, *both("sheet_columns_unknown", columns=unknown)))
    return problems


def plan_row(
    knowledge: KnowledgeBase, number: int, row: dict[str, str], seen: set[str]
) -> tuple[list[RowProblem], PlannedRow | None]:
    """Plan one row: a new entry (no or unknown id) or changes to an existing one."""
    entry_id = row.get("id", "").strip()
    if entry_id and entry_id in seen:
        return [RowProblem(number, *both("sheet_id_twice", entry_id=entry_id))], None
    if entry_id and not ID_PATTERN.fullmatch(entry_id):
        return [RowProblem(number, *both("sheet_id_pattern", entry_id=entry_id))], None
    seen.add(entry_id)
    fields = row_fields(row)
    entry = knowledge.entry(entry_id)
    if entry is None:
        return plan_new(knowledge, number, row, fields)
    return plan_change(knowledge, number, row, fields, entry)


def row_fields(row: dict[str, str]) -> dict[str, Any]:
    """Turn a row's cells into KnowledgeEditor fields (only the sheet's columns)."""
    fields: dict[str, Any] = {}
    for column, value in row.items():
        if column == "questions":
            fields[column] = [line.strip() for line in value.split("\n") if line.strip()]
        elif column == "tags":
            fields[column] = [tag.strip() for tag in TAG_SEPARATOR.split(value) if tag.strip()]
        elif column in SOURCE_COLUMNS and value.strip():
            fields.setdefault("source", {})[SOURCE_COLUMNS[column]] = value.strip()
        elif column in ("topic", "answer", "answer_en"):
            fields[column] = value.strip()
    return fields


def cell_problems(number: int, row: dict[str, str], required: Sequence[str]) -> list[RowProblem]:
    """Check the topic and that required (or present, non-empty-only) cells are filled."""
    problems = []
    empty = [name for name in required if not row.get(name, "").strip()]
    if empty:
        names = ", ".join(empty)
        problems.append(RowProblem(number, *both("sheet_cells_empty", names=names)))
    topic = row.get("topic", "").strip()
    if topic and topic not in TOPICS:
        problems.append(RowProblem(number, *both("sheet_topic_unknown", topic=topic)))
    return problems


def document_of(knowledge: KnowledgeBase, name: str) -> str | None:
    """Return the id of a document named by its id or short name."""
    wanted = name.strip().casefold()
    for document in knowledge.documents.values():
        if wanted in (document.id.casefold(), document.short.casefold()):
            return document.id
    return None


def plan_new(
    knowledge: KnowledgeBase, number: int, row: dict[str, str], fields: dict[str, Any]
) -> tuple[list[RowProblem], PlannedRow | None]:
    """Plan a new entry; its document must exist."""
    problems = cell_problems(number, row, REQUIRED_NEW)
    document_id = document_of(knowledge, row.get("document", ""))
    if row.get("document", "").strip() and document_id is None:
        name = row["document"].strip()
        problems.append(RowProblem(number, *both("sheet_document_unknown", name=name)))
    entry_id = row.get("id", "").strip()
    if entry_id:
        fields["id"] = entry_id
    return problems, PlannedRow(number, entry_id, document_id or "", fields)


def plan_change(
    knowledge: KnowledgeBase,
    number: int,
    row: dict[str, str],
    fields: dict[str, Any],
    entry: Entry,
) -> tuple[list[RowProblem], PlannedRow]:
    """Plan the changes to an existing entry, field by field."""
    present = [name for name in NOT_EMPTY if name in row]
    problems = cell_problems(number, row, present)
    document = row.get("document", "").strip()
    if document and document_of(knowledge, document) != entry.document_id:
        problems.append(RowProblem(number, *both("sheet_document_move", document=document)))
    changes, diffs = field_changes(entry_mapping(entry), fields)
    return problems, PlannedRow(number, entry.id, entry.document_id, changes, diffs)


def field_changes(
    current: dict[str, Any], fields: dict[str, Any]
) -> tuple[dict[str, Any], tuple[FieldDiff, ...]]:
    """Return the fields that differ (a partial source) and their diffs."""
    changes: dict[str, Any] = {}
    diffs = []
    for name, value in fields.items():
        if name == "source":
            for key, text in value.items():
                if current["source"].get(key, "") != text:
                    changes.setdefault("source", {})[key] = text
                    diffs.append(FieldDiff(f"source.{key}", current["source"].get(key, ""), text))
        elif current.get(name, []) != value:
            changes[name] = value
            diffs.append(FieldDiff(name, current.get(name, []), value))
    return changes, tuple(diffs)


# --- describing a plan --------------------------------------------------------------------------


def summary_line(plan: ImportPlan, language: str) -> str:
    """Return the one-line count of what the import would do."""
    return sentence(
        "sheet_summary",
        language,
        added=len(plan.added),
        changed=len(plan.changed),
        unchanged=len(plan.unchanged),
        problems=len(plan.problems),
    )


def section(title: str, lines: list[str]) -> list[str]:
    """Return a titled block, or nothing when it has no lines."""
    return [title, *lines] if lines else []


def added_line(row: PlannedRow, language: str) -> str:
    """Describe one new entry."""
    label = row.entry_id or text("sheet_new_id", language)
    first = (row.fields.get("questions") or [""])[0]
    where = text("sheet_row", language)
    place = f"[{row.document_id}, {row.fields.get('topic', '')}]"
    return f"  + {label} {place} ({where} {row.row}): {first}"


def changed_lines(row: PlannedRow, language: str) -> list[str]:
    """Describe one changed entry, field by field."""
    where = text("sheet_row", language)
    lines = [f"  ~ {row.entry_id} ({where} {row.row})"]
    for diff in row.diffs:
        name = f"      {diff.name}:"
        if isinstance(diff.after, list):
            lines += [f"{name} - {old}" for old in diff.before if old not in diff.after]
            lines += [f"{name} + {new}" for new in diff.after if new not in diff.before]
        else:
            lines.append(f"{name} {word_diff(str(diff.before), str(diff.after))}")
    return lines


def word_diff(before: str, after: str) -> str:
    """Return a compact word diff: unchanged runs elided, [-removed-] {+added+}."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(elide(old[i1:i2], i1 == 0, i2 == len(old)))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(old[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(parts)


def elide(words: list[str], at_start: bool, at_end: bool) -> str:
    """Keep a few words of context around a change, eliding the rest."""
    head = [] if at_start else words[:CONTEXT_WORDS]
    tail = [] if at_end else words[-CONTEXT_WORDS:]
    if len(words) <= len(head) + len(tail) + 1:
        return " ".join(words)
    return " ".join([*head, "…", *tail])


def missing_line(missing: tuple[str, ...], language: str) -> str:
    """Say which entries are not in the sheet and that an import never deletes them."""
    shown = ", ".join(missing[:SHOWN_MISSING]) + (", …" if len(missing) > SHOWN_MISSING else "")
    return sentence("sheet_missing", language, count=len(missing), shown=shown)


# --- applying -----------------------------------------------------------------------------------


def apply_import(editor: KnowledgeEditor, admin_id: int | None, plan: ImportPlan) -> list[Entry]:
    """Write a plan through the editor in one validated batch; refuse a plan with problems."""
    if plan.problems:
        indonesian, english = (
            sentence(
                "sheet_import_cancelled",
                language,
                lines="\n".join(problem.text(language) for problem in plan.problems),
            )
            for language in ("id", "en")
        )
        raise UserError(indonesian, english)
    changes = [Change("add", document_id=row.document_id, fields=row.fields) for row in plan.added]
    changes += [Change("update", row.entry_id, fields=row.fields) for row in plan.changed]
    if not changes:
        return []
    return [entry for entry in editor.apply(admin_id, changes, "kb.import") if entry]
