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

TEXTS.update({
    "welcome": (
        "Selamat datang di policybot, {name}! 👋",
        "Welcome to policybot, {name}! 👋",
    ),
    "how_to_ask": (
        "Ketik pertanyaan Anda dengan bahasa sehari-hari, misalnya <i>cara ngurus IOMKI gmn?</i> "
        "atau <i>hand sanitizer alkohol brp persen</i>. Setiap jawaban menyebut sumbernya.",
        "Type your question in plain words, for example <i>how do I apply for IOMKI?</i> or "
        "<i>what alcohol content must hand sanitizer have?</i>. Every answer cites its source.",
    ),
    "commands_title": ("Perintah:", "Commands:"),
    "choose_language": ("Pilih bahasa jawaban:", "Choose the answer language:"),
    "unsupported": (
        "Maaf, saya hanya bisa membaca pesan teks. Silakan ketik pertanyaan Anda.",
        "Sorry, I can only read text messages. Please type your question.",
    ),
    "unknown_command": (
        "Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat daftar perintah.",
        "I don't know that command. Type /help to see the list of commands.",
    ),
    "flood": (
        "Anda mengirim banyak pertanyaan dalam waktu singkat. Mohon tunggu sekitar satu menit, "
        "lalu coba lagi.",
        "You have sent many questions in a short time. Please wait about a minute and try again.",
    ),
    "error_apology": (
        "Maaf, terjadi kesalahan di sisi kami. Tim kami sudah diberi tahu; silakan coba lagi "
        "sebentar lagi.",
        "Sorry, something went wrong on our side. Our team has been told; please try again "
        "shortly.",
    ),
    "thanks_helpful": ("Terima kasih atas masukan Anda! 🙏", "Thank you for your feedback! 🙏"),
    "thanks_not_helpful": (
        "Terima kasih. Pertanyaan ini kami tandai agar jawabannya ditinjau tim kami.",
        "Thank you. We have flagged this question so our team reviews the answer.",
    ),
    "none_matched": (
        "Baik, pertanyaan Anda sudah dicatat untuk tim kami. Terima kasih!",
        "All right, your question has been recorded for our team. Thank you!",
    ),
    "button_none": ("Tidak ada yang cocok", "None of these"),
    "button_back": ("⬅️ Kembali", "⬅️ Back"),
    "button_all_topics": ("🗂 Semua topik", "🗂 All topics"),
    "choose_document": (
        "Pilih dokumen yang ingin Anda jelajahi:", "Choose a document to browse:"),
    "choose_topic": ("Pilih topik:", "Choose a topic:"),
    "choose_entry": ("Pilih pertanyaan:", "Choose a question:"),
    "stale_button": (
        "Tombol ini sudah tidak berlaku. Ketik /topik untuk membuka menu lagi.",
        "This button is no longer valid. Type /topics to open the menu again.",
    ),
    "nothing_to_cancel": (
        "Tidak ada langkah yang sedang berjalan. Silakan ketik pertanyaan Anda.",
        "There is nothing to cancel. Please type your question.",
    ),
    "cancelled": ("Baik, dibatalkan.", "All right, cancelled."),
    "privacy": (
        "<b>Data yang kami simpan</b>\n"
        "• Pertanyaan yang Anda kirim, waktu, ID Telegram Anda, bahasa, dan jawaban yang "
        "diberikan — agar tim kami dapat memperbaiki jawaban.\n"
        "• Pertanyaan yang belum terjawab, untuk ditinjau tim kami.\n"
        "• Penilaian 👍/👎 Anda atas jawaban.\n"
        "• Pilihan bahasa Anda.\n"
        "Kami tidak menyimpan nama, nomor telepon, foto, atau lokasi Anda. Data tidak dibagikan "
        "kepada pihak lain.\n\nSaat ini tersimpan: {questions} pertanyaan, {feedback} penilaian."
        "\nKetik /hapus_data untuk menghapus semuanya.",
        "<b>What we store</b>\n"
        "• The questions you send, the time, your Telegram ID, your language and the answer "
        "given — so our team can improve the answers.\n"
        "• Questions that were not answered, for our team to review.\n"
        "• Your 👍/👎 ratings of answers.\n"
        "• Your language choice.\n"
        "We do not store your name, phone number, photos or location. Nothing is shared with "
        "anyone else.\n\nStored now: {questions} questions, {feedback} ratings.\n"
        "Type /delete_my_data to delete all of it.",
    ),
    "delete_confirm": (
        "Hapus semua pertanyaan, penilaian, dan pengaturan Anda yang tersimpan? Tindakan ini "
        "tidak bisa dibatalkan.",
        "Delete all your stored questions, ratings and settings? This cannot be undone.",
    ),
    "button_delete_yes": ("Ya, hapus", "Yes, delete"),
    "button_delete_no": ("Tidak", "No"),
    "deleted": (
        "Data Anda sudah dihapus ({questions} pertanyaan, {feedback} penilaian).",
        "Your data has been deleted ({questions} questions, {feedback} ratings).",
    ),
    "delete_kept": ("Baik, data Anda tidak dihapus.", "All right, your data was kept."),
    "inline_ask_bot": ("Tanya langsung ke policybot", "Ask policybot directly"),
    "part": ("bagian", "part"),
})

