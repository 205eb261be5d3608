"""Closing a gap from a group of unanswered questions: one call, nothing written on refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answering.answerer import Asker
from bot.config import Config, RolesSettings, StorageSettings
from bot.errors import NotFound
from bot.knowledge.base import bundled_knowledge_dir
from bot.knowledge.current import KnowledgeHolder
from bot.services import build_services

ADMIN = 42
QUESTION = "berapa UMK buruh pabrik di Bekasi tahun ini?"


@pytest.fixture
def services(tmp_path: Path, clock):
    folder = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), folder, ignore=shutil.ignore_patterns(".*"))
    config = Config(storage=StorageSettings(path=":memory:"), roles=RolesSettings(admins=[ADMIN]))
    return build_services(config, clock=clock, holder=KnowledgeHolder(folder))


def file_contents(services) -> dict[str, str]:
    folder = services.editor.folder
    return {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.yaml")}


def open_group(services, askers=(1, 2)):
    for user_id in askers:
        services.answerer.answer(QUESTION, Asker("telegram", user_id, user_id))
    return services.curation.groups(ADMIN, 0, 10).groups[0]


def test_attach_adds_the_phrasing_resolves_and_counts_the_askers(services):
    group = open_group(services)
    closed = services.gaps.attach(ADMIN, group.id, "iomki-pengertian")
    assert closed.notices == 2
    assert QUESTION in closed.entry.questions
    with pytest.raises(NotFound):  # the group is handled
        services.curation.group(ADMIN, group.id)


def test_a_refused_attach_writes_nothing(services):
    group = open_group(services)
    before = file_contents(services)
    with pytest.raises(NotFound):
        services.gaps.attach(ADMIN, group.id, "no-such-entry")
    with pytest.raises(NotFound):
        services.gaps.attach(ADMIN, group.id + 1000, "iomki-pengertian")
    assert file_contents(services) == before
    assert services.curation.group(ADMIN, group.id).count == group.count  # still open


def test_create_entry_from_a_handled_group_writes_nothing(services):
    group = open_group(services)
    ids = list(group.unanswered_ids)
    services.curation.dismiss_group(ADMIN, group.id)
    before = file_contents(services)
    fields = {
        "questions": [QUESTION],
        "answer": "Upah minimum ditetapkan gubernur, bukan oleh surat edaran ini.",
        "answer_en": "Minimum wages are set by governors, not by this circular.",
        "topic": "umum",
        "source": {"point": "—", "point_en": "—"},
    }
    document = next(iter(services.holder.knowledge.documents))
    with pytest.raises(NotFound):
        services.gaps.create_entry(ADMIN, document, fields, group.id, ids)
    assert file_contents(services) == before
    created = services.gaps.create_entry(ADMIN, document, fields)  # the same entry is valid
    assert created.notices == 0 and QUESTION in created.entry.questions
