"""Render domain results as Telegram HTML and inline keyboards."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.answering.answerer import Answer, AnswerOutcome
from bot.answering.browsing import TopicGroup
from bot.answering.reply_parts import joined_answers, reply_intro, source_lines
from bot.knowledge.base import Document, Entry
from bot.messages import text

MAX_BUTTON_TEXT = 60


def split_message(html: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split HTML at line breaks (our tags never span lines) so each part fits a message."""
    parts: list[str] = []
    current = ""
    for line in html.split("\n"):
        while len(line) > limit:  # a single over-long line: cut at a space
            cut = line.rfind(" ", 0, limit) if " " in line[:limit] else limit
            parts, current = flush(parts, current), ""
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts, current = flush(parts, current), line
        else:
            current = candidate
    return flush(parts, current)


def flush(parts: list[str], current: str) -> list[str]:
    """Append the current part when it has any text."""
    return [*parts, current] if current.strip() else parts


def answer_html(answer: Answer) -> str:
    """Render a confident answer (and a second question's answer) with sources, escaped."""
    return joined_answers(one_answer_html(one) for one in answer.all_answers())


def one_answer_html(answer: Answer) -> str:
    """Render one confident answer with its sources, escaped."""
    assert answer.entry is not None
    lines = [escape(answer.text), ""]
    for label, value in source_lines(answer.entry, answer.language):
        lines.append(f"<b>{escape(label)}:</b> {escape(value)}")
    return "\n".join(lines)


def reply_html(answer: Answer) -> str:
    """Render any outcome: the answer, or the not-sure / no-match explanation."""
    return answer_html(answer) if answer.answered else escape(reply_intro(answer))


def short(label: str) -> str:
    """Shorten a button label so it stays readable on a phone."""
    return label if len(label) <= MAX_BUTTON_TEXT else label[: MAX_BUTTON_TEXT - 1] + "…"


def reply_keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """Feedback buttons under an answer, suggestion buttons under a not-sure reply."""
    question_id = answer.question_id
    if answer.answered and question_id is not None:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("👍", callback_data=f"fb:{question_id}:1"),
                    InlineKeyboardButton("👎", callback_data=f"fb:{question_id}:0"),
                ]
            ]
        )
    if answer.outcome != AnswerOutcome.NOT_SURE:
        return None
    rows = [
        [InlineKeyboardButton(short(s.question), callback_data=f"ans:{question_id}:{s.entry_id}")]
        for s in answer.suggestions
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text("button_none", answer.language), callback_data=f"none:{question_id}"
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def documents_keyboard(documents: list[Document], language: str) -> InlineKeyboardMarkup:
    """One button per document, plus all topics across documents."""
    rows = [
        [InlineKeyboardButton(short(f"📄 {doc.short}"), callback_data=f"doc:{doc.id}")]
        for doc in documents
    ]
    all_topics = text("button_all_topics", language)
    rows.append([InlineKeyboardButton(all_topics, callback_data="doc:*")])
    return InlineKeyboardMarkup(rows)


def topics_keyboard(doc_id: str, groups: list[TopicGroup], language: str) -> InlineKeyboardMarkup:
    """One button per topic of a document, with a back button to the documents."""
    rows = [
        [
            InlineKeyboardButton(
                f"{group.label(language)} ({len(group.entries)})",
                callback_data=f"top:{doc_id}:{group.topic}",
            )
        ]
        for group in groups
    ]
    rows.append([InlineKeyboardButton(text("button_back", language), callback_data="menu")])
    return InlineKeyboardMarkup(rows)


def entries_keyboard(
    doc_id: str, entries: tuple[Entry, ...], titles: list[str], language: str
) -> InlineKeyboardMarkup:
    """One button per entry of a topic, with a back button to the topics."""
    rows = [
        [InlineKeyboardButton(short(title), callback_data=f"ent:{doc_id}:{entry.id}")]
        for entry, title in zip(entries, titles, strict=True)
    ]
    back = text("button_back", language)
    rows.append([InlineKeyboardButton(back, callback_data=f"doc:{doc_id}")])
    return InlineKeyboardMarkup(rows)


def back_to_topic_keyboard(doc_id: str, topic: str, language: str) -> InlineKeyboardMarkup:
    """A back button from an answer to its topic's list."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("button_back", language), callback_data=f"top:{doc_id}:{topic}"
                )
            ]
        ]
    )
