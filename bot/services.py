"""Build the domain objects once, from the config, and hand them to every front end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.access.roles import Roles
from bot.answering.answerer import Answerer
from bot.broadcasts.announcements import Broadcasts
from bot.broadcasts.subscriptions import Subscriptions
from bot.clock import Clock, utc_now, zone_named
from bot.config import Config
from bot.curation.answer_gaps import AnswerGaps
from bot.curation.changes import AnswerChanges
from bot.curation.unanswered import Curation
from bot.editing.editor import KnowledgeEditor
from bot.knowledge.base import bundled_knowledge_dir
from bot.knowledge.current import KnowledgeHolder
from bot.outbox.sending import SharedSlots
from bot.reports.filing import Reports
from bot.storage.store import Store, open_database


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a front end (Telegram, terminal) needs."""

    config: Config
    store: Store
    holder: KnowledgeHolder
    answerer: Answerer
    roles: Roles
    reports: Reports
    subscriptions: Subscriptions
    broadcasts: Broadcasts
    editor: KnowledgeEditor
    curation: Curation
    gaps: AnswerGaps  # use cases that edit the knowledge base and resolve a group together
    changes: AnswerChanges  # "what changed" notices when an entry's answer changes
    clock: Clock  # the wall clock (aware UTC) every part of the domain reads
    zone: dt.tzinfo  # the one configured time zone (reports.timezone): dates and days


def knowledge_dir(config: Config) -> str:
    """Return the configured knowledge folder, or the bundled one."""
    path = config.knowledge.path
    return str(config.resolve(path)) if path else str(bundled_knowledge_dir())


def build_services(
    config: Config, clock: Clock = utc_now, holder: KnowledgeHolder | None = None
) -> Services:
    """Open storage, load the knowledge base (unless one is handed in) and wire the answerer."""
    storage_path = config.storage.path
    db_path = storage_path if storage_path == ":memory:" else config.resolve(storage_path)
    store = Store(open_database(db_path))
    holder = holder or KnowledgeHolder(knowledge_dir(config))
    answerer = Answerer(holder, store, config.matching, clock)
    zone = zone_named(config.reports.timezone)
    roles = Roles(store.db, config.roles, clock)
    reports = Reports(store.db, roles, config.reports, clock, zone)
    subscriptions = Subscriptions(store.db, clock)
    # Every outbox run takes the bot's send slots too: at most the broadcast pace in all.
    slots = SharedSlots(config.broadcasts.messages_per_second)
    broadcasts = Broadcasts(store.db, roles, subscriptions, config.broadcasts, clock, slots, zone)
    notice_days = config.curation.changed_notice_days
    changes = AnswerChanges(
        store.db,
        holder,
        roles,
        clock,
        notice_days,
        slots,
        subscriptions.mark_blocked,
        quiet=broadcasts.quiet_now,
        quiet_check=config.broadcasts.schedule_check_seconds,
    )
    changes.detect()  # an answer edited while no process was running is a change too
    editor = KnowledgeEditor(holder, roles, store.db, clock, zone, changes.detect)
    curation = Curation(store.db, roles, holder, clock, zone, slots, subscriptions.mark_blocked)
    return Services(
        config,
        store,
        holder,
        answerer,
        roles,
        reports,
        subscriptions,
        broadcasts,
        editor,
        curation,
        AnswerGaps(editor, curation),
        changes,
        clock,
        zone,
    )
