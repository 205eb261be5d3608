"""`policybot kb export|import` and `policybot stats` on the command line."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from bot.cli.main import main
from bot.knowledge.base import bundled_knowledge_dir
from bot.storage.store import open_database
from tests.xlsx_files import excel_workbook, libreoffice_workbook


@pytest.fixture
def config_file(tmp_path):
    shutil.copytree(bundled_knowledge_dir(), tmp_path / "knowledge")
    path = tmp_path / "config.yaml"
    path.write_text("knowledge:\n  path: knowledge\nstorage:\n  path: bot.db\n")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def test_export_edit_import_round_trip(config_file, tmp_path):
    sheet = tmp_path / "kb.csv"
    assert run("--config", str(config_file), "kb", "export", "--output", str(sheet))[0] == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 90
    code, out = run("--config", str(config_file), "kb", "import", str(sheet))
    assert code == 0 and "90" in out
    qr = next(row for row in rows if row["id"] == "iomki-kode-qr")
    qr["tags"] = qr["tags"] + ", barcode asli"
    with sheet.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out = run("--config", str(config_file), "kb", "import", str(sheet))
    assert code == 1 and "iomki-kode-qr" in out and "--yes" in out
    code, out = run("--config", str(config_file), "kb", "import", str(sheet), "--yes")
    assert code == 0, out
    text = (tmp_path / "knowledge" / "se-menperin-7-2020-iomki.yaml").read_text()
    assert "barcode asli" in text


def test_an_imported_answer_change_is_recorded_once(config_file, tmp_path):
    sheet = tmp_path / "kb.csv"
    assert run("--config", str(config_file), "kb", "export", "--output", str(sheet))[0] == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    qr = next(row for row in rows if row["id"] == "iomki-kode-qr")
    qr["answer"] += " Periksa kode QR di situs resmi Kemenperin."
    with sheet.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out = run("--config", str(config_file), "kb", "import", str(sheet), "--yes")
    assert code == 0, out
    db = open_database(tmp_path / "bot.db")
    assert [row["entry_id"] for row in db["answer_changes"].rows] == ["iomki-kode-qr"]
    run("--config", str(config_file), "stats")  # a new process loads the edited file again
    assert db["answer_changes"].count == 1


def test_import_of_xlsx_from_excel_and_libreoffice(config_file, tmp_path):
    sheet = tmp_path / "kb.xlsx"
    export = ("--config", str(config_file), "kb", "export", "--format", "xlsx")
    assert run(*export, "--output", str(sheet))[0] == 0
    code, out = run("--config", str(config_file), "kb", "import", str(sheet))
    assert code == 0 and "0 diubah" in out
    rows = [["id", "tags", "reviewed"], ["iomki-kode-qr", "iomki, qr, barcode asli", ""]]
    sheet.write_bytes(excel_workbook(rows, {"C2": 46348}))
    yaml_file = tmp_path / "knowledge" / "se-menperin-7-2020-iomki.yaml"
    code, out = run("--config", str(config_file), "kb", "import", str(sheet), "--yes")
    assert code == 0 and "iomki-kode-qr" in out, out
    assert "tags: [iomki, qr, barcode asli]" in yaml_file.read_text()
    sheet.write_bytes(libreoffice_workbook([["id", "tags"], ["iomki-kode-qr", 2021]]))
    code, out = run("--config", str(config_file), "kb", "import", str(sheet), "--yes")
    assert code == 0 and "iomki-kode-qr" in out, out
    assert 'tags: ["2021"]' in yaml_file.read_text()


def test_import_of_a_corrupt_xlsx_is_one_clear_error(config_file, tmp_path, capsys):
    sheet = tmp_path / "kb.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really a workbook")
    assert run("--config", str(config_file), "kb", "import", str(sheet))[0] == 1
    assert capsys.readouterr().err == "Error: Berkas XLSX tidak bisa dibaca.\n"


def test_import_rejects_unknown_format(config_file, tmp_path, capsys):
    bad = tmp_path / "kb.txt"
    bad.write_text("id\n")
    assert run("--config", str(config_file), "kb", "import", str(bad))[0] == 1
    assert "expected a .csv or .xlsx file" in capsys.readouterr().err


def test_stats_command(config_file):
    run("--config", str(config_file), "ask", "berapa UMK Bekasi")
    code, out = run("--config", str(config_file), "stats")
    assert code == 0
    assert "hari ini: 1 (terjawab 0%)" in out and "#1 (1×) berapa UMK Bekasi" in out
    assert "Questions:" in run("--config", str(config_file), "stats", "--lang", "en")[1]
