"""Plausibility gate (issue 13 item 3, issue 10 item 6): implausible figures are critical unless
the analyst confirms them in narasi.yml; the report prints the confirmation.

The expected figures are worked by hand: the shipped 2024 register totals Rp 301.636.853.935
production over 2.500 firms; one micro firm's production raised to Rp 1.000.000.000.000.000
makes that firm ≈ 99,97 % of the register's production and Rp 10^15 / its workers per worker,
and sasaran 2's growth and capaian explode (the issue measured 10.811.646,81 %).
"""

import json
import math
import shutil

import pandas as pd
import pytest

from pipeline.clean import build
from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.errors import InputError
from pipeline.inputs import kewajaran as kw_inputs
from pipeline.validate import kewajaran
from tests.conftest import run_lkjip, tree_hashes

HUGE = "1.000.000.000.000.000"
BATAS = """cek;batas_bawah;batas_atas;satuan;keterangan
capaian_iku;0;300;persen;x
pertumbuhan_realisasi;-50;100;persen;x
pangsa_satu_ikm;-;50;persen;x
produksi_per_tenaga_kerja;0;20.000.000.000;rupiah;x
"""


# ---------------------------------------------------------------- the declared ranges and confirmations

def test_read_batas(tmp_path):
    path = tmp_path / "batas_kewajaran.csv"
    path.write_text(BATAS, encoding="utf-8")
    df = kw_inputs.read_batas(path, Paths(tmp_path))
    share = df[df.cek == "pangsa_satu_ikm"].iloc[0]
    assert (share.batas_bawah, share.batas_atas) == (-math.inf, 50.0)
    assert df[df.cek == "produksi_per_tenaga_kerja"].iloc[0].batas_atas == 2e10


@pytest.mark.parametrize("old,new,row,column,value", [
    ("capaian_iku;0;300", "capaian;0;300", 2, "cek", "capaian"),
    ("capaian_iku;0;300", "capaian_iku;0;tiga ratus", 2, "batas_atas", "tiga ratus"),
    ("pertumbuhan_realisasi;-50;100", "pertumbuhan_realisasi;100;-50", 3, "batas_atas", "-50"),
    ("pangsa_satu_ikm;-;50", "capaian_iku;-;50", 4, "cek", "capaian_iku"),
])
def test_bad_batas_names_the_cell(tmp_path, old, new, row, column, value):
    path = tmp_path / "batas_kewajaran.csv"
    path.write_text(BATAS.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as err:
        kw_inputs.read_batas(path, Paths(tmp_path))
    assert (err.value.file, err.value.row, err.value.column, err.value.value) == \
        ("batas_kewajaran.csv", row, column, value)


@pytest.mark.parametrize("text,column", [
    ("konfirmasi: ya\n", "konfirmasi"),
    ("konfirmasi:\n  - kunci: a\n", "konfirmasi[1].alasan"),
    ("konfirmasi:\n  - kunci: a\n    alasan: '  '\n", "konfirmasi[1].alasan"),
    ("konfirmasi:\n  - kunci: a\n    alasan: b\n    catatan: c\n", "konfirmasi[1]"),
    ("konfirmasi:\n  - {kunci: a, alasan: b}\n  - {kunci: a, alasan: c}\n", "konfirmasi[2].kunci"),
])
def test_confirmation_needs_key_and_reason(tmp_path, text, column):
    path = tmp_path / "narasi.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        kw_inputs.read_konfirmasi(path, Paths(tmp_path))
    assert err.value.file == "narasi.yml" and err.value.column == column


# ---------------------------------------------------------------- the check table on the shipped data

@pytest.fixture(scope="module")
def shipped():
    return build(2024, Paths.default())


def _corrupt_register(raw_year, tables) -> int:
    """Raise one active micro firm's production to Rp 10^15; returns its row in the raw file."""
    firm = tables["ikm_perusahaan"]
    firm = firm[firm["klasifikasi"].str.lower() == "mikro"].iloc[0]
    row = int(firm["sumber_baris"])
    path = raw_year / "ikm_register.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(";")
    cells = lines[row - 1].split(";")
    assert cells[header.index("id_ikm")] == firm["id_ikm"]
    cells[header.index("nilai_produksi")] = HUGE
    lines[row - 1] = ";".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return row


def test_shipped_2024_is_plausible(shipped):
    check = kewajaran.check_table(shipped, 2024)
    assert (check["status"] == kewajaran.WAJAR).all()
    got = {r.kunci: round(r.nilai, 2) for r in check.itertuples()}
    # 101,47 / 184,21 / 100 % capaian and 5,99 % growth (Tabel 3.3, 3.10; hand-worked in test_engine)
    # Year on year, Tabel 3.3 (2023 -> 2024): TPAK 77.876/110.420 − 77.907/108.422 = 70,53 − 71,86 =
    # −1,33 poin; TPT 4,87 − 4,84 = +0,03; penyerapan 95,13 − 95,16 = −0,03; counts in percent:
    # AK −31/77.907 = −0,04; Bekerja −52/74.137 = −0,07; Penganggur +21/3.770 = +0,56; PUK +1.998/108.422 = +1,84.
    assert got == {"capaian_iku:sasaran:1": 101.47, "capaian_iku:sasaran:2": 184.21,
                   "capaian_iku:sasaran:3": 100.0, "pertumbuhan_realisasi:sasaran:2": 5.99,
                   "perubahan_tingkat_tahunan:tpak": -1.33, "perubahan_tingkat_tahunan:tpt": 0.03,
                   "perubahan_tingkat_tahunan:penyerapan": -0.03,
                   "perubahan_jumlah_tahunan:angkatan_kerja": -0.04, "perubahan_jumlah_tahunan:bekerja": -0.07,
                   "perubahan_jumlah_tahunan:penganggur": 0.56,
                   "perubahan_jumlah_tahunan:penduduk_usia_kerja": 1.84}


def test_tpak_typo_is_an_implausible_jump(shipped):
    """A TPAK of 7,63 after 72,81 (a Penduduk Usia Kerja typed ten times too large) was published
    as 'naik 66,54 poin'; now it is a critical figure that names the cell."""
    tables = dict(shipped)
    labour = shipped["ketenagakerjaan"].copy()
    at = (labour["peran"] == "wilayah") & (labour["tahun"] == 2024)
    labour.loc[at & (labour["variabel"] == "tpak"), "nilai"] = 7.63
    labour.loc[at & (labour["variabel"] == "penduduk_usia_kerja"), "nilai"] = 1_104_200
    tables["ketenagakerjaan"] = labour
    check = kewajaran.check_table(tables, 2024).set_index("kunci")
    tpak = check.loc["perubahan_tingkat_tahunan:tpak"]
    # 7,63 − 71,8553... (77.907 / 108.422 × 100) = −64,23 poin, outside −15 … 15
    assert (tpak["status"], tpak["nilai_teks"], tpak["rentang_teks"]) == \
        (kewajaran.TIDAK_WAJAR, "-64,23 poin", "-15,00 poin s.d. 15,00 poin")
    assert tpak["uraian"] == "TPAK 2024 7,63 setelah 71,86 pada 2023: berubah -64,23 poin"
    puk = check.loc["perubahan_jumlah_tahunan:penduduk_usia_kerja"]
    # (1.104.200 − 108.422) / 108.422 = +918,43 %, named at its cell (row 9, column 'Tahun 2024')
    assert (puk["status"], puk["nilai_teks"], puk["sumber_baris"], puk["sumber_kolom"]) == \
        (kewajaran.TIDAK_WAJAR, "918,43%", 9, "Tahun 2024")
    tables["konfirmasi_kewajaran"] = pd.DataFrame({"kunci": ["perubahan_tingkat_tahunan:tpak"],
                                                   "alasan": ["dicek"], "urutan": [1]})
    confirmed = kewajaran.check_table(tables, 2024).set_index("kunci")
    assert confirmed.loc["perubahan_tingkat_tahunan:tpak", "status"] == kewajaran.DIKONFIRMASI


def test_one_huge_firm_is_flagged_and_confirmable(shipped, tmp_path):
    shutil.copytree(Paths.default().raw, tmp_path / "data" / "raw")
    paths = Paths(tmp_path)
    row = _corrupt_register(paths.raw_year(2024), shipped)
    tables = build(2024, paths)
    check = kewajaran.check_table(tables, 2024)
    bad = check[check["status"] == kewajaran.TIDAK_WAJAR].set_index("cek")
    assert set(bad.index) == {"capaian_iku", "pertumbuhan_realisasi", "pangsa_satu_ikm",
                              "produksi_per_tenaga_kerja"}
    # growth = (301.636.853.935 − old + 10^15) / 284.598.221.000 − 1: about 351.370 % (hand: 10^15 / 2,846e11)
    assert bad.loc["pertumbuhan_realisasi", "nilai"] > 350_000
    share = bad.loc["pangsa_satu_ikm"]
    assert (share["sumber_file"], share["sumber_baris"], share["sumber_kolom"]) == \
        ("data/raw/2024/ikm_register.csv", row, "nilai_produksi")
    assert share["nilai"] == pytest.approx(1e17 / (1e15 + 301_636_853_935 - _old_production(shipped, row)))
    assert "Rp 1.000.000.000.000.000" in share["uraian"] and share["nilai_teks"] == "99,97%"

    reasons = pd.DataFrame({"kunci": list(bad["kunci"]), "alasan": ["dicek"] * len(bad), "urutan": range(4)})
    tables["konfirmasi_kewajaran"] = reasons
    check = kewajaran.check_table(tables, 2024)
    assert set(check["status"]) == {kewajaran.WAJAR, kewajaran.DIKONFIRMASI}
    assert len(kewajaran.confirmed(check)) == 4


def _old_production(tables, row) -> float:
    firm = tables["ikm_perusahaan"]
    return float(firm.loc[firm["sumber_baris"] == row, "nilai_produksi_rp"].iloc[0])


def test_negative_capaian_is_critical_with_its_explanation():
    tables = {"batas_kewajaran": pd.DataFrame({"cek": ["capaian_iku"], "batas_bawah": [0.0],
                                               "batas_atas": [300.0]})}
    evaluation = pd.DataFrame([{"sasaran_id": 4, "indikator": "TPT", "polaritas": "turun", "target": 5.0,
                                "realisasi": 12.0, "capaian": -40.0, "sumber_realisasi": "bps_tpt",
                                "realisasi_cara": "Penganggur / AK × 100"}])
    import pipeline.measure.indicators as ind
    original = ind.evaluate
    ind.evaluate = lambda t, y: evaluation
    try:
        check = kewajaran.check_table(tables, 2024)
    finally:
        ind.evaluate = original
    row = check.iloc[0]
    assert (row["kunci"], row["status"], row["nilai_teks"]) == ("capaian_iku:sasaran:4", "tidak wajar", "-40,00%")
    assert "negatif" in row["uraian"] and "dua kali target" in row["uraian"]


# ---------------------------------------------------------------- the whole run: critical, then confirmed

@pytest.mark.slow
def test_run_stops_on_huge_firm_and_passes_when_confirmed(shipped, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    raw_year = root / "data" / "raw" / "2024"
    row = _corrupt_register(raw_year, shipped)
    # The typed 2024 series no longer agrees with the register (check-inputs stops on that first);
    # the analyst does what that message says: blank the year's column, the register supplies it.
    series = raw_year / "ikm_perkembangan.csv"
    lines = series.read_text(encoding="utf-8").splitlines()
    col = lines[0].split(";").index("2024")
    for i, line in enumerate(lines[1:], 1):
        cells = line.split(";")
        cells[col] = ""
        lines[i] = ";".join(cells)
    series.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_lkjip(root, "manifest", "--update").returncode == 0
    raw_before = tree_hashes(root / "data" / "raw")

    stopped = run_lkjip(root, "run", "--year", "2024", "--quiet")
    out = stopped.stdout + stopped.stderr
    assert stopped.returncode == 3, out
    assert f"data/raw/2024/ikm_register.csv, baris {row}, kolom 'nilai_produksi'" in out
    assert "Rp 1.000.000.000.000.000" in out
    assert "capaian_iku:sasaran:2" in out and "konfirmasi" in out
    assert not (root / "reports" / "2024" / "LKjIP-2024.html").exists()
    assert tree_hashes(root / "data" / "raw") == raw_before

    keys = sorted({line.split('kunci: "')[1].split('"')[0] for line in out.splitlines() if 'kunci: "' in line})
    assert len(keys) == 4, keys
    narasi = raw_year / "narasi.yml"
    narasi.write_text(narasi.read_text(encoding="utf-8") + "konfirmasi:\n" + "".join(
        f'  - kunci: "{k}"\n    alasan: "Pabrik baru (uji konfirmasi)."\n' for k in keys), encoding="utf-8")
    assert run_lkjip(root, "manifest", "--update").returncode == 0

    done = run_lkjip(root, "run", "--year", "2024", "--quiet")
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    # the shipped register is declared synthetic: an example, never final (data/raw/manifest.yml)
    assert ("status: contoh (data sintetis: data/raw/2024/ikm_register.csv) (4 angka di luar batas wajar "
            "dikonfirmasi analis)") in out
    report = root / "reports" / "2024"
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert {c["kunci"] for c in summary["validasi"]["dikonfirmasi"]} == set(keys)
    html = (report / "LKjIP-2024.html").read_text(encoding="utf-8")
    assert "Angka di luar batas wajar yang dikonfirmasi analis" in html
    assert "Pabrik baru (uji konfirmasi)." in html and "capaian_iku:sasaran:2" in html


def test_negative_capaian_is_explained_in_the_sasaran_section():
    from pipeline.analysis import sasaran
    from tests.mini_tables import mini_tables

    tables = mini_tables()
    tables["iku"].loc[tables["iku"]["sasaran_id"] == 1, "polaritas"] = "turun"
    target = tables["target"]
    target.loc[(target["sasaran_id"] == 1) & (target["jenis"] == "pk"), "nilai"] = 40.0
    # (2 × 40 − 74.085 / 77.876 × 100) / 40 × 100 = (80 − 95,1320) / 40 × 100 = −37,83 %
    section, entry = sasaran.build(tables, 2024, 1)
    assert entry["kriteria"] == "Sangat Kurang" and round(entry["capaian"], 2) == -37.83
    notes = [b.text for b in section.blocks if b.kind == "note"]
    assert any("Capaian bernilai negatif" in n and "95,13" in n and "80,00" in n for n in notes), notes
    assert "-37,83%" in " ".join(b.text or "" for b in section.blocks)
