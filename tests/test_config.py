"""Configuration loading: defaults, types, unknown keys, documentation."""

from pathlib import Path

import pytest
import yaml

from bot.config import Config, config_from_mapping, declared_settings, load_config
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_config_defaults_without_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == Config()
    assert config.matching.answer_threshold == 48.0


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
