"""/topik: documents → topics → entries → answer, with back buttons; /start topik_<topic>."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot.answering.answerer import title_question
from bot.answering.browsing import documents, topic_entries, topics_of
from bot.knowledge.base import TOPICS
from bot.messages import text
from handlers.context import language_of, services_of
from handlers.rendering import (
    answer_html,
    back_to_topic_keyboard,
    documents_keyboard,
    entries_keyboard,
    topics_keyboard,
)

ALL_DOCUMENTS = "*"


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open the menu of documents."""
    language = language_of(update, context)
    knowledge = services_of(context).holder.knowledge
    await update.effective_message.reply_text(
        text("choose_document", language),
        reply_markup=documents_keyboard(documents(knowledge), language),
    )


async def show_topic_from_link(
    update: Update, context: ContextTypes.DEFAULT_TYPE, topic: str
) -> None:
    """Open one topic across all documents (deep link /start topik_<topic>)."""
    language = language_of(update, context)
    if topic not in TOPICS:
        await topics_command(update, context)
        return
    group = topic_entries(services_of(context).holder.knowledge, None, topic)
    await update.effective_message.reply_html(
        f"<b>{escape(group.label(language))}</b>\n{text('choose_entry', language)}",
        reply_markup=entries_keyboard(
            ALL_DOCUMENTS,
            group.entries,
            [title_question(entry, language) for entry in group.entries],
            language,
        ),
    )


async def menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the documents again (the back button of the topics list)."""
    query = update.callback_query
    language = language_of(update, context)
    await query.answer()
    await query.edit_message_text(
        text("choose_document", language),
        reply_markup=documents_keyboard(
            documents(services_of(context).holder.knowledge), language
        ),
    )


async def document_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the topics of a document (doc:<document id>, or doc:* for all documents)."""
    query = update.callback_query
    doc_id = query.data.removeprefix("doc:")
    knowledge = services_of(context).holder.knowledge
    language = language_of(update, context)
    if doc_id != ALL_DOCUMENTS and doc_id not in knowledge.documents:
        await query.answer(text("stale_button", language), show_alert=True)
        return
    await query.answer()
    document = knowledge.documents.get(doc_id)
    title = f"<b>{escape(document.title)}</b>\n" if document else ""
    groups = topics_of(knowledge, None if doc_id == ALL_DOCUMENTS else doc_id)
    await query.edit_message_text(
        f"{title}{text('choose_topic', language)}",
        reply_markup=topics_keyboard(doc_id, groups, language),
    )


async def topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the entries of a topic (top:<document id>:<topic>)."""
    query = update.callback_query
    _, doc_id, topic = query.data.split(":", 2)
    language = language_of(update, context)
    group = topic_entries(
        services_of(context).holder.knowledge, None if doc_id == ALL_DOCUMENTS else doc_id, topic
    )
    if not group.entries:
        await query.answer(text("stale_button", language), show_alert=True)
        return
    await query.answer()
    titles = [title_question(entry, language) for entry in group.entries]
    await query.edit_message_text(
        f"<b>{escape(group.label(language))}</b>\n{text('choose_entry', language)}",
        reply_markup=entries_keyboard(doc_id, group.entries, titles, language),
    )


async def entry_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show an entry's answer with a back button to its topic (ent:<document id>:<entry id>)."""
    query = update.callback_query
    _, doc_id, entry_id = query.data.split(":", 2)
    language = language_of(update, context)
    answer = services_of(context).answerer.entry_answer(entry_id, language)
    await query.answer()
    await query.edit_message_text(
        answer_html(answer),
        reply_markup=back_to_topic_keyboard(doc_id, answer.entry.topic, language),
    )
