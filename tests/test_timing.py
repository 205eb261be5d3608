"""Broadcast times: typed times read in WIB, weekly repeats, the one-line form and quiet hours.

`now` is fixed: Sunday 29 November 2026 10:00 WIB, or Friday 4 December 2026 10:00 WIB.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from bot.broadcasts.timing import (
    QuietHours,
    When,
    describe_time,
    describe_when,
    is_time_expression,
    next_occurrence,
    parse_when,
    split_scheduled_line,
)
from bot.clock import WIB as FIXED_WIB
from bot.errors import UserError
from bot.messages import TEXTS

JAKARTA = ZoneInfo("Asia/Jakarta")


def wib(text: str, zone: dt.tzinfo = JAKARTA) -> dt.datetime:
    """'2026-11-30 09:00' as a wall time in the zone, returned in UTC."""
    naive = dt.datetime.strptime(text, "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


SUNDAY = wib("2026-11-29 10:00")
FRIDAY = wib("2026-12-04 10:00")


# The sentences that show a time back; every other when_ sentence is an error.
SHOWING = {"when_moment", "when_clock", "when_weekly", "when_weekly_until"}


def catalogue_key(error: UserError) -> str:
    """Return the when_ sentence an error was built from, checked in both languages."""
    for key, templates in TEXTS.items():
        if (
            key.startswith("when_")
            and key not in SHOWING
            and all(
                sentence_pattern(template).fullmatch(message)
                for template, message in zip(
                    templates, (error.message_id, error.message_en), strict=True
                )
            )
        ):
            return key
    raise AssertionError(f"not a when_ sentence: {error.message_id}")


def sentence_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile("(.*)".join(re.escape(part) for part in parts), re.DOTALL)


# --------------------------------------------------------------------------------------------
# Single sends


ON_SUNDAY = [
    # Indonesian: relative days
    ("besok 09:00", "2026-11-30 09:00"),
    ("besok jam 9", "2026-11-30 09:00"),
    ("Besok   JAM 9 PAGI", "2026-11-30 09:00"),
    ("besok pagi jam 9", "2026-11-30 09:00"),
    ("besok pukul 15.30", "2026-11-30 15:30"),
    ("besok jam 2 siang", "2026-11-30 14:00"),
    ("besok jam 4 sore", "2026-11-30 16:00"),
    ("besok jam 7 malam", "2026-11-30 19:00"),
    ("besok jam 11 siang", "2026-11-30 11:00"),
    ("besok, 09.00 WIB", "2026-11-30 09:00"),
    ("hari ini 15:00", "2026-11-29 15:00"),
    ("hari ini pukul 10.01", "2026-11-29 10:01"),
    ("lusa 10.00", "2026-12-01 10:00"),
    ("nanti 15:00", "2026-11-29 15:00"),
    ("nanti malam jam 7", "2026-11-29 19:00"),
    ("malam ini jam 8", "2026-11-29 20:00"),
    # weekdays (today is Sunday)
    ("Senin 08:30", "2026-11-30 08:30"),
    ("senin depan 08:30", "2026-11-30 08:30"),
    ("Sen 08:30", "2026-11-30 08:30"),
    ("hari Selasa jam 9", "2026-12-01 09:00"),
    ("sel 9:00", "2026-12-01 09:00"),
    ("rab 9:00", "2026-12-02 09:00"),
    ("kam 9:00", "2026-12-03 09:00"),
    ("kamis ini jam 10", "2026-12-03 10:00"),
    ("jum 9:00", "2026-12-04 09:00"),
    ("Jum'at 9:00", "2026-12-04 09:00"),
    ("sab 9:00", "2026-12-05 09:00"),
    ("minggu 10:30", "2026-11-29 10:30"),  # later today
    ("minggu 08:30", "2026-12-06 08:30"),  # already past today: next week
    ("min 08:30", "2026-12-06 08:30"),
    ("minggu depan 9:00", "2026-12-06 09:00"),
    ("Ahad 9:00", "2026-12-06 09:00"),
    # English
    ("tomorrow 9:00", "2026-11-30 09:00"),
    ("tomorrow at 9am", "2026-11-30 09:00"),
    ("tomorrow 2pm", "2026-11-30 14:00"),
    ("tomorrow 2 p.m.", "2026-11-30 14:00"),
    ("tomorrow 12am", "2026-11-30 00:00"),
    ("tomorrow 12pm", "2026-11-30 12:00"),
    ("tomorrow at 7 in the evening", "2026-11-30 19:00"),
    ("today 15:00", "2026-11-29 15:00"),
    ("tonight at 8", "2026-11-29 20:00"),
    ("day after tomorrow 10:00", "2026-12-01 10:00"),
    ("Monday 08:30", "2026-11-30 08:30"),
    ("next monday 8:30", "2026-11-30 08:30"),
    ("mon 8:30", "2026-11-30 08:30"),
    ("tue 8:30", "2026-12-01 08:30"),
    ("wed 8:30", "2026-12-02 08:30"),
    ("thu 8:30", "2026-12-03 08:30"),
    ("fri 8:30", "2026-12-04 08:30"),
    ("sat 8:30", "2026-12-05 08:30"),
    ("sun 8:30", "2026-12-06 08:30"),
    ("this friday at 10:00", "2026-12-04 10:00"),
    ("on Wednesday at 3 pm", "2026-12-02 15:00"),
    # dates
    ("2027-01-15 10:00", "2027-01-15 10:00"),
    ("15/01/2027 10:00", "2027-01-15 10:00"),
    ("15-01-2027 10.00", "2027-01-15 10:00"),
    ("15.01.2027 10:00", "2027-01-15 10:00"),
    ("15/1/27 10:00", "2027-01-15 10:00"),
    ("15 Januari 2027 10:00", "2027-01-15 10:00"),
    ("15 Jan 2027 pukul 10.00", "2027-01-15 10:00"),
    ("tanggal 15 Januari 10:00", "2027-01-15 10:00"),  # year left out: the next one
    ("15 Januari 10:00", "2027-01-15 10:00"),
    ("30 November 08:00", "2026-11-30 08:00"),
    ("29 November 15:00", "2026-11-29 15:00"),  # today, later
    ("28 November 10:00", "2027-11-28 10:00"),  # yesterday: next year
    ("1 Des 2026 jam 2 siang", "2026-12-01 14:00"),
    ("15 January 2027 at 10am", "2027-01-15 10:00"),
    ("January 15, 2027 10:00", "2027-01-15 10:00"),
    ("Jan 15th 2027 10:00", "2027-01-15 10:00"),
    ("10:00 15 Januari 2027", "2027-01-15 10:00"),  # the time first
    ("Senin, 30 November 2026 pukul 08.30 WIB", "2026-11-30 08:30"),  # as shown back
    ("Monday, 30 November 2026 at 08:30 WIB", "2026-11-30 08:30"),
    # a time alone: the next time the clock shows it
    ("15:00", "2026-11-29 15:00"),
    ("jam 2 siang", "2026-11-29 14:00"),
    ("09:00", "2026-11-30 09:00"),
    ("lusa 7 pagi", "2026-12-01 07:00"),  # a day part makes a bare hour a time
    ("besok 2 siang", "2026-11-30 14:00"),
    ("4/12 09:00", "2026-12-04 09:00"),  # day/month, the year left out
    ("tgl 4/12 jam 9", "2026-12-04 09:00"),
    ("28/11 09:00", "2027-11-28 09:00"),  # passed this year: next year's
    # typos within reason
    ("besuk 09:00", "2026-11-30 09:00"),
    ("bsk jam 9", "2026-11-30 09:00"),
    ("tommorow 9:00", "2026-11-30 09:00"),
    ("tomorow 9:00", "2026-11-30 09:00"),
    ("jumaat 09:00", "2026-12-04 09:00"),
    ("selsa 09:00", "2026-12-01 09:00"),
    ("15 Januri 2027 10:00", "2027-01-15 10:00"),
    ("wednsday 9:00", "2026-12-02 09:00"),
]


@pytest.mark.parametrize(("typed", "expected"), ON_SUNDAY)
def test_a_single_send_is_read_in_wib(typed, expected):
    assert parse_when(typed, SUNDAY, JAKARTA) == When(wib(expected))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("jumat 11:00", "2026-12-04 11:00"),  # later today
        ("jumat 09:00", "2026-12-11 09:00"),  # past today: next week
        ("jumat 10:00", "2026-12-11 10:00"),  # exactly now is not ahead
        ("jumat depan 08:00", "2026-12-11 08:00"),
        ("next friday 11:00", "2026-12-11 11:00"),
        ("senin 08:30", "2026-12-07 08:30"),
        ("senin depan 08:30", "2026-12-07 08:30"),
        ("sabtu depan 08:30", "2026-12-12 08:30"),  # the Saturday of next week, not tomorrow
        ("sabtu 08:30", "2026-12-05 08:30"),
        ("besok 09:00", "2026-12-05 09:00"),
        ("09:00", "2026-12-05 09:00"),
    ],
)
def test_a_weekday_is_the_next_one_still_ahead_and_depan_the_one_in_next_week(typed, expected):
    assert parse_when(typed, FRIDAY, JAKARTA) == When(wib(expected))


def test_the_fallback_zone_reads_the_same_times():
    for typed, expected in [("besok 09:00", "2026-11-30 09:00"), ("Senin 08:30 WIB", None)]:
        when = parse_when(typed, SUNDAY, FIXED_WIB)
        assert when == parse_when(typed, SUNDAY, JAKARTA)
        if expected:
            assert when.first == wib(expected, FIXED_WIB)


def test_now_may_be_given_in_any_zone():
    in_utc = parse_when("besok 09:00", SUNDAY, JAKARTA)
    in_jakarta = parse_when("besok 09:00", SUNDAY.astimezone(JAKARTA), JAKARTA)
    assert in_utc == in_jakarta and in_utc.first.tzinfo == dt.UTC


def test_up_to_366_days_ahead_is_accepted():
    assert parse_when("2027-11-30 10:00", SUNDAY, JAKARTA).first == wib("2027-11-30 10:00")


# --------------------------------------------------------------------------------------------
# Weekly


WEEKLY_ON_SUNDAY = [
    ("setiap Jumat 09:00", "2026-12-04 09:00", None),
    ("tiap Jumat jam 9", "2026-12-04 09:00", None),
    ("every Friday 09:00", "2026-12-04 09:00", None),
    ("Every friday at 9am", "2026-12-04 09:00", None),
    ("setiap hari Jumat pukul 09.00", "2026-12-04 09:00", None),
    ("setiap Minggu 10:30", "2026-11-29 10:30", None),  # later today
    ("setiap Minggu 10:00", "2026-12-06 10:00", None),  # now: next week
    ("setiap senin jam 2 siang", "2026-11-30 14:00", None),
    ("setiap Jumat 09:00 sampai 2027-03-31", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 hingga 31 Maret 2027", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 s.d. 31/03/2027", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 sd 31-03-2027", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 s/d 31-03-2027", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 sampai dengan 31 Maret 2027", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 sampai 31 Maret", "2026-12-04 09:00", "2027-03-31"),
    ("setiap Jumat 09:00 sampai 4 Desember 2026", "2026-12-04 09:00", "2026-12-04"),
    ("every Friday 09:00 until 2027-03-31", "2026-12-04 09:00", "2027-03-31"),
    ("every Friday 09:00 until 31 March 2027", "2026-12-04 09:00", "2027-03-31"),
    ("every fri 9am till March 31, 2027", "2026-12-04 09:00", "2027-03-31"),
]


@pytest.mark.parametrize(("typed", "first", "until"), WEEKLY_ON_SUNDAY)
def test_a_weekly_send_starts_on_the_next_such_day(typed, first, until):
    expected_until = dt.date.fromisoformat(until) if until else None
    assert parse_when(typed, SUNDAY, JAKARTA) == When(
        wib(first), weekly=True, until=expected_until
    )


def test_a_weekly_send_on_a_friday_after_its_hour_starts_next_week():
    assert parse_when("setiap jumat 09:00", FRIDAY, JAKARTA).first == wib("2026-12-11 09:00")
    assert parse_when("setiap jumat 11:00", FRIDAY, JAKARTA).first == wib("2026-12-04 11:00")


# --------------------------------------------------------------------------------------------
# Errors


ERRORS = [
    ("", "when_unreadable"),
    ("   ", "when_unreadable"),
    ("apa kabar", "when_unreadable"),
    ("secepatnya", "when_unreadable"),
    ("besok 9", "when_unreadable"),
    ("besok jam 12 malam", "when_midnight"),
    ("jam 12 malam", "when_midnight"),
    ("4/13 09:00", "when_bad_date"),
    ("besok 09:00 10:00", "when_unreadable"),  # two times
    ("besok lusa 09:00", "when_unreadable"),  # two days
    ("besok 15/01/2027 09:00", "when_unreadable"),
    ("until 2027-03-31 every Friday 09:00", "when_until_unreadable"),
    ("besok", "when_no_hour"),
    ("besok jam", "when_no_hour"),
    ("Senin", "when_no_hour"),
    ("tomorrow", "when_no_hour"),
    ("2027-01-15", "when_no_hour"),
    ("setiap Jumat", "when_no_hour"),
    ("hari ini 08:00", "when_past"),
    ("today 10:00", "when_past"),  # exactly now is not ahead
    ("29 November 2026 09:59", "when_past"),
    ("2026-01-15 10:00", "when_past"),
    ("2027-11-30 10:01", "when_too_far"),
    ("2028-01-15 10:00", "when_too_far"),
    ("29 Februari 2028 10:00", "when_too_far"),
    ("31/02/2027 10:00", "when_bad_date"),
    ("2027-13-01 10:00", "when_bad_date"),
    ("31 April 10:00", "when_bad_date"),
    ("29 Februari 2027 10:00", "when_bad_date"),
    ("besok 25:00", "when_bad_time"),
    ("besok 09:60", "when_bad_time"),
    ("besok jam 13 pm", "when_bad_time"),
    ("tomorrow 0am", "when_bad_time"),
    ("setiap Jumat 09:00 sampai 1 Desember 2026", "when_until_before_first"),
    ("setiap Jumat 09:00 sampai 2026-12-03", "when_until_before_first"),
    ("setiap Jumat 09:00 sampai kapan-kapan", "when_until_unreadable"),
    ("setiap Jumat 09:00 sampai", "when_until_unreadable"),
    ("setiap Jumat 09:00 sampai 31/02/2027", "when_bad_date"),
    ("setiap hari 09:00", "when_weekly_needs_day"),
    ("setiap besok 09:00", "when_weekly_needs_day"),
    ("every 2027-01-15 09:00", "when_weekly_needs_day"),
    ("besok 09:00 sampai 2027-01-01", "when_until_not_weekly"),
    ("Selasa, 30 November 2026 pukul 08.30 WIB", "when_day_mismatch"),
    ("besok selasa 09:00", "when_day_mismatch"),
    ("besok 09:00 WITA", "when_other_zone"),
    ("tomorrow 9am UTC", "when_other_zone"),
]


@pytest.mark.parametrize(("typed", "key"), ERRORS)
def test_a_time_that_cannot_be_used_is_a_polite_catalogue_error(typed, key):
    with pytest.raises(UserError) as caught:
        parse_when(typed, SUNDAY, JAKARTA)
    assert catalogue_key(caught.value) == key


def test_errors_show_dates_and_times_in_each_language():
    with pytest.raises(UserError) as caught:
        parse_when("hari ini 08:00", SUNDAY, JAKARTA)
    assert "(Minggu, 29 November 2026 pukul 08.00 WIB)" in caught.value.message("id")
    assert "(Sunday, 29 November 2026 at 08:00 WIB)" in caught.value.message("en")

    with pytest.raises(UserError) as caught:
        parse_when("2028-01-15 10:00", SUNDAY, JAKARTA)
    assert caught.value.message("id").endswith("Jadwalkan paling lambat 30 November 2027.")
    assert caught.value.message("en").endswith("no later than 30 November 2027.")

    with pytest.raises(UserError) as caught:
        parse_when("besok selasa 09:00", SUNDAY, JAKARTA)
    assert caught.value.message("id").startswith("30 November 2026 jatuh pada hari Senin, bukan")
    assert caught.value.message("en").startswith("30 November 2026 is a Monday, not a Tuesday.")


def test_errors_quote_what_was_typed_and_show_examples():
    with pytest.raises(UserError) as caught:
        parse_when("kapan saja", SUNDAY, JAKARTA)
    assert "“kapan saja”" in caught.value.message("id")
    assert "besok 09:00" in caught.value.message("id")
    assert "tomorrow 09:00" in caught.value.message("en")

    with pytest.raises(UserError) as caught:
        parse_when("besok 09:00 WITA", SUNDAY, JAKARTA)
    assert "dalam WIB (bukan WITA)" in caught.value.message("id")


# --------------------------------------------------------------------------------------------
# Repeats


def test_a_weekly_send_fires_on_two_consecutive_weeks():
    when = When(wib("2026-12-04 09:00"), weekly=True)
    first = next_occurrence(when, SUNDAY, JAKARTA)
    second = next_occurrence(when, first, JAKARTA)
    third = next_occurrence(when, second, JAKARTA)
    assert (first, second, third) == (
        wib("2026-12-04 09:00"),
        wib("2026-12-11 09:00"),
        wib("2026-12-18 09:00"),
    )


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2026-12-04 08:59", "2026-12-04 09:00"),  # before first: first
        ("2026-12-04 09:00", "2026-12-11 09:00"),  # strictly after
        ("2026-12-04 09:01", "2026-12-11 09:00"),
        ("2026-12-08 23:00", "2026-12-11 09:00"),  # mid-week
        ("2026-12-11 08:59", "2026-12-11 09:00"),  # the day itself, earlier
        ("2027-03-26 09:00", None),  # the last Friday before until: none after
        ("2027-03-25 09:00", "2027-03-26 09:00"),
    ],
)
def test_the_next_weekly_occurrence_is_strictly_after_and_stops_at_until(after, expected):
    when = When(wib("2026-12-04 09:00"), weekly=True, until=dt.date(2027, 3, 31))
    assert next_occurrence(when, wib(after), JAKARTA) == (wib(expected) if expected else None)


def test_the_until_day_itself_may_still_fire():
    when = When(wib("2026-12-04 09:00"), weekly=True, until=dt.date(2026, 12, 11))
    assert next_occurrence(when, wib("2026-12-04 09:00"), JAKARTA) == wib("2026-12-11 09:00")
    assert next_occurrence(when, wib("2026-12-11 09:00"), JAKARTA) is None
    ended = When(wib("2026-12-04 09:00"), weekly=True, until=dt.date(2026, 12, 10))
    assert next_occurrence(ended, wib("2026-12-04 09:00"), JAKARTA) is None


def test_a_single_send_occurs_once():
    when = When(wib("2026-12-04 09:00"))
    assert next_occurrence(when, wib("2026-12-04 08:00"), JAKARTA) == wib("2026-12-04 09:00")
    assert next_occurrence(when, wib("2026-12-04 09:00"), JAKARTA) is None
    assert next_occurrence(when, wib("2027-01-01 09:00"), JAKARTA) is None


def test_a_weekly_send_keeps_its_wall_time_across_daylight_saving():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    when = When(wib("2027-03-21 09:00", amsterdam), weekly=True)  # CET, UTC+1
    after_switch = next_occurrence(when, when.first, amsterdam)  # 28 March: CEST, UTC+2
    assert after_switch == wib("2027-03-28 09:00", amsterdam)
    assert after_switch - when.first == dt.timedelta(days=7, hours=-1)


def test_a_zone_with_daylight_saving_does_not_crash_on_a_missing_hour():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    now = wib("2027-03-20 10:00", amsterdam)
    when = parse_when("2027-03-28 02:30", now, amsterdam)  # the clocks skip 02:00-03:00
    assert when.first.tzinfo == dt.UTC
    weekly = parse_when("setiap minggu 02:30", now, amsterdam)
    assert next_occurrence(weekly, weekly.first, amsterdam) is not None


# --------------------------------------------------------------------------------------------
# Showing a time back


def test_a_moment_is_shown_with_its_weekday_date_time_and_zone():
    moment = wib("2026-12-07 08:30")
    assert describe_time(moment, JAKARTA, "id") == "Senin, 7 Desember 2026 pukul 08.30 WIB"
    assert describe_time(moment, JAKARTA, "en") == "Monday, 7 December 2026 at 08:30 WIB"
    assert describe_time(moment, FIXED_WIB, "id") == "Senin, 7 Desember 2026 pukul 08.30 WIB"


def test_a_send_is_described_once_or_weekly_with_its_end():
    once = When(wib("2026-12-07 08:30"))
    assert describe_when(once, JAKARTA, "id") == "Senin, 7 Desember 2026 pukul 08.30 WIB"
    weekly = When(wib("2026-12-04 09:00"), weekly=True)
    assert describe_when(weekly, JAKARTA, "id") == (
        "setiap Jumat pukul 09.00 WIB, mulai Jumat, 4 Desember 2026"
    )
    assert describe_when(weekly, JAKARTA, "en") == (
        "every Friday at 09:00 WIB, from Friday, 4 December 2026"
    )
    ending = When(wib("2026-12-04 09:00"), weekly=True, until=dt.date(2027, 3, 31))
    assert describe_when(ending, JAKARTA, "id") == (
        "setiap Jumat pukul 09.00 WIB, mulai Jumat, 4 Desember 2026, sampai 31 Maret 2027"
    )
    assert describe_when(ending, JAKARTA, "en") == (
        "every Friday at 09:00 WIB, from Friday, 4 December 2026, until 31 March 2027"
    )


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_time_shown_back_reads_as_the_same_time(language):
    moment = wib("2027-01-15 10:00")
    shown = describe_time(moment, JAKARTA, language)
    assert parse_when(shown, SUNDAY, JAKARTA) == When(moment)


# --------------------------------------------------------------------------------------------
# The one-line form


@pytest.mark.parametrize(
    ("rest", "when_text", "body"),
    [
        ("besok 09:00: Rapat pukul 10:00 di aula", "besok 09:00", "Rapat pukul 10:00 di aula"),
        (" besok jam 9 : Rapat: agenda 10:00", "besok jam 9", "Rapat: agenda 10:00"),
        ("Senin 08:30:Bimtek", "Senin 08:30", "Bimtek"),
        ("2027-01-15 10:00: Batas lapor 15:00.", "2027-01-15 10:00", "Batas lapor 15:00."),
        ("15 Jan 2027 pukul 10.00: Info", "15 Jan 2027 pukul 10.00", "Info"),
        (
            "Senin, 30 November 2026 pukul 08.30 WIB: Halo: semua",
            "Senin, 30 November 2026 pukul 08.30 WIB",
            "Halo: semua",
        ),
        (
            "setiap Jumat 09:00 sampai 31/03/2027: Lapor mingguan sebelum 12:00",
            "setiap Jumat 09:00 sampai 31/03/2027",
            "Lapor mingguan sebelum 12:00",
        ),
        (
            "every friday 9am until 31 March 2027: report by 10:00 please",
            "every friday 9am until 31 March 2027",
            "report by 10:00 please",
        ),
        ("tomorrow 2pm: Meeting at 3:30", "tomorrow 2pm", "Meeting at 3:30"),
        ("besok: rapat 10:00", "besok", "rapat 10:00"),  # parse_when asks for the hour
        ("besok 09:00:", "besok 09:00", ""),
    ],
)
def test_the_one_line_form_splits_at_the_colon_after_the_time(rest, when_text, body):
    assert split_scheduled_line(rest) == (when_text, body)


@pytest.mark.parametrize("rest", ["Rapat pukul 10:00", "besok 09:00 Rapat", "", ": pesan"])
def test_the_one_line_form_without_a_time_before_a_colon_is_an_error(rest):
    with pytest.raises(UserError) as caught:
        split_scheduled_line(rest)
    assert catalogue_key(caught.value) == "when_line_needs_time"


def test_a_time_expression_is_recognised_without_a_date():
    assert is_time_expression("31/02/2027 10:00")  # the calendar is checked later
    assert is_time_expression("besok")
    assert not is_time_expression("jam")
    assert not is_time_expression("Rapat 10:00")
    assert not is_time_expression("besok 15/01/2027 09:00")  # two days
    assert not is_time_expression("besok 09:00 10:00")  # two times


# --------------------------------------------------------------------------------------------
# Quiet hours


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("21:00-06:00", "21:00", "06:00"),
        ("21.00–06.00", "21:00", "06:00"),
        (" 21:00 - 06:00 ", "21:00", "06:00"),
        ("22:30—5:15", "22:30", "05:15"),
        ("12:00-13:30", "12:00", "13:30"),
    ],
)
def test_quiet_hours_are_read_from_the_setting(text, start, end):
    assert QuietHours.parse(text) == QuietHours(
        dt.time.fromisoformat(start), dt.time.fromisoformat(end)
    )


@pytest.mark.parametrize("text", ["", "  ", "off", "OFF"])
def test_quiet_hours_can_be_turned_off(text):
    assert QuietHours.parse(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("21-06", "must look like 21:00-06:00"),
        ("tonight", "must look like 21:00-06:00"),
        ("21:00 06:00", "must look like 21:00-06:00"),
        ("25:00-06:00", "25:00 is not a time of day"),
        ("21:00-06:75", "06:75 is not a time of day"),
        ("21:00-21:00", "same time"),
    ],
)
def test_wrong_quiet_hours_give_a_one_line_reason(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        QuietHours.parse(text)
    assert "\n" not in str(caught.value)


NIGHT = QuietHours(dt.time(21), dt.time(6))
LUNCH = QuietHours(dt.time(12), dt.time(13, 30))


@pytest.mark.parametrize(
    ("quiet", "clock", "expected"),
    [
        (NIGHT, "20:59", False),
        (NIGHT, "21:00", True),
        (NIGHT, "23:59", True),
        (NIGHT, "00:00", True),
        (NIGHT, "05:59", True),
        (NIGHT, "06:00", False),
        (NIGHT, "12:00", False),
        (LUNCH, "11:59", False),
        (LUNCH, "12:00", True),
        (LUNCH, "13:29", True),
        (LUNCH, "13:30", False),
        (LUNCH, "23:00", False),
    ],
)
def test_quiet_hours_hold_from_the_start_minute_to_before_the_end(quiet, clock, expected):
    assert quiet.quiet_at(wib(f"2026-11-29 {clock}"), JAKARTA) is expected


def test_quiet_hours_are_read_in_the_zone_not_in_utc():
    assert NIGHT.quiet_at(dt.datetime(2026, 11, 29, 14, 0, tzinfo=dt.UTC), JAKARTA)  # 21:00 WIB
    assert not NIGHT.quiet_at(dt.datetime(2026, 11, 29, 13, 59, tzinfo=dt.UTC), JAKARTA)


@pytest.mark.parametrize(
    ("quiet", "moment", "end"),
    [
        (NIGHT, "2026-11-29 21:00", "2026-11-30 06:00"),
        (NIGHT, "2026-11-29 23:30", "2026-11-30 06:00"),
        (NIGHT, "2026-11-30 00:00", "2026-11-30 06:00"),
        (NIGHT, "2026-11-30 05:59", "2026-11-30 06:00"),
        (NIGHT, "2026-11-30 06:00", "2026-11-30 06:00"),  # not quiet: the moment itself
        (NIGHT, "2026-11-30 10:00", "2026-11-30 10:00"),
        (LUNCH, "2026-11-30 12:15", "2026-11-30 13:30"),
        (LUNCH, "2026-11-30 13:30", "2026-11-30 13:30"),
    ],
)
def test_quiet_hours_end_after_the_period_holding_the_moment(quiet, moment, end):
    ends = quiet.ends_after(wib(moment), JAKARTA)
    assert ends == wib(end) and ends.tzinfo == dt.UTC


def test_quiet_hours_tell_the_seconds_left():
    assert NIGHT.seconds_left(wib("2026-11-29 22:00"), JAKARTA) == 8 * 3600
    half_minute_before = wib("2026-11-30 06:00") - dt.timedelta(seconds=30)
    assert NIGHT.seconds_left(half_minute_before, JAKARTA) == 30.0
    assert NIGHT.seconds_left(wib("2026-11-30 06:00"), JAKARTA) == 0.0
    assert NIGHT.seconds_left(wib("2026-11-30 15:00"), JAKARTA) == 0.0


def test_quiet_hours_are_shown_in_each_language():
    assert NIGHT.describe("id") == "21.00–06.00"
    assert NIGHT.describe("en") == "21:00–06:00"
    assert LUNCH.describe("id") == "12.00–13.30"
