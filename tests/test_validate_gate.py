"""The validation gate end to end with Great Expectations (few runs, shared per module).

* the shipped 2024 data: zero critical failures, and the seed's known contradictions surface
  as warnings with published and recomputed values;
* the same data with one break per critical family: ValidationFailed naming file, column and
  both sides of the broken identity.
"""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.errors import ValidationFailed
from pipeline.inputs import catalogue
from pipeline.validate import gx
from pipeline.validate.run import run

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
YEAR = 2024


@pytest.fixture(scope="module")
def processed(validated_2024):
    return validated_2024[1]


@pytest.fixture(scope="module")
def shipped(validated_2024):
    findings, _, report = validated_2024
    return findings, report


def _messages(findings):
    return "\n".join(f["message"] for f in findings)


def test_shipped_2024_data_has_no_critical_failure(shipped):
    findings, _ = shipped
    assert findings["critical"] == []
    assert findings["warnings"]


@pytest.mark.parametrize("fragment", [
    "Tabel 3.7 (Sasaran 1, butir 1.5, kolom Realisasi): dipublikasikan 141,79%, hitung ulang 95,132",
    "dipublikasikan 101,94%, hitung ulang 110,9365 (dibulatkan 110,94)",
    "Tabel 3.11 (Sasaran 2, butir 2.2, kolom Tahun 2022 Realisasi): dipublikasikan 3,1%, hitung ulang -9,1197",
    "dipublikasikan 97,68%, hitung ulang 95,0919 (dibulatkan 95,09)",
    "dipublikasikan 1,02%, hitung ulang 1,8428",
    "dipublikasikan 8, hitung ulang 7",            # "8 sub-kegiatan diatas 80%"
    "dipublikasikan 5, hitung ulang 4",            # "Dari 5 Program"
    "dipublikasikan 1.137.154.750, hitung ulang 1.665.673.356",
    "TOTAL): dipublikasikan 6.643.861.122, hitung ulang 6.115.342.516",
    "nomor ID13110018035540524 dipakai lebih dari sekali",
    "kolom 'Jumlah'): dipublikasikan 101, hitung ulang 100",
    "'1.024.07 %' tidak dapat dibaca sebagai angka",
    "Formal 2023 = 1.359, jauh di atas rentang tahun sebelumnya",
])
def test_seed_contradictions_surface_as_warnings(shipped, fragment):
    findings, _ = shipped
    assert fragment in _messages(findings["warnings"])


def test_validation_outputs_are_written_and_open_offline(shipped):
    findings, report = shipped
    folder = report / "validation"
    saved = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    assert len(saved["warnings"]) == len(findings["warnings"]) and saved["critical"] == []
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<style>" in page and "http://" not in page and "https://" not in page
    raw = json.loads((folder / "gx_results.json").read_text(encoding="utf-8"))
    assert raw and all("results" in r for r in raw)
    comparison = pd.read_csv(folder / "perbandingan.csv")
    assert {"id", "tabel", "lokasi", "besaran", "objek", "tahun", "dilaporkan_teks", "dilaporkan", "desimal",
            "dihitung", "dihitung_dibulatkan", "cara_hitung", "cocok"} <= set(comparison.columns)
    s1 = comparison.set_index("id").loc["t3_3_s1_realisasi"]
    assert s1["dihitung"] == pytest.approx(74085 / 77876 * 100) and bool(s1["cocok"])
    section = json.loads((report / "sections" / "catatan_validasi.json").read_text(encoding="utf-8"))
    assert section["title"] == "Catatan Validasi"
    table = pd.read_csv(report / "tables" / "catatan_validasi.csv")
    assert list(table.columns) == ["No", "Tingkat", "Uraian", "Dipublikasikan", "Hitung ulang", "Dampak",
                                   "Letak: laporan ini [dokumen publikasi]"]
    assert len(table) == saved["catatan"] < len(findings["warnings"])


def _catatan(report) -> pd.DataFrame:
    return pd.read_csv(report / "tables" / "catatan_validasi.csv", keep_default_na=False)


def test_catatan_lists_each_contradiction_once_most_material_first(shipped):
    _, report = shipped
    table = _catatan(report)
    # sasaran 2's 184,62 (recomputed 184,21) is printed in six places of the seed: one row
    rows = table[table["Dipublikasikan"].str.startswith("184,62")]
    assert len(rows) == 1
    for place in ("Tabel 3.2", "Tabel 3.10", "Tabel 3.14", "Tabel 3.15", "Formulir Pengukuran Kinerja"):
        assert place in rows.iloc[0]["Letak: laporan ini [dokumen publikasi]"]
    assert rows.iloc[0]["Hitung ulang"] == "184,21"
    order = list(table["Dipublikasikan"])

    def position(prefix):
        return next(i for i, text in enumerate(order) if text.startswith(prefix))

    halal = position("ID13110018035540524")
    assert position("141,79%") < position("3,1%") < halal
    assert (table["Dipublikasikan"] == "ID13110018035540524").sum() == 1  # two rows of the list, one fact
    assert list(table["Tingkat"].str[0]) == sorted(table["Tingkat"].str[0])
    first = table.iloc[0]  # the one figure that changes a kriteria
    assert first["Dipublikasikan"] == "6%" and first["Hitung ulang"] == "184,21%"
    assert first["Dampak"].startswith("Angka ini memberi kriteria Sangat Kurang")
    growth = table.iloc[position("3,1%")]
    assert growth["Hitung ulang"] == "-9,12%" and growth["Tingkat"].startswith("3")


def test_catatan_is_plain_indonesian(shipped):
    _, report = shipped
    text = " ".join(_catatan(report).drop(columns=["No"]).astype(str).agg(" ".join, axis=1))
    for code in (".csv", "data/raw", "sasaran:", "baris_", "realisasi_anggaran", "dihitung"):
        assert code not in text


def test_koreksi_csv_counts_published_figures(shipped):
    _, report = shipped
    koreksi = pd.read_csv(report / "validation" / "koreksi.csv")
    assert koreksi.loc[koreksi["dipublikasikan"].astype(str).str.startswith("184,62"), "jumlah_tempat"].item() == 6


def test_validation_takes_the_cleaning_steps_comparison_with_the_same_outputs(processed, shipped, tmp_path,
                                                                              monkeypatch):
    """With the copy of perbandingan the cleaning step writes (catalogue.PERBANDINGAN_AHEAD), the
    validation does not compute it again, and writes every output byte for byte as when it
    computes it (the shipped run above, whose folder has no such copy)."""
    from pipeline.validate import recompute
    from tests.conftest import tree_hashes

    _, computed = shipped
    folder = tmp_path / "processed"
    shutil.copytree(processed, folder)
    assert not catalogue.PERBANDINGAN_AHEAD.at(processed).exists()
    assert recompute.write_ahead(YEAR, folder, Paths.default()) is not None

    def computed_again(tables, year):
        raise AssertionError("perbandingan computed a second time")

    monkeypatch.setattr(recompute, "perbandingan", computed_again)
    run(YEAR, folder, tmp_path / "report", Paths.default())
    assert tree_hashes(tmp_path / "report") == tree_hashes(computed)
    assert (tmp_path / "report" / "validation" / "perbandingan.csv").read_bytes() == \
        catalogue.PERBANDINGAN_AHEAD.at(folder).read_bytes()

def _break(processed: Path, target: Path) -> None:
    """One deliberate error per critical family, all in one copy of the processed data."""
    target.mkdir(parents=True)
    for name in catalogue.stored(processed):
        df = catalogue.read(name, processed)
        if name == "ketenagakerjaan":
            city24 = (df["wilayah"] == "Kota Payakumbuh") & (df["tahun"] == 2024)
            df.loc[city24 & (df["variabel"] == "bekerja"), "nilai"] = 74000.0
            df.loc[(df["wilayah"] == "Kota Payakumbuh") & (df["tahun"] == 2023)
                   & (df["variabel"] == "tpak_dilaporkan"), "nilai"] = 171.86
        elif name == "anggaran_subkegiatan":
            df.loc[0, "realisasi"] = df.loc[0, "pagu"] + 1
        elif name == "anggaran_rekap_dilaporkan":
            df.loc[df["tingkat"] == "total", "pagu"] = df.loc[df["tingkat"] == "total", "pagu"] + 1000
        elif name == "ikm_agregat":
            df.loc[df["tahun"] == 2020, "tenaga_kerja"] = -5
            df.loc[df["tahun"] == 2021, "formal"] = df.loc[df["tahun"] == 2021, "formal"] + 1
        elif name == "iku":
            df.loc[2, "indikator_id"] = "2.1"  # indikator 2.1 twice
        elif name == "pencari_kerja":
            df.loc[0, "jumlah"] = df.loc[0, "jumlah"] + 1
        elif name == "ikm_perusahaan":
            df.loc[0, "klasifikasi"] = "besar"
            df.loc[1, "tenaga_kerja"] = -3
        catalogue.write(name, df, target)


@pytest.fixture(scope="module")
def broken(processed, tmp_path_factory):
    base = tmp_path_factory.mktemp("broken")
    _break(processed, base / "processed")
    with pytest.raises(ValidationFailed) as info:
        run(YEAR, base / "processed", base / "report", Paths.default())
    return info.value, base / "report"


def test_broken_identity_stops_the_run_naming_file_column_and_both_sides(broken):
    error, _ = broken
    assert ("data/raw/2024/bps_ketenagakerjaan_wilayah.csv, kolom 'Tahun 2024': Angkatan Kerja (baris 2) "
            "77.876 ≠ Bekerja (baris 3) 74.000 + Penganggur (baris 4) 3.791 = 77.791") in str(error)


@pytest.mark.parametrize("suite, fragment", [
    ("anggaran_subkegiatan", "realisasi 1.211.831.901 > pagu 1.211.831.900"),
    ("anggaran_rollup", "anggaran_rekap.csv baris"),
    ("ketenagakerjaan", "tpak_dilaporkan Kota Payakumbuh 2023 = 171,86, di luar rentang 0–100%"),
    ("ikm_seri", "ikm_agregat tahun 2020: tenaga kerja negatif (-5)"),
    ("ikm_identitas", "Unit Usaha 1.928 ≠ Formal 644 + Non Formal 1.285 = 1.929"),
    ("iku", "indikator_id 2.1 muncul lebih dari sekali"),
    ("pencari_kerja_total", "data/raw/2024/pencari_kerja.csv baris 2, kolom 'Jumlah'"),
    ("ikm_perusahaan", "data/raw/2024/ikm_register.csv, baris 7: klasifikasi 'besar' bukan mikro, kecil "
                       "atau menengah (IKM 1376-00181)"),
    ("ikm_perusahaan", "data/raw/2024/ikm_register.csv, baris 8: tenaga kerja -3 (IKM 1376-02266)"),
])
def test_every_critical_family_fires(broken, suite, fragment):
    error, _ = broken
    hits = [f for f in error.findings if f["check"].startswith(suite + ":")]
    assert hits, f"no finding from suite {suite}"
    assert fragment in _messages(hits)
    assert all(f["severity"] == "critical" for f in hits)


def test_critical_run_still_writes_findings_for_the_log(broken):
    error, report = broken
    saved = json.loads((report / "validation" / "findings.json").read_text(encoding="utf-8"))
    assert len(saved["critical"]) == len(error.findings)
    assert not (report / "validation" / "perbandingan.csv").exists()  # analysis never started


@pytest.mark.slow  # Great Expectations runs the suite
def test_expectation_that_cannot_run_is_an_error_not_a_pass():
    spec = gx.load_suite(FIXTURES / "crashing.json")
    with pytest.raises(gx.SuiteError, match="tidak dapat dijalankan"):
        gx.run_suites([spec], {"teks": pd.DataFrame({"nama": ["a", "b"]})})
