"""When a broadcast goes out: times typed in words, weekly repeats, and quiet hours.

A time is typed the way an officer would say it, in Indonesian or English, and read in the
configured zone (normally WIB): "besok 09:00", "Senin depan jam 2 siang", "15 Jan 2027 pukul
10.00", "setiap Jumat 09:00 sampai 31 Maret 2027". Reading happens in two steps: `_read` takes
the words apart without knowing the date (so the one-line form can tell where the time ends),
then `parse_when` turns the parts into a moment after the injected `now`. Wall times are built
on naive local datetimes with .replace(tzinfo=zone) and converted to UTC, so a zone with
daylight saving gives the right wall time on each date.

Pure domain: no Telegram, no database, never the machine's clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import partial

from bot.errors import UserError
from bot.messages import format_date, sentence, weekday_name

AHEAD_LIMIT = dt.timedelta(days=366)
WEEK = dt.timedelta(days=7)

WEEKDAY_WORDS = {
    **dict.fromkeys(("senin", "sen", "monday", "mon"), 0),
    **dict.fromkeys(("selasa", "sel", "tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("rabu", "rab", "wednesday", "wed"), 2),
    **dict.fromkeys(("kamis", "kam", "thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("jumat", "jum", "friday", "fri"), 4),
    **dict.fromkeys(("sabtu", "sab", "saturday", "sat"), 5),
    **dict.fromkeys(("minggu", "min", "ahad", "sunday", "sun"), 6),
}
MONTH_WORDS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
# Days counted from today, and the part of the day a word implies ("tonight": the evening).
RELATIVE_DAYS: dict[str, tuple[int, str | None]] = {
    **dict.fromkeys(("hari ini", "hr ini", "today", "nanti"), (0, None)),
    "tonight": (0, "evening"),
    **dict.fromkeys(("besok", "besuk", "bsk", "esok", "tomorrow", "tmrw", "tmr"), (1, None)),
    **dict.fromkeys(("lusa", "day after tomorrow"), (2, None)),
}
DAY_PARTS = {
    **dict.fromkeys(("pagi", "subuh", "morning"), "morning"),
    "siang": "midday",
    **dict.fromkeys(("sore", "afternoon"), "afternoon"),
    **dict.fromkeys(("malam", "evening", "night"), "evening"),
}
# The hours a part of the day moves into the afternoon: "jam 2 siang" is 14, "jam 7 malam" 19.
AFTERNOON_HOURS = {"midday": range(1, 5), "afternoon": range(1, 8), "evening": range(6, 12)}
ZONE_WORDS = ("wib", "wita", "wit", "utc", "gmt")
NEXT_WEEK_WORDS = ("depan", "dpn", "next", "berikutnya")
# Words that carry no meaning of their own once the parts around them are read.
FILLERS = {
    *("hari", "pada", "tanggal", "tgl", "jam", "pukul", "pkl", "ini", "tepat"),
    *("on", "at", "the", "of", "in", "this", "coming"),
}
VOCABULARY = sorted(
    {
        *WEEKDAY_WORDS,
        *MONTH_WORDS,
        *(word for phrase in RELATIVE_DAYS for word in phrase.split()),
        *DAY_PARTS,
        *NEXT_WEEK_WORDS,
        *("setiap", "every", "sampai", "hingga", "until", "pukul", "tanggal"),
    }
)

WEEKLY = re.compile(r"\b(?:setiap|tiap|every|each|weekly|mingguan)\b")
UNTIL = re.compile(
    r"(?:^|\s)(?:sampai(?:\s+dengan)?|hingga|s\.d\.?|s/d|sd|until|till|through)(?=\s|$)(.*)$"
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b")
DAY_SLASH_MONTH = re.compile(r"\b(\d{1,2})/(\d{1,2})\b(?!/)")  # 4/12: day first, as in Indonesia
_MONTHS = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s*({_MONTHS})\b\.?(?:\s+(\d{{4}})\b)?")
MONTH_DAY = re.compile(
    rf"\b({_MONTHS})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)(?:\s+(\d{{4}})\b)?"
)
CLOCKS = (
    re.compile(r"(?:\b(?:jam|pukul|pkl|at)\s*)?\b(\d{1,2})[:.](\d{2})\b(?:\s*(am|pm)\b)?"),
    re.compile(r"\b(?:jam|pukul|pkl|at)\s*(\d{1,2})()\b(?![:.]\d)(?:\s*(am|pm)\b)?"),
    re.compile(r"\b(\d{1,2})()\s*(am|pm)\b"),
    re.compile(r"\b(\d{1,2})()(?=\s*(?:pagi|subuh|siang|sore|malam)\b)()"),  # 7 pagi
)
_WEEKDAYS = "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True))
WEEKDAY = re.compile(
    rf"\b(?:(next|this|coming)\s+)?(?:hari\s+)?({_WEEKDAYS})\b(?:\s+(depan|dpn|ini|berikutnya)\b)?"
)
RELATIVE = re.compile(rf"\b({'|'.join(sorted(RELATIVE_DAYS, key=len, reverse=True))})\b")
DAY_PART = re.compile(rf"\b({'|'.join(DAY_PARTS)})\b")
ZONE = re.compile(rf"\b({'|'.join(ZONE_WORDS)})\b")


@dataclass(frozen=True, slots=True)
class When:
    """When a broadcast goes out: once at `first`, or weekly from `first` until a day."""

    first: dt.datetime  # aware UTC: the first (or only) time it goes out
    weekly: bool = False  # repeats every 7 days at the same wall time in the zone
    until: dt.date | None = None  # weekly only: last day (in the zone, inclusive) it may fire


@dataclass(frozen=True, slots=True)
class _Date:
    """A calendar date as typed: the year may be left out; `written` is shown in errors."""

    year: int | None
    month: int
    day: int
    written: str


@dataclass(slots=True)
class _Reading:
    """The parts of a typed time, before they are placed after `now`."""

    weekly: bool = False
    date: _Date | None = None
    days_ahead: int | None = None  # hari ini 0, besok 1, lusa 2
    weekday: int | None = None  # Monday 0
    next_week: bool = False
    hour: int | None = None
    minute: int = 0
    written_clock: str = ""
    am_pm: str | None = None
    day_part: str | None = None
    zone_word: str | None = None
    until: _Date | None = None


_YearMonthDay = tuple[int | None, int, int]


class _Unreadable(Exception):
    """The text is not a time expression."""


class _UnreadableUntil(_Unreadable):
    """What follows 'sampai' / 'until' is not one date."""


# ---------------------------------------------------------------------------------------------
# Reading the words


def _normalise(text: str) -> str:
    """Lower-case, one space between words, dashes and the a.m./pkl. spellings made plain."""
    text = text.casefold().replace("–", "-").replace("—", "-")
    text = re.sub(r"[’'`]", "", text)
    text = re.sub(r"\b([ap])\.m\.?", r"\1m", text)
    text = re.sub(r"\bpkl\.", "pkl", text)
    text = re.sub(r"[,;!?]", " ", text)
    return " ".join(_corrected(word) for word in text.split())


def _corrected(word: str) -> str:
    """Return a known word for a near miss ('selsa' -> 'selasa'); other words unchanged."""
    if len(word) < 5 or not word.isalpha() or word in VOCABULARY:
        return word
    close = get_close_matches(word, VOCABULARY, n=1, cutoff=0.8)
    return close[0] if close else word


def _read(text: str) -> _Reading:
    """Take a typed time apart; raise _Unreadable when words are left that mean nothing."""
    rest = _normalise(text)
    reading = _Reading()
    rest = _take_until(rest, reading)
    rest, reading.weekly = _take_flag(WEEKLY, rest)
    rest, reading.date = _take_date(rest)
    rest = _take_clock(rest, reading)
    rest = _take_weekday(rest, reading)
    rest = _take_relative(rest, reading)
    rest = _take_day_part(rest, reading)
    rest = _take_zone(rest, reading)
    leftover = [word for word in (w.strip(".") for w in rest.split()) if word]
    two_days = reading.date is not None and reading.days_ahead is not None
    if any(word not in FILLERS for word in leftover) or two_days or not _says_something(reading):
        raise _Unreadable(text)
    return reading


def _says_something(reading: _Reading) -> bool:
    """Tell whether a reading names a day, a date, a time or a repeat (not fillers alone)."""
    parts = (reading.date, reading.days_ahead, reading.weekday, reading.hour, reading.until)
    return reading.weekly or any(part is not None for part in parts)


def _one_match(pattern: re.Pattern[str], rest: str) -> tuple[str, re.Match[str] | None]:
    """Remove the pattern's one match from the text; two matches are unreadable."""
    matches = list(pattern.finditer(rest))
    if len(matches) > 1:
        raise _Unreadable(rest)
    if not matches:
        return rest, None
    found = matches[0]
    return f"{rest[: found.start()]} {rest[found.end() :]}", found


def _take_flag(pattern: re.Pattern[str], rest: str) -> tuple[str, bool]:
    rest, found = _one_match(pattern, rest)
    return rest, found is not None


def _take_until(rest: str, reading: _Reading) -> str:
    """Remove 'sampai <date>' from the end; what follows the word must be one date alone."""
    found = UNTIL.search(rest)
    if not found:
        return rest
    written = found.group(0).strip()
    try:
        leftover, reading.until = _take_date(found.group(1))
    except _Unreadable:
        raise _UnreadableUntil(written) from None
    if reading.until is None or leftover.strip(" ."):
        raise _UnreadableUntil(written)
    return rest[: found.start()]


def _take_date(rest: str) -> tuple[str, _Date | None]:
    """Remove the one calendar date (ISO, day/month/year, or with the month's name)."""
    dates = []
    for pattern, year_month_day in DATE_FORMS:
        rest, found = _one_match(pattern, rest)
        if found:
            dates.append(_Date(*year_month_day(found), written=found.group(0).strip()))
    if len(dates) > 1:
        raise _Unreadable(rest)
    return rest, dates[0] if dates else None


def _full_year(digits: str) -> int:
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _year_or_none(digits: str | None) -> int | None:
    return int(digits) if digits else None


DATE_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _YearMonthDay]], ...] = (
    (ISO_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    (NUMERIC_DATE, lambda m: (_full_year(m[4]), int(m[3]), int(m[1]))),
    (DAY_SLASH_MONTH, lambda m: (None, int(m[2]), int(m[1]))),
    (DAY_MONTH, lambda m: (_year_or_none(m[3]), MONTH_WORDS[m[2]], int(m[1]))),
    (MONTH_DAY, lambda m: (_year_or_none(m[3]), MONTH_WORDS[m[1]], int(m[2]))),
)


def _take_clock(rest: str, reading: _Reading) -> str:
    """Remove the one time of day: 09:00, 9.30, jam 9, pukul 15.30, 9am, 2 pm."""
    for pattern in CLOCKS:
        rest, found = _one_match(pattern, rest)
        if found and reading.hour is not None:
            raise _Unreadable(rest)
        if found:
            reading.hour, reading.minute = int(found[1]), int(found[2] or 0)
            reading.am_pm, reading.written_clock = found[3], _without_keyword(found[0])
    return rest


def _without_keyword(clock: str) -> str:
    """Return '13 pm' for 'jam 13 pm': the time as an error quotes it."""
    return re.sub(r"^(?:jam|pukul|pkl|at)\s*", "", clock.strip())


def _take_weekday(rest: str, reading: _Reading) -> str:
    rest, found = _one_match(WEEKDAY, rest)
    if found:
        reading.weekday = WEEKDAY_WORDS[found[2]]
        reading.next_week = found[1] == "next" or found[3] in NEXT_WEEK_WORDS
    return rest


def _take_relative(rest: str, reading: _Reading) -> str:
    rest, found = _one_match(RELATIVE, rest)
    if found:
        reading.days_ahead, reading.day_part = RELATIVE_DAYS[found[1]]
    return rest


def _take_day_part(rest: str, reading: _Reading) -> str:
    rest, found = _one_match(DAY_PART, rest)
    if found:
        reading.day_part = DAY_PARTS[found[1]]
    return rest


def _take_zone(rest: str, reading: _Reading) -> str:
    rest, found = _one_match(ZONE, rest)
    if found:
        reading.zone_word = found[1]
    return rest


def is_time_expression(text: str) -> bool:
    """Tell whether the text reads as a time, without placing it on a date (no `now` needed)."""
    try:
        _read(text)
    except _Unreadable:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Placing a reading after `now`


def parse_when(text: str, now: dt.datetime, zone: dt.tzinfo) -> When:
    """Read a typed time ('besok 09:00', 'setiap Jumat 09:00 sampai 31 Maret 2027') after now.

    Raise UserError (from the catalogue, in both languages) naming what to fix.
    """
    try:
        reading = _read(text)
    except _UnreadableUntil as error:
        raise _error("when_until_unreadable", text=str(error)) from None
    except _Unreadable:
        raise _error("when_unreadable", text=text.strip()) from None
    _check_zone(reading, now, zone)
    clock = _clock(reading)
    if reading.weekly:
        return _weekly(reading, clock, now, zone)
    if reading.until is not None:
        raise _error("when_until_not_weekly")
    first = _at(_once_day(reading, clock, now, zone), clock, zone)
    _check_ahead(first, now, zone)
    return When(first)


def _check_zone(reading: _Reading, now: dt.datetime, zone: dt.tzinfo) -> None:
    """A zone written in the text must be the configured one: times are never converted."""
    label = now.astimezone(zone).tzname() or ""
    if reading.zone_word and reading.zone_word != label.casefold():
        raise _error("when_other_zone", zone=label, written=reading.zone_word.upper())


def _clock(reading: _Reading) -> dt.time:
    """Return the time of day, with 'pm' and 'siang/sore/malam' applied; require an hour."""
    if reading.hour is None:
        raise _error("when_no_hour")
    hour = reading.hour
    if reading.am_pm:
        if not 1 <= hour <= 12:
            raise _error("when_bad_time", clock=reading.written_clock)
        hour = hour % 12 + (12 if reading.am_pm == "pm" else 0)
    elif reading.day_part in AFTERNOON_HOURS and hour in AFTERNOON_HOURS[reading.day_part]:
        hour += 12
    elif reading.day_part == "evening" and hour == 12:
        # "jam 12 malam" ends one day and starts the next: which one is meant cannot be told
        raise _error("when_midnight")
    if hour > 23 or reading.minute > 59:
        raise _error("when_bad_time", clock=reading.written_clock)
    return dt.time(hour, reading.minute)


def _at(day: dt.date, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """Return the aware UTC moment of a wall time on a day in the zone."""
    return dt.datetime.combine(day, clock).replace(tzinfo=zone).astimezone(dt.UTC)


def _once_day(reading: _Reading, clock: dt.time, now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """Return the day a single send goes out; a time already past is an error."""
    today = now.astimezone(zone).date()
    if reading.date is not None:
        day = _calendar_day(reading.date, today)
    elif reading.days_ahead is not None:
        day = today + dt.timedelta(days=reading.days_ahead)
    elif reading.weekday is not None:
        return _weekday_day(reading.weekday, reading.next_week, clock, now, zone)
    else:  # a time alone: the next time the clock shows it
        day = today if _at(today, clock, zone) > now else today + dt.timedelta(days=1)
    _check_weekday(reading, day)
    if _at(day, clock, zone) <= now:
        raise _error("when_past", moment=partial(describe_time, _at(day, clock, zone), zone))
    return day


def _calendar_day(date: _Date, today: dt.date) -> dt.date:
    """Return a typed date; without a year, the next such date from today on."""
    year = date.year
    if year is None:
        year = today.year if (date.month, date.day) >= (today.month, today.day) else today.year + 1
    try:
        return dt.date(year, date.month, date.day)
    except ValueError:
        raise _error("when_bad_date", date=date.written) from None


def _weekday_day(
    weekday: int, next_week: bool, clock: dt.time, now: dt.datetime, zone: dt.tzinfo
) -> dt.date:
    """Return the day a weekday names: the next one still ahead, or the one in next week.

    'Senin depan' / 'next Monday' is the Monday of the next calendar week (weeks start on
    Monday); a plain 'Senin' is the next Monday whose time is still ahead, today included.
    """
    today = now.astimezone(zone).date()
    if next_week:
        return today - dt.timedelta(days=today.weekday()) + WEEK + dt.timedelta(days=weekday)
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return day if _at(day, clock, zone) > now else day + WEEK


def _check_weekday(reading: _Reading, day: dt.date) -> None:
    """A weekday written beside a date must be that date's ('Senin, 30 November 2026')."""
    if reading.weekday is not None and reading.weekday != day.weekday():
        written = day + dt.timedelta(days=reading.weekday - day.weekday())
        raise _error(
            "when_day_mismatch",
            date=partial(format_date, day),
            actual=partial(weekday_name, day),
            written=partial(weekday_name, written),
        )


def _weekly(reading: _Reading, clock: dt.time, now: dt.datetime, zone: dt.tzinfo) -> When:
    """Return a weekly When: the first such weekday and time after now, and its end day."""
    if reading.weekday is None or reading.date is not None or reading.days_ahead is not None:
        raise _error("when_weekly_needs_day")
    first = _at(_weekday_day(reading.weekday, reading.next_week, clock, now, zone), clock, zone)
    _check_ahead(first, now, zone)
    until = None if reading.until is None else _until(reading.until, first, now, zone)
    return When(first, weekly=True, until=until)


def _until(date: _Date, first: dt.datetime, now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """Return the last day a weekly broadcast may go out; it may not come before the first."""
    until = _calendar_day(date, now.astimezone(zone).date())
    if until < first.astimezone(zone).date():
        raise _error(
            "when_until_before_first",
            until=partial(format_date, until),
            first=partial(describe_time, first, zone),
        )
    return until


def _check_ahead(first: dt.datetime, now: dt.datetime, zone: dt.tzinfo) -> None:
    if first - now > AHEAD_LIMIT:
        raise _error(
            "when_too_far",
            moment=partial(describe_time, first, zone),
            limit=partial(format_date, (now + AHEAD_LIMIT).astimezone(zone).date()),
        )


def _error(key: str, /, **values: object) -> UserError:
    """Build a catalogue error whose dates, times and day names read in each language.

    A value may be a function of the language (a partial of describe_time or format_date).
    """

    def filled(language: str) -> str:
        shown = {name: _in(value, language) for name, value in values.items()}
        return sentence(key, language, **shown)

    return UserError(filled("id"), filled("en"))


def _in(value: object, language: str) -> object:
    return value(language) if callable(value) else value


# ---------------------------------------------------------------------------------------------
# Repeats


def next_occurrence(when: When, after: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    """Return the first time the broadcast goes out strictly after `after`, or None.

    Once: `when.first` if it is still after `after`, else None. Weekly: the same weekday and
    wall time in the zone as `first`, never before `first`, None past `until` (inclusive).
    """
    if when.first > after:
        candidate = when.first
    elif not when.weekly:
        return None
    else:
        candidate = _next_weekly(when.first, after, zone)
    if when.until is not None and candidate.astimezone(zone).date() > when.until:
        return None
    return candidate


def _next_weekly(first: dt.datetime, after: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    local_first = first.astimezone(zone)
    clock = local_first.time()
    start = after.astimezone(zone).date()
    day = start + dt.timedelta(days=(local_first.weekday() - start.weekday()) % 7)
    candidate = _at(day, clock, zone)
    return candidate if candidate > after else _at(day + WEEK, clock, zone)


# ---------------------------------------------------------------------------------------------
# Showing a time back


def describe_time(moment: dt.datetime, zone: dt.tzinfo, language: str) -> str:
    """Return 'Senin, 7 Desember 2026 pukul 08.30 WIB' / 'Monday, 7 December 2026 at 08:30 WIB'."""
    local = moment.astimezone(zone)
    return sentence(
        "when_moment",
        language,
        day=describe_day(local.date(), language),
        clock=describe_clock(local.time(), language),
        zone=local.tzname() or "",
    ).strip()


def describe_day(day: dt.date, language: str) -> str:
    """Return 'Jumat, 4 Desember 2026' / 'Friday, 4 December 2026'."""
    return f"{weekday_name(day, language)}, {format_date(day, language)}"


def describe_clock(clock: dt.time, language: str) -> str:
    """Return '08.30' (Indonesian) or '08:30' (English)."""
    return sentence("when_clock", language, hour=clock.hour, minute=clock.minute)


def describe_when(when: When, zone: dt.tzinfo, language: str) -> str:
    """Return the full date of a single send, or 'setiap Jumat pukul 09.00 WIB, mulai …'."""
    if not when.weekly:
        return describe_time(when.first, zone, language)
    local = when.first.astimezone(zone)
    values: dict[str, object] = {
        "weekday": weekday_name(local.date(), language),
        "clock": describe_clock(local.time(), language),
        "zone": local.tzname() or "",
        "start": describe_day(local.date(), language),
    }
    if when.until is None:
        return sentence("when_weekly", language, **values)
    return sentence(
        "when_weekly_until", language, until=format_date(when.until, language), **values
    )


# ---------------------------------------------------------------------------------------------
# The one-line form


def split_scheduled_line(rest: str) -> tuple[str, str]:
    """Split 'besok 09:00: Rapat pukul 10:00' (what follows '@') into time text and message.

    The time has colons of its own, so the longest prefix ending at a colon that reads as a
    time wins. The message may be empty; the caller decides what an empty broadcast means.
    """
    colons = [index for index, char in enumerate(rest) if char == ":"]
    for index in reversed(colons):
        when_text = rest[:index].strip()
        if is_time_expression(when_text):
            return when_text, rest[index + 1 :].strip()
    raise UserError.from_catalogue("when_line_needs_time")


# ---------------------------------------------------------------------------------------------
# Quiet hours

QUIET_HOURS = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True, slots=True)
class QuietHours:
    """The hours of the day (in the zone) when non-urgent broadcasts wait."""

    start: dt.time
    end: dt.time  # may be earlier than start: wraps past midnight (21:00-06:00)

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """Read '21:00-06:00' (also '21.00–06.00'); '' or 'off' means none.

        Raise ValueError with a one-line reason otherwise.
        """
        cleaned = text.strip()
        if cleaned.casefold() in ("", "off"):
            return None
        found = QUIET_HOURS.match(cleaned)
        if not found:
            raise ValueError(f"must look like 21:00-06:00 (or 'off'), not {text!r}")
        start = _time_of_day(found[1], found[2])
        end = _time_of_day(found[3], found[4])
        if start == end:
            raise ValueError(f"starts and ends at the same time in {text!r}; use 'off' for none")
        return cls(start, end)

    def quiet_at(self, moment: dt.datetime, zone: dt.tzinfo) -> bool:
        """Tell whether the moment falls in quiet hours (the start minute in, the end out)."""
        clock = moment.astimezone(zone).time()
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def ends_after(self, moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
        """Return the aware UTC end of the quiet period holding the moment (itself if none)."""
        if not self.quiet_at(moment, zone):
            return moment.astimezone(dt.UTC)
        local = moment.astimezone(zone)
        day = local.date()
        if local.time() >= self.end:  # the evening part of a period that wraps past midnight
            day += dt.timedelta(days=1)
        return _at(day, self.end, zone)

    def seconds_left(self, moment: dt.datetime, zone: dt.tzinfo) -> float:
        """Return how long the quiet period holding the moment still lasts (0.0 if none)."""
        return max(0.0, (self.ends_after(moment, zone) - moment).total_seconds())

    def describe(self, language: str) -> str:
        """Return '21.00–06.00' (Indonesian) or '21:00–06:00' (English)."""
        return f"{describe_clock(self.start, language)}–{describe_clock(self.end, language)}"


def _time_of_day(hour: str, minute: str) -> dt.time:
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"{hour}:{minute} is not a time of day (00:00 to 23:59)")
    return dt.time(int(hour), int(minute))
