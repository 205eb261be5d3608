"""Every user-facing sentence, Indonesian first with English beside it."""

from __future__ import annotations

LANGUAGES = ("id", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "coverage": (
        "Saya menjawab pertanyaan tentang aturan Kementerian Perindustrian masa COVID-19 "
        "(2020–2021): SE Menperin 4/2020 (operasional pabrik dan protokol kesehatan), IOMKI dan "
        "cara mengurusnya (SE 7/2020), kewajiban lapor pemegang IOMKI (SE 8/2020), panduan "
        "tempat kerja KMK 328/2020, aturan lanjutan (SE 697/2020, SE 2, 3 dan 5/2021), serta "
        "peran dinas dan Bimtek aparatur.",
        "I answer questions on the Ministry of Industry's COVID-19 rules (2020–2021): SE "
        "Menperin 4/2020 (running factories, health protocols), the IOMKI permit and how to apply "
        "(SE 7/2020), IOMKI holders' reporting duty (SE 8/2020), the KMK 328/2020 workplace "
        "guide, later circulars (SE 697/2020, SE 2, 3 and 5/2021), and the role of regional "
        "offices.",
    ),
    "not_sure": (
        "Saya belum yakin maksud pertanyaan Anda. Apakah maksud Anda salah satu ini?",
        "I am not sure what you mean. Did you mean one of these?",
    ),
    "no_match": (
        "Maaf, pertanyaan itu di luar yang bisa saya jawab dengan yakin. Pertanyaan Anda sudah "
        "dicatat untuk tim kami.",
        "Sorry, that question is outside what I can answer with confidence. It has been recorded "
        "for our team.",
    ),
    "recorded": (
        "Pertanyaan Anda dicatat agar tim kami dapat melengkapi jawabannya.",
        "Your question has been recorded so our team can add an answer.",
    ),
    "source": ("Sumber", "Source"),
    "status": ("Status", "Status"),
    "also": ("Lihat juga", "See also"),
    "emergency_note": (
        "Catatan: ini aturan masa darurat COVID-19 2020–2021, bukan aturan yang pasti berlaku "
        "sekarang. Cek aturan terkini ke Kemenperin atau dinas perindustrian setempat.",
        "Note: these are 2020–2021 COVID-19 emergency rules, not necessarily in force today. "
        "Check current rules with Kemenperin or your local industry office.",
    ),
    "chat_welcome": (
        "policybot — tanya jawab aturan Kemenperin masa COVID-19. Ketik pertanyaan Anda. "
        "Perintah: /bahasa en|id, /keluar. Ketik nomor untuk memilih saran.",
        "policybot — Q&A on Kemenperin's COVID-19 rules. Type your question. "
        "Commands: /language en|id, /quit. Type a number to pick a suggestion.",
    ),
    "chat_bye": ("Terima kasih. Sampai jumpa!", "Thank you. Goodbye!"),
    "language_set": ("Bahasa diganti ke Bahasa Indonesia.", "Language set to English."),
    "pick_range": (
        "Nomor itu tidak ada dalam saran. Silakan pilih nomor yang tertera.",
        "That number is not among the suggestions. Please pick one of the listed numbers.",
    ),
}


def text(key: str, language: str) -> str:
    """Return a sentence in the language ('en' or anything else for Indonesian)."""
    indonesian, english = TEXTS[key]
    return english if language == "en" else indonesian
