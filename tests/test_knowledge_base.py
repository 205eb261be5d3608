"""The real bundled knowledge base: complete, cited, bilingual, self-consistent."""

import datetime as dt

import pytest

from bot.knowledge import TOPICS, bundled_knowledge_dir
from bot.text import detect_language

REQUIRED_DOCUMENTS = {
    "se-menperin-4-2020", "se-menperin-7-2020-iomki", "se-menperin-8-2020", "kmk-328-2020",
    "se-menperin-697-2020", "se-menperin-3-2021", "se-menperin-5-2021", "dinas-bimtek",
}


def test_bundled_knowledge_found():
    assert (bundled_knowledge_dir() / "synonyms.yaml").exists()


def test_knowledge_base_size_and_documents(real_knowledge):
    assert len(real_knowledge.entries) >= 70
    assert set(real_knowledge.documents) >= REQUIRED_DOCUMENTS


def test_every_document_file_is_named_after_its_id(real_knowledge):
    for doc_id, document in real_knowledge.documents.items():
        assert document.path.endswith(f"{doc_id}.yaml")


def test_every_entry_is_complete(real_knowledge):
    for entry in real_knowledge.entries:
        assert len(entry.questions) >= 4, entry.id
        assert any(detect_language(q) == "en" for q in entry.questions), entry.id
        assert entry.answer and entry.answer_en, entry.id
        assert entry.topic in TOPICS, entry.id
        assert all([entry.source.document, entry.source.point, entry.source.date,
                    entry.source.status]), entry.id
        assert entry.tags, entry.id
        assert isinstance(entry.reviewed, dt.date), entry.id


def test_every_topic_is_used(real_knowledge):
    assert {entry.topic for entry in real_knowledge.entries} == set(TOPICS)


def test_uncertain_facts_keep_their_caveat(real_knowledge):
    threshold = real_knowledge.entry("prokes-batas-suhu")
    assert "37,3" in threshold.answer or "37.3" in threshold.answer
    assert "382/2020" in threshold.answer
    days = real_knowledge.entry("se3-2021-jadwal-lapor")
    assert "Rabu" in days.answer and "Selasa" in days.answer


@pytest.mark.parametrize("synonym, canonical", [
    ("gmn", "bagaimana"), ("yg", "yang"), ("prokes", "protokol kesehatan"),
    ("sinas", "siinas"), ("iomky", "iomki"),
])
def test_required_synonyms(real_knowledge, synonym, canonical):
    assert real_knowledge.synonyms[synonym] == canonical


def test_each_entry_ranks_first_for_most_of_its_own_phrasings(real_holder):
    """A curated phrasing should find its own entry; a few short ones may be shared."""
    misses = []
    for entry in real_holder.knowledge.entries:
        for question in entry.questions:
            top = real_holder.matcher.rank(question, limit=1)
            if not top or top[0].entry.id != entry.id:
                misses.append((entry.id, question))
    total = sum(len(entry.questions) for entry in real_holder.knowledge.entries)
    assert len(misses) / total <= 0.03, misses
