"""Statistics for admins on a known dataset; stale entries; when the daily summary goes out."""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.access.roles import CLI_ACTOR
from bot.answering.answerer import Asker
from bot.answering.feedback import give_feedback
from bot.broadcasts.subscriptions import Subscriptions
from bot.config import Config, RolesSettings, StorageSettings
from bot.curation.stats import collect_stats, next_daily_summary, parse_hhmm, render_stats_text
from bot.errors import PermissionDenied
from bot.knowledge.current import KnowledgeHolder
from bot.reports.filing import Draft
from bot.services import build_services
from tests.conftest import FIXED_NOW  # Sunday 22 November 2026, 15:00 in Jakarta

ADMIN = 1000
OFFICER = 77
JAKARTA = ZoneInfo("Asia/Jakarta")
# (hours before FIXED_NOW, user, question): 22 Nov starts 15 hours before, in Jakarta.
ASKED = [
    (0, 1, "cara ngurus IOMKI gmn?"),  # today, answered
    (0, 2, "cara ngurus IOMKI gmn?"),  # today, answered, then 👎
    (0, 3, "berapa UMK Bekasi 2021?"),  # today, no match
    (14, 4, "hand sanitizer alkohol brp persen"),  # 01:00 today in Jakarta (yesterday in UTC)
    (15.5, 5, "iomki"),  # 23:30 yesterday in Jakarta: not sure
    (5 * 24, 6, "cara ngurus IOMKI gmn?"),  # 5 days ago, answered
    (10 * 24, 7, "resep rendang padang"),  # 10 days ago, no match
    (40 * 24, 8, "cara ngurus IOMKI gmn?"),  # 40 days ago: outside every window
]


@pytest.fixture
def services(clock, real_holder):
    config = Config(
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(
            admins=[ADMIN], officers=[{"id": OFFICER, "region": "Jawa Barat / Kabupaten Bekasi"}]
        ),
    )
    return build_services(config, clock=clock, holder=real_holder)


def stats_of(services, holder=None, stale_after_days=365, admin=ADMIN):
    """Collect the statistics at FIXED_NOW in Jakarta."""
    return collect_stats(
        services.store.db,
        holder or services.holder,
        services.roles,
        admin,
        FIXED_NOW,
        stale_after_days,
        JAKARTA,
    )


@pytest.fixture
def dataset(services, clock):
    """The questions above, three ratings, three subscribers (one gone), four reports."""
    ids = {}
    for hours, user, question in ASKED:
        clock.now = FIXED_NOW - dt.timedelta(hours=hours)
        ids[user] = services.answerer.answer(question, Asker("telegram", user, user)).question_id
    clock.now = FIXED_NOW
    for user, helpful in [(1, True), (2, False), (4, True)]:
        give_feedback(services.store, ids[user], user, helpful, FIXED_NOW)
    subscriptions = Subscriptions(services.store.db, clock)
    for chat in (11, 12, 13):
        subscriptions.subscribe(chat, chat, "id")
    subscriptions.unsubscribe(13)
    file_reports(services, clock)
    return services


def file_reports(services, clock):
    """Today: one report replaced by another, and one more; 3 and 10 days ago: one each."""
    draft = Draft(company="PT Maju Jaya", status="normal", workers=120)
    for days in (10, 3):
        clock.now = FIXED_NOW - dt.timedelta(days=days)
        services.reports.file(OFFICER, draft)
    clock.now = FIXED_NOW
    first = services.reports.file(OFFICER, draft)
    services.reports.file(OFFICER, draft, replace_id=first.id)
    services.reports.file(OFFICER, Draft(company="PT Lain", status="berhenti", workers=0))


def test_question_counts_follow_the_jakarta_day(dataset):
    stats = stats_of(dataset)
    assert (stats.today.questions, stats.today.answered) == (4, 3)
    assert (stats.week.questions, stats.week.answered) == (6, 4)
    assert (stats.month.questions, stats.month.answered) == (7, 4)
    assert stats.today.rate == 0.75 and round(stats.month.rate, 2) == 0.57
    assert stats.generated_at == FIXED_NOW.astimezone(JAKARTA)


def test_top_entries_feedback_subscribers_and_reports(dataset):
    stats = stats_of(dataset)
    assert [(e.entry_id, e.count) for e in stats.top_entries] == [
        ("iomki-cara-mengajukan", 3),
        ("prokes-cuci-tangan", 1),
    ]
    assert stats.top_entries[0].question
    assert [(f.entry_id, f.helpful, f.unhelpful) for f in stats.feedback] == [
        ("iomki-cara-mengajukan", 1, 1),
        ("prokes-cuci-tangan", 1, 0),
    ]
    assert stats.feedback[0].ratio == 0.5
    assert stats.subscribers == 2
    assert (stats.reports_today, stats.reports_week) == (2, 3)


def test_open_questions_and_their_largest_groups(dataset):
    stats = stats_of(dataset)
    assert stats.open_unanswered == 4  # UMK, iomki, rendang, and the 👎 on an answer
    assert sum(group.count for group in stats.top_unanswered) == 4
    examples = {group.examples[0] for group in stats.top_unanswered}
    assert {"berapa UMK Bekasi 2021?", "resep rendang padang"} <= examples


def test_an_empty_database_gives_zeros(services):
    stats = stats_of(services)
    assert (stats.month.questions, stats.month.rate, stats.subscribers) == (0, None, 0)
    assert (stats.top_entries, stats.top_unanswered, stats.feedback) == ((), (), ())
    assert "0" in render_stats_text(stats, "id")


def test_only_admins_and_the_command_line_see_statistics(services):
    with pytest.raises(PermissionDenied):
        stats_of(services, admin=5)
    assert [row["action"] for row in services.store.db["denied"].rows] == ["stats.view"]
    assert stats_of(services, admin=CLI_ACTOR).month.questions == 0


def test_entries_not_reviewed_for_too_long_are_stale(services, small_knowledge_dir):
    path = small_knowledge_dir / "se-contoh.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("reviewed: 2026-11-22", "reviewed: 2025-11-22", 1)  # exactly 365 days
    text = text.replace("reviewed: 2026-11-22", "reviewed: 2025-01-01", 1)
    text = text.replace("    reviewed: 2026-11-22\n", "", 1)  # never reviewed
    path.write_text(text, encoding="utf-8")
    stats = stats_of(services, KnowledgeHolder(small_knowledge_dir), stale_after_days=365)
    assert [(s.entry_id, s.reviewed, s.days) for s in stats.stale] == [
        ("contoh-lapor", None, None),
        ("contoh-suhu", dt.date(2025, 1, 1), 690),
    ]
    assert render_stats_text(stats, "en").endswith(
        "Stale entries (not reviewed > 365 days): 2\n  contoh-lapor — never reviewed\n"
        "  contoh-suhu — reviewed 2025-01-01 (690 days ago)"
    )
    many = render_stats_text(dataclasses.replace(stats, stale=stats.stale * 6), "id")
    assert many.endswith("(690 hari lalu)\n  … dan 2 lagi")
    fresh = stats_of(services, KnowledgeHolder(small_knowledge_dir), stale_after_days=1000)
    assert [s.entry_id for s in fresh.stale] == ["contoh-lapor"]


def test_the_text_shows_every_figure_in_both_languages(dataset):
    stats = stats_of(dataset, stale_after_days=1)
    indonesian, english = render_stats_text(stats, "id"), render_stats_text(stats, "en")
    assert indonesian.startswith("Statistik policybot — 22 November 2026 15:00 WIB")
    assert "hari ini: 4 (terjawab 75%)" in indonesian
    assert "7 days: 6 (answered 67%)" in english
    assert "iomki-cara-mengajukan — 3×" in english
    assert "Belum terjawab: 4 pertanyaan terbuka" in indonesian
    assert "iomki-cara-mengajukan: 1/1 (50% 👍)" in english
    assert "Active subscribers: 2" in english
    assert "Officers' reports: today 2, 7 days 3" in english
    assert "Stale entries (not reviewed > 1 days): 0" in english


@pytest.mark.parametrize(
    ("now", "hhmm", "expected"),
    [
        (
            dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC),
            "07:00",  # 06:30 WIB on the 23rd
            dt.datetime(2026, 11, 23, 7, 0, tzinfo=JAKARTA),
        ),
        (
            dt.datetime(2026, 11, 23, 0, 30, tzinfo=dt.UTC),
            "07:00",  # 07:30 WIB: tomorrow
            dt.datetime(2026, 11, 24, 7, 0, tzinfo=JAKARTA),
        ),
        (
            dt.datetime(2026, 11, 22, 16, 59, tzinfo=dt.UTC),
            "0:05",  # 23:59 WIB: after midnight
            dt.datetime(2026, 11, 23, 0, 5, tzinfo=JAKARTA),
        ),
        (
            dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC),
            "00:00",  # exactly midnight: next one
            dt.datetime(2027, 1, 2, 0, 0, tzinfo=JAKARTA),
        ),
    ],
)
def test_next_daily_summary_is_the_next_local_time(now, hhmm, expected):
    result = next_daily_summary(now, hhmm, JAKARTA)
    assert result == expected and result > now and result.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("text", ["7", "24:00", "07:60", "7.00", "", "ab:cd"])
def test_a_bad_summary_time_is_refused(text):
    with pytest.raises(ValueError):
        parse_hhmm(text)
