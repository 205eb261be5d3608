"""Spreadsheet round trip: export, read CSV/XLSX, plan an import with a diff, apply it."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from bot.access.roles import Roles
from bot.config import RolesSettings
from bot.editing import sheet_reading
from bot.editing.editor import KnowledgeEditor
from bot.editing.sheet import COLUMNS, apply_import, export_knowledge, plan_import
from bot.editing.sheet_reading import clean_cell, read_sheet
from bot.editing.yaml_text import BACKUP_DIR
from bot.errors import PermissionDenied, UserError
from bot.knowledge.base import bundled_knowledge_dir
from bot.knowledge.current import KnowledgeHolder
from bot.reports.export import to_xlsx
from bot.storage.store import Store
from tests.xlsx_files import MAIN, excel_workbook, libreoffice_workbook, workbook

ADMIN = 42
JAKARTA = ZoneInfo("Asia/Jakarta")
USER = 7


def make_editor(folder: Path, clock) -> KnowledgeEditor:
    """Build an editor on a knowledge folder with one admin and an in-memory database."""
    db = Store(Database(memory=True)).db
    roles = Roles(db, RolesSettings(admins=[ADMIN]), clock)
    return KnowledgeEditor(KnowledgeHolder(folder), roles, db, clock, JAKARTA)


@pytest.fixture
def editor(small_knowledge_dir: Path, clock) -> KnowledgeEditor:
    """An editor on a writable copy of the tiny test knowledge base."""
    return make_editor(small_knowledge_dir, clock)


@pytest.fixture
def real_editor(tmp_path: Path, clock) -> KnowledgeEditor:
    """An editor on a writable copy of the real knowledge base."""
    folder = tmp_path / "real"
    shutil.copytree(bundled_knowledge_dir(), folder, ignore=shutil.ignore_patterns(".*"))
    return make_editor(folder, clock)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every knowledge file's bytes."""
    return {path.name: path.read_bytes() for path in folder.glob("*.yaml")}


def row_of(rows: list[dict[str, str]], entry_id: str) -> dict[str, str]:
    """The sheet row of an entry."""
    return next(row for row in rows if row["id"] == entry_id)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_kb_sheet_unchanged_export_imports_as_a_no_op(
    real_editor: KnowledgeEditor, file_format: str
) -> None:
    knowledge = real_editor.knowledge
    before = snapshot(real_editor.folder)
    rows = read_sheet(export_knowledge(knowledge, file_format), file_format)
    plan = plan_import(knowledge, rows)
    assert (plan.added, plan.changed, plan.problems, plan.missing) == ((), (), (), ())
    assert list(plan.unchanged) == [entry.id for entry in knowledge.entries]
    assert not plan.has_changes
    assert apply_import(real_editor, ADMIN, plan) == []
    assert snapshot(real_editor.folder) == before
    assert "0 diubah" in plan.describe("id") and "0 changed" in plan.describe("en")


def test_kb_sheet_export_has_one_row_per_entry(editor: KnowledgeEditor) -> None:
    rows = read_sheet(export_knowledge(editor.knowledge, "csv"), "csv")
    assert list(rows[0]) == list(COLUMNS)
    masker = row_of(rows, "contoh-masker")
    assert masker["questions"].split("\n")[1] == "pake masker wajib ga?"
    assert (masker["document"], masker["source_point"], masker["tags"]) == (
        "se-contoh",
        "angka 1",
        "masker",
    )
    assert row_of(rows, "contoh-suhu")["tags"] == "suhu, skrining"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_kb_sheet_edited_cell_is_shown_and_applied(
    editor: KnowledgeEditor, file_format: str
) -> None:
    rows = read_sheet(export_knowledge(editor.knowledge, file_format), file_format)
    masker = row_of(rows, "contoh-masker")
    masker["answer"] = masker["answer"].replace("berangkat", "keluar")
    masker["questions"] += "\nmasker wajib dipakai di lini produksi?"
    masker["source_point"] = "angka 1 huruf a"
    data = (
        to_xlsx([list(rows[0]), *(list(row.values()) for row in rows)])
        if (file_format == "xlsx")
        else None
    )
    if data is not None:
        rows = read_sheet(data, "xlsx")
    plan = plan_import(editor.knowledge, rows)
    assert [row.entry_id for row in plan.changed] == ["contoh-masker"]
    assert [diff.name for diff in plan.changed[0].diffs] == ["questions", "answer", "source.point"]
    text = plan.describe("id")
    assert "~ contoh-masker (baris 2)" in text
    assert "[-berangkat-] {+keluar+}" in text
    assert "questions: + masker wajib dipakai di lini produksi?" in text
    entries = apply_import(editor, ADMIN, plan)
    entry = editor.knowledge.entry("contoh-masker")
    assert entries == [entry]
    assert entry.answer == "Pekerja memakai masker sejak keluar dari rumah."
    assert entry.source.point == "angka 1 huruf a" and entry.source.date == "1 April 2020"
    best = editor.holder.matcher.rank("masker wajib dipakai di lini produksi?", 1)[0]
    assert best.entry == entry
    assert len(list((editor.folder / BACKUP_DIR).glob("*.yaml"))) == 1
    actions = [row["action"] for row in editor.db.table("kb_audit").rows]
    assert actions == ["update"]


def test_kb_sheet_new_row_is_added(editor: KnowledgeEditor) -> None:
    rows = read_sheet(export_knowledge(editor.knowledge, "csv"), "csv")
    rows.append(
        {
            "id": "",
            "document": "SE Contoh 1/2020",
            "topic": "pelaporan",
            "questions": "Apakah laporan bulanan diperlukan?\nlapor bulanan perlu ga?",
            "answer": "Tidak, laporan dikirim mingguan.",
            "answer_en": "No, reports are weekly.",
            "source_document": "",
            "source_document_en": "",
            "source_point": "angka 3",
            "source_point_en": "point 3",
            "source_date": "",
            "source_date_en": "",
            "source_status": "",
            "source_status_en": "",
            "tags": "bulanan, lapor",
            "reviewed": "",
        }
    )
    plan = plan_import(editor.knowledge, rows)
    assert [(row.row, row.document_id) for row in plan.added] == [(5, "se-contoh")]
    assert "+ (id baru dari pertanyaan pertama) [se-contoh, pelaporan] (baris 5)" in (
        plan.describe("id")
    )
    (entry,) = apply_import(editor, ADMIN, plan)
    assert entry.id == "laporan-bulanan-diperlukan"
    assert entry.source.document == "SE Contoh 1/2020" and entry.tags == ("bulanan", "lapor")
    assert entry.source.citation("en") == "SE Contoh 1/2020, point 3 (1 April 2020)"


def test_kb_sheet_problems_have_row_numbers_and_block_the_import(
    editor: KnowledgeEditor,
) -> None:
    base = {
        "id": "",
        "document": "se-contoh",
        "topic": "pelaporan",
        "questions": "Q?",
        "answer": "A",
        "answer_en": "B",
        "source_point": "p",
        "source_point_en": "p",
    }
    rows = [
        base | {"id": "contoh-masker", "answer": ""},
        base | {"document": "se-tidak-ada"},
        base | {"topic": "vaksin"},
        base | {"id": "baru-satu"},
        base | {"id": "baru-satu"},
        base | {"id": "Bukan Id"},
        base | {"id": "contoh-suhu", "document": "se-lain"},
        base | {"answer_en": ""},
    ]
    plan = plan_import(editor.knowledge, rows)
    assert [problem.row for problem in plan.problems] == [2, 3, 4, 6, 7, 8, 9]
    text = plan.describe("en")
    for message in (
        "row 2: empty: answer",
        "row 3: unknown document 'se-tidak-ada'",
        "row 4: unknown topic 'vaksin'",
        "row 6: id baru-satu appears twice",
        "row 7: id 'Bukan Id'",
        "row 8: moving an entry",
        "row 9: empty: answer_en",
    ):
        assert message in text
    before = snapshot(editor.folder)
    with pytest.raises(UserError, match="baris 2"):
        apply_import(editor, ADMIN, plan)
    assert snapshot(editor.folder) == before


def test_kb_sheet_unknown_or_missing_columns_are_problems(editor: KnowledgeEditor) -> None:
    plan = plan_import(editor.knowledge, [{"kode": "x", "jawaban": "y"}])
    assert [problem.row for problem in plan.problems] == [1, 1]
    assert "unknown column(s): jawaban, kode" in plan.describe("en")


def test_kb_sheet_never_removes_entries(editor: KnowledgeEditor) -> None:
    before = snapshot(editor.folder)
    plan = plan_import(editor.knowledge, [{"id": "contoh-masker", "topic": "protokol-kesehatan"}])
    assert plan.unchanged == ("contoh-masker",)
    assert plan.missing == ("contoh-suhu", "contoh-lapor")
    assert "never removes entries" in plan.describe("en")
    assert "tidak pernah menghapus" in plan.describe("id")
    apply_import(editor, ADMIN, plan)
    assert snapshot(editor.folder) == before


def test_kb_sheet_reads_excel_csv_with_bom_and_semicolons(editor: KnowledgeEditor) -> None:
    data = '\ufeffID;Answer\r\ncontoh-masker;"Masker dipakai;\r\nsepanjang hari."\r\n\r\n'
    rows = read_sheet(data.encode("utf-8"), "csv")
    assert rows[0] == {"id": "contoh-masker", "answer": "Masker dipakai;\nsepanjang hari."}
    plan = plan_import(editor.knowledge, rows)
    assert [diff.name for diff in plan.changed[0].diffs] == ["answer"]
    apply_import(editor, ADMIN, plan)
    assert editor.knowledge.entry("contoh-masker").answer == "Masker dipakai;\nsepanjang hari."


def test_kb_sheet_reads_windows_1252_csv() -> None:
    rows = read_sheet("id,answer\ncontoh-masker,2020–2021\n".encode("cp1252"), "csv")
    assert rows == [{"id": "contoh-masker", "answer": "2020–2021"}]


def test_kb_sheet_reads_shared_strings_and_sparse_cells() -> None:
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>id</t></si><si><t>answer</t></si>"
        "<si><r><t>Masker </t></r><r><rPr><b/></rPr><t>wajib</t></r></si></sst>"
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="str"><v>tags</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="C3"><v>37</v></c></row>'
        "</sheetData></worksheet>"
    )
    rows = read_sheet(workbook(sheet, shared_strings=strings), "xlsx")
    assert rows == [
        {"id": "", "answer": "", "tags": ""},
        {"id": "Masker wajib", "answer": "", "tags": "37"},
    ]


def test_kb_sheet_imports_a_workbook_saved_by_excel(editor: KnowledgeEditor) -> None:
    header = ["id", "answer", "tags", "reviewed"]
    answer = "Pekerja memakai masker sejak keluar dari rumah."
    # Excel stores the date 2026-11-22 as the serial number 46348 with a date format.
    data = excel_workbook([header, ["contoh-masker", answer, "masker", ""]], {"D2": 46348})
    rows = read_sheet(data, "xlsx")
    assert rows == [
        {"id": "contoh-masker", "answer": answer, "tags": "masker", "reviewed": "2026-11-22"}
    ]
    plan = plan_import(editor.knowledge, rows)
    assert [diff.name for diff in plan.changed[0].diffs] == ["answer"]
    apply_import(editor, ADMIN, plan)
    assert editor.knowledge.entry("contoh-masker").answer == answer


def test_kb_sheet_imports_a_workbook_saved_by_libreoffice(editor: KnowledgeEditor) -> None:
    answer = "Suhu tubuh pekerja diperiksa di pintu masuk.\nJuga setiap pergantian shift."
    data = libreoffice_workbook([["ID", "Answer", "Tags"], ["contoh-suhu", answer, 37.0]])
    rows = read_sheet(data, "xlsx")
    assert rows == [{"id": "contoh-suhu", "answer": answer, "tags": "37"}]
    plan = plan_import(editor.knowledge, rows)
    assert [diff.name for diff in plan.changed[0].diffs] == ["answer", "tags"]
    apply_import(editor, ADMIN, plan)
    entry = editor.knowledge.entry("contoh-suhu")
    assert (entry.answer, entry.tags) == (answer, ("37",))


def test_kb_sheet_reads_numbers_as_the_sheet_shows_them() -> None:
    data = libreoffice_workbook([["id", "a", "b", "c"], ["x", 37, 37.5, 1e20]])
    assert read_sheet(data, "xlsx") == [
        {"id": "x", "a": "37", "b": "37.5", "c": "100000000000000000000"}
    ]


def test_kb_sheet_own_xlsx_export_keeps_text_as_text(editor: KnowledgeEditor) -> None:
    data = to_xlsx([["id", "answer"], ["contoh-masker", "=HYPERLINK(1)"], ["x", "a\x0bb"]])
    assert read_sheet(data, "xlsx") == [
        {"id": "contoh-masker", "answer": "=HYPERLINK(1)"},
        {"id": "x", "answer": "ab"},
    ]


def test_kb_sheet_corrupt_xlsx_gives_one_clear_error(editor: KnowledgeEditor) -> None:
    export = export_knowledge(editor.knowledge, "xlsx")
    only_text = io.BytesIO()
    with zipfile.ZipFile(only_text, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    broken = [
        export[: len(export) // 2],
        only_text.getvalue(),
        workbook("<worksheet><sheetData><row>"),
        workbook(
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c t="s"><v>9</v></c></row>'
            "</sheetData></worksheet>"
        ),
        workbook(f'<worksheet xmlns="{MAIN}"><sheetData><row r="x"/></sheetData></worksheet>'),
    ]
    for data in broken:
        with pytest.raises(UserError) as raised:
            read_sheet(data, "xlsx")
        assert raised.value.message("id") == "Berkas XLSX tidak bisa dibaca."
        assert raised.value.message("en") == "The XLSX file cannot be read."


def test_kb_sheet_refuses_oversized_or_overlong_xlsx(monkeypatch: pytest.MonkeyPatch) -> None:
    data = libreoffice_workbook([["id"], *([f"e{n}"] for n in range(9))])
    monkeypatch.setattr(sheet_reading, "MAX_ROWS", 5)
    with pytest.raises(UserError, match="terlalu panjang"):
        read_sheet(data, "xlsx")
    monkeypatch.setattr(sheet_reading, "MAX_PART_BYTES", 100)
    with pytest.raises(UserError, match="terlalu besar"):
        read_sheet(data, "xlsx")


def test_kb_sheet_refuses_what_it_cannot_read() -> None:
    with pytest.raises(UserError, match="XLSX"):
        read_sheet(b"not a zip", "xlsx")
    with pytest.raises(UserError, match="csv atau xlsx"):
        read_sheet(b"", "ods")
    with pytest.raises(UserError, match="kosong"):
        read_sheet(b"", "csv")


def test_kb_sheet_undoes_the_formula_guard() -> None:
    assert clean_cell("'=SUM(A1)") == "=SUM(A1)"
    assert clean_cell("'-tanda") == "-tanda"
    assert clean_cell("'kutip") == "'kutip"


def test_kb_sheet_import_is_for_admins_only(editor: KnowledgeEditor) -> None:
    rows = read_sheet(export_knowledge(editor.knowledge, "csv"), "csv")
    row_of(rows, "contoh-suhu")["answer"] = "Diubah."
    plan = plan_import(editor.knowledge, rows)
    with pytest.raises(PermissionDenied):
        apply_import(editor, USER, plan)
    assert editor.knowledge.entry("contoh-suhu").answer != "Diubah."
