"""Configuration: one YAML file, every setting declared once with its default and help text."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError

DEFAULT_CONFIG_FILE = "config.yaml"
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def setting(default: Any, help_text: str) -> Any:
    """Declare one setting with its default and the help text shown in config.example.yaml."""
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help_text})
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class KnowledgeSettings:
    """Where the curated knowledge base lives."""

    path: str = setting("", "Folder of knowledge YAML files; empty means the bundled knowledge/.")
    watch: bool = setting(True, "Reload automatically when a knowledge file changes on disk.")
    stale_after_days: int = setting(365, "Entries not reviewed for this many days are stale.")


@dataclass(frozen=True, slots=True)
class StorageSettings:
    """The SQLite database."""

    path: str = setting("policybot.db", "SQLite file for questions, reports and subscriptions.")


@dataclass(frozen=True, slots=True)
class MatchingSettings:
    """Cut-offs of the matcher, chosen by measurement with `policybot eval`."""

    answer_threshold: float = setting(
        48.0, "Score (0-100) from which the best entry is given as a confident answer."
    )
    suggest_threshold: float = setting(
        30.0, "Score from which an entry is offered as a 'did you mean' suggestion."
    )
    margin: float = setting(
        4.0, "A confident answer must beat the runner-up entry by at least this many points."
    )
    max_suggestions: int = setting(3, "How many suggestions a 'not sure' answer shows.")


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """Webhook mode (instead of long polling), for a bot behind a reverse proxy."""

    url: str = setting("", "Public HTTPS URL Telegram posts updates to; empty means long polling.")
    listen: str = setting("127.0.0.1", "Address the webhook server listens on.")
    port: int = setting(8443, "Port the webhook server listens on.")
    path: str = setting("telegram", "URL path of the webhook on this server.")
    secret_token: str = field(
        default="", repr=False,
        metadata={"help": "Secret Telegram sends in a header so forged updates are refused."},
    )


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    """The Telegram bot runtime."""

    token: str = field(
        default="", repr=False,
        metadata={"help": "Bot token from @BotFather; prefer the POLICYBOT_TOKEN variable."},
    )
    base_url: str = setting("", "Bot API base URL for a self-hosted server; empty is Telegram's.")
    base_file_url: str = setting("", "Bot API file URL for a self-hosted server.")
    admin_chat_id: int = setting(0, "Chat that receives error reports; 0 means none.")
    questions_per_minute: int = setting(
        20, "Flood control: questions one user may ask per minute before a polite pause."
    )
    webhook: WebhookSettings = field(default_factory=WebhookSettings)


@dataclass(frozen=True, slots=True)
class RolesSettings:
    """Who may do what: admins curate and see everything, officers report and broadcast."""

    admins: list = field(default_factory=list,
                         metadata={"help": "Telegram user ids of admins."})
    officers: list = field(default_factory=list, metadata={"help": (
        'Officers seeded at start-up: {id: <user id>, region: "<province> / <kabupaten or kota>"}.'
    )})

    def __post_init__(self) -> None:
        for index, admin in enumerate(self.admins):
            if not isinstance(admin, int) or isinstance(admin, bool):
                raise ConfigError(f"config key roles.admins[{index}] must be a user id number")
        for index, officer in enumerate(self.officers):
            check_officer_seed(f"roles.officers[{index}]", officer)


def check_officer_seed(key: str, officer: Any) -> None:
    """Check one seeded officer: a user id and a 'province / district' region."""
    if not isinstance(officer, dict) or set(officer) != {"id", "region"}:
        raise ConfigError(f"config key {key} must have exactly the keys id and region")
    if not isinstance(officer["id"], int) or isinstance(officer["id"], bool):
        raise ConfigError(f"config key {key}.id must be a user id number")
    if not isinstance(officer["region"], str) or officer["region"].count("/") != 1:
        example = '"Jawa Barat / Kabupaten Bekasi"'
        raise ConfigError(f"config key {key}.region must look like {example}")


@dataclass(frozen=True, slots=True)
class ReportsSettings:
    """Officers' status reports."""

    timezone: str = setting("Asia/Jakarta", "Time zone that decides a report's date.")
    max_workers: int = setting(100000, "Largest believable number of workers on site.")


@dataclass(frozen=True, slots=True)
class BroadcastSettings:
    """Officers' and admins' broadcasts to subscribers."""

    messages_per_second: float = setting(
        25.0, "Broadcast pace in messages per second, just under Telegram's 30 (0: no pacing)."
    )
    approval_threshold: int = setting(
        500, "Broadcasts to more recipients than this need a second person's approval (an admin)."
    )
    allow_paid_broadcast: bool = setting(
        False, "Send broadcasts with allow_paid_broadcast (paid, up to 1000 messages a second)."
    )
    progress_interval_seconds: float = setting(
        3.0, "Seconds between edits of the sender's broadcast progress message."
    )


@dataclass(frozen=True, slots=True)
class StatsSettings:
    """Statistics for admins and the daily summary."""

    daily_summary_time: str = setting(
        "07:00", "Time (HH:MM, 24-hour) the daily summary goes to the admin chat; empty: off."
    )
    timezone: str = setting("Asia/Jakarta", "Time zone of the statistics' days and summary time.")

    def __post_init__(self) -> None:
        if self.daily_summary_time and not HHMM.match(self.daily_summary_time):
            raise ConfigError("config key stats.daily_summary_time must look like 07:00")


@dataclass(frozen=True, slots=True)
class CurationSettings:
    """Reviewing unanswered questions and telling the askers."""

    notifications_per_second: float = setting(
        1.0, "Pace of 'your question now has an answer' messages (0: no pacing)."
    )
    page_size: int = setting(5, "Groups of unanswered questions per page in /belum_terjawab.")


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
    return dataclasses.replace(build_settings(Config, raw, ""), base_dir=base_dir)


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
    return kind(**values)


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
