"""Answer a question: match it, decide answer / not sure / no match, log it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.config import MatchingSettings
from bot.errors import UserError
from bot.holder import KnowledgeHolder
from bot.knowledge import Entry
from bot.matching import Match
from bot.storage import QuestionRecord, Store
from bot.text import detect_language

MAX_QUESTION_LENGTH = 4096

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asks, in plain values: no Telegram objects cross into the domain."""

    channel: str = "cli"
    user_id: int | None = None
    chat_id: int | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A 'did you mean' entry: its id and a question that names it."""

    entry_id: str
    question: str


@dataclass(frozen=True, slots=True)
class Answer:
    """The outcome of one question."""

    outcome: str
    language: str
    question: str
    normalized: str
    entry: Entry | None = None
    score: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    question_id: int | None = None

    @property
    def answered(self) -> bool:
        """True when the bot gives a confident answer."""
        return self.outcome == "answer"

    @property
    def text(self) -> str:
        """The answer text in the question's language ('' when not answered)."""
        return self.entry.answer_in(self.language) if self.entry and self.answered else ""

    def with_question_id(self, question_id: int) -> Answer:
        """Return this answer tied to a stored question (for feedback buttons)."""
        return replace(self, question_id=question_id)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object `policybot ask --json` prints."""
        source = self.entry.source if self.entry and self.answered else None
        return {
            "answered": self.answered,
            "outcome": self.outcome,
            "entry_id": self.entry.id if self.entry and self.answered else None,
            "score": self.score,
            "language": self.language,
            "answer": self.text or None,
            "source": source_json(source) if source else None,
            "suggestions": [
                {"entry_id": s.entry_id, "question": s.question} for s in self.suggestions
            ],
        }


def source_json(source: Any) -> dict[str, str]:
    """Return a source as a JSON object with its citation."""
    return {
        "document": source.document, "point": source.point, "date": source.date,
        "status": source.status, "citation": source.citation(),
    }


def title_question(entry: Entry, language: str) -> str:
    """Return the question that best names an entry in a language (its first in that language)."""
    for question in entry.questions:
        if detect_language(question) == language:
            return question
    return entry.questions[0]


class Answerer:
    """Turns a question into an Answer and records it; used by Telegram and the terminal alike."""

    def __init__(
        self, holder: KnowledgeHolder, store: Store, settings: MatchingSettings,
        clock: Clock = utc_now,
    ) -> None:
        self.holder = holder
        self.store = store
        self.settings = settings
        self.clock = clock

    def answer(self, question: str, asker: Asker | None = None) -> Answer:
        """Answer a question, log it, and log it as unanswered when not confident."""
        asker = asker or Asker()
        answer, ranked = self.consider(question, asker.language)
        best = ranked[0] if ranked else None
        record = QuestionRecord(
            asked_at=self.clock(), channel=asker.channel, user_id=asker.user_id,
            chat_id=asker.chat_id, language=answer.language, question=answer.question,
            normalized=answer.normalized, entry_id=best.entry.id if best else None,
            score=answer.score, outcome=answer.outcome,
        )
        question_id = self.store.log_question(record)
        if not answer.answered:
            self.store.log_unanswered(question_id, record, reason=answer.outcome)
        return replace(answer, question_id=question_id)

    def consider(self, question: str, language: str | None = None) -> tuple[Answer, list[Match]]:
        """Decide the answer to a question without recording anything (used by eval too)."""
        question = question.strip()[:MAX_QUESTION_LENGTH]
        if not question:
            raise UserError("Silakan tulis pertanyaan Anda.", "Please type your question.")
        if not any(char.isalnum() for char in question):
            raise UserError(
                "Silakan tulis pertanyaan Anda dengan kata-kata, misalnya: cara mengurus IOMKI?",
                "Please type your question in words, for example: how do I apply for IOMKI?",
            )
        language = language or detect_language(question)
        matcher = self.holder.matcher
        query = matcher.query(question)
        ranked = matcher.rank_query(query, limit=self.settings.max_suggestions + 1)
        outcome = self.decide(ranked)
        best = ranked[0] if ranked else None
        answer = Answer(
            outcome=outcome, language=language, question=question, normalized=query.normalized,
            entry=best.entry if best else None, score=best.score if best else 0.0,
            suggestions=self.suggestions(ranked, outcome, language),
        )
        return answer, ranked

    def decide(self, ranked: list[Match]) -> str:
        """Choose the outcome from the ranked matches and the configured cut-offs."""
        if not ranked or ranked[0].score < self.settings.suggest_threshold:
            return "no_match"
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        confident = ranked[0].score >= self.settings.answer_threshold
        if confident and ranked[0].score - runner_up >= self.settings.margin:
            return "answer"
        return "not_sure"

    def suggestions(
        self, ranked: list[Match], outcome: str, language: str
    ) -> tuple[Suggestion, ...]:
        """Return up to max_suggestions 'did you mean' entries for a not-sure outcome."""
        if outcome != "not_sure":
            return ()
        return tuple(
            Suggestion(match.entry.id, title_question(match.entry, language))
            for match in ranked[: self.settings.max_suggestions]
            if match.score >= self.settings.suggest_threshold
        )

    def search(self, query: str, language: str, limit: int) -> list[Answer]:
        """Return the best entries for a search as answers, without recording anything."""
        if not query.strip():
            return []
        ranked = self.holder.matcher.rank(query, limit=limit)
        return [
            Answer("answer", language, title_question(m.entry, language), "", m.entry, m.score)
            for m in ranked
            if m.score >= self.settings.suggest_threshold
        ]

    def entry_answer(self, entry_id: str, language: str) -> Answer:
        """Answer with a chosen entry (a tapped suggestion or a topic menu)."""
        entry = self.holder.knowledge.entry(entry_id)
        if entry is None:
            raise UserError("Maaf, jawaban itu tidak ditemukan lagi.",
                            "Sorry, that answer no longer exists.")
        return Answer("answer", language, title_question(entry, language), "", entry, 100.0)
