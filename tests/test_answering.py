"""Answerer: answer / not sure / no match, languages, logging of unanswered questions."""

import datetime as dt
import json

import pytest

from bot.answering.answerer import AnswerOutcome, Asker
from bot.errors import UserError


def test_confident_answer_is_cited_and_logged(services):
    answer = services.answerer.answer("cara ngurus IOMKI gmn?", Asker("telegram", 7, 7))
    assert answer.outcome == "answer" and answer.answered
    assert answer.entry.id == "iomki-cara-mengajukan"
    assert answer.language == "id"
    assert "SIINas" in answer.text
    rows = list(services.store.db["questions"].rows)
    assert rows[0]["entry_id"] == "iomki-cara-mengajukan"
    assert rows[0]["user_id"] == 7 and rows[0]["outcome"] == "answer"
    assert rows[0]["normalized"] == "cara ajukan iomki bagaimana"
    assert services.store.unanswered() == []


def test_english_question_gets_english_answer(services):
    answer = services.answerer.answer("How do I apply for an IOMKI permit?")
    assert answer.language == "en"
    assert answer.text == answer.entry.answer_en


def test_chosen_language_overrides_detection(services):
    answer = services.answerer.answer("cara ngurus IOMKI gmn?", Asker(language="en"))
    assert answer.text == answer.entry.answer_en


@pytest.mark.parametrize(
    "question",
    [
        "berapa UMK Bekasi",
        "cuaca Jakarta besok gimana",
        "asdfghjkl",
        "resep rendang padang",
        "how do I pay income tax",
    ],
)
def test_out_of_scope_is_never_answered(services, question):
    answer = services.answerer.answer(question)
    assert not answer.answered
    assert [row["question"] for row in services.store.unanswered()] == [question]


def test_no_match_has_no_suggestions(services):
    answer = services.answerer.answer("berapa UMK Bekasi")
    assert answer.outcome == "no_match"
    assert answer.suggestions == ()
    assert answer.to_json()["entry_id"] is None


def test_not_sure_offers_up_to_three_suggestions(services):
    answer = services.answerer.answer("iomki")
    assert answer.outcome == "not_sure"
    assert len(answer.suggestions) == 3
    knowledge = services.answerer.holder.knowledge
    for suggestion in answer.suggestions:  # each one is about IOMKI
        entry = knowledge.entry(suggestion.entry_id)
        assert "iomki" in " ".join((*entry.questions, *entry.tags)).casefold()
    assert services.store.unanswered()[0]["reason"] == "not_sure"


def test_one_generic_word_is_not_answered_confidently(services):
    assert services.answerer.answer("pabrik").outcome == "not_sure"


def test_unanswered_is_logged_exactly_once(services):
    services.answerer.answer("berapa UMK Bekasi")
    assert services.store.db["unanswered"].count == 1
    assert services.store.db["questions"].count == 1


def test_empty_question_is_a_user_error(services):
    with pytest.raises(UserError) as caught:
        services.answerer.answer("   ")
    assert caught.value.message("en") == "Please type your question."
    assert services.store.question_count() == 0


def test_very_long_question_is_truncated_not_rejected(services):
    answer = services.answerer.answer("masker " * 2000)
    assert len(answer.question) <= 4096


def test_json_shape(services):
    data = services.answerer.answer("hand sanitizer alkohol brp persen").to_json()
    assert set(data) == {
        "answered",
        "outcome",
        "entry_id",
        "score",
        "language",
        "answer",
        "source",
        "reviewed",
        "suggestions",
        "more",
    }
    assert data["answered"] is True and data["entry_id"] == "prokes-cuci-tangan"
    assert (
        data["reviewed"]
        == services.answerer.holder.knowledge.entry("prokes-cuci-tangan").reviewed.isoformat()
    )
    assert data["source"]["document"] == "SE Menperin 4/2020"
    assert "70" in data["answer"]


def test_entry_answer_for_a_tapped_suggestion(services):
    answer = services.answerer.entry_answer("prokes-masker", "en")
    assert answer.answered and answer.text == answer.entry.answer_en
    with pytest.raises(UserError):
        services.answerer.entry_answer("no-such-entry", "id")


def test_consider_records_nothing(services):
    services.answerer.consider("berapa UMK Bekasi")
    assert services.store.question_count() == 0


@pytest.mark.parametrize(
    "message", ["halo min", "makasih ya", "ok siap", "tes", "thanks!", "selamat pagi pak 🙏"]
)
def test_small_talk_gets_a_friendly_reply_and_is_never_logged(services, message):
    answer = services.answerer.answer(message)
    assert answer.outcome == "small_talk" and not answer.answered
    assert "IOMKI" in answer.text
    assert answer.to_json()["outcome"] == "small_talk"
    assert answer.to_json()["answer"] == answer.text
    assert services.store.unanswered() == []


def test_small_talk_replies_in_english_to_english(services):
    answer = services.answerer.answer("thanks, very helpful")
    assert answer.language == "en" and answer.text.startswith("Hello")


def test_a_long_message_finds_its_question(services):
    message = (
        "Selamat siang pak. Saya HRD di pabrik garmen di Bekasi dengan 300 karyawan, "
        "kami jalan 3 shift. Mau tanya, laporan mingguan IOMKI lewat SIINas atau email? "
        "Terima kasih banyak."
    )
    answer = services.answerer.answer(message)
    assert answer.answered and answer.entry.id == "se8-saluran-lapor"


def test_two_questions_get_two_answers_each_with_its_source(services):
    answer = services.answerer.answer(
        "Laporan mingguan IOMKI dikirim lewat SIINas atau email? Terus jarak minimal antar "
        "pekerja berapa meter?"
    )
    assert [a.entry.id for a in answer.all_answers()] == ["se8-saluran-lapor", "prokes-jaga-jarak"]
    assert len(answer.to_json()["more"]) == 1
    assert answer.to_json()["more"][0]["source"]["citation"]


def test_a_follow_up_is_read_with_the_previous_question(services):
    follow_up = "kalo menurut SE 3/2021 gmn?"
    _, alone = services.answerer.consider(follow_up)
    _, read_with = services.answerer.consider(
        follow_up, previous="sanksi tidak lapor IOMKI 3 periode apa?"
    )
    assert alone[0].entry.id == "se3-2021-ringkasan"
    assert read_with[0].entry.id == "se3-2021-sanksi"


def test_the_chat_remembers_its_previous_question(services):
    asker = Asker("telegram", user_id=7, chat_id=7)
    services.answerer.answer("sanksi tidak lapor IOMKI 3 periode apa?", asker)
    answer = services.answerer.answer("kalo menurut SE 3/2021 gmn?", asker)
    assert answer.suggestions[0].entry_id == "se3-2021-sanksi"
    other_chat = services.answerer.answer("kalo menurut SE 3/2021 gmn?", Asker("telegram", 5, 5))
    assert other_chat.suggestions[0].entry_id == "se3-2021-ringkasan"


def test_a_follow_up_after_the_window_is_read_alone(services, clock):
    asker = Asker("telegram", user_id=8, chat_id=8)
    services.answerer.answer("Apa itu SE Menperin 8/2020?", asker)
    clock.now += dt.timedelta(minutes=11)
    assert services.answerer.memory.previous(("telegram", 8), clock.now) is None


def test_an_out_of_scope_follow_up_stays_out_of_scope(services):
    asker = Asker("telegram", user_id=9, chat_id=9)
    services.answerer.answer("Laporan mingguan IOMKI dikirim lewat SIINas atau email?", asker)
    answer = services.answerer.answer("oke. kalau THR karyawan cairnya kapan ya?", asker)
    assert not answer.answered


def test_follow_up_memory_is_bounded():
    from bot.answering.conversation import ConversationMemory

    memory = ConversationMemory(max_chats=3)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for chat in range(10):
        memory.remember(("telegram", chat), "q", now)
    assert len(memory) == 3
    assert memory.previous(("telegram", 9), now) == "q"
    assert memory.previous(("telegram", 0), now) is None


def test_outcomes_keep_their_stored_and_printed_values(services):
    assert [outcome.value for outcome in AnswerOutcome] == [
        "answer",
        "not_sure",
        "no_match",
        "small_talk",
    ]
    answer = services.answerer.answer("xyzzy plugh", Asker("telegram", 7, 7))
    assert answer.outcome is AnswerOutcome.NO_MATCH
    row = next(services.store.db.query("select outcome from questions"))
    assert type(row["outcome"]) is str and row["outcome"] == "no_match"
    assert json.loads(json.dumps(answer.to_json()))["outcome"] == "no_match"
