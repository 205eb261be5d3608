"""Answerer: answer / not sure / no match, languages, logging of unanswered questions."""

import pytest

from bot.answering import Asker
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


@pytest.mark.parametrize("question", [
    "berapa UMK Bekasi", "cuaca Jakarta besok gimana", "asdfghjkl", "resep rendang padang",
    "how do I pay income tax", "halo",
])
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
    assert all(s.entry_id.startswith("iomki") for s in answer.suggestions)
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
    assert set(data) == {"answered", "outcome", "entry_id", "score", "language", "answer",
                         "source", "suggestions"}
    assert data["answered"] is True and data["entry_id"] == "prokes-cuci-tangan"
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
