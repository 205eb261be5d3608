"""Every user-facing sentence lives in bot/messages.py: none is written inline in bot/ or handlers/.

The scan reads the source with ast and flags, outside the catalogue:
- an error the user sees (UserError and every class derived from it) built from string literals;
- an if/else on the language whose two branches are string literals;
- two string literals of several words side by side (a call's arguments, a pair) that share
  few words: a sentence and its translation, as the bilingual tables were written before they
  moved to the catalogue.
Log lines and operator-facing errors (ValueError, ConfigError, the CLI's English) are not
flagged: they are not chat text.
"""

import ast
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from bot.errors import UserError
from bot.messages import TEXTS, both, sentence

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[^\W\d_]+")
CATALOGUE = "bot/messages.py"
NOT_YET_MOVED: set[str] = set()
# Vocabularies, not sentences: the names of the knowledge base's topics beside their keys
# (like the report checklist's and statuses' labels beside the words that recognise them).
VOCABULARIES = {("bot/knowledge/base.py", "TOPICS")}


def source_files() -> Iterator[tuple[str, ast.Module]]:
    """Yield (path relative to the repository, syntax tree) of every module to scan."""
    for folder in ("bot", "handlers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name != CATALOGUE and name not in NOT_YET_MOVED:
                yield name, ast.parse(path.read_text(encoding="utf-8"))


def literal_text(node: ast.AST) -> str | None:
    """Return the text of a string literal or the fixed parts of an f-string; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(literal_text(part) or "" for part in node.values)
    return None


def user_error_kinds(trees: list[ast.Module]) -> set[str]:
    """Return the names of UserError and of every class derived from it in the scanned code."""
    kinds = {"UserError", *(kind.__name__ for kind in all_subclasses(UserError))}
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grown = True
    while grown:
        derived = {c.name for c in classes if any(ast.unparse(b) in kinds for b in c.bases)}
        grown = not derived <= kinds
        kinds |= derived
    return kinds


def all_subclasses(kind: type) -> set[type]:
    """Return every class derived from a class, however deep."""
    direct = set(kind.__subclasses__())
    return direct.union(*(all_subclasses(sub) for sub in direct))


def inline_errors(tree: ast.Module, kinds: set[str]) -> Iterator[ast.AST]:
    """Yield errors for the user built from literals, and such classes' literal super() calls."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] in kinds:
            yield from (arg for arg in node.args if literal_text(arg) is not None)
        if isinstance(node, ast.ClassDef) and any(ast.unparse(b) in kinds for b in node.bases):
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and ast.unparse(call.func) == "super().__init__":
                    yield from (arg for arg in call.args if literal_text(arg) is not None)


def language_branches(tree: ast.Module) -> Iterator[ast.AST]:
    """Yield `"…" if language == "en" else "…"` and its kind: an inline translation."""
    for node in ast.walk(tree):
        if isinstance(node, ast.IfExp) and mentions_language(node.test):
            texts = [literal_text(node.body), literal_text(node.orelse)]
            if all(text and any(char.isalpha() for char in text) for text in texts):
                yield node


def mentions_language(test: ast.AST) -> bool:
    """Tell whether a condition looks at the user's language."""
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(test) if isinstance(n, ast.Attribute)}
    return bool(names & {"language", "en", "lang", "ui_language"})


def bilingual_pairs(tree: ast.Module, vocabularies: set[str]) -> Iterator[ast.AST]:
    """Yield the first of two side-by-side literals, one Indonesian and one English."""
    skipped = {
        id(inner)
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign) and assigned_name(node) in vocabularies
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Call):
            items = node.args
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            items = node.elts  # longer tuples are word lists, e.g. phrases to recognise
        else:
            continue
        for first, second in pairwise(items):
            if is_translation(literal_text(first), literal_text(second)):
                yield first


def assigned_name(node: ast.Assign | ast.AnnAssign) -> str | None:
    """Return the name a module-level assignment binds (the first one)."""
    target = node.targets[0] if isinstance(node, ast.Assign) else node.target
    return target.id if isinstance(target, ast.Name) else None


def is_translation(first: str | None, second: str | None) -> bool:
    """Tell whether two texts read as one sentence and its translation: few words shared."""
    if not first or not second or first == second:
        return False
    if len(first.split()) < 2 or len(second.split()) < 2:
        return False  # a single word: a key, a name, a setting's default
    first_words, second_words = words(first), words(second)
    shared = first_words & second_words
    return (
        bool(first_words and second_words)
        and len(shared) < min(len(first_words), len(second_words)) / 2
    )


def words(text: str) -> set[str]:
    """Return the words of a text, lower-cased, without digits or punctuation."""
    return set(WORD.findall(text.casefold()))


def inline_sentences() -> list[str]:
    """Return 'path:line: text' for every user-facing sentence written outside the catalogue."""
    files = list(source_files())
    kinds = user_error_kinds([tree for _, tree in files])
    found = []
    for name, tree in files:
        vocabularies = {table for path, table in VOCABULARIES if path == name}
        nodes = [
            *inline_errors(tree, kinds),
            *language_branches(tree),
            *bilingual_pairs(tree, vocabularies),
        ]
        found += [f"{name}:{node.lineno}: {ast.unparse(node)[:80]}" for node in nodes]
    return sorted(set(found))


def test_no_user_facing_sentence_is_written_outside_the_catalogue():
    inline = inline_sentences()
    assert not inline, (
        "move these sentences to bot/messages.py and look them up (text, sentence, both, "
        "UserError.from_catalogue):\n" + "\n".join(inline)
    )


@pytest.mark.parametrize(
    "snippet",
    [
        'raise UserError("Pesan siaran kosong.", "The broadcast is empty.")',
        'raise NotFound(f"Entri {entry_id!r} tidak ada.", f"There is no entry {entry_id!r}.")',
        'label = "row" if language == "en" else "baris"',
        'Command("keluar", "quit", "Keluar dari percakapan", "Leave the chat")',
        'PROBLEM = ("Berkas ini tidak bisa dibaca.", "The file cannot be read.")',
    ],
)
def test_the_scan_recognises_an_inline_sentence(snippet):
    tree = ast.parse(snippet)
    kinds = {"UserError", "NotFound"}
    assert [*inline_errors(tree, kinds), *language_branches(tree), *bilingual_pairs(tree, set())]


@pytest.mark.parametrize(
    "snippet",
    [
        'raise UserError.from_catalogue("question_empty")',
        'logger.warning("Delivery %s failed: %s", delivery_id, reason)',
        'raise ConfigError(f"{key}: must be a time zone like Asia/Jakarta")',
        'LANGUAGES = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English"}',
        'FORMATS = ("csv", "xlsx")',
        'setting("Asia/Jakarta", "Time zone that decides a report\'s date.", time_zone)',
        'Kept("officer_id = :id", "kept_reports")',
        'OPENINGS = ("bagaimana dengan", "how about", "gimana kalau")',
    ],
)
def test_the_scan_leaves_keys_logs_and_operator_errors_alone(snippet):
    tree = ast.parse(snippet)
    kinds = {"UserError", "NotFound"}
    assert not [
        *inline_errors(tree, kinds),
        *language_branches(tree),
        *bilingual_pairs(tree, set()),
    ]


def test_every_sentence_has_both_languages():
    for key, sentences in TEXTS.items():
        assert len(sentences) == 2 and all(s.strip() for s in sentences), key


def test_a_sentence_is_filled_in_per_language():
    assert both("officer_not_active", user_id=7) == (
        "Pengguna 7 bukan petugas aktif.",
        "User 7 is not an active officer.",
    )
    assert sentence("entry_missing", "en", entry_id="iomki-x") == "There is no entry 'iomki-x'."
    error = UserError.from_catalogue("kb_field_wrong_type", key="questions")
    assert error.message("id") == "Isian 'questions' tidak valid."
    assert error.message("en") == "Field 'questions' has the wrong type."


def test_every_key_is_defined_once():
    tree = ast.parse((ROOT / CATALOGUE).read_text(encoding="utf-8"))
    keys = [
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant)
    ]
    assert sorted(key for key in set(keys) if keys.count(key) > 1) == []
