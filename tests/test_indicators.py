"""Per-sasaran evaluation and the sasaran section, on hand-made tables with the seed's 2024 figures."""

import pandas as pd
import pytest

from pipeline.analysis import sasaran
from pipeline.analysis.sentences import versus
from pipeline.measure import indicators
from tests.mini_tables import mini_tables


@pytest.fixture(scope="module")
def results():
    return indicators.evaluate(mini_tables(), 2024).set_index("sasaran_id")


def test_sasaran_1_from_bps_counts(results):
    r = results.loc[1]
    assert round(r.realisasi, 2) == 95.13          # 74.085 / 77.876
    assert round(r.capaian, 2) == 101.47
    assert r.kriteria == "Sangat Baik"
    assert round(r.capaian_akhir_renstra, 2) == 101.45   # 95,13 / 93,77 (Tabel 3.5)
    assert round(r.standar_nasional_dihitung, 2) == 95.09  # 144.642.004 / 152.107.603
    assert not r.memenuhi_standar                        # 95,13 < 97,68
    assert bool(r.memenuhi_standar_dihitung) is True
    assert round(r.efisiensi, 2) == 5.71


def test_sasaran_2_exact_growth(results):
    r = results.loc[2]
    assert round(r.realisasi, 2) == 5.99
    assert round(r.capaian, 2) == 184.21
    assert r.capaian_dilaporkan == 184.62
    assert r.realisasi_dilaporkan == 6.0
    assert round(r.efisiensi, 2) == 4.99


def test_sasaran_3_ordinal(results):
    r = results.loc[3]
    assert (r.target, r.realisasi, r.capaian, r.kriteria) == ("A", "A", 100.0, "Sangat Baik")
    assert bool(r.memenuhi_standar) is True      # A reaches B
    assert round(r.efisiensi, 2) == 14.99


def test_history_recomputes_where_raw_data_exists():
    hist = indicators.history(mini_tables(), 2, "ikm_pertumbuhan_produksi", "naik", 2024).set_index("tahun")
    assert round(hist.loc[2023, "realisasi_hitung_ulang"], 2) == 5.63
    assert hist.loc[2022, "realisasi_dilaporkan"] == 3.1
    assert pd.isna(hist.loc[2022, "realisasi_hitung_ulang"])  # 2021 is not in these tables


def test_comparison_sentence_is_true():
    s = versus("Realisasi 2024 sebesar", 95.13, 97.68, "standar nasional", "%", "naik")
    assert "di bawah" in s and "belum mencapai" in s and "2,55 poin persen" in s
    s = versus("Realisasi", 4.84, 5.0, "target", "%", "turun")
    assert "di bawah" in s and "telah mencapai" in s


def test_section_has_seven_analyses_and_result():
    section, result = sasaran.build(mini_tables(), 2024, 1, narrative=None)
    headings = [b.text for b in section.blocks if b.kind == "heading"]
    assert [h.split(" ")[0] for h in headings] == [f"1.{i}" for i in range(1, 8)]
    assert section.has_placeholder  # no narrative given
    assert round(result["capaian"], 2) == 101.47 and result["kriteria"] == "Sangat Baik"
    assert result["pagu"] == 1407615308
    formula = [b.text for b in section.blocks if b.kind == "paragraph" and b.text.startswith("Realisasi =")]
    assert formula and "74.085 / 77.876" in formula[0] and "95,13%" in formula[0]
    prog = section.tables["s1_program_kegiatan"]
    assert round(prog.loc[0, "Capaian hitung ulang (%)"], 2) == 110.94   # 51,53 / 46,45, published 101,94


def test_unknown_sasaran():
    with pytest.raises(ValueError):
        sasaran.build(mini_tables(), 2024, 9)


def test_each_analysis_shows_only_its_own_blocks_and_together_they_make_the_section():
    whole, result = sasaran.build(mini_tables(), 2024, 1, narrative=None)
    a = sasaran.start(mini_tables(), 2024, 1)
    parts = [analysis(a) for analysis in sasaran.ANALYSES]
    for k, part in enumerate(parts, start=1):
        headings = [b.text for b in part.blocks if b.kind == "heading"]
        assert headings[0].startswith(f"1.{k} ") and len(headings) == 1
        assert set(part.tables) == {b.id for b in part.blocks if b.kind == "table"}
        assert set(part.figures) == {b.id for b in part.blocks if b.kind == "figure"}
    assert [b for p in parts for b in p.blocks] == whole.blocks == a.section.blocks
    assert parts[0].tables["s1_target_realisasi"].equals(whole.tables["s1_target_realisasi"])
    assert a.result() == result
