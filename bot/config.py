"""Configuration: one YAML file, every setting declared once with its default and help text."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.errors import ConfigError

logger = logging.getLogger(__name__)

DEFAULT_CONFIG_FILE = "config.yaml"
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
HOSTNAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")
URL_PATH = re.compile(r"^[A-Za-z0-9._~/-]*$")
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{0,256}$")  # what Telegram accepts (1-256; empty: none)

# A check returns None for a good value, else what is allowed ("between 0 and 100").
Check = Callable[[Any], str | None]


def between(low: float, high: float) -> Check:
    """A number from low to high, both included."""
    return lambda value: (
        None
        if math.isfinite(value) and low <= value <= high
        else (f"between {low:g} and {high:g}")
    )


def at_least(low: float, meaning: str = "") -> Check:
    """A finite number of at least low (meaning: what low stands for, e.g. '0 turns it off')."""
    note = f" ({meaning})" if meaning else ""
    return lambda value: (
        None if math.isfinite(value) and value >= low else (f"at least {low:g}{note}")
    )


def above(low: float) -> Check:
    """A finite number greater than low."""
    return lambda value: None if math.isfinite(value) and value > low else f"greater than {low:g}"


def non_empty(value: str) -> str | None:
    """Any text but the empty one."""
    return None if value.strip() else "a non-empty text"


def time_of_day(value: str) -> str | None:
    """HH:MM on a 24-hour clock, or empty (off)."""
    if not value or HHMM.match(value):
        return None
    return "a 24-hour time HH:MM such as 07:00, or empty"


def time_span(value: str) -> str | None:
    """Two 24-hour times HH:MM-HH:MM (the span may wrap past midnight), or empty / 'off'."""
    if value.strip().casefold() in ("", "off"):
        return None
    start, dash, end = value.replace("–", "-").partition("-")
    if dash and HHMM.match(start.strip()) and HHMM.match(end.strip()) and start != end:
        return None
    return "two different 24-hour times HH:MM-HH:MM such as 21:00-06:00, or off"


def time_zone(value: str) -> str | None:
    """An IANA time zone name that zoneinfo knows."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "a time zone name such as Asia/Jakarta (IANA tz database)"
    return None


def web_url(*schemes: str) -> Check:
    """Empty, or an absolute URL with one of the schemes and a host."""
    allowed = " or ".join(f"{scheme}://" for scheme in schemes)

    def check(value: str) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme in schemes and parts.hostname and not any(c.isspace() for c in value):
            return None
        return f"empty or a URL starting with {allowed} and naming a host"

    return check


def host_name(value: str) -> str | None:
    """An IP address or a host name."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        if not HOSTNAME.match(value):
            return "an IP address or a host name such as 127.0.0.1"
    return None


def url_path(value: str) -> str | None:
    """A URL path: letters, digits and . _ ~ / - only."""
    return None if URL_PATH.match(value) else "a URL path of letters, digits and . _ ~ / -"


def telegram_secret(value: str) -> str | None:
    """Empty, or what Telegram accepts as a webhook secret."""
    if SECRET_TOKEN.match(value):
        return None
    return "empty or 1-256 characters A-Z, a-z, 0-9, _ and -"


def setting(default: Any, help_text: str, check: Check | None = None) -> Any:
    """Declare one setting with its default, the help text shown in config.example.yaml and the
    check a value read from the config file must pass."""
    metadata = {"help": help_text, "check": check}
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, slots=True)
class KnowledgeSettings:
    """Where the curated knowledge base lives."""

    path: str = setting("", "Folder of knowledge YAML files; empty means the bundled knowledge/.")
    watch: bool = setting(True, "Reload automatically when a knowledge file changes on disk.")
    stale_after_days: int = setting(
        365, "Entries not reviewed for this many days are stale.", at_least(1)
    )


@dataclass(frozen=True, slots=True)
class StorageSettings:
    """The SQLite database."""

    path: str = setting(
        "policybot.db", "SQLite file for questions, reports and subscriptions.", non_empty
    )


@dataclass(frozen=True, slots=True)
class MatchingSettings:
    """Cut-offs of the matcher, chosen by measurement with `policybot eval`."""

    answer_threshold: float = setting(
        40.0,
        "Score (0-100) below which the best entry is never a confident answer.",
        between(0, 100),
    )
    suggest_threshold: float = setting(
        25.0,
        "Score from which an entry is offered as a 'did you mean' suggestion.",
        between(0, 100),
    )
    margin: float = setting(
        0.0,
        "Lead over the runner-up always needed at the answer threshold (less above it).",
        between(0, 100),
    )
    max_suggestions: int = setting(
        3, "How many suggestions a 'not sure' answer shows.", between(1, 10)
    )
    min_confidence: float = setting(
        0.92,
        "Estimated probability (0-1) of being right from which the bot answers.",
        between(0, 1),
    )


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """Webhook mode (instead of long polling), for a bot behind a reverse proxy."""

    url: str = setting(
        "",
        "Public HTTPS URL Telegram posts updates to; empty means long polling.",
        web_url("https"),
    )
    listen: str = setting("127.0.0.1", "Address the webhook server listens on.", host_name)
    port: int = setting(8443, "Port the webhook server listens on.", between(1, 65535))
    path: str = setting("telegram", "URL path of the webhook on this server.", url_path)
    secret_token: str = field(
        default="",
        repr=False,
        metadata={
            "help": "Secret Telegram sends in a header so forged updates are refused.",
            "check": telegram_secret,
            "secret": True,
        },
    )


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """The Telegram bot runtime."""

    token: str = field(
        default="",
        repr=False,
        # Its shape is checked when the bot starts (runtime.checked_token): POLICYBOT_TOKEN wins.
        metadata={
            "help": "Bot token from @BotFather; prefer the POLICYBOT_TOKEN variable.",
            "secret": True,
        },
    )
    base_url: str = setting(
        "",
        "Bot API base URL for a self-hosted server; empty is Telegram's.",
        web_url("http", "https"),
    )
    base_file_url: str = setting(
        "", "Bot API file URL for a self-hosted server.", web_url("http", "https")
    )
    # Any chat id: users are positive, groups and channels negative.
    admin_chat_id: int = setting(0, "Chat that receives error reports; 0 means none.")
    questions_per_minute: int = setting(
        20,
        "Flood control: questions one user may ask per minute before a polite pause.",
        at_least(0, "0 turns flood control off"),
    )
    webhook: WebhookSettings = field(default_factory=WebhookSettings)


@dataclass(frozen=True, slots=True)
class RolesSettings:
    """Who may do what: admins curate and see everything, officers report and broadcast."""

    admins: list = field(default_factory=list, metadata={"help": "Telegram user ids of admins."})
    officers: list = field(
        default_factory=list,
        metadata={
            "help": (
                'Officers seeded at start-up: {id: <user id>, region: "<province> / <kabupaten or kota>"}.'
            )
        },
    )

    def __post_init__(self) -> None:
        for index, admin in enumerate(self.admins):
            if not is_user_id(admin):
                raise ConfigError(
                    f"config key roles.admins[{index}] must be a user id "
                    f"(a whole number above 0), not {admin!r}"
                )
        for index, officer in enumerate(self.officers):
            check_officer_seed(f"roles.officers[{index}]", officer)


def check_officer_seed(key: str, officer: Any) -> None:
    """Check one seeded officer: a user id and a 'province / district' region."""
    if not isinstance(officer, dict) or set(officer) != {"id", "region"}:
        raise ConfigError(f"config key {key} must have exactly the keys id and region")
    if not is_user_id(officer["id"]):
        raise ConfigError(
            f"config key {key}.id must be a user id (a whole number above 0), "
            f"not {officer['id']!r}"
        )
    if not isinstance(officer["region"], str) or officer["region"].count("/") != 1:
        example = '"Jawa Barat / Kabupaten Bekasi"'
        raise ConfigError(
            f"config key {key}.region must look like {example}, not {officer['region']!r}"
        )


def is_user_id(value: Any) -> bool:
    """Tell whether a value is a Telegram user id (users' ids are positive)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@dataclass(frozen=True, slots=True)
class ReportsSettings:
    """Officers' status reports."""

    timezone: str = setting(
        "Asia/Jakarta",
        "Time zone of every date and day: reports, statistics, the daily summary, reviews.",
        time_zone,
    )
    max_workers: int = setting(
        100000, "Largest believable number of workers on site.", at_least(1)
    )


@dataclass(frozen=True, slots=True)
class BroadcastSettings:
    """Officers' and admins' broadcasts to subscribers."""

    messages_per_second: float = setting(
        29.0,
        "Broadcast pace in messages per second, just under Telegram's 30 (0: no pacing).",
        at_least(0, "0 means no pacing"),
    )
    approval_threshold: int = setting(
        500,
        "Broadcasts to more recipients than this need a second person's approval (an admin).",
        at_least(0),
    )
    allow_paid_broadcast: bool = setting(
        False, "Send broadcasts with allow_paid_broadcast (paid, up to 1000 messages a second)."
    )
    progress_interval_seconds: float = setting(
        3.0, "Seconds between edits of the sender's broadcast progress message.", above(0)
    )
    quiet_hours: str = setting(
        "21:00-06:00",
        "No broadcast (nor 'what changed' notice) goes out between these times (in "
        "reports.timezone) unless an admin marks it urgent; a send under way pauses and resumes "
        "after them. 'off': no quiet hours.",
        time_span,
    )
    late_limit_minutes: float = setting(
        60.0,
        "A scheduled broadcast missed while the bot was down is sent when it comes back if it "
        "is less than this many minutes late; later, it is reported as skipped.",
        at_least(0),
    )
    schedule_check_seconds: float = setting(
        20.0,
        "Seconds between the bot's looks at the calendar: scheduled broadcasts due, quiet hours over.",
        above(0),
    )


@dataclass(frozen=True, slots=True)
class StatsSettings:
    """Statistics for admins and the daily summary."""

    daily_summary_time: str = setting(
        "07:00",
        "Time (HH:MM, 24-hour) the daily summary goes to the admin chat; empty: off.",
        time_of_day,
    )

    def __post_init__(self) -> None:
        if self.daily_summary_time and not HHMM.match(self.daily_summary_time):
            raise ConfigError(
                "config key stats.daily_summary_time must be a 24-hour time "
                f"HH:MM such as 07:00, or empty, not {self.daily_summary_time!r}"
            )


@dataclass(frozen=True, slots=True)
class CurationSettings:
    """Reviewing unanswered questions and telling the askers."""

    notifications_per_second: float = setting(
        1.0,
        "Pace of 'your question now has an answer' messages (0: no pacing).",
        at_least(0, "0 means no pacing"),
    )
    page_size: int = setting(
        5, "Groups of unanswered questions per page in /belum_terjawab.", between(1, 20)
    )
    changed_notice_days: int = setting(
        30,
        "When an answer changes, tell those who got the old one in this many days before.",
        between(1, 365),
    )


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    knowledge: KnowledgeSettings = field(default_factory=KnowledgeSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    roles: RolesSettings = field(default_factory=RolesSettings)
    reports: ReportsSettings = field(default_factory=ReportsSettings)
    broadcasts: BroadcastSettings = field(default_factory=BroadcastSettings)
    stats: StatsSettings = field(default_factory=StatsSettings)
    curation: CurationSettings = field(default_factory=CurationSettings)
    base_dir: Path = field(default=Path("."), metadata={"internal": True})

    def resolve(self, path: str) -> Path:
        """Resolve a path from the config relative to the config file's folder."""
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else self.base_dir / candidate


TOKEN_VARIABLE = "POLICYBOT_TOKEN"
# Keys that older configs use, and the key each one became. An old key is still read (a config
# that loaded once keeps loading) and costs one warning line.
DEPRECATED_KEYS = {"stats.timezone": "reports.timezone"}


def is_section(item: dataclasses.Field[Any]) -> bool:
    """Tell whether a dataclass field holds a nested group of settings."""
    return callable(item.default_factory) and dataclasses.is_dataclass(item.default_factory())


def public_fields(kind: Any) -> list[dataclasses.Field[Any]]:
    """Return a settings class's fields, without internal ones."""
    return [item for item in dataclasses.fields(kind) if not item.metadata.get("internal")]


def declared_settings(kind: Any = Config, prefix: str = "") -> list[tuple[str, Any, str]]:
    """Return every setting as (dotted key, default, help text)."""
    result = []
    for item in public_fields(kind):
        key = f"{prefix}{item.name}"
        if is_section(item):
            result += declared_settings(item.default_factory, f"{key}.")  # type: ignore[misc]
        else:
            result.append((key, getattr(kind(), item.name), item.metadata["help"]))
    return result


def load_config(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Load the config file (default config.yaml when present, else built-in defaults).

    The bot token comes from the POLICYBOT_TOKEN environment variable when it is set.
    """
    config = Config()
    if path is None and Path(DEFAULT_CONFIG_FILE).exists():
        path = DEFAULT_CONFIG_FILE
    if path is not None:
        config = read_config_file(Path(path))
    token = (environ if environ is not None else os.environ).get(TOKEN_VARIABLE, "").strip()
    if token:
        config = dataclasses.replace(
            config, telegram=dataclasses.replace(config.telegram, token=token)
        )
    return config


def read_config_file(config_path: Path) -> Config:
    """Parse and check one config file."""
    try:
        raw = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as error:
        raise ConfigError(f"config file not found: {config_path}") from error
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_path}: invalid YAML: {error}") from error
    return config_from_mapping(raw, base_dir=config_path.resolve().parent)


def config_from_mapping(raw: Any, base_dir: Path = Path(".")) -> Config:
    """Build a Config from parsed YAML, rejecting unknown keys and wrong types."""
    if not isinstance(raw, dict):
        raise ConfigError("the config file must be a mapping of sections")
    for old, new in DEPRECATED_KEYS.items():
        raw = renamed_key(raw, old, new)
    config = build_settings(Config, raw, "")
    matching = config.matching
    if matching.suggest_threshold > matching.answer_threshold:
        raise ConfigError(
            f"config key matching.suggest_threshold must be at most matching.answer_threshold "
            f"({matching.answer_threshold:g}), not {matching.suggest_threshold:g}"
        )
    return dataclasses.replace(config, base_dir=base_dir)


def renamed_key(raw: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """Read a deprecated key as its new one (unless the new one is set) and warn once.

    The old value is checked under its own name, so an error names the key the file holds.
    """
    old_section, old_name = old.split(".")
    new_section, new_name = new.split(".")
    section, target = raw.get(old_section), raw.get(new_section) or {}
    if not isinstance(section, dict) or old_name not in section or not isinstance(target, dict):
        return raw
    item = declared_field(new)
    value = checked_value(old, item.default, section[old_name])
    check_range(old, item, value, section[old_name])
    rest = {key: kept for key, kept in section.items() if key != old_name}
    if new_name in target:
        logger.warning("config key %s is deprecated and ignored: %s is set", old, new)
        return {**raw, old_section: rest}
    logger.warning("config key %s is deprecated: rename it %s", old, new)
    return {**raw, old_section: rest, new_section: {**target, new_name: value}}


def declared_field(key: str) -> dataclasses.Field[Any]:
    """Return the field that declares a dotted key such as reports.timezone."""
    section, name = key.split(".")
    return next(
        item for item in public_fields(type(getattr(Config(), section))) if item.name == name
    )


def build_settings(kind: Any, raw: Any, prefix: str) -> Any:
    """Build one settings dataclass (recursively), checking each key and its type."""
    if not isinstance(raw, dict):
        raise ConfigError(f"config key {prefix.rstrip('.')} must be a mapping")
    fields = {item.name: item for item in public_fields(kind)}
    defaults = kind()
    values = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(f"unknown config key: {prefix}{key}")
        if is_section(fields[key]):
            section = fields[key].default_factory
            values[key] = build_settings(section, value or {}, f"{prefix}{key}.")
        else:
            values[key] = checked_value(f"{prefix}{key}", getattr(defaults, key), value)
            check_range(f"{prefix}{key}", fields[key], values[key], value)
    return kind(**values)


def check_range(key: str, item: dataclasses.Field[Any], value: Any, raw: Any) -> None:
    """Apply a setting's check; the error is one line: the key, the value and what is allowed."""
    check = item.metadata.get("check")
    allowed = check(value) if check else None
    if allowed:
        shown = "(hidden)" if item.metadata.get("secret") else repr(raw)
        raise ConfigError(f"config key {key} must be {allowed}, not {shown}")


def checked_value(key: str, default: Any, value: Any) -> Any:
    """Return value if it has the default's type (ints are accepted for floats)."""
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"config key {key} must be a whole number, not {value!r}")
    if expected is str and value is None:
        return ""
    if not isinstance(value, expected):
        raise ConfigError(f"config key {key} must be of type {expected.__name__}, not {value!r}")
    return value
