"""`policybot reports export` and `policybot officers …` on the command line."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from bot.cli.main import main
from bot.config import load_config
from bot.reports.filing import Draft
from bot.services import build_services

OFFICER = 42


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(
        "storage:\n  path: bot.db\nroles:\n  officers:\n"
        '    - {id: 42, region: "Jawa Barat / Kabupaten Bekasi"}\n'
        '    - {id: 43, region: "Banten / Kota Tangerang"}\n'
    )
    services = build_services(load_config(path))
    services.reports.file(OFFICER, Draft(company="PT Satu", status="normal", workers=10))
    services.reports.file(43, Draft(company="PT Dua", status="berhenti", workers=0))
    return str(path)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def test_export_csv_to_stdout(config_file):
    code, out = run("--config", config_file, "reports", "export", "--since", "2020-01-01")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert [row[6] for row in rows[1:]] == ["PT Dua", "PT Satu"]  # by date, then region


def test_export_region_filter_and_xlsx_file(config_file, tmp_path):
    target = tmp_path / "out.xlsx"
    code, _ = run(
        "--config",
        config_file,
        "reports",
        "export",
        "--since",
        "2020-01-01",
        "--region",
        "banten / kota tangerang",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert code == 0
    with zipfile.ZipFile(target) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "PT Dua" in sheet and "PT Satu" not in sheet


def test_export_rejects_bad_dates_and_regions(config_file, capsys):
    with pytest.raises(SystemExit):
        run("--config", config_file, "reports", "export", "--since", "kemarin")
    code, _ = run(
        "--config",
        config_file,
        "reports",
        "export",
        "--since",
        "2020-01-01",
        "--region",
        "Tangerang",
    )
    assert code == 1 and "Wilayah harus ditulis" in capsys.readouterr().err


def test_officers_add_list_remove(config_file):
    code, out = run(
        "--config",
        config_file,
        "officers",
        "add",
        "77",
        "DKI",
        "Jakarta",
        "/",
        "Kota",
        "Jakarta",
        "Barat",
    )
    assert out.strip() == "77 is now an officer for DKI Jakarta / Kota Jakarta Barat"
    code, out = run("--config", config_file, "petugas", "daftar")
    assert "77\tDKI Jakarta / Kota Jakarta Barat" in out
    code, out = run("--config", config_file, "petugas", "hapus", "77")
    assert code == 0 and out.strip() == "77 is no longer an officer"
    code, _ = run("--config", config_file, "officers", "remove", "77")
    assert code == 1
