"""Every user-facing sentence, Indonesian first with English beside it.

text(key, language) looks one up; sentence() and both() also fill in its {fields}, and
UserError.from_catalogue(key, **fields) builds an error the user sees from one.
"""

from __future__ import annotations

import datetime as dt

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
    "small_talk": (
        "Halo! Saya asisten tentang aturan Kemenperin masa COVID-19: SE Menperin 4/2020 "
        "(operasional pabrik dan protokol kesehatan), IOMKI, dan kewajiban lapor SE 8/2020. "
        "Silakan tulis pertanyaan Anda, misalnya: cara mengurus IOMKI? Ketik /topik untuk "
        "melihat daftar topik.",
        "Hello! I answer questions on the Ministry of Industry's COVID-19 rules: SE Menperin "
        "4/2020 (running factories, health protocols), the IOMKI permit, and the SE 8/2020 "
        "reporting duty. Type your question, for example: how do I apply for IOMKI? Send /topics "
        "to see the list of topics.",
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
        "Perintah: /bantuan, /topik, /bahasa en|id, /keluar. Ketik nomor untuk memilih saran.",
        "policybot — Q&A on Kemenperin's COVID-19 rules. Type your question. "
        "Commands: /help, /topics, /language en|id, /quit. Type a number to pick a suggestion.",
    ),
    "chat_telegram_only": (
        "Perintah /{command} hanya tersedia di Telegram.",
        "The /{command} command is only available on Telegram.",
    ),
    "chat_bye": ("Terima kasih. Sampai jumpa!", "Thank you. Goodbye!"),
    "chat_prompt": ("Anda> ", "You> "),
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


def sentence(key: str, language: str, /, **values: object) -> str:
    """Return a sentence in the language with its {fields} filled in."""
    return text(key, language).format(**values)


def both(key: str, /, **values: object) -> tuple[str, str]:
    """Return a sentence filled in, Indonesian then English (the order UserError takes)."""
    return sentence(key, "id", **values), sentence(key, "en", **values)


TEXTS.update(
    {
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
        "language_unknown": (
            "Maaf, bahasa “{code}” belum tersedia, jadi bahasa jawaban Anda tidak diubah. "
            "Pilih bahasa jawaban:",
            "Sorry, “{code}” is not a language I offer, so your answer language is unchanged. "
            "Choose the answer language:",
        ),
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
        "thanks_helpful": (
            "Terima kasih atas masukan Anda! 🙏",
            "Thank you for your feedback! 🙏",
        ),
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
            "Pilih dokumen yang ingin Anda jelajahi:",
            "Choose a document to browse:",
        ),
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
            "• Pilihan bahasa Anda, dan langganan pengumuman Anda (wilayah dan topik) bila ada.\n"
            "• Percobaan memakai fitur petugas atau admin yang ditolak, demi keamanan.\n"
            "• Langkah percakapan yang belum selesai (misalnya laporan), agar bisa dilanjutkan.\n"
            "Kami tidak menyimpan nama, nomor telepon, foto, atau lokasi Anda. Data tidak dibagikan "
            "kepada pihak lain.\n\nSaat ini tersimpan: {questions} pertanyaan, {feedback} penilaian, "
            "{subscribers} catatan langganan.\n"
            "Ketik /hapus_data untuk menghapus semuanya.\n\n"
            "<b>Yang sengaja tetap disimpan</b> (hanya menyangkut petugas dan admin)\n{kept}",
            "<b>What we store</b>\n"
            "• The questions you send, the time, your Telegram ID, your language and the answer "
            "given — so our team can improve the answers.\n"
            "• Questions that were not answered, for our team to review.\n"
            "• Your 👍/👎 ratings of answers.\n"
            "• Your language choice, and your announcement subscription (region and topics) if any.\n"
            "• Refused attempts to use officer or admin features, for security.\n"
            "• The steps of an unfinished conversation (e.g. a report), so you can continue it.\n"
            "We do not store your name, phone number, photos or location. Nothing is shared with "
            "anyone else.\n\nStored now: {questions} questions, {feedback} ratings, "
            "{subscribers} subscription records.\n"
            "Type /delete_my_data to delete all of it.\n\n"
            "<b>Kept on purpose</b> (only concerns officers and admins)\n{kept}",
        ),
        "delete_confirm": (
            "Hapus semua pertanyaan, penilaian, dan pengaturan Anda yang tersimpan? Tindakan ini "
            "tidak bisa dibatalkan.",
            "Delete all your stored questions, ratings and settings? This cannot be undone.",
        ),
        "button_delete_yes": ("Ya, hapus", "Yes, delete"),
        "button_delete_no": ("Tidak", "No"),
        "deleted": (
            "Data Anda sudah dihapus ({questions} pertanyaan, {feedback} penilaian). Catatan resmi "
            "yang sengaja tetap disimpan dijelaskan di /privasi.",
            "Your data has been deleted ({questions} questions, {feedback} ratings). The official "
            "records kept on purpose are explained in /privacy.",
        ),
        "delete_kept": ("Baik, data Anda tidak dihapus.", "All right, your data was kept."),
        "inline_ask_bot": ("Tanya langsung ke policybot", "Ask policybot directly"),
        "your_ids": (
            "🆔 ID pengguna Telegram Anda: <code>{user_id}</code>\n"
            "ID obrolan ini ({chat_kind}): <code>{chat_id}</code>\n\n"
            "Untuk pengelola bot: ID pengguna admin dimasukkan ke <code>roles.admins</code>, dan "
            "ID grup yang menerima laporan kesalahan ke <code>telegram.admin_chat_id</code> "
            "(kirim /id di grup itu).",
            "🆔 Your Telegram user id: <code>{user_id}</code>\n"
            "This chat's id ({chat_kind}): <code>{chat_id}</code>\n\n"
            "For whoever runs the bot: admins' user ids go in <code>roles.admins</code>, and the id "
            "of the group that receives error reports in <code>telegram.admin_chat_id</code> "
            "(send /id in that group).",
        ),
        "id_chat_private": ("obrolan pribadi", "private chat"),
        "id_chat_group": ("grup", "group"),
        "id_chat_channel": ("kanal", "channel"),
        "part": ("bagian", "part"),
    }
)

# Officers' reports (/lapor) and officer management (/petugas)
TEXTS.update(
    {
        "report_company": (
            "📝 Laporan baru. Nama perusahaan yang Anda kunjungi? (contoh: PT Maju Jaya)\n"
            "Ketik /batal kapan saja untuk membatalkan.",
            "📝 New report. Which company did you visit? (e.g. PT Maju Jaya)\n"
            "Type /cancel at any time to stop.",
        ),
        "report_iomki": (
            "Apakah perusahaan ini pemegang IOMKI?",
            "Does this company hold an IOMKI?",
        ),
        "report_status": ("Status operasional saat ini?", "Current operating status?"),
        "report_workers": (
            "Berapa pekerja yang ada di lokasi? Tulis angka, misalnya 120.",
            "How many workers are on site? Type a number, e.g. 120.",
        ),
        "report_checklist": (
            "Centang protokol kesehatan yang diterapkan, lalu tekan ✅ Selesai.",
            "Tick the health-protocol measures in place, then press ✅ Done.",
        ),
        "report_notes": (
            "Catatan tambahan? Tulis singkat, atau tekan Lewati.",
            "Any notes? Write briefly, or press Skip.",
        ),
        "report_extras": (
            "Opsional: kirim foto dan/atau lokasi (📎 → Lokasi). Tekan Lanjut bila selesai.",
            "Optional: send a photo and/or your location (📎 → Location). Press Continue when done.",
        ),
        "report_photo_saved": ("Foto disimpan. ", "Photo saved. "),
        "report_location_saved": ("Lokasi disimpan. ", "Location saved. "),
        "report_summary": ("Periksa laporan Anda:", "Please check your report:"),
        "report_saved": (
            "✅ Laporan #{id} tersimpan ({company}, {date}).",
            "✅ Report #{id} saved ({company}, {date}).",
        ),
        "report_replaced": (
            "✅ Laporan #{id} tersimpan dan menggantikan laporan #{old}.",
            "✅ Report #{id} saved, replacing report #{old}.",
        ),
        "report_duplicate": (
            "Anda sudah melaporkan {company} hari ini (laporan #{old}). Ganti laporan itu atau "
            "tambahkan sebagai laporan baru?",
            "You already reported on {company} today (report #{old}). Replace that report or add "
            "this as a new one?",
        ),
        "report_cancelled": (
            "Laporan dibatalkan; tidak ada yang disimpan.",
            "Report cancelled; nothing was saved.",
        ),
        "report_choose_field": (
            "Bagian mana yang ingin diubah?",
            "Which part do you want to change?",
        ),
        "report_use_buttons": (
            "Silakan pilih salah satu tombol di atas, atau ketik /batal.",
            "Please choose one of the buttons above, or type /cancel.",
        ),
        "report_expired": (
            "Draf laporan ini sudah tidak aktif. Mulai lagi dengan /lapor.",
            "This draft report is no longer active. Start again with /report.",
        ),
        "reports_none": ("Anda belum punya laporan.", "You have no reports yet."),
        "reports_recent": ("Laporan terakhir Anda:", "Your latest reports:"),
        "reports_summary": (
            "Ringkasan laporan 7 hari terakhir per wilayah:",
            "Report summary for the last 7 days, per region:",
        ),
        "reports_summary_none": (
            "Belum ada laporan dalam 7 hari terakhir.",
            "No reports in the last 7 days.",
        ),
        "reports_export_caption": (
            "Laporan sejak {since} ({count} baris).",
            "Reports since {since} ({count} rows).",
        ),
        "button_send": ("Kirim", "Send"),
        "button_edit": ("Ubah", "Edit"),
        "button_cancel": ("Batal", "Cancel"),
        "button_skip": ("Lewati", "Skip"),
        "button_continue": ("Lanjut", "Continue"),
        "button_checklist_done": ("✅ Selesai", "✅ Done"),
        "button_replace": ("Ganti laporan lama", "Replace the earlier one"),
        "button_add": ("Tambah laporan baru", "Add as a new report"),
        "field_company": ("Perusahaan", "Company"),
        "field_iomki": ("Pemegang IOMKI", "IOMKI holder"),
        "field_status": ("Status", "Status"),
        "field_workers": ("Pekerja di lokasi", "Workers on site"),
        "field_checklist": ("Protokol", "Protocol"),
        "field_notes": ("Catatan", "Notes"),
        "field_photo": ("Foto", "Photo"),
        "field_location": ("Lokasi", "Location"),
        "officers_none": ("Belum ada petugas aktif.", "There are no active officers."),
        "officers_list": ("Petugas aktif:", "Active officers:"),
        "officers_usage": (
            "Cara pakai:\n/petugas — daftar petugas\n/petugas tambah <user_id> <Provinsi / "
            "Kabupaten atau Kota>\n/petugas hapus <user_id>",
            "Usage:\n/officers — list officers\n/officers add <user_id> <Province / Regency or "
            "City>\n/officers remove <user_id>",
        ),
        "officer_added": (
            "Pengguna {user_id} kini petugas untuk {region}.",
            "User {user_id} is now an officer for {region}.",
        ),
        "officer_removed": (
            "Peran petugas pengguna {user_id} dicabut.",
            "User {user_id} is no longer an officer.",
        ),
    }
)

# Knowledge reload (/muat_ulang)
TEXTS.update(
    {
        "reload_done": (
            "Basis pengetahuan dimuat ulang: {entries} entri dari {documents} dokumen.",
            "Knowledge base reloaded: {entries} entries from {documents} documents.",
        ),
        "reload_failed": (
            "Muat ulang gagal; bot tetap memakai versi terakhir yang baik. Masalah:",
            "Reload failed; the bot keeps serving the last good version. Problems:",
        ),
    }
)

# Subscriptions (/langganan) and broadcasts (/siaran)
TEXTS.update(
    {
        "sub_new": (
            "✅ Terima kasih, Anda kini berlangganan <b>semua</b> pengumuman. Jika perlu, "
            "persempit menurut wilayah atau topik dengan tombol di bawah.",
            "✅ Thank you, you are now subscribed to <b>all</b> announcements. If you like, narrow "
            "them by region or topic with the buttons below.",
        ),
        "sub_status": (
            "🔔 <b>Langganan Anda</b>\nWilayah: {region}\nTopik: {topics}\n\n"
            "Ketik /berhenti untuk berhenti berlangganan.",
            "🔔 <b>Your subscription</b>\nRegion: {region}\nTopics: {topics}\n\n"
            "Type /unsubscribe to stop.",
        ),
        "sub_every_region": ("semua wilayah", "all regions"),
        "sub_every_topic": ("semua topik", "all topics"),
        "sub_choose_province": (
            "Pilih provinsi Anda. Tanpa pilihan, Anda menerima pengumuman untuk semua wilayah.",
            "Choose your province. Without a choice you receive announcements for every region.",
        ),
        "sub_no_regions": (
            "Belum ada wilayah yang bisa dipilih dengan tombol. Ketik wilayah Anda, misalnya "
            "/langganan Jawa Barat / Kabupaten Bekasi",
            "There are no regions to pick with buttons yet. Type your region, for example "
            "/subscribe Jawa Barat / Kabupaten Bekasi",
        ),
        "sub_choose_district": (
            "Pilih kabupaten/kota di {province}, atau terima pengumuman untuk seluruh provinsi:",
            "Choose a regency or city in {province}, or receive announcements for the whole "
            "province:",
        ),
        "sub_choose_topics": (
            "Ketuk topik yang ingin Anda terima (ketuk lagi untuk melepasnya). Tanpa pilihan, Anda "
            "menerima semua topik.",
            "Tap the topics you want to receive (tap again to remove one). Without a choice you "
            "receive every topic.",
        ),
        "sub_stopped": (
            "Anda sudah berhenti berlangganan. Ketik /langganan kapan saja untuk berlangganan lagi.",
            "You have unsubscribed. Type /subscribe at any time to subscribe again.",
        ),
        "sub_not_subscribed": (
            "Anda belum berlangganan. Ketik /langganan untuk menerima pengumuman.",
            "You are not subscribed. Type /subscribe to receive announcements.",
        ),
        "welcome_back": ("Selamat datang kembali, {name}! 👋", "Welcome back, {name}! 👋"),
        "welcome_back_resubscribe": (
            "Langganan pengumuman Anda berhenti ketika bot diblokir. Ketuk tombol di bawah untuk "
            "berlangganan lagi.",
            "Your announcement subscription stopped when the bot was blocked. Tap the button below "
            "to subscribe again.",
        ),
        "button_sub_region": ("📍 Pilih wilayah", "📍 Choose a region"),
        "button_sub_topics": ("🏷 Pilih topik", "🏷 Choose topics"),
        "button_every_region": ("🌏 Semua wilayah", "🌏 All regions"),
        "button_whole_province": ("Seluruh {province}", "All of {province}"),
        "button_resubscribe": ("🔔 Langganan lagi", "🔔 Subscribe again"),
        "button_done": ("✔️ Selesai", "✔️ Done"),
        "bc_header": ("📢 <b>Pengumuman</b>", "📢 <b>Announcement</b>"),
        "bc_footer": (
            "<i>Berhenti berlangganan: /berhenti</i>",
            "<i>Unsubscribe: /unsubscribe</i>",
        ),
        "audience_all": ("semua pelanggan", "all subscribers"),
        "audience_topic": ("topik {topic}", "topic {topic}"),
        "bc_write": (
            "Tulis pesan siaran Anda: teks, atau foto/dokumen dengan keterangan. Ketik /batal untuk "
            "membatalkan.",
            "Write your broadcast: text, or a photo/document with a caption. Type /cancel to cancel.",
        ),
        "bc_choose_audience": (
            "Pratinjau siaran #{id} ada di atas. Pilih penerimanya:",
            "The preview of broadcast #{id} is above. Choose who receives it:",
        ),
        "bc_choose_province": ("Pilih provinsi penerima:", "Choose the province:"),
        "bc_choose_district": (
            "Pilih kabupaten/kota di {province}:",
            "Choose a regency or city in {province}:",
        ),
        "bc_choose_topic": ("Pilih topik siaran:", "Choose the broadcast's topic:"),
        "button_bc_all": ("👥 Semua pelanggan", "👥 All subscribers"),
        "button_bc_mine": ("📍 {region}", "📍 {region}"),
        "button_bc_region": ("📍 Pilih wilayah", "📍 Choose a region"),
        "button_bc_topic": ("🏷 Pilih topik", "🏷 Choose a topic"),
        "button_change_audience": ("✏️ Ubah penerima", "✏️ Change audience"),
        "button_approve": ("Setujui", "Approve"),
        "button_reject": ("Tolak", "Reject"),
        "bc_confirm": (
            "<b>Siaran #{id}</b>\nPenerima: {audience}\nJumlah penerima: {count}\n{approval}"
            "Periksa pratinjau di atas, lalu ketuk <b>Kirim sekarang</b> atau <b>Jadwalkan</b>.",
            "<b>Broadcast #{id}</b>\nAudience: {audience}\nRecipients: {count}\n{approval}"
            "Check the preview above, then tap <b>Send now</b> or <b>Schedule</b>.",
        ),
        "bc_needs_approval": (
            "Lebih dari {threshold} penerima: siaran ini perlu persetujuan admin lain.\n",
            "More than {threshold} recipients: this broadcast needs another admin's approval.\n",
        ),
        "bc_waiting": (
            "⏳ <b>Siaran #{id}</b> menunggu persetujuan admin ({count} penerima). Permintaan "
            "dikirim ke {admins} admin.",
            "⏳ <b>Broadcast #{id}</b> is waiting for an admin's approval ({count} recipients). "
            "The request went to {admins} admin(s).",
        ),
        "bc_approval_request": (
            "🛂 <b>Persetujuan siaran #{id}</b>\nDari: pengguna {author} ({role})\nPenerima: "
            "{audience}\nJumlah penerima: {count}\nPratinjau ada di atas. Setujui pengiriman?",
            "🛂 <b>Approve broadcast #{id}?</b>\nFrom: user {author} ({role})\nAudience: "
            "{audience}\nRecipients: {count}\nThe preview is above. Approve sending it?",
        ),
        "role_officer": ("petugas", "officer"),
        "role_admin": ("admin", "admin"),
        "bc_approved": (
            "✅ Siaran #{id} disetujui dan sedang dikirim.",
            "✅ Broadcast #{id} was approved and is being sent.",
        ),
        "bc_rejected": (
            "❌ Siaran #{id} ditolak dan tidak dikirim.",
            "❌ Broadcast #{id} was rejected and not sent.",
        ),
        "bc_cancelled": (
            "Siaran #{id} dibatalkan; tidak ada yang dikirim.",
            "Broadcast #{id} was cancelled; nothing was sent.",
        ),
        "bc_starting": (
            "📤 <b>Siaran #{id}</b> mulai dikirim ke {count} penerima…",
            "📤 <b>Broadcast #{id}</b> is starting to go out to {count} recipients…",
        ),
        "bc_progress": (
            "📤 <b>Siaran #{id}</b> sedang dikirim · {audience}\n"
            "Terkirim: {sent} · Diblokir: {blocked} · Gagal: {failed} · Tidak pasti: {unknown}\n"
            "Sisa: {remaining} dari {total} · {rate} pesan/detik · selesai dalam ±{eta}",
            "📤 <b>Broadcast #{id}</b> is being sent · {audience}\n"
            "Sent: {sent} · Blocked: {blocked} · Failed: {failed} · Unknown: {unknown}\n"
            "Left: {remaining} of {total} · {rate} messages/s · done in about {eta}",
        ),
        "bc_done": (
            "✅ <b>Siaran #{id} selesai</b> · {audience}\n"
            "Terkirim: {sent} · Diblokir: {blocked} · Gagal: {failed} · Tidak pasti: {unknown} "
            "(dari {total} penerima)",
            "✅ <b>Broadcast #{id} finished</b> · {audience}\n"
            "Sent: {sent} · Blocked: {blocked} · Failed: {failed} · Unknown: {unknown} "
            "(of {total} recipients)",
        ),
        "bc_summary": (
            "Ringkasan siaran #{id}: {sent} terkirim, {blocked} memblokir bot (langganannya "
            "dihentikan), {failed} gagal, {unknown} tidak pasti, dari {total} penerima.",
            "Summary of broadcast #{id}: {sent} sent, {blocked} had blocked the bot (now "
            "unsubscribed), {failed} failed, {unknown} unknown, of {total} recipients.",
        ),
        "bc_unknown_note": (
            "\n„Tidak pasti”: koneksi terputus saat mengirim sehingga tidak jelas apakah pesan "
            "sampai. Pesan itu tidak dikirim ulang agar tidak ada yang menerimanya dua kali.",
            "\n“Unknown”: the connection broke while sending, so it is unclear whether the message "
            "arrived. It was not resent, so that nobody receives it twice.",
        ),
        "button_send_now": ("Kirim sekarang", "Send now"),
        "button_schedule": ("Jadwalkan", "Schedule"),
        "button_schedule_yes": ("✅ Ya, jadwalkan", "✅ Yes, schedule it"),
        "button_change_time": ("🕘 Ubah waktu", "🕘 Change the time"),
        "button_urgent": ("🚨 Tandai mendesak", "🚨 Mark urgent"),
        "button_not_urgent": ("🚨 Mendesak ✓ (batalkan tanda)", "🚨 Urgent ✓ (unmark)"),
        "button_unschedule": ("Batalkan #{id}", "Cancel #{id}"),
        "bc_ask_time": (
            "Kapan siaran #{id} dikirim? Ketik waktunya (WIB), misalnya:\n"
            "• <code>besok 09:00</code>\n• <code>Senin 08:30</code>\n"
            "• <code>2027-01-15 10:00</code>\n"
            "• <code>setiap Jumat 09:00</code> (mingguan; boleh ditambah "
            "<code>sampai 2027-03-31</code>)\nKetik /batal untuk batal.",
            "When should broadcast #{id} go out? Type the time (WIB), for example:\n"
            "• <code>tomorrow 09:00</code>\n• <code>Monday 08:30</code>\n"
            "• <code>2027-01-15 10:00</code>\n"
            "• <code>every Friday 09:00</code> (weekly; you may add "
            "<code>until 2027-03-31</code>)\nType /cancel to cancel.",
        ),
        "bc_when": ("🕘 Waktu kirim: <b>{when}</b>\n", "🕘 Goes out: <b>{when}</b>\n"),
        "bc_quiet_note": (
            "🌙 Waktu itu masuk jam tenang ({quiet}); siaran akan mulai {start}.\n",
            "🌙 That time is within quiet hours ({quiet}); the broadcast will start {start}.\n",
        ),
        "bc_quiet_now": (
            "🌙 Sekarang jam tenang ({quiet}): pengiriman ditunda sampai {start}.",
            "🌙 It is quiet hours now ({quiet}): sending waits until {start}.",
        ),
        "bc_urgent_note": (
            "🚨 Mendesak: dikirim juga pada jam tenang.\n",
            "🚨 Urgent: goes out during quiet hours too.\n",
        ),
        "bc_confirm_schedule": (
            "<b>Siaran #{id}</b>\nPenerima: {audience}\nJumlah penerima saat ini: {count}\n"
            "{when}{approval}Periksa pratinjau dan waktunya, lalu ketuk <b>Ya, jadwalkan</b>.",
            "<b>Broadcast #{id}</b>\nAudience: {audience}\nRecipients now: {count}\n"
            "{when}{approval}Check the preview and the time, then tap <b>Yes, schedule it</b>.",
        ),
        "bc_scheduled": (
            "🗓 <b>Siaran #{id}</b> dijadwalkan: {when}.\nPenerima: {audience}. Lihat atau batalkan "
            "dengan /siaran_terjadwal.",
            "🗓 <b>Broadcast #{id}</b> is scheduled: {when}.\nAudience: {audience}. See or cancel "
            "it with /scheduled.",
        ),
        "bc_scheduled_starting": (
            "⏰ <b>Siaran terjadwal #{id}</b> mulai dikirim ke {count} penerima…",
            "⏰ <b>Scheduled broadcast #{id}</b> is starting to go out to {count} recipients…",
        ),
        "bc_skipped": (
            "⚠️ <b>Siaran terjadwal #{id}</b> ({when}) <b>dilewati</b>: bot tidak berjalan pada "
            "waktunya dan baru memeriksanya {late} menit kemudian (batas {limit} menit). Tidak ada "
            "yang dikirim; buat siaran baru bila masih perlu.",
            "⚠️ <b>Scheduled broadcast #{id}</b> ({when}) was <b>skipped</b>: the bot was not "
            "running at that time and only checked {late} minutes later (the limit is {limit}). "
            "Nothing was sent; create a new broadcast if it is still needed.",
        ),
        "bc_paused": (
            "🌙 <b>Siaran #{id}</b> dijeda: jam tenang ({quiet}). Pengiriman dilanjutkan sesudahnya."
            "\nTerkirim: {sent} · Sisa: {remaining} dari {total}",
            "🌙 <b>Broadcast #{id}</b> is paused for quiet hours ({quiet}). Sending resumes after "
            "them.\nSent: {sent} · Left: {remaining} of {total}",
        ),
        "bc_schedule_empty": (
            "Tidak ada siaran terjadwal.",
            "No broadcasts are scheduled.",
        ),
        "bc_schedule_title": (
            "🗓 <b>Siaran terjadwal</b> ({count})",
            "🗓 <b>Scheduled broadcasts</b> ({count})",
        ),
        "bc_schedule_item": (
            "<b>#{id}</b> · {when}\n{audience} · oleh {role} {author}{flags}\n<i>{preview}</i>",
            "<b>#{id}</b> · {when}\n{audience} · by {role} {author}{flags}\n<i>{preview}</i>",
        ),
        "bc_flag_approval": (" · menunggu persetujuan", " · waiting for approval"),
        "bc_flag_urgent": (" · 🚨 mendesak", " · 🚨 urgent"),
        "bc_unscheduled": (
            "🗑 Siaran terjadwal #{id} dibatalkan; tidak akan dikirim.",
            "🗑 Scheduled broadcast #{id} was cancelled; it will not go out.",
        ),
        "bc_urgent_set": (
            "🚨 Siaran #{id} ditandai mendesak: dikirim juga pada jam tenang.",
            "🚨 Broadcast #{id} is marked urgent: it goes out during quiet hours too.",
        ),
        "bc_urgent_unset": (
            "Tanda mendesak siaran #{id} dicabut: jam tenang berlaku lagi.",
            "Broadcast #{id} is no longer urgent: quiet hours apply again.",
        ),
        "eta_seconds": ("{seconds} detik", "{seconds} s"),
        "eta_minutes": ("{minutes} menit {seconds} detik", "{minutes} min {seconds} s"),
    }
)

# Curation (/belum_terjawab, /faq, /statistik)
TEXTS.update(
    {
        "unanswered_none": (
            "Tidak ada pertanyaan yang belum terjawab. 🎉",
            "There are no unanswered questions. 🎉",
        ),
        "unanswered_title": (
            "{groups} kelompok, {questions} pertanyaan belum terjawab (halaman {page}/{pages})",
            "{groups} groups, {questions} unanswered questions (page {page}/{pages})",
        ),
        "unanswered_group": (
            "{count} pertanyaan dari {askers} penanya:",
            "{count} questions from {askers} askers:",
        ),
        "unanswered_feedback": (
            "👎 {count} di antaranya dari penilaian jawaban.",
            "👎 {count} of them came from answer ratings.",
        ),
        "unanswered_actions": (
            "Tambahkan sebagai frasa ke entri yang diusulkan (➕), buat entri baru, atau abaikan.",
            "Add as a phrasing to a proposed entry (➕), create a new entry, or dismiss.",
        ),
        "unanswered_attached": (
            "✅ Ditambahkan sebagai frasa ke {entry}. {count} penanya akan dikabari.",
            "✅ Added as a phrasing to {entry}. {count} askers will be told.",
        ),
        "unanswered_dismissed": (
            "🗑 {count} pertanyaan diabaikan (di luar cakupan).",
            "🗑 {count} questions dismissed (out of scope).",
        ),
        "button_new_entry": ("🆕 Entri baru", "🆕 New entry"),
        "button_dismiss": ("🗑 Abaikan", "🗑 Dismiss"),
        "button_notifications_off": ("🔕 Jangan kabari lagi", "🔕 Don't tell me again"),
        "notifications_off": (
            "Baik, Anda tidak akan dikabari lagi saat pertanyaan Anda terjawab atau saat "
            "jawaban yang Anda terima diperbarui.",
            "All right, you will no longer be told when your questions get an answer or when "
            "an answer you got is updated.",
        ),
        "answer_notification": (
            "Pertanyaan Anda tanggal {date} («{question}») kini sudah ada jawabannya:\n\n{answer}",
            "Your question of {date} («{question}») now has an answer:\n\n{answer}",
        ),
        "faq_usage": (
            "Cara pakai:\n/faq cari <kata>\n/faq lihat <id>\n/faq tambah\n/faq ubah <id>\n"
            "/faq hapus <id>",
            "Usage:\n/faq search <words>\n/faq view <id>\n/faq add\n/faq edit <id>\n"
            "/faq delete <id>",
        ),
        "faq_no_results": ("Tidak ada entri yang cocok.", "No matching entries."),
        "faq_results": ("Entri yang cocok:", "Matching entries:"),
        "faq_questions": ("Pertanyaan:", "Questions:"),
        "faq_reviewed": ("Ditinjau", "Reviewed"),
        "faq_delete_confirm": (
            "Hapus entri {entry}? Versi lama disimpan sebagai cadangan.",
            "Delete entry {entry}? The old version is kept as a backup.",
        ),
        "faq_deleted": ("🗑 Entri {entry} dihapus.", "🗑 Entry {entry} deleted."),
        "faq_kept": ("Baik, entri tidak dihapus.", "All right, the entry was kept."),
        "faq_ask_question": (
            "Tulis pertanyaan utama entri baru (ketik /batal untuk membatalkan).",
            "Type the new entry's main question (type /cancel to stop).",
        ),
        "faq_ask_answer": (
            "Tulis jawabannya dalam Bahasa Indonesia.",
            "Type the answer in Indonesian.",
        ),
        "faq_ask_answer_en": (
            "Tulis jawabannya dalam bahasa Inggris.",
            "Type the answer in English.",
        ),
        "faq_ask_document": ("Dokumen sumbernya?", "Which source document?"),
        "faq_ask_topic": ("Topiknya?", "Which topic?"),
        "faq_ask_point": (
            "Bagian/poin dokumen yang menjadi sumber (misalnya: Kewajiban perusahaan, angka 2)?",
            "Which part or point of the document is the source (e.g. company duties, point 2)?",
        ),
        "faq_ask_point_en": (
            "Tulis poin sumber itu dalam bahasa Inggris (misalnya: Company duties, point 2).",
            "Type that source point in English (e.g. Company duties, point 2).",
        ),
        "faq_created": (
            "✅ Entri {entry} dibuat dan langsung berlaku. {count} penanya akan dikabari.",
            "✅ Entry {entry} created and in effect. {count} askers will be told.",
        ),
        "faq_choose_field": (
            "Bagian mana dari {entry} yang ingin diubah?",
            "Which part of {entry} do you want to change?",
        ),
        "faq_field_questions": ("Pertanyaan", "Questions"),
        "faq_field_answer": ("Jawaban (ID)", "Answer (ID)"),
        "faq_field_answer_en": ("Jawaban (EN)", "Answer (EN)"),
        "faq_field_tags": ("Tag", "Tags"),
        "faq_field_topic": ("Topik", "Topic"),
        "faq_field_point": ("Poin sumber", "Source point"),
        "faq_field_point_en": ("Poin sumber (EN)", "Source point (EN)"),
        "faq_new_questions": (
            "Tulis semua pertanyaan, satu per baris.",
            "Type every question, one per line.",
        ),
        "faq_new_answer": (
            "Tulis jawaban baru (Bahasa Indonesia).",
            "Type the new Indonesian answer.",
        ),
        "faq_new_answer_en": (
            "Tulis jawaban baru (bahasa Inggris).",
            "Type the new English answer.",
        ),
        "faq_new_tags": ("Tulis tag, dipisah koma.", "Type the tags, separated by commas."),
        "faq_new_topic": (
            "Tulis topik: operasional-pabrik, protokol-kesehatan, iomki, pelaporan, sanksi, "
            "ppkm-2021, dinas, bimtek atau umum.",
            "Type the topic: operasional-pabrik, protokol-kesehatan, iomki, pelaporan, sanksi, "
            "ppkm-2021, dinas, bimtek or umum.",
        ),
        "faq_new_point": ("Tulis poin sumber yang baru.", "Type the new source point."),
        "faq_new_point_en": (
            "Tulis poin sumber yang baru dalam bahasa Inggris.",
            "Type the new source point in English.",
        ),
        "faq_updated": (
            "✅ Entri {entry} diperbarui dan langsung berlaku.",
            "✅ Entry {entry} updated and in effect.",
        ),
    }
)

# Errors shown to the user (UserError, NotFound, PermissionDenied), by where they arise
TEXTS.update(
    {
        # Answering
        "question_empty": ("Silakan tulis pertanyaan Anda.", "Please type your question."),
        "question_without_words": (
            "Silakan tulis pertanyaan Anda dengan kata-kata, misalnya: cara mengurus IOMKI?",
            "Please type your question in words, for example: how do I apply for IOMKI?",
        ),
        "answer_gone": (
            "Maaf, jawaban itu tidak ditemukan lagi.",
            "Sorry, that answer no longer exists.",
        ),
        "question_not_stored": (
            "Maaf, pertanyaan itu sudah tidak tersimpan.",
            "Sorry, that question is no longer stored.",
        ),
        # Roles and regions
        "region_format": (
            "Wilayah harus ditulis 'Provinsi / Kabupaten atau Kota', misalnya "
            "'Jawa Barat / Kabupaten Bekasi'.",
            "The region must be written 'Province / Regency or City', for example "
            "'Jawa Barat / Kabupaten Bekasi'.",
        ),
        "officers_and_admins_only": (
            "Maaf, fitur ini hanya untuk petugas dinas atau admin yang terdaftar.",
            "Sorry, this feature is only for registered officers or admins.",
        ),
        "admins_only": (
            "Maaf, fitur ini hanya untuk admin.",
            "Sorry, this feature is only for admins.",
        ),
        "officer_not_active": (
            "Pengguna {user_id} bukan petugas aktif.",
            "User {user_id} is not an active officer.",
        ),
        # Subscriptions
        "sub_topic_unknown": (
            "Topik tidak dikenal. Pilih salah satu: {topics}.",
            "Unknown topic. Choose one of: {topics}.",
        ),
        "sub_required": (
            "Anda belum berlangganan. Ketik /langganan untuk berlangganan.",
            "You are not subscribed. Type /subscribe to subscribe.",
        ),
        "sub_stale_button": (
            "Tombol ini sudah tidak berlaku. Ketik /langganan untuk membuka lagi.",
            "This button is no longer valid. Type /subscribe to open it again.",
        ),
        # Officers' reports
        "report_incomplete": ("Laporan belum lengkap.", "The report is not complete."),
        "report_earlier_not_found": (
            "Laporan lama tidak ditemukan.",
            "The earlier report was not found.",
        ),
        "report_quick_form": (
            "Format singkat: {example}\nMinimal nama perusahaan; status; jumlah pekerja.",
            "Quick form: {example}\nAt least company; status; workers.",
        ),
        "broadcast_one_line_form": (
            "Tulis sasaran dan pesan dipisah titik dua, misalnya '/siaran semua: Pesan Anda' "
            "atau '/siaran Jawa Barat / Kabupaten Bekasi: Pesan Anda'.",
            "Write the audience and the message separated by a colon, for example "
            "'/broadcast all: Your message' or '/broadcast Jawa Barat / Kabupaten Bekasi: "
            "Your message'.",
        ),
        "broadcast_needs_text": (
            "Pesan siaran harus berisi teks (boleh dengan foto atau dokumen).",
            "A broadcast needs text (optionally with a photo or document).",
        ),
        "broadcast_too_long": (
            "Pesan siaran terlalu panjang: paling banyak {limit} karakter.",
            "The broadcast is too long: at most {limit} characters.",
        ),
        "broadcast_region_only": (
            "Petugas hanya dapat mengirim siaran ke wilayahnya sendiri.",
            "Officers can only broadcast to their own region.",
        ),
        "broadcast_audience_first": (
            "Pilih dahulu penerima siaran ini.",
            "Choose the audience of this broadcast first.",
        ),
        "broadcast_time_first": (
            "Tentukan dahulu waktunya: ketuk Jadwalkan, lalu ketik waktunya.",
            "Set the time first: tap Schedule, then type the time.",
        ),
        "broadcast_series_over": (
            "Jadwal mingguan ini sudah berakhir: tanggal akhirnya sudah lewat. Tidak ada yang "
            "dijadwalkan.",
            "This weekly schedule is over: its end date has passed. Nothing was scheduled.",
        ),
        "broadcast_schedule_not_yours": (
            "Anda hanya dapat mengelola siaran terjadwal dari petugas di wilayah Anda.",
            "You can only manage scheduled broadcasts by officers in your region.",
        ),
        "broadcast_no_subscribers": (
            "Belum ada pelanggan untuk sasaran ini; siaran tidak dikirim.",
            "There are no subscribers for this audience; nothing was sent.",
        ),
        "broadcast_no_other_admin": (
            "Siaran ke lebih dari {threshold} penerima perlu persetujuan admin lain, tetapi "
            "belum ada admin lain yang terdaftar.",
            "Broadcasts to more than {threshold} recipients need another admin's approval, but "
            "no other admin is registered.",
        ),
        "broadcast_own_approval": (
            "Siaran Anda sendiri harus disetujui oleh admin lain.",
            "Your own broadcast must be approved by another admin.",
        ),
        "broadcast_not_yours": ("Ini bukan siaran Anda.", "This is not your broadcast."),
        "broadcast_handled": (
            "Siaran #{broadcast_id} sudah diproses sebelumnya.",
            "Broadcast #{broadcast_id} has already been handled.",
        ),
        "broadcast_missing": (
            "Siaran #{broadcast_id} tidak ditemukan.",
            "Broadcast #{broadcast_id} not found.",
        ),
        "broadcast_button_expired": (
            "Tombol ini sudah tidak berlaku. Ketik /siaran untuk memulai lagi.",
            "This button is no longer valid. Type /broadcast to start again.",
        ),
        "report_date_format": (
            "Tanggal harus berbentuk TTTT-BB-HH, misalnya 2021-07-01.",
            "The date must look like YYYY-MM-DD, e.g. 2021-07-01.",
        ),
        "report_field_numbered": ("Kolom {number} ({name})", "Field {number} ({name})"),
        "report_field_name_company": ("nama perusahaan", "company name"),
        "report_field_name_workers": ("jumlah pekerja", "workers on site"),
        "report_field_name_status": ("status operasional", "operating status"),
        "report_field_name_checklist": ("checklist protokol", "protocol checklist"),
        "report_field_name_notes": ("catatan", "notes"),
        "report_company_too_long": (
            "terlalu panjang (maksimal {maximum} karakter). Contoh: PT Maju Jaya",
            "too long (at most {maximum} characters). Example: PT Maju Jaya",
        ),
        "report_company_needs_letters": (
            "tulis nama perusahaan dengan huruf. Contoh: PT Maju Jaya",
            "write the company name in letters. Example: PT Maju Jaya",
        ),
        "report_workers_not_number": (
            "tulis angka bulat, misalnya 120",
            "write a whole number, e.g. 120",
        ),
        "report_workers_too_many": (
            "{workers} terlalu besar (maksimal {maximum}). Contoh: 120",
            "{workers} is too large (at most {maximum}). Example: 120",
        ),
        "report_status_unknown": (
            "'{given}' tidak dikenal. Pilihan: normal, berkurang, berhenti",
            "'{given}' is unknown. Choose: normal, reduced, stopped",
        ),
        "report_checklist_unknown": (
            "'{given}' tidak dikenal. Pilihan: {known}",
            "'{given}' is unknown. Choose from: {known}",
        ),
        "report_notes_too_long": (
            "terlalu panjang (maksimal {maximum} karakter)",
            "too long (at most {maximum} characters)",
        ),
        # Curation
        "unanswered_group_gone": (
            "Kelompok pertanyaan itu sudah ditangani atau tidak ada lagi.",
            "That group of questions has been handled already or no longer exists.",
        ),
        "unanswered_question_not_found": (
            "Pertanyaan #{id} tidak ditemukan.",
            "Question #{id} not found.",
        ),
        "entry_missing": ("Entri {entry_id!r} tidak ada.", "There is no entry {entry_id!r}."),
        # Knowledge-base editing (/faq) and import
        "kb_change_refused": (
            "Perubahan ditolak, tidak ada yang ditulis:\n{lines}",
            "Change refused, nothing was written:\n{lines}",
        ),
        "kb_search_empty": (
            "Tulis kata yang dicari, misalnya: iomki.",
            "Type a word to search for, e.g. iomki.",
        ),
        "kb_entry_not_found": (
            "Entri {entry_id!r} tidak ditemukan; coba cari dengan kata kunci.",
            "Entry {entry_id!r} not found; try searching with a keyword.",
        ),
        "kb_entry_changed_twice": (
            "Entri {entry_id!r} diubah dua kali sekaligus.",
            "Entry {entry_id!r} is changed twice at once.",
        ),
        "kb_document_not_found": (
            "Dokumen {document_id!r} tidak ditemukan.",
            "Document {document_id!r} not found.",
        ),
        "kb_id_unchangeable": (
            "Id entri tidak bisa diubah; id dirujuk oleh log dan pengguna.",
            "An entry id cannot be changed; logs and users refer to it.",
        ),
        "kb_phrasing_empty": ("Pertanyaannya kosong.", "The question is empty."),
        "kb_phrasing_taken": (
            "Rumusan ini sudah ada di entri {entry_id}.",
            "This phrasing already belongs to entry {entry_id}.",
        ),
        "kb_fields_unknown": (
            "Isian tidak dikenal: {fields}.",
            "Unknown field(s): {fields}.",
        ),
        "kb_field_wrong_type": (
            "Isian {key!r} tidak valid.",
            "Field {key!r} has the wrong type.",
        ),
        "kb_entry_not_in_file": (
            "Entri {entry_id!r} tidak ada lagi di berkasnya; muat ulang dulu.",
            "Entry {entry_id!r} is no longer in its file; reload first.",
        ),
    }
)

# Knowledge-base import from a sheet (/faq impor, policybot kb import)
TEXTS.update(
    {
        "sheet_row": ("baris", "row"),
        "sheet_summary": (
            "Impor: {added} baru, {changed} diubah, {unchanged} tidak berubah, "
            "{problems} masalah.",
            "Import: {added} new, {changed} changed, {unchanged} unchanged, "
            "{problems} problem(s).",
        ),
        "sheet_new_entries": ("Entri baru:", "New entries:"),
        "sheet_changed_entries": ("Entri diubah:", "Changed entries:"),
        "sheet_problems": (
            "Masalah (tidak ada yang ditulis sampai diperbaiki):",
            "Problems (nothing is written until they are fixed):",
        ),
        "sheet_new_id": ("(id baru dari pertanyaan pertama)", "(new id from the first question)"),
        "sheet_missing": (
            "Tidak ada di lembar kerja: {count} entri ({shown}). Entri itu tetap ada: impor tidak "
            "pernah menghapus entri; hapus satu per satu dengan /faq hapus <id>.",
            "Not in the sheet: {count} entr(y/ies) ({shown}). They are kept: an import never "
            "removes entries; delete one with /faq hapus <id>.",
        ),
        "sheet_import_cancelled": (
            "Impor dibatalkan, perbaiki dulu:\n{lines}",
            "Import cancelled, fix these first:\n{lines}",
        ),
        "sheet_id_column_missing": ("kolom 'id' tidak ada", "the 'id' column is missing"),
        "sheet_columns_unknown": (
            "kolom tidak dikenal: {columns}",
            "unknown column(s): {columns}",
        ),
        "sheet_id_twice": ("id {entry_id} muncul dua kali", "id {entry_id} appears twice"),
        "sheet_id_pattern": (
            "id {entry_id!r}: hanya huruf kecil, angka dan '-'",
            "id {entry_id!r}: only lowercase letters, digits and '-'",
        ),
        "sheet_cells_empty": ("kosong: {names}", "empty: {names}"),
        "sheet_topic_unknown": ("topik tidak dikenal {topic!r}", "unknown topic {topic!r}"),
        "sheet_document_unknown": ("dokumen tidak dikenal {name!r}", "unknown document {name!r}"),
        "sheet_document_move": (
            "memindahkan entri ke dokumen lain tidak didukung ({document!r})",
            "moving an entry to another document is not supported ({document!r})",
        ),
    }
)

# Statistics (/statistik, the daily summary, policybot stats)
TEXTS.update(
    {
        "stats_title": ("Statistik policybot — {when}", "policybot statistics — {when}"),
        "stats_questions": ("Pertanyaan", "Questions"),
        "stats_window": (
            "{label}: {questions} (terjawab {rate})",
            "{label}: {questions} (answered {rate})",
        ),
        "stats_periods": ("hari ini|7 hari|30 hari", "today|7 days|30 days"),
        "stats_top_entries": ("Jawaban terbanyak (30 hari):", "Most given answers (30 days):"),
        "stats_unanswered": (
            "Belum terjawab: {count} pertanyaan terbuka",
            "Unanswered: {count} open",
        ),
        "stats_group": ("#{id} ({count}×) {example}", "#{id} ({count}×) {example}"),
        "stats_feedback": ("Umpan balik per entri (👍/👎):", "Feedback per entry (👍/👎):"),
        "stats_subscribers": ("Pelanggan aktif: {count}", "Active subscribers: {count}"),
        "stats_reports": (
            "Laporan petugas: hari ini {today}, 7 hari {week}",
            "Officers' reports: today {today}, 7 days {week}",
        ),
        "stats_stale": (
            "Entri usang (tidak ditinjau > {days} hari): {count}",
            "Stale entries (not reviewed > {days} days): {count}",
        ),
        "stats_reviewed": (
            "ditinjau {date} ({days} hari lalu)",
            "reviewed {date} ({days} days ago)",
        ),
        "stats_never": ("belum pernah ditinjau", "never reviewed"),
        "stats_more": ("… dan {count} lagi", "… and {count} more"),
        "stats_none": ("(tidak ada)", "(none)"),
    }
)

# What /privasi says is kept on purpose, and why
TEXTS.update(
    {
        "kept_reports": (
            "Laporan petugas: catatan resmi pengawasan perusahaan oleh dinas, tidak dihapus atas "
            "permintaan petugas",
            "Officers' reports: official records of the dinas's supervision of companies; an "
            "officer cannot delete them",
        ),
        "kept_officers": (
            "Peran petugas: diberikan dan dicabut oleh admin (/petugas hapus), bukan oleh petugas "
            "sendiri",
            "Officer roles: granted and revoked by an admin (/officers remove), not by the officer",
        ),
        "kept_broadcasts": (
            "Siaran: catatan resmi pengumuman: siapa yang mengirim dan menyetujuinya",
            "Broadcasts: the official record of announcements: who sent and who approved them",
        ),
        "kept_kb_audit": (
            "Log perubahan basis pengetahuan: mencatat admin mana yang mengubah jawaban dan kapan",
            "Knowledge-base audit log: records which admin changed an answer, and when",
        ),
        "kept_answer_changes": (
            "Keputusan atas pemberitahuan jawaban yang diperbarui: mencatat admin mana yang "
            "mengirim atau melewatinya, dan kapan",
            "Decisions on notices of updated answers: records which admin sent or skipped "
            "one, and when",
        ),
    }
)

# Command descriptions: Telegram's command menu, /bantuan and the terminal chat
TEXTS.update(
    {
        "command_start": (
            "Mulai dan lihat apa yang bisa saya jawab",
            "Start and see what I can answer",
        ),
        "command_bantuan": ("Cara memakai bot ini", "How to use this bot"),
        "command_topik": ("Jelajahi dokumen dan topik", "Browse documents and topics"),
        "command_bahasa": (
            "Ganti bahasa jawaban (Indonesia/English)",
            "Switch the answer language (Indonesian/English)",
        ),
        "command_langganan": (
            "Berlangganan pengumuman (bisa per wilayah/topik)",
            "Subscribe to announcements (by region or topic if you like)",
        ),
        "command_berhenti": ("Berhenti berlangganan pengumuman", "Stop announcements"),
        "command_privasi": (
            "Data apa yang kami simpan dan mengapa",
            "What we store about you and why",
        ),
        "command_hapus_data": ("Hapus data Anda yang tersimpan", "Delete your stored data"),
        "command_id": (
            "Lihat ID Telegram Anda dan ID obrolan ini",
            "Show your Telegram user id and this chat's id",
        ),
        "command_batal": ("Batalkan langkah yang sedang berjalan", "Cancel the current step"),
        "command_lapor": (
            "Petugas: laporan status perusahaan (atau format singkat)",
            "Officers: file a company status report (or the one-line form)",
        ),
        "command_siaran": (
            "Petugas/admin: kirim siaran ke pelanggan",
            "Officers/admins: send a broadcast to subscribers",
        ),
        "command_siaran_terjadwal": (
            "Siaran terjadwal: lihat dan batalkan (petugas, admin)",
            "Scheduled broadcasts: see and cancel (officers, admins)",
        ),
        "command_laporan": (
            "Laporan Anda; admin: ringkasan, /laporan ekspor",
            "Your reports; admins: summary, /reports export",
        ),
        "command_petugas": (
            "Admin: daftar, tambah, hapus petugas",
            "Admins: list, add, remove officers",
        ),
        "command_muat_ulang": (
            "Admin: muat ulang basis pengetahuan dari disk",
            "Admins: reload the knowledge base from disk",
        ),
        "command_belum_terjawab": (
            "Admin: tinjau pertanyaan yang belum terjawab",
            "Admins: review unanswered questions",
        ),
        "command_faq": (
            "Admin: cari, lihat, tambah, ubah, hapus entri",
            "Admins: search, view, add, edit, delete entries",
        ),
        "command_statistik": (
            "Admin: statistik pertanyaan, jawaban dan laporan",
            "Admins: statistics on questions, answers and reports",
        ),
        "command_keluar": ("Keluar dari percakapan", "Leave the chat"),
    }
)

# Reading an uploaded sheet (CSV or XLSX)
TEXTS.update(
    {
        "sheet_format": ("Format harus csv atau xlsx.", "The format must be csv or xlsx."),
        "sheet_empty": ("Lembar kerjanya kosong.", "The sheet is empty."),
        "sheet_csv_encoding": ("Simpan CSV sebagai UTF-8.", "Save the CSV as UTF-8."),
        "sheet_xlsx_unreadable": (
            "Berkas XLSX tidak bisa dibaca.",
            "The XLSX file cannot be read.",
        ),
        "sheet_xlsx_too_large": ("Berkas XLSX terlalu besar.", "The XLSX file is too large."),
        "sheet_too_many_rows": ("Lembar kerja terlalu panjang.", "The sheet has too many rows."),
    }
)

# "What changed" notices: the admins' preview and the message to those who got the old answer
TEXTS.update(
    {
        "change_preview": (
            "🔄 Jawaban tentang «{question}» diperbarui:\n\n{answer}",
            "🔄 The answer about «{question}» was updated:\n\n{answer}",
        ),
        "change_audience": (
            "Akan dikabari: {count} penerima (yang mendapat jawaban lama dalam {days} hari "
            "terakhir dan pelanggan topik {topic}, kecuali yang menolak pemberitahuan).",
            "Would be told: {count} recipients (those who got the old answer in the last "
            "{days} days and subscribers of the topic {topic}, except those who opted out).",
        ),
        "button_change_send": ("📣 Kirim", "📣 Send"),
        "button_change_skip": ("Lewati", "Skip"),
        "change_sent": (
            "✅ Pemberitahuan perubahan jawaban «{question}» dikirim ke {count} penerima.",
            "✅ The notice that the answer about «{question}» changed goes to {count} recipients.",
        ),
        "change_skipped": (
            "Dilewati: tidak ada yang dikabari tentang perubahan jawaban «{question}».",
            "Skipped: nobody is told that the answer about «{question}» changed.",
        ),
        "change_decided": (
            "Perubahan ini sudah diputuskan (dikirim atau dilewati).",
            "This change was decided already (sent or skipped).",
        ),
        "change_not_found": ("Perubahan itu tidak ditemukan.", "That change was not found."),
        "change_entry_gone": (
            "Entri {entry_id} sudah dihapus; tidak ada yang dikabari.",
            "Entry {entry_id} was deleted; nobody is told.",
        ),
        "change_notice": (
            "🔄 Jawaban tentang «{question}» telah diperbarui:\n\n{answer}",
            "🔄 The answer about «{question}» has been updated:\n\n{answer}",
        ),
        "button_full_answer": ("📖 Lihat jawaban lengkap", "📖 See the full answer"),
    }
)


# Broadcast times: typing when a broadcast goes out, and showing it back (bot/broadcasts/timing.py)
TEXTS.update(
    {
        "when_moment": ("{day} pukul {clock} {zone}", "{day} at {clock} {zone}"),
        "when_clock": ("{hour:02d}.{minute:02d}", "{hour:02d}:{minute:02d}"),
        "when_weekly": (
            "setiap {weekday} pukul {clock} {zone}, mulai {start}",
            "every {weekday} at {clock} {zone}, from {start}",
        ),
        "when_weekly_until": (
            "setiap {weekday} pukul {clock} {zone}, mulai {start}, sampai {until}",
            "every {weekday} at {clock} {zone}, from {start}, until {until}",
        ),
        "when_unreadable": (
            "Maaf, waktu “{text}” tidak bisa saya baca. Tulis hari atau tanggal beserta jamnya, "
            "misalnya: besok 09:00, Senin 08:30, 15 Januari 2027 10:00, 2027-01-15 10:00, "
            "atau setiap Jumat 09:00.",
            "Sorry, I cannot read the time “{text}”. Write a day or date with the hour, for "
            "example: tomorrow 09:00, Monday 08:30, 15 January 2027 10:00, 2027-01-15 10:00, "
            "or every Friday 09:00.",
        ),
        "when_no_hour": (
            "Jam berapa siaran dikirim? Tulis juga jamnya, misalnya: besok 09:00, "
            "besok jam 9 pagi, atau Senin pukul 14.30.",
            "At what time should the broadcast go out? Please add the hour, for example: "
            "tomorrow 09:00, tomorrow 9am, or Monday 14:30.",
        ),
        "when_bad_time": (
            "Jam “{clock}” tidak ada. Tulis jam antara 00.00 dan 23.59, misalnya 09:00, "
            "jam 2 siang, atau 19.30.",
            "“{clock}” is not a time of day. Write a time between 00:00 and 23:59, for example "
            "09:00, 2pm, or 19:30.",
        ),
        "when_midnight": (
            "“Jam 12 malam” bisa berarti awal atau akhir hari itu. Tulis 23:59, atau 00:00 "
            "dengan tanggal hari berikutnya, misalnya: 2026-12-01 00:00.",
            "“12 at night” can mean the start or the end of that day. Write 23:59, or 00:00 "
            "with the next day's date, for example: 2026-12-01 00:00.",
        ),
        "when_bad_date": (
            "Tanggal “{date}” tidak ada di kalender. Periksa tanggal dan bulannya, misalnya "
            "15/01/2027 atau 28 Februari 2027.",
            "The date “{date}” does not exist. Please check the day and month, for example "
            "15/01/2027 or 28 February 2027.",
        ),
        "when_past": (
            "Waktu itu ({moment}) sudah lewat. Pilih waktu yang akan datang, misalnya: "
            "besok 09:00.",
            "That time ({moment}) has already passed. Please choose a time in the future, for "
            "example: tomorrow 09:00.",
        ),
        "when_too_far": (
            "Waktu itu ({moment}) lebih dari 366 hari lagi. Jadwalkan paling lambat {limit}.",
            "That time ({moment}) is more than 366 days away. Please schedule it no later than "
            "{limit}.",
        ),
        "when_day_mismatch": (
            "{date} jatuh pada hari {actual}, bukan {written}. Periksa hari atau tanggalnya, "
            "misalnya: {actual}, {date} 09:00.",
            "{date} is a {actual}, not a {written}. Please check the day or the date, for "
            "example: {actual}, {date} 09:00.",
        ),
        "when_other_zone": (
            "Waktu siaran dibaca dalam {zone}. Tulis waktunya dalam {zone} (bukan {written}), "
            "misalnya: besok 09:00 {zone}.",
            "Broadcast times are read in {zone}. Please write the time in {zone} (not "
            "{written}), for example: tomorrow 09:00 {zone}.",
        ),
        "when_weekly_needs_day": (
            "Siaran berulang dikirim sekali seminggu: sebutkan harinya, misalnya: "
            "setiap Jumat 09:00 atau setiap Senin jam 8 pagi sampai 31 Maret 2027.",
            "Repeating broadcasts go out once a week: please name the day, for example: "
            "every Friday 09:00 or every Monday 8am until 31 March 2027.",
        ),
        "when_until_not_weekly": (
            "Tanggal akhir hanya untuk siaran berulang, misalnya: setiap Jumat 09:00 sampai "
            "31 Maret 2027. Untuk sekali kirim, tulis saja waktunya, misalnya: besok 09:00.",
            "An end date is only for repeating broadcasts, for example: every Friday 09:00 "
            "until 31 March 2027. For a single send, write just the time, for example: "
            "tomorrow 09:00.",
        ),
        "when_until_unreadable": (
            "Tanggal akhir “{text}” tidak bisa saya baca. Tulis misalnya: sampai 2027-03-31, "
            "sampai 31/03/2027, atau sampai 31 Maret 2027.",
            "I cannot read the end date “{text}”. Write for example: until 2027-03-31, "
            "until 31/03/2027, or until 31 March 2027.",
        ),
        "when_until_before_first": (
            "Tanggal akhir ({until}) jatuh sebelum kiriman pertama ({first}). Pilih tanggal "
            "akhir sesudahnya, misalnya: setiap Jumat 09:00 sampai 31 Maret 2027.",
            "The end date ({until}) comes before the first send ({first}). Please choose a "
            "later end date, for example: every Friday 09:00 until 31 March 2027.",
        ),
        "when_line_needs_time": (
            "Tulis waktunya sesudah @ lalu titik dua sebelum pesan, misalnya: "
            "/siaran semua @ besok 09:00: Rapat koordinasi di aula.",
            "Write the time after @ and then a colon before the message, for example: "
            "/broadcast all @ tomorrow 09:00: Coordination meeting in the hall.",
        ),
    }
)


MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(day: dt.date, language: str) -> str:
    """Return '5 Mei 2026' (Indonesian) or '5 May 2026' (English)."""
    months = MONTHS_EN if language == "en" else MONTHS_ID
    return f"{day.day} {months[day.month - 1]} {day.year}"


def weekday_name(day: dt.date, language: str) -> str:
    """Return 'Senin' (Indonesian) or 'Monday' (English)."""
    names = WEEKDAYS_EN if language == "en" else WEEKDAYS_ID
    return names[day.weekday()]
