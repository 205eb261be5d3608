"""Browse the knowledge base as a menu: documents → topics → entries."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.base import TOPICS, Document, Entry, KnowledgeBase


@dataclass(frozen=True, slots=True)
class TopicGroup:
    """The entries of one topic within a document (or across all documents)."""

    topic: str
    entries: tuple[Entry, ...]

    def label(self, language: str) -> str:
        """The topic's name in a language."""
        indonesian, english = TOPICS[self.topic]
        return english if language == "en" else indonesian


def documents(knowledge: KnowledgeBase) -> list[Document]:
    """Return the documents that have entries, in file order."""
    grouped = knowledge.by_document()
    return [knowledge.documents[doc_id] for doc_id, entries in grouped.items() if entries]


def topics_of(knowledge: KnowledgeBase, doc_id: str | None) -> list[TopicGroup]:
    """Return a document's entries grouped by topic (all documents when doc_id is None)."""
    entries = [e for e in knowledge.entries if doc_id is None or e.document_id == doc_id]
    return [
        TopicGroup(topic, tuple(e for e in entries if e.topic == topic))
        for topic in TOPICS
        if any(e.topic == topic for e in entries)
    ]


def topic_entries(knowledge: KnowledgeBase, doc_id: str | None, topic: str) -> TopicGroup:
    """Return the entries of one topic, within a document or across all of them."""
    for group in topics_of(knowledge, doc_id):
        if group.topic == topic:
            return group
    return TopicGroup(topic, ())
