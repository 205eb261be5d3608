"""Configuration: one YAML file, every setting declared once with its default and help text."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError

DEFAULT_CONFIG_FILE = "config.yaml"


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
class Config:
    """The whole configuration."""

    knowledge: KnowledgeSettings = field(default_factory=KnowledgeSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    base_dir: Path = field(default=Path("."), metadata={"internal": True})

    def resolve(self, path: str) -> Path:
        """Resolve a path from the config relative to the config file's folder."""
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else self.base_dir / candidate


def sections() -> list[dataclasses.Field[Any]]:
    """Return the config sections (the top-level keys)."""
    return [f for f in dataclasses.fields(Config) if not f.metadata.get("internal")]


def declared_settings() -> list[tuple[str, Any, str]]:
    """Return every setting as (dotted key, default, help text)."""
    result = []
    for section in sections():
        section_type = section.default_factory()  # type: ignore[misc]
        for item in dataclasses.fields(section_type):
            key = f"{section.name}.{item.name}"
            result.append((key, getattr(section_type, item.name), item.metadata["help"]))
    return result


def load_config(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Load the config file (default config.yaml when present, else built-in defaults)."""
    del environ  # the Telegram token arrives with the bot runtime
    if path is None:
        if not Path(DEFAULT_CONFIG_FILE).exists():
            return Config()
        path = DEFAULT_CONFIG_FILE
    config_path = Path(path)
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
    known = {section.name: section for section in sections()}
    values: dict[str, Any] = {}
    for name, section_raw in raw.items():
        if name not in known:
            raise ConfigError(f"unknown config key: {name}")
        section_type = known[name].default_factory  # type: ignore[misc]
        values[name] = build_section(name, section_type, section_raw or {})
    return Config(**values, base_dir=base_dir)


def build_section(name: str, section_type: Any, raw: Any) -> Any:
    """Build one section dataclass, checking each key and its type."""
    if not isinstance(raw, dict):
        raise ConfigError(f"config key {name} must be a mapping")
    fields = {item.name: item for item in dataclasses.fields(section_type)}
    defaults = section_type()
    values = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(f"unknown config key: {name}.{key}")
        values[key] = checked_value(f"{name}.{key}", getattr(defaults, key), value)
    return section_type(**values)


def checked_value(key: str, default: Any, value: Any) -> Any:
    """Return value if it has the default's type (ints are accepted for floats)."""
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"config key {key} must be a whole number, not {value!r}")
    if not isinstance(value, expected):
        raise ConfigError(f"config key {key} must be of type {expected.__name__}, not {value!r}")
    return value
