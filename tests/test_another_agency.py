"""A second agency, end to end from data only: tests/fixtures/padang/ (Kota Padang 2025).

The fixture differs from the shipped seed in agency, wilayah, Renstra period, number of
indicators per sasaran, polarities, realisasi sources, kriteria and ordinal scales; the figures
are worked by hand in tests/fixtures/padang/EXPECTED.md. In short:

  1.1 445.778 / 493.647 = 90,3030 %   capaian 99,23 Baik
  1.2  47.869 / 493.647 =  9,6970 %   capaian (19 − 9,6970) / 9,50 = 97,93 Baik (turun)
  sasaran 1 = (99,2341 + 97,9262) / 2 = 98,58 Baik
  2.1 (9 − 8) / 8 = 12,50 %           capaian 125,00 Sangat baik
  2.2 (42,6 − 40) / 40 = 6,50 %       capaian 65,00 Cukup
  2.3 A against BB (5-grade scale)    capaian 4 / 3 = 133,33 Sangat baik
  sasaran 2 = (125 + 65 + 133,33) / 3 = 107,78 Sangat baik
"""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.messages import RUN
from tests.conftest import build_agency, use_project

FIXTURE = Path(__file__).parent / "fixtures" / "padang"


def test_fixture_register_keeps_only_firms_of_the_declared_wilayah(tmp_path, monkeypatch):
    from pipeline.clean.ikm import aggregate_register, clean_register

    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    paths = use_project(monkeypatch, tmp_path)
    perusahaan, log = clean_register(paths.raw_year(2025) / "ikm_register.csv", paths)
    dropped = log[log["tindakan"] == "dibuang"].set_index("sumber_baris")["aturan"].to_dict()
    assert dropped == {11: "pindah_domisili", 12: "pindah_domisili", 13: "pindah_domisili"}
    assert set(log["alasan"]) == {"berdomisili di luar Kota Padang"}
    agg = aggregate_register(perusahaan, 2025)
    assert agg["unit_usaha"] == 9 and agg["nilai_produksi_ribu_rp"] == 42_600_000


@pytest.mark.slow
def test_second_agency_end_to_end(tmp_path):
    built = build_agency(FIXTURE, tmp_path / "padang", 2025)
    root, report, summary, done = built.root, built.report, built.summary, built.done
    # The fixture agency supplies its figures, not the documents of the Lampiran and Bab I (Kata
    # Pengantar, sarana, PK documents, RKT): those show "BELUM DIISI" and keep it a draft.
    assert summary["validasi"]["critical"] == 0
    assert summary["status"] == "final" or not [s for s in summary["belum_diisi"] if s.startswith("sasaran")]
    # Issue 18: without the Inspektorat's reviu statement the report is a draft, says why (summary,
    # the run's last line, the cover) and its Lembar Evaluasi Mandiri names what is missing.
    assert summary["status"] == "draft" and RUN["draft_reviu"] in summary["status_alasan"]
    assert "status: draft (belum ada Pernyataan Telah Direviu" in done.stdout.splitlines()[-1]
    sheet = json.loads((report / "lke.json").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in sheet["kriteria"]}
    assert (rows["direviu"]["jawaban"], rows["direviu"]["nilai"]) == ("T", 0)
    assert rows["dipublikasikan"]["jawaban"] == "T" and sheet["jumlah_terbit"] is None
    assert all(r["kurang"] for r in sheet["kriteria"] if r["nilai"] < r["bobot"])
    page = (report / "LKjIP-2025.html").read_text(encoding="utf-8")
    lke_page = page[page.index('id="lampiran-lke"'):page.index('id="informasi-reproduksi"')]
    assert "Pernyataan Telah Direviu dari Inspektorat (nama, NIP, jabatan, tempat dan tanggal pereviu) belum ada" \
        in lke_page
    reviu = page[page.index('id="lampiran-reviu"'):page.index('id="lampiran-lke"')]
    assert "BELUM DIISI" in reviu and "Pernyataan Telah Direviu atas Laporan Kinerja Tahun 2025 belum tersedia" in reviu
    cover = page[page.index('id="sampul"'):page.index("</header>")]
    assert "Draf: belum ada Pernyataan Telah Direviu" in cover and "Temuan validasi" not in cover
    s = {x["id"]: x for x in summary["sasaran"]}
    assert sorted(s) == [1, 2]
    ind = {i["id"]: i for x in summary["sasaran"] for i in x["indikator"]}
    assert sorted(ind) == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    r = lambda v, n=2: round(v, n)  # noqa: E731
    assert (r(ind["1.1"]["realisasi"], 4), r(ind["1.1"]["capaian"]), ind["1.1"]["kriteria"]) == (90.3030, 99.23, "Baik")
    assert (r(ind["1.2"]["realisasi"], 4), r(ind["1.2"]["capaian"]), ind["1.2"]["kriteria"]) == (9.6970, 97.93, "Baik")
    assert ind["1.2"]["polaritas"] == "turun"
    assert (r(ind["2.1"]["realisasi"]), r(ind["2.1"]["capaian"]), ind["2.1"]["kriteria"]) == (12.5, 125.0, "Sangat baik")
    assert (r(ind["2.2"]["realisasi"]), r(ind["2.2"]["capaian"]), ind["2.2"]["kriteria"]) == (6.5, 65.0, "Cukup")
    assert (ind["2.3"]["target"], ind["2.3"]["realisasi"], r(ind["2.3"]["capaian"]), ind["2.3"]["kriteria"]) == \
        ("BB", "A", 133.33, "Sangat baik")
    assert (r(s[1]["capaian"]), s[1]["kriteria"]) == (98.58, "Baik")
    assert (r(s[2]["capaian"]), s[2]["kriteria"]) == (107.78, "Sangat baik")
    assert (s[1]["pagu"], s[1]["realisasi_anggaran"], r(s[1]["serapan"])) == (1_000_000_000, 920_000_000, 92.0)
    assert (s[2]["pagu"], s[2]["realisasi_anggaran"], r(s[2]["serapan"])) == (1_000_000_000, 930_000_000, 93.0)
    assert r(summary["anggaran"]["serapan"]) == 92.5

    html = (report / "LKjIP-2025.html").read_text(encoding="utf-8")
    assert "Kota Padang" in html and "Payakumbuh" not in html
    assert "Dinas Perindustrian dan Tenaga Kerja" in html
    assert "445.778 / 493.647" in html and "47.869 / 493.647" in html
    # the fixture's Renstra period (captions now cite the manifest, the heading names the period)
    assert "Rencana Strategis 2025–2029" in html
    # Its manifest declares no input synthetic: no label, no example status, captions cite its manifest.
    assert "DATA SINTETIS" not in html and "data sintetis" not in html.lower()
    assert summary["data_sintetis"] == [] and summary["status"] != "contoh"
    assert "sintetis" not in done.stdout.splitlines()[-1]
    assert "Sumber: Fikstur uji (bukan data riil), fikstur uji" in html
    assert "DATA SINTETIS" not in (root / "reports" / "index.html").read_text(encoding="utf-8")
