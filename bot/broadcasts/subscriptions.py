"""Subscriptions to announcements: everything in one step, then narrowed by region and topic.

A subscriber with no region and no topics receives every broadcast. A region narrows to a
province (and optionally one kabupaten/kota in it); topics narrow to broadcasts about those
topics. A broadcast without a topic (or without a region) reaches every subscriber its region
(or topic) matches: subscribers asked for all announcements unless they narrowed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.access.privacy import DELETED
from bot.access.roles import MAX_REGION_PART, Region, parse_region
from bot.clock import Clock
from bot.errors import NotFound, UserError
from bot.knowledge.base import TOPICS

EVERYONE_WORDS = ("semua", "all")


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a broadcast is for: None means no limit (all provinces, districts or topics)."""

    province: str | None = None
    district: str | None = None
    topic: str | None = None

    @property
    def everyone(self) -> bool:
        """True when the broadcast goes to every subscriber."""
        return self.province is None and self.topic is None

    def within(self, region: Region) -> bool:
        """Tell whether the audience lies inside an officer's region (province and district)."""
        if self.province is None or self.district is None:
            return False
        return region.contains(Region(self.province, self.district))


@dataclass(frozen=True, slots=True)
class Subscription:
    """One chat's subscription and its filters (None / empty: everything)."""

    chat_id: int
    active: bool
    province: str | None = None
    district: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WelcomeBack:
    """A chat that blocked the bot and came back; was it subscribed when it blocked?"""

    was_subscribed: bool


def parse_audience_region(text: str) -> tuple[str, str | None]:
    """Parse 'Province' or 'Province / Kabupaten or Kota' into (province, district)."""
    if "/" in text:
        region = parse_region(text)
        return region.province, region.district
    province = text.strip()
    if not province or len(province) > MAX_REGION_PART:
        parse_region(text)  # raises the polite error with an example
    return province, None


def check_topic(topic: str) -> str:
    """Return a known topic key or raise UserError listing them."""
    if topic not in TOPICS:
        raise UserError.from_catalogue("sub_topic_unknown", topics=", ".join(TOPICS))
    return topic


def audience_filter(audience: Audience) -> tuple[str, dict[str, Any]]:
    """Return the SQL condition (on subscribers) and parameters selecting an audience."""
    sql = (
        "active = 1"
        " and (:province is null or province is null or province = :province collate nocase)"
        " and (:district is null or district is null or district = :district collate nocase)"
        " and (:topic is null or topics = '' or instr(topics, ',' || :topic || ',') > 0)"
    )
    return sql, {
        "province": audience.province,
        "district": audience.district,
        "topic": audience.topic,
    }


def row_to_subscription(row: dict[str, Any]) -> Subscription:
    """Turn a subscribers row into a Subscription."""
    topics = tuple(topic for topic in (row["topics"] or "").split(",") if topic)
    return Subscription(
        row["chat_id"], bool(row["active"]), row["province"], row["district"], topics
    )


class Subscriptions:
    """The subscribers table: subscribe, narrow, unsubscribe, and track blocks."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def now(self) -> str:
        """Return the current time as stored."""
        return self.clock().isoformat()

    def subscription(self, chat_id: int) -> Subscription | None:
        """Return a chat's subscription (active or not), or None if it never subscribed."""
        rows = self.db.table("subscribers").rows_where("chat_id = ?", [chat_id], limit=1)
        row = next(iter(rows), None)
        return row_to_subscription(row) if row else None

    def subscribe(
        self, chat_id: int, user_id: int | None, language: str
    ) -> tuple[Subscription, bool]:
        """Subscribe a chat to every announcement; return it and whether it is new.

        An active subscription keeps its filters; a new or renewed one starts with none.
        """
        current = self.subscription(chat_id)
        if current and current.active:
            return current, False
        now = self.now()
        self.db.table("subscribers").upsert(
            {
                "chat_id": chat_id,
                "user_id": user_id,
                "language": language,
                "active": 1,
                "province": None,
                "district": None,
                "topics": "",
                "subscribed_at": now,
                "updated_at": now,
                "unsubscribed_at": None,
                "unsubscribed_reason": None,
            },
            pk="chat_id",
        )
        return self.active(chat_id), True

    def unsubscribe(self, chat_id: int, reason: str = "user") -> bool:
        """Stop a chat's subscription; return False if it was not subscribed."""
        cursor = self.db.execute(
            "update subscribers set active = 0, unsubscribed_at = ?, unsubscribed_reason = ?, "
            "updated_at = ? where chat_id = ? and active = 1",
            [self.now(), reason, self.now(), chat_id],
        )
        return cursor.rowcount > 0

    def active(self, chat_id: int) -> Subscription:
        """Return an active subscription or raise NotFound with a polite hint."""
        subscription = self.subscription(chat_id)
        if subscription is None or not subscription.active:
            raise NotFound.from_catalogue("sub_required")
        return subscription

    def set_region(
        self, chat_id: int, province: str | None, district: str | None = None
    ) -> Subscription:
        """Narrow a subscription to a province (and district); None means every region."""
        self.active(chat_id)
        self.update(chat_id, province=province, district=district if province else None)
        return self.active(chat_id)

    def set_region_text(self, chat_id: int, text: str) -> Subscription:
        """Narrow to a typed 'Province / Kabupaten' (or 'semua' for every region)."""
        if text.strip().casefold() in EVERYONE_WORDS:
            return self.set_region(chat_id, None)
        return self.set_region(chat_id, *parse_audience_region(text))

    def toggle_topic(self, chat_id: int, topic: str) -> Subscription:
        """Add a topic to the subscription's topics, or remove it if it is there."""
        topics = set(self.active(chat_id).topics) ^ {check_topic(topic)}
        self.update(chat_id, topics=f",{','.join(sorted(topics))}," if topics else "")
        return self.active(chat_id)

    def all_topics(self, chat_id: int) -> Subscription:
        """Remove the topic filter: every topic again."""
        self.active(chat_id)
        self.update(chat_id, topics="")
        return self.active(chat_id)

    def update(self, chat_id: int, **values: Any) -> None:
        """Change some columns of a subscriber row."""
        self.db.table("subscribers").update(chat_id, {**values, "updated_at": self.now()})

    def count(self, audience: Audience) -> int:
        """Count the active subscribers an audience reaches."""
        where, params = audience_filter(audience)
        return self.db.table("subscribers").count_where(where, params)

    def regions(self) -> list[Region]:
        """Return the regions that have an active officer, for the region buttons."""
        rows = self.db.execute(
            "select distinct province, district from officers where active = 1 "
            "order by province collate nocase, district collate nocase"
        ).fetchall()
        return [Region(province, district) for province, district in rows]

    def mark_blocked(self, chat_id: int) -> None:
        """Unsubscribe a chat that blocked the bot, and remember to welcome it back."""
        with self.db.atomic():
            was_subscribed = self.unsubscribe(chat_id, reason="blocked")
            rows = self.db.table("bot_blocks").rows_where(
                "chat_id = ? and welcomed_at is null", [chat_id], limit=1
            )
            earlier = next(iter(rows), None)
            self.db.table("bot_blocks").upsert(
                {
                    "chat_id": chat_id,
                    "blocked_at": self.now(),
                    "unblocked_at": None,
                    "was_subscribed": int(
                        was_subscribed or bool(earlier and earlier["was_subscribed"])
                    ),
                    "welcomed_at": None,
                },
                pk="chat_id",
            )

    def mark_unblocked(self, chat_id: int) -> None:
        """Remember that a chat unblocked the bot (it is welcomed back on /start)."""
        self.db.execute(
            "update bot_blocks set unblocked_at = ? where chat_id = ?", [self.now(), chat_id]
        )

    def welcome_back(self, chat_id: int) -> WelcomeBack | None:
        """Return (once) how to welcome back a chat that had blocked the bot, else None."""
        rows = self.db.table("bot_blocks").rows_where(
            "chat_id = ? and welcomed_at is null", [chat_id], limit=1
        )
        row = next(iter(rows), None)
        if row is None:
            return None
        self.db.table("bot_blocks").update(chat_id, {"welcomed_at": self.now()})
        return WelcomeBack(bool(row["was_subscribed"]))


def forget_user(db: Database, user_id: int) -> None:
    """Delete a user's subscription (their private chat's or one they made) and their chat's
    block record."""
    about = {"id": user_id}
    db.execute(f"delete from subscribers where {DELETED['subscribers']}", about)
    db.execute(f"delete from bot_blocks where {DELETED['bot_blocks']}", about)
