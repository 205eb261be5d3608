"""Roles: admins (from the config), officers with a region (config seeds + the database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlite_utils import Database

from bot.access.privacy import DELETED
from bot.clock import Clock
from bot.config import RolesSettings, check_officer_seed
from bot.errors import ConfigError, NotFound, PermissionDenied, UserError

MAX_REGION_PART = 80
# The command line runs on the server: whoever can run it acts as an admin.
CLI_ACTOR = 0


class Role(Enum):
    """What a Telegram user may do."""

    ADMIN = "admin"
    OFFICER = "officer"
    USER = "user"


@dataclass(frozen=True, slots=True)
class Region:
    """A province and a kabupaten/kota, e.g. Jawa Barat / Kabupaten Bekasi."""

    province: str
    district: str

    def __str__(self) -> str:
        return f"{self.province} / {self.district}"

    def contains(self, other: Region) -> bool:
        """Tell whether another region lies within this one (same province and district)."""
        return (self.province.casefold(), self.district.casefold()) == (
            other.province.casefold(),
            other.district.casefold(),
        )


def parse_region(text: str) -> Region:
    """Parse 'Province / Kabupaten or Kota'; raise UserError with an example otherwise."""
    parts = [part.strip() for part in text.split("/")]
    if len(parts) != 2 or not all(parts) or any(len(p) > MAX_REGION_PART for p in parts):
        raise UserError.from_catalogue("region_format")
    return Region(parts[0], parts[1])


@dataclass(frozen=True, slots=True)
class Officer:
    """An officer and the region they supervise."""

    user_id: int
    region: Region


class Roles:
    """Answers 'who is this user?' and enforces permissions; every refusal is logged."""

    def __init__(self, db: Database, settings: RolesSettings, clock: Clock) -> None:
        self.records = OfficerRecords(db)
        self.admins = frozenset(settings.admins)
        self.clock = clock
        self.seed(settings.officers)

    def seed(self, officers: list[dict[str, Any]]) -> None:
        """Add the config's officers unless the database already knows them (a revoke sticks)."""
        for index, officer in enumerate(officers):
            check_officer_seed(f"roles.officers[{index}]", officer)
            try:
                region = parse_region(officer["region"])
            except UserError as error:
                raise ConfigError(f"roles.officers[{index}].region: {error}") from error
            self.records.seed(officer["id"], region, self.clock())

    def role_of(self, user_id: int | None) -> Role:
        """Return the user's role."""
        if user_id is None:
            return Role.USER
        if user_id == CLI_ACTOR or user_id in self.admins:
            return Role.ADMIN
        return Role.OFFICER if self.officer(user_id) else Role.USER

    def officer(self, user_id: int) -> Officer | None:
        """Return the active officer with this id, or None."""
        row = self.records.active(user_id)
        return Officer(user_id, Region(row["province"], row["district"])) if row else None

    def require(self, user_id: int | None, action: str, *allowed: Role) -> Role:
        """Return the user's role if it is allowed; else log the attempt and refuse politely."""
        role = self.role_of(user_id)
        if role in allowed:
            return role
        self.records.log_denied(user_id, action, self.clock())
        raise (
            PermissionDenied.from_catalogue("officers_and_admins_only")
            if Role.OFFICER in allowed
            else PermissionDenied.from_catalogue("admins_only")
        )

    def require_officer(self, user_id: int | None, action: str) -> Officer | None:
        """Allow officers (returned) and admins (None: no region limit); refuse everyone else."""
        role = self.require(user_id, action, Role.OFFICER, Role.ADMIN)
        return self.officer(user_id) if role is Role.OFFICER else None  # type: ignore[arg-type]

    def grant_officer(self, admin_id: int | None, user_id: int, region_text: str) -> Officer:
        """Make a user an officer of a region (admins only)."""
        self.require(admin_id, "officer.grant", Role.ADMIN)
        region = parse_region(region_text)
        self.records.grant(user_id, region, admin_id or CLI_ACTOR, self.clock())
        return Officer(user_id, region)

    def revoke_officer(self, admin_id: int | None, user_id: int) -> None:
        """Take the officer role away (admins only)."""
        self.require(admin_id, "officer.revoke", Role.ADMIN)
        if not self.records.revoke(user_id, self.clock()):
            raise NotFound.from_catalogue("officer_not_active", user_id=user_id)

    def officers(self, admin_id: int | None) -> list[Officer]:
        """List active officers (admins only)."""
        self.require(admin_id, "officer.list", Role.ADMIN)
        return [
            Officer(row["user_id"], Region(row["province"], row["district"]))
            for row in self.records.all_active()
        ]


class OfficerRecords:
    """The officers and denied tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def seed(self, user_id: int, region: Region, now: dt.datetime) -> None:
        """Insert a config officer unless the user is already known (granted or revoked)."""
        self.db.table("officers").insert(
            {
                "user_id": user_id,
                "province": region.province,
                "district": region.district,
                "active": 1,
                "granted_by": CLI_ACTOR,
                "granted_at": now.isoformat(),
            },
            pk="user_id",
            ignore=True,
        )

    def grant(self, user_id: int, region: Region, granted_by: int, now: dt.datetime) -> None:
        """Make (or keep) a user an officer of a region."""
        self.db.table("officers").upsert(
            {
                "user_id": user_id,
                "province": region.province,
                "district": region.district,
                "active": 1,
                "granted_by": granted_by,
                "granted_at": now.isoformat(),
                "revoked_at": None,
            },
            pk="user_id",
        )

    def revoke(self, user_id: int, now: dt.datetime) -> bool:
        """Deactivate an officer; return False if there was no active officer."""
        cursor = self.db.execute(
            "update officers set active = 0, revoked_at = ? where user_id = ? and active = 1",
            [now.isoformat(), user_id],
        )
        return cursor.rowcount > 0

    def active(self, user_id: int) -> dict[str, Any] | None:
        """Return the active officer row of a user, or None."""
        rows = self.db.table("officers").rows_where(
            "user_id = ? and active = 1", [user_id], limit=1
        )
        return next(iter(rows), None)

    def all_active(self) -> list[dict[str, Any]]:
        """Return every active officer, by region."""
        return list(
            self.db.table("officers").rows_where(
                "active = 1", order_by="province, district, user_id"
            )
        )

    def log_denied(self, user_id: int | None, action: str, now: dt.datetime) -> None:
        """Record a refused attempt."""
        self.db.table("denied").insert(
            {"user_id": user_id, "action": action, "at": now.isoformat()}
        )


def forget_user(db: Database, user_id: int) -> None:
    """Delete the refused attempts logged for a user (officer roles are kept: bot/access/privacy.py)."""
    db.execute(f"delete from denied where {DELETED['denied']}", {"id": user_id})
