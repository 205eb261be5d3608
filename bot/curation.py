"""Curators' review of unanswered questions, and telling askers once an answer exists.

Open questions are grouped greedily, oldest first, so a group keeps its id (its smallest
unanswered id) while new questions arrive. Resolving a group marks its rows resolved and opens
one notification per asking user on the unanswered rows themselves (column notify_status):

    pending ──claim (committed)──▶ sending ──▶ sent | blocked | failed
       ▲                              │
       └───── release (flood wait) ───┘

Telegram has no idempotency key, so a row is committed as `sending` before its message goes
out; a row still `sending` when delivery starts was left by a crash and becomes `unknown`:
reported, never resent. Rows that get no message (the asker opted out, asked more than once,
was already told about that entry, or has no Telegram id) are `skipped`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Container, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.errors import NotFound
from bot.holder import KnowledgeHolder
from bot.knowledge import Entry
from bot.matching import Matcher
from bot.reports import reporting_zone
from bot.roles import Role, Roles
from bot.storage import Store
from bot.text import root_candidates

logger = logging.getLogger(__name__)

# IDF-weighted Dice overlap from which a question joins a group, chosen with the labelled set
# in tests/test_curation.py: different topics score 0.30 at most, and every order of the set
# groups exactly right from 0.32 to 0.42; 0.37 is the middle. A false merge would tell users
# an unrelated answer, so when in doubt questions stay apart (the admin sees two groups).
SIMILARITY_THRESHOLD = 0.37
# A group's first distinct phrasings that later questions are compared with.
MAX_COMPARED = 12
MAX_CACHED_QUESTIONS = 50_000
MIN_ROOT_LENGTH = 4
MAX_EXAMPLES = 3
MAX_PROPOSALS = 3
PER_PAGE = 5
MAX_QUESTION_PREVIEW = 200
FLOOD_ATTEMPTS = 5
RETRY_WAIT = 2.0
PENDING, SENDING, SENT, BLOCKED, FAILED, UNKNOWN, SKIPPED = (
    "pending", "sending", "sent", "blocked", "failed", "unknown", "skipped")
RETRY_AFTER, RETRY = "retry_after", "retry"
FINAL = (SENT, BLOCKED, FAILED, UNKNOWN)
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
NOTIFICATION = (
    "Pertanyaan Anda tanggal {date} («{question}») kini sudah ada jawabannya:\n\n{answer}",
    "Your question of {date} («{question}») now has an answer:\n\n{answer}",
)


@dataclass(frozen=True, slots=True)
class Proposal:
    """An entry the group's questions could become a phrasing of."""

    entry_id: str
    question: str
    score: float
    votes: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    """Similar open questions: id (smallest unanswered id), size, examples, proposals."""

    id: int
    count: int
    examples: tuple[str, ...]
    unanswered_ids: tuple[int, ...]
    proposals: tuple[Proposal, ...] = ()
    askers: int = 0
    feedback: int = 0


@dataclass(frozen=True, slots=True)
class Page:
    """One page of groups, largest first; `page` counts from 0."""

    groups: tuple[Group, ...]
    page: int
    pages: int
    total_groups: int
    total_questions: int

    @property
    def has_previous(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 0

    @property
    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page + 1 < self.pages


@dataclass(frozen=True, slots=True)
class Notification:
    """Telling one asker (in their private chat) that their question now has an answer."""

    unanswered_id: int
    chat_id: int
    language: str
    asked_on: dt.date
    question: str
    entry_id: str
    answer: str

    @property
    def text(self) -> str:
        """The plain-text message, in the asker's language (the caller escapes it for HTML)."""
        template = NOTIFICATION[1] if self.language == "en" else NOTIFICATION[0]
        date = format_date(self.asked_on, self.language)
        return template.format(date=date, question=self.question, answer=self.answer)


@dataclass(frozen=True, slots=True)
class SendResult:
    """What sending one notification did; statuses match bot.delivery.Outcome values."""

    status: str
    reason: str = ""
    wait: float = 0.0

    @classmethod
    def sent(cls) -> SendResult:
        """The message was delivered."""
        return cls(SENT)

    @classmethod
    def blocked(cls, reason: str = "") -> SendResult:
        """The user blocked the bot (Telegram's Forbidden)."""
        return cls(BLOCKED, reason)

    @classmethod
    def failed(cls, reason: str = "") -> SendResult:
        """Telegram refused the message for good (e.g. chat not found)."""
        return cls(FAILED, reason)

    @classmethod
    def flood_wait(cls, seconds: float) -> SendResult:
        """Telegram said 429: wait this long, then send again."""
        return cls(RETRY_AFTER, f"retry after {seconds:g} s", seconds)


Send = Callable[[Notification], Awaitable[SendResult]]
Sleep = Callable[[float], Awaitable[None]]


def format_date(day: dt.date, language: str) -> str:
    """Return '5 Mei 2026' (Indonesian) or '5 May 2026' (English)."""
    months = MONTHS_EN if language == "en" else MONTHS_ID
    return f"{day.day} {months[day.month - 1]} {day.year}"


def preview(question: str) -> str:
    """Shorten a long question for quoting."""
    if len(question) <= MAX_QUESTION_PREVIEW:
        return question
    return question[: MAX_QUESTION_PREVIEW - 1].rstrip() + "…"


def open_rows(db: Database) -> list[dict[str, Any]]:
    """Return every open unanswered row, oldest first."""
    return list(db.table("unanswered").rows_where("status = 'open'", order_by="id"))


def root_key(word: str, known: Container[str]) -> str:
    """Return a word the matcher knows as is, else its shortest root (dibayar → bayar)."""
    if word in known or word[0].isdigit():
        return word
    roots = [root for root in root_candidates(word) if len(root) >= MIN_ROOT_LENGTH]
    return min(roots, key=lambda root: (len(root), root), default=word)


class Grouper:
    """Greedy clustering: a row joins the group holding its most similar phrasing, if any.

    Similarity is the IDF-weighted Dice overlap of two questions' words (0-1), summed through
    an inverted index so a row is compared only with phrasings that share a word with it.
    """

    def __init__(
        self, matcher: Matcher, threshold: float = SIMILARITY_THRESHOLD,
        cache: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.matcher = matcher
        self.threshold = threshold
        self.groups: list[list[dict[str, Any]]] = []
        self.phrasings: list[list[frozenset[str]]] = []
        self.owners: list[int] = []  # phrasing number → group index
        self.totals: list[float] = []  # phrasing number → total weight of its words
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_text: dict[str, int] = {}
        self.cache = {} if cache is None else cache
        self.weights: dict[str, float] = {}

    def words(self, question: str) -> frozenset[str]:
        """Return the words that decide a question's group."""
        if question not in self.cache:
            words = self.matcher.query(question).words
            self.cache[question] = frozenset(root_key(w, self.matcher.idf) for w in words)
        return self.cache[question]

    def weight(self, word: str) -> float:
        """Return a word's IDF weight (unknown words weigh a lot: they name the topic)."""
        if word not in self.weights:
            self.weights[word] = self.matcher.idf.get(word, self.matcher.unknown_idf)
        return self.weights[word]

    def add(self, row: dict[str, Any]) -> None:
        """Put a row into the most similar group (identical text first), or start a new one."""
        words, text = self.words(row["question"]), row["normalized"] or row["question"]
        index = self.by_text.get(text)
        if index is None:
            index = self.best(words)
        if index is None:
            index = len(self.groups)
            self.groups.append([])
            self.phrasings.append([])
        self.remember(index, words)
        self.by_text.setdefault(text, index)
        self.groups[index].append(row)

    def remember(self, index: int, words: frozenset[str]) -> None:
        """Index a group's first distinct phrasings for comparing later rows with."""
        known = self.phrasings[index]
        if words and words not in known and len(known) < MAX_COMPARED:
            known.append(words)
            for word in words:
                self.by_word[word].append(len(self.owners))
            self.owners.append(index)
            self.totals.append(sum(map(self.weight, words)))

    def best(self, words: frozenset[str]) -> int | None:
        """Return the index of the most similar group at or above the threshold, or None."""
        shared: dict[int, float] = defaultdict(float)
        for word in words:
            for phrasing in self.by_word.get(word, ()):
                shared[phrasing] += self.weight(word)
        total = sum(map(self.weight, words))
        score, index = max(
            ((2 * weight / (total + self.totals[p]), -self.owners[p]) for p, weight in
             shared.items()), default=(0.0, 0))
        return -index if score >= self.threshold else None


def clusters(
    rows: list[dict[str, Any]], matcher: Matcher, cache: dict[str, frozenset[str]] | None = None
) -> list[list[dict[str, Any]]]:
    """Group rows (oldest first) by similarity; largest groups first, then oldest."""
    grouper = Grouper(matcher, cache=cache)
    for row in rows:
        grouper.add(row)
    return sorted(grouper.groups, key=lambda group: (-len(group), group[0]["id"]))


def group_unanswered(
    store_or_db: Store | Database, matcher: Matcher, limit: int | None = None
) -> list[Group]:
    """Return the open unanswered questions grouped by similarity, largest groups first."""
    db = store_or_db.db if isinstance(store_or_db, Store) else store_or_db
    return [build_group(rows, matcher) for rows in clusters(open_rows(db), matcher)[:limit]]


def build_group(rows: list[dict[str, Any]], matcher: Matcher) -> Group:
    """Describe one cluster of rows, with examples and the entries it could belong to."""
    frequent = Counter(row["normalized"] or row["question"] for row in rows).most_common()
    first: dict[str, str] = {}
    for row in rows:
        first.setdefault(row["normalized"] or row["question"], row["question"])
    examples = tuple(preview(first[text]) for text, _ in frequent[:MAX_EXAMPLES])
    return Group(
        id=rows[0]["id"], count=len(rows), examples=examples,
        unanswered_ids=tuple(row["id"] for row in rows),
        proposals=propose(rows, matcher, first[frequent[0][0]]),
        askers=len({row["user_id"] for row in rows if row["user_id"] is not None}),
        feedback=sum(row["reason"] == "feedback" for row in rows),
    )


def propose(rows: list[dict[str, Any]], matcher: Matcher, question: str) -> tuple[Proposal, ...]:
    """Return the nearest entries: ones users picked (most votes first), then the best ranked."""
    votes = Counter(row["picked_entry_id"] for row in rows if row["picked_entry_id"])
    ranked = {match.entry.id: match.score for match in matcher.rank(question, MAX_PROPOSALS)}
    proposals = []
    for entry_id in dict.fromkeys([*(e for e, _ in votes.most_common()), *ranked]):
        entry = matcher.knowledge.entry(entry_id)
        if entry is not None:
            score = ranked.get(entry_id, 0.0)
            proposals.append(Proposal(entry_id, entry.questions[0], score, votes[entry_id]))
    return tuple(proposals[:MAX_PROPOSALS])


class NotificationLedger:
    """The notify_status column of the unanswered table; every change commits at once."""

    def __init__(self, db: Database, clock: Callable[[], dt.datetime]) -> None:
        self.db = db
        self.clock = clock

    def mark_interrupted(self) -> int:
        """Turn rows left `sending` (by a crash) into `unknown`; return how many."""
        return self._update(UNKNOWN, "notify_status = ?", [SENDING])

    def next_pending(self) -> dict[str, Any] | None:
        """Return the oldest pending row (rows queued meanwhile included), or None."""
        rows = self.db.table("unanswered").rows_where(
            "notify_status = ?", [PENDING], order_by="id", limit=1)
        return next(iter(rows), None)

    def pending(self) -> list[dict[str, Any]]:
        """Return every pending row, oldest first."""
        return list(self.db.table("unanswered").rows_where(
            "notify_status = ?", [PENDING], order_by="id"))

    def claim(self, row_id: int) -> bool:
        """Mark a pending row `sending` and commit; False if it was not pending."""
        return self._update(SENDING, "id = ? and notify_status = ?", [row_id, PENDING]) == 1

    def release(self, row_id: int) -> None:
        """Put a claimed row back to pending: its message surely did not go out."""
        self._update(PENDING, "id = ? and notify_status = ?", [row_id, SENDING])

    def finish(self, row_id: int, status: str) -> None:
        """Record the final state of a claimed row."""
        self._update(status, "id = ? and notify_status = ?", [row_id, SENDING])

    def _update(self, status: str, where: str, params: list[Any]) -> int:
        cursor = self.db.execute(
            f"update unanswered set notify_status = ?, notified_at = ? where {where}",
            [status, self.clock().isoformat(), *params])
        return cursor.rowcount


class Curation:
    """Admins review open questions by group; resolved groups tell their askers."""

    def __init__(
        self, db: Database, roles: Roles, holder: KnowledgeHolder,
        clock: Callable[[], dt.datetime], tz: dt.tzinfo | None = None,
    ) -> None:
        self.db, self.roles, self.holder, self.clock = db, roles, holder, clock
        self.tz = tz or reporting_zone("Asia/Jakarta")
        self.ledger = NotificationLedger(db, clock)
        self.delivering = False
        self.cached_for: Matcher | None = None
        self.word_cache: dict[str, frozenset[str]] = {}

    def open_clusters(self) -> list[list[dict[str, Any]]]:
        """Cluster the open rows, reusing the words of questions seen with this matcher."""
        matcher = self.holder.matcher
        if matcher is not self.cached_for or len(self.word_cache) > MAX_CACHED_QUESTIONS:
            self.cached_for, self.word_cache = matcher, {}
        return clusters(open_rows(self.db), matcher, self.word_cache)

    def groups(self, admin_id: int | None, page: int = 0, per_page: int = PER_PAGE) -> Page:
        """Return one page of open-question groups, largest first (admins only)."""
        self.roles.require(admin_id, "unanswered.review", Role.ADMIN)
        found, per_page = self.open_clusters(), max(1, per_page)
        pages = max(1, math.ceil(len(found) / per_page))
        page = min(max(page, 0), pages - 1)
        shown = found[page * per_page : (page + 1) * per_page]
        matcher = self.holder.matcher
        return Page(tuple(build_group(rows, matcher) for rows in shown), page, pages,
                    len(found), sum(map(len, found)))

    def group(self, admin_id: int | None, group_id: int) -> Group:
        """Return one group with its proposals (admins only)."""
        self.roles.require(admin_id, "unanswered.review", Role.ADMIN)
        return build_group(self.rows_of(group_id), self.holder.matcher)

    def rows_of(
        self, group_id: int, unanswered_ids: Sequence[int] | None = None
    ) -> list[dict[str, Any]]:
        """Return the open rows of a group (or of the ids shown); NotFound once it was handled."""
        if unanswered_ids is None:
            found = (rows for rows in self.open_clusters() if rows[0]["id"] == group_id)
            rows = next(found, [])
        else:
            rows = self.open_rows_among(unanswered_ids) if group_id in unanswered_ids else []
        if not rows:
            raise NotFound("Kelompok pertanyaan itu sudah ditangani atau tidak ada lagi.",
                           "That group of questions has been handled already or no longer "
                           "exists.")
        return rows

    def open_rows_among(self, unanswered_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Return the rows with these ids that are still open, oldest first."""
        return list(self.db.table("unanswered").rows_where(
            "status = 'open' and id in (select value from json_each(?))",
            [json.dumps(list(unanswered_ids))], order_by="id"))

    def resolve_group(
        self, admin_id: int | None, group_id: int, entry_id: str,
        unanswered_ids: Sequence[int] | None = None,
    ) -> list[Notification]:
        """Mark a group answered by an entry; queue and return one notification per asker.

        Pass the group's unanswered_ids as shown to the admin when the knowledge base was
        reloaded in between (a new phrasing shifts word weights, so groups may regroup).
        """
        self.roles.require(admin_id, "unanswered.resolve", Role.ADMIN)
        entry = self.holder.knowledge.entry(entry_id)
        if entry is None:
            raise NotFound(f"Entri {entry_id!r} tidak ada.", f"There is no entry {entry_id!r}.")
        rows = self.rows_of(group_id, unanswered_ids)
        with self.db.atomic():
            told = self.recipients(rows, entry_id)
            self.close(rows, "resolved", entry_id)
            told_ids = {row["id"] for row in told}
            self.set_notify([row for row in rows if row["id"] not in told_ids], SKIPPED)
            self.set_notify(told, PENDING)
        return [self.notification(row, entry) for row in told]

    def dismiss_group(self, admin_id: int | None, group_id: int) -> Group:
        """Dismiss a group as out of scope; nobody is told (admins only)."""
        self.roles.require(admin_id, "unanswered.dismiss", Role.ADMIN)
        rows = self.rows_of(group_id)
        group = build_group(rows, self.holder.matcher)
        self.close(rows, "dismissed", None)
        return group

    def close(self, rows: list[dict[str, Any]], status: str, entry_id: str | None) -> None:
        """Set the status of still-open rows, with the time and the resolving entry."""
        self.db.execute(
            "update unanswered set status = ?, resolved_at = ?, resolved_entry_id = ? "
            "where status = 'open' and id in (select value from json_each(?))",
            [status, self.clock().isoformat(), entry_id, ids_json(rows)])

    def set_notify(self, rows: list[dict[str, Any]], status: str) -> None:
        """Set the notification state of rows."""
        self.db.execute(
            "update unanswered set notify_status = ? where id in (select value from json_each(?))",
            [status, ids_json(rows)])

    def recipients(self, rows: list[dict[str, Any]], entry_id: str) -> list[dict[str, Any]]:
        """Return each asker's first row, for askers who want to be told and were not yet."""
        chosen: dict[int, dict[str, Any]] = {}
        for row in rows:
            user_id = row["user_id"]
            if user_id is None or user_id in chosen:
                continue
            if self.wants_notifications(user_id) and not self.told(user_id, entry_id):
                chosen[user_id] = row
        return list(chosen.values())

    def told(self, user_id: int, entry_id: str) -> bool:
        """Tell whether a user already has a notification about this entry."""
        return bool(self.db.table("unanswered").count_where(
            "user_id = ? and resolved_entry_id = ? and notify_status in (?, ?, ?)",
            [user_id, entry_id, PENDING, SENDING, SENT]))

    def wants_notifications(self, user_id: int) -> bool:
        """Tell whether a user wants answers to their old questions (the default: yes)."""
        row = self.user(user_id)
        return not row or row.get("answer_notifications") != 0

    def set_answer_notifications(self, user_id: int, enabled: bool) -> None:
        """Turn a user's 'your question now has an answer' messages on or off."""
        self.db.table("users").upsert(
            {"user_id": user_id, "answer_notifications": int(enabled)}, pk="user_id")

    def user(self, user_id: int) -> dict[str, Any] | None:
        """Return a user's settings row, or None."""
        return next(iter(self.db.table("users").rows_where("user_id = ?", [user_id])), None)

    def notification(self, row: dict[str, Any], entry: Entry) -> Notification:
        """Build the message for one asker, in their chosen language (else the question's)."""
        user = self.user(row["user_id"]) or {}
        language = user.get("language") or row["language"] or "id"
        asked_on = dt.datetime.fromisoformat(row["asked_at"]).astimezone(self.tz).date()
        return Notification(row["id"], row["user_id"], language, asked_on,
                            preview(row["question"]), entry.id, entry.answer_in(language))

    def notification_for(self, row: dict[str, Any]) -> Notification | None:
        """Build a pending row's message; None when its entry left the knowledge base."""
        entry = self.holder.knowledge.entry(row["resolved_entry_id"] or "")
        return self.notification(row, entry) if entry else None

    def pending_notifications(self) -> list[Notification]:
        """Return the notifications still to send (e.g. to resume after a restart)."""
        found = (self.notification_for(row) for row in self.ledger.pending())
        return [notification for notification in found if notification]

    async def deliver_notifications(
        self, send: Send, sleep: Sleep, per_second: float = 1.0
    ) -> dict[str, int]:
        """Send every pending notification once, paced; return how many ended in each state."""
        if self.delivering:  # the running worker picks up newly queued rows too
            return {}
        self.delivering = True
        try:
            interrupted = self.ledger.mark_interrupted()
            if interrupted:
                logger.warning("%d answer notifications were interrupted by a crash; "
                               "marked unknown, not resent", interrupted)
            return await self.deliver_pending(send, sleep, per_second)
        finally:
            self.delivering = False

    async def deliver_pending(self, send: Send, sleep: Sleep, per_second: float) -> dict[str, int]:
        """Send pending rows oldest first, one at a time, until none is left."""
        counts: Counter[str] = Counter()
        while (row := self.ledger.next_pending()) is not None:
            status = await self.deliver_one(row, send, sleep)
            if status:
                counts[status] += 1
            if per_second > 0:
                await sleep(1 / per_second)
        return dict(counts)

    async def deliver_one(self, row: dict[str, Any], send: Send, sleep: Sleep) -> str | None:
        """Claim, send and record one row; retry after flood waits; None if it was taken."""
        notification = self.notification_for(row)
        for attempt in range(1, FLOOD_ATTEMPTS + 1):
            if not self.ledger.claim(row["id"]):
                return None
            result = await try_to_send(send, notification)
            retry = result.status in (RETRY_AFTER, RETRY)
            if not retry or attempt == FLOOD_ATTEMPTS:
                status = result.status if result.status in FINAL else FAILED
                self.ledger.finish(row["id"], status)
                if status != SENT:
                    logger.info("Answer notification %s: %s %s", row["id"], status, result.reason)
                return status
            self.ledger.release(row["id"])
            await sleep(result.wait or RETRY_WAIT)
        return None


async def try_to_send(send: Send, notification: Notification | None) -> SendResult:
    """Call send; a removed entry fails, and a surprise is `unknown` (it may have gone out)."""
    if notification is None:
        return SendResult.failed("entry removed from the knowledge base")
    try:
        return await send(notification)
    except Exception as error:
        logger.exception("Sending answer notification %s failed", notification.unanswered_id)
        return SendResult(UNKNOWN, f"{type(error).__name__}: {error}")


def ids_json(rows: list[dict[str, Any]]) -> str:
    """Return the rows' ids as a JSON list (for `in (select value from json_each(?))`)."""
    return json.dumps([row["id"] for row in rows])
