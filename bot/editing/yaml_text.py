"""The knowledge files' text: surgical entry edits, the hand-written YAML style, safe writes.

An edit rewrites only the text of the entry concerned, found through the YAML node marks, so the
rest of the file keeps its bytes, comments and formatting; new entries go at the end of
`entries:`. Changed fields are dumped in the style of the hand-written files. A file is replaced
atomically (temporary file in the same folder, fsync, os.replace), its previous version is kept
in `.backup/` (which the loader's `*.yaml` glob never sees), and a folder lock keeps two
processes (bot, CLI) from interleaving edits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.errors import NotFound
from bot.knowledge.base import ENTRY_ORDER, SAFE_LOADER, SOURCE_KEYS, child_nodes

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the in-process lock only
    fcntl = None  # type: ignore[assignment]

BACKUP_DIR = ".backup"
WIDTH = 99
QUOTED = ("document_en", "point", "point_en", "date", "date_en", "status", "status_en")


@dataclass(frozen=True, slots=True)
class Planned:
    """A change resolved to its file and the entry mapping before and after."""

    action: str
    entry_id: str
    file: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


# --- YAML in the hand-written style ------------------------------------------------------------


def dump_entry(mapping: Mapping[str, Any], indent: int = 0, newline: str = "\n") -> str:
    """Return an entry mapping as YAML lines at an indent, in the style of the knowledge files."""
    return newline.join(
        dump_field(key, mapping[key], indent, newline) for key in ENTRY_ORDER if key in mapping
    )


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
        return [
            f"{key}:",
            *(
                f"  {'-' if i == 0 else ' '} {line}"
                for source in value
                for i, line in enumerate(source_lines(source))
            ),
        ]
    if key == "tags":
        return [f"{key}: [{', '.join(scalar(tag, flow=True) for tag in value)}]"]
    if key == "reviewed":
        return [f"{key}: {value.isoformat()}"]
    return [f"{key}: {scalar(value)}"]


def source_lines(source: Mapping[str, str]) -> list[str]:
    """Return the 'key: value' lines of a source; point, date and status always quoted."""
    return [
        f"{key}: {quoted(source[key]) if key in QUOTED else scalar(source[key])}"
        for key in SOURCE_KEYS
        if key in source
    ]


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
    dumped = yaml.dump(
        text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=1 << 30
    )
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
    kept = {
        key.value: text[key.start_mark.index : with_comment(text, content_end(text, value))]
        for key, value in node.value
    }
    before = plan.before or {}
    fields = [
        kept[key]
        if key in kept and before.get(key) == value
        else dump_field(key, value, column, newline).lstrip(" ")
        for key, value in (plan.after or {}).items()
    ]
    return (newline + " " * column).join(fields)


def with_comment(text: str, end: int) -> int:
    """Extend a content end over a comment that follows it on the same line."""
    rest = text[end : line_end(text, end)].rstrip("\r\n")
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
    raise NotFound.from_catalogue("kb_entry_not_in_file", entry_id=entry_id)


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
    before = text[: line_start(text, dash_before(text, node.start_mark.index))]
    after = text[line_end(text, content_end(text, node)) :]
    blank_after = re.match(r"[ \t]*\r?\n", after)
    blank_before = re.search(r"\n([ \t]*\r?\n)\Z", before)
    if blank_after:
        after = after[blank_after.end() :]
    elif blank_before:
        before = before[: blank_before.start(1)]
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
    between = text[content_end(text, items[0]) : items[1].start_mark.index]
    return re.search(r"\n[ \t]*\r?\n", between) is not None


# --- files ---------------------------------------------------------------------------------------


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
