"""Answer a question: match it, decide answer / not sure / no match, log it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.answering.confidence import FITTED, ConfidenceModel, Signals
from bot.answering.conversation import ConversationMemory
from bot.answering.understanding import is_small_talk, leans_on_previous, opens_new_topic, segments
from bot.clock import Clock, utc_now
from bot.config import MatchingSettings
from bot.errors import UserError
from bot.knowledge.base import Entry
from bot.knowledge.current import KnowledgeHolder
from bot.matching.ranking import Match, Query
from bot.matching.text import detect_language
from bot.messages import text
from bot.storage.store import QuestionRecord, Store

MAX_QUESTION_LENGTH = 4096
# A follow-up may bring at most this many words the knowledge base does not know; more, and it
# has a subject of its own ("kalau THR gimana?") that the previous question must not lend it.
MAX_UNKNOWN_IN_FOLLOW_UP = 1
# How much of the required lead over the runner-up each point above the answer threshold
# waives (the configured threshold and margin are floors under the confidence model).
MARGIN_EASING = 0.4
# A second question of the same message is read on its own (its readings cannot agree with the
# first question's), so it must be surer: fitted on the blind train and dev sets.
SECOND_ANSWER_CONFIDENCE = 0.97


class AnswerOutcome(StrEnum):
    """What the bot made of a message (the values are stored, logged and printed as they are)."""

    ANSWER = "answer"  # a confident answer
    NOT_SURE = "not_sure"  # close entries offered as suggestions
    NO_MATCH = "no_match"  # nothing close enough
    SMALL_TALK = "small_talk"  # a greeting, thanks or the like: no question


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

    outcome: AnswerOutcome
    language: str
    question: str
    normalized: str
    entry: Entry | None = None
    score: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    question_id: int | None = None
    more: tuple[Answer, ...] = ()
    # The text the question was understood as: the message, plus the previous question when it
    # was read as a follow-up (what the next follow-up leans on).
    read_as: str = ""

    @property
    def answered(self) -> bool:
        """True when the bot gives a confident answer."""
        return self.outcome == AnswerOutcome.ANSWER

    @property
    def small_talk(self) -> bool:
        """True when the message was a greeting, thanks or the like, not a question."""
        return self.outcome == AnswerOutcome.SMALL_TALK

    @property
    def text(self) -> str:
        """The answer text in the question's language ('' when not answered)."""
        if self.small_talk:
            return text("small_talk", self.language)
        return self.entry.answer_in(self.language) if self.entry and self.answered else ""

    def all_answers(self) -> tuple[Answer, ...]:
        """Return the confident answers this reply gives (none, one, or two)."""
        return (self, *self.more) if self.answered else ()

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
            "source": source_json(source, self.language) if source else None,
            "reviewed": reviewed_json(self.entry) if self.answered else None,
            "suggestions": [
                {"entry_id": s.entry_id, "question": s.question} for s in self.suggestions
            ],
            "more": [more_json(extra) for extra in self.more],
        }


def more_json(answer: Answer) -> dict[str, Any]:
    """Return the second answer of a two-question message as a JSON object."""
    assert answer.entry is not None
    return {
        "entry_id": answer.entry.id,
        "score": answer.score,
        "answer": answer.text,
        "source": source_json(answer.entry.source, answer.language),
        "reviewed": reviewed_json(answer.entry),
    }


def reviewed_json(entry: Entry | None) -> str | None:
    """The date an entry was last reviewed (ISO), or None."""
    return entry.reviewed.isoformat() if entry and entry.reviewed else None


def source_json(source: Any, language: str = "id") -> dict[str, str]:
    """Return a source as a JSON object with its citation, in the answer's language."""
    fields = {
        key: source.field_in(key, language) for key in ("document", "point", "date", "status")
    }
    return {**fields, "citation": source.citation(language)}


def title_question(entry: Entry, language: str) -> str:
    """Return the question that best names an entry in a language (its first in that language)."""
    for question in entry.questions:
        if detect_language(question) == language:
            return question
    return entry.questions[0]


WHOLE_MESSAGE = -1


@dataclass(frozen=True, slots=True)
class Reading:
    """One way of reading a message: a question (by position) and its ranked entries."""

    ranked: list[Match]
    position: int
    text: str
    follows: bool = False

    def top_score(self) -> float:
        """The best entry's score (0 when nothing matched)."""
        return self.ranked[0].score if self.ranked else 0.0


def checked_question(question: str) -> str:
    """Return a message trimmed for answering, or raise UserError when it has no words."""
    question = question.strip()[:MAX_QUESTION_LENGTH]
    if not question:
        raise UserError.from_catalogue("question_empty")
    if not any(char.isalnum() for char in question):
        raise UserError.from_catalogue("question_without_words")
    return question


class Answerer:
    """Turns a question into an Answer and records it; used by Telegram and the terminal alike."""

    def __init__(
        self,
        holder: KnowledgeHolder,
        store: Store,
        settings: MatchingSettings,
        clock: Clock = utc_now,
    ) -> None:
        self.holder = holder
        self.store = store
        self.settings = settings
        self.clock = clock
        self.memory = ConversationMemory()
        self.model: ConfidenceModel = FITTED

    def answer(self, question: str, asker: Asker | None = None) -> Answer:
        """Answer a message, log it, and log it as unanswered when not confident.

        Small talk is neither logged nor remembered: it is no question for the curators."""
        asker = asker or Asker()
        chat = (asker.channel, asker.chat_id if asker.chat_id is not None else asker.user_id)
        now = self.clock()
        previous = self.memory.previous(chat, now)
        answer, ranked = self.consider(question, asker.language, previous)
        if answer.small_talk:
            return answer
        if answer.outcome == AnswerOutcome.NO_MATCH:
            self.memory.forget(chat)  # an unrelated question lends no subject to the next one
        else:
            self.memory.remember(chat, answer.read_as, now)
        best = ranked[0] if ranked else None
        record = QuestionRecord(
            asked_at=now,
            channel=asker.channel,
            user_id=asker.user_id,
            chat_id=asker.chat_id,
            language=answer.language,
            question=answer.question,
            normalized=answer.normalized,
            entry_id=best.entry.id if best else None,
            score=answer.score,
            outcome=answer.outcome,
        )
        question_id = self.store.log_question(record)
        if not answer.answered:
            self.store.log_unanswered(question_id, record, reason=answer.outcome)
        return replace(answer, question_id=question_id)

    def consider(
        self,
        question: str,
        language: str | None = None,
        previous: str | None = None,
    ) -> tuple[Answer, list[Match]]:
        """Decide the reply to a message without recording anything (used by eval too).

        previous: the same chat's previous question, for a message that leans on it."""
        question = checked_question(question)
        language = language or detect_language(question)
        whole, readings = self.readings_of(question, previous)
        if readings is None:
            return Answer(AnswerOutcome.SMALL_TALK, language, question, whole.normalized), []
        best = max(readings, key=Reading.top_score)
        ranked = best.ranked
        outcome = self.decide(ranked, self.confidence(best, readings))
        answer = Answer(
            outcome=outcome,
            language=language,
            question=question,
            normalized=whole.normalized,
            entry=ranked[0].entry if ranked else None,
            score=best.top_score(),
            suggestions=self.suggestions(ranked, outcome, language),
            read_as=f"{previous} {question}" if best.follows else question,
        )
        if outcome == AnswerOutcome.ANSWER:
            answer = self.with_second_answer(answer, best, readings)
        return answer, ranked

    def readings_of(
        self, question: str, previous: str | None
    ) -> tuple[Query, list[Reading] | None]:
        """Return a checked message's query and its readings (None for small talk)."""
        whole = self.holder.matcher.query(question)
        if is_small_talk(question):
            return whole, None
        return whole, self.read(question, whole, previous)

    def read(self, message: str, whole: Query, previous: str | None) -> list[Reading]:
        """Rank each question of a message, with its context where that reads better."""
        matcher = self.holder.matcher
        limit = self.settings.max_suggestions + 1
        parts = segments(message)
        asking = [part for part in parts if part.is_question] or parts
        earlier = self.previous_query(message, whole, previous)
        leans = earlier is not None and leans_on_previous(message)
        context = matcher.query(" ".join(p.text for p in parts if not p.introduces))
        readings = []
        for position, part in enumerate(asking):
            own = matcher.query(part.text)
            alone = Reading(
                matcher.rank_query(own, limit, surroundings=whole), position, part.text
            )
            options = [alone]
            # A question answered confidently on its own needs no other reading of it (the
            # context reading changed no decision on the train/dev sets, and it is the costly one).
            sure_alone = self.confident(alone, [alone])
            if len(parts) > 1 and not sure_alone:
                options.append(
                    Reading(matcher.rank_query(own, limit, context), position, part.text)
                )
            if earlier and (leans or not sure_alone):
                followed = matcher.rank_query(own, limit, earlier)
                options.append(Reading(followed, position, part.text, follows=True))
            readings.append(max(options, key=Reading.top_score))
        if len(asking) > 1 or not readings:
            readings.append(Reading(matcher.rank_query(whole, limit), WHOLE_MESSAGE, message))
        return readings

    def previous_query(self, message: str, whole: Query, previous: str | None) -> Query | None:
        """Return the previous question when this message may lean on it, else None."""
        if not previous or opens_new_topic(message):
            return None
        matcher = self.holder.matcher
        if len(matcher.unknown_words(whole)) > MAX_UNKNOWN_IN_FOLLOW_UP:
            return None  # the message brings its own subject, one the base does not cover
        return matcher.query(previous)

    def with_second_answer(self, answer: Answer, best: Reading, readings: list[Reading]) -> Answer:
        """Add the answer to a second, different question of the same message."""
        assert answer.entry is not None
        others = sorted(
            (
                r
                for r in readings
                if r.position not in (best.position, WHOLE_MESSAGE)
                and r.ranked
                and r.ranked[0].entry.id != answer.entry.id
                and self.confident(r, [r], at_least=SECOND_ANSWER_CONFIDENCE)
            ),
            key=Reading.top_score,
            reverse=True,
        )
        if not others:
            return answer
        second = others[0].ranked[0]
        extra = replace(answer, entry=second.entry, score=second.score)
        first, then = (extra, answer) if others[0].position < best.position else (answer, extra)
        return replace(first, more=(then,))  # in the message's order

    def signals(self, reading: Reading, readings: list[Reading]) -> Signals:
        """Return what the confidence model weighs about one reading of a message."""
        best, *others = reading.ranked
        second = others[0] if others else None
        matcher = self.holder.matcher
        query = matcher.query(reading.text)
        agreeing = sum(1 for r in readings if r.ranked and r.ranked[0].entry == best.entry)
        return Signals(
            score=best.score,
            runner_up=second.score if second else 0.0,
            grams=best.grams,
            runner_up_grams=second.grams if second else 0.0,
            agreement=agreeing / len(readings),
            words=len(query.words),
            unknown=len(matcher.unknown_words(query)),
        )

    def confidence(self, reading: Reading, readings: list[Reading]) -> float:
        """Return the probability (0-1) that a reading's best entry answers the message."""
        if not reading.ranked:
            return 0.0
        return self.model.probability(self.signals(reading, readings))

    def confident(self, reading: Reading, readings: list[Reading], at_least: float = 0.0) -> bool:
        """True when a reading's best entry would be given as a confident answer (and the
        model's confidence reaches at_least)."""
        confidence = self.confidence(reading, readings)
        return (
            confidence >= at_least
            and self.decide(reading.ranked, confidence) == AnswerOutcome.ANSWER
        )

    def decide(self, ranked: list[Match], confidence: float) -> AnswerOutcome:
        """Choose the outcome from the ranked matches, the model's confidence and the cut-offs.

        The configured threshold and margin are floors: the lead needed over the runner-up
        shrinks as the best score rises above the threshold."""
        if not ranked or ranked[0].score < self.settings.suggest_threshold:
            return AnswerOutcome.NO_MATCH
        best = ranked[0].score
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        excess = max(0.0, best - self.settings.answer_threshold)
        needed = max(0.0, self.settings.margin - MARGIN_EASING * excess)
        if (
            best >= self.settings.answer_threshold
            and best - runner_up >= needed
            and confidence >= self.settings.min_confidence
        ):
            return AnswerOutcome.ANSWER
        return AnswerOutcome.NOT_SURE

    def suggestions(
        self, ranked: list[Match], outcome: AnswerOutcome, language: str
    ) -> tuple[Suggestion, ...]:
        """Return up to max_suggestions 'did you mean' entries for a not-sure outcome."""
        if outcome != AnswerOutcome.NOT_SURE:
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
            Answer(
                AnswerOutcome.ANSWER,
                language,
                title_question(m.entry, language),
                "",
                m.entry,
                m.score,
            )
            for m in ranked
            if m.score >= self.settings.suggest_threshold
        ]

    def entry_answer(self, entry_id: str, language: str) -> Answer:
        """Answer with a chosen entry (a tapped suggestion or a topic menu)."""
        entry = self.holder.knowledge.entry(entry_id)
        if entry is None:
            raise UserError.from_catalogue("answer_gone")
        question = title_question(entry, language)
        return Answer(AnswerOutcome.ANSWER, language, question, "", entry, 100.0)
