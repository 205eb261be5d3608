"""Configuration loading: defaults, types, unknown keys, documentation."""

from pathlib import Path

import pytest
import yaml

from bot.config import (
    Config,
    config_from_mapping,
    declared_settings,
    is_section,
    load_config,
    public_fields,
)
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_config_defaults_without_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == Config()
    assert config.matching.answer_threshold == 40.0
    assert config.matching.min_confidence == 0.92


def test_config_reads_default_file_when_present(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("matching:\n  max_suggestions: 2\n")
    assert load_config().matching.max_suggestions == 2


def test_config_unknown_key_names_the_key(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("matching:\n  answer_treshold: 50\n")
    with pytest.raises(ConfigError, match=r"matching\.answer_treshold"):
        load_config(path)


def test_config_unknown_section_names_the_key():
    with pytest.raises(ConfigError, match=r"unknown config key: matchng"):
        config_from_mapping({"matchng": {}})


def test_config_wrong_type_is_an_error():
    with pytest.raises(ConfigError, match=r"matching\.max_suggestions"):
        config_from_mapping({"matching": {"max_suggestions": "three"}})


def test_config_int_accepted_for_float():
    config = config_from_mapping({"matching": {"answer_threshold": 50}})
    assert config.matching.answer_threshold == 50.0


def test_config_relative_paths_resolve_from_config_folder(tmp_path):
    path = tmp_path / "sub" / "c.yaml"
    path.parent.mkdir()
    path.write_text("storage:\n  path: data/bot.db\n")
    config = load_config(path)
    assert config.resolve(config.storage.path) == tmp_path / "sub" / "data" / "bot.db"


def test_config_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("matching: [\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(bad)


def test_every_setting_is_documented_in_example():
    example = yaml.safe_load((ROOT / "config.example.yaml").read_text())
    text = (ROOT / "config.example.yaml").read_text()
    for key, default, help_text in declared_settings():
        *sections, name = key.split(".")
        node = example
        for section in sections:
            node = node[section]
        assert name in node, f"{key} missing from config.example.yaml"
        assert node[name] == default, f"{key}: example shows a different default"
        assert help_text in text, f"{key}: help text not in config.example.yaml"


def test_example_config_loads():
    assert load_config(ROOT / "config.example.yaml").matching == Config().matching


def test_token_comes_from_environment_and_is_never_in_repr(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("telegram:\n  token: from-file\n  webhook:\n    secret_token: s3cret\n")
    assert load_config(path, environ={}).telegram.token == "from-file"
    config = load_config(path, environ={"POLICYBOT_TOKEN": "123:from-env"})
    assert config.telegram.token == "123:from-env"
    assert "from-env" not in repr(config) and "s3cret" not in repr(config)


def test_nested_keys_are_checked():
    config = config_from_mapping({"telegram": {"webhook": {"port": 9000}}})
    assert config.telegram.webhook.port == 9000
    with pytest.raises(ConfigError, match=r"unknown config key: telegram\.webhook\.prt"):
        config_from_mapping({"telegram": {"webhook": {"prt": 9000}}})


# Each kind of range check, with a key that uses it: (dotted key, refused value, allowed words).
REFUSED = [
    ("matching.answer_threshold", 500, "between 0 and 100"),
    ("matching.suggest_threshold", -1, "between 0 and 100"),
    ("matching.margin", float("nan"), "between 0 and 100"),
    ("matching.max_suggestions", 0, "between 1 and 10"),
    ("telegram.questions_per_minute", -5, "at least 0"),
    ("broadcasts.messages_per_second", -0.5, "at least 0"),
    ("broadcasts.approval_threshold", -1, "at least 0"),
    ("broadcasts.progress_interval_seconds", 0, "greater than 0"),
    ("broadcasts.quiet_hours", "21:00", "HH:MM-HH:MM"),
    ("broadcasts.quiet_hours", "9pm-6am", "HH:MM-HH:MM"),
    ("broadcasts.quiet_hours", "06:00-06:00", "two different"),
    ("broadcasts.late_limit_minutes", -1, "at least 0"),
    ("broadcasts.schedule_check_seconds", 0, "greater than 0"),
    ("curation.notifications_per_second", float("inf"), "at least 0"),
    ("curation.page_size", 0, "between 1 and 20"),
    ("knowledge.stale_after_days", 0, "at least 1"),
    ("reports.max_workers", 0, "at least 1"),
    ("telegram.webhook.port", 70000, "between 1 and 65535"),
    ("stats.daily_summary_time", "25:00", "HH:MM"),
    ("stats.daily_summary_time", "7:00", "HH:MM"),
    ("stats.timezone", "Asia/Jakarte", "time zone"),
    ("reports.timezone", "WIB+7", "time zone"),
    ("telegram.webhook.url", "http://bot.example.com/telegram", "https://"),
    ("telegram.webhook.url", "bot.example.com", "https://"),
    ("telegram.base_url", "localhost:8081/bot", "http:// or https://"),
    ("telegram.base_file_url", "ftp://files.example.com", "http:// or https://"),
    ("telegram.webhook.listen", "local host", "IP address or a host name"),
    ("telegram.webhook.path", "tele gram?x=1", "URL path"),
    ("storage.path", "  ", "non-empty"),
]
ACCEPTED = [
    ("matching.answer_threshold", 100),
    ("matching.suggest_threshold", 0.0),
    ("telegram.questions_per_minute", 0),
    ("broadcasts.messages_per_second", 0),
    ("broadcasts.quiet_hours", "off"),
    ("broadcasts.quiet_hours", "22:30–05:00"),
    ("broadcasts.quiet_hours", "12:00-13:00"),
    ("broadcasts.late_limit_minutes", 0),
    ("curation.notifications_per_second", 0),
    ("stats.daily_summary_time", ""),
    ("stats.daily_summary_time", "23:59"),
    ("reports.timezone", "UTC"),
    ("reports.timezone", "Asia/Makassar"),
    ("telegram.webhook.url", "https://bot.example.com/tg"),
    ("telegram.base_url", "http://127.0.0.1:8081/bot"),
    ("telegram.webhook.listen", "0.0.0.0"),
    ("telegram.webhook.listen", "::1"),
    ("telegram.webhook.listen", "bot.internal"),
    ("telegram.webhook.port", 1),
    ("telegram.webhook.path", "hooks/telegram-1"),
    ("telegram.webhook.secret_token", "A-b_9" * 10),
    ("telegram.admin_chat_id", -100123),
]
# Settings any value of the right type is good for, and why.
UNCHECKED = {
    "knowledge.path",  # any folder; empty means the bundled one
    "knowledge.watch",
    "broadcasts.allow_paid_broadcast",  # booleans
    "telegram.token",  # POLICYBOT_TOKEN wins; its shape is checked at start (checked_token)
    "telegram.admin_chat_id",  # users are positive, groups negative, 0 means none
    "roles.admins",
    "roles.officers",  # lists, checked item by item in RolesSettings
}


def nested(key: str, value) -> dict:
    """{'a': {'b': value}} for the dotted key 'a.b'."""
    *sections, name = key.split(".")
    raw = {name: value}
    for section in reversed(sections):
        raw = {section: raw}
    return raw


@pytest.mark.parametrize(("key", "value", "allowed"), REFUSED)
def test_out_of_range_values_are_refused_in_one_line(key, value, allowed):
    with pytest.raises(ConfigError) as caught:
        config_from_mapping(nested(key, value))
    message = str(caught.value)
    assert message.startswith(f"config key {key} must be ")
    assert allowed in message and repr(value) in message
    assert "\n" not in message


@pytest.mark.parametrize(("key", "value"), ACCEPTED)
def test_values_in_range_are_accepted(key, value):
    config = config_from_mapping(nested(key, value))
    node = config
    for part in key.split("."):
        node = getattr(node, part)
    assert node == value


def sections(kind=Config, prefix=""):
    """Yield (dotted prefix, settings class) for every section, nested ones too."""
    for item in public_fields(kind):
        if is_section(item):
            yield f"{prefix}{item.name}.", item.default_factory
            yield from sections(item.default_factory, f"{prefix}{item.name}.")


def test_every_setting_is_range_checked_and_its_default_passes():
    checked = set()
    for prefix, section in sections():
        for item in public_fields(section):
            check = item.metadata.get("check")
            if check and not is_section(item):
                checked.add(f"{prefix}{item.name}")
                assert check(getattr(section(), item.name)) is None, item.name
    every = {key for key, _default, _help in declared_settings()}
    assert checked == every - UNCHECKED


def test_suggest_threshold_may_not_exceed_answer_threshold():
    with pytest.raises(ConfigError, match=r"matching\.suggest_threshold .* 60"):
        config_from_mapping({"matching": {"answer_threshold": 50, "suggest_threshold": 60}})


def test_secrets_are_not_echoed_in_errors():
    with pytest.raises(ConfigError) as caught:
        config_from_mapping({"telegram": {"webhook": {"secret_token": "not allowed!"}}})
    assert "telegram.webhook.secret_token" in str(caught.value)
    assert "not allowed!" not in str(caught.value)


def test_user_ids_must_be_positive():
    with pytest.raises(ConfigError, match=r"roles\.admins\[0\] .* not -3"):
        config_from_mapping({"roles": {"admins": [-3]}})
    with pytest.raises(ConfigError, match=r"roles\.officers\[0\]\.id .* not 0"):
        config_from_mapping({"roles": {"officers": [{"id": 0, "region": "A / B"}]}})
