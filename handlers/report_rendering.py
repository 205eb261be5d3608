"""HTML and keyboards for officers' reports."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import text
from bot.reports.filing import CHECKLIST, IOMKI_ANSWERS, STATUSES, Draft, StatusReport, label

EDITABLE_FIELDS = ("company", "iomki", "status", "workers", "checklist", "notes")


def button(caption: str, data: str) -> InlineKeyboardButton:
    """One inline button."""
    return InlineKeyboardButton(caption, callback_data=data)


def choices_keyboard(prefix: str, table: dict, language: str) -> InlineKeyboardMarkup:
    """One button per choice of a table (IOMKI answers, statuses)."""
    return InlineKeyboardMarkup(
        [[button(label(table, key, language), f"{prefix}:{key}")] for key in table]
    )


def companies_keyboard(companies: list[str]) -> InlineKeyboardMarkup | None:
    """Buttons for companies the officer reported on before (by position, names can be long)."""
    if not companies:
        return None
    return InlineKeyboardMarkup(
        [[button(name[:60], f"rc:{index}")] for index, name in enumerate(companies)]
    )


def checklist_keyboard(chosen: tuple[str, ...], language: str) -> InlineKeyboardMarkup:
    """Toggle buttons for the protocol checklist, then Done."""
    rows = [
        [
            button(
                f"{'☑️' if key in chosen else '⬜'} {label(CHECKLIST, key, language)}", f"rk:{key}"
            )
        ]
        for key in CHECKLIST
    ]
    rows.append([button(text("button_checklist_done", language), "rk:done")])
    return InlineKeyboardMarkup(rows)


def single_button(key: str, data: str, language: str) -> InlineKeyboardMarkup:
    """A keyboard with one button."""
    return InlineKeyboardMarkup([[button(text(key, language), data)]])


def summary_keyboard(language: str) -> InlineKeyboardMarkup:
    """Kirim / Ubah / Batal."""
    return InlineKeyboardMarkup(
        [
            [
                button(text("button_send", language), "rv:send"),
                button(text("button_edit", language), "rv:edit"),
                button(text("button_cancel", language), "rv:cancel"),
            ]
        ]
    )


def fields_keyboard(language: str) -> InlineKeyboardMarkup:
    """One button per field that can be changed."""
    return InlineKeyboardMarkup(
        [[button(text(f"field_{name}", language), f"re:{name}")] for name in EDITABLE_FIELDS]
    )


def duplicate_keyboard(language: str) -> InlineKeyboardMarkup:
    """Replace the earlier report, or add a new one."""
    return InlineKeyboardMarkup(
        [
            [button(text("button_replace", language), "rd:replace")],
            [button(text("button_add", language), "rd:add")],
        ]
    )


def report_lines(draft: Draft | StatusReport, language: str) -> list[str]:
    """The fields of a draft or report as escaped HTML lines."""
    checklist = ", ".join(label(CHECKLIST, key, language) for key in draft.checklist) or "—"
    lines = [
        f"<b>{text('field_company', language)}:</b> {escape(draft.company)}",
        f"<b>{text('field_iomki', language)}:</b> {label(IOMKI_ANSWERS, draft.iomki, language)}",
        f"<b>{text('field_status', language)}:</b> {label(STATUSES, draft.status, language)}",
        f"<b>{text('field_workers', language)}:</b> {draft.workers}",
        f"<b>{text('field_checklist', language)}:</b> {escape(checklist)}",
        f"<b>{text('field_notes', language)}:</b> {escape(draft.notes) or '—'}",
    ]
    if draft.photo_file_id:
        lines.append(f"<b>{text('field_photo', language)}:</b> ✔️")
    if draft.latitude is not None:
        lines.append(
            f"<b>{text('field_location', language)}:</b> "
            f"{draft.latitude:.5f}, {draft.longitude:.5f}"
        )
    return lines


def summary_html(draft: Draft, language: str) -> str:
    """The review screen before Kirim."""
    title = f"<b>{text('report_summary', language)}</b>"
    return "\n".join([title, *report_lines(draft, language)])


def recent_html(reports: list[StatusReport], language: str) -> str:
    """An officer's latest reports, one line each."""
    if not reports:
        return text("reports_none", language)
    lines = [f"<b>{text('reports_recent', language)}</b>"]
    lines += [
        f"#{r.id} {r.report_date} — {escape(r.company)}: "
        f"{label(STATUSES, r.status, language)}, {r.workers} "
        f"({len(r.checklist)}/{len(CHECKLIST)} prokes)"
        for r in reports
    ]
    return "\n".join(lines)


def summary_table_html(rows: list[dict], language: str) -> str:
    """The admins' per-region, per-day summary."""
    if not rows:
        return text("reports_summary_none", language)
    reports, stopped = ("reports", "stopped") if language == "en" else ("laporan", "berhenti")
    lines = [f"<b>{text('reports_summary', language)}</b>"]
    lines += [
        f"{row['date']} · {escape(row['region'])}: {row['reports']} {reports}, "
        f"{row['stopped']} {stopped}, prokes {row['compliance']:.0%}"
        for row in rows
    ]
    return "\n".join(lines)
