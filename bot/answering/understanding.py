"""Find the question inside a message as people write it on Telegram.

A message may be small talk ("halo min", "makasih ya"), carry a greeting and a sentence about the
asker's company before the question, hold two questions, or lean on the previous message
("trus sanksinya apa?"). This module only reads the text; the answerer ranks what it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.matching.text import fold, tokenize

# Words that make up greetings, thanks, acknowledgements and tests: a message of nothing else is
# small talk. Salutations ("pak", "min") are here too.
SMALL_TALK_WORDS = frozenset(
    """
    halo hallo hello helo hai hi hey hei hy pagi siang sore malam selamat met good morning
    afternoon evening night assalamualaikum assalamu alaikum asalamualaikum salam wr wb
    waalaikumsalam permisi punten makasih terima kasih terimakasih trims tq tks thx thanks
    thank you banyak ya yaa yah sangat membantu infonya info nya oke ok okay okey okeh sip sipp
    siap noted baik mantap mantab mantul keren jos sukses tes test testing tesss coba cek ping
    min admin mimin kak ka kakak pak bapak bu ibu mas mbak gan agan sis bro bos boss bot om
    sir madam dear all semua semuanya sehat selalu lagi dulu deh dong nih kok nuwun matur
    suwun hormat salam kenal juga sama welcome you re great nice cool got it understood clear
    alright fine yes yup yoi iya iyaa ga apa apa gapapa ah oh wah wow hehe haha wkwk wkwkwk
    lol 🙏 👍 very much so helpful useful terimakasihh
    """.split()
)

# Words and signs that make a sentence a question (or a request for information).
QUESTION_WORDS = frozenset(
    """
    apa apakah apaan bagaimana gimana gmn gmna gmana bgmn bagaimanakah berapa brp brapa kapan
    kpn siapa siapakah mana dimana manakah kenapa knp mengapa boleh bolehkah bisa bisakah
    harus haruskah wajib wajibkan perlu perlukah benarkah bener bnr beneran betul masih
    tolong mohon jelaskan jelasin minta how what when who whom which where why is are do does
    did can could must should need may was were will would tell explain
    """.split()
)

# Openings that make a message lean on the previous one.
FOLLOW_UP_OPENINGS = (
    "kalau",
    "kalo",
    "klo",
    "kl",
    "kalu",
    "trus",
    "terus",
    "trs",
    "lalu",
    "lantas",
    "bagaimana dengan",
    "gimana dengan",
    "gmn dengan",
    "gimana kalau",
    "gimana kalo",
    "gmn kalo",
    "gmn klo",
    "bagaimana kalau",
    "yang",
    "yg",
    "itu",
    "and",
    "what about",
    "how about",
    "and if",
    "then",
    "so",
    "but",
    "tapi",
    "tp",
    "sedangkan",
    "nah",
    "berarti",
    "jadi",
    "brarti",
    "if",
    "dan",
    "sama",
    "untuk yang",
    "buat yang",
    "utk yg",
)
# Pointing words: the message names its subject only by pointing back to the previous one.
POINTING_WORDS = frozenset(
    "itu tsb tersebut ini nya sanksinya caranya isinya syaratnya anggotanya laporannya "
    "it that this they them those these its".split()
)
# Openings that announce a new, unrelated question.
TOPIC_SWITCHES = (
    "pertanyaan lain",
    "satu lagi",
    "oh iya",
    "oh ya",
    "btw",
    "by the way",
    "separate question",
    "different question",
    "another question",
    "unrelated",
    "other question",
    "ganti topik",
    "beda topik",
    "mau tanya lain",
    "sekalian",
)

SENTENCE_BREAK = re.compile(r"(?<=[?!])\s*|(?<=[.;])\s+|\n+")
# "…berapa, dan isinya apa?" / "…kapan? terus sanksinya?" / "…, and what …": a second question.
QUESTION_JOIN = re.compile(
    r"(\s*(?:,\s*|\s)(?:dan|terus|trus|trs|lalu|kemudian|serta|sama|and|also|plus|juga)"
    r"\s+(?=\S))",
    re.IGNORECASE,
)
MAX_SEGMENTS = 8
# "…saya HRD pabrik garmen. Mau tanya: …": what follows asks, even without a question mark.
ASKING = re.compile(
    r"\b(?:(?:mau|ingin|pengen|pingin|numpang|izin|ijin)\s+(?:tanya|nanya|bertanya)(?:\s+dong)?"
    r"|i'?d like to ask|i want to ask|my question is)\b\s*[:,-]?\s*",
    re.IGNORECASE,
)


# Openings of a sentence in which the asker introduces themselves or their company.
INTRODUCTIONS = (
    "saya",
    "sy",
    "aku",
    "gue",
    "gw",
    "ane",
    "kami",
    "kmi",
    "kita",
    "i am",
    "i'm",
    "im ",
    "we are",
    "we're",
    "we run",
    "we have",
    "we operate",
    "our ",
    "my ",
    "pabrik kami",
    "perusahaan kami",
    "pabrik saya",
    "perusahaan saya",
    "usaha saya",
    "usaha kami",
    "this is",
    "nama saya",
    "perkenalkan",
    "kenalin",
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence or clause of a message."""

    text: str
    is_question: bool

    @property
    def introduces(self) -> bool:
        """True for a sentence about the asker ("saya HRD di pabrik garmen …"), not a question."""
        opening = strip_small_talk(self.text)
        return not self.is_question and opening.startswith(INTRODUCTIONS)


def is_small_talk(text: str) -> bool:
    """True when a message is only greetings, thanks, acknowledgements or a test."""
    words = tokenize(text)
    if "?" in text and any(word in QUESTION_WORDS for word in words):
        return False
    return bool(words) and all(word in SMALL_TALK_WORDS for word in words)


def is_question(text: str) -> bool:
    """True when a sentence asks something."""
    return "?" in text or any(word in QUESTION_WORDS for word in tokenize(text))


def segments(text: str) -> list[Segment]:
    """Split a message into sentences, then split sentences joining two questions."""
    pieces: list[tuple[str, bool]] = []
    for sentence in SENTENCE_BREAK.split(text):
        before, asked = split_at_asking(sentence)
        pieces += [(piece, False) for piece in split_joined_questions(before.strip())]
        pieces += [(piece, True) for piece in split_joined_questions(asked.strip())]
    unique = dict.fromkeys((piece, asks) for piece, asks in pieces if has_words(piece))
    found = [Segment(piece, asks or is_question(piece)) for piece, asks in unique]
    return found[-MAX_SEGMENTS:]  # the question usually comes last in a long message


def split_at_asking(sentence: str) -> tuple[str, str]:
    """Split "… mau tanya: X" into what comes before the announcement and X ('' if none)."""
    found = ASKING.search(sentence)
    if not found or not has_words(sentence[found.end() :]):
        return sentence, ""
    return sentence[: found.start()], sentence[found.end() :]


def split_joined_questions(sentence: str) -> list[str]:
    """Split "A berapa, dan B apa?" into two parts when each part asks something."""
    pieces = QUESTION_JOIN.split(sentence)  # part, joining words, part, …
    if len(pieces) < 2:
        return [sentence] if sentence else []
    merged = [pieces[0]]
    for joiner, part in zip(pieces[1::2], pieces[2::2], strict=True):
        if is_question(part) and is_question(merged[-1]):
            merged.append(part)
        else:  # not two questions: keep the sentence whole, joining words included
            merged[-1] = f"{merged[-1]}{joiner}{part}"
    return [part.strip() for part in merged if part.strip()]


def has_words(text: str) -> bool:
    """True when a piece of text holds a word that is not small talk."""
    return any(word not in SMALL_TALK_WORDS for word in tokenize(text))


def strip_small_talk(text: str) -> str:
    """Drop leading small-talk words ("oke.", "makasih, ") so the opening can be read."""
    words = fold(text).split()
    while words and words[0].strip(".,!?:;") in SMALL_TALK_WORDS:
        words.pop(0)
    return " ".join(words)


def leans_on_previous(text: str) -> bool:
    """True when a message reads as a follow-up: it opens or points back to the last one."""
    if opens_new_topic(text):
        return False
    opening = strip_small_talk(text).strip()
    words = tokenize(opening)
    if not words:
        return False
    if any(opening.startswith(f"{start} ") or opening == start for start in FOLLOW_UP_OPENINGS):
        return True
    return any(word in POINTING_WORDS for word in words)


def opens_new_topic(text: str) -> bool:
    """True when a message announces a question unrelated to the previous one."""
    return strip_small_talk(text).strip().startswith(TOPIC_SWITCHES)
