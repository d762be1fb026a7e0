"""The catalogue of messages an analyst reads, in Bahasa Indonesia.

Every sentence the ``lkjip`` command prints about inputs, runs and system problems lives
here, so that wording is reviewed in one place and a test (tests/test_messages.py) can check
the whole catalogue: Indonesian, no Python representations, no absolute paths. Templates use
``str.format`` fields; the caller supplies plain values (numbers already formatted, paths
relative to the project).
"""

from __future__ import annotations

# How InputError names the place of a problem: "data/raw/2024/iku.csv, baris 3, kolom 'x',
# nilai 'y': ...".
WHERE = {
    "row": "baris {row}",
    "column": "kolom '{column}'",
    "value": "nilai '{value}'",
    # Where a CSV cell was typed in the analyst's workbook (pipeline.years.isian).
    "sheet_cell": "lembar {sheet}, sel {cell}",
    "sheet_row": "lembar {sheet}, baris {row}",
}

INPUT = {
    "file_missing": "berkas tidak ditemukan",
    "file_empty": "berkas kosong",
    "outside_raw": ("berkas ini adalah tautan (symlink) ke berkas di luar data/raw/; salin berkasnya ke "
                    "data/raw/ sebagai berkas biasa"),
    "not_regular": "bukan berkas biasa (folder, pipa atau perangkat); data/raw/ hanya berisi berkas CSV/YAML",
    "file_unreadable": "berkas tidak dapat dibaca (izin akses ditolak); periksa izin berkas",
    "not_utf8": ("berkas bukan teks UTF-8 (tampaknya disimpan sebagai Windows-1252/ANSI; nilai "
                 "ditampilkan menurut penyandian itu); simpan ulang sebagai 'CSV UTF-8'"),
    "quote_open": ("tanda kutip (\") dibuka di baris ini tetapi tidak ditutup, sehingga baris-baris "
                   "berikutnya ikut terbaca sebagai satu sel; tutup atau hapus tanda kutipnya"),
    "no_separator": "judul kolom tidak memakai pemisah ';': simpan berkas sebagai CSV dengan pemisah ';'",
    "missing_columns": "kolom wajib tidak ada: {missing}; kolom yang ada: {found}",
    "ragged": "baris ini berisi {cells} sel, padahal judul kolom berisi {header}",
    "no_rows": "berkas hanya berisi judul kolom, tanpa baris data",
    "number_required": "sel ini wajib diisi angka",
    "cells_bad": "{n} sel tidak dapat dipakai ({problems}): baris {rows}",
    "yaml_invalid": "bukan YAML yang sah: {problem}",
    "yaml_duplicate": ("kunci yang sama sudah ada di baris {first}; YAML hanya menyimpan salah satunya, "
                       "jadi gabungkan isinya di bawah satu kunci"),
    "yaml_date": ("tanggal ini tidak ada di kalender; tulis tanggal yang benar (TTTT-BB-HH, mis. 2024-02-29) "
                  "atau apit dengan tanda kutip bila maksudnya teks"),
    "utf16": ("berkas disimpan sebagai UTF-16 ('Teks Unicode'), bukan UTF-8; simpan ulang sebagai "
              "'CSV UTF-8' (atau YAML dalam UTF-8)"),
    "cr_only": ("baris-baris berkas dipisah dengan tanda CR saja (format Mac lama), sehingga seluruh berkas "
                "terbaca sebagai satu baris; simpan ulang sebagai 'CSV UTF-8' (Windows atau Mac modern)"),
}

BLANK = "(kosong)"

# The parsers of pipeline.inputs, pipeline.clean and pipeline.measure (one cell each).
PARSE = {
    "one_of": "harus salah satu dari: {allowed}",
    "urutan_gaps": "urutan harus menomori peringkat 1..{n} tanpa celah",
    "grade_blank": "peringkat kosong",
    "bound_not_number": "batas interval bukan angka",
    "interval_empty": "interval kosong (batas atas di bawah batas bawah)",
    "interval_unreadable": "interval tidak terbaca; tulis mis. '≥ 91', '76,00 – 90,99', '≤ 50,99'",
    "kriteria_blank": "kriteria kosong",
    "criteria_below": "tidak ada kriteria untuk nilai di bawah {bound}",
    "criteria_above": "tidak ada kriteria untuk nilai mulai {bound} ke atas",
    "criteria_gap": "interval kriteria harus bersambung: {problem}",
    "criteria_overlap": "interval {above} tumpang tindih dengan {below}",
    "indikator_id_form": "indikator_id harus berbentuk '<sasaran_id>.<n>' (mis. '{example}')",
    "indikator_undeclared": "indikator ini belum dideklarasikan di iku.csv (kolom indikator_id)",
    "source_name": "harus menyebut sumber realisasi (mis. bps_penyerapan, dilaporkan)",
    "bps_region_missing": "baris 'Wilayah' yang menyebut wilayahnya belum ada (mis. 'Wilayah;Kota Padang')",
    "bps_region_one": "baris 'Wilayah' harus menyebut satu wilayah (teks yang sama di setiap kolom tahun)",
    "criteria_hole": "ada celah antara {below} dan {above}",
    "criteria_gap_at": "ada celah di {at} (tidak ada baris yang mencakupnya)",
    "criteria_overlap_at": "tumpang tindih dengan baris {row} ('{text}') di {at}",
    "criteria_overlap_row": "tumpang tindih dengan baris {row} ('{text}')",
    "scale_empty": "skala kriteria kosong",
    "grade_one_of": "peringkat harus salah satu dari: {allowed}",
    "target_number": "target harus berupa angka dalam notasi Indonesia (mis. 93,75)",
    "renstra_columns": ("diharapkan satu kolom 'Kondisi Kinerja Tahun <tttt>', kolom-kolom tahun, dan satu "
                        "kolom 'Kondisi Kinerja pada Akhir Periode ...'"),
    "sasaran_undeclared": "sasaran {sasaran} tidak dideklarasikan di iku.csv",
    "besaran": "besaran tidak ada dalam kosakata baku (lihat data/raw/README.md)",
    "objek": "objek harus berbentuk 'sasaran:1', 'indikator:1.2', 'total', 'kota', 'urusan:tenaga_kerja' atau 'halal:reguler'",
    "duplicate": "{column} ganda (pertama kali di baris {first})",
    "yaml_list": "'{where}' harus berupa daftar teks (baris yang diawali '- ')",
    "yaml_item": "butir {position} dari '{where}' harus berupa teks yang tidak kosong",
    "yaml_text": "'{where}' harus berupa teks",
    "yaml_mapping": "'{where}' harus berupa pasangan kunci: nilai",
    "yaml_unknown": "kunci tidak dikenal di bawah '{where}'; yang diharapkan: {allowed}",
    "yaml_top": "tingkat teratas berkas",
    "yaml_sasaran_key": "kunci di bawah 'sasaran' harus nomor sasaran (1, 2, 3 ...)",
    "cell_empty": "sel ini tidak boleh kosong",
    "staff_columns": "nama kolom harus '<unit> L' atau '<unit> P' (atau 'Total')",
    "one_year_column": "diharapkan tepat satu kolom 'Tahun <tahun> (orang)'",
    "subtotal_needs": "subtotal tingkat '{level}' memerlukan kolom {column}",
    "key_missing": "kunci wajib '{where}' tidak ada atau kosong",
    "key_type": "kunci '{where}' harus berupa {kind}",
    "profile_mapping": "profil harus berupa pasangan kunci: nilai dalam YAML",
    "wilayah_jenis": "jenis wilayah harus salah satu dari: {allowed}",
    "wilayah_kode": "kode wilayah BPS untuk jenis '{jenis}' harus {digits} angka (mis. {example})",
    "wilayah_kode_required": "instansi provinsi wajib menyebut kode wilayah BPS provinsinya (wilayah.kode_bps, mis. '13')",
    "capaian_sasaran_rule": "aturan capaian sasaran harus salah satu dari: {allowed}",
    "register_kode_wilayah_missing": "instansi {jenis} mencocokkan perusahaan dengan kode wilayah BPS: register IKM perlu kolom 'kode_wilayah' (kode kabupaten/kota BPS, 4 angka)",
    "register_kode_wilayah": "kode wilayah harus kode kabupaten/kota BPS 4 angka (mis. 1376)",
    "bps_year_column": "setiap kolom setelah 'Uraian' harus tahun, mis. 'Tahun 2024'",
    "bps_no_year": "tidak ada kolom tahun (mis. 'Tahun 2024')",
    "bps_unit": "satuan tidak dikenal; yang diharapkan: {allowed} (kosong = orang)",
    "bps_unit_count": "kolom ini berisi jumlah penduduk (dalam satuan baris Satuan): tanpa '%' atau 'Rp'",
    "bps_unit_decimals": "terlalu banyak desimal untuk satuan ini (lebih halus dari satu orang)",
    "restated_unknown": "indikator_id ini tidak ada di {source} tahun yang sama",
    "restated_differs": "baris ini menyatakan ulang indikator {iid}: nilainya diambil dari {source} (kolom "
                        "'{source_column}': '{given}'); kosongkan sel ini atau samakan",
    "bps_bak_required": "Bukan Angkatan Kerja wajib diisi bila rinciannya (Sekolah, Mengurus Rumah Tangga, "
                        "Lainnya) tidak lengkap, kecuali Penduduk Usia Kerja diisi (Bukan Angkatan Kerja = "
                        "Penduduk Usia Kerja − Angkatan Kerja)",
    "label_unknown": "label tidak dikenal; yang diharapkan: {allowed}",
    "label_repeats": "label ini sudah ada di baris {first}",
    "rows_missing": "baris wajib belum ada untuk: {missing}",
    "series_no_year": "tidak ada kolom tahun (judul kolom seperti '2024')",
    "register_number": "{what} tidak terbaca: {problem}",
    "register_negative": "{what} tidak boleh negatif",
    "processed_missing": "folder data olahan tidak ada: jalankan langkah pembersihan dulu",
    "processed_table_missing": "tabel ini tidak ada di data olahan",
    "date_unreadable": "tanggal tidak terbaca; tulis mis. '2 Februari 2024'",
    "date_no_year": "tanggal tanpa tahun dan tahunnya tidak dapat disimpulkan; tulis tahunnya",
    "kelurahan_required": "kelurahan wajib diisi",
    "status_unknown": "status tidak dikenal; yang diharapkan Aktif, Tidak Aktif/Tutup/Non Aktif atau Pindah",
    "kbli": "KBLI harus kode KBLI 2020 lima digit (mis. 10792)",
    "yaml_claim": ("'{where}' harus berisi 'tempat' dan tepat satu dari 'kalimat' (kalimat yang "
                   "dipublikasikan) atau 'penandatangan' (nama seperti tercetak)"),
    # Numbers read by what they count (pipeline.inputs.idnum; notation declared in manifest.yml).
    "whole_comma_grouping": ("koma di antara kelompok tiga angka tidak dipakai dalam notasi Indonesia: bisa "
                             "ribuan dari ekspor berbahasa Inggris atau tanda desimal, padahal angka ini "
                             "bilangan bulat; bila yang dimaksud ribuan, ganti komanya dengan titik, atau "
                             "nyatakan 'notasi: en' untuk berkas ini di data/raw/manifest.yml"),
    "whole_not": "bukan bilangan bulat (contoh: 1.234 atau 1234)",
    "en_not": "bukan angka dalam notasi Inggris yang dinyatakan berkas ini (contoh: 1,234.56)",
    "notation_unknown": "notasi angka tidak dikenal; yang diharapkan: {allowed}",
    "target_positive": ("target harus lebih besar dari 0: capaian dihitung dengan membagi oleh target; "
                        "periksa target di Perjanjian Kinerja"),
    "total_contradicts": ("{what} yang diketik ({typed}) tidak sama dengan {parts} = {computed}; sel ini "
                          "dihitung otomatis: kosongkan, atau perbaiki angka yang salah"),
    "sasaran_differs": ("berbeda dengan baris pertama sasaran ini (baris {row}: '{first}'); kosongkan sel "
                        "ini atau tulis persis sama"),
    "bps_region_declared": ("berkas ini menyebut wilayah '{stated}', padahal profil_instansi.yml menyatakan "
                            "wilayah.nama_bps '{declared}'; periksa apakah berkasnya tertukar"),
    # Plausibility bounds and confirmations (pipeline.inputs.kewajaran).
    "batas_number": "batas harus angka dalam notasi Indonesia (mis. 300 atau -50), atau '-' bila tanpa batas",
    "batas_missing": "berkas tidak ada: nyatakan rentang wajar setiap cek (lihat data/raw/README.md)",
    "batas_unknown": "cek tidak dikenal; yang diharapkan salah satu dari: {allowed}",
    "batas_twice": "cek ini sudah dinyatakan di baris sebelumnya",
    "batas_order": "batas_bawah harus lebih kecil dari batas_atas",
    "konfirmasi_list": "'konfirmasi' harus berupa daftar butir yang masing-masing berisi 'kunci' dan 'alasan'",
    "konfirmasi_keys": "setiap konfirmasi berisi tepat dua kunci: 'kunci' dan 'alasan'",
    "konfirmasi_text": "'{key}' harus berupa teks yang tidak kosong (konfirmasi memerlukan alasan)",
    "konfirmasi_twice": "angka ini sudah dikonfirmasi di butir sebelumnya",
    "labour_zero": ("{what} tidak boleh 0: {rate} dihitung dengan membagi olehnya; periksa angka "
                    "tahun ini di tabel BPS"),
}

# data/raw/manifest.yml: provenance and checksums of the raw files.
MANIFEST = {
    "shape": "harus berisi 'files:' dengan satu entri per berkas mentah (lihat data/raw/README.md)",
    "unlisted": "data/raw/{rel}: belum tercatat di data/raw/manifest.yml",
    "no_field": "data/raw/{rel}: entri manifest belum berisi '{field}'",
    "drift": ("data/raw/{rel}: isi berkas berubah tetapi sha256-nya di data/raw/manifest.yml belum; "
              "bila perubahan itu disengaja dan sudah diperiksa, jalankan `lkjip manifest --update` "
              "dan tulis alasannya di 'notes' entri itu, bila tidak, kembalikan berkasnya"),
    "file_missing": "data/raw/{rel}: tercatat di data/raw/manifest.yml tetapi berkasnya tidak ada",
    "bad_kind": ("data/raw/{rel}: 'jenis' di data/raw/manifest.yml bernilai '{value}'; yang diharapkan "
                 "salah satu dari: {kinds}"),
    "outside": ("entri ini menunjuk ke luar data/raw/; setiap entri manifest adalah jalur di dalam "
                "data/raw/ (mis. 2025/rkt.csv); tidak ada checksum yang ditulis"),
}

# check-inputs (pipeline.years.completeness): what is still missing in a year's inputs.
NARRATIVE_MARK = "narasi belum lengkap"
COMPLETE = {
    "crash": "tidak dapat dibaca ({detail})",
    "not_filled": "angka belum diisi (kolom {columns} kosong di setiap baris)",
    "no_year_rows": ("belum ada baris untuk tahun {year} (satu per indikator: Tahun {year}, Target-nya; "
                     "Realisasi untuk indikator berperingkat)"),
    "no_sasaran_row": "belum ada baris untuk indikator {sasaran}, Tahun {year}",
    "target_required": "target indikator {sasaran} wajib diisi",
    "realisasi_required": ("realisasi indikator {sasaran} diambil apa adanya dari yang dilaporkan "
                           "(sumber_realisasi 'dilaporkan'), jadi wajib diisi"),
    "standard_required": "standar nasional wajib diisi",
    "outside_renstra": ("{year} di luar periode Renstra {first}–{last} (data/raw/common/target_renstra.csv "
                        "tidak memuat target {year}); laporannya memerlukan berkas data/raw/common/ "
                        "Renstra yang baru lebih dulu."),
    "no_inputs": "data/raw/{year}/: belum ada isian untuk {year} (mulai dengan `lkjip new-year {year}`)",
    "file_missing": "data/raw/{year}/{name}: belum ada (data/raw/{template}/ memilikinya)",
    "no_rows": "data/raw/{rel}: belum berisi baris data",
    "no_manifest": ("data/raw/manifest.yml tidak ada: setiap berkas mentah perlu dicatat di sana dengan "
                    "sumber, satuan dan sha256-nya"),
    "series_vs_register": ("data/raw/{year}/{name}, kolom '{year}', {label}: tertulis {typed}, tetapi register IKM "
                           "yang dibersihkan (data/raw/{year}/{register}) memberi {computed}. Bila angka "
                           "tertulis itu benar, yang salah ketik ada di register: periksa sel {label} register "
                           "(nilai yang terlalu besar atau terlalu kecil); bila register benar, kosongkan sel "
                           "ini (nilainya dihitung dari register)"),
    "narrative_missing": ("data/raw/{year}/narasi.yml: " + NARRATIVE_MARK
                          + " (laporan akan berstatus draft): {parts}"),
    "needed_missing": ("data/raw/{year}/{name}: belum ada, padahal indikator {indikator} memakai "
                       "sumber_realisasi '{sumber}' yang membacanya (data/raw/common/iku.csv)"),
}

# The command line: prefixes and status lines.
CLI = {
    "unexpected": ("Kesalahan tak terduga ({kind}): {detail}\n"
                   "(jalankan dengan LKJIP_DEBUG=1 untuk melihat rinciannya)"),
    "interrupted": "Dihentikan; laporan sebelumnya tidak berubah.",
    "interrupted_told": "Dihentikan; apa yang terjadi pada tiap tahun tertulis di atas.",
    "interrupted_published": ("Dihentikan; laporan {years} sudah terbit sebelum proses berhenti (lengkap "
                              "dengan PDF-nya), selebihnya tidak berubah."),
    "interrupted_published_told": ("Dihentikan; laporan {years} sudah terbit sebelum proses berhenti "
                                   "(lengkap dengan PDF-nya)."),
    "which_year": "Sebutkan tahun yang dibangun: --year 2024 (boleh diulang) atau --all.",
    "year_bad": "'{text}' bukan tahun seperti 2024",
    "positive": "harus 1 atau lebih",
    "run_done": "{year}: {executed} langkah dijalankan, {cached} diambil dari cache ({seconds} detik)",
    "unchanged": "{year}: tidak ada perubahan ({seconds} detik)",
    "manifest_missing": "data/raw/manifest.yml tidak ada.",
    "manifest_updated": "{n} checksum diperbarui{names}",
    "manifest_ok": "data/raw/manifest.yml cocok dengan setiap berkas mentah.",
    "inputs_ok": "Isian tahun {year} lengkap dan cocok dengan data/raw/manifest.yml{draft}",
    "inputs_draft": " (laporan berstatus draft sampai narasinya ditulis).",
    "warning": "peringatan: {text}",
    "newyear_kept": "{n} berkas yang sudah ada di data/raw/{year}/ dibiarkan:",
    "newyear_nothing": "Tidak ada yang dibuat: data/raw/{year}/ sudah berisi semua berkas data/raw/{template}/.",
    "newyear_created": "{n} berkas dibuat di data/raw/{year}/ dari data/raw/{template}/; isi:",
    "newyear_no_template": "Tidak ada tahun sebelumnya di data/raw/ untuk diambil susunan berkasnya",
    "newyear_template_missing": " (data/raw/{template}/ tidak ada).",
    "newyear_next": ("Berikutnya: isi sel kuning di data/raw/{year}/isian-{year}.xlsx (sumber dan tabel "
                     "setiap lembar sudah terisi: periksa), lalu `lkjip impor --year {year}`, "
                     "`lkjip check-inputs --year {year}` dan `lkjip run --year {year}`."),
}

# Errors of a whole run or year (pipeline.errors).
RUN = {
    "validation_failed": "{n} kegagalan validasi kritis:",
    "inputs_incomplete": "Isian tahun {year} belum lengkap ({n} masalah); tidak ada yang ditulis:",
    "section_unreadable": ("Bagian laporan '{section}' (sections/{section}.json) tidak dapat dibaca "
                           "({detail}); langkah yang menulisnya bermasalah, tidak ada yang dipublikasikan."),
    "no_year_folder": ("Folder data/raw/{year}/ tidak ada; tidak ada yang ditulis. Buat dengan "
                       "`lkjip new-year {year}`."),
    # Why a report is a draft (summary.json status_alasan, the run's last line, the cover).
    "draft_reviu": "belum ada Pernyataan Telah Direviu dari Inspektorat (narasi.yml, reviu)",
    "draft_placeholders": "bagian yang belum diisi: {parts}",
    "draft_missing": "bagian yang tidak dihasilkan: {parts}",
    "draft_no_findings": "hasil validasi tidak ditemukan",
    "total_contradicts": ("{where}: {stated} ≠ {cells}; total ini dihitung otomatis: kosongkan selnya, "
                          "atau perbaiki angka yang salah"),
    "changed_mid_run": ("Berkas mentah berubah selama laporan {year} dibuat, sehingga angka laporan tidak "
                        "dapat dipastikan berasal dari isi yang tercatat: {files}. Tidak ada yang "
                        "dipublikasikan; laporan sebelumnya tetap utuh. Jalankan `lkjip run --year {year}` "
                        "lagi setelah selesai mengubah berkas."),
}

# Steps of a run (pipeline.run): failures and status lines.
STEP = {
    "failed": "Langkah {step} tahun {year} gagal: {detail}",
    "detail": "kesalahan tak terduga di dalam notebook ({detail})",
    "kernel_silent": "kernel Python langkah ini tidak menjawab dalam {seconds} detik (berhenti atau macet)",
    "log": "Catatan jalannya langkah ini ada di notebook: {log}",
    "log_html": "Catatan jalannya langkah ini (buka di peramban): {html} — notebook-nya: {log}",
    "no_log": "Notebook {notebook} tidak menghasilkan salinan yang telah dijalankan.",
    "notebooks_missing": "Notebook tidak ditemukan: {names}",
    # a notebook of `lkjip run` changed the narrative it was handed (pipeline.inputs.parts)
    "narrative_read_only": ("Narasi ({file}) hanya untuk dibaca di notebook `lkjip run`; salin "
                            "bagiannya (mis. dict(...)) bila perlu diubah."),
    "cancelled_before": "Dihentikan sebelum langkah {step}; tidak ada yang dipublikasikan.",
    "cancelled": "Dihentikan; keluaran tahun {year} sebelumnya tidak berubah.",
    "manifest_warning": "peringatan manifest: {problem}",
    "same_file": ("Langkah {first} dan {second} sama-sama menulis berkas laporan {rel}; setiap id "
                  "tabel, gambar dan bagian harus unik."),
    "in_progress": ("Proses lain untuk tahun {year} sedang berjalan (berkas kunci {lock}); tunggu "
                    "sampai selesai."),
    "recovered_forward": "publikasi tahun {year} yang sempat terputus telah dituntaskan",
    "recovered_back": ("publikasi tahun {year} yang sempat terputus dibatalkan; keluaran sebelumnya "
                       "dipulihkan"),
    "no_iku": ("langkah pembersihan tidak menulis iku.csv, sehingga sasaran yang dianalisis tidak "
               "diketahui"),
    "no_sasaran_column": "kolom 'sasaran_id' tidak ada; kolom yang ada: {found}",
    "sasaran_empty": "sasaran_id kosong",
    "sasaran_chars": "sasaran_id hanya boleh berisi huruf, angka, '_' dan '-'",
    "no_sasaran": "iku.csv tidak memuat satu sasaran pun",
    "html_published": "{year}: laporan HTML terbit ({seconds} detik); PDF, tables.xlsx dan halaman notebook menyusul",
    "pdf_after_html": ("Laporan HTML {year} sudah terbit, tetapi PDF, tables.xlsx dan halaman notebook-nya belum: "
                       "{detail} Semuanya dirakit ulang pada `lkjip run --year {year}` berikutnya."),
    "pdf_pending": ("PDF, tables.xlsx dan halaman notebook laporan {year} belum lengkap saat proses sebelumnya "
                    "berhenti: laporan dirakit ulang (langkah yang tidak berubah diambil dari cache)."),
}

# The steps of a run in words (the name in a message; the cache and folders use the key).
STEP_WORDS = {
    "clean": "pembersihan data (01_pembersihan)",
    "validate": "validasi data (02_validasi)",
    "organisasi": "bab organisasi dan Bab I–II (03_organisasi)",
    "anggaran": "analisis anggaran (20_anggaran)",
    "assemble": "penyusunan laporan",
    "pdf": "PDF, tables.xlsx dan halaman notebook",
}


def step_in_words(name: str) -> str:
    """'sasaran_1' -> 'analisis sasaran 1 (10_sasaran)'; 'clean' -> 'pembersihan data (…)'."""
    if name.startswith("sasaran_"):
        return f"analisis sasaran {name.removeprefix('sasaran_')} (10_sasaran)"
    return STEP_WORDS.get(name, name)


# The validation gate (pipeline.validate): the expectation suites themselves.
GATE = {
    "missing": "suite wajib ini tidak ada",
    "unreadable": "suite wajib ini tidak dapat dibaca sebagai JSON",
    "empty": "suite wajib ini tidak berisi ekspektasi apa pun",
    "incomplete": ("Gerbang validasi tidak lengkap ({n} suite wajib bermasalah); laporan tidak dibangun. "
                   "Pulihkan berkas expectations/ dari repositori (mis. `git checkout expectations/`):"),
    "no_suites": "tidak ada suite ekspektasi (*.json) di folder expectations/",
    "duplicate": "nama suite ganda: {names}",
    "not_json": "suite ini tidak dapat dibaca sebagai JSON",
    "not_object": "suite harus berupa objek JSON",
    "severity": "meta.severity harus salah satu dari {allowed}, bukan '{found}'",
    "table": "meta.table harus menyebut tabel yang divalidasi suite ini",
    "no_expectations": ("suite ini tidak berisi ekspektasi (suite kosong akan lolos tanpa memeriksa "
                        "apa pun)"),
    "expectation_shape": "ekspektasi ke-{i} memerlukan 'type' dan objek 'kwargs'",
    "no_table": "tabel '{table}' tidak ada",
    "no_columns": "tabel '{table}' tidak memiliki kolom {columns}",
    "misfit": "suite ekspektasi tidak cocok dengan data:",
    "invalid": "suite tidak sah ({detail})",
    "evaluated": "hanya {evaluated} dari {total} ekspektasi yang dievaluasi",
    "crashed": "ekspektasi {type} pada tabel '{table}' tidak dapat dijalankan: {detail}",
}

# Failures of the machine, not of the data.
SYSTEM = {
    "permission": ("Izin menulis ditolak di {folder}; tidak ada laporan yang diganti. Beri akun ini "
                   "izin menulis ke folder itu (atau jalankan dari salinan proyek yang bisa ditulis), "
                   "lalu ulangi."),
    "disk_full": ("Ruang disk habis saat menulis ke {folder}; laporan sebelumnya tidak berubah. "
                  "Kosongkan ruang disk (minimal {need}) lalu ulangi."),
    "low_space": ("Ruang disk kosong di {folder} hanya {free}, padahal pembangunan laporan perlu "
                  "sekitar {need}; kosongkan ruang disk dulu. Tidak ada yang ditulis."),
    "not_writable": ("Folder {folder} tidak dapat ditulis; beri akun ini izin menulis ke folder itu "
                     "lalu ulangi. Tidak ada yang ditulis."),
    "pdf_no_chromium": ("PDF laporan tidak dapat dibuat: peramban Chromium tidak ditemukan. Pasang paket "
                        "Debian `chromium` (sebagai root: `make system`), lalu ulangi."),
    "pdf_no_html": "PDF laporan tidak dapat dibuat: berkas HTML {file} tidak ada.",
    "pdf_failed": "PDF laporan tidak dapat dibuat: Chromium gagal mencetak ({detail}).",
    "pdf_toc_unstable": ("PDF laporan tidak dapat dibuat: nomor halaman Daftar Isi tidak stabil setelah "
                         "{passes} kali cetak."),
}

# The analyst's workbook isian-<year>.xlsx (pipeline.years.isian, pipeline.years.workbook).
WORKBOOK = {
    "missing": "data/raw/{year}/isian-{year}.xlsx tidak ada: buat dengan `lkjip new-year {year}`.",
    "ambiguous": ("data/raw/{year}/ berisi {n} workbook ({names}); `lkjip impor` tidak menebak mana yang "
                  "berlaku: sisakan satu (sebaiknya data/raw/{year}/isian-{year}.xlsx), pindahkan yang lain "
                  "ke luar data/raw/, lalu ulangi. Tidak ada yang ditulis."),
    "format": ("{rel}: workbook disimpan dalam format {suffix}, yang tidak dibaca `lkjip impor`; simpan "
               "ulang sebagai Buku Kerja Excel (.xlsx) dengan nama data/raw/{year}/isian-{year}.xlsx, "
               "pindahkan berkas {suffix}-nya ke luar data/raw/, lalu ulangi. Tidak ada yang ditulis."),
    "reading": "Workbook yang dibaca: {rel}",
    "other_name": " (nama berbeda dari isian-{year}.xlsx; hanya workbook ini yang ada)",
    "unreadable": ("{rel}: bagian dalam workbook rusak atau tidak dikenal, sehingga tidak dapat dibaca sebagai "
                   "workbook Excel; buka di Excel dan simpan ulang sebagai Buku Kerja Excel (.xlsx), lalu ulangi. "
                   "Tidak ada yang ditulis."),
    "stale": ("{rel}: workbook berubah setelah `lkjip impor` terakhir, jadi isinya belum masuk ke berkas "
              "CSV; jalankan `lkjip impor --year {year}` dulu (laporan tidak dibuat dari angka lama)"),
    "sheet_missing": ("{rel}: lembar '{sheet}' (isi data/raw/{year}/{file}) tidak ada{others}; kembalikan "
                      "nama lembarnya. Tidak ada yang ditulis."),
    "sheet_others": "; lembar yang tidak dikenal: {names}",
    "header": "judul kolom lembar '{sheet}' berbeda dari {file} ({current})",
    "archive_large": ("{rel}: isi workbook setelah dibuka berukuran {size} MB, melebihi batas {limit} MB "
                      "untuk lembar-lembar isian (berkas rusak atau bukan isian). Tidak ada yang ditulis."),
    "sheet_large": ("{rel}, lembar '{sheet}': sel terpakai sampai {cell} ({rows} baris, {columns} kolom), "
                    "melebihi batas lembar ini ({max_rows} baris, {max_columns} kolom); hapus isi dan format "
                    "sel di luar tabel (Ctrl+End menunjukkan sel terakhir yang terpakai), simpan, lalu ulangi. "
                    "Tidak ada yang ditulis."),
    "text_large": ("{rel}, lembar '{sheet}': teks di lembar ini lebih dari {limit} MB, melebihi batas "
                   "lembarnya; periksa sel yang berisi teks sangat panjang. Tidak ada yang ditulis."),
    "cells_bad": ("{n} sel workbook perlu diperbaiki (`lkjip check-inputs` dan `lkjip run` akan berhenti "
                  "di sel ini); perbaiki di workbook lalu `lkjip impor` lagi:"),
    "narrative_keys": ("{rel}, lembar '{sheet}': {n} baris dengan 'bagian' yang tidak dikenal, jadi isinya tidak "
                       "dapat dimasukkan ke data/raw/{year}/narasi.yml; tulis di kolom 'bagian' salah satu bagian "
                       "yang dikenal, simpan, lalu ulangi. Tidak ada yang ditulis."),
    "narrative_key": "sel {cell}, nilai '{key}'{guess}",
    "narrative_guess": " (mungkin yang dimaksud '{key}')",
    "narrative_no_key": "sel {cell}, nilai '{blank}': sel {text_cell} berisi teks tanpa bagian",
    "narrative_known": "Bagian yang dikenal: {keys}",
    "open": ("{rel} sedang terbuka di {app} (ada berkas kunci {lock}), jadi isi yang terakhir diketik mungkin "
             "belum tersimpan; simpan dan tutup workbook-nya, lalu ulangi. Bila {app} sudah ditutup (mis. setelah "
             "komputer mati mendadak), hapus berkas kunci itu. Tidak ada yang ditulis."),
    "empty": ("{rel} kosong (0 byte), mis. karena penyimpanan terputus atau disk penuh; simpan ulang workbook "
              "dari Excel (atau kembalikan salinannya), lalu ulangi. Tidak ada yang ditulis."),
    "truncated": ("{rel} tidak utuh (berkasnya terpotong), mis. karena penyalinan atau penyimpanan belum selesai; "
                  "tunggu sampai selesai atau simpan ulang dari Excel, lalu ulangi. Tidak ada yang ditulis."),
    "encrypted": ("{rel} dilindungi kata sandi atau berformat Excel 97-2003 walau bernama .xlsx; buka di Excel, "
                  "hapus kata sandinya (Lindungi Buku Kerja > Enkripsi dengan Kata Sandi) dan simpan sebagai Buku Kerja Excel "
                  "(.xlsx), lalu ulangi. Tidak ada yang ditulis."),
    "not_xlsx": ("{rel} bukan workbook Excel walau bernama .xlsx (mis. CSV atau halaman web yang diganti namanya); "
                 "buka di Excel dan simpan sebagai Buku Kerja Excel (.xlsx), lalu ulangi. Tidak ada yang ditulis."),
    "locked": ("{rel} tidak dapat dibuka untuk dibaca (izin baca ditolak, atau dikunci program lain); tutup "
               "program yang memakainya dan periksa izin berkasnya, lalu ulangi. Tidak ada yang ditulis."),
    "sheet_unreadable": ("{rel}, lembar '{sheet}': isi lembar ini rusak atau terpotong, sehingga tidak dapat "
                         "dibaca; buka workbook di Excel dan simpan ulang sebagai Buku Kerja Excel (.xlsx), lalu "
                         "ulangi. Tidak ada yang ditulis."),
    "state_bad": ("{rel} rusak (tidak lengkap atau bukan catatan checksum), mis. karena disk penuh atau penyalinan "
                  "terputus; hapus berkas itu, periksa berkas CSV data/raw/{year}/ yang Anda ubah langsung (tanpa "
                  "catatan ini `lkjip impor` tidak tahu mana yang diubah), lalu jalankan `lkjip impor --year {year}` "
                  "lagi. Tidak ada yang ditulis."),
}

# `lkjip pantau` (pipeline.run.watch).
WATCH = {
    "start": ("Memantau isian {year} ({folders}): laporan dibangun ulang setiap kali berkasnya berubah. "
              "Hentikan dengan Ctrl-C."),
    "waiting": "Menunggu perubahan isian (Ctrl-C untuk berhenti) ...",
    "changed": "Berubah: {files}; membangun ulang laporan {year}.",
    "more": " dan {n} berkas lain",
    "code_changed": "Kode pipeline berubah: pemantauan dimulai ulang dengan kode yang baru.",
    "stopped": "Pemantauan dihentikan; laporan terakhir yang terbit tetap di reports/.",
}

CATALOGUE = {"WHERE": WHERE, "INPUT": INPUT, "PARSE": PARSE, "MANIFEST": MANIFEST, "COMPLETE": COMPLETE, "CLI": CLI, "RUN": RUN, "STEP": STEP, "GATE": GATE,
             "STEP_WORDS": STEP_WORDS, "SYSTEM": SYSTEM, "WORKBOOK": WORKBOOK,
             "WATCH": WATCH}


def all_templates() -> list[tuple[str, str]]:
    """(key, template) of every message, for the catalogue test."""
    return [(f"{group}.{key}", text) for group, entries in CATALOGUE.items()
            for key, text in entries.items()]
