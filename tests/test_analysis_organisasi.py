"""Ikhtisar, Bab I, Bab II, Capaian Organisasi, Bab IV, Lampiran PK on tiny hand-made tables,
plus one papermill run of both notebooks (03_organisasi, 20_anggaran) on a processed fixture."""

import json
import math
import shutil

import pandas as pd
import pytest

from pipeline.analysis import organisasi
from pipeline.analysis.organisasi import PlanInputs
from pipeline.config import PACKAGE_ROOT
from pipeline.validate import recompute
from tests.conftest import use_project
from tests.mini_tables import mini_tables, write_processed

INF = math.inf


def evaluation() -> pd.DataFrame:
    # realisasi 74.085/77.876 = 95,132%; growth (301.636.853,935 − 284.598.221)/284.598.221 = 5,9869%
    r1 = 74085 / 77876 * 100
    r2 = (301636853.935 - 284598221) / 284598221 * 100
    ev = pd.DataFrame([
        dict(sasaran_id=1, nama="Meningkatnya Serapan Tenaga Kerja", indikator="Persentase Penyerapan Tenaga Kerja",
             satuan="%", polaritas="naik", target=93.75, realisasi=r1, capaian=r1 / 93.75 * 100, kriteria="Sangat Baik"),
        dict(sasaran_id=2, nama="Meningkatnya Produksi Industri Pengolahan", indikator="Persentase Peningkatan Nilai Produksi",
             satuan="%", polaritas="naik", target=3.25, realisasi=r2, capaian=r2 / 3.25 * 100, kriteria="Sangat Baik"),
        dict(sasaran_id=3, nama="Meningkatnya Akuntabilitas Kinerja", indikator="Hasil Penilaian AKIP",
             satuan="Nilai", polaritas="ordinal", target="A", realisasi="BB", capaian=5 / 6 * 100,  # BB scores 5, A scores 6
             kriteria="Baik"),
    ])
    # one indikator per sasaran: the sasaran's capaian is its indicator's
    return ev.assign(indikator_id=[f"{s}.1" for s in ev.sasaran_id], urutan=1, capaian_sasaran=ev.capaian,
                     kriteria_sasaran=ev.kriteria, aturan_capaian_sasaran="rata_rata")


def tables() -> dict:
    t = mini_tables()
    t["iku"] = t["iku"].assign(tujuan=["Menurunnya Pengangguran", "Meningkatnya Sektor Strategis", "Akuntabilitas"],
                               indikator_tujuan=["TPT", "PDRB Industri", "Nilai AKIP"],
                               alasan=["SPM", "SPM", ""], formula=["Bekerja / AK × 100", "growth", ""])
    t["target"] = pd.concat([t["target"], pd.DataFrame([
        dict(indikator_id=f"{s}.1", sasaran_id=s, jenis="renstra", tahun=y, nilai_teks=v, nilai=None)
        for s in (1, 2, 3) for y, v in ((2023, f"x{s}"), (2024, f"t{s}"), (2025, "y"), (2026, "z"))])])
    t["pegawai_golongan"] = pd.DataFrame([
        dict(kategori="IV/c", unit="Sekretariat", jenis_kelamin="P", jumlah=1),
        dict(kategori="III/d", unit="Sekretariat", jenis_kelamin="P", jumlah=2),
        dict(kategori="III/d", unit="Bidang Tenaga Kerja", jenis_kelamin="L", jumlah=1),
        dict(kategori="III/d", unit="UPTD", jenis_kelamin="L", jumlah=0),
    ])
    t["apbd_rekening"] = pd.DataFrame([
        dict(kode="5", uraian="BELANJA DAERAH", sebelum=None, setelah=None, selisih=None, is_total=False),
        dict(kode="5.1", uraian="Belanja Operasi", sebelum=100, setelah=150, selisih=50, is_total=False),
        dict(kode="5.1.01", uraian="Belanja Pegawai", sebelum=60, setelah=70, selisih=10, is_total=False),
        dict(kode="5.1.02", uraian="Belanja Barang", sebelum=40, setelah=80, selisih=40, is_total=False),
        dict(kode="5.2", uraian="Belanja Modal", sebelum=10, setelah=25, selisih=15, is_total=False),
        dict(kode="5.2.02", uraian="Peralatan", sebelum=10, setelah=20, selisih=10, is_total=False),
        dict(kode="5.2.04", uraian="Jalan", sebelum=0, setelah=5, selisih=5, is_total=False),
        dict(kode=None, uraian="Jumlah Belanja", sebelum=110, setelah=170, selisih=60, is_total=True),
        dict(kode=None, uraian="Total Surplus/ Defisit", sebelum=-110, setelah=-175, selisih=-65, is_total=True),
    ])
    t["anggaran_pk"] = pd.DataFrame([
        dict(dokumen="Kepala Dinas", program="Program P1", anggaran=1407615308, is_total=False),
        dict(dokumen="Kepala Dinas", program="Program P2", anggaran=1000000000, is_total=False),
        dict(dokumen="Kepala Dinas", program="Program P3", anggaran=3429976208, is_total=False),
        dict(dokumen="Kepala Dinas", program="TOTAL", anggaran=6643861122, is_total=True),
    ])
    return t


def inputs(narrative=None) -> PlanInputs:
    profile = {"nama": "Dinas Tenaga Kerja dan Perindustrian", "kota": "Kota Payakumbuh",
               "isu_strategis": ["Masih rendahnya serapan tenaga kerja"],
               "rpd": {"periode": "2023-2026", "tujuan": [{"nomor": 2, "uraian": "Pertumbuhan Ekonomi"}]},
               "kepala_dinas": {"nama": "YUNIDA FATWA", "nip": "19670601 198809 2 001"}}
    return PlanInputs(2024, tables(), evaluation(), profile, narrative if narrative is not None else {})


def texts(section) -> str:
    return " ".join([b.text for b in section.blocks] + [" ".join(b.items) for b in section.blocks
                                                        if b.kind != "signature"])  # signers are dicts


def test_results_counts():
    assert organisasi.results(inputs()) == {"sasaran": 3, "indikator": 3, "tercapai": 2,
                                            "kriteria": {"Sangat Baik": 2, "Baik": 1}}


def test_ikhtisar_states_counts_capaian_and_budget():
    section = organisasi.build_ikhtisar(inputs())
    text = texts(section)
    assert "tahun ke-2 pelaksanaan Rencana Strategis 2023–2026" in text
    assert "3 sasaran strategis dengan 3 indikator" in text
    assert "2 dari 3 indikator mencapai atau melampaui targetnya" in text
    assert "2 indikator berkriteria Sangat Baik dan 1 indikator berkriteria Baik" in text
    assert "realisasi 95,13% dari target 93,75%, capaian 101,47% (kriteria Sangat Baik)" in text
    assert "capaian 184,21%" in text  # recomputed, not the published 184,62
    # mini budget: 6.643.861.122 pagu, 5.959.374.081 realisasi
    assert "Rp 6.643.861.122" in text and "Rp 5.959.374.081" in text and "89,70%" in text


def test_staff_table_totals_and_chart():
    table = organisasi.staff_table(tables()["pegawai_golongan"], "Golongan")
    total = table.iloc[-1]
    assert list(table["Golongan"]) == ["IV/c", "III/d", "Jumlah"]
    assert (total["Sekretariat"], total["Bidang Tenaga Kerja"], total["UPTD"]) == (3, 1, 0)
    assert (total["Perempuan"], total["Laki-laki"], total["Jumlah"]) == (3, 1, 4)


def test_staff_table_ignores_published_total_rows():
    df = pd.concat([tables()["pegawai_golongan"],
                    pd.DataFrame([dict(kategori="Jumlah", unit="Sekretariat", jenis_kelamin="P", jumlah=99),
                                  dict(kategori="IV/c", unit="Total", jenis_kelamin="L", jumlah=99)])])
    assert organisasi.staff_table(df, "Golongan").iloc[-1]["Jumlah"] == 4


def test_apbd_parents_are_sums_of_leaves_and_wrong_published_totals_get_a_note():
    table, notes = organisasi.apbd_table(tables()["apbd_rekening"])
    rows = table.set_index("Uraian")
    assert rows.loc["BELANJA DAERAH", "Setelah Perubahan (Rp)"] == 175  # 70 + 80 + 20 + 5
    assert rows.loc["Belanja Modal", "Sebelum Perubahan (Rp)"] == 10
    assert rows.loc["Belanja Modal", "Setelah Perubahan (Rp)"] == 25
    assert rows.loc["Jumlah Belanja", "Bertambah/Berkurang (Rp)"] == 65
    assert rows.loc["Surplus/(Defisit)", "Setelah Perubahan (Rp)"] == -175
    # published Jumlah Belanja 170 (setelah) and selisih 60 disagree with 175 / 65
    assert any("Jumlah Belanja, kolom setelah: dipublikasikan Rp 170, hasil penjumlahan Rp 175" in n for n in notes)
    assert not any("Surplus" in n and "setelah" in n for n in notes)  # −175 is right


def test_bab1_sections_blocks():
    section = organisasi.build_bab1(inputs())
    kinds = [b.kind for b in section.blocks]
    assert "bab1_pegawai_golongan" in section.tables and "bab1_apbd" in section.tables
    assert "bab1_grafik_pegawai_golongan" in section.figures
    # no pegawai_pendidikan table in the fixture -> a visible placeholder, not a crash
    assert "placeholder" in kinds and "note" in kinds
    assert "4 orang pegawai (PNS dan P3K), terdiri dari 1 orang laki-laki dan 3 orang perempuan" in texts(section)


def test_bab2_budget_per_sasaran_rollup():
    section = organisasi.build_bab2(inputs())
    tree = section.tables["bab2_anggaran_per_sasaran"]
    s1 = tree[(tree["Tingkat"] == "Sasaran") & (tree["Sasaran"] == "1")].iloc[0]
    assert s1["Pagu (Rp)"] == 1_407_615_308 and round(s1["Serapan (%)"], 2) == 94.29
    renstra = section.tables["bab2_tujuan_sasaran"]
    assert list(renstra.columns[-5:]) == ["2023", "2024", "2025", "2026", "Kondisi Akhir"]
    assert renstra.iloc[0]["2024"] == "t1" and renstra.iloc[0]["Kondisi Akhir"] == "93,77"
    assert section.tables["bab2_perjanjian_kinerja"]["Target"].tolist() == ["93,75%", "3,25%", "A"]


def test_capaian_organisasi_table_scale_and_published_difference_note():
    section = organisasi.build_capaian_organisasi(inputs())
    scale = section.tables["capaian_skala"]
    assert scale["Kriteria"].tolist()[0] == "Sangat Baik" and scale.iloc[0]["Interval Nilai Capaian Kinerja (%)"] == "≥ 91,00"
    assert scale.iloc[-1]["Interval Nilai Capaian Kinerja (%)"] == "< 51,00"
    table = section.tables["capaian_perjanjian_kinerja"]
    assert table["Realisasi"].tolist() == ["95,13", "5,99", "BB"]
    assert round(table.iloc[1]["Capaian (%)"], 2) == 184.21
    notes = [b.text for b in section.blocks if b.kind == "note"]
    assert len(notes) == 1 and "dipublikasikan 184,62, hasil hitung ulang 184,21%" in notes[0]


def test_published_match_rules():
    row = pd.Series(dict(nilai="6", nilai_angka=6.0, desimal=0))
    assert organisasi.published_matches(row, 5.9869)
    assert organisasi.published_matches(pd.Series(dict(nilai="sangat baik", nilai_angka=None, desimal=None)), "Sangat Baik")
    assert not organisasi.published_matches(pd.Series(dict(nilai="184,62", nilai_angka=184.62, desimal=2)), 184.2125)


def test_bab4_missing_narrative_gives_placeholders():
    section = organisasi.build_bab4(inputs(narrative={"permasalahan": {"tenaga_kerja": ["Kualitas pekerja rendah"],
                                                                       "perindustrian": None},
                                                      "tindak_lanjut": None}))
    placeholders = [b.text for b in section.blocks if b.kind == "placeholder"]
    assert section.has_placeholder
    assert any("permasalahan.perindustrian" in p for p in placeholders)
    assert any("tindak_lanjut.tenaga_kerja" in p for p in placeholders)
    lists = [b for b in section.blocks if b.kind == "list" and b.title == "Urusan Tenaga Kerja"]
    assert lists and lists[0].items == ["Kualitas pekerja rendah"]
    assert "2 dari 3 indikator mencapai atau melampaui target" in texts(section)


def test_bab4_complete_narrative_is_final():
    full = {"permasalahan": {"tenaga_kerja": ["a"], "perindustrian": ["b"]},
            "tindak_lanjut": {"tenaga_kerja": ["c"], "perindustrian": ["d"]},
            "kata_pengantar": {"tempat_tanggal": "Payakumbuh, Desember 2024"}}  # dates Bab IV's signature
    section = organisasi.build_bab4(inputs(narrative=full))
    assert not section.has_placeholder
    assert section.blocks[-1].kind == "signature" and section.blocks[-1].items[0]["nip"] == "19670601 198809 2 001"


def test_lampiran_pk_budget_comparison():
    section = organisasi.build_lampiran_pk(inputs())
    table = section.tables["lampiran_pk_anggaran"].set_index("Uraian")
    assert table.loc["Program P2", "Anggaran hitung (Rp)"] == 1_806_269_606
    assert table.loc["Program P2", "Selisih (Rp)"] == 1_000_000_000 - 1_806_269_606
    assert table.loc["TOTAL", "Anggaran hitung (Rp)"] == 6_643_861_122
    note = [b.text for b in section.blocks if b.kind == "note"][0]
    assert "Program P2 Rp 1.000.000.000 dalam dokumen PK, sedangkan hasil penjumlahan sub kegiatan Rp 1.806.269.606" in note
    assert "TOTAL Rp 6.643.861.122 bukan jumlah baris-barisnya (Rp 5.837.591.516)" in note
    assert "YUNIDA FATWA" in section.blocks[0].text


def test_match_budget_prefix_and_spelling():
    tree = pd.DataFrame(dict(tingkat=["program", "sub_kegiatan"], uraian=[
        "Pengendalian Izin Usaha Industri Kabupaten/Kota", "Koordinasi Pembangunan Sumber Daya Industri"],
        pagu=[61899300, 35160200]))
    assert recompute.match_budget("Program Pengendalian Izin Usaha Industri", tree)["pagu"] == 61899300
    assert recompute.match_budget("Koordinasi pembangunan sumberdaya industri.", tree)["pagu"] == 35160200
    assert recompute.match_budget("Fasilitasi pengumpulan data industri", tree) is None


# -- both notebooks, executed by papermill on a processed fixture ----------------------------------

def _write_fixture(root):
    processed = root / "data" / "processed" / "2024"
    processed.mkdir(parents=True)
    t = tables()
    t["indikator_program"] = t["indikator_program"].assign(desimal=2)
    write_processed(t, processed)
    common = root / "data" / "raw" / "common"
    common.mkdir(parents=True)
    shutil.copy(PACKAGE_ROOT / "data" / "raw" / "common" / "profil_instansi.yml", common / "profil_instansi.yml")
    (root / "data" / "raw" / "2024").mkdir(parents=True)  # no narasi.yml: Bab IV shows placeholders
    return processed


@pytest.mark.slow
def test_notebooks_run_on_fixture(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    processed = _write_fixture(tmp_path)
    report = tmp_path / "reports" / "2024"
    use_project(monkeypatch, tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    params = {"year": 2024, "processed_dir": "data/processed/2024", "report_dir": "reports/2024"}
    for name in ("03_organisasi", "20_anggaran"):
        papermill.execute_notebook(str(PACKAGE_ROOT / "notebooks" / f"{name}.ipynb"),
                                   str(tmp_path / f"{name}.out.ipynb"), parameters=params, kernel_name="python3",
                                   cwd=str(tmp_path), progress_bar=False, log_output=False)
    for section_id in ("ikhtisar", "bab1", "bab2", "capaian_organisasi", "bab4", "lampiran_pk", "anggaran"):
        assert (report / "sections" / f"{section_id}.json").is_file(), section_id
    bab4 = json.loads((report / "sections" / "bab4.json").read_text())
    assert any(b["kind"] == "placeholder" for b in bab4["blocks"])
    assert json.loads((report / "results" / "organisasi.json").read_text())["indikator"] == 3
    totals = json.loads((report / "results" / "anggaran.json").read_text())
    assert totals["pagu"] == 6_643_861_122 and round(totals["serapan"], 2) == 89.70
    assert (report / "figures" / "anggaran_serapan_program.svg").is_file()
    assert processed.is_dir()


def test_counts_in_sentences_have_no_decimals():
    from pipeline.analysis.sentences import show

    # Issue 19: '37 dari target 150', not '37,00 dari target 150,00'; fractions and % keep theirs.
    assert (show(37.0, "orang"), show(150, "orang")) == ("37", "150")
    assert (show(4.5, "indeks"), show(95.13, "%"), show("A", "Predikat")) == ("4,50", "95,13%", "A")
