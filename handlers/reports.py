"""/lapor: the guided report conversation, the one-line form, duplicates; /laporan to read."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterable

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.errors import UserError
from bot.messages import text
from bot.reports.export import export_request
from bot.reports.filing import (
    CHECKLIST,
    IOMKI_ANSWERS,
    STATUSES,
    Draft,
    clean_company,
    clean_notes,
    parse_quick_form,
    parse_workers,
)
from handlers.context import language_of, services_of
from handlers.report_rendering import (
    EDITABLE_FIELDS,
    checklist_keyboard,
    choices_keyboard,
    companies_keyboard,
    duplicate_keyboard,
    fields_keyboard,
    recent_html,
    single_button,
    summary_html,
    summary_keyboard,
    summary_table_html,
)

(COMPANY, IOMKI, STATUS, WORKERS, CHECKLIST_STATE, NOTES, EXTRAS, SUMMARY, EDIT, DUPLICATE) = (
    range(10)
)
END = ConversationHandler.END
DRAFT, EDITING, COMPANIES, PENDING_REPLACE = (
    "report",
    "report_editing",
    "report_companies",
    "report_replace",
)


def draft_of(context: ContextTypes.DEFAULT_TYPE) -> Draft:
    """The draft being written (kept in user_data, which is persisted)."""
    return Draft.from_dict(context.user_data.get(DRAFT, {}))


def save_draft(context: ContextTypes.DEFAULT_TYPE, draft: Draft) -> None:
    """Store the draft in user_data."""
    context.user_data[DRAFT] = draft.to_dict()


def forget_draft(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop every piece of the conversation from user_data."""
    for key in (DRAFT, EDITING, COMPANIES, PENDING_REPLACE):
        context.user_data.pop(key, None)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Start a report: the one-line form when text follows /lapor, else the guided questions."""
    services = services_of(context)
    user_id = update.effective_user.id
    services.reports.require_filer(user_id)
    forget_draft(context)
    _, _, rest = update.effective_message.text.partition(" ")
    if rest.strip():
        return await quick_report(update, context, rest)
    save_draft(context, Draft())
    companies = services.reports.companies(user_id)
    context.user_data[COMPANIES] = companies
    await update.effective_message.reply_text(
        text("report_company", language_of(update, context)),
        reply_markup=companies_keyboard(companies),
    )
    return COMPANY


async def quick_report(update: Update, context: ContextTypes.DEFAULT_TYPE, form: str) -> int:
    """File the one-line form, asking first if it duplicates today's report."""
    max_workers = services_of(context).config.reports.max_workers
    try:
        draft = parse_quick_form(form, max_workers)
    except UserError as error:
        await update.effective_message.reply_text(error.message(language_of(update, context)))
        return END
    save_draft(context, draft)
    return await submit(update, context)


async def next_step(update: Update, context: ContextTypes.DEFAULT_TYPE, state: int) -> int:
    """Ask the question of `state`, or go back to the summary when editing one field."""
    if context.user_data.pop(EDITING, False):
        state = SUMMARY
    language = language_of(update, context)
    draft = draft_of(context)
    prompts = {
        IOMKI: ("report_iomki", choices_keyboard("ri", IOMKI_ANSWERS, language)),
        STATUS: ("report_status", choices_keyboard("rs", STATUSES, language)),
        WORKERS: ("report_workers", None),
        CHECKLIST_STATE: ("report_checklist", checklist_keyboard(draft.checklist, language)),
        NOTES: ("report_notes", single_button("button_skip", "rn:skip", language)),
        EXTRAS: ("report_extras", single_button("button_continue", "rx:next", language)),
        COMPANY: ("report_company", None),
    }
    if state == SUMMARY:
        await update.effective_message.reply_html(
            summary_html(draft, language), reply_markup=summary_keyboard(language)
        )
    else:
        key, markup = prompts[state]
        await update.effective_message.reply_text(text(key, language), reply_markup=markup)
    return state


async def company_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Take the company name."""
    return await take_text(update, context, clean_company, "company", IOMKI)


async def company_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Take a company from the officer's earlier reports (rc:<position>)."""
    query = update.callback_query
    await query.answer()
    companies = context.user_data.get(COMPANIES, [])
    index = int(query.data.removeprefix("rc:"))
    if index >= len(companies):
        return None
    save_draft(
        context, Draft.from_dict({**draft_of(context).to_dict(), "company": companies[index]})
    )
    return await next_step(update, context, IOMKI)


async def take_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, parse, field: str, following: int
) -> int | None:
    """Validate a typed answer; re-ask politely (staying in the step) when it is wrong."""
    try:
        value = parse(update.effective_message.text)
    except UserError as error:
        await update.effective_message.reply_text(error.message(language_of(update, context)))
        return None
    save_draft(context, Draft.from_dict({**draft_of(context).to_dict(), field: value}))
    return await next_step(update, context, following)


async def choice_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Take an IOMKI answer (ri:<key>) or an operating status (rs:<key>)."""
    query = update.callback_query
    await query.answer()
    prefix, key = query.data.split(":", 1)
    field, following = ("iomki", STATUS) if prefix == "ri" else ("status", WORKERS)
    save_draft(context, Draft.from_dict({**draft_of(context).to_dict(), field: key}))
    return await next_step(update, context, following)


async def workers_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Take the number of workers on site."""
    maximum = services_of(context).config.reports.max_workers
    return await take_text(
        update, context, lambda value: parse_workers(value, maximum), "workers", CHECKLIST_STATE
    )


async def checklist_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Toggle a checklist item (rk:<key>) or finish (rk:done)."""
    query = update.callback_query
    key = query.data.removeprefix("rk:")
    await query.answer()
    if key == "done":
        return await next_step(update, context, NOTES)
    draft = draft_of(context)
    chosen = tuple(k for k in CHECKLIST if (k in draft.checklist) != (k == key))
    save_draft(context, Draft.from_dict({**draft.to_dict(), "checklist": list(chosen)}))
    await query.edit_message_reply_markup(checklist_keyboard(chosen, language_of(update, context)))
    return None


async def notes_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Take the free-text notes."""
    return await take_text(update, context, clean_notes, "notes", EXTRAS)


async def skip_notes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leave the notes empty."""
    await update.callback_query.answer()
    return await next_step(update, context, EXTRAS)


async def photo_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Attach the (largest) photo to the draft."""
    photo = update.effective_message.photo[-1]
    save_draft(
        context, Draft.from_dict({**draft_of(context).to_dict(), "photo_file_id": photo.file_id})
    )
    await acknowledge_extra(update, context, "report_photo_saved")


async def location_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Attach a location to the draft."""
    location = update.effective_message.location
    save_draft(
        context,
        Draft.from_dict(
            {
                **draft_of(context).to_dict(),
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
        ),
    )
    await acknowledge_extra(update, context, "report_location_saved")


async def acknowledge_extra(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
    """Confirm an attachment and offer Lanjut again."""
    language = language_of(update, context)
    await update.effective_message.reply_text(
        text(key, language) + text("report_extras", language),
        reply_markup=single_button("button_continue", "rx:next", language),
    )


async def extras_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Show the summary."""
    await update.callback_query.answer()
    return await next_step(update, context, SUMMARY)


async def summary_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Kirim (rv:send), Ubah (rv:edit) or Batal (rv:cancel)."""
    query = update.callback_query
    await query.answer()
    action = query.data.removeprefix("rv:")
    language = language_of(update, context)
    if action == "edit":
        await query.message.reply_text(
            text("report_choose_field", language), reply_markup=fields_keyboard(language)
        )
        return EDIT
    if action == "cancel":
        return await cancel_report(update, context)
    if not draft_of(context).complete:
        await query.message.reply_text(text("report_expired", language))
        forget_draft(context)
        return END
    return await submit(update, context)


async def edit_field_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Jump to one field's question (re:<field>); the answer returns to the summary."""
    query = update.callback_query
    await query.answer()
    states = {
        "company": COMPANY,
        "iomki": IOMKI,
        "status": STATUS,
        "workers": WORKERS,
        "checklist": CHECKLIST_STATE,
        "notes": NOTES,
    }
    state = await next_step(update, context, states[query.data.removeprefix("re:")])
    context.user_data[EDITING] = True
    return state


async def submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """File the draft, unless it duplicates today's report on the same company: then ask."""
    services = services_of(context)
    draft = draft_of(context)
    earlier = services.reports.duplicate_of(update.effective_user.id, draft.company)
    if earlier is None:
        return await file_report(update, context, replace_id=None)
    context.user_data[PENDING_REPLACE] = earlier.id
    language = language_of(update, context)
    await update.effective_message.reply_text(
        text("report_duplicate", language).format(company=draft.company, old=earlier.id),
        reply_markup=duplicate_keyboard(language),
    )
    return DUPLICATE


async def duplicate_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Replace the earlier report (rd:replace) or add a new one (rd:add)."""
    query = update.callback_query
    await query.answer()
    replace_id = context.user_data.get(PENDING_REPLACE) if query.data == "rd:replace" else None
    return await file_report(update, context, replace_id)


async def file_report(
    update: Update, context: ContextTypes.DEFAULT_TYPE, replace_id: int | None
) -> int:
    """Store the report (committed first), then acknowledge it."""
    draft = draft_of(context)
    report = services_of(context).reports.file(update.effective_user.id, draft, replace_id)
    forget_draft(context)
    language = language_of(update, context)
    key = "report_replaced" if replace_id else "report_saved"
    await update.effective_message.reply_text(
        text(key, language).format(
            id=report.id, company=report.company, date=report.report_date, old=replace_id
        )
    )
    return END


async def cancel_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leave the report conversation without saving."""
    forget_draft(context)
    await update.effective_message.reply_text(
        text("report_cancelled", language_of(update, context))
    )
    return END


async def use_the_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything typed where a button is expected: point to the buttons, stay in the step."""
    await update.effective_message.reply_text(
        text("report_use_buttons", language_of(update, context))
    )


def one_of(prefix: str, keys: Iterable[str]) -> str:
    """A callback-data pattern accepting exactly prefix:<one of keys>; others are stale."""
    return rf"^{prefix}:({'|'.join(keys)})$"


def report_conversation() -> ConversationHandler:
    """The /lapor conversation; its state is persisted, so it survives a restart."""
    typed = filters.TEXT & ~filters.COMMAND
    anything = filters.ALL & ~filters.COMMAND
    with warnings.catch_warnings():
        # per_message=False is intended: one report per officer, buttons come from our messages.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CommandHandler(["lapor", "report"], report_command)],
            states={
                COMPANY: [
                    MessageHandler(typed, company_text),
                    CallbackQueryHandler(company_button, pattern=r"^rc:\d+$"),
                ],
                IOMKI: [CallbackQueryHandler(choice_button, pattern=one_of("ri", IOMKI_ANSWERS))],
                STATUS: [CallbackQueryHandler(choice_button, pattern=one_of("rs", STATUSES))],
                WORKERS: [MessageHandler(typed, workers_text)],
                CHECKLIST_STATE: [
                    CallbackQueryHandler(
                        checklist_button, pattern=one_of("rk", [*CHECKLIST, "done"])
                    )
                ],
                NOTES: [
                    MessageHandler(typed, notes_text),
                    CallbackQueryHandler(skip_notes, pattern=r"^rn:skip$"),
                ],
                EXTRAS: [
                    MessageHandler(filters.PHOTO, photo_message),
                    MessageHandler(filters.LOCATION, location_message),
                    CallbackQueryHandler(extras_done, pattern=r"^rx:next$"),
                ],
                SUMMARY: [
                    CallbackQueryHandler(summary_button, pattern=r"^rv:(send|edit|cancel)$")
                ],
                EDIT: [
                    CallbackQueryHandler(edit_field_button, pattern=one_of("re", EDITABLE_FIELDS))
                ],
                DUPLICATE: [CallbackQueryHandler(duplicate_button, pattern=r"^rd:(replace|add)$")],
            },
            fallbacks=[
                CommandHandler(["batal", "cancel"], cancel_report),
                MessageHandler(anything, use_the_buttons),
            ],
            name="report",
            persistent=True,
            allow_reentry=True,
        )


async def reports_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/laporan: an officer's latest reports, an admin's summary; /laporan ekspor sends a file."""
    if context.args and context.args[0].casefold() in ("ekspor", "export"):
        await export_command(update, context)
        return
    overview = services_of(context).reports.overview(update.effective_user.id)
    language = language_of(update, context)
    if overview.summary is not None:
        html = summary_table_html(overview.summary, language)
    else:
        html = recent_html(overview.recent or [], language)
    await update.effective_message.reply_html(html)


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/laporan ekspor [csv|xlsx] [YYYY-MM-DD]: send the reports as a document (admins)."""
    services = services_of(context)
    export = export_request(services.reports, update.effective_user.id, context.args[1:])
    content = await asyncio.to_thread(export.content)  # thousands of rows take a while
    await update.effective_message.reply_document(
        content,
        filename=export.filename,
        caption=text("reports_export_caption", language_of(update, context)).format(
            since=export.since, count=len(export.rows)
        ),
    )
