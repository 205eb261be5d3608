"""Officers' reports and roles in the domain: validation, permissions, duplicates, export."""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree

import pytest

from bot.access.roles import CLI_ACTOR, Role, Roles, parse_region
from bot.config import Config, RolesSettings, StorageSettings, config_from_mapping
from bot.errors import ConfigError, NotFound, PermissionDenied, UserError
from bot.reports.export import export_reports, export_request
from bot.reports.filing import (
    Draft,
    parse_checklist,
    parse_quick_form,
    parse_status,
    parse_workers,
)
from bot.services import build_services

ADMIN, OFFICER, OTHER_OFFICER, CITIZEN = 1, 2, 3, 4
BEKASI = "Jawa Barat / Kabupaten Bekasi"


@pytest.fixture
def services(real_holder, clock):
    roles = RolesSettings(
        admins=[ADMIN],
        officers=[
            {"id": OFFICER, "region": BEKASI},
            {"id": OTHER_OFFICER, "region": "Jawa Timur / Kota Surabaya"},
        ],
    )
    config = Config(storage=StorageSettings(path=":memory:"), roles=roles)
    return build_services(config, clock=clock, holder=real_holder)


DRAFT = Draft(
    company="PT Maju Jaya",
    iomki="ya",
    status="normal",
    workers=120,
    checklist=("suhu", "masker"),
    notes="baik",
)


def test_roles_from_config(services):
    roles = services.roles
    assert roles.role_of(ADMIN) is Role.ADMIN
    assert roles.role_of(OFFICER) is Role.OFFICER
    assert roles.role_of(CITIZEN) is Role.USER
    assert roles.role_of(CLI_ACTOR) is Role.ADMIN
    assert str(roles.officer(OFFICER).region) == BEKASI


def test_config_rejects_bad_officer_seeds():
    with pytest.raises(ConfigError, match=r"roles\.officers\[0\]\.region"):
        config_from_mapping({"roles": {"officers": [{"id": 5, "region": "Bekasi"}]}})
    with pytest.raises(ConfigError, match=r"roles\.admins\[1\]"):
        config_from_mapping({"roles": {"admins": [1, "two"]}})


def test_admins_grant_and_revoke_officers(services):
    roles = services.roles
    roles.grant_officer(ADMIN, 9, "DKI Jakarta / Kota Jakarta Utara")
    assert roles.role_of(9) is Role.OFFICER
    assert [o.user_id for o in roles.officers(ADMIN)] == [9, OFFICER, OTHER_OFFICER]
    roles.revoke_officer(ADMIN, 9)
    assert roles.role_of(9) is Role.USER
    with pytest.raises(NotFound):
        roles.revoke_officer(ADMIN, 9)


def test_revoked_seed_officer_stays_revoked_after_restart(services, clock):
    services.roles.revoke_officer(ADMIN, OFFICER)
    again = Roles(
        services.store.db, RolesSettings(officers=[{"id": OFFICER, "region": BEKASI}]), clock
    )
    assert again.role_of(OFFICER) is Role.USER


def test_non_admin_cannot_manage_officers_and_is_logged(services):
    for actor in (OFFICER, CITIZEN):
        with pytest.raises(PermissionDenied):
            services.roles.grant_officer(actor, 9, BEKASI)
    actions = [row["action"] for row in services.store.db["denied"].rows]
    assert actions == ["officer.grant", "officer.grant"]


def test_region_must_have_province_and_district():
    assert str(parse_region(" Jawa Barat /Kota Bekasi ")) == "Jawa Barat / Kota Bekasi"
    for bad in ("Bekasi", "a / b / c", " / Kota", "x" * 100 + " / y"):
        with pytest.raises(UserError):
            parse_region(bad)


def test_file_report_is_stored_before_it_returns(services):
    report = services.reports.file(OFFICER, DRAFT)
    row = services.store.db["reports"].get(report.id)
    assert row["company"] == "PT Maju Jaya" and row["district"] == "Kabupaten Bekasi"
    assert row["report_date"] == "2026-11-22" and row["checklist"] == "suhu,masker"


def test_only_officers_file_reports(services):
    for actor in (CITIZEN, ADMIN):
        with pytest.raises(PermissionDenied):
            services.reports.file(actor, DRAFT)
    assert services.store.db["reports"].count == 0
    assert services.store.db["denied"].count == 2


def test_incomplete_draft_is_refused(services):
    with pytest.raises(UserError):
        services.reports.file(OFFICER, Draft(company="PT X"))


def test_duplicates_same_day_same_company_same_officer(services):
    first = services.reports.file(OFFICER, DRAFT)
    assert services.reports.duplicate_of(OFFICER, "pt. MAJU  jaya") == first
    assert services.reports.duplicate_of(OTHER_OFFICER, "PT Maju Jaya") is None
    second = services.reports.file(OFFICER, DRAFT, replace_id=first.id)
    assert services.reports.report(first.id).replaced_by == second.id
    assert [r.id for r in services.reports.recent(OFFICER)] == [second.id]
    with pytest.raises(NotFound):
        services.reports.file(OTHER_OFFICER, DRAFT, replace_id=second.id)


def test_recent_and_companies(services):
    for name in ("PT A", "PT B", "PT A"):
        services.reports.file(OFFICER, Draft(company=name, status="normal", workers=1))
    assert services.reports.companies(OFFICER) == ["PT A", "PT B"]
    assert len(services.reports.recent(OFFICER)) == 3


def test_summary_is_for_admins(services):
    services.reports.file(OFFICER, DRAFT)
    services.reports.file(OFFICER, Draft(company="PT Z", status="berhenti", workers=0))
    services.reports.file(OTHER_OFFICER, DRAFT)
    rows = services.reports.summary(ADMIN, "2026-11-01")
    bekasi = next(r for r in rows if r["region"] == BEKASI)
    assert bekasi["reports"] == 2 and bekasi["stopped"] == 1
    assert bekasi["compliance"] == pytest.approx(2 / 14)
    with pytest.raises(PermissionDenied):
        services.reports.summary(OFFICER, "2026-11-01")


def test_officers_export_only_their_region(services):
    services.reports.file(OFFICER, DRAFT)
    services.reports.file(OTHER_OFFICER, DRAFT)
    assert {r["district"] for r in services.reports.rows_for(OFFICER, "2026-01-01")} == {
        "Kabupaten Bekasi"
    }
    assert len(services.reports.rows_for(ADMIN, "2026-01-01")) == 2
    surabaya = parse_region("jawa timur / kota surabaya")
    assert len(services.reports.rows_for(ADMIN, "2026-01-01", surabaya)) == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("120", 120),
        (" 1.200 ", 1200),
        ("1,200", 1200),
        ("0", 0),
    ],
)
def test_workers_parse(text, expected):
    assert parse_workers(text, 100000) == expected


@pytest.mark.parametrize("text", ["-5", "abc", "12.5x", "💯", "999999999", "", "١٢٣"])
def test_workers_rejects_bad_values_with_an_example(text):
    with pytest.raises(UserError) as caught:
        parse_workers(text, 100000)
    assert "120" in caught.value.message("id")


def test_quick_form_parses_and_names_the_bad_field():
    draft = parse_quick_form(
        "PT Maju Jaya; normal; 120; suhu,masker, cuci tangan; catatan; x", 100000
    )
    assert draft == Draft(
        company="PT Maju Jaya",
        status="normal",
        workers=120,
        checklist=("suhu", "masker", "cuci_tangan"),
        notes="catatan; x",
    )
    with pytest.raises(UserError, match=r"Kolom 2 \(status operasional\)"):
        parse_quick_form("PT A; normla; 5", 100000)
    with pytest.raises(UserError, match=r"Kolom 3 \(jumlah pekerja\)"):
        parse_quick_form("PT A; normal; -3", 100000)
    with pytest.raises(UserError, match=r"Kolom 4 \(checklist protokol\)"):
        parse_quick_form("PT A; normal; 3; suhu, vaksin", 100000)
    with pytest.raises(UserError, match=r"Kolom 1 \(nama perusahaan\)"):
        parse_quick_form("x" * 5000 + "; normal; 3", 100000)
    with pytest.raises(UserError, match="Format singkat"):
        parse_quick_form("PT A normal 3", 100000)


def test_status_and_checklist_aliases():
    assert parse_status("STOP") == "berhenti" and parse_status("reduced") == "berkurang"
    assert parse_checklist("Sabun, jaga jarak,,SIINAS") == ("cuci_tangan", "jarak", "siinas")


def test_sql_and_html_metacharacters_are_stored_verbatim(services):
    name = "PT '; DROP TABLE reports; -- <b>&"
    report = services.reports.file(OFFICER, Draft(company=name, status="normal", workers=3))
    assert services.reports.report(report.id).company == name


def test_export_csv(services):
    services.reports.file(
        OFFICER, Draft(company="=HYPERLINK(1)", status="normal", workers=3, checklist=("suhu",))
    )
    data = export_reports(services.reports.rows_for(ADMIN, "2026-01-01"), "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Tanggal", "Waktu (UTC)"]
    assert rows[1][6] == "'=HYPERLINK(1)" and rows[1][8] == "Normal" and rows[1][10] == "Cek suhu"


def test_export_xlsx_is_a_valid_workbook(services):
    services.reports.file(OFFICER, DRAFT)
    data = export_reports(services.reports.rows_for(ADMIN, "2026-01-01"), "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    cells = [
        ["".join(c.itertext()) for c in row.findall("m:c", ns)]
        for row in sheet.findall(".//m:row", ns)
    ]
    assert cells[0][6] == "Perusahaan" and cells[1][6] == "PT Maju Jaya" and cells[1][9] == "120"


def test_overview_is_a_summary_for_admins_and_own_reports_for_officers(services):
    services.reports.file(OFFICER, DRAFT)
    admin = services.reports.overview(ADMIN)
    assert admin.recent is None and [r["region"] for r in admin.summary] == [BEKASI]
    officer = services.reports.overview(OFFICER)
    assert officer.summary is None and [r.company for r in officer.recent] == ["PT Maju Jaya"]
    with pytest.raises(PermissionDenied):
        services.reports.overview(CITIZEN)


def test_export_request_holds_the_rules_of_an_export(services):
    services.reports.file(OFFICER, DRAFT)
    export = export_request(services.reports, ADMIN, ["XLSX"])
    assert export.since == services.reports.days_ago(30) and export.file_format == "xlsx"
    assert export.filename == f"laporan-sejak-{export.since}.xlsx"
    assert zipfile.is_zipfile(io.BytesIO(export.content())) and len(export.rows) == 1
    dated = export_request(services.reports, ADMIN, ["2020-01-01"])
    assert dated.since == "2020-01-01" and dated.content().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UserError, match="TTTT-BB-HH"):
        export_request(services.reports, ADMIN, ["2021-13-45"])
    with pytest.raises(PermissionDenied):
        export_request(services.reports, OFFICER, [])
