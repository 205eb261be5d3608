"""Reading a message: sentences, joined questions, small talk, follow-up openings."""

from bot.answering.understanding import (
    is_small_talk,
    leans_on_previous,
    opens_new_topic,
    segments,
    split_joined_questions,
)


def test_two_joined_questions_are_split():
    assert split_joined_questions("laporannya berapa kali, dan sanksinya apa?") == [
        "laporannya berapa kali",
        "sanksinya apa?",
    ]


def test_a_sentence_that_is_not_two_questions_keeps_its_joining_words():
    sentence = "kami punya gudang di Cikarang dan satu kantor di Jakarta"
    assert split_joined_questions(sentence) == [sentence]
    assert split_joined_questions("apa sanksinya dan siapa yang memberi") == [
        "apa sanksinya",
        "siapa yang memberi",
    ]
    assert split_joined_questions("pabrik tekstil dan garmen wajib lapor?") == [
        "pabrik tekstil dan garmen wajib lapor?"
    ]


def test_sentences_are_split_and_a_repeated_one_read_once():
    message = "Selamat pagi. Saya HRD pabrik garmen. Saya HRD pabrik garmen. Wajib lapor kapan?"
    assert [(s.text, s.is_question) for s in segments(message)] == [
        ("Saya HRD pabrik garmen.", False),
        ("Wajib lapor kapan?", True),
    ]


def test_introductions_are_recognised():
    first, question = segments("Halo min, saya HRD di pabrik sepatu. Maskernya wajib?")
    assert first.introduces and not question.introduces


def test_small_talk_and_questions_are_told_apart():
    assert is_small_talk("halo min") and is_small_talk("makasih ya") and is_small_talk("ok siap")
    assert not is_small_talk("halo min, apa itu iomki?")
    assert not is_small_talk("prokes pabrik")


def test_follow_ups_and_topic_switches():
    assert leans_on_previous("terus sanksinya apa?")
    assert leans_on_previous("kalau yang kecil?")
    assert not leans_on_previous("berapa suhu tubuh maksimal karyawan?")
    assert opens_new_topic("btw, masker wajib?") and not leans_on_previous("btw, masker wajib?")


def test_what_follows_an_announced_question_is_the_question():
    context, question = segments(
        "Selamat siang, saya HRD pabrik garmen di Bekasi, mau tanya: dasar hukum SE 8 2020"
    )
    assert context.text == "Selamat siang, saya HRD pabrik garmen di Bekasi,"
    assert not context.is_question
    assert question.text == "dasar hukum SE 8 2020" and question.is_question
    assert [s.text for s in segments("Min, mau tanya dong, prokes kantin gimana?")] == [
        "prokes kantin gimana?"
    ]
