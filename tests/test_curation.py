"""Reviewing unanswered questions by group, resolving them, and telling the askers once."""

import asyncio
import datetime as dt
import random

import pytest

from bot.answering.answerer import Asker
from bot.answering.feedback import give_feedback
from bot.config import Config, RolesSettings, StorageSettings
from bot.curation.grouping import SIMILARITY_THRESHOLD, Grouper, group_unanswered
from bot.curation.notifying import Notification
from bot.curation.unanswered import Curation
from bot.errors import NotFound, PermissionDenied
from bot.outbox.sending import DeliveryOutcome as SendResult
from bot.services import build_services
from tests.conftest import FIXED_NOW

ADMIN = 1000
# Out-of-scope questions real users ask, labelled by topic. Same-topic pairs share rare words;
# different topics share only common ones (karyawan, boleh). A known gap: "DTP" and
# "ditanggung pemerintah" do not group until synonyms.yaml says they are the same.
LABELLED = {
    "umk": [
        "berapa UMK Bekasi 2021?",
        "UMK bekasi brp ya?",
        "umk kabupaten bekasi tahun 2021 berapa",
        "UMK Bekasi 2021",
    ],
    "thr": [
        "THR karyawan boleh dicicil?",
        "thr boleh dicicil ga",
        "apakah THR bisa dicicil saat pandemi",
        "bolehkah THR dicicil",
    ],
    "swab": [
        "biaya swab antigen ditanggung perusahaan?",
        "swab antigen karyawan dibayar siapa",
        "siapa yang bayar swab antigen pekerja",
        "siapa yang membayar biaya swab antigen?",
    ],
    "pajak": [
        "insentif pajak PPh 21 ditanggung pemerintah?",
        "PPh 21 ditanggung pemerintah boleh?",
        "insentif PPh 21 buat pabrik gmn",
    ],
    "phk": ["apakah boleh PHK karyawan karena covid", "PHK karyawan krn pandemi boleh?"],
    "bpjs": ["iuran BPJS ketenagakerjaan boleh ditunda?", "penundaan iuran bpjs tk gimana"],
    "mudik": ["karyawan boleh mudik lebaran?", "larangan mudik untuk pekerja pabrik"],
    "tax": ["how do I pay income tax", "How do I pay income tax?!"],
    # "halo" is small talk now: never logged, so never grouped (tests/test_answering.py).
    "rendang": ["resep rendang padang"],
    "cuaca": ["cuaca jakarta besok gimana"],
    "ojek": ["ojek online boleh bawa penumpang?"],
}


@pytest.fixture
def services(clock, real_holder):
    config = Config(storage=StorageSettings(path=":memory:"), roles=RolesSettings(admins=[ADMIN]))
    return build_services(config, clock=clock, holder=real_holder)


@pytest.fixture
def curation(services, clock):
    return Curation(
        services.store.db,
        services.roles,
        services.holder,
        clock,
        services.zone,
        on_blocked=services.subscriptions.mark_blocked,
    )


def ask(services, question, user_id=1, language=None):
    """Ask as a Telegram user; return the answer (with its question id)."""
    return services.answerer.answer(question, Asker("telegram", user_id, user_id, language))


def partition(groups):
    """Return groups as a set of frozensets of question texts."""
    return {frozenset(group) for group in groups}


def test_grouping_puts_the_labelled_topics_together_and_apart(services):
    for user, question in enumerate(q for qs in LABELLED.values() for q in qs):
        assert not ask(services, question, user).answered, question
    rows = {row["id"]: row["question"] for row in services.store.unanswered(limit=1000)}
    groups = group_unanswered(services.store, services.holder.matcher)
    found = partition([rows[i] for i in group.unanswered_ids] for group in groups)
    assert found == partition(LABELLED.values())


@pytest.mark.parametrize(
    "threshold", [SIMILARITY_THRESHOLD - 0.03, SIMILARITY_THRESHOLD, SIMILARITY_THRESHOLD + 0.03]
)
def test_grouping_threshold_has_a_margin_in_any_order(real_holder, threshold):
    matcher = real_holder.matcher
    questions = [q for qs in LABELLED.values() for q in qs]
    for seed in range(10):
        random.Random(seed).shuffle(questions)
        grouper = Grouper(matcher, threshold)
        for index, question in enumerate(questions):
            normalized = matcher.query(question).normalized
            grouper.add({"id": index, "question": question, "normalized": normalized})
        found = partition([row["question"] for row in rows] for rows in grouper.groups)
        assert found == partition(LABELLED.values()), (seed, threshold)


def test_groups_come_largest_first_with_counts_and_examples(curation, services):
    for user, question in enumerate(LABELLED["umk"] * 2 + LABELLED["thr"] + ["resep rendang"]):
        ask(services, question, user)
    page = curation.groups(ADMIN)
    assert [group.count for group in page.groups] == [8, 4, 1]
    umk = page.groups[0]
    assert umk.id == min(umk.unanswered_ids) and len(umk.unanswered_ids) == 8
    assert len(umk.examples) == 3 and len(set(umk.examples)) == 3
    assert umk.examples[0] in LABELLED["umk"] and umk.askers == 8
    assert (page.total_groups, page.total_questions) == (3, 13)


def test_group_ids_stay_valid_while_new_questions_arrive(curation, services):
    for question in LABELLED["thr"][:2] + LABELLED["umk"][:1]:
        ask(services, question)
    before = {group.id: group.count for group in curation.groups(ADMIN).groups}
    for question in [*LABELLED["umk"][1:], "resep rendang padang"]:
        ask(services, question)
    after = {group.id: group.count for group in curation.groups(ADMIN).groups}
    assert set(before) < set(after)
    assert [after[group_id] - before[group_id] for group_id in before] == [0, 3]


def test_groups_are_paginated(curation, services):
    topics = ["umk", "thr", "swab", "pajak", "phk", "bpjs", "mudik"]
    for user, topic in enumerate(topics):
        ask(services, LABELLED[topic][0], user)
    first = curation.groups(ADMIN, page=0, per_page=3)
    last = curation.groups(ADMIN, page=2, per_page=3)
    assert (first.pages, len(first.groups), len(last.groups)) == (3, 3, 1)
    assert first.has_next and not first.has_previous
    assert last.has_previous and not last.has_next
    assert curation.groups(ADMIN, page=99, per_page=3) == last
    shown = [g.id for p in range(3) for g in curation.groups(ADMIN, p, 3).groups]
    assert len(set(shown)) == 7


def test_proposals_name_the_nearest_entries_and_put_users_picks_first(curation, services):
    answers = [
        ask(services, question, user)
        for user, question in enumerate(["iomki", "IOMKI??", "soal iomki", "iomki"])
    ]
    group = curation.groups(ADMIN).groups[0]
    assert group.count == 4
    assert "iomki-pengertian" in [p.entry_id for p in group.proposals]
    for answer in answers[:2]:
        services.store.record_pick(answer.question_id, "iomki-masa-berlaku")
    picked = curation.group(ADMIN, group.id).proposals
    assert (picked[0].entry_id, picked[0].votes) == ("iomki-masa-berlaku", 2)
    assert len(picked) == 3 and len({p.entry_id for p in picked}) == 3


def test_thumbs_down_feedback_lands_in_review(curation, services, clock):
    answer = ask(services, "cara ngurus IOMKI gmn?", 5)
    assert answer.answered
    give_feedback(services.store, answer.question_id, 5, False, clock())
    [group] = curation.groups(ADMIN).groups
    assert group.feedback == 1 and group.examples == ("cara ngurus IOMKI gmn?",)


def test_non_admins_may_not_review_and_are_logged(curation, services):
    ask(services, "berapa UMK Bekasi 2021?")
    calls = [
        lambda: curation.groups(7),
        lambda: curation.group(7, 1),
        lambda: curation.resolve_group(7, 1, "iomki-pengertian"),
        lambda: curation.dismiss_group(7, 1),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    actions = [row["action"] for row in services.store.db["denied"].rows]
    assert actions == ["unanswered.review"] * 2 + ["unanswered.resolve", "unanswered.dismiss"]
    assert services.store.unanswered()[0]["status"] == "open"


def umk_group_asked_by_many(services, clock, curation):
    """Users 1 (twice, on two days), 2 (in English), 3 (opted out) and the CLI ask about UMK."""
    clock.now = FIXED_NOW - dt.timedelta(days=3, hours=7)  # 19 Nov, 08:00 in Jakarta
    ask(services, "berapa UMK Bekasi 2021?", 1)
    clock.now = FIXED_NOW
    ask(services, "UMK bekasi brp ya?", 1)
    ask(services, "UMK Bekasi 2021", 2, language="en")
    ask(services, "umk kabupaten bekasi tahun 2021 berapa", 3)
    services.answerer.answer("UMK Bekasi 2021?")
    curation.set_answer_notifications(3, False)
    return curation.groups(ADMIN).groups[0]


def test_resolving_tells_each_opted_in_asker_once(curation, services, clock):
    group = umk_group_asked_by_many(services, clock, curation)
    assert group.count == 5
    notes = curation.resolve_group(ADMIN, group.id, "iomki-pengertian")
    assert [(n.chat_id, n.language, n.asked_on) for n in notes] == [
        (1, "id", dt.date(2026, 11, 19)),
        (2, "en", dt.date(2026, 11, 22)),
    ]
    entry = services.holder.knowledge.entry("iomki-pengertian")
    assert notes[0].text == (
        "Pertanyaan Anda tanggal 19 November 2026 («berapa UMK Bekasi "
        f"2021?») kini sudah ada jawabannya:\n\n{entry.answer}"
    )
    assert notes[1].text == (
        "Your question of 22 November 2026 («UMK Bekasi 2021») now has "
        f"an answer:\n\n{entry.answer_en}"
    )
    rows = list(services.store.db["unanswered"].rows)
    assert {(r["status"], r["resolved_entry_id"]) for r in rows} == {
        ("resolved", "iomki-pengertian")
    }
    notices = services.store.db["answer_notices"].rows
    assert sorted(r["status"] for r in notices) == ["pending"] * 2 + ["skipped"] * 3
    assert curation.pending_notifications() == notes


def test_a_group_is_resolved_only_once_and_users_are_not_told_twice(curation, services, clock):
    group = umk_group_asked_by_many(services, clock, curation)
    curation.resolve_group(ADMIN, group.id, "iomki-pengertian")
    with pytest.raises(NotFound):
        curation.resolve_group(ADMIN, group.id, "iomki-pengertian")
    ask(services, "berapa UMK Bekasi 2021?", 1)
    ask(services, "berapa UMK Bekasi 2021?", 4)
    again = curation.groups(ADMIN).groups[0]
    notes = curation.resolve_group(ADMIN, again.id, "iomki-pengertian")
    assert [n.chat_id for n in notes] == [4]


def test_resolving_needs_an_existing_entry_and_group(curation, services):
    ask(services, "berapa UMK Bekasi 2021?")
    group_id = curation.groups(ADMIN).groups[0].id
    with pytest.raises(NotFound):
        curation.resolve_group(ADMIN, group_id, "no-such-entry")
    with pytest.raises(NotFound):
        curation.resolve_group(ADMIN, group_id + 100, "iomki-pengertian")
    assert services.store.unanswered()[0]["status"] == "open"


def test_dismissing_closes_the_group_without_telling_anyone(curation, services):
    ask(services, "resep rendang padang", 1)
    ask(services, "berapa UMK Bekasi 2021?", 2)
    rendang = next(
        g
        for g in curation.groups(ADMIN).groups
        if g.count == 1 and g.examples == ("resep rendang padang",)
    )
    assert curation.dismiss_group(ADMIN, rendang.id).id == rendang.id
    [row] = services.store.unanswered(status="dismissed")
    assert row["question"] == "resep rendang padang" and notify_states(services) == {}
    assert [g.examples[0] for g in curation.groups(ADMIN).groups] == ["berapa UMK Bekasi 2021?"]
    assert curation.pending_notifications() == []


def test_users_can_opt_out_and_back_in(curation, services):
    assert curation.wants_notifications(9)
    services.store.set_language(9, "en", FIXED_NOW)
    curation.set_answer_notifications(9, False)
    assert not curation.wants_notifications(9)
    curation.set_answer_notifications(9, True)
    assert curation.wants_notifications(9)
    assert services.store.language_of(9) == "en"


class FakeSender:
    """Records what was sent; answers with scripted results per chat (default: sent)."""

    def __init__(self, script=None):
        self.script = script or {}
        self.sent: list[Notification] = []

    async def __call__(self, notification):
        self.sent.append(notification)
        results = self.script.get(notification.chat_id)
        if isinstance(results, list):
            return results.pop(0)
        if isinstance(results, Exception):
            raise results
        return results or SendResult.sent()


class FakeSleep:
    """A monotonic clock and a sleep that advance virtual seconds at once, recording the
    pauses and the time of every send."""

    def __init__(self):
        self.now = 100.0
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.now

    async def __call__(self, seconds):
        self.pauses.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


class TimedSender(FakeSender):
    """A FakeSender that notes the virtual time of every send."""

    def __init__(self, sleep, script=None):
        super().__init__(script)
        self.sleep, self.times = sleep, []

    async def __call__(self, notification):
        self.times.append(self.sleep.now)
        return await super().__call__(notification)


def queue_for(services, curation, users):
    """Have each user ask about UMK, resolve the group; return the notifications."""
    for user in users:
        ask(services, "berapa UMK Bekasi 2021?", user)
    group_id = curation.groups(ADMIN).groups[0].id
    return curation.resolve_group(ADMIN, group_id, "iomki-pengertian")


def notify_states(services):
    """Return {user_id: the state of the notice about their question}."""
    return {r["user_id"]: r["status"] for r in services.store.db["answer_notices"].rows}


async def test_delivery_sends_each_notification_once_and_records_outcomes(curation, services):
    queue_for(services, curation, [1, 2, 3])
    services.subscriptions.subscribe(2, 2, "id")
    sleep = FakeSleep()
    send = TimedSender(
        sleep,
        {
            2: SendResult.blocked("Forbidden: bot was blocked by the user"),
            3: SendResult.failed("Chat not found"),
        },
    )
    counts = await curation.deliver_notifications(send, sleep, per_second=4, clock=sleep.clock)
    assert counts == {"sent": 1, "blocked": 1, "failed": 1}
    assert [n.chat_id for n in send.sent] == [1, 2, 3]
    assert sleep.pauses == [0.25] * 2  # 4 a second: the first at once, then a slot each
    assert notify_states(services) == {1: "sent", 2: "blocked", 3: "failed"}
    assert not services.subscriptions.subscription(2).active  # blocked: unsubscribed
    assert await curation.deliver_notifications(send, sleep, clock=sleep.clock) == {}
    assert len(send.sent) == 3


def test_deleting_a_user_deletes_the_notices_about_their_questions(curation, services):
    queue_for(services, curation, [1, 2])
    assert services.store.user_data_counts(1)["answer_notices"] == 1
    assert services.store.delete_user_data(1)["answer_notices"] == 1
    assert notify_states(services) == {2: "pending"}
    assert [n.chat_id for n in curation.pending_notifications()] == [2]


def test_a_reopened_question_resolved_again_is_queued_again(curation, services):
    [note] = queue_for(services, curation, [1])
    services.store.set_unanswered_status(note.unanswered_id, "open", FIXED_NOW)
    group_id = curation.groups(ADMIN).groups[0].id
    [again] = curation.resolve_group(ADMIN, group_id, "iomki-cakupan")
    assert again.unanswered_id == note.unanswered_id and again.entry_id == "iomki-cakupan"
    assert notify_states(services) == {1: "pending"}


async def test_a_restart_resumes_without_resending_rows_left_sending(curation, services, clock):
    queue_for(services, curation, [1, 2, 3])
    first = curation.pending_notifications()[0]
    assert curation.ledger.claim(first.unanswered_id)  # the bot died while sending to user 1
    restarted = Curation(services.store.db, services.roles, services.holder, clock, services.zone)
    assert [n.chat_id for n in restarted.pending_notifications()] == [2, 3]
    send, sleep = FakeSender(), FakeSleep()
    assert await restarted.deliver_notifications(send, sleep, clock=sleep.clock) == {"sent": 2}
    assert [n.chat_id for n in send.sent] == [2, 3]
    assert notify_states(services) == {1: "unknown", 2: "sent", 3: "sent"}


async def test_a_flood_wait_pauses_then_sends_the_same_message(curation, services):
    queue_for(services, curation, [1])
    sleep = FakeSleep()
    send = TimedSender(sleep, {1: [SendResult.flood_wait(7), SendResult.sent()]})
    counts = await curation.deliver_notifications(send, sleep, per_second=0, clock=sleep.clock)
    assert counts == {"sent": 1}
    assert sum(sleep.pauses) == 7 and len(send.sent) == 2
    assert send.times[1] - send.times[0] == 7


async def test_a_surprise_error_is_reported_and_never_resent(curation, services, caplog):
    queue_for(services, curation, [1, 2])
    send, sleep = FakeSender({1: RuntimeError("connection reset")}), FakeSleep()
    counts = await curation.deliver_notifications(send, sleep, 0, clock=sleep.clock)
    assert counts == {"unknown": 1, "sent": 1}
    assert "answer notification" in caplog.text
    assert await curation.deliver_notifications(send, sleep, 0, clock=sleep.clock) == {}
    assert notify_states(services) == {1: "unknown", 2: "sent"}


async def test_two_notifications_to_one_chat_are_a_second_apart(curation, services):
    queue_for(services, curation, [1])
    ask(services, "resep rendang padang", 1)
    rendang = next(g for g in curation.groups(ADMIN).groups if g.count == 1)
    curation.resolve_group(ADMIN, rendang.id, "iomki-siapa-perlu")
    sleep = FakeSleep()
    send = TimedSender(sleep)
    counts = await curation.deliver_notifications(send, sleep, per_second=0, clock=sleep.clock)
    assert counts == {"sent": 2} and [n.chat_id for n in send.sent] == [1, 1]
    assert send.times[1] - send.times[0] >= 1.0  # Telegram allows about one a second per chat


async def test_questions_resolved_during_delivery_are_sent_in_the_same_run(curation, services):
    queue_for(services, curation, [1])
    ask(services, "resep rendang padang", 2)
    rendang = next(g for g in curation.groups(ADMIN).groups if g.count == 1)

    async def send_and_resolve(notification):
        if notification.chat_id == 1:
            curation.resolve_group(ADMIN, rendang.id, "iomki-siapa-perlu")
            assert await curation.deliver_notifications(FakeSender(), FakeSleep()) == {}
        return SendResult.sent()

    sleep = FakeSleep()
    counts = await curation.deliver_notifications(send_and_resolve, sleep, 0, clock=sleep.clock)
    assert counts == {"sent": 2}


def test_resolving_the_ids_shown_survives_a_regrouping(curation, services):
    for user, question in enumerate(LABELLED["umk"][:3], start=1):
        ask(services, question, user)
    shown = curation.groups(ADMIN).groups[0]
    ask(services, LABELLED["umk"][3], 4)  # arrives after the admin looked
    notes = curation.resolve_group(ADMIN, shown.id, "iomki-pengertian", shown.unanswered_ids)
    assert [n.chat_id for n in notes] == [1, 2, 3]
    assert [row["user_id"] for row in services.store.unanswered()] == [4]
    with pytest.raises(NotFound):
        curation.resolve_group(ADMIN, shown.id, "iomki-pengertian", shown.unanswered_ids)
    with pytest.raises(NotFound):  # the ids must be the group's own
        curation.resolve_group(ADMIN, shown.id, "iomki-pengertian", [999])
