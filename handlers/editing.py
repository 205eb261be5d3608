"""/faq cari|lihat|tambah|ubah|hapus: admins edit the knowledge base from Telegram.

Changes go through bot.editing.editor: validated, written atomically with a backup, audited, and in
effect at once. Creating an entry from a group of unanswered questions also tells the askers.
"""

from __future__ import annotations

import warnings
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.access.roles import Role
from bot.errors import UserError
from bot.knowledge.base import TOPICS, Entry
from bot.messages import text
from handlers.context import language_of, services_of
from handlers.curation import start_notifications
from handlers.rendering import short, split_message

# States are persisted by number: a new state goes at the end.
(
    NEW_QUESTION,
    NEW_ANSWER,
    NEW_ANSWER_EN,
    NEW_DOCUMENT,
    NEW_TOPIC,
    NEW_POINT,
    EDIT_FIELD,
    EDIT_VALUE,
    NEW_POINT_EN,
) = range(9)
END = ConversationHandler.END
PENDING = "faq_pending"
EDITABLE = ("questions", "answer", "answer_en", "tags", "topic", "point", "point_en")


def entry_html(entry: Entry, language: str) -> str:
    """Every field of an entry, escaped, for /faq lihat."""
    lines = [
        f"<b>{escape(entry.id)}</b> · {escape(entry.topic)} · {escape(entry.document_id)}",
        f"<b>{text('faq_questions', language)}</b>",
    ]
    lines += [f"• {escape(question)}" for question in entry.questions]
    lines += [
        "",
        f"<b>ID:</b> {escape(entry.answer)}",
        "",
        f"<b>EN:</b> {escape(entry.answer_en)}",
        "",
        f"<b>{text('source', language)} (ID):</b> {escape(entry.source.citation('id'))}",
        f"<b>{text('source', language)} (EN):</b> {escape(entry.source.citation('en'))}",
        f"<b>{text('status', language)} (ID):</b> {escape(entry.source.status)}",
        f"<b>{text('status', language)} (EN):</b> {escape(entry.source.status_en)}",
        f"<b>Tags:</b> {escape(', '.join(entry.tags))}",
        f"<b>{text('faq_reviewed', language)}:</b> {entry.reviewed or '—'}",
    ]
    return "\n".join(lines)


async def faq_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/faq cari <kata>, /faq lihat <id>, /faq hapus <id> (tambah and ubah are conversations)."""
    args = context.args or []
    action = args[0].casefold() if args else ""
    handlers = {
        "cari": search_entries,
        "search": search_entries,
        "lihat": show_entry,
        "view": show_entry,
        "hapus": confirm_delete,
        "delete": confirm_delete,
    }
    if action in handlers and len(args) >= 2:
        await handlers[action](update, context, " ".join(args[1:]))
        return
    services_of(context).roles.require(update.effective_user.id, "kb.view", Role.ADMIN)
    await update.effective_message.reply_text(text("faq_usage", language_of(update, context)))


async def search_entries(update: Update, context: ContextTypes.DEFAULT_TYPE, words: str) -> None:
    """List entries matching some words, each with a button to view it."""
    entries = services_of(context).editor.search(update.effective_user.id, words)
    language = language_of(update, context)
    if not entries:
        await update.effective_message.reply_text(text("faq_no_results", language))
        return
    rows = [
        [InlineKeyboardButton(short(f"{e.id}: {e.questions[0]}"), callback_data=f"fv:{e.id}")]
        for e in entries
    ]
    await update.effective_message.reply_text(
        text("faq_results", language), reply_markup=InlineKeyboardMarkup(rows)
    )


async def show_entry(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: str) -> None:
    """Show every field of one entry."""
    entry = services_of(context).editor.entry(update.effective_user.id, entry_id.strip())
    for part in split_message(entry_html(entry, language_of(update, context))):
        await update.effective_message.reply_html(part)


async def view_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show an entry from the search results (fv:<entry id>)."""
    await update.callback_query.answer()
    await show_entry(update, context, update.callback_query.data[3:])


async def confirm_delete(
    update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: str
) -> None:
    """Ask before deleting an entry."""
    entry = services_of(context).editor.entry(update.effective_user.id, entry_id.strip())
    language = language_of(update, context)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("button_delete_yes", language), callback_data=f"fx:{entry.id}"
                ),
                InlineKeyboardButton(text("button_delete_no", language), callback_data="fk"),
            ]
        ]
    )
    await update.effective_message.reply_text(
        text("faq_delete_confirm", language).format(entry=entry.id), reply_markup=keyboard
    )


async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete the entry (fx:<entry id>) or keep it (fk)."""
    query = update.callback_query
    language = language_of(update, context)
    await query.answer()
    if query.data == "fk":
        await query.edit_message_text(text("faq_kept", language))
        return
    services_of(context).editor.delete_entry(update.effective_user.id, query.data[3:])
    await query.edit_message_text(text("faq_deleted", language).format(entry=query.data[3:]))


async def new_entry_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/faq tambah: start writing a new entry."""
    services_of(context).roles.require(update.effective_user.id, "kb.add", Role.ADMIN)
    context.user_data[PENDING] = {"group": None, "examples": []}
    language = language_of(update, context)
    await update.effective_message.reply_text(text("faq_ask_question", language))
    return NEW_QUESTION


async def new_entry_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """'Entri baru' on a group of unanswered questions (un:<group id>)."""
    query = update.callback_query
    group = services_of(context).curation.group(update.effective_user.id, int(query.data[3:]))
    context.user_data[PENDING] = {
        "group": group.id,
        "examples": list(group.examples),
        "unanswered_ids": list(group.unanswered_ids),
    }
    await query.answer()
    await query.message.reply_text(text("faq_ask_question", language_of(update, context)))
    return NEW_QUESTION


async def take_field(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    key: str,
    prompt: str,
    state: int,
    markup: InlineKeyboardMarkup | None = None,
) -> int:
    """Store a typed field of the new entry and ask the next question."""
    value = update.effective_message.text.strip()
    context.user_data[PENDING][key] = value
    await update.effective_message.reply_text(
        text(prompt, language_of(update, context)), reply_markup=markup
    )
    return state


async def question_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the new entry's main question."""
    return await take_field(update, context, "question", "faq_ask_answer", NEW_ANSWER)


async def answer_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the Indonesian answer."""
    return await take_field(update, context, "answer", "faq_ask_answer_en", NEW_ANSWER_EN)


async def answer_en_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the English answer, then offer the documents."""
    documents = services_of(context).holder.knowledge.documents.values()
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(short(doc.short), callback_data=f"nd:{doc.id}")]
            for doc in documents
        ]
    )
    return await take_field(update, context, "answer_en", "faq_ask_document", NEW_DOCUMENT, markup)


async def document_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the source document (nd:<document id>), then offer the topics."""
    query = update.callback_query
    language = language_of(update, context)
    context.user_data[PENDING]["document"] = query.data[3:]
    await query.answer()
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    labels[1] if language == "en" else labels[0], callback_data=f"nt:{topic}"
                )
            ]
            for topic, labels in TOPICS.items()
        ]
    )
    await query.message.reply_text(text("faq_ask_topic", language), reply_markup=markup)
    return NEW_TOPIC


async def topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the topic (nt:<topic>), then ask for the point of the document."""
    query = update.callback_query
    context.user_data[PENDING]["topic"] = query.data[3:]
    await query.answer()
    await query.message.reply_text(text("faq_ask_point", language_of(update, context)))
    return NEW_POINT


async def point_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the point of the document, then ask for it in English."""
    return await take_field(update, context, "point", "faq_ask_point_en", NEW_POINT_EN)


async def point_en_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Take the English point, create the entry; for a group, resolve it and tell the askers."""
    services = services_of(context)
    pending = context.user_data[PENDING]
    admin_id = update.effective_user.id
    questions = list(dict.fromkeys([pending["question"], *pending["examples"]]))
    fields = {
        "questions": questions,
        "answer": pending["answer"],
        "answer_en": pending["answer_en"],
        "topic": pending["topic"],
        "source": {"point": pending["point"], "point_en": update.effective_message.text.strip()},
    }
    language = language_of(update, context)
    try:
        closed = services.gaps.create_entry(
            admin_id,
            pending["document"],
            fields,
            pending.get("group"),
            pending.get("unanswered_ids"),
        )
    except UserError as error:
        await update.effective_message.reply_text(error.message(language))
        return None
    if pending.get("group") is not None:
        start_notifications(context.application)
    context.user_data.pop(PENDING, None)
    await update.effective_message.reply_text(
        text("faq_created", language).format(entry=closed.entry.id, count=closed.notices)
    )
    return END


async def edit_entry_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/faq ubah <id>: choose which field to change."""
    entry_id = update.effective_message.text.split()[-1]
    entry = services_of(context).editor.entry(update.effective_user.id, entry_id)
    context.user_data[PENDING] = {"entry": entry.id}
    language = language_of(update, context)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(f"faq_field_{field}", language), callback_data=f"ef:{field}"
                )
            ]
            for field in EDITABLE
        ]
    )
    await update.effective_message.reply_text(
        text("faq_choose_field", language).format(entry=entry.id), reply_markup=markup
    )
    return EDIT_FIELD


async def field_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Take the field to change (ef:<field>) and ask for its new value."""
    query = update.callback_query
    context.user_data[PENDING]["field"] = query.data[3:]
    await query.answer()
    await query.message.reply_text(text(f"faq_new_{query.data[3:]}", language_of(update, context)))
    return EDIT_VALUE


def field_change(field: str, value: str) -> dict:
    """Turn a typed value into the editor's change for a field."""
    if field == "questions":
        return {"questions": [line.strip() for line in value.splitlines() if line.strip()]}
    if field == "tags":
        return {"tags": [tag.strip() for tag in value.split(",") if tag.strip()]}
    if field in ("point", "point_en"):
        return {"source": {field: value}}
    return {field: value}


async def value_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Apply the new value (validated and written at once)."""
    pending = context.user_data[PENDING]
    language = language_of(update, context)
    change = field_change(pending["field"], update.effective_message.text.strip())
    try:
        entry = services_of(context).editor.update_entry(
            update.effective_user.id, pending["entry"], change
        )
    except UserError as error:
        await update.effective_message.reply_text(error.message(language))
        return None
    context.user_data.pop(PENDING, None)
    await update.effective_message.reply_text(text("faq_updated", language).format(entry=entry.id))
    return END


async def cancel_faq(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leave without changing anything."""
    context.user_data.pop(PENDING, None)
    await update.effective_message.reply_text(text("cancelled", language_of(update, context)))
    return END


def faq_conversation() -> ConversationHandler:
    """Writing a new entry (/faq tambah, or 'Entri baru' on a group) and editing a field."""
    typed = filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        # per_message=False is intended: one edit per admin, buttons come from our messages.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                MessageHandler(
                    filters.Regex(r"^/faq(@\w+)?\s+(tambah|add)\s*$"), new_entry_command
                ),
                CallbackQueryHandler(new_entry_button, pattern=r"^un:\d+$"),
                MessageHandler(
                    filters.Regex(r"^/faq(@\w+)?\s+(ubah|edit)\s+[\w-]+\s*$"), edit_entry_command
                ),
            ],
            states={
                NEW_QUESTION: [MessageHandler(typed, question_text)],
                NEW_ANSWER: [MessageHandler(typed, answer_text)],
                NEW_ANSWER_EN: [MessageHandler(typed, answer_en_text)],
                NEW_DOCUMENT: [CallbackQueryHandler(document_button, pattern=r"^nd:[\w-]+$")],
                NEW_TOPIC: [CallbackQueryHandler(topic_button, pattern=r"^nt:[\w-]+$")],
                NEW_POINT: [MessageHandler(typed, point_text)],
                NEW_POINT_EN: [MessageHandler(typed, point_en_text)],
                EDIT_FIELD: [
                    CallbackQueryHandler(field_button, pattern=rf"^ef:({'|'.join(EDITABLE)})$")
                ],
                EDIT_VALUE: [MessageHandler(typed, value_text)],
            },
            fallbacks=[CommandHandler(["batal", "cancel"], cancel_faq)],
            name="faq",
            persistent=True,
            allow_reentry=True,
        )


def faq_handlers() -> list:
    """The /faq conversation, the /faq command and its buttons, in registration order."""
    return [
        faq_conversation(),
        CommandHandler("faq", faq_command),
        CallbackQueryHandler(view_button, pattern=r"^fv:[\w-]+$"),
        CallbackQueryHandler(delete_button, pattern=r"^(fx:[\w-]+|fk)$"),
    ]
