"""The report appendix "Catatan Validasi": every warning in Bahasa Indonesia, one table row each."""

from __future__ import annotations

import pandas as pd

from pipeline.inputs.idnum import fmt_number
from pipeline.report.sections import Section
from pipeline.validate.findings import show

BESARAN_LABEL = {
    "realisasi": "Realisasi kinerja", "capaian": "Capaian kinerja", "kriteria": "Kriteria kinerja",
    "capaian_akhir_renstra": "Capaian terhadap target akhir Renstra",
    "target_akhir_renstra": "Target akhir Renstra",
    "memenuhi_standar_nasional": "Pernyataan 'sudah mencapai target nasional'",
    "standar_nasional": "Standar nasional", "pagu": "Pagu anggaran",
    "realisasi_anggaran": "Realisasi anggaran", "serapan": "Serapan anggaran",
    "efisiensi": "Efisiensi anggaran", "jumlah_program": "Jumlah program",
    "jumlah_kegiatan": "Jumlah kegiatan", "jumlah_subkegiatan": "Jumlah sub-kegiatan",
    "jumlah_subkegiatan_serapan_ge90": "Jumlah sub-kegiatan dengan serapan ≥ 90%",
    "jumlah_subkegiatan_serapan_80_90": "Jumlah sub-kegiatan dengan serapan 80–<90%",
    "pertumbuhan_penduduk_usia_kerja": "Kenaikan penduduk usia kerja",
    "jumlah_pencari_kerja": "Jumlah pencari kerja", "jumlah_penempatan": "Jumlah penempatan",
    "peserta_pelatihan_apbd": "Peserta pelatihan APBD", "peserta_pelatihan_non_apbd":
    "Peserta pelatihan di luar APBD Kota", "jumlah_fasilitasi_halal": "Jumlah fasilitasi halal",
    "capaian_indikator_program": "Capaian indikator program/kegiatan", "tpak": "TPAK", "tpt": "TPT",
}


def _recomputed(row) -> str:
    word = row.get("dihitung_kata")
    if isinstance(word, str) and word.strip():  # read back from CSV, a blank is NaN (truthy)
        return word
    value = row.get("dihitung")
    if value is None or pd.isna(value):
        return "–"
    dec = row.get("desimal")
    dec = 2 if dec is None or pd.isna(dec) else max(int(dec), 2)
    return fmt_number(value, dec)


def _how(comp: dict, finding: dict) -> str:
    """How the recomputed value was obtained (the full message repeats the other columns)."""
    how = comp.get("cara_hitung")
    if isinstance(how, str) and how.strip():
        return "Dihitung ulang: " + how
    return str(finding.get("message", ""))


def warning_rows(found: dict, comparison: pd.DataFrame | None) -> pd.DataFrame:
    """No, Sumber, Uraian, Nilai dipublikasikan, Nilai hitung ulang, Keterangan."""
    by_id = {}
    if comparison is not None and not comparison.empty:
        by_id = {str(r["id"]): r for r in comparison.to_dict("records")}
    rows = []
    for f in found.get("warnings", []):
        key = str(f.get("row_key", ""))
        comp = by_id.get(key)
        if comp is not None:
            uraian = f"{BESARAN_LABEL.get(comp['besaran'], comp['besaran'])} ({comp['objek']}, {comp['tahun']})"
            rows.append({"Sumber": f"{comp['tabel']} — {comp['lokasi']}", "Uraian": uraian,
                         "Nilai dipublikasikan": comp["dilaporkan_teks"] or "–",
                         "Nilai hitung ulang": _recomputed(comp),
                         "Keterangan": _how(comp, f)})
        else:
            value = f.get("value")
            rows.append({"Sumber": f.get("source") or f.get("table"), "Uraian": f["message"],
                         "Nilai dipublikasikan": show(value) if not isinstance(value, dict) else
                         ", ".join(f"{k} {show(v)}" for k, v in value.items()),
                         "Nilai hitung ulang": "–", "Keterangan": f.get("expected", "")})
    df = pd.DataFrame(rows, columns=["Sumber", "Uraian", "Nilai dipublikasikan", "Nilai hitung ulang",
                                     "Keterangan"])
    df.insert(0, "No", range(1, len(df) + 1))
    return df


def build_section(found: dict, comparison: pd.DataFrame | None, year: int) -> Section:
    section = Section("catatan_validasi", "Catatan Validasi")
    n_crit, n_warn = len(found.get("critical", [])), len(found.get("warnings", []))
    checked = 0 if comparison is None else int(comparison["cocok"].notna().sum())
    agree = 0 if comparison is None else int(comparison["cocok"].fillna(False).astype(bool).sum())
    if n_crit:
        section.paragraph(f"Validasi data tahun {year} menemukan {n_crit} kesalahan kritis pada data "
                          "masukan; laporan tidak dapat disusun sebelum data tersebut diperbaiki.")
    section.paragraph(
        f"Seluruh tabel data tahun {year} telah diperiksa secara otomatis sebelum analisis. "
        f"Dari {checked} angka yang dipublikasikan dan dapat dihitung ulang dari data, {agree} sesuai "
        f"dengan hasil hitung ulang (setelah pembulatan seperti yang dipublikasikan). "
        f"Tercatat {n_warn} catatan yang tidak menghentikan penyusunan laporan; rinciannya pada tabel "
        "berikut. Angka dalam laporan ini selalu memakai hasil hitung ulang.")
    confirmation_part(section, found)
    table = warning_rows(found, comparison)
    if table.empty:
        section.paragraph("Tidak ada catatan: semua angka yang dipublikasikan sesuai dengan hasil hitung ulang.")
    else:
        section.table("catatan_validasi", "Daftar catatan validasi", table,
                      formats={c: "text" for c in table.columns if c != "No"} | {"No": "int"},
                      source="Hasil validasi data (Great Expectations) dan hitung ulang pipeline")
    return section


def confirmation_part(section: Section, found: dict) -> None:
    """Implausible figures published on the analyst's word (pipeline.validate.kewajaran)."""
    confirmed = found.get("dikonfirmasi") or []
    unused = found.get("konfirmasi_tidak_terpakai") or []
    if confirmed:
        section.paragraph(
            f"{len(confirmed)} angka berada di luar batas wajar yang ditetapkan instansi "
            "(data/raw/common/batas_kewajaran.csv). Angka seperti ini biasanya salah ketik dan "
            "menghentikan penyusunan laporan; angka berikut tetap dipakai karena analis "
            "mengonfirmasinya dengan alasan yang tercantum.")
        table = pd.DataFrame([{"No": i, "Kunci": c["kunci"], "Uraian": c["uraian"], "Nilai": c["nilai"],
                               "Batas wajar": c["batas_wajar"], "Alasan analis": c["alasan"]}
                              for i, c in enumerate(confirmed, start=1)])
        section.table("konfirmasi_kewajaran", "Angka di luar batas wajar yang dikonfirmasi analis", table,
                      formats={c: "text" for c in table.columns if c != "No"} | {"No": "int"},
                      source="Konfirmasi analis (narasi.yml, bagian konfirmasi)")
    if unused:
        section.paragraph("Konfirmasi di narasi.yml yang tidak cocok dengan angka mana pun di luar batas "
                          "wajar (sudah tidak diperlukan atau salah tulis kuncinya): " + ", ".join(unused) + ".")
