"""Broadcasts in the domain: roles, approval, the ledger and the delivery worker (fake send)."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from dataclasses import replace

import pytest

from bot.broadcasts.announcements import (
    CANCELLED,
    DONE,
    PENDING_APPROVAL,
    REJECTED,
    SENDING,
    Content,
    split_one_line,
)
from bot.broadcasts.subscriptions import Audience
from bot.config import BroadcastSettings, Config, RolesSettings, StorageSettings
from bot.errors import PermissionDenied, UserError
from bot.outbox.sending import INTERRUPTED, DeliveryOutcome, Pace, SharedSlots, TokenBucket
from bot.outbox.sending import Status as RowStatus
from bot.services import build_services

ADMIN, OTHER_ADMIN, OFFICER, USER = 900, 901, 501, 777
BEKASI = "Jawa Barat / Kabupaten Bekasi"


class VirtualTime:
    """A clock and a sleep that advance virtual seconds instantly."""

    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


class FakeSend:
    """Records every call; answers from a script per chat (default: sent)."""

    def __init__(
        self,
        time: VirtualTime | None = None,
        latency: float = 0.0,
        script: dict[int, list] | None = None,
    ) -> None:
        self.calls: list[tuple[int, float]] = []
        self.time, self.latency = time, latency
        self.script = {chat: list(outcomes) for chat, outcomes in (script or {}).items()}

    async def __call__(self, chat_id, broadcast) -> DeliveryOutcome:
        self.calls.append((chat_id, self.time.now if self.time else 0.0))
        if self.latency and self.time:
            await self.time.sleep(self.latency)
        await asyncio.sleep(0)
        outcomes = self.script.get(chat_id)
        outcome = outcomes.pop(0) if outcomes else DeliveryOutcome.sent()
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome == "hang":
            await asyncio.Event().wait()
        return outcome

    @property
    def chats(self) -> list[int]:
        return [chat for chat, _ in self.calls]


def make_services(clock, holder, threshold=500, **settings):
    config = Config(
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(
            admins=[ADMIN, OTHER_ADMIN], officers=[{"id": OFFICER, "region": BEKASI}]
        ),
        broadcasts=BroadcastSettings(approval_threshold=threshold, **settings),
    )
    return build_services(config, clock=clock, holder=holder)


@pytest.fixture
def services(clock, real_holder):
    return make_services(clock, real_holder)


def subscribe_many(services, count, start=1000, region=None):
    for chat in range(start, start + count):
        services.subscriptions.subscribe(chat, chat, "id")
        if region:
            services.subscriptions.set_region_text(chat, region)
    return list(range(start, start + count))


def started(services, author=ADMIN, target="semua", text="Pengumuman penting"):
    """Create and confirm a broadcast; return its id (sending)."""
    preview = services.broadcasts.create(author, Content(text, text), "id", target=target)
    confirmation = services.broadcasts.confirm(author, preview.broadcast.id, author, 1)
    assert confirmation.sending
    return preview.broadcast.id


def statuses(services, broadcast_id):
    return Counter(
        row["status"]
        for row in services.store.db["deliveries"].rows_where("broadcast_id = ?", [broadcast_id])
    )


# -- pacing ------------------------------------------------------------------------------------


async def test_token_bucket_paces_and_holds():
    time = VirtualTime()
    bucket = TokenBucket(5.0, time.clock, time.sleep)
    start = time.now
    for _ in range(11):
        await bucket.take()
    assert time.now - start == pytest.approx(2.0)
    bucket.hold(7.0)
    await bucket.take()
    assert time.now - start == pytest.approx(9.0)


async def test_token_bucket_makes_up_for_late_wake_ups_but_never_bursts():
    time = VirtualTime()

    async def late_sleep(seconds):
        await time.sleep(seconds + 0.003)  # timers fire a little late

    bucket = TokenBucket(25.0, time.clock, late_sleep)
    start = time.now
    for _ in range(100):
        await bucket.take()
    assert time.now - start < 99 / 25 + 0.01  # not 99 × (0.040 + 0.003)
    time.now += 5.0  # a long stall earns no burst
    await bucket.take()
    before = time.now
    await bucket.take()
    assert time.now - before >= 0.75 / 25


async def test_token_bucket_without_rate_only_holds():
    time = VirtualTime()
    bucket = TokenBucket(0, time.clock, time.sleep)
    for _ in range(1000):
        await bucket.take()
    assert time.now == 100.0


async def test_runs_share_the_bots_send_slots_and_its_flood_waits():
    time, other_time = VirtualTime(), VirtualTime()
    slots = SharedSlots(5.0)
    broadcast, notices = slots.bucket(time.clock), slots.bucket(time.clock)
    assert broadcast is notices and slots.bucket(other_time.clock) is not broadcast
    start = time.now
    for taker in [broadcast, notices] * 5 + [broadcast]:  # two runs, taking turns
        await taker.take(time.sleep)
    assert time.now - start == pytest.approx(2.0)  # 11 sends at 5 a second, not 10
    notices.hold(7.0)  # a flood wait one run met holds the other
    await broadcast.take(time.sleep)
    assert time.now - start == pytest.approx(9.0)


def test_broadcasts_and_notices_take_the_same_slots(services):
    assert services.broadcasts.slots is services.curation.slots is not None
    assert services.broadcasts.slots.rate == services.config.broadcasts.messages_per_second


# -- creating, roles and approval ---------------------------------------------------------------


def test_one_line_form_is_split_at_the_first_colon():
    assert split_one_line("semua: Rapat pukul 10:00") == ("semua", "Rapat pukul 10:00")
    with pytest.raises(UserError, match="titik dua"):
        split_one_line("semua pesan tanpa titik dua")


def test_ordinary_users_may_not_broadcast(services):
    with pytest.raises(PermissionDenied):
        services.broadcasts.create(USER, Content("Halo", "Halo"), "id", target="semua")
    assert services.store.db["denied"].count == 1


def test_officer_broadcasts_only_to_their_own_region(services):
    subscribe_many(services, 3, region=BEKASI)
    subscribe_many(services, 2, start=2000, region="Jawa Timur / Kota Surabaya")
    preview = services.broadcasts.create(OFFICER, Content("Halo", "Halo"), "id", target="semua")
    assert preview.broadcast.audience == Audience("Jawa Barat", "Kabupaten Bekasi")
    assert preview.recipients == 3
    topic = services.broadcasts.create(OFFICER, Content("Halo", "Halo"), "id", target="iomki")
    assert topic.broadcast.audience == Audience("Jawa Barat", "Kabupaten Bekasi", "iomki")
    for target in ("Jawa Timur / Kota Surabaya", "Jawa Barat"):
        with pytest.raises(PermissionDenied, match="wilayahnya sendiri"):
            services.broadcasts.create(OFFICER, Content("Halo", "Halo"), "id", target=target)
    draft = services.broadcasts.create(OFFICER, Content("Halo", "Halo"), "id")
    with pytest.raises(PermissionDenied):
        services.broadcasts.choose_audience(OFFICER, draft.broadcast.id, Audience())


def test_admin_may_choose_any_audience(services):
    subscribe_many(services, 3, region=BEKASI)
    subscribe_many(services, 2, start=2000, region="Jawa Timur / Kota Surabaya")
    draft = services.broadcasts.create(ADMIN, Content("Halo", "Halo"), "id")
    assert draft.broadcast.audience is None and draft.options.regions
    assert services.broadcasts.choose_target(ADMIN, draft.broadcast.id, "semua").recipients == 5
    east = services.broadcasts.choose_target(ADMIN, draft.broadcast.id, "Jawa Timur")
    assert east.recipients == 2
    topic = services.broadcasts.choose_target(ADMIN, draft.broadcast.id, "Protokol kesehatan")
    assert topic.broadcast.audience == Audience(topic="protokol-kesehatan")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (Content("   ", ""), "harus berisi teks"),
        (Content("x" * 3501, "x"), "terlalu panjang"),
        (Content("x" * 900, "x", "photo", "PHOTO-1"), "terlalu panjang"),
        (Content("x", "x", "sticker", "S-1"), "harus berisi teks"),
    ],
)
def test_content_is_checked(services, content, message):
    with pytest.raises(UserError, match=message):
        services.broadcasts.create(ADMIN, content, "id", target="semua")


def test_confirm_twice_and_someone_elses_draft_are_refused(services):
    subscribe_many(services, 2)
    broadcast_id = started(services)
    with pytest.raises(UserError, match="sudah diproses"):
        services.broadcasts.confirm(ADMIN, broadcast_id)
    draft = services.broadcasts.create(ADMIN, Content("Halo", "Halo"), "id", target="semua")
    with pytest.raises(PermissionDenied, match="bukan siaran Anda"):
        services.broadcasts.confirm(OTHER_ADMIN, draft.broadcast.id)


def test_confirm_needs_recipients(services):
    draft = services.broadcasts.create(ADMIN, Content("Halo", "Halo"), "id", target="semua")
    with pytest.raises(UserError, match="Belum ada pelanggan"):
        services.broadcasts.confirm(ADMIN, draft.broadcast.id)


def test_large_broadcast_needs_another_admins_approval(clock, real_holder):
    services = make_services(clock, real_holder, threshold=3)
    subscribe_many(services, 4, region=BEKASI)
    preview = services.broadcasts.create(OFFICER, Content("Halo", "Halo"), "id", target="semua")
    assert preview.needs_approval
    confirmation = services.broadcasts.confirm(OFFICER, preview.broadcast.id, OFFICER, 7)
    assert confirmation.broadcast.status == PENDING_APPROVAL
    assert confirmation.approvers == (ADMIN, OTHER_ADMIN)
    assert services.store.db["deliveries"].count == 0
    with pytest.raises(PermissionDenied):
        services.broadcasts.approve(OFFICER, preview.broadcast.id)
    broadcast = services.broadcasts.approve(ADMIN, preview.broadcast.id)
    assert broadcast.status == SENDING and broadcast.recipients == 4
    assert statuses(services, broadcast.id) == {"pending": 4}
    with pytest.raises(UserError, match="sudah diproses"):
        services.broadcasts.approve(OTHER_ADMIN, preview.broadcast.id)


def test_admins_cannot_approve_their_own_broadcast(clock, real_holder):
    services = make_services(clock, real_holder, threshold=1)
    subscribe_many(services, 2)
    preview = services.broadcasts.create(ADMIN, Content("Halo", "Halo"), "id", target="semua")
    confirmation = services.broadcasts.confirm(ADMIN, preview.broadcast.id)
    assert confirmation.approvers == (OTHER_ADMIN,)
    with pytest.raises(PermissionDenied, match="admin lain"):
        services.broadcasts.approve(ADMIN, preview.broadcast.id)
    assert services.broadcasts.reject(OTHER_ADMIN, preview.broadcast.id).status == REJECTED


def test_approval_without_another_admin_is_refused(clock, real_holder):
    config = Config(
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(admins=[ADMIN]),
        broadcasts=BroadcastSettings(approval_threshold=1),
    )
    services = build_services(config, clock=clock, holder=real_holder)
    subscribe_many(services, 2)
    preview = services.broadcasts.create(ADMIN, Content("Halo", "Halo"), "id", target="semua")
    with pytest.raises(UserError, match="belum ada admin lain"):
        services.broadcasts.confirm(ADMIN, preview.broadcast.id)


def test_cancel_a_draft(services):
    draft = services.broadcasts.create(ADMIN, Content("Halo", "Halo"), "id")
    assert services.broadcasts.cancel(ADMIN, draft.broadcast.id).status == CANCELLED
    with pytest.raises(UserError):
        services.broadcasts.cancel(ADMIN, draft.broadcast.id)


def test_recipients_are_fixed_when_sending_starts(services):
    subscribe_many(services, 3)
    broadcast_id = started(services)
    subscribe_many(services, 1, start=5000)
    assert services.broadcasts.get(broadcast_id).recipients == 3
    assert statuses(services, broadcast_id) == {"pending": 3}


# -- delivery ------------------------------------------------------------------------------------


async def deliver(services, broadcast_id, send, time, **kwargs):
    pace = kwargs.pop("pace", Pace(messages_per_second=10, progress_interval=2.0))
    return await services.broadcasts.deliver(
        broadcast_id, send, clock=time.clock, sleep=time.sleep, pace=pace, **kwargs
    )


async def test_deliver_sends_each_subscriber_once_at_the_pace(services):
    chats = subscribe_many(services, 50)
    broadcast_id = started(services)
    time = VirtualTime()
    send = FakeSend(time)
    start = time.now
    progress = await deliver(services, broadcast_id, send, time)
    assert sorted(send.chats) == chats
    assert progress.finished and progress.counts.sent == 50
    assert services.broadcasts.get(broadcast_id).status == DONE
    assert time.now - start == pytest.approx(4.9, abs=0.15)  # 10 a second, the first at once
    assert progress.rate == pytest.approx(10, rel=0.1)


async def test_sends_overlap_when_telegram_is_slow(services):
    subscribe_many(services, 40)
    broadcast_id = started(services)
    in_flight, most = 0, 0

    async def slow_send(chat_id, broadcast):
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return DeliveryOutcome.sent()

    services.broadcasts.slots = SharedSlots(400)  # the bot-wide cap at this test's pace
    progress = await services.broadcasts.deliver(
        broadcast_id, slow_send, pace=Pace(messages_per_second=400)
    )
    assert progress.counts.sent == 40
    assert most > 4  # several sends were in flight at once (timing is left to the benchmark)


async def test_blocked_chats_are_unsubscribed_and_failures_recorded(services):
    chats = subscribe_many(services, 10)
    broadcast_id = started(services)
    script = {
        chats[1]: [DeliveryOutcome.blocked("Forbidden: bot was blocked by the user")],
        chats[2]: [DeliveryOutcome.failed("Chat not found")],
    }
    time = VirtualTime()
    progress = await deliver(services, broadcast_id, FakeSend(time, script=script), time)
    assert (progress.counts.sent, progress.counts.blocked, progress.counts.failed) == (8, 1, 1)
    assert not services.subscriptions.subscription(chats[1]).active
    assert services.subscriptions.subscription(chats[2]).active
    report = services.broadcasts.report(ADMIN, broadcast_id)
    assert ("failed", "Chat not found", 1) in report.reasons


async def test_retry_after_holds_the_worker_and_resends(services):
    chats = subscribe_many(services, 5)
    broadcast_id = started(services)
    time = VirtualTime()
    send = FakeSend(time, script={chats[0]: [DeliveryOutcome.flood_wait(7)]})
    start = time.now
    progress = await deliver(services, broadcast_id, send, time)
    assert Counter(send.chats)[chats[0]] == 2
    assert progress.counts.sent == 5 and progress.flood_waits == 1
    retried = [at for chat, at in send.calls if chat == chats[0]][1]
    assert retried >= start + 7
    assert all(at < start + 0.5 or at >= start + 7 for _, at in send.calls)  # all waited


async def test_safe_network_errors_back_off_then_fail_after_the_limit(services):
    chats = subscribe_many(services, 3)
    broadcast_id = started(services)
    time = VirtualTime()
    script = {
        chats[0]: [DeliveryOutcome.retry("Bad Gateway (502)")],
        chats[1]: [DeliveryOutcome.retry("ConnectError")] * 10,
    }
    send = FakeSend(time, script=script)
    progress = await deliver(
        services, broadcast_id, send, time, pace=Pace(10, network_attempts=4, backoff=1.0)
    )
    assert Counter(send.chats) == {chats[0]: 2, chats[1]: 4, chats[2]: 1}
    assert (progress.counts.sent, progress.counts.failed) == (2, 1)
    reasons = services.broadcasts.report(ADMIN, broadcast_id).reasons
    assert reasons == (("failed", "network: ConnectError", 1),)


async def test_ambiguous_outcomes_are_unknown_and_never_resent(services):
    chats = subscribe_many(services, 4)
    broadcast_id = started(services)
    time = VirtualTime()
    script = {
        chats[0]: [DeliveryOutcome.unknown("RemoteProtocolError")],
        chats[1]: [RuntimeError("surprise")],
    }
    send = FakeSend(time, script=script)
    progress = await deliver(services, broadcast_id, send, time)
    assert progress.counts.unknown == 2 and progress.counts.sent == 2
    again = await deliver(services, broadcast_id, send, time)
    assert again.counts.unknown == 2 and len(send.calls) == 4


async def test_a_crash_mid_broadcast_resumes_without_sending_twice(services):
    chats = subscribe_many(services, 30)
    broadcast_id = started(services)
    time = VirtualTime()
    first = FakeSend(time, latency=0.05, script={chats[12]: ["hang"]})
    worker = asyncio.ensure_future(deliver(services, broadcast_id, first, time))
    while chats[12] not in first.chats:
        await asyncio.sleep(0)
    worker.cancel()  # the process dies while chat 12's message is in flight
    with pytest.raises(asyncio.CancelledError):
        await worker
    assert statuses(services, broadcast_id)[RowStatus.SENDING] >= 1
    second = FakeSend(time)
    progress = await deliver(services, broadcast_id, second, time)
    assert progress.finished and services.broadcasts.get(broadcast_id).status == DONE
    assert not set(first.chats) & set(second.chats)
    unknown = set(services.broadcasts.ledger.chats(broadcast_id, "unknown"))
    assert chats[12] in unknown
    assert set(first.chats) | set(second.chats) == set(chats)
    assert set(second.chats) == set(chats) - set(first.chats)
    assert progress.counts.sent + progress.counts.unknown == 30
    assert ("unknown", INTERRUPTED, len(unknown)) in progress_reasons(services, broadcast_id)


def progress_reasons(services, broadcast_id):
    return services.broadcasts.report(ADMIN, broadcast_id).reasons


async def test_stopping_leaves_rows_pending_for_the_next_start(services):
    chats = subscribe_many(services, 20)
    broadcast_id = started(services)
    time = VirtualTime()
    send = FakeSend(time, latency=0.2)
    progress = await deliver(
        services, broadcast_id, send, time, stopping=lambda: len(send.calls) >= 5
    )
    assert not progress.finished
    assert services.broadcasts.get(broadcast_id).status == SENDING
    assert statuses(services, broadcast_id) == {"sent": 5, "pending": 15}
    assert [b.id for b in services.broadcasts.unfinished()] == [broadcast_id]
    rest = await deliver(services, broadcast_id, send, time)
    assert rest.finished and sorted(send.chats) == chats


async def test_progress_is_reported_every_interval_with_an_eta(services):
    subscribe_many(services, 70)
    broadcast_id = started(services)
    time = VirtualTime()
    reports = []

    async def report(progress):
        reports.append((time.now, progress))

    await deliver(services, broadcast_id, FakeSend(time), time, report=report)
    times = [at for at, _ in reports]
    assert len(reports) >= 2
    assert all(b - a >= 2.0 for a, b in itertools.pairwise(times))
    first = reports[0][1]
    assert first.counts.remaining + first.counts.done == 70
    assert first.eta_seconds == pytest.approx(first.counts.remaining / first.rate)


async def test_paid_broadcast_setting_reaches_the_pace(clock, real_holder):
    services = make_services(clock, real_holder, messages_per_second=900.0)
    subscribe_many(services, 100)
    broadcast_id = started(services)
    time = VirtualTime()
    start = time.now
    await services.broadcasts.deliver(
        broadcast_id, FakeSend(time), clock=time.clock, sleep=time.sleep
    )
    assert time.now - start == pytest.approx(99 / 900)


def test_report_is_for_admins_and_the_author(services):
    subscribe_many(services, 1, region=BEKASI)
    broadcast_id = started(services, author=OFFICER)
    assert services.broadcasts.report(OFFICER, broadcast_id).counts.pending == 1
    with pytest.raises(PermissionDenied):
        services.broadcasts.report(USER, broadcast_id)
    assert [r.broadcast.id for r in services.broadcasts.recent(ADMIN)] == [broadcast_id]


def test_replace_keeps_pace_frozen():
    with pytest.raises(AttributeError):
        Pace().messages_per_second = 3  # type: ignore[misc]
    assert replace(Pace(), messages_per_second=3).messages_per_second == 3


# -- the command line -------------------------------------------------------------------------


def run_cli(*argv: str) -> str:
    """Run `policybot broadcast …` through add_broadcast's parser; return what it printed."""
    import argparse
    import io

    from bot.cli.broadcasts import add_broadcast

    parser = argparse.ArgumentParser(prog="policybot")
    parser.add_argument("--config")
    add_broadcast(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    assert args.handler(args, out) == 0
    return out.getvalue()


async def test_cli_lists_broadcasts_and_shows_a_status(tmp_path, clock):
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: bot.db\nroles:\n  admins: [{ADMIN}]\n")
    from bot.config import load_config

    services = build_services(load_config(config), clock=clock)
    assert run_cli("--config", str(config), "broadcast", "list") == "No broadcasts yet.\n"
    chats = subscribe_many(services, 3)
    broadcast_id = started(services, text="Rapat koordinasi IOMKI hari Senin")
    time = VirtualTime()
    script = {chats[0]: [DeliveryOutcome.blocked("Forbidden: bot was blocked by the user")]}
    await deliver(services, broadcast_id, FakeSend(time, script=script), time)
    listing = run_cli("--config", str(config), "broadcast", "list")
    assert listing.startswith("#1  2026-11-22 08:00  done")
    assert "all subscribers  (sent 2, blocked 1, failed 0, unknown 0" in listing
    status = run_cli("--config", str(config), "broadcast", "status", "1")
    assert "Broadcast #1: done" in status and "recipients: 3" in status
    assert "'Rapat koordinasi IOMKI hari Senin'" in status
    assert "blocked      1  Forbidden: bot was blocked by the user" in status


def test_cli_status_of_a_missing_broadcast_is_not_found(tmp_path):
    from bot.errors import NotFound

    config = tmp_path / "config.yaml"
    config.write_text("storage:\n  path: bot.db\n")
    with pytest.raises(NotFound, match="Siaran #9 tidak ditemukan"):
        run_cli("--config", str(config), "broadcast", "status", "9")
