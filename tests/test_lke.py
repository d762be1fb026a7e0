"""Lembar Evaluasi Mandiri (pipeline.report.lke) on hand-built sections, and reports/index.html
cells: values worked out by hand."""

import datetime as dt
import json
import re

import pandas as pd
import pytest

from pipeline.report import lke
from pipeline.report.index import write_index
from pipeline.sections.model import Section


def test_weights_spread_evenly_over_each_part():
    assert sum(lke.weight(c) for c in lke.CRITERIA) == pytest.approx(7.5)
    assert {lke.weight(c) for c in lke.CRITERIA} == {0.5}  # 3 / 6 and 4,5 / 9
    assert lke.points(lke.BY_ID["efisiensi"], "C") == 0.25 and lke.points(lke.BY_ID["direviu"], "T") == 0


@pytest.mark.parametrize("text, expected", [
    ("Payakumbuh, Desember 2024", dt.date(2024, 12, 31)),
    ("Padang, Februari 2024", dt.date(2024, 2, 29)),
    ("Padang, 15 April 2026", dt.date(2026, 4, 15)),
    ("BELUM DIISI (tempat dan tanggal)", None),
    ("Padang, Desembre 2024", None),
])
def test_report_date_reads_indonesian_month_names(text, expected):
    assert lke.report_date(text) == expected


def _sasaran(sid: str, tables: tuple[str, ...], lists: bool = True) -> Section:
    section = Section(f"sasaran_{sid}", f"Sasaran {sid}")
    for suffix in tables:
        section.table(f"s{sid}{suffix}", "t", pd.DataFrame({"a": [1]}))
    if lists:
        for title in ("Faktor pendukung", "Faktor penghambat", "Solusi / alternatif"):
            section.bullets(["x"], title=title)
    return section


def _report(date: str, reviu: bool) -> lke.Report:
    head = {"peran": "", "tempat_tanggal": date, "jabatan": "Kepala", "nama": "N", "pangkat": "", "nip": "1"}
    sections = {s.id: s for s in (
        Section("kata_pengantar", "Kata Pengantar").signature([head]),
        Section("bab4", "Penutup").heading("4.3 Tindak Lanjut").placeholder("Belum diisi"),
        _sasaran("1", ("_target_realisasi", "_riwayat", "_renstra", "_standar_nasional", "_efisiensi")),
        _sasaran("2", ("_target_realisasi", "_riwayat"), lists=False),
    )}
    if reviu:
        sections["lampiran_reviu"] = Section("lampiran_reviu", "Reviu").signature([{**head, "nama": "INSPEKTUR"}])
    sasaran = [{"id": 1, "indikator": [{"id": "1.1", "realisasi": 95.0, "capaian": 101.0}],
                "efisiensi": 3.0, "serapan": 90.0},
               {"id": 2, "indikator": [{"id": "2.1", "realisasi": None, "capaian": None},
                                       {"id": "2.2", "realisasi": 6.0, "capaian": 120.0}],
                "efisiensi": 10.0, "serapan": 90.0}]
    return lke.Report(2025, sections, sasaran, {}, {"lampiran_reviu": "Lampiran 6 Pernyataan Telah Direviu"})


def test_each_criterion_reads_the_built_report_and_names_what_is_missing():
    sheet = lke.evaluate(_report("Padang, 15 April 2026", reviu=False))
    rows = {r["id"]: r for r in sheet["kriteria"]}
    answers = {k: r["jawaban"] for k, r in rows.items()}
    assert answers == {
        "disusun": "T",            # no Bab I, II, III 3.1 saved
        "berkala": "Y",            # both sasaran compare with earlier years (_riwayat)
        "diformalkan": "T",        # Bab IV, PK, RKT, Formulir unsigned
        "direviu": "T", "dipublikasikan": "T",
        "tepat_waktu": "T",        # 15 April 2026 > 31 March 2026
        "sesuai_standar": "E",     # 5 of 6 parts missing
        "seluruh_informasi": "C",  # 2 of 3 IKU with realisasi and capaian: 0,67 -> C
        "target_tahunan": "A", "tahun_sebelumnya": "A",
        "target_jangka_menengah": "C", "standar_nasional": "C", "efisiensi": "C",  # 1 of 2 sasaran
        "keberhasilan_kegagalan": "C",
        "langkah_perbaikan": "E",  # 4.3 holds a placeholder
    }
    assert "Lampiran 6 Pernyataan Telah Direviu" == rows["direviu"]["bukti"]
    assert "Pernyataan Telah Direviu" in rows["direviu"]["kurang"]
    assert "Maret 2026" in rows["tepat_waktu"]["kurang"] and "2.1" in rows["seluruh_informasi"]["kurang"]
    assert "Sasaran 2" in rows["standar_nasional"]["kurang"]
    # 0,5 (berkala) + 9 Kualitas: C,A,C,A,C,C,C,E,E -> 0,25 × 5 + 0,5 × 2 = 2,25
    assert sheet["jumlah"] == pytest.approx({"Pemenuhan": 0.5, "Kualitas": 2.25, "total": 2.75})
    assert sheet["jumlah_terbit"] is None


def test_reviu_and_date_in_time_count():
    rows = {r["id"]: r for r in lke.evaluate(_report("Padang, Maret 2026", reviu=True))["kriteria"]}
    assert rows["direviu"]["jawaban"] == "Y" and rows["tepat_waktu"]["jawaban"] == "Y"
    assert rows["direviu"]["kurang"] == "" and "31 Maret 2026" in rows["tepat_waktu"]["bukti"]


def test_efficiency_that_only_credits_unspent_budget_is_graded_c():
    report = _report("Padang, Maret 2026", reviu=True)
    for s in report.sasaran:
        s["efisiensi"] = 100 - s["serapan"]
    report.sections["sasaran_2"].table("s2_efisiensi", "t", pd.DataFrame({"a": [1]}))
    row = next(r for r in lke.evaluate(report)["kriteria"] if r["id"] == "efisiensi")
    assert row["jawaban"] == "C" and "100 − serapan" in row["kurang"]


def test_efficiency_with_capaian_per_serapan_and_the_unspent_split_earns_full_points():
    report = _report("Padang, Maret 2026", reviu=True)
    for s in report.sasaran:
        s["efisiensi"] = 100 - s["serapan"]  # the published figure may stand beside the analysis
    report.sections["sasaran_2"].table("s2_efisiensi", "t", pd.DataFrame({"a": [1]}))
    for sid in ("1", "2"):
        report.sections[f"sasaran_{sid}"].table(f"s{sid}_sisa_anggaran", "t", pd.DataFrame({"a": [1]}))
    row = next(r for r in lke.evaluate(report)["kriteria"] if r["id"] == "efisiensi")
    assert row["jawaban"] == "A" and row["kurang"] == ""


def test_published_answers_sit_beside_ours_and_an_unknown_criterion_is_named():
    from pipeline.errors import InputError

    report = _report("Padang, Maret 2026", reviu=True)
    report.facts = {"laporan_terbit": [{"kriteria": c.id, "jawaban": "T" if c.part == "Pemenuhan" else "E",
                                        "letak": "hlm. 1", "keterangan": "", "baris": i + 2}
                                       for i, c in enumerate(lke.CRITERIA)]}
    sheet = lke.evaluate(report)
    assert sheet["jumlah_terbit"] == {"Pemenuhan": 0, "Kualitas": 0, "total": 0}
    section = lke.build_section(sheet)
    assert not section.has_placeholder and "Jawaban LKjIP terbit" in section.tables["lampiran_lke"]
    report.facts["laporan_terbit"][3]["kriteria"] = "direview"
    with pytest.raises(InputError) as info:
        lke.evaluate(report)
    assert (info.value.row, info.value.column, info.value.value) == (5, "Kriteria", "direview")


def test_index_cells_show_indicator_names_never_reprs(tmp_path):
    folder = tmp_path / "2025"
    folder.mkdir()
    summary = {"status": "draft", "validasi": {"warnings": 0, "critical": 0}, "sasaran": [
        {"id": 1, "nama": "Sasaran A", "capaian": None, "kriteria": None,
         "indikator": [{"id": "1.1", "nama": "Indikator satu"}, {"id": "1.2", "nama": "Indikator dua"}]},
        {"id": 2, "nama": None, "capaian": 101.5, "kriteria": "Baik", "indikator": []}]}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    html = write_index(tmp_path).read_text(encoding="utf-8")
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]
    assert "Indikator satu; Indikator dua" in cells and "101,50%" in cells
    for cell in cells:
        assert not re.search(r"[{}\[\]']|\bnan\b|\bNone\b", cell), cell
