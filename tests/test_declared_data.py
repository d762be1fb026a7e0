"""What the code used to spell out is declared data: the published report's table numbers
(data/raw/manifest.yml) and which realisasi sources are growth rates (sources.SOURCES)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.inputs import budget, rawio
from pipeline.measure import indicators, sources
from pipeline.validate import kewajaran, recompute

# -------------------------------------------------------------- published table numbers


def _program_rows(tabel: str) -> pd.DataFrame:
    # 46,45 -> 51,53: capaian 110,94%, while the row prints 101,94% (the seed's program row)
    return pd.DataFrame([{"sumber_baris": 7, "nama": "PROGRAM PENEMPATAN", "indikator": "Persentase",
                          "sasaran_id": 1, "target": 46.45, "realisasi": 51.53, "target_teks": "46,45",
                          "realisasi_teks": "51,53%", "persen_teks": "101,94%", "tabel": tabel}])


def test_the_shipped_2024_tables_carry_the_seeds_table_numbers():
    # the seed prints the program indicators as Tabel 3.26 and the budget tree as Tabel 2.6
    tables = budget.tables(Paths.default(), 2024)
    assert set(tables["indikator_program"]["tabel"]) == {"Tabel 3.26"}
    assert set(tables["anggaran_subkegiatan"]["tabel"]) == {"Tabel 2.6"}


def test_a_renumbered_published_table_is_cited_by_its_declared_number(raw_copy):
    text = raw_copy.raw_manifest.read_text(encoding="utf-8")
    for name, number in (("indikator_program.csv", "Tabel 3.30"), ("anggaran_subkegiatan.csv", "Tabel 2.7")):
        anchor = f"  2024/{name}:\n"
        assert anchor in text
        text = text.replace(anchor, f"{anchor}    tabel_terbit: {number}\n", 1)
    raw_copy.raw_manifest.write_text(text, encoding="utf-8")
    tables = budget.tables(raw_copy, 2024)
    ctx = recompute.Context(tables, 2024)
    program = [r for r in recompute.from_program_indicators(ctx) if r["id"].endswith("_baris_7")]
    # seed row 7 (PROGRAM PENEMPATAN ...): printed 101,94%, recomputed 51,53 / 46,45 × 100 = 110,94%
    assert [(r["id"], r["tabel"], r["dilaporkan_teks"], round(r["dihitung"], 2)) for r in program] == [
        ("tabel_3_30_baris_7", "Tabel 3.30", "101,94%", 110.94)]
    assert {r["tabel"] for r in recompute.from_budget_percent(ctx)
            if r["id"].startswith("anggaran_subkegiatan_")} == {"Tabel 2.7"}


def test_the_finding_cites_the_row_s_table():
    (row,) = recompute.from_program_indicators(
        recompute.Context({"indikator_program": _program_rows("Tabel 4.1")}, 2024))
    assert (row["id"], row["tabel"], row["cocok"]) == ("tabel_4_1_baris_7", "Tabel 4.1", False)


@pytest.mark.parametrize("entry, expected", [
    ({"tabel_terbit": "Tabel 3.30", "table": "Tabel 3.26 (Indikator Program)"}, "Tabel 3.30"),
    ({"table": "Tabel 3.26"}, "Tabel 3.26"),
    ({"table": "  "}, "indikator_program.csv"),
    (None, "indikator_program.csv"),
])
def test_published_table_prefers_the_declared_number(entry, expected):
    assert rawio.published_table_of(entry, "indikator_program.csv") == expected


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
