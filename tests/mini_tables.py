"""A tiny hand-made set of processed tables (the 2024 seed's key figures) for unit tests."""

import math

import pandas as pd

from pipeline.inputs import catalogue

INF = math.inf


def mini_tables() -> dict[str, pd.DataFrame]:
    lab = []
    for peran, wilayah, tahun, values in (
        ("wilayah", "Kota Payakumbuh", 2023, dict(angkatan_kerja=77907, bekerja=74137, penganggur=3770)),
        ("wilayah", "Kota Payakumbuh", 2024, dict(angkatan_kerja=77876, bekerja=74085, penganggur=3791)),
        ("nasional", "Indonesia", 2024, dict(angkatan_kerja=152107603, bekerja=144642004, penganggur=7465599)),
    ):
        for variabel, nilai in values.items():
            lab.append(dict(peran=peran, wilayah=wilayah, tahun=tahun, variabel=variabel, nilai=float(nilai),
                            sumber_file="x.csv", sumber_baris=2, sumber_kolom=f"Tahun {tahun}"))
        lab.append(dict(peran=peran, wilayah=wilayah, tahun=tahun, variabel="penyerapan",
                        nilai=values["bekerja"] / values["angkatan_kerja"] * 100,
                        sumber_file="dihitung", sumber_baris=None, sumber_kolom=None))
    return {
        "iku": pd.DataFrame([
            dict(indikator_id="1.1", sasaran_id=1, sasaran="Meningkatnya Serapan Tenaga Kerja", indikator="Persentase Penyerapan Tenaga Kerja",
                 satuan="%", polaritas="naik", sumber_realisasi="bps_penyerapan"),
            dict(indikator_id="2.1", sasaran_id=2, sasaran="Meningkatnya Produksi Industri Pengolahan", indikator="Persentase Peningkatan Nilai Produksi",
                 satuan="%", polaritas="naik", sumber_realisasi="ikm_pertumbuhan_produksi"),
            dict(indikator_id="3.1", sasaran_id=3, sasaran="Meningkatnya Akuntabilitas Kinerja", indikator="Hasil Penilaian AKIP",
                 satuan="Nilai", polaritas="ordinal", sumber_realisasi="dilaporkan"),
        ]),
        "ketenagakerjaan": pd.DataFrame(lab),
        "ikm_agregat": pd.DataFrame([
            dict(tahun=2022, nilai_produksi_ribu_rp=269426788.0, formal=905, non_formal=1095),
            dict(tahun=2023, nilai_produksi_ribu_rp=284598221.0, formal=1359, non_formal=1095),
            dict(tahun=2024, nilai_produksi_ribu_rp=301636853.935, formal=1400, non_formal=1100),
        ]),
        "target": pd.DataFrame([
            dict(indikator_id="1.1", sasaran_id=1, jenis="pk", tahun=2024, nilai_teks="93,75%", nilai=93.75),
            dict(indikator_id="2.1", sasaran_id=2, jenis="pk", tahun=2024, nilai_teks="3,25%", nilai=3.25),
            dict(indikator_id="3.1", sasaran_id=3, jenis="pk", tahun=2024, nilai_teks="A", nilai=None),
            dict(indikator_id="1.1", sasaran_id=1, jenis="kondisi_akhir", tahun=None, nilai_teks="93,77", nilai=93.77),
            dict(indikator_id="2.1", sasaran_id=2, jenis="kondisi_akhir", tahun=None, nilai_teks="3,35", nilai=3.35),
            dict(indikator_id="3.1", sasaran_id=3, jenis="kondisi_akhir", tahun=None, nilai_teks="A", nilai=None),
        ]),
        "capaian_tahunan": pd.DataFrame([
            dict(indikator_id="1.1", sasaran_id=1, tahun=2022, target_teks="93,55%", target=93.55, realisasi_teks="94,84%", realisasi=94.84, tabel="Tabel 3.4"),
            dict(indikator_id="1.1", sasaran_id=1, tahun=2023, target_teks="93,75%", target=93.75, realisasi_teks="95,16%", realisasi=95.16, tabel="Tabel 3.4"),
            dict(indikator_id="1.1", sasaran_id=1, tahun=2024, target_teks="93,75%", target=93.75, realisasi_teks="95,13%", realisasi=95.13, tabel="Tabel 3.4"),
            dict(indikator_id="2.1", sasaran_id=2, tahun=2022, target_teks="3,00%", target=3.0, realisasi_teks="3,1%", realisasi=3.1, tabel="Tabel 3.11"),
            dict(indikator_id="2.1", sasaran_id=2, tahun=2023, target_teks="3,00%", target=3.0, realisasi_teks="5,63%", realisasi=5.63, tabel="Tabel 3.11"),
            dict(indikator_id="2.1", sasaran_id=2, tahun=2024, target_teks="3,25%", target=3.25, realisasi_teks="6%", realisasi=6.0, tabel="Tabel 3.11"),
            dict(indikator_id="3.1", sasaran_id=3, tahun=2022, target_teks="A", target=None, realisasi_teks="A", realisasi=None, tabel="Tabel 3.20"),
            dict(indikator_id="3.1", sasaran_id=3, tahun=2023, target_teks="A", target=None, realisasi_teks="A", realisasi=None, tabel="Tabel 3.20"),
            dict(indikator_id="3.1", sasaran_id=3, tahun=2024, target_teks="A", target=None, realisasi_teks="A", realisasi=None, tabel="Tabel 3.20"),
        ]),
        "standar_nasional": pd.DataFrame([
            dict(indikator_id="1.1", sasaran_id=1, standar_teks="97,68%", standar=97.68),
            dict(indikator_id="2.1", sasaran_id=2, standar_teks="5,04%", standar=5.04),
            dict(indikator_id="3.1", sasaran_id=3, standar_teks="B", standar=None),
        ]),
        "skala_kriteria": pd.DataFrame(dict(
            kriteria=["Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"],
            batas_bawah=[-INF, 51, 66, 76, 91], batas_atas=[51, 66, 76, 91, INF])),
        "skala_ordinal": pd.DataFrame(dict(nilai=["AA", "A", "BB", "B", "CC", "C", "D"], urutan=range(1, 8))),
        "anggaran_subkegiatan": pd.DataFrame([
            dict(sasaran_id=1, urusan="Tenaga Kerja", program="P1", kegiatan="K1", sub_kegiatan="S1", pagu=1407615308, realisasi=1327231136),
            dict(sasaran_id=2, urusan="Perindustrian", program="P2", kegiatan="K2", sub_kegiatan="S2", pagu=1000000000, realisasi=950000000),
            dict(sasaran_id=2, urusan="Perindustrian", program="P2", kegiatan="K2", sub_kegiatan="S3", pagu=806269606, realisasi=766223162),
            dict(sasaran_id=3, urusan="Tenaga Kerja", program="P3", kegiatan="K3", sub_kegiatan="S4", pagu=3429976208, realisasi=2915919783),
        ]),
        "sdm_sasaran": pd.DataFrame([dict(sasaran_id=1, jumlah=5, asn=3, p3k=0, tjp=2)]),
        "indikator_program": pd.DataFrame([
            dict(sasaran_id=1, tingkat="program", nama="Program Penempatan Tenaga Kerja", indikator="Persentase ditempatkan",
                 target_teks="46,45%", target=46.45, realisasi_teks="51,53%", realisasi=51.53, persen_teks="101,94%",
                 persen_dilaporkan=101.94),
        ]),
        "angka_dipublikasikan": pd.DataFrame([
            dict(id=1, tabel="Tabel 3.2", lokasi="baris 2", besaran="capaian", objek="sasaran:2", tahun=2024,
                 nilai="184,62", nilai_angka=184.62, desimal=2, keterangan=""),
        ]),
    }


def write_processed(tables: dict[str, pd.DataFrame], folder) -> None:
    """Store hand-made tables as the cleaning stores its own (typed Parquet plus the CSV copy,
    pipeline.inputs.catalogue), with the declared dtypes of the columns they have: a mini table
    holds only the columns its test needs, so it is not held to the full declaration."""
    for name, df in tables.items():
        typed = df.astype({c: d for c, d in catalogue.TABLES[name].columns if c in df.columns})
        typed.to_parquet(catalogue.parquet_file(folder, name), index=False)
        typed.to_csv(catalogue.csv_file(folder, name), index=False)
