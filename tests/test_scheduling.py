"""Broadcasts at a time, in the domain: plan, approve, release when due (or skip when too late),
weekly series, cancelling, quiet hours. The wall clock is the movable test clock."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bot.broadcasts.announcements import (
    CANCELLED,
    DONE,
    ENDED,
    PENDING_APPROVAL,
    RECURRING,
    SCHEDULED,
    SENDING,
    SKIPPED,
    Content,
)
from bot.config import BroadcastSettings, Config, RolesSettings, StorageSettings
from bot.errors import PermissionDenied, UserError
from bot.outbox.sending import Pace
from bot.services import build_services
from tests.test_broadcasts import (
    ADMIN,
    BEKASI,
    OFFICER,
    OTHER_ADMIN,
    FakeSend,
    VirtualTime,
    make_services,
    subscribe_many,
)

WIB = dt.timezone(dt.timedelta(hours=7))
OTHER_OFFICER, FAR_OFFICER = 502, 601


def wib(*parts: int) -> dt.datetime:
    """A WIB wall time as the UTC moment the clock gives."""
    return dt.datetime(*parts, tzinfo=WIB).astimezone(dt.UTC)


@pytest.fixture
def services(clock, real_holder):
    return make_services(clock, real_holder, late_limit_minutes=60)


def planned(services, when: str, author=ADMIN, target="semua", text="Bimtek IOMKI Senin"):
    """Create a draft with an audience and a planned time; return its id."""
    preview = services.broadcasts.create(author, Content(text, text), "id", target=target)
    return services.broadcasts.plan(author, preview.broadcast.id, when).broadcast.id


def scheduled(services, when: str, **kwargs) -> int:
    """Plan and confirm a broadcast for a time; return its id."""
    broadcast_id = planned(services, when, **kwargs)
    author = kwargs.get("author", ADMIN)
    confirmation = services.broadcasts.confirm(author, broadcast_id, author, 1, scheduled=True)
    assert confirmation.scheduled
    return broadcast_id


def test_a_planned_time_is_shown_and_kept_on_the_draft(services):
    subscribe_many(services, 3)
    broadcast_id = planned(services, "2026-11-23 09:00")
    draft = services.broadcasts.get(broadcast_id)
    assert draft.status == "draft"
    assert draft.when.first == wib(2026, 11, 23, 9, 0)
    assert not draft.when.weekly


def test_scheduled_broadcast_goes_out_at_its_time_and_not_before(services, clock):
    chats = subscribe_many(services, 3)
    broadcast_id = scheduled(services, "2026-11-23 09:00")
    assert services.broadcasts.get(broadcast_id).status == SCHEDULED
    clock.now = wib(2026, 11, 23, 8, 59, 59)
    assert services.broadcasts.release_due().started == ()
    assert services.broadcasts.ledger.counts(broadcast_id).total == 0
    clock.now = wib(2026, 11, 23, 9, 0, 5)
    released = services.broadcasts.release_due()
    assert [b.id for b in released.started] == [broadcast_id]
    assert released.started[0].status == SENDING
    assert services.broadcasts.ledger.counts(broadcast_id).pending == len(chats)
    assert services.broadcasts.release_due().started == ()  # never twice


def test_recipients_are_those_subscribed_when_it_goes_out(services, clock):
    subscribe_many(services, 2)
    broadcast_id = scheduled(services, "2026-11-23 09:00")
    subscribe_many(services, 3, start=5000)
    clock.now = wib(2026, 11, 23, 9, 0)
    assert services.broadcasts.release_due().started[0].recipients == 5
    assert services.broadcasts.get(broadcast_id).recipients == 5


def test_a_time_can_be_scheduled_before_anyone_subscribes(services):
    broadcast_id = scheduled(services, "2026-11-23 09:00")
    assert services.broadcasts.get(broadcast_id).recipients == 0


def test_send_now_forgets_a_planned_time(services):
    subscribe_many(services, 2)
    broadcast_id = planned(services, "2026-11-23 09:00")
    assert services.broadcasts.confirm(ADMIN, broadcast_id, ADMIN, 1).sending
    assert services.broadcasts.get(broadcast_id).scheduled_at is None


def test_scheduling_needs_a_time(services):
    subscribe_many(services, 2)
    preview = services.broadcasts.create(ADMIN, Content("x", "x"), "id", target="semua")
    with pytest.raises(UserError, match="Tentukan dahulu waktunya"):
        services.broadcasts.confirm(ADMIN, preview.broadcast.id, scheduled=True)


def test_one_missed_by_less_than_the_late_limit_is_still_sent(services, clock):
    subscribe_many(services, 2)
    broadcast_id = scheduled(services, "2026-11-23 09:00")
    clock.now = wib(2026, 11, 23, 9, 59)  # the bot was down for 59 minutes
    assert [b.id for b in services.broadcasts.release_due().started] == [broadcast_id]


def test_one_missed_by_more_than_the_late_limit_is_skipped_and_reported(services, clock):
    subscribe_many(services, 2)
    broadcast_id = scheduled(services, "2026-11-23 09:00")
    clock.now = wib(2026, 11, 23, 10, 1)
    released = services.broadcasts.release_due()
    assert released.started == ()
    assert [b.id for b in released.skipped] == [broadcast_id]
    skipped = services.broadcasts.get(broadcast_id)
    assert skipped.status == SKIPPED and skipped.finished_at is not None
    assert services.broadcasts.ledger.counts(broadcast_id).total == 0
    assert services.broadcasts.release_due() == type(released)()  # reported once


def test_weekly_series_fires_on_consecutive_weeks_then_ends(services, clock):
    subscribe_many(services, 2)
    series_id = scheduled(services, "setiap jumat 09:00 sampai 2026-12-04")
    assert services.broadcasts.get(series_id).status == RECURRING
    fired = []
    for day in (27, 4):
        month = 11 if day == 27 else 12
        clock.now = wib(2026, month, day, 8, 59)
        assert services.broadcasts.release_due().started == ()
        clock.now = wib(2026, month, day, 9, 0, 10)
        (occurrence,) = services.broadcasts.release_due().started
        assert occurrence.series_id == series_id and occurrence.when.first == wib(
            2026, month, day, 9, 0
        )
        fired.append(occurrence.id)
    assert len(set(fired)) == 2 and series_id not in fired
    assert services.broadcasts.get(series_id).status == ENDED
    clock.now = wib(2026, 12, 11, 9, 0)
    assert services.broadcasts.release_due().started == ()


def test_a_series_down_for_weeks_reports_each_missed_occurrence_once(services, clock):
    subscribe_many(services, 1)
    series_id = scheduled(services, "setiap jumat 09:00")
    clock.now = wib(2026, 12, 11, 9, 30)  # down since before 27 Nov: three Fridays
    released = services.broadcasts.release_due()
    assert [b.when.first for b in released.skipped] == [
        wib(2026, 11, 27, 9, 0),
        wib(2026, 12, 4, 9, 0),
    ]
    assert [b.when.first for b in released.started] == [wib(2026, 12, 11, 9, 0)]
    assert services.broadcasts.get(series_id).status == RECURRING
    (following,) = services.broadcasts.scheduled(ADMIN)
    assert following.broadcast.when.first == wib(2026, 12, 18, 9, 0)
    assert following.when.weekly


def test_an_occurrence_cannot_be_created_twice(services, clock):
    series_id = scheduled(services, "setiap jumat 09:00")
    series = services.broadcasts.get(series_id)
    services.broadcasts.add_occurrence(series, wib(2026, 11, 27, 9, 0))
    db = services.store.db
    assert (
        db.execute("select count(*) from broadcasts where series_id = ?", [series_id]).fetchone()[
            0
        ]
        == 1
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "insert into broadcasts (series_id, scheduled_at, status) values (?, ?, 'scheduled')",
            [series_id, "2026-11-27T02:00:00+00:00"],
        )


def test_a_cancelled_broadcast_never_goes_out(services, clock):
    subscribe_many(services, 2)
    broadcast_id = scheduled(services, "2026-11-23 09:00")
    assert services.broadcasts.cancel_scheduled(ADMIN, broadcast_id).status == CANCELLED
    clock.now = wib(2026, 11, 23, 9, 0)
    assert services.broadcasts.release_due() == type(services.broadcasts.release_due())()
    assert services.broadcasts.scheduled(ADMIN) == []
    with pytest.raises(UserError, match="sudah diproses"):
        services.broadcasts.cancel_scheduled(ADMIN, broadcast_id)


def test_cancelling_an_occurrence_stops_the_whole_series(services, clock):
    series_id = scheduled(services, "setiap jumat 09:00")
    (item,) = services.broadcasts.scheduled(ADMIN)
    services.broadcasts.cancel_scheduled(ADMIN, item.broadcast.id)
    assert services.broadcasts.get(series_id).status == CANCELLED
    clock.now = wib(2026, 11, 27, 9, 0)
    assert services.broadcasts.release_due().started == ()


def test_officers_see_and_cancel_their_regions_schedule(clock, real_holder):
    officers = [
        {"id": OFFICER, "region": BEKASI},
        {"id": OTHER_OFFICER, "region": BEKASI},
        {"id": FAR_OFFICER, "region": "Jawa Timur / Kota Surabaya"},
    ]
    config = Config(
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(admins=[ADMIN, OTHER_ADMIN], officers=officers),
    )
    services = build_services(config, clock=clock, holder=real_holder)
    mine = scheduled(services, "2026-11-23 09:00", author=OFFICER, target="semua")
    admins = scheduled(services, "2026-11-23 10:00", target=BEKASI)
    everyone = scheduled(services, "2026-11-23 11:00", target="semua")
    listed = {
        item.broadcast.id: item.can_cancel for item in services.broadcasts.scheduled(OTHER_OFFICER)
    }
    assert listed == {mine: True, admins: False}
    assert services.broadcasts.scheduled(FAR_OFFICER) == []
    assert [i.broadcast.id for i in services.broadcasts.scheduled(ADMIN)] == [
        mine,
        admins,
        everyone,
    ]
    with pytest.raises(PermissionDenied):
        services.broadcasts.cancel_scheduled(FAR_OFFICER, mine)
    with pytest.raises(PermissionDenied):
        services.broadcasts.cancel_scheduled(OTHER_OFFICER, admins)
    with pytest.raises(PermissionDenied):
        services.broadcasts.scheduled(1234)
    assert services.broadcasts.cancel_scheduled(OTHER_OFFICER, mine).status == CANCELLED


def test_approval_is_decided_when_scheduling(clock, real_holder):
    services = make_services(clock, real_holder, threshold=1)
    subscribe_many(services, 2)
    broadcast_id = planned(services, "2026-11-23 09:00")
    confirmation = services.broadcasts.confirm(ADMIN, broadcast_id, ADMIN, 1, scheduled=True)
    assert confirmation.broadcast.status == PENDING_APPROVAL
    assert confirmation.approvers == (OTHER_ADMIN,)
    clock.now = wib(2026, 11, 23, 9, 0)
    assert services.broadcasts.release_due().started == ()  # not before approval
    approved = services.broadcasts.approve(OTHER_ADMIN, broadcast_id)
    assert approved.status == SCHEDULED
    assert [b.id for b in services.broadcasts.release_due().started] == [broadcast_id]


def test_an_approval_after_the_time_sends_at_once(clock, real_holder):
    services = make_services(clock, real_holder, threshold=1, late_limit_minutes=60)
    subscribe_many(services, 2)
    broadcast_id = planned(services, "2026-11-23 09:00")
    services.broadcasts.confirm(ADMIN, broadcast_id, ADMIN, 1, scheduled=True)
    clock.now = wib(2026, 11, 23, 14, 0)
    services.broadcasts.approve(OTHER_ADMIN, broadcast_id)
    assert [b.id for b in services.broadcasts.release_due().started] == [broadcast_id]


# -- quiet hours ---------------------------------------------------------------------------------


class WallTime(VirtualTime):
    """Virtual seconds that move the wall clock too (quiet hours are read from it)."""

    def __init__(self, clock, start: dt.datetime) -> None:
        super().__init__()
        self.wall, self.origin, self.start = clock, self.now, start
        clock.now = start

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        self.wall.now = self.start + dt.timedelta(seconds=self.now - self.origin)


class TimedSend(FakeSend):
    """Notes the wall time of each send."""

    def __init__(self, time: WallTime) -> None:
        super().__init__(time)
        self.wall_times: list[dt.datetime] = []

    async def __call__(self, chat_id, broadcast):
        self.wall_times.append(self.time.wall.now)
        return await super().__call__(chat_id, broadcast)


async def deliver_at(services, clock, start, broadcast_id, pace=None):
    time = WallTime(clock, start)
    send = TimedSend(time)
    pace = pace or Pace(messages_per_second=1, progress_interval=1000, quiet_check=30)
    reports = []

    async def report(progress):
        reports.append(progress)

    progress = await services.broadcasts.deliver(
        broadcast_id, send, clock=time.clock, sleep=time.sleep, pace=pace, report=report
    )
    return progress, send, reports


def sending_broadcast(services, count):
    subscribe_many(services, count)
    preview = services.broadcasts.create(ADMIN, Content("x", "x"), "id", target="semua")
    return services.broadcasts.confirm(ADMIN, preview.broadcast.id, ADMIN, 1).broadcast.id


async def test_quiet_hours_pause_a_long_broadcast_and_it_resumes_after_them(services, clock):
    broadcast_id = sending_broadcast(services, 90)
    # one a second from 20:59:00: 60 go before 21:00, the other 30 wait for 06:00
    progress, send, reports = await deliver_at(
        services, clock, wib(2026, 11, 23, 20, 59, 0), broadcast_id
    )
    assert progress.finished and progress.counts.sent == 90 and len(send.chats) == 90
    before = [t for t in send.wall_times if t < wib(2026, 11, 23, 21, 0)]
    after = [t for t in send.wall_times if t >= wib(2026, 11, 24, 6, 0)]
    assert len(before) == 60 and len(after) == 30
    assert after[0] < wib(2026, 11, 24, 6, 0, 31)  # resumed at the first check after 06:00
    assert any(report.paused for report in reports)
    assert services.broadcasts.get(broadcast_id).status == DONE


async def test_an_urgent_broadcast_ignores_quiet_hours(services, clock):
    broadcast_id = sending_broadcast(services, 5)
    assert services.broadcasts.toggle_urgent(ADMIN, broadcast_id).broadcast.urgent
    progress, send, _ = await deliver_at(
        services, clock, wib(2026, 11, 23, 23, 0, 0), broadcast_id
    )
    assert progress.finished and all(t < wib(2026, 11, 23, 23, 1) for t in send.wall_times)


def test_only_admins_mark_urgent(services):
    broadcast_id = planned(services, "2026-11-23 09:00", author=OFFICER)
    with pytest.raises(PermissionDenied):
        services.broadcasts.toggle_urgent(OFFICER, broadcast_id)


def test_the_preview_says_when_quiet_hours_hold_a_time(services):
    subscribe_many(services, 1)
    preview = services.broadcasts.create(ADMIN, Content("x", "x"), "id", target="semua")
    held = services.broadcasts.plan(ADMIN, preview.broadcast.id, "2026-11-23 22:15")
    assert held.starts_at == wib(2026, 11, 24, 6, 0)
    free = services.broadcasts.plan(ADMIN, preview.broadcast.id, "2026-11-23 20:15")
    assert free.starts_at is None


def test_quiet_hours_can_be_turned_off(clock, real_holder):
    services = make_services(clock, real_holder, quiet_hours="off")
    assert services.broadcasts.quiet_hours is None
    assert services.broadcasts.quiet_seconds(1) == 0.0


def test_default_settings_have_quiet_hours_from_nine_to_six():
    assert BroadcastSettings().quiet_hours == "21:00-06:00"


# -- the command line -------------------------------------------------------------------------


def on_clock(monkeypatch, clock):
    """The CLI's services tell the test's time."""
    monkeypatch.setattr(
        "bot.cli.broadcasts.build_services", lambda config: build_services(config, clock=clock)
    )


def cli_config(tmp_path, threshold=500):
    config = tmp_path / "config.yaml"
    config.write_text(
        f"storage:\n  path: bot.db\nroles:\n  admins: [{ADMIN}, {OTHER_ADMIN}]\n"
        f"broadcasts:\n  approval_threshold: {threshold}\n"
    )
    return str(config)


def test_cli_schedules_lists_and_cancels(tmp_path, clock, monkeypatch):
    from bot.config import load_config
    from tests.test_broadcasts import run_cli

    config = cli_config(tmp_path)
    services = build_services(load_config(config), clock=clock)
    subscribe_many(services, 2)
    on_clock(monkeypatch, clock)
    said = run_cli(
        "--config", config, "broadcast", "schedule", "--to", "semua",
        "--at", "setiap Jumat 09:00 sampai 2026-12-31", "Laporan IOMKI setiap Jumat",
    )  # fmt: skip
    assert said.startswith("Broadcast #1 scheduled: every Friday at 09:00 WIB")
    assert "from Friday, 27 November 2026, until 31 December 2026" in said
    listing = run_cli("--config", config, "broadcast", "scheduled")
    assert listing.startswith("#2  every Friday at 09:00 WIB")
    assert "all subscribers  admin 0  'Laporan IOMKI setiap Jumat'" in listing
    assert "[at 2026-11-27 09:00 WIB, series #1]" in run_cli(
        "--config", config, "broadcast", "list"
    )
    said = run_cli("--config", config, "broadcast", "cancel", "2")
    assert said == "Broadcast #2 and its weekly series cancelled; it will not go out.\n"
    assert run_cli("--config", config, "broadcast", "scheduled") == "Nothing is scheduled.\n"


def test_cli_schedule_in_quiet_hours_urgent_and_above_the_threshold(tmp_path, clock, monkeypatch):
    from bot.config import load_config
    from tests.test_broadcasts import run_cli

    config = cli_config(tmp_path, threshold=1)
    subscribe_many(build_services(load_config(config), clock=clock), 2)
    on_clock(monkeypatch, clock)
    args = ("--config", config, "broadcast", "schedule", "--to", "semua", "--at")
    said = run_cli(*args, "2026-11-23 22:30", "Rapat malam")
    assert "more than broadcasts.approval_threshold: an admin approves it in Telegram" in said
    assert "quiet hours: it starts at 2026-11-24 06:00 WIB" in said
    said = run_cli(*args, "2026-11-23 22:30", "--urgent", "Darurat")
    assert "quiet hours" not in said
    listing = run_cli("--config", config, "broadcast", "scheduled")
    assert "[waiting for approval]" in listing and "[waiting for approval] [urgent]" in listing


def test_cli_refuses_an_unreadable_time_in_one_line(tmp_path, clock, monkeypatch, capsys):
    from bot.cli.main import main

    config = cli_config(tmp_path)
    on_clock(monkeypatch, clock)
    argv = ["--config", config, "broadcast", "schedule", "--to", "semua", "--at", "kapan-kapan"]
    assert main([*argv, "Halo"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Error: ") and len(error.strip().splitlines()) == 1
