"""The two kinds of time, named apart.

A `Clock` tells the wall-clock time as an aware datetime in UTC: when something happened, which
day a report belongs to (after conversion to the configured zone). A `Monotonic` counts seconds
that never jump back: how long to wait, how fast to send. The wall clock is injected everywhere
so tests fix "now"; the zone comes from the one time-zone setting (`reports.timezone`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], dt.datetime]
Monotonic = Callable[[], float]

# Jakarta has kept UTC+7 without daylight saving since 1964, so it stands in when the system has
# no time-zone database.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def utc_now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


def zone_named(name: str) -> dt.tzinfo:
    """Return the named time zone, or UTC+7 when this system's tz database lacks it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return WIB
