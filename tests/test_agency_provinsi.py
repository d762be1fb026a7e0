"""A provincial agency, end to end from data only: tests/fixtures/provinsi/.

Dinas Perindustrian dan Tenaga Kerja Provinsi Sumatera Barat 2025 (invented figures): the IKM
register is matched by BPS region code (province 13), the wilayah names read as a province.
Figures worked by hand in the fixture's EXPECTED.md:

  1.1 2.820.000 / 3.000.000 = 94,00 %   capaian 98,95 Baik
  1.2   180.000 / 3.000.000 =  6,00 %   capaian (13 − 6) / 6,5 = 107,69 Sangat baik (turun)
  sasaran 1 = (98,9474 + 107,6923) / 2 = 103,32 Sangat baik
  register: 12 firms kept by code (1371 ×9, 1375, 1305, 13.74), Pekanbaru (1471) dropped;
  2.1 (12 − 11) / 11 = 9,09 %           capaian 90,91 Baik
  2.2 (47.200.000 − 44.000.000) / 44.000.000 = 7,27 %   capaian 72,73 Cukup
  2.3 A against BB                      capaian 133,33 Sangat baik
  sasaran 2 = (90,9091 + 72,7273 + 133,3333) / 3 = 98,99 Baik: belum tercapai
"""

import shutil
from pathlib import Path

import pytest

from tests.conftest import build_agency, use_project

FIXTURE = Path(__file__).parent / "fixtures" / "provinsi"


def test_province_register_is_matched_by_region_code(tmp_path, monkeypatch):
    from pipeline.clean.ikm import aggregate_register, clean_register

    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    paths = use_project(monkeypatch, tmp_path)
    perusahaan, log = clean_register(paths.raw_year(2025) / "ikm_register.csv", paths)
    dropped = log[log["tindakan"] == "dibuang"]
    assert dropped[["sumber_baris", "aturan", "kolom", "nilai_lama"]].values.tolist() == \
        [[14, "pindah_domisili", "kode_wilayah", "1471"]]
    assert set(dropped["alasan"]) == {"berdomisili di luar Provinsi Sumatera Barat"}
    agg = aggregate_register(perusahaan, 2025)
    assert (agg["unit_usaha"], agg["formal"], agg["non_formal"]) == (12, 8, 4)
    assert agg["nilai_produksi_ribu_rp"] == 47_200_000


@pytest.mark.slow
def test_province_end_to_end(tmp_path):
    built = build_agency(FIXTURE, tmp_path / "sumbar", 2025, check_inputs=True)
    report, summary = built.report, built.summary
    assert "unit usaha 12" in built.checked.stdout and "pindah_domisili: 1 baris dibuang" in built.checked.stdout
    assert summary["validasi"]["critical"] == 0
    s = {x["id"]: x for x in summary["sasaran"]}
    ind = {i["id"]: i for x in summary["sasaran"] for i in x["indikator"]}
    r = lambda v, n=2: round(v, n)  # noqa: E731
    assert (r(ind["1.1"]["realisasi"]), r(ind["1.1"]["capaian"]), ind["1.1"]["kriteria"]) == (94.0, 98.95, "Baik")
    assert (r(ind["1.2"]["realisasi"]), r(ind["1.2"]["capaian"]), ind["1.2"]["kriteria"]) == (6.0, 107.69, "Sangat baik")
    assert (r(ind["2.1"]["realisasi"]), r(ind["2.1"]["capaian"]), ind["2.1"]["kriteria"]) == (9.09, 90.91, "Baik")
    assert (r(ind["2.2"]["realisasi"]), r(ind["2.2"]["capaian"]), ind["2.2"]["kriteria"]) == (7.27, 72.73, "Cukup")
    assert (ind["2.3"]["realisasi"], r(ind["2.3"]["capaian"]), ind["2.3"]["kriteria"]) == ("A", 133.33, "Sangat baik")
    assert (r(s[1]["capaian"]), s[1]["kriteria"]) == (103.32, "Sangat baik")
    assert (r(s[2]["capaian"]), s[2]["kriteria"]) == (98.99, "Baik")
    assert r(summary["anggaran"]["serapan"]) == 92.5

    html = (report / "LKjIP-2025.html").read_text(encoding="utf-8")
    assert "Dinas Perindustrian dan Tenaga Kerja Provinsi Sumatera Barat" in html
    assert "Data Ketenagakerjaan Provinsi Sumatera Barat Tahun 2025" in html
    assert "Data Perkembangan Usaha Industri Provinsi Sumatera Barat" in html
    assert "BPS, Provinsi Sumatera Barat Dalam Angka 2026" in html
    assert "Kota Sumatera" not in html and "Kota Provinsi" not in html and "Payakumbuh" not in html
    assert "Sasaran 1 tercapai (capaian 103,32%, kriteria Sangat baik)." in html
    assert ("Sasaran 2 belum tercapai (capaian 98,99%, kriteria Baik; capaian di bawah 100% berarti target "
            "belum terpenuhi). Penyebabnya: Harga bahan baku naik (fikstur uji).") in html
    assert "realisasi yang dilaporkan: Penilaian eksternal" in html
