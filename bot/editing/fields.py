"""Entry fields: the mapping form written to the files, and cleaning what an admin sends."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.errors import UserError
from bot.knowledge.base import ENTRY_ORDER, SOURCE_KEYS, SOURCE_OPTIONAL, Entry, Source
from bot.matching.text import content_words, tokenize

OPTIONAL = ("also", "tags")
MAX_SLUG_WORDS = 6
MAX_SLUG_LENGTH = 60


def source_mapping(source: Source) -> dict[str, str]:
    """Return a source as a mapping in the file's key order."""
    return tidy_source({key: getattr(source, key) for key in SOURCE_KEYS})


def tidy_source(source: Mapping[str, str]) -> dict[str, str]:
    """Order a source's keys as in the files; drop an empty optional key (document_en)."""
    return {
        key: source[key]
        for key in SOURCE_KEYS
        if key in source and not (key in SOURCE_OPTIONAL and not source[key])
    }


def entry_mapping(entry: Entry) -> dict[str, Any]:
    """Return an entry as the mapping written to its file."""
    return canonical(
        {
            "id": entry.id,
            "topic": entry.topic,
            "questions": list(entry.questions),
            "answer": entry.answer,
            "answer_en": entry.answer_en,
            "source": source_mapping(entry.source),
            "also": [source_mapping(s) for s in entry.also],
            "tags": list(entry.tags),
            "reviewed": entry.reviewed,
        }
    )


def canonical(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Order an entry mapping's keys (and its sources') as in the files; drop None, empty
    also/tags and an empty document_en."""
    result = {
        key: mapping[key]
        for key in ENTRY_ORDER
        if key in mapping
        and mapping[key] is not None
        and not (key in OPTIONAL and not mapping[key])
    }
    if isinstance(result.get("source"), Mapping):
        result["source"] = tidy_source(result["source"])
    if isinstance(result.get("also"), list):
        result["also"] = [tidy_source(s) if isinstance(s, Mapping) else s for s in result["also"]]
    return result


def clean_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    """Check field names and types; strip texts."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise UserError.from_catalogue("kb_fields_unknown", fields=", ".join(unknown))
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
    return UserError.from_catalogue("kb_field_wrong_type", key=key)


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
