"""Text normalisation: case, punctuation, slang and typos, light Indonesian affix handling."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

MAX_PHRASE_WORDS = 6
MIN_ROOT_LENGTH = 4

DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
NON_WORD = re.compile(r"[^\w.%]+|(?<!\d)\.|\.(?!\d)|_")
REDUPLICATION = re.compile(r"^([a-z]{3,})2$")

# Function words that say nothing about which entry is meant. Question words (berapa, kapan,
# siapa) stay: they tell a "how many" question from a "when" question.
STOPWORDS = frozenset(
    """
    yang di ke dari dan atau itu ini untuk dengan ada adalah saya kami kita aku gue gw anda
    kamu ya sih dong nih kok deh lah kah pun aja saja juga mau ingin tolong mohon bang min
    kak pak bu mas mbak gan sis tanya nanya bertanya mengenai tentang soal terkait apakah
    nya para sudah udah belum akan bisa dapat perlu the a an of to in on for
    and or is are was were be been do does did i we you my our your it this that with about at
    by from as can could should might will would which please hi hello halo too very let lets
    just he she they them his her their there any some still get got have has had also so
    hormat terima kasih makasih thanks thank thx informasi info bapak ibu selamat pagi siang
    sore malam permisi dilakukan melakukan berdasarkan menurut sesuai kami kita sy kmi gan
    min bro sis admin tho mah euy wkwk dear sir madam regards
    """.split()
)

ENGLISH_MARKERS = frozenset(
    """
    the what how when where who why which is are do does can must should my our factory
    company workers worker employees permit report weekly need have has get apply with for
    of to in on rules rule required requirement allowed still there any about please mask
    thanks thank very helpful morning afternoon evening great
    """.split()
)
INDONESIAN_MARKERS = frozenset(
    """
    yang apa apakah bagaimana berapa kapan dimana siapa kenapa mengapa harus wajib pabrik
    perusahaan pekerja karyawan izin lapor laporan untuk dengan tidak ada bisa boleh sudah
    di ke dari dan atau itu ini saya kami gimana gmn gak ga nggak brp yg dgn utk hrs aturan
    """.split()
)

PREFIXES = (
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "per",
    "pe",
    "ber",
    "be",
    "ter",
    "te",
    "di",
    "ke",
    "se",
)
# How a nasal prefix swallowed the root's first letter (menyediakan ← sedia, memakai ← pakai).
PREFIX_RECODING = {
    "meny": "s",
    "peny": "s",
    "mem": "p",
    "pem": "p",
    "men": "t",
    "pen": "t",
    "meng": "k",
    "peng": "k",
}
SUFFIXES = ("lah", "kah", "pun", "nya", "kan", "an", "i", "ku", "mu", "s", "es", "ing", "ed")


def fold(text: str) -> str:
    """Casefold and strip accents so 'Ö' and 'o' compare equal."""
    if text.isascii():  # most messages: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenize(text: str) -> list[str]:
    """Split folded text into word tokens, keeping decimals (37.3) and 'persen' for '%'."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    # A message's sentences are tokenised several times while it is read (is it a question,
    # small talk, an introduction?): remember the recent ones.
    text = DECIMAL_COMMA.sub(".", fold(text)).replace("%", " persen ")
    tokens = []
    for token in NON_WORD.split(text):
        token = token.strip(".")
        if token:
            doubled = REDUPLICATION.match(token)
            tokens.append(doubled.group(1) if doubled else token)
    return tuple(tokens)


def apply_synonyms(tokens: list[str], synonyms: Mapping[str, str]) -> list[str]:
    """Replace slang, abbreviations and typos (words or short phrases) by canonical words."""
    widths = phrase_widths(synonyms)
    result: list[str] = []
    index = 0
    while index < len(tokens):
        widest = min(widths.get(tokens[index], 1), len(tokens) - index)
        for width in range(widest, 0, -1):
            phrase = " ".join(tokens[index : index + width])
            if phrase in synonyms:
                result.extend(synonyms[phrase].split())
                index += width
                break
        else:
            result.append(tokens[index])
            index += 1
    return result


_last_widths: tuple[Mapping[str, str] | None, int, dict[str, int]] = (None, 0, {})


def phrase_widths(synonyms: Mapping[str, str]) -> dict[str, int]:
    """Map the first word of each multi-word variant to the most words a variant has."""
    global _last_widths
    # Every message is normalised with the same table: index it once, not per word.
    known, size, widths = _last_widths
    if known is not synonyms or size != len(synonyms):
        widths = {}
        for variant in synonyms:
            words = variant.split()
            if 1 < len(words) <= MAX_PHRASE_WORDS:
                widths[words[0]] = max(widths.get(words[0], 1), len(words))
        _last_widths = (synonyms, len(synonyms), widths)
    return widths


def normalize(text: str, synonyms: Mapping[str, str]) -> str:
    """Return the canonical form of a question: folded, tokenised, slang expanded."""
    return " ".join(apply_synonyms(tokenize(text), synonyms))


def content_words(normalized: str) -> list[str]:
    """Return the words of a normalised text that carry meaning (stopwords dropped)."""
    return [word for word in normalized.split() if word not in STOPWORDS]


def root_candidates(word: str) -> Iterable[str]:
    """Yield possible roots of a word by removing Indonesian/English affixes, longest first."""
    stems = [word]
    for _ in range(2):
        stems += [
            stem[: -len(suffix)]
            for stem in stems
            for suffix in SUFFIXES
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_ROOT_LENGTH - 1
        ]
    for stem in dict.fromkeys(stems):
        yield stem
        for prefix in PREFIXES:
            if stem.startswith(prefix) and len(stem) - len(prefix) >= MIN_ROOT_LENGTH - 1:
                rest = stem[len(prefix) :]
                yield rest
                if prefix in PREFIX_RECODING:
                    yield PREFIX_RECODING[prefix] + rest
                yield from (rest[len(p) :] for p in PREFIXES if rest.startswith(p))


def detect_language(text: str) -> str:
    """Guess 'en' or 'id' from marker words; ties go to Indonesian."""
    words = tokenize(text)
    english = sum(word in ENGLISH_MARKERS for word in words)
    indonesian = sum(word in INDONESIAN_MARKERS for word in words)
    return "en" if english > indonesian else "id"
