"""Matching on the real knowledge base: informal Indonesian, English, out of scope."""

import pytest

from bot.matching import Matcher, referenced_documents


@pytest.mark.parametrize("question, expected", [
    ("cara ngurus IOMKI gmn?", "iomki-cara-mengajukan"),
    ("lapor mingguan lewat mana", "se8-saluran-lapor"),
    ("hand sanitizer alkohol brp persen", "prokes-cuci-tangan"),
    ("brp suhu tubuh maksimal karyawan boleh masuk", "prokes-batas-suhu"),
    ("klo ga lapor 3x iomki dicabut ga?", "se8-sanksi-tidak-lapor"),
    ("How do we apply for an IOMKI?", "iomki-cara-mengajukan"),
    ("wajib pake masket ga di pabrik", "prokes-masker"),
    ("what is SE Menperin 4/2020?", "se4-ringkasan"),
    ("aturan shift malam utk pekerja", "kmk328-shift-malam"),
    ("warna hitam di pedulilindungi boleh masuk pabrik?", "se5-2021-warna-pedulilindungi"),
])
def test_questions_find_their_entry(real_holder, question, expected):
    assert real_holder.matcher.rank(question)[0].entry.id == expected


def test_rank_is_ordered_and_limited(real_holder):
    ranked = real_holder.matcher.rank("iomki", limit=4)
    assert len(ranked) == 4
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


def test_nothing_to_rank_for_empty_or_stopwords(real_holder):
    assert real_holder.matcher.rank("") == []
    assert real_holder.matcher.rank("yang di dan ?!") == []


def test_typo_is_corrected_against_the_vocabulary(real_holder):
    typo = real_holder.matcher.query("protokol keshatan di pabrik")
    assert typo.words == real_holder.matcher.words_of("protokol kesehatan di pabrik")


def test_named_circular_is_detected():
    assert referenced_documents("apa isi se menperin 8 2020") == {("8", "2020")}
    assert referenced_documents("se 4 itu apa") == {("4", None)}
    assert referenced_documents("kmk 328") == {("328", None)}
    assert referenced_documents("lapor mingguan") == set()


def test_named_circular_outranks_a_similar_entry_of_another(real_holder):
    assert real_holder.matcher.rank("SE 4/2020 ditujukan ke siapa")[0].entry.id == "se4-ditujukan"


def test_small_base_matcher(small_services):
    matcher = Matcher(small_services.holder.knowledge)
    assert matcher.rank("karyawan wajib pakai mask?")[0].entry.id == "contoh-masker"
    assert matcher.rank("weekly report when")[0].entry.id == "contoh-lapor"
