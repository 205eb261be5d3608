"""Every user-facing sentence, Indonesian first with English beside it."""

from __future__ import annotations

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
        "button_done": ("✅ Selesai", "✅ Done"),
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
        "button_send": ("Kirim", "Send"),
        "button_change_audience": ("✏️ Ubah penerima", "✏️ Change audience"),
        "button_cancel": ("Batal", "Cancel"),
        "button_approve": ("Setujui", "Approve"),
        "button_reject": ("Tolak", "Reject"),
        "bc_confirm": (
            "<b>Siaran #{id}</b>\nPenerima: {audience}\nJumlah penerima: {count}\n{approval}"
            "Periksa pratinjau di atas, lalu ketuk <b>Kirim</b>.",
            "<b>Broadcast #{id}</b>\nAudience: {audience}\nRecipients: {count}\n{approval}"
            "Check the preview above, then tap <b>Send</b>.",
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
            "Baik, Anda tidak akan dikabari lagi saat pertanyaan Anda terjawab.",
            "All right, you will no longer be told when your questions get an answer.",
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
