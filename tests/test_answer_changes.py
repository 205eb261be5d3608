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
def services(small_knowledge_dir, clock):
    config = Config(
        knowledge=KnowledgeSettings(path=str(small_knowledge_dir)),
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(admins=[ADMIN]),
        curation=CurationSettings(changed_notice_days=30),
    )
    return build_services(config, clock=clock)


def asked(services, user_id, entry_id, at, outcome="answer"):
    """Log a question that got `outcome` with an entry at a time."""
    services.store.log_question(
        QuestionRecord(at, "telegram", user_id, user_id, "id", "q", "q", entry_id, 80.0, outcome)
    )


def change_answer(services, entry_id=ENTRY, answer=NEW_ANSWER):
    services.editor.update_entry(CLI_ACTOR, entry_id, {"answer": answer})


def change_rows(services):
    return list(services.store.db["answer_changes"].rows)


def test_an_answer_edit_is_one_change_found_once(services):
    change_answer(services)
    rows = change_rows(services)
    assert [(row["entry_id"], row["decision"]) for row in rows] == [(ENTRY, None)]
    assert services.changes.detect() == []
    services.holder.reload()
    assert services.changes.detect() == []
    assert len(change_rows(services)) == 1


def test_the_english_answer_counts_too(services):
    services.editor.update_entry(CLI_ACTOR, ENTRY, {"answer_en": "Masks are worn all day."})
    assert [row["entry_id"] for row in change_rows(services)] == [ENTRY]


def test_phrasings_tags_new_and_deleted_entries_are_no_change(services):
    services.editor.add_phrasing(CLI_ACTOR, ENTRY, "Masker wajib dipakai di pabrik?")
    services.editor.update_entry(CLI_ACTOR, ENTRY, {"tags": ["masker", "apd"]})
    services.editor.add_entry(
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
    services.editor.delete_entry(CLI_ACTOR, OTHER_ENTRY)
    assert change_rows(services) == []


def test_a_change_seen_by_two_processes_is_recorded_once(services, small_knowledge_dir, clock):
    # The bot's holder loaded the old file; the CLI's import writes the new answer.
    bot_holder = KnowledgeHolder(small_knowledge_dir)
    bot_changes = AnswerChanges(services.store.db, bot_holder, services.roles, clock, 30)
    assert bot_changes.detect() == []
    change_answer(services)  # the CLI process records it
    bot_holder.reload()  # the bot's file watch sees the same edit
    assert bot_changes.detect() == []
    assert len(change_rows(services)) == 1


def test_an_answer_edited_while_no_process_ran_is_found_at_start(services, small_knowledge_dir):
    path = small_knowledge_dir / "se-contoh.yaml"
    path.write_text(path.read_text().replace("sejak berangkat dari rumah", "sepanjang hari"))
    services.holder.reload()  # e.g. the next start-up's first load
    assert len(services.changes.detect()) == 1


def test_audience_is_recent_askers_and_topic_subscribers_less_opted_out(services, clock):
    now = clock()
    day = dt.timedelta(days=1)
    asked(services, 1, ENTRY, now - 29 * day)  # recent asker
    asked(services, 1, ENTRY, now - 2 * day)  # the same asker again: one notice
    asked(services, 2, ENTRY, now - 31 * day)  # too long ago
    asked(services, 3, OTHER_ENTRY, now - day)  # asked about another entry
    asked(services, 4, ENTRY, now - day, outcome="not_sure")  # only offered as a suggestion
    asked(services, 5, ENTRY, now - day)  # opted out below
    asked(services, 6, ENTRY, now + day)  # asked after the change: got the new answer
    subscriptions = services.subscriptions
    for chat in (10, 11, 12, 13, 14):
        subscriptions.subscribe(chat, chat, "id")
    subscriptions.toggle_topic(10, "protokol-kesehatan")  # the entry's topic
    subscriptions.toggle_topic(11, "pelaporan")  # another topic only
    subscriptions.toggle_topic(13, "protokol-kesehatan")
    subscriptions.unsubscribe(13)  # no longer active
    subscriptions.toggle_topic(14, "protokol-kesehatan")  # opted out below
    # 12 narrowed nothing: it gets every topic, as for a broadcast about this topic
    for opted_out in (5, 14):
        services.curation.set_answer_notifications(opted_out, False)
    change_answer(services)
    change = services.changes.change(change_rows(services)[0]["id"])
    entry = services.holder.knowledge.entry(ENTRY)
    assert services.changes.audience_chats(change, entry) == [1, 10, 12]
    assert services.changes.audience_count(change, entry) == 3


def test_each_change_is_previewed_once_with_its_count(services, clock):
    asked(services, 1, ENTRY, clock() - dt.timedelta(days=3))
    change_answer(services)
    previews = services.changes.take_previews()
    assert [(p.entry.id, p.audience) for p in previews] == [(ENTRY, 1)]
    assert previews[0].question("id") == "Apakah pekerja wajib memakai masker?"
    assert previews[0].opening("id") == NEW_ANSWER
    assert services.changes.take_previews() == []


def test_kirim_is_for_admins_and_queues_each_chat_once(services, clock):
    for user in (1, 2):
        asked(services, user, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(services)
    change_id = change_rows(services)[0]["id"]
    with pytest.raises(PermissionDenied):
        services.changes.send(USER, change_id)
    assert services.changes.send(ADMIN, change_id) == 2
    with pytest.raises(UserError):
        services.changes.send(ADMIN, change_id)
    with pytest.raises(UserError):
        services.changes.skip(ADMIN, change_id)
    notices = list(services.store.db["change_notices"].rows)
    assert sorted(row["chat_id"] for row in notices) == [1, 2]
    row = change_rows(services)[0]
    assert (row["decision"], row["decided_by"]) == ("sent", ADMIN)


def test_lewati_tells_nobody(services, clock):
    asked(services, 1, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(services)
    change_id = change_rows(services)[0]["id"]
    services.changes.skip(ADMIN, change_id)
    with pytest.raises(UserError):
        services.changes.send(ADMIN, change_id)
    assert services.store.db["change_notices"].count == 0


async def test_delivery_sends_each_notice_once_in_the_chat_language(services, clock):
    asked(services, 1, ENTRY, clock() - dt.timedelta(days=1))
    services.store.set_language(2, "en", clock())
    asked(services, 2, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(services)
    services.changes.send(ADMIN, change_rows(services)[0]["id"])
    sent: list[ChangeNotice] = []

    async def send(notice: ChangeNotice) -> DeliveryOutcome:
        sent.append(notice)
        return DeliveryOutcome.sent()

    async def no_wait(seconds: float) -> None:
        return None

    assert await services.changes.deliver(send, no_wait, per_second=0) == {"sent": 2}
    assert [(n.chat_id, n.language) for n in sent] == [(1, "id"), (2, "en")]
    assert sent[0].opening == NEW_ANSWER
    assert await services.changes.deliver(send, no_wait, per_second=0) == {}
    assert len(sent) == 2


def test_deleting_a_user_deletes_their_change_notices(services, clock):
    asked(services, USER, ENTRY, clock() - dt.timedelta(days=1))
    change_answer(services)
    services.changes.send(ADMIN, change_rows(services)[0]["id"])
    services.store.delete_user_data(USER)
    assert services.store.db["change_notices"].count == 0


def test_first_lines_and_hash():
    long = "\n".join(f"Baris {n}." for n in range(1, 6))
    assert first_lines(long) == "Baris 1.\nBaris 2.\nBaris 3. …"
    assert first_lines("Satu baris.") == "Satu baris."
    assert len(first_lines("kata " * 200)) < 360
