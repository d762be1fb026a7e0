"""The shipped synthetic 2024 IKM register: cleaned, it gives the totals the LKjIP publishes.

Expected values come from the seed ("Pendataan lapangan" under sasaran 2 and Tabel
3.17/3.18 of the 2024 LKjIP), not from the generator.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.clean import ikm_rules
from pipeline.clean.ikm import aggregate_register, build_agregat, clean_register
from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs.idnum import parse_number
from pipeline.inputs.rawio import read_table

REGISTER = Paths.default().raw_year(2024) / "ikm_register.csv"
SCRIPT = PACKAGE_ROOT / "scripts" / "make_synthetic_ikm_register.py"


@pytest.fixture(scope="module")
def cleaned():
    return clean_register(REGISTER, Paths.default())


@pytest.fixture(scope="module")
def raw():
    return read_table(REGISTER)


def test_cleaned_totals_equal_the_published_2024_figures(cleaned):
    perusahaan, _ = cleaned
    agg = aggregate_register(perusahaan, 2024)
    assert agg["unit_usaha"] == 2500
    assert (agg["mikro"], agg["kecil"], agg["menengah"]) == (2483, 17, 0)
    assert (agg["formal"], agg["non_formal"]) == (1400, 1100)
    assert agg["tenaga_kerja"] == 7563
    assert int(perusahaan["investasi_rp"].sum()) == 100_687_145_000
    assert int(perusahaan["nilai_produksi_rp"].sum()) == 301_636_853_935
    assert agg["investasi_ribu_rp"] == 100687145.0
    assert agg["nilai_produksi_ribu_rp"] == 301636853.935


def test_every_row_is_labelled_synthetic(raw, cleaned):
    assert (raw["sumber_data"] == "SINTETIS - bukan data riil").all()
    assert "SINTETIS" in build_agregat(_empty_series(), cleaned[0], 2024).loc[0, "sumber"]


def _empty_series():
    import pandas as pd

    return pd.DataFrame({c: [] for c in ("tahun", "unit_usaha", "formal", "non_formal", "tenaga_kerja",
                                         "investasi_ribu_rp", "nilai_produksi_ribu_rp")})


def test_generator_is_deterministic(tmp_path):
    out = tmp_path / "ikm_register.csv"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == REGISTER.read_bytes()


@pytest.mark.parametrize("aturan,at_least", [
    ("tidak_aktif", 10), ("pindah_domisili", 10), ("kbli_bukan_industri", 10), ("duplikat", 10),
    ("usaha_besar", 1),
])
def test_register_has_every_kind_of_dirt(cleaned, aturan, at_least):
    _, log = cleaned
    dropped = log[(log["aturan"] == aturan) & (log["tindakan"] == "dibuang")]
    assert len(dropped) >= at_least


@pytest.mark.parametrize("aturan", ["format_uang", "uang_kosong_nol", "normalisasi_kbli", "rapikan_teks",
                                    "kelurahan_baku", "jenis_industri_baku", "nib_tidak_valid"])
def test_register_has_messy_formats(cleaned, aturan):
    assert (cleaned[1]["aturan"] == aturan).any()


def test_messy_variants_present(raw):
    assert raw["status"].str.casefold().isin(["tidak aktif", "tutup"]).any()
    assert raw["kota"].str.contains("Lima Puluh Kota").any()
    assert raw["kbli"].str.fullmatch(r"\d{2}\.\d{3}").any()       # "10.792"
    assert raw["kbli"].str.fullmatch(r"\d{4} \d").any()          # "1079 2"
    assert raw["nilai_investasi"].str.startswith("Rp").any()
    assert raw["nib"].str.fullmatch(r"[\d -]+").any() and raw["nib"].str.contains(r"\d[ -]\d").any()


def test_duplicates_carry_the_same_firm_data(raw, cleaned):
    _, log = cleaned
    by_row = raw.set_index("_row")

    def data(row):
        r = by_row.loc[row]
        return (parse_number(r["tenaga_kerja"], "integer"), parse_number(r["nilai_investasi"], "integer") or 0,
                parse_number(r["nilai_produksi"], "integer") or 0, r["kbli"].replace(".", "").replace(" ", ""),
                ikm_rules.nib_digits(by_row.loc[[row], "nib"]).iloc[0])

    dup = log[log["aturan"] == "duplikat"]
    for row, twin in zip(dup["sumber_baris"], dup["duplikat_dari"]):
        assert data(int(row)) == data(int(twin))


def test_values_are_plausible(cleaned):
    perusahaan, _ = cleaned
    assert (perusahaan["tenaga_kerja"] >= 1).all()
    mikro = perusahaan[perusahaan["klasifikasi"] == "mikro"]
    kecil = perusahaan[perusahaan["klasifikasi"] == "kecil"]
    assert (kecil["investasi_rp"] > 1_000_000_000).all() and kecil["formal"].all()
    assert mikro["tenaga_kerja"].between(1, 4).mean() > 0.8
    assert kecil["tenaga_kerja"].mean() > mikro["tenaga_kerja"].mean()
    assert perusahaan["kbli"].str.slice(0, 2).astype(int).between(10, 33).all()
    per_jenis = perusahaan["jenis_industri"].value_counts()
    assert per_jenis.index[0] == "Pangan"
    assert perusahaan["kelurahan"].nunique() >= 20


def test_freshly_generated_register_cleans_to_the_published_totals(tmp_path):
    # On a CPU where the bytes differed, the totals must still be exact: clean the generator's
    # own output (its built-in check skipped) and compare with the seed's figures.
    out = tmp_path / "ikm_register.csv"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--no-check"], check=True,
                   capture_output=True)
    perusahaan, _ = clean_register(out, Paths.default())
    agg = aggregate_register(perusahaan, 2024)
    assert (agg["unit_usaha"], agg["mikro"], agg["kecil"], agg["menengah"]) == (2500, 2483, 17, 0)
    assert (agg["formal"], agg["non_formal"], agg["tenaga_kerja"]) == (1400, 1100, 7563)
    assert int(perusahaan["investasi_rp"].sum()) == 100_687_145_000
    assert int(perusahaan["nilai_produksi_rp"].sum()) == 301_636_853_935
