"""One wall clock and one time zone, owned by the services and set by one config key."""

from __future__ import annotations

import ast
import datetime as dt
import logging
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import WIB, zone_named
from bot.config import Config, ReportsSettings, StorageSettings, config_from_mapping
from bot.errors import ConfigError
from bot.services import build_services

ROOT = Path(__file__).resolve().parent.parent
CLOCK_DEFINITION = re.compile(r"^(Clock\s*[:=]|class Clock\b)", re.MULTILINE)
SOURCES = [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]


def test_services_own_the_clock_and_the_zone_every_part_uses(clock):
    config = Config(
        storage=StorageSettings(path=":memory:"),
        reports=ReportsSettings(timezone="Asia/Makassar"),
    )
    services = build_services(config, clock=clock)
    assert services.clock is clock and services.clock() == clock.now
    assert services.zone == ZoneInfo("Asia/Makassar")
    for part in (services.reports, services.editor, services.curation):
        assert part.zone is services.zone and part.clock is clock
    for part in (services.answerer, services.roles, services.subscriptions):
        assert part.clock is clock


def test_stats_timezone_is_read_as_reports_timezone_with_one_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.config"):
        config = config_from_mapping(
            {"stats": {"timezone": "Asia/Makassar", "daily_summary_time": "06:30"}}
        )
    assert config.reports.timezone == "Asia/Makassar"
    assert config.stats.daily_summary_time == "06:30"
    assert len(caplog.records) == 1
    assert "stats.timezone" in caplog.text and "reports.timezone" in caplog.text


def test_reports_timezone_wins_over_the_deprecated_key(caplog):
    raw = {"stats": {"timezone": "Asia/Makassar"}, "reports": {"timezone": "Asia/Jayapura"}}
    with caplog.at_level(logging.WARNING, logger="bot.config"):
        config = config_from_mapping(raw)
    assert config.reports.timezone == "Asia/Jayapura"
    assert len(caplog.records) == 1 and "stats.timezone" in caplog.text
    assert raw["stats"] == {"timezone": "Asia/Makassar"}  # the caller's mapping is left alone


def test_the_deprecated_key_is_checked_under_its_own_name():
    with pytest.raises(ConfigError, match=r"^config key stats\.timezone must be a time zone"):
        config_from_mapping({"stats": {"timezone": "Mars/Olympus"}})
    with pytest.raises(ConfigError, match=r"^config key stats\.timezone must be of type str"):
        config_from_mapping({"stats": {"timezone": 7}})


def test_no_deprecation_warning_without_the_old_key(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.config"):
        config_from_mapping({"reports": {"timezone": "UTC"}, "stats": {}})
    assert not caplog.records


def test_an_unknown_zone_falls_back_to_western_indonesian_time():
    assert zone_named("Asia/Jakarta") == ZoneInfo("Asia/Jakarta")
    assert zone_named("Nowhere/Atlantis") is WIB
    assert WIB.utcoffset(None) == dt.timedelta(hours=7)


def names_used(path: Path) -> set[str]:
    """Return every name and attribute a source file uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.attr if isinstance(node, ast.Attribute) else node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute | ast.Name)
    }


def test_time_zones_come_from_the_one_setting():
    for path in SOURCES:
        if path.name in {"clock.py", "config.py"}:
            continue
        source = path.read_text(encoding="utf-8")
        assert "Asia/Jakarta" not in source, path
        assert "ZoneInfo" not in names_used(path), path


def test_only_bot_clock_defines_the_clock_type():
    definers = {path.name for path in SOURCES if CLOCK_DEFINITION.search(path.read_text())}
    assert definers == {"clock.py"}
