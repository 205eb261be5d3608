"""Shared fixtures: real objects, fake only the far edge."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import metadata
from pathlib import Path

import pytest
import sqlite_utils

from bot.config import Config, KnowledgeSettings, StorageSettings
from bot.knowledge.base import bundled_knowledge_dir, load_knowledge
from bot.knowledge.current import KnowledgeHolder
from bot.services import Services, build_services
from tests.fake_bot_api import FakeBotApi
from tests.telegram_support import TOKEN

DATA = Path(__file__).parent / "data"
FIXED_NOW = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)


def pytest_report_header() -> list[str]:
    """Show the SQLite and sqlite-utils versions in the test report header."""
    version = ".".join(map(str, sqlite_utils.Database(memory=True).sqlite_version))
    return [f"SQLite {version}, sqlite-utils {metadata.version('sqlite-utils')}"]


class Clock:
    """A clock that stands still at FIXED_NOW until a test moves it (clock.now = …)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """The test's clock."""
    return Clock(FIXED_NOW)


@pytest.fixture
def small_knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the tiny test knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(DATA / "knowledge", target)
    return target


@pytest.fixture(scope="session")
def real_knowledge():
    """The bundled knowledge base, loaded once."""
    return load_knowledge(bundled_knowledge_dir())


@pytest.fixture(scope="session")
def real_holder() -> KnowledgeHolder:
    """The bundled knowledge base with its matcher, built once."""
    return KnowledgeHolder(bundled_knowledge_dir())


@pytest.fixture
def services(clock, real_holder) -> Services:
    """Services on the bundled knowledge base (shared, read-only) with an in-memory database."""
    config = Config(storage=StorageSettings(path=":memory:"))
    return build_services(config, clock=clock, holder=real_holder)


@pytest.fixture
def small_services(small_knowledge_dir: Path, clock) -> Services:
    """Services on the tiny test knowledge base with an in-memory database."""
    config = Config(
        knowledge=KnowledgeSettings(path=str(small_knowledge_dir)),
        storage=StorageSettings(path=":memory:"),
    )
    return build_services(config, clock=clock)


@pytest.fixture
def fake():
    """The fake Bot API server on 127.0.0.1, for one test."""
    with FakeBotApi(token=TOKEN) as api:
        yield api


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge base (for edits and reloads)."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), target)
    return target
