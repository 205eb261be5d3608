"""Figures for admins (Telegram, the CLI, the daily summary): one collection, one rendering.

Days are calendar days in the configured time zone (reports.timezone): "7 days" is today and
the six days before it. Timestamps are compared with SQLite's datetime(), which reads any offset.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlite_utils import Database

from bot.access.roles import Role, Roles
from bot.curation.grouping import Group, group_unanswered
from bot.knowledge.current import KnowledgeHolder
from bot.messages import format_date, sentence
from bot.storage.store import Store

TOP = 5
MAX_LISTED = 10
HHMM = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True, slots=True)
class Window:
    """Questions asked over some days and how many got a confident answer."""

    days: int
    questions: int
    answered: int

    @property
    def rate(self) -> float | None:
        """The answered share (0-1), or None when nothing was asked."""
        return self.answered / self.questions if self.questions else None


@dataclass(frozen=True, slots=True)
class EntryCount:
    """How often an entry was given as an answer."""

    entry_id: str
    question: str
    count: int


@dataclass(frozen=True, slots=True)
class EntryFeedback:
    """The 👍 and 👎 an entry's answers received."""

    entry_id: str
    helpful: int
    unhelpful: int

    @property
    def ratio(self) -> float:
        """The helpful share (0-1)."""
        return self.helpful / (self.helpful + self.unhelpful)


@dataclass(frozen=True, slots=True)
class StaleEntry:
    """An entry not reviewed for too long (reviewed None: never)."""

    entry_id: str
    reviewed: dt.date | None
    days: int | None


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything the statistics screen, the CLI and the daily summary show."""

    generated_at: dt.datetime
    today: Window
    week: Window
    month: Window
    top_entries: tuple[EntryCount, ...]
    open_unanswered: int
    top_unanswered: tuple[Group, ...]
    feedback: tuple[EntryFeedback, ...]
    subscribers: int
    reports_today: int
    reports_week: int
    stale_after_days: int
    stale: tuple[StaleEntry, ...]


def collect_stats(
    db: Database | Store,
    holder: KnowledgeHolder,
    roles: Roles,
    admin_id: int | None,
    now: dt.datetime,
    stale_after_days: int,
    tz: dt.tzinfo,
) -> Stats:
    """Gather the figures (admins only; the CLI acts as roles.CLI_ACTOR)."""
    roles.require(admin_id, "stats.view", Role.ADMIN)
    db = db.db if isinstance(db, Store) else db
    local = now.astimezone(tz)
    return Stats(
        generated_at=local,
        today=window(db, local, 1),
        week=window(db, local, 7),
        month=window(db, local, 30),
        top_entries=top_entries(db, holder, local, 30),
        open_unanswered=db.table("unanswered").count_where("status = 'open'"),
        top_unanswered=tuple(group_unanswered(db, holder.matcher, limit=TOP)),
        feedback=feedback_per_entry(db),
        subscribers=active_subscribers(db),
        reports_today=reports_since(db, local, 1),
        reports_week=reports_since(db, local, 7),
        stale_after_days=stale_after_days,
        stale=stale_entries(holder, local.date(), stale_after_days),
    )


def day_start(local: dt.datetime, days: int) -> str:
    """Return the UTC start of the local day `days - 1` days ago, as SQLite's datetime()."""
    first = local.date() - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), local.tzinfo).astimezone(dt.UTC)
    return start.strftime("%Y-%m-%d %H:%M:%S")


def window(db: Database, local: dt.datetime, days: int) -> Window:
    """Count the questions of the last `days` local days and the confident answers."""
    asked, answered = db.execute(
        "select count(*), coalesce(sum(outcome = 'answer'), 0) from questions "
        "where datetime(asked_at) >= ?",
        [day_start(local, days)],
    ).fetchone()
    return Window(days, asked, answered)


def top_entries(
    db: Database, holder: KnowledgeHolder, local: dt.datetime, days: int
) -> tuple[EntryCount, ...]:
    """Return the entries most often given as answers in the last `days` days."""
    rows = db.execute(
        "select entry_id, count(*) as n from questions where outcome = 'answer' "
        "and datetime(asked_at) >= ? group by entry_id order by n desc, entry_id limit ?",
        [day_start(local, days), TOP],
    ).fetchall()
    return tuple(EntryCount(entry_id, title_of(holder, entry_id), n) for entry_id, n in rows)


def title_of(holder: KnowledgeHolder, entry_id: str) -> str:
    """Return an entry's first question, or '' if it left the knowledge base."""
    entry = holder.knowledge.entry(entry_id)
    return entry.questions[0] if entry else ""


def feedback_per_entry(db: Database) -> tuple[EntryFeedback, ...]:
    """Return 👍/👎 per answered entry, the most 👎 first."""
    rows = db.execute(
        "select q.entry_id, sum(f.helpful = 1), sum(f.helpful = 0) as bad from feedback f "
        "join questions q on q.id = f.question_id where q.entry_id is not null "
        "group by q.entry_id order by bad desc, q.entry_id"
    ).fetchall()
    return tuple(EntryFeedback(*row) for row in rows)


def active_subscribers(db: Database) -> int:
    """Count active subscribers (0 before the subscriptions table exists)."""
    if not db.table("subscribers").exists():
        return 0
    return db.table("subscribers").count_where("active = 1")


def reports_since(db: Database, local: dt.datetime, days: int) -> int:
    """Count current (not replaced) reports dated in the last `days` local days."""
    if not db.table("reports").exists():
        return 0
    first = (local.date() - dt.timedelta(days=days - 1)).isoformat()
    return db.table("reports").count_where("replaced_by is null and report_date >= ?", [first])


def stale_entries(
    holder: KnowledgeHolder, today: dt.date, stale_after_days: int
) -> tuple[StaleEntry, ...]:
    """Return entries never reviewed, or reviewed more than stale_after_days ago, oldest first."""
    stale = []
    for entry in holder.knowledge.entries:
        age = (today - entry.reviewed).days if entry.reviewed else None
        if age is None or age > stale_after_days:
            stale.append(StaleEntry(entry.id, entry.reviewed, age))
    return tuple(sorted(stale, key=lambda s: (s.reviewed is not None, s.reviewed, s.entry_id)))


def parse_hhmm(text: str) -> dt.time:
    """Parse 'HH:MM' (24-hour); raise ValueError otherwise."""
    match = HHMM.fullmatch(text.strip())
    if not match:
        raise ValueError(f"time must be HH:MM (24-hour), not {text!r}")
    return dt.time(int(match[1]), int(match[2]))


def next_daily_summary(now: dt.datetime, hhmm: str, tz: dt.tzinfo) -> dt.datetime:
    """Return the next moment (strictly after now) when the local clock in tz shows hhmm."""
    at, local = parse_hhmm(hhmm), now.astimezone(tz)
    candidate = dt.datetime.combine(local.date(), at, tz)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), at, tz)
    return candidate


def label(key: str, language: str, **values: object) -> str:
    """Return one of the statistics' labels (stats_<key> in bot/messages.py), filled in."""
    return sentence(f"stats_{key}", language, **values)


def percent(rate: float | None) -> str:
    """Return a rate as '67%', or '–' when there is nothing to divide."""
    return "–" if rate is None else f"{round(100 * rate)}%"


def render_stats_text(stats: Stats, language: str) -> str:
    """Render the figures as plain text (the Telegram side escapes it for HTML)."""
    sections = [
        [label("title", language, when=when(stats.generated_at, language))],
        window_lines(stats, language),
        entry_lines(stats, language),
        unanswered_lines(stats, language),
        feedback_lines(stats, language),
        [
            label("subscribers", language, count=stats.subscribers),
            label("reports", language, today=stats.reports_today, week=stats.reports_week),
        ],
        stale_lines(stats, language),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)


def when(moment: dt.datetime, language: str) -> str:
    """Return '22 November 2026 15:00 WIB'."""
    return f"{format_date(moment.date(), language)} {moment:%H:%M} {moment.tzname() or ''}".strip()


def window_lines(stats: Stats, language: str) -> list[str]:
    """Questions today / 7 days / 30 days with the answered rate."""
    names = label("periods", language).split("|")
    return [label("questions", language) + ":"] + [
        "  " + label("window", language, label=name, questions=w.questions, rate=percent(w.rate))
        for name, w in zip(names, (stats.today, stats.week, stats.month), strict=True)
    ]


def entry_lines(stats: Stats, language: str) -> list[str]:
    """The most given answers."""
    rows = [f"  {e.entry_id} — {e.count}×" for e in stats.top_entries]
    return [label("top_entries", language), *(rows or ["  " + label("none", language)])]


def unanswered_lines(stats: Stats, language: str) -> list[str]:
    """The open questions and their largest groups."""
    rows = [
        "  " + label("group", language, id=g.id, count=g.count, example=g.examples[0])
        for g in stats.top_unanswered
    ]
    return [label("unanswered", language, count=stats.open_unanswered), *rows]


def feedback_lines(stats: Stats, language: str) -> list[str]:
    """👍/👎 per entry, the most 👎 first."""
    rows = [
        f"  {f.entry_id}: {f.helpful}/{f.unhelpful} ({percent(f.ratio)} 👍)"
        for f in stats.feedback[:MAX_LISTED]
    ]
    return [
        label("feedback", language),
        *(rows or ["  " + label("none", language)]),
        *more(len(stats.feedback), language),
    ]


def stale_lines(stats: Stats, language: str) -> list[str]:
    """Entries due for review, never-reviewed and oldest first."""
    rows = [
        f"  {s.entry_id} — "
        + (
            label("reviewed", language, date=s.reviewed.isoformat(), days=s.days)
            if s.reviewed
            else label("never", language)
        )
        for s in stats.stale[:MAX_LISTED]
    ]
    title = label("stale", language, days=stats.stale_after_days, count=len(stats.stale))
    return [title, *rows, *more(len(stats.stale), language)]


def more(total: int, language: str) -> list[str]:
    """Say how many rows were left out of a list, if any."""
    return ["  " + label("more", language, count=total - MAX_LISTED)] if total > MAX_LISTED else []
