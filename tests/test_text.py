"""Normalisation: case, punctuation, slang, typos, affixes, language."""

import pytest

from bot.matching.text import content_words, detect_language, normalize, tokenize

SYNONYMS = {
    "gmn": "bagaimana",
    "yg": "yang",
    "prokes": "protokol kesehatan",
    "cuci tgn": "cuci tangan",
    "protokol kesehatan": "protokol kesehatan",
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gmn PROKES yg benar?", "bagaimana protokol kesehatan yang benar"),
        ("cuci tgn!!!", "cuci tangan"),
        ("suhu 37,3 °C", "suhu 37.3 c"),
        ("alkohol 70%", "alkohol 70 persen"),
        ("pekerja2 & pekerja-pekerja", "pekerja pekerja pekerja"),
        ("SE 4/2020", "se 4 2020"),
        ("Protokol Kesehatan", "protokol kesehatan"),
        ("", ""),
        ("🙂🙂", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text, SYNONYMS) == expected


def test_tokenize_keeps_decimals_and_drops_trailing_dots():
    assert tokenize("Suhu 37.5. Selesai.") == ["suhu", "37.5", "selesai"]


def test_content_words_drop_function_words():
    assert content_words("apakah pekerja di pabrik wajib pakai masker") == [
        "pekerja",
        "pabrik",
        "wajib",
        "pakai",
        "masker",
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        ("cara ngurus IOMKI gmn?", "id"),
        ("How do I apply for the IOMKI permit?", "en"),
        ("what is the weekly report deadline", "en"),
        ("apakah pabrik wajib lapor", "id"),
        ("iomki", "id"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language
