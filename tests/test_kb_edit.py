"""KnowledgeEditor: validated, surgical, atomic edits of the knowledge YAML, backed up, audited."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlite_utils import Database

from bot.access.roles import Roles
from bot.config import RolesSettings
from bot.editing.editor import ChangeRefused, KnowledgeEditor
from bot.editing.fields import slug
from bot.editing.yaml_text import BACKUP_DIR, dump_entry
from bot.errors import NotFound, PermissionDenied, UserError
from bot.knowledge.base import bundled_knowledge_dir, load_knowledge
from bot.knowledge.current import KnowledgeHolder
from bot.storage.store import Store

ADMIN = 42
JAKARTA = ZoneInfo("Asia/Jakarta")
USER = 7
SMALL_FILE = "se-contoh.yaml"
# 20:00 UTC on 5 January is already 6 January in Jakarta.
EVENING = dt.datetime(2027, 1, 5, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def db() -> Database:
    """An in-memory database with the application's tables."""
    return Store(Database(memory=True)).db


def make_editor(folder: Path, db: Database, clock) -> KnowledgeEditor:
    """Build an editor on a knowledge folder with one admin."""
    roles = Roles(db, RolesSettings(admins=[ADMIN]), clock)
    return KnowledgeEditor(KnowledgeHolder(folder), roles, db, clock, JAKARTA)


@pytest.fixture
def editor(small_knowledge_dir: Path, db: Database) -> KnowledgeEditor:
    """An editor on a writable copy of the tiny test knowledge base."""
    return make_editor(small_knowledge_dir, db, lambda: EVENING)


@pytest.fixture
def real_editor(tmp_path: Path, db: Database, clock) -> KnowledgeEditor:
    """An editor on a writable copy of the real knowledge base."""
    folder = tmp_path / "real"
    shutil.copytree(bundled_knowledge_dir(), folder, ignore=shutil.ignore_patterns(".*"))
    return make_editor(folder, db, clock)


def small_file(editor: KnowledgeEditor) -> Path:
    """The tiny base's only knowledge file."""
    return editor.folder / SMALL_FILE


def audit_rows(db: Database) -> list[dict]:
    """Every audit row, oldest first."""
    return list(db.table("kb_audit").rows_where(order_by="id"))


NEW_FIELDS = {
    "topic": "protokol-kesehatan",
    "questions": ["Apakah ruang makan pabrik perlu diberi sekat?", "kantin pake sekat ga?"],
    "answer": "Ruang makan diberi sekat dan jarak antarpekerja dijaga.",
    "answer_en": "The canteen gets partitions and workers keep their distance.",
    "source": {"point": "angka 4", "point_en": "point 4"},
    "tags": ["kantin", "sekat"],
}


def test_kb_edit_update_takes_effect_at_once(editor: KnowledgeEditor) -> None:
    updated = editor.update_entry(ADMIN, "contoh-masker", {"answer": "Masker wajib dipakai."})
    assert updated.answer == "Masker wajib dipakai."
    assert editor.holder.knowledge.entry("contoh-masker").answer == "Masker wajib dipakai."
    assert updated.reviewed == dt.date(2027, 1, 6)
    assert load_knowledge(editor.folder).entry("contoh-masker").answer == "Masker wajib dipakai."


def test_kb_edit_update_merges_a_partial_source(editor: KnowledgeEditor) -> None:
    updated = editor.update_entry(ADMIN, "contoh-suhu", {"source": {"point": "angka 2 huruf b"}})
    assert updated.source.point == "angka 2 huruf b"
    assert updated.source.document == "SE Contoh 1/2020"


def test_kb_edit_add_entry_gets_a_unique_slug_and_is_matched(editor: KnowledgeEditor) -> None:
    first = editor.add_entry(ADMIN, "se-contoh", NEW_FIELDS)
    second = editor.add_entry(
        ADMIN,
        "se-contoh",
        NEW_FIELDS
        | {"questions": ["Apakah ruang makan pabrik perlu diberi sekat?", "sekat kantin wajib?"]},
    )
    assert first.id == "ruang-makan-pabrik-diberi-sekat"
    assert second.id == first.id + "-2"
    assert first.source.document == "SE Contoh 1/2020" and first.source.date == "1 April 2020"
    # The English date and status come from the document block, like the Indonesian ones.
    assert (first.source.date_en, first.source.status_en) == ("1 April 2020", "Test data")
    assert first.source.citation("en") == "SE Contoh 1/2020, point 4 (1 April 2020)"
    best = editor.holder.matcher.rank("kantin pake sekat ga?", 1)[0]
    assert best.entry.id == first.id
    assert editor.holder.knowledge.entries[-1].id == second.id


def test_kb_edit_add_phrasing_is_matched_at_once(editor: KnowledgeEditor) -> None:
    question = "karyawan boleh lepas penutup muka waktu shift?"
    assert editor.holder.matcher.rank(question, 1)[0].entry.id != "contoh-masker"
    entry = editor.add_phrasing(ADMIN, "contoh-masker", question)
    assert entry.questions[-1] == question
    assert editor.holder.matcher.rank(question, 1)[0].entry.id == "contoh-masker"


@pytest.mark.parametrize(
    "question",
    [
        "karyawan boleh lepas penutup muka waktu shift?",
        "Karyawan boleh lepas penutup muka waktu shift",
        "cek suhu karyawan gimana?",
    ],
)
def test_kb_edit_add_phrasing_refuses_duplicates(editor: KnowledgeEditor, question: str) -> None:
    editor.add_phrasing(ADMIN, "contoh-masker", "karyawan boleh lepas penutup muka waktu shift?")
    before = small_file(editor).read_bytes()
    with pytest.raises(UserError, match="contoh-"):
        editor.add_phrasing(ADMIN, "contoh-masker", question)
    assert small_file(editor).read_bytes() == before


def test_kb_edit_delete_entry(editor: KnowledgeEditor, db: Database) -> None:
    editor.delete_entry(ADMIN, "contoh-suhu")
    assert editor.holder.knowledge.entry("contoh-suhu") is None
    assert "contoh-suhu" not in small_file(editor).read_text(encoding="utf-8")
    assert [e.id for e in load_knowledge(editor.folder).entries] == [
        "contoh-masker",
        "contoh-lapor",
    ]
    row = audit_rows(db)[-1]
    assert (row["action"], row["entry_id"], row["after"]) == ("delete", "contoh-suhu", None)
    assert "Suhu tubuh pekerja" in row["before"]


def test_kb_edit_keeps_comments_and_other_entries_byte_identical(editor: KnowledgeEditor) -> None:
    path = small_file(editor)
    text = path.read_text(encoding="utf-8")
    text = "# Catatan kurator: jangan ubah id.\n" + text.replace(
        "  - id: contoh-suhu\n", "  # Bagian suhu\n  - id: contoh-suhu  # stabil\n"
    )
    path.write_text(text, encoding="utf-8")
    editor.update_entry(ADMIN, "contoh-masker", {"answer": "Masker dipakai sepanjang hari."})
    new = path.read_text(encoding="utf-8")
    start = text.index("  - id: contoh-masker")
    assert new[:start] == text[:start]
    assert new.endswith(text[text.index("  # Bagian suhu") :])
    assert "    answer_en: Workers wear a mask from the moment they leave home.\n" in new


def test_kb_edit_real_file_changes_only_the_edited_lines(real_editor: KnowledgeEditor) -> None:
    path = real_editor.folder / "se-menperin-4-2020.yaml"
    text = path.read_text(encoding="utf-8")
    real_editor.update_entry(ADMIN, "se4-ditujukan", {"tags": ["ditujukan", "penerima"]})
    new = path.read_text(encoding="utf-8")
    changed = [line for line in new.splitlines() if line not in text.splitlines()]
    assert changed == ["    tags: [ditujukan, penerima]"]
    assert new.count("\n") == text.count("\n")
    assert new.startswith(text[: text.index("  - id: se4-ditujukan")])
    assert new.endswith(text[text.index("  - id: se4-dasar-hukum") :])


def test_kb_edit_real_add_appends_in_the_house_style(real_editor: KnowledgeEditor) -> None:
    path = real_editor.folder / "se-menperin-8-2020.yaml"
    text = path.read_text(encoding="utf-8")
    answer = ("Menurut SE Menperin 8/2020 laporan dikirim melalui SIINas. " * 4).strip()
    entry = real_editor.add_entry(
        ADMIN,
        "se-menperin-8-2020",
        NEW_FIELDS
        | {
            "topic": "pelaporan",
            "questions": ["Laporan IOMKI uji coba: dikirim lewat mana?", "yes"],
            "answer": answer,
            "tags": ["uji", "37,3"],
        },
    )
    new = path.read_text(encoding="utf-8")
    assert new.startswith(text)
    added = new[len(text) :]
    assert added.startswith("\n  - id: laporan-iomki-uji-coba-dikirim-lewat\n")
    assert '      - "Laporan IOMKI uji coba: dikirim lewat mana?"\n      - "yes"\n' in added
    assert "    answer: >-\n" in added and '    tags: [uji, "37,3"]\n' in added
    assert '      point: "angka 4"\n      point_en: "point 4"\n' in added
    assert "    reviewed: 2026-11-22\n" in added
    assert max(len(line) for line in added.splitlines() if line.startswith("      Men")) <= 99
    assert real_editor.holder.knowledge.entry(entry.id).answer == answer


def test_kb_edit_backups_are_kept_and_ignored_by_the_loader(editor: KnowledgeEditor) -> None:
    original = small_file(editor).read_bytes()
    editor.update_entry(ADMIN, "contoh-masker", {"answer": "Satu."})
    editor.update_entry(ADMIN, "contoh-masker", {"answer": "Dua."})
    backups = sorted((editor.folder / BACKUP_DIR).glob("*.yaml"))
    assert len(backups) == 2
    assert original in [backup.read_bytes() for backup in backups]
    assert len(load_knowledge(editor.folder).entries) == 3


def test_kb_edit_leaves_no_temporary_files(editor: KnowledgeEditor) -> None:
    names = sorted(path.name for path in editor.folder.iterdir())
    editor.add_entry(ADMIN, "se-contoh", NEW_FIELDS)
    editor.delete_entry(ADMIN, "contoh-lapor")
    assert sorted(path.name for path in editor.folder.iterdir()) == sorted([*names, BACKUP_DIR])
    leftovers = [p.name for p in (editor.folder / BACKUP_DIR).iterdir() if p.suffix != ".yaml"]
    assert leftovers == [".lock"]


@pytest.mark.parametrize(
    "action, argument, problem",
    [
        ("update", {"answer": "  "}, "answer is empty"),
        ("update", {"topic": "vaksin"}, "unknown topic 'vaksin'"),
        ("update", {"questions": []}, "questions"),
        ("add", NEW_FIELDS | {"id": "contoh-suhu"}, "duplicate id 'contoh-suhu'"),
        ("add", NEW_FIELDS | {"source": {"point": ""}}, "source is missing point"),
        ("add", NEW_FIELDS | {"source": {"point": "angka 4"}}, "source is missing point_en"),
    ],
)
def test_kb_edit_refuses_a_change_that_breaks_the_base(
    editor: KnowledgeEditor, db: Database, action: str, argument: dict, problem: str
) -> None:
    before = small_file(editor).read_bytes()
    with pytest.raises(ChangeRefused, match=problem) as refused:
        if action == "add":
            editor.add_entry(ADMIN, "se-contoh", argument)
        else:
            editor.update_entry(ADMIN, "contoh-masker", argument)
    assert str(small_file(editor)) in str(refused.value.problems[0])
    assert small_file(editor).read_bytes() == before
    assert not list((editor.folder / BACKUP_DIR).glob("*.yaml"))
    assert audit_rows(db) == []
    assert editor.holder.knowledge.entry("contoh-masker").answer.startswith("Pekerja memakai")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"id": "masker-baru"}, "cannot be changed"),
        ({"reviewed": "2020-01-01"}, "Unknown field"),
        ({"questions": "satu pertanyaan"}, "wrong type"),
    ],
)
def test_kb_edit_refuses_bad_fields(editor: KnowledgeEditor, changes: dict, message: str) -> None:
    with pytest.raises(UserError) as refused:
        editor.update_entry(ADMIN, "contoh-masker", changes)
    assert message in refused.value.message("en")


def test_kb_edit_is_for_admins_only(editor: KnowledgeEditor, db: Database) -> None:
    before = small_file(editor).read_bytes()
    attempts = [
        lambda: editor.search(USER, "masker"),
        lambda: editor.entry(USER, "contoh-masker"),
        lambda: editor.add_entry(USER, "se-contoh", NEW_FIELDS),
        lambda: editor.update_entry(USER, "contoh-masker", {"answer": "x"}),
        lambda: editor.add_phrasing(USER, "contoh-masker", "masker?"),
        lambda: editor.delete_entry(USER, "contoh-masker"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    actions = [row["action"] for row in db.table("denied").rows_where(order_by="id")]
    assert actions == [
        "kb.search",
        "kb.view",
        "kb.add",
        "kb.update",
        "kb.add_phrasing",
        "kb.delete",
    ]
    assert small_file(editor).read_bytes() == before


def test_kb_edit_audit_holds_who_when_and_before_after(
    editor: KnowledgeEditor, db: Database
) -> None:
    entry = editor.add_entry(ADMIN, "se-contoh", NEW_FIELDS)
    editor.update_entry(ADMIN, "contoh-masker", {"answer": "Masker wajib."})
    editor.add_phrasing(ADMIN, entry.id, "sekat di kantin perlu?")
    added, updated, phrased = audit_rows(db)
    assert (added["actor_id"], added["at"]) == (ADMIN, EVENING.isoformat())
    assert (added["action"], added["before"], added["file"]) == ("add", None, SMALL_FILE)
    assert yaml.safe_load(added["after"])["id"] == entry.id
    assert updated["action"] == "update"
    assert "Pekerja memakai masker" in updated["before"] and "Masker wajib." in updated["after"]
    assert phrased["action"] == "add_phrasing" and "sekat di kantin perlu?" in phrased["after"]


def test_kb_edit_search_and_view(editor: KnowledgeEditor) -> None:
    assert editor.search(ADMIN, "pake masker wajib ga")[0].id == "contoh-masker"
    assert editor.search(ADMIN, "siinas")[0].id == "contoh-lapor"
    assert editor.search(ADMIN, "contoh-suhu")[0].id == "contoh-suhu"
    assert editor.entry(ADMIN, "contoh-lapor").topic == "pelaporan"
    with pytest.raises(NotFound):
        editor.entry(ADMIN, "tidak-ada")
    with pytest.raises(UserError):
        editor.search(ADMIN, "  ")


def test_kb_edit_sees_a_change_made_on_disk_first(editor: KnowledgeEditor) -> None:
    path = small_file(editor)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "      - pake masker wajib ga?\n",
            "      - pake masker wajib ga?\n      - masker hrs dipake?\n",
        ),
        encoding="utf-8",
    )
    entry = editor.update_entry(ADMIN, "contoh-masker", {"answer": "Ya, wajib."})
    assert "masker hrs dipake?" in entry.questions


def test_kb_edit_keeps_windows_line_breaks(editor: KnowledgeEditor) -> None:
    path = small_file(editor)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    editor.update_entry(ADMIN, "contoh-suhu", {"answer": "Suhu diperiksa.\nDua kali sehari."})
    editor.add_entry(ADMIN, "se-contoh", NEW_FIELDS)
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    answer = editor.holder.knowledge.entry("contoh-suhu").answer
    assert answer == "Suhu diperiksa.\nDua kali sehari."


def test_dump_entry_writes_the_house_style() -> None:
    mapping = {
        "id": "x",
        "topic": "umum",
        "questions": ["yes", "Apa itu: ini?", "2020-01-01", "# a"],
        "answer": "kata " * 40 + "akhir",
        "answer_en": "  spaced  text ",
        "source": {
            "document": "SE 1/2020",
            "point": "angka 1",
            "point_en": "point 1",
            "date": "1 Mei",
            "date_en": "1 May",
            "status": "x",
            "status_en": "y",
        },
        "also": [
            {
                "document": "KMK",
                "point": "p",
                "point_en": "p",
                "date": "d",
                "date_en": "d",
                "status": "s",
                "status_en": "s",
            }
        ],
        "tags": ["a", "37,3", "[b]"],
        "reviewed": dt.date(2026, 1, 2),
    }
    text = dump_entry(mapping, 4)
    assert yaml.safe_load(text) == mapping
    assert "    answer: >-\n" in text and '    tags: [a, "37,3", "[b]"]' in text
    assert '      - "yes"\n' in text and '    answer_en: "  spaced  text "' in text
    assert (
        '    also:\n      - document: KMK\n        point: "p"\n        point_en: "p"\n'
    ) in text
    assert max(len(line) for line in text.splitlines()) <= 99


def test_slug_uses_the_meaningful_words() -> None:
    assert slug("Apakah pekerja wajib memakai masker di pabrik?") == (
        "pekerja-wajib-memakai-masker-pabrik"
    )
    assert slug("???") == "entri"
