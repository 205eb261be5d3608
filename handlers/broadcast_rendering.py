"""Render subscriptions and broadcasts as Telegram HTML and inline keyboards."""

from __future__ import annotations

import datetime as dt
import hashlib
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.access.roles import Region
from bot.broadcasts.announcements import (
    PENDING_APPROVAL,
    AudienceOptions,
    Broadcast,
    Preview,
    ScheduledItem,
)
from bot.broadcasts.subscriptions import Audience, Subscription
from bot.broadcasts.timing import QuietHours, describe_time, describe_when
from bot.knowledge.base import TOPICS
from bot.messages import text
from bot.outbox.sending import Progress

Keyboard = InlineKeyboardMarkup
SCHEDULE_LIST_LIMIT = 20  # Telegram's 4096 characters hold about this many entries
PREVIEW_LENGTH = 70


def token(*parts: str) -> str:
    """Return a short stable token for a region name (callback data is limited to 64 bytes)."""
    return hashlib.sha1("/".join(parts).casefold().encode()).hexdigest()[:10]


def button(label: str, data: str) -> InlineKeyboardButton:
    """One inline button."""
    return InlineKeyboardButton(label, callback_data=data)


def topic_label(topic: str, language: str) -> str:
    """The name of a topic in a language."""
    indonesian, english = TOPICS[topic]
    return english if language == "en" else indonesian


def provinces(regions: list[Region] | tuple[Region, ...]) -> list[str]:
    """The distinct provinces of some regions, in order."""
    return list(dict.fromkeys(region.province for region in regions))


def audience_label(audience: Audience | None, language: str) -> str:
    """Describe an audience in words (plain text, escaped)."""
    if audience is None or audience.everyone:
        return text("audience_all", language)
    parts = [p for p in (audience.province, audience.district) if p]
    topic = (
        text("audience_topic", language).format(topic=topic_label(audience.topic, language))
        if audience.topic
        else ""
    )
    return escape(", ".join(filter(None, [" / ".join(parts), topic])))


def broadcast_html(broadcast: Broadcast) -> str:
    """The message subscribers receive: header, the author's text, how to unsubscribe."""
    language, header = broadcast.language, text("bc_header", broadcast.language)
    if broadcast.audience is not None:
        header += f" · {audience_label(broadcast.audience, language)}"
    return f"{header}\n\n{broadcast.content.html}\n\n{text('bc_footer', language)}"


def number(value: float, language: str) -> str:
    """Format a rate with one decimal (a decimal comma in Indonesian)."""
    formatted = f"{value:.1f}"
    return formatted if language == "en" else formatted.replace(".", ",")


def eta_text(seconds: float | None, language: str) -> str:
    """Format the time left, e.g. '2 menit 5 detik'."""
    whole = round(seconds or 0)
    if whole < 60:
        return text("eta_seconds", language).format(seconds=whole)
    return text("eta_minutes", language).format(minutes=whole // 60, seconds=whole % 60)


def counts_fields(broadcast: Broadcast, progress: Progress) -> dict[str, object]:
    """The values the progress and summary texts show."""
    counts, language = progress.counts, broadcast.language
    return {
        "id": broadcast.id,
        "audience": audience_label(broadcast.audience, language),
        "sent": counts.sent,
        "blocked": counts.blocked,
        "failed": counts.failed,
        "unknown": counts.unknown,
        "remaining": counts.remaining,
        "total": counts.total,
        "rate": number(progress.rate, language),
        "eta": eta_text(progress.eta_seconds, language),
    }


def progress_text(broadcast: Broadcast, progress: Progress, quiet: str = "") -> str:
    """The author's progress message: counts, rate and ETA, paused for quiet hours (`quiet`
    names them), or the final counts."""
    key = "bc_done" if progress.finished else "bc_paused" if progress.paused else "bc_progress"
    fields = counts_fields(broadcast, progress)
    return text(key, broadcast.language).format(**fields, quiet=quiet)


def quiet_label(
    quiet: QuietHours | None, zone: dt.tzinfo, moment: dt.datetime, language: str
) -> str:
    """Quiet hours as shown to users: '21.00–06.00 WIB' (empty without quiet hours)."""
    if quiet is None:
        return ""
    return f"{quiet.describe(language)} {moment.astimezone(zone).tzname()}"


def final_text(broadcast: Broadcast, progress: Progress) -> str:
    """The summary sent when a broadcast is done (explaining 'unknown' when there are any)."""
    summary = text("bc_summary", broadcast.language).format(**counts_fields(broadcast, progress))
    note = text("bc_unknown_note", broadcast.language) if progress.counts.unknown else ""
    return summary + note


def confirm_text(
    preview: Preview, threshold: int, language: str, zone: dt.tzinfo, quiet: QuietHours | None
) -> str:
    """The confirmation message: audience, recipient count, the planned time (as a full date),
    quiet hours and approval notes."""
    broadcast, when = preview.broadcast, preview.broadcast.when
    notes = text("bc_urgent_note", language) if broadcast.urgent else ""
    if preview.starts_at is not None:
        key = "bc_quiet_note" if when else "bc_quiet_now"
        label = quiet_label(quiet, zone, preview.starts_at, language)
        start = describe_time(preview.starts_at, zone, language)
        notes += text(key, language).format(quiet=label, start=start) + ("" if when else "\n")
    if preview.needs_approval:
        notes += text("bc_needs_approval", language).format(threshold=threshold)
    fields = {
        "id": broadcast.id,
        "audience": audience_label(broadcast.audience, language),
        "count": preview.recipients,
    }
    if when is None:
        return text("bc_confirm", language).format(**fields, approval=notes)
    planned = text("bc_when", language).format(when=describe_when(when, zone, language))
    return text("bc_confirm_schedule", language).format(**fields, when=planned, approval=notes)


def scheduled_text(broadcast: Broadcast, zone: dt.tzinfo, language: str) -> str:
    """'Broadcast #N is scheduled: <when>', for the author and the approving admin."""
    assert broadcast.when is not None
    return text("bc_scheduled", language).format(
        id=broadcast.id,
        when=describe_when(broadcast.when, zone, language),
        audience=audience_label(broadcast.audience, language),
    )


def schedule_list_text(items: list[ScheduledItem], zone: dt.tzinfo, language: str) -> str:
    """/siaran_terjadwal: one paragraph per scheduled broadcast, soonest first."""
    if not items:
        return text("bc_schedule_empty", language)
    lines = [text("bc_schedule_title", language).format(count=len(items))]
    for item in items[:SCHEDULE_LIST_LIMIT]:
        broadcast = item.broadcast
        flags = text("bc_flag_approval", language) if broadcast.status == PENDING_APPROVAL else ""
        flags += text("bc_flag_urgent", language) if broadcast.urgent else ""
        words = " ".join(broadcast.content.text.split())
        preview = words if len(words) <= PREVIEW_LENGTH else words[: PREVIEW_LENGTH - 1] + "…"
        lines.append(
            text("bc_schedule_item", language).format(
                id=broadcast.id,
                when=describe_when(item.when, zone, language),
                audience=audience_label(broadcast.audience, language),
                role=text(f"role_{broadcast.author_role}", language),
                author=broadcast.author_id,
                flags=flags,
                preview=escape(preview),
            )
        )
    return "\n\n".join(lines)


def schedule_list_keyboard(
    items: list[ScheduledItem], language: str, viewer: int, admin: bool
) -> Keyboard:
    """'Batalkan #N' for each broadcast the viewer may cancel; admins also toggle urgent, and
    approve or reject what waits for approval (not their own)."""
    rows = []
    for item in items[:SCHEDULE_LIST_LIMIT]:
        broadcast = item.broadcast
        row = []
        if item.can_cancel:
            label = text("button_unschedule", language).format(id=broadcast.id)
            row.append(button(label, f"bc:unsched:{broadcast.id}"))
        if admin:
            row.append(button(f"🚨 #{broadcast.id}", f"bc:lurg:{broadcast.id}"))
        if row:
            rows.append(row)
        if admin and broadcast.status == PENDING_APPROVAL and broadcast.author_id != viewer:
            approve = f"{text('button_approve', language)} #{broadcast.id}"
            reject = f"{text('button_reject', language)} #{broadcast.id}"
            rows.append(
                [button(approve, f"bc:ok:{broadcast.id}"), button(reject, f"bc:no:{broadcast.id}")]
            )
    return Keyboard(rows)


def confirm_keyboard(broadcast: Broadcast, language: str) -> Keyboard:
    """Kirim sekarang / Jadwalkan (or, with a planned time: Ya, jadwalkan / Ubah waktu), urgent
    for admins, Ubah penerima / Batal."""
    broadcast_id = broadcast.id
    send_now = button(text("button_send_now", language), f"bc:send:{broadcast_id}")
    if broadcast.when is None:
        rows = [[send_now, button(text("button_schedule", language), f"bc:sched:{broadcast_id}")]]
    else:
        rows = [
            [
                button(text("button_schedule_yes", language), f"bc:at:{broadcast_id}"),
                button(text("button_change_time", language), f"bc:sched:{broadcast_id}"),
            ],
            [send_now],
        ]
    if broadcast.author_role == "admin":
        urgent = text("button_not_urgent" if broadcast.urgent else "button_urgent", language)
        rows.append([button(urgent, f"bc:urg:{broadcast_id}")])
    rows.append(
        [
            button(text("button_change_audience", language), f"bc:aud:{broadcast_id}"),
            button(text("button_cancel", language), f"bc:cancel:{broadcast_id}"),
        ]
    )
    return Keyboard(rows)


def audience_keyboard(broadcast_id: int, options: AudienceOptions, language: str) -> Keyboard:
    """Officers: their region (all topics or one); admins: everyone, a region or a topic."""
    if options.officer_region:
        first = button(
            text("button_bc_mine", language).format(region=options.officer_region),
            f"bc:all:{broadcast_id}",
        )
        rows = [[first]]
    else:
        rows = [[button(text("button_bc_all", language), f"bc:all:{broadcast_id}")]]
        if options.regions:
            rows.append([button(text("button_bc_region", language), f"bc:reg:{broadcast_id}")])
    rows.append([button(text("button_bc_topic", language), f"bc:tops:{broadcast_id}")])
    rows.append([button(text("button_cancel", language), f"bc:cancel:{broadcast_id}")])
    return Keyboard(rows)


def back_row(data: str, language: str) -> list[InlineKeyboardButton]:
    """A row with one back button."""
    return [button(text("button_back", language), data)]


def broadcast_provinces_keyboard(
    broadcast_id: int, regions: tuple[Region, ...], language: str
) -> Keyboard:
    """One button per province that has officers."""
    rows = [
        [button(province, f"bc:prov:{broadcast_id}:{token(province)}")]
        for province in provinces(regions)
    ]
    return Keyboard([*rows, back_row(f"bc:aud:{broadcast_id}", language)])


def broadcast_districts_keyboard(
    broadcast_id: int, province: str, regions: tuple[Region, ...], language: str
) -> Keyboard:
    """The whole province, then each of its districts that has officers."""
    whole = text("button_whole_province", language).format(province=province)
    rows = [[button(whole, f"bc:pall:{broadcast_id}:{token(province)}")]]
    rows += [
        [button(r.district, f"bc:dist:{broadcast_id}:{token(r.province, r.district)}")]
        for r in regions
        if r.province == province
    ]
    return Keyboard([*rows, back_row(f"bc:reg:{broadcast_id}", language)])


def broadcast_topics_keyboard(broadcast_id: int, language: str) -> Keyboard:
    """One button per topic."""
    rows = [
        [button(topic_label(topic, language), f"bc:top:{broadcast_id}:{topic}")]
        for topic in TOPICS
    ]
    return Keyboard([*rows, back_row(f"bc:aud:{broadcast_id}", language)])


def approval_keyboard(broadcast_id: int, language: str) -> Keyboard:
    """Setujui / Tolak."""
    return Keyboard(
        [
            [
                button(text("button_approve", language), f"bc:ok:{broadcast_id}"),
                button(text("button_reject", language), f"bc:no:{broadcast_id}"),
            ]
        ]
    )


def subscription_text(subscription: Subscription, language: str) -> str:
    """Describe a subscription's filters."""
    region = " / ".join(p for p in (subscription.province, subscription.district) if p)
    topics = ", ".join(topic_label(topic, language) for topic in subscription.topics)
    return text("sub_status", language).format(
        region=escape(region) or text("sub_every_region", language),
        topics=topics or text("sub_every_topic", language),
    )


def subscription_keyboard(language: str) -> Keyboard:
    """Narrow by region or by topic."""
    return Keyboard(
        [
            [
                button(text("button_sub_region", language), "sub:regions"),
                button(text("button_sub_topics", language), "sub:topics"),
            ]
        ]
    )


def subscription_provinces_keyboard(regions: list[Region], language: str) -> Keyboard:
    """Every region, or one province that has officers."""
    rows = [[button(text("button_every_region", language), "sub:allreg")]]
    rows += [[button(province, f"sub:prov:{token(province)}")] for province in provinces(regions)]
    return Keyboard([*rows, back_row("sub:menu", language)])


def subscription_districts_keyboard(
    province: str, regions: list[Region], language: str
) -> Keyboard:
    """The whole province (already chosen), or one of its districts."""
    whole = "✅ " + text("button_whole_province", language).format(province=province)
    rows = [[button(whole, "sub:menu")]]
    rows += [
        [button(r.district, f"sub:dist:{token(r.province, r.district)}")]
        for r in regions
        if r.province == province
    ]
    return Keyboard([*rows, back_row("sub:regions", language)])


def ticked(label: str, chosen: bool) -> str:
    """A button label, with ✅ in front when chosen."""
    return f"✅ {label}" if chosen else label


def subscription_topics_keyboard(subscription: Subscription, language: str) -> Keyboard:
    """Toggle buttons for each topic (✅ when chosen), 'all topics' and done."""
    chosen = subscription.topics
    rows = [[button(ticked(text("sub_every_topic", language), not chosen), "sub:alltop")]]
    rows += [
        [button(ticked(topic_label(topic, language), topic in chosen), f"sub:top:{topic}")]
        for topic in TOPICS
    ]
    return Keyboard([*rows, [button(text("button_done", language), "sub:menu")]])


def resubscribe_keyboard(language: str) -> Keyboard:
    """One button: subscribe again."""
    return Keyboard([[button(text("button_resubscribe", language), "sub:again")]])
