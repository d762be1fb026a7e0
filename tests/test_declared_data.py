"""What the code used to spell out is declared data: the published report's table numbers
(data/raw/manifest.yml) and which realisasi sources are growth rates (sources.SOURCES)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pipeline.measure import indicators, sources
from pipeline.validate import kewajaran, recompute
from pipeline.years import manifest

# -------------------------------------------------------------- published table numbers


def _program_rows() -> pd.DataFrame:
    # 46,45 -> 51,53: capaian 110,94%, while the row prints 101,94% (the seed's program row)
    return pd.DataFrame([{"sumber_baris": 7, "nama": "PROGRAM PENEMPATAN", "indikator": "Persentase",
                          "sasaran_id": 1, "target": 46.45, "realisasi": 51.53, "target_teks": "46,45",
                          "realisasi_teks": "51,53%", "persen_teks": "101,94%"}])


def test_the_shipped_2024_manifest_declares_the_seeds_table_numbers():
    # the seed prints the program indicators as Tabel 3.26 and the budget tree as Tabel 2.6
    files = manifest.load()
    assert manifest.published_table(files["2024/indikator_program.csv"], "indikator_program.csv") == "Tabel 3.26"
    assert manifest.published_table(files["2024/anggaran_subkegiatan.csv"], "x") == "Tabel 2.6"
    (row,) = recompute.from_program_indicators(recompute.Context({"indikator_program": _program_rows()}, 2024))
    assert (row["id"], row["tabel"]) == ("tabel_3_26_baris_7", "Tabel 3.26")


def test_a_renumbered_published_table_is_cited_by_its_declared_number():
    declared = {"2024/indikator_program.csv": {"table": "Tabel 3.26 (lama)", "tabel_terbit": "Tabel 3.30"}}
    ctx = recompute.Context({"indikator_program": _program_rows()}, 2024, manifest=declared)
    (row,) = recompute.from_program_indicators(ctx)
    assert (row["id"], row["tabel"]) == ("tabel_3_30_baris_7", "Tabel 3.30")
    assert row["cocok"] is False and round(row["dihitung"], 2) == 110.94


def test_budget_percent_rows_cite_the_declared_table():
    sub = pd.DataFrame([{"sumber_baris": 3, "sub_kegiatan": "Sub A", "pagu": 200.0, "realisasi": 150.0,
                         "persen_teks": "75,00%"}])
    ctx = recompute.Context({"anggaran_subkegiatan": sub}, 2025,
                            manifest={"2025/anggaran_subkegiatan.csv": {"tabel_terbit": "Tabel 2.7"}})
    (row,) = recompute.from_budget_percent(ctx)
    assert (row["tabel"], row["dihitung"], row["cocok"]) == ("Tabel 2.7", 75.0, True)


@pytest.mark.parametrize("entry, expected", [
    ({"tabel_terbit": "Tabel 3.30", "table": "Tabel 3.26 (Indikator Program)"}, "Tabel 3.30"),
    ({"table": "Tabel 3.26"}, "Tabel 3.26"),
    ({"table": "  "}, "indikator_program.csv"),
    (None, "indikator_program.csv"),
])
def test_published_table_prefers_the_declared_number(entry, expected):
    assert manifest.published_table(entry, "indikator_program.csv") == expected


# -------------------------------------------------------------- growth sources

def test_the_shipped_growth_sources_are_the_two_ikm_growth_rates():
    assert sorted(n for n in sources.SOURCES if sources.is_growth(n)) == [
        "ikm_pertumbuhan_produksi", "ikm_pertumbuhan_unit"]
    assert not sources.is_growth("bps_tpt") and not sources.is_growth("tidak_terdaftar")


def _gated(monkeypatch, source: str, realisasi: float) -> list[str]:
    batas = pd.DataFrame({"cek": ["pertumbuhan_realisasi"], "batas_bawah": [-50.0], "batas_atas": [100.0]})
    evaluation = pd.DataFrame([{"sasaran_id": 2, "indikator": "Laju", "polaritas": "naik", "target": 5.0,
                                "realisasi": realisasi, "capaian": float("nan"), "sumber_realisasi": source,
                                "realisasi_cara": "x"}])
    monkeypatch.setattr(indicators, "evaluate", lambda t, y: evaluation)
    check = kewajaran.check_table({"batas_kewajaran": batas}, 2024)
    return [f"{k} {s}" for k, s in zip(check["kunci"], check["status"], strict=True)]


def test_a_source_declared_growth_is_gated_whatever_its_name(monkeypatch):
    base = sources.SOURCES["ikm_pertumbuhan_unit"]
    monkeypatch.setitem(sources.SOURCES, "ikm_laju_tenaga_kerja",
                        dataclasses.replace(base, name="ikm_laju_tenaga_kerja", pertumbuhan=True))
    monkeypatch.setitem(sources.SOURCES, "indeks_pertumbuhan_x",
                        dataclasses.replace(base, name="indeks_pertumbuhan_x", pertumbuhan=False))
    # 150 % lies above the declared growth range −50…+100 %
    assert _gated(monkeypatch, "ikm_laju_tenaga_kerja", 150.0) == [
        "pertumbuhan_realisasi:sasaran:2 tidak wajar"]
    # named "pertumbuhan" but not declared a growth rate: not held to the growth range
    assert _gated(monkeypatch, "indeks_pertumbuhan_x", 150.0) == []
