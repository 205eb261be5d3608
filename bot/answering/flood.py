"""Flood control: a per-user sliding window of questions per minute."""

from __future__ import annotations

from collections import defaultdict, deque
from enum import Enum

WINDOW_SECONDS = 60.0


class Verdict(Enum):
    """What to do with one incoming question."""

    ALLOW = "allow"
    NOTIFY = "notify"  # the first question over the limit: tell the user once
    DROP = "drop"  # further questions over the limit: ignore quietly


class FloodGuard:
    """Allows each user `limit` questions per minute; other users are unaffected."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.times: dict[int, deque[float]] = defaultdict(deque)
        self.notified: set[int] = set()

    def check(self, user_id: int, now: float) -> Verdict:
        """Count a question from a user at time `now` (seconds) and say what to do."""
        if self.limit <= 0:
            return Verdict.ALLOW
        times = self.times[user_id]
        while times and now - times[0] >= WINDOW_SECONDS:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self.notified.discard(user_id)
            return Verdict.ALLOW
        if user_id in self.notified:
            return Verdict.DROP
        self.notified.add(user_id)
        return Verdict.NOTIFY
