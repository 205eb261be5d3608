"""Channel-neutral pieces of a reply; Telegram and the terminal only format them."""

from __future__ import annotations

from collections.abc import Iterable

from bot.answering.answerer import Answer, AnswerOutcome
from bot.knowledge.base import Entry
from bot.messages import format_date, text


def source_lines(entry: Entry, language: str) -> list[tuple[str, str]]:
    """Return (label, value) lines citing an entry's sources, the rule's status and the date
    the answer was last reviewed."""
    lines = [(text("source", language), entry.source.citation(language))]
    lines += [(text("also", language), also.citation(language)) for also in entry.also]
    lines.append((text("status", language), entry.source.field_in("status", language)))
    if entry.reviewed:  # when a curator last checked this answer against its sources
        lines.append((text("faq_reviewed", language), format_date(entry.reviewed, language)))
    return lines


def reply_intro(answer: Answer) -> str:
    """Return the opening sentence of a not-sure or no-match reply ('' for an answer)."""
    if answer.small_talk:
        return answer.text
    if answer.outcome == AnswerOutcome.NOT_SURE:
        return text("not_sure", answer.language)
    if answer.outcome == AnswerOutcome.NO_MATCH:
        return f"{text('no_match', answer.language)}\n\n{text('coverage', answer.language)}"
    return ""


ANSWER_SEPARATOR = "\n\n———\n\n"


def joined_answers(parts: Iterable[str]) -> str:
    """Join the rendered answers of a two-question message."""
    return ANSWER_SEPARATOR.join(parts)


def plain_answer(answer: Answer) -> str:
    """Render one confident answer with its sources as plain text."""
    assert answer.entry is not None
    sources = "\n".join(
        f"{label}: {value}" for label, value in source_lines(answer.entry, answer.language)
    )
    return f"{answer.text}\n\n{sources}"


def plain_reply(answer: Answer) -> str:
    """Render an answer as plain text for the terminal."""
    if answer.answered:
        return joined_answers(plain_answer(one) for one in answer.all_answers())
    lines = [reply_intro(answer)]
    lines += [
        f"  {number}. {s.question}  [{s.entry_id}]"
        for number, s in enumerate(answer.suggestions, start=1)
    ]
    if answer.outcome == AnswerOutcome.NOT_SURE:
        lines.append(text("recorded", answer.language))
    return "\n".join(lines)
