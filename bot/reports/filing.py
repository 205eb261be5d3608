"""Officers' status reports: validation, storage (committed before it is acknowledged), reading."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.access.roles import Region, Role, Roles
from bot.clock import Clock
from bot.config import ReportsSettings
from bot.errors import NotFound, UserError
from bot.messages import sentence
from bot.storage.rows import inserted_id

MAX_COMPANY = 120
MAX_NOTES = 1000
MIN_COMPANY = 2

# key: (Indonesian label, English label, words an officer may type in the one-line form)
CHECKLIST: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "suhu": (
        "Cek suhu",
        "Temperature screening",
        ("suhu", "cek suhu", "temperature", "thermogun"),
    ),
    "masker": ("Masker", "Masks", ("masker", "mask", "masks")),
    "cuci_tangan": (
        "Cuci tangan pakai sabun",
        "Hand washing with soap",
        ("cuci tangan", "cuci", "sabun", "hand washing", "handwashing"),
    ),
    "jarak": ("Jaga jarak 1 m", "1 m distancing", ("jarak", "jaga jarak", "distancing")),
    "disinfeksi": ("Disinfeksi", "Disinfection", ("disinfeksi", "disinfektan", "disinfection")),
    "satgas": ("Tim/Satgas COVID", "Workplace COVID team", ("satgas", "tim covid", "tim")),
    "siinas": ("Lapor via SIINas", "Reporting via SIINas", ("siinas", "sinas", "lapor siinas")),
}
STATUSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "normal": ("Normal", "Normal", ("normal", "penuh", "full")),
    "berkurang": (
        "Kapasitas berkurang",
        "Reduced capacity",
        ("berkurang", "kurang", "reduced", "sebagian", "partial"),
    ),
    "berhenti": ("Berhenti", "Stopped", ("berhenti", "stop", "stopped", "tutup", "closed")),
}
IOMKI_ANSWERS: dict[str, tuple[str, str]] = {
    "ya": ("Ya", "Yes"),
    "tidak": ("Tidak", "No"),
    "tidak_tahu": ("Tidak tahu", "Unknown"),
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def label(table: dict[str, tuple[Any, ...]], key: str, language: str) -> str:
    """Return the Indonesian or English label of a status, checklist item or IOMKI answer."""
    indonesian, english = table[key][0], table[key][1]
    return english if language == "en" else indonesian


@dataclass(frozen=True, slots=True)
class Draft:
    """A report being written; every field is validated before it gets here."""

    company: str = ""
    iomki: str = "tidak_tahu"
    status: str = ""
    workers: int | None = None
    checklist: tuple[str, ...] = ()
    notes: str = ""
    photo_file_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values, for conversation persistence."""
        return {
            **{name: getattr(self, name) for name in self.__slots__},
            "checklist": list(self.checklist),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        """Rebuild a draft saved with to_dict."""
        values = {name: data[name] for name in cls.__slots__ if name in data}
        values["checklist"] = tuple(values.get("checklist", ()))
        return cls(**values)

    @property
    def complete(self) -> bool:
        """True when the required fields are filled in."""
        return bool(self.company and self.status and self.workers is not None)


@dataclass(frozen=True, slots=True)
class StatusReport:
    """An officer's status report on one company, as stored."""

    id: int
    officer_id: int
    region: Region
    company: str
    iomki: str
    status: str
    workers: int
    checklist: tuple[str, ...]
    notes: str
    created_at: str
    report_date: str
    photo_file_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    replaced_by: int | None = field(default=None)


def field_error(number: int | None, field_name: str, problem: str, **values: object) -> UserError:
    """Build a polite error that names the field (and its position in the one-line form)."""
    indonesian, english = (
        field_problem(number, field_name, problem, language, **values) for language in ("id", "en")
    )
    return UserError(indonesian, english)


def field_problem(
    number: int | None, field_name: str, problem: str, language: str, **values: object
) -> str:
    """Return '<field>: <problem>' in one language; the field is numbered in the one-line form."""
    name = sentence(f"report_field_name_{field_name}", language)
    where = (
        sentence("report_field_numbered", language, number=number, name=name)
        if number
        else name.capitalize()
    )
    return f"{where}: {sentence(problem, language, **values)}"


def clean_company(text: str, number: int | None = None) -> str:
    """Validate a company name: 2–120 characters with a letter, no control characters."""
    name = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
    if len(name) > MAX_COMPANY:
        raise field_error(number, "company", "report_company_too_long", maximum=MAX_COMPANY)
    if len(name) < MIN_COMPANY or not any(char.isalpha() for char in name):
        raise field_error(number, "company", "report_company_needs_letters")
    return name


def parse_workers(text: str, maximum: int, number: int | None = None) -> int:
    """Parse a whole number of workers between 0 and maximum ('1.200' and '1,200' allowed)."""
    digits = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not digits.isdigit() or not digits.isascii():
        raise field_error(number, "workers", "report_workers_not_number")
    workers = int(digits)
    if workers > maximum:
        raise field_error(
            number, "workers", "report_workers_too_many", workers=workers, maximum=maximum
        )
    return workers


def match_choice(table: dict[str, tuple[Any, ...]], text: str) -> str | None:
    """Find the key whose own name or alias equals the text."""
    wanted = " ".join(text.casefold().split())
    for key, (*_, aliases) in table.items():
        if wanted == key or wanted in aliases:
            return key
    return None


def parse_status(text: str, number: int | None = None) -> str:
    """Parse an operating status: normal, berkurang or berhenti (or an alias)."""
    status = match_choice(STATUSES, text)
    if status is None:
        raise field_error(number, "status", "report_status_unknown", given=text.strip()[:30])
    return status


def parse_checklist(text: str, number: int | None = None) -> tuple[str, ...]:
    """Parse a comma-separated checklist ('suhu, masker, cuci tangan')."""
    items: list[str] = []
    for word in filter(None, (part.strip() for part in text.split(","))):
        key = match_choice(CHECKLIST, word)
        if key is None:
            known = ", ".join(CHECKLIST)
            raise field_error(
                number, "checklist", "report_checklist_unknown", given=word[:30], known=known
            )
        if key not in items:
            items.append(key)
    return tuple(items)


def clean_notes(text: str, number: int | None = None) -> str:
    """Validate free-text notes (at most 1,000 characters)."""
    notes = CONTROL_CHARACTERS.sub(" ", text).strip()
    if len(notes) > MAX_NOTES:
        raise field_error(number, "notes", "report_notes_too_long", maximum=MAX_NOTES)
    return notes


QUICK_FORM_EXAMPLE = "/lapor PT Maju Jaya; normal; 120; suhu, masker, cuci tangan; catatan"


def parse_quick_form(text: str, max_workers: int) -> Draft:
    """Parse 'company; status; workers; checklist; notes' (checklist and notes optional)."""
    fields = [part.strip() for part in text.split(";", 4)]
    if len(fields) < 3:
        raise UserError.from_catalogue("report_quick_form", example=QUICK_FORM_EXAMPLE)
    fields += [""] * (5 - len(fields))
    return Draft(
        company=clean_company(fields[0], 1),
        status=parse_status(fields[1], 2),
        workers=parse_workers(fields[2], max_workers, 3),
        checklist=parse_checklist(fields[3], 4),
        notes=clean_notes(fields[4], 5),
    )


def company_key(company: str) -> str:
    """Normalise a company name so 'PT. Maju  Jaya' and 'pt maju jaya' are the same company."""
    return " ".join(re.sub(r"[^\w]+", " ", company.casefold()).split())


# /laporan's summary covers this many days, today included.
SUMMARY_DAYS = 7


@dataclass(frozen=True, slots=True)
class Overview:
    """What /laporan shows a user: an admin's summary rows, or an officer's latest reports."""

    summary: list[dict[str, Any]] | None = None
    recent: list[StatusReport] | None = None


class Reports:
    """Files and reads reports; only officers (own region) and admins may."""

    def __init__(
        self,
        db: Database,
        roles: Roles,
        settings: ReportsSettings,
        clock: Clock,
        zone: dt.tzinfo,
    ) -> None:
        self.db = db
        self.roles = roles
        self.settings = settings
        self.zone = zone
        self.clock = clock

    def today(self) -> str:
        """Today's date in the reporting time zone (ISO)."""
        return self.clock().astimezone(self.zone).date().isoformat()

    def days_ago(self, days: int) -> str:
        """The date `days` days before today in the reporting time zone (ISO)."""
        return (dt.date.fromisoformat(self.today()) - dt.timedelta(days=days)).isoformat()

    def overview(self, user_id: int) -> Overview:
        """What /laporan shows: an admin's summary of the last days, else the officer's own
        latest reports."""
        if self.roles.role_of(user_id) is Role.ADMIN:
            since = self.days_ago(SUMMARY_DAYS - 1)
            return Overview(summary=self.summary(user_id, since))
        return Overview(recent=self.recent(user_id))

    def require_filer(self, user_id: int) -> Region:
        """Return the officer's region; refuse (and log) anyone who is not an officer."""
        self.roles.require(user_id, "report.file", Role.OFFICER)
        officer = self.roles.officer(user_id)
        assert officer is not None
        return officer.region

    def duplicate_of(self, officer_id: int, company: str) -> StatusReport | None:
        """Return today's current report by this officer on this company, if any."""
        rows = self.db.table("reports").rows_where(
            "officer_id = ? and company_key = ? and report_date = ? and replaced_by is null",
            [officer_id, company_key(company), self.today()],
            order_by="id desc",
            limit=1,
        )
        row = next(iter(rows), None)
        return report_from_row(row) if row else None

    def file(self, officer_id: int, draft: Draft, replace_id: int | None = None) -> StatusReport:
        """Store a report (committed before this returns), optionally replacing an earlier one."""
        region = self.require_filer(officer_id)
        if not draft.complete:
            raise UserError.from_catalogue("report_incomplete")
        now = self.clock()
        row = {
            "officer_id": officer_id,
            "province": region.province,
            "district": region.district,
            "company": draft.company,
            "company_key": company_key(draft.company),
            "iomki": draft.iomki,
            "status": draft.status,
            "workers": draft.workers,
            "checklist": ",".join(draft.checklist),
            "notes": draft.notes,
            "photo_file_id": draft.photo_file_id,
            "latitude": draft.latitude,
            "longitude": draft.longitude,
            "created_at": now.isoformat(),
            "report_date": now.astimezone(self.zone).date().isoformat(),
        }
        with self.db.atomic():
            report_id = inserted_id(self.db.table("reports").insert(row))
            if replace_id is not None:
                self.mark_replaced(officer_id, replace_id, report_id)
        return self.report(report_id)

    def mark_replaced(self, officer_id: int, old_id: int, new_id: int) -> None:
        """Point the officer's earlier report at its replacement."""
        updated = self.db.execute(
            "update reports set replaced_by = ? where id = ? and officer_id = ?",
            [new_id, old_id, officer_id],
        ).rowcount
        if not updated:
            raise NotFound.from_catalogue("report_earlier_not_found")

    def report(self, report_id: int) -> StatusReport:
        """Return one stored report."""
        return report_from_row(self.db.table("reports").get(report_id))

    def recent(self, officer_id: int, limit: int = 10) -> list[StatusReport]:
        """The officer's latest current reports, newest first."""
        self.roles.require(officer_id, "report.read", Role.OFFICER, Role.ADMIN)
        rows = self.db.table("reports").rows_where(
            "officer_id = ? and replaced_by is null",
            [officer_id],
            order_by="id desc",
            limit=limit,
        )
        return [report_from_row(row) for row in rows]

    def companies(self, officer_id: int, limit: int = 6) -> list[str]:
        """Companies the officer reported on most recently (for quick buttons)."""
        rows = self.db.execute(
            "select company from reports where officer_id = ? group by company_key "
            "order by max(id) desc limit ?",
            [officer_id, limit],
        ).fetchall()
        return [row[0] for row in rows]

    def rows_for(self, user_id: int, since: str, region: Region | None = None) -> list[dict]:
        """Current reports since a date: admins see every region, officers their own."""
        role = self.roles.require(user_id, "report.export", Role.OFFICER, Role.ADMIN)
        if role is Role.OFFICER:
            officer = self.roles.officer(user_id)
            assert officer is not None
            region = officer.region
        where, params = "report_date >= ? and replaced_by is null", [since]
        if region is not None:
            where += " and lower(province) = lower(?) and lower(district) = lower(?)"
            params += [region.province, region.district]
        return list(
            self.db.table("reports").rows_where(
                where, params, order_by="report_date, province, district, id"
            )
        )

    def summary(self, user_id: int, since: str) -> list[dict[str, Any]]:
        """Per region and day: reports, companies stopped, checklist compliance (0–1)."""
        self.roles.require(user_id, "report.summary", Role.ADMIN)
        groups: dict[tuple[str, str, str], list[dict]] = {}
        for row in self.rows_for(user_id, since):
            key = (row["report_date"], row["province"], row["district"])
            groups.setdefault(key, []).append(row)
        return [summarise(key, rows) for key, rows in sorted(groups.items(), reverse=True)]


def summarise(key: tuple[str, str, str], rows: list[dict]) -> dict[str, Any]:
    """Summarise one region-day group of report rows."""
    day, province, district = key
    ticks = sum(len([c for c in row["checklist"].split(",") if c]) for row in rows)
    return {
        "date": day,
        "region": f"{province} / {district}",
        "reports": len(rows),
        "stopped": sum(row["status"] == "berhenti" for row in rows),
        "compliance": ticks / (len(rows) * len(CHECKLIST)),
    }


def report_from_row(row: dict[str, Any]) -> StatusReport:
    """Turn a reports row into a StatusReport."""
    return StatusReport(
        id=row["id"],
        officer_id=row["officer_id"],
        region=Region(row["province"], row["district"]),
        company=row["company"],
        iomki=row["iomki"],
        status=row["status"],
        workers=row["workers"],
        checklist=tuple(c for c in row["checklist"].split(",") if c),
        notes=row["notes"],
        created_at=row["created_at"],
        report_date=row["report_date"],
        photo_file_id=row["photo_file_id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        replaced_by=row["replaced_by"],
    )
