""" "What changed" notices in the domain: finding a change once, its audience, Kirim once."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.access.roles import CLI_ACTOR
from bot.config import Config, CurationSettings, KnowledgeSettings, RolesSettings, StorageSettings
from bot.curation.changes import AnswerChanges, ChangeNotice, first_lines
from bot.errors import PermissionDenied, UserError
from bot.knowledge.current import KnowledgeHolder
from bot.outbox.sending import DeliveryOutcome
from bot.services import build_services
from bot.storage.store import QuestionRecord

ADMIN, USER = 900, 4242
ENTRY, OTHER_ENTRY = "contoh-masker", "contoh-lapor"  # topics: protokol-kesehatan, pelaporan
NEW_ANSWER = "Pekerja wajib memakai masker selama berada di lingkungan pabrik."


@pytest.fixture
def changing(small_knowledge_dir, clock):
    config = Config(
        knowledge=KnowledgeSettings(path=str(small_knowledge_dir)),
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(admins=[ADMIN]),
        curation=CurationSettings(changed_notice_days=30),
    )
    return build_services(config, clock=clock)


def asked(changing, user_id, entry_id, at, outcome="answer"):
    """Log a question that got `outcome` with an entry at a time."""
    changing.store.log_question(
        QuestionRecord(at, "telegram", user_id, user_id, "id", "q", "q", entry_id, 80.0, outcome)
    )


def change_answer(changing, entry_id=ENTRY, answer=NEW_ANSWER):
    changing.editor.update_entry(CLI_ACTOR, entry_id, {"answer": answer})


def change_rows(changing):
    return list(changing.store.db["answer_changes"].rows)


def test_an_answer_edit_is_one_change_found_once(changing):
    change_answer(changing)
    rows = change_rows(changing)
    assert [(row["entry_id"], row["decision"]) for row in rows] == [(ENTRY, None)]
    assert changing.changes.detect() == []
    changing.holder.reload()
    assert changing.changes.detect() == []
    assert len(change_rows(changing)) == 1


def test_the_english_answer_counts_too(changing):
    changing.editor.update_entry(CLI_ACTOR, ENTRY, {"answer_en": "Masks are worn all day."})
    assert [row["entry_id"] for row in change_rows(changing)] == [ENTRY]


def test_phrasings_tags_new_and_deleted_entries_are_no_change(changing):
    changing.editor.add_phrasing(CLI_ACTOR, ENTRY, "Masker wajib dipakai di pabrik?")
    changing.editor.update_entry(CLI_ACTOR, ENTRY, {"tags": ["masker", "apd"]})
    changing.editor.add_entry(
        CLI_ACTOR,
        "se-contoh",
        {
            "questions": ["Apakah pabrik wajib menyediakan hand sanitizer?"],
            "answer": "Ya, di setiap pintu masuk.",
            "answer_en": "Yes, at every entrance.",
            "topic": "protokol-kesehatan",
            "source": {"point": "angka 4", "point_en": "point 4"},
        },
    )
    changing.editor.delete_entry(CLI_ACTOR, OTHER_ENTRY)
    assert change_rows(changing) == []


def test_a_change_seen_by_two_processes_is_recorded_once(changing, small_knowledge_dir, clock):
    # The bot's holder loaded the old file; the CLI's import writes the new answer.
    bot_holder = KnowledgeHolder(small_knowledge_dir)
    bot_changes = AnswerChanges(changing.store.db, bot_holder, changing.roles, clock, 30)
    assert bot_changes.detect() == []
    change_answer(changing)  # the CLI process records it
    bot_holder.reload()  # the bot's file watch sees the same edit
    assert bot_changes.detect() == []
    assert len(change_rows(changing)) == 1


def test_an_answer_edited_while_no_process_ran_is_found_at_start(changing, small_knowledge_dir):
    path = small_knowledge_dir / "se-contoh.yaml"
    path.write_text(path.read_text().replace("sejak berangkat dari rumah", "sepanjang hari"))
    changing.holder.reload()  # e.g. the next start-up's first load
    assert len(changing.changes.detect()) == 1


def test_audience_is_recent_askers_and_topic_subscribers_less_opted_out(changing, clock):
    now = clock()
    day = dt.timedelta(days=1)
    asked(changing, 1, ENTRY, now - 29 * day)  # recent asker
    asked(changing, 1, ENTRY, now - 2 * day)  # the same asker again: one notice
    asked(changing, 2, ENTRY, now - 31 * day)  # too long ago
    asked(changing, 3, OTHER_ENTRY, now - day)  # asked about another entry
    asked(changing, 4, ENTRY, now - day, outcome="not_sure")  # only offered as a suggestion
    asked(changing, 5, ENTRY, now - day)  # opted out below
    asked(changing, 6, ENTRY, now + day)  # asked after the change: got the new answer
    subscriptions = changing.subscriptions
    for chat in (10, 11, 12, 13, 14):
        subscriptions.subscribe(chat, chat, "id")
    subscriptions.toggle_topic(10, "protokol-kesehatan")  # the entry's topic
    subscriptions.toggle_topic(11, "pelaporan")  # another topic only
    subscriptions.toggle_topic(13, "protokol-kesehatan")
    subscriptions.unsubscribe(13)  # no longer active
    subscriptions.toggle_topic(14, "protokol-kesehatan")  # opted out below
    # 12 narrowed nothing: it gets every topic, as for a broadcast about this topic
    for opted_out in (5, 14):
        changing.curation.set_answer_notifications(opted_out, False)
    change_answer(changing)
    change = changing.changes.change(change_rows(changing)[0]["id"])
    entry = changing.holder.knowledge.entry(ENTRY)
    assert changing.changes.audience_chats(change, entry) == [1, 10, 12]
    assert changing.changes.audience_count(change, entry) == 3


def test_each_change_is_previewed_once_with_its_count(changing, clock):
    asked(changing, 1, ENTRY, clock() - dt.timedelta(days=3))
    change_answer(changing)
    previews = changing.changes.take_previews()
    assert [(p.entry.id, p.audience) for p in previews] == [(ENTRY, 1)]
    assert previews[0].question("id") == "Apakah pekerja wajib memakai masker?"
    assert previews[0].opening("id") == NEW_ANSWER
    assert changing.changes.take_previews() == []


def test_kirim_is_for_admins_and_queues_each_chat_once(changing, clock):
    for user in (1, 2):
        asked(changing, user, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(changing)
    change_id = change_rows(changing)[0]["id"]
    with pytest.raises(PermissionDenied):
        changing.changes.send(USER, change_id)
    assert changing.changes.send(ADMIN, change_id) == 2
    with pytest.raises(UserError):
        changing.changes.send(ADMIN, change_id)
    with pytest.raises(UserError):
        changing.changes.skip(ADMIN, change_id)
    notices = list(changing.store.db["change_notices"].rows)
    assert sorted(row["chat_id"] for row in notices) == [1, 2]
    row = change_rows(changing)[0]
    assert (row["decision"], row["decided_by"]) == ("sent", ADMIN)


def test_lewati_tells_nobody(changing, clock):
    asked(changing, 1, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(changing)
    change_id = change_rows(changing)[0]["id"]
    changing.changes.skip(ADMIN, change_id)
    with pytest.raises(UserError):
        changing.changes.send(ADMIN, change_id)
    assert changing.store.db["change_notices"].count == 0


async def test_delivery_sends_each_notice_once_in_the_chat_language(changing, clock):
    asked(changing, 1, ENTRY, clock() - dt.timedelta(days=1))
    changing.store.set_language(2, "en", clock())
    asked(changing, 2, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(changing)
    changing.changes.send(ADMIN, change_rows(changing)[0]["id"])
    sent: list[ChangeNotice] = []

    async def send(notice: ChangeNotice) -> DeliveryOutcome:
        sent.append(notice)
        return DeliveryOutcome.sent()

    async def no_wait(seconds: float) -> None:
        return None

    assert await changing.changes.deliver(send, no_wait, per_second=0) == {"sent": 2}
    assert [(n.chat_id, n.language) for n in sent] == [(1, "id"), (2, "en")]
    assert sent[0].opening == NEW_ANSWER
    assert await changing.changes.deliver(send, no_wait, per_second=0) == {}
    assert len(sent) == 2


async def test_notices_wait_out_the_quiet_hours(changing, clock):
    asked(changing, 1, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(changing)
    changing.changes.send(ADMIN, change_rows(changing)[0]["id"])
    night = dt.datetime(2026, 11, 22, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    clock.now = night.astimezone(dt.UTC)
    sent_at: list[dt.datetime] = []

    async def send(notice: ChangeNotice) -> DeliveryOutcome:
        sent_at.append(clock())
        return DeliveryOutcome.sent()

    elapsed = [0.0]

    async def sleep(seconds: float) -> None:  # virtual seconds: both clocks move
        elapsed[0] += seconds
        clock.now += dt.timedelta(seconds=seconds)

    counts = await changing.changes.deliver(send, sleep, 0, lambda: elapsed[0])
    assert counts == {"sent": 1}
    morning = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert sent_at and sent_at[0] >= morning


def test_deleting_a_user_deletes_their_change_notices(changing, clock):
    asked(changing, USER, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(changing)
    changing.changes.send(ADMIN, change_rows(changing)[0]["id"])
    changing.store.delete_user_data(USER)
    assert changing.store.db["change_notices"].count == 0


def test_first_lines_and_hash():
    long = "\n".join(f"Baris {n}." for n in range(1, 6))
    assert first_lines(long) == "Baris 1.\nBaris 2.\nBaris 3. …"
    assert first_lines("Satu baris.") == "Satu baris."
    assert len(first_lines("kata " * 200)) < 360
