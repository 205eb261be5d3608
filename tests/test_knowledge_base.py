"""The real bundled knowledge base: complete, cited, bilingual, self-consistent."""

import datetime as dt
import re

import pytest

from bot.answering.answerer import Answer
from bot.answering.reply_parts import plain_reply, source_lines
from bot.knowledge.base import TOPICS, bundled_knowledge_dir
from bot.matching.text import detect_language
from handlers.rendering import answer_html

REQUIRED_DOCUMENTS = {
    "se-menperin-4-2020",
    "se-menperin-7-2020-iomki",
    "se-menperin-8-2020",
    "kmk-328-2020",
    "se-menperin-697-2020",
    "se-menperin-3-2021",
    "se-menperin-5-2021",
    "dinas-bimtek",
}


def test_bundled_knowledge_found():
    assert (bundled_knowledge_dir() / "synonyms.yaml").exists()


def test_knowledge_base_size_and_documents(real_knowledge):
    assert len(real_knowledge.entries) >= 70
    assert set(real_knowledge.documents) >= REQUIRED_DOCUMENTS


def test_every_document_file_is_named_after_its_id(real_knowledge):
    for doc_id, document in real_knowledge.documents.items():
        assert document.path.endswith(f"{doc_id}.yaml")


def test_every_entry_is_complete(real_knowledge):
    for entry in real_knowledge.entries:
        assert len(entry.questions) >= 4, entry.id
        assert any(detect_language(q) == "en" for q in entry.questions), entry.id
        assert entry.answer and entry.answer_en, entry.id
        assert entry.topic in TOPICS, entry.id
        for source in (entry.source, *entry.also):
            assert all(
                [
                    source.document,
                    source.point,
                    source.date,
                    source.status,
                    source.point_en,
                    source.date_en,
                    source.status_en,
                ]
            ), entry.id
        assert entry.tags, entry.id
        assert isinstance(entry.reviewed, dt.date), entry.id


def test_every_document_has_its_date_and_status_in_both_languages(real_knowledge):
    for document in real_knowledge.documents.values():
        assert all([document.date, document.date_en, document.status, document.status_en])


# Words of the Indonesian source fields (dates, statuses, points, document descriptions) and
# labels that must not reach an English reader.
INDONESIAN_SOURCE_WORDS = (
    "diumumkan",
    "dipublikasikan",
    "berlaku",
    "selama",
    "masa",
    "kesehatan",
    "tanggal",
    "penandatanganan",
    "terverifikasi",
    "disusul",
    "dipertegas",
    "diubah",
    "mengubah",
    "kemudian",
    "aturan",
    "kebijakan",
    "kewajiban",
    "perusahaan",
    "pekerja",
    "sumber",
    "bukan",
    "tidak",
    "sejak",
    "sampai",
    "menurut",
    "mulai",
    "resminya",
    "lihat juga",
    "panduan",
    "pernyataan",
    "rilis",
    "tentang",
    "antarsumber",
    "laporan",
    "pelaporan",
    "pembinaan",
    "ditegaskan",
    "diatur",
    "yang",
    "untuk",
    "oleh",
    "melalui",
    "januari",
    "februari",
    "maret",
    "mei",
    "juni",
    "juli",
    "agustus",
    "oktober",
    "desember",
)
# Also barred from the source lines; answer texts may name "Surat Keterangan" or spell out
# "Izin Operasional dan Mobilitas Kegiatan Industri".
SOURCE_LINE_WORDS = (*INDONESIAN_SOURCE_WORDS, "dan", "surat", "keterangan", "kegiatan")


def indonesian_words(text, words):
    """The words of the list that occur in a text (whole words, any case)."""
    return [word for word in words if re.search(rf"\b{word}\b", text, re.IGNORECASE)]


def test_english_answers_are_entirely_in_english(real_knowledge):
    for entry in real_knowledge.entries:
        answer = Answer("answer", "en", "q", "", entry, 90.0)
        lines = " ".join(f"{label}: {value}" for label, value in source_lines(entry, "en"))
        assert indonesian_words(lines, SOURCE_LINE_WORDS) == [], (entry.id, lines)
        for rendered in (plain_reply(answer), answer_html(answer)):
            assert indonesian_words(rendered, INDONESIAN_SOURCE_WORDS) == [], entry.id
        source = answer.to_json()["source"]
        assert source["citation"] == entry.source.citation("en")
        assert indonesian_words(" ".join(source.values()), SOURCE_LINE_WORDS) == [], entry.id


def test_indonesian_answers_keep_the_indonesian_source(real_knowledge):
    entry = real_knowledge.entry("se4-ringkasan")
    indonesian = plain_reply(Answer("answer", "id", "q", "", entry, 90.0))
    english = plain_reply(Answer("answer", "en", "q", "", entry, 90.0))
    assert "Sumber: SE Menperin 4/2020, Judul, tanggal dan tujuan surat edaran" in indonesian
    assert "Status: Berlaku selama masa darurat kesehatan 2020" in indonesian
    assert "Source: SE Menperin 4/2020, Title, date and aim of the circular" in english
    assert "Status: In force during the 2020 health emergency" in english


CHECK_ID = re.compile(r"\b(cek|hubungi)\b[^.]{0,80}\b(Kemenperin|dinas)\b", re.IGNORECASE)
CHECK_EN = re.compile(r"\b(check|contact)\b[^.]{0,80}\b(Kemenperin|dinas)\b", re.IGNORECASE)


def test_english_answers_keep_the_advice_to_check_current_rules(real_knowledge):
    for entry in real_knowledge.entries:
        if CHECK_ID.search(entry.answer):
            assert CHECK_EN.search(entry.answer_en), entry.id


def test_bimtek_dates_of_medan_and_padang_keep_the_single_source_caveat(real_knowledge):
    entry = real_knowledge.entry("bimtek-jadwal-bdi")
    assert "8–9 Juni 2020" in entry.answer and "22–23 Juni 2020" in entry.answer
    assert "8–9 June 2020" in entry.answer_en and "22–23 June 2020" in entry.answer_en
    assert "satu sumber" in entry.answer and "single source" in entry.answer_en
    assert "tidak disebut" not in entry.answer and "not given" not in entry.answer_en


def test_every_topic_is_used(real_knowledge):
    assert {entry.topic for entry in real_knowledge.entries} == set(TOPICS)


def test_uncertain_facts_keep_their_caveat(real_knowledge):
    threshold = real_knowledge.entry("prokes-batas-suhu")
    assert "37,3" in threshold.answer or "37.3" in threshold.answer
    assert "382/2020" in threshold.answer
    days = real_knowledge.entry("se3-2021-jadwal-lapor")
    assert "Rabu" in days.answer and "Selasa" in days.answer


@pytest.mark.parametrize(
    "synonym, canonical",
    [
        ("gmn", "bagaimana"),
        ("yg", "yang"),
        ("prokes", "protokol kesehatan"),
        ("sinas", "siinas"),
        ("iomky", "iomki"),
    ],
)
def test_required_synonyms(real_knowledge, synonym, canonical):
    assert real_knowledge.synonyms[synonym] == canonical


def test_each_entry_ranks_first_for_most_of_its_own_phrasings(real_holder):
    """A curated phrasing should find its own entry; a few short ones may be shared."""
    misses = []
    for entry in real_holder.knowledge.entries:
        for question in entry.questions:
            top = real_holder.matcher.rank(question, limit=1)
            if not top or top[0].entry.id != entry.id:
                misses.append((entry.id, question))
    total = sum(len(entry.questions) for entry in real_holder.knowledge.entries)
    assert len(misses) / total <= 0.03, misses
