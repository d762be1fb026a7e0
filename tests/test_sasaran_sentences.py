"""Issue 20 point 3: the sentences an agency's own data can make true.

- a reported (``dilaporkan``) realisasi is cited by the source iku.csv declares for it
  (``sumber_data``), never by a guessed one;
- no "di bawah standar nasional (–) … belum mencapai" where no national standard exists;
- a sasaran below its target is said to be *belum tercapai*, with its causes.

Figures by hand from tests/mini_tables.py: penyerapan 74.085 / 77.876 = 95,1320 %; against a
target of 99 % its capaian is 95,1320 / 99 = 96,09 % (kriteria Sangat Baik, ≥ 91, yet below 100).
"""


from pipeline.analysis import sasaran
from pipeline.analysis.sentences import UNDECLARED_SOURCE, sasaran_verdict, source_of, versus
from pipeline.measure import engine
from tests.mini_tables import mini_tables


def _text(section) -> str:
    parts = []
    for block in section.blocks:
        for attr in ("text", "title", "items", "source"):
            value = getattr(block, attr, None)
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list):
                parts.extend(str(v) for v in value)
    return "\n".join(parts)


# --- dilaporkan: cited by its declared source ------------------------------------------------

def test_reported_realisasi_is_cited_by_its_declared_source():
    assert source_of("dilaporkan", "realisasi", 2025, "Kota Padang", "Penilaian eksternal") == "Penilaian eksternal"


def test_reported_realisasi_without_declared_source_is_not_attributed_to_the_inspektorat():
    for blank in ("", None, float("nan"), "-"):
        cited = source_of("dilaporkan", "realisasi", 2025, "Kota Padang", blank)
        assert cited == UNDECLARED_SOURCE and "Inspektorat" not in cited


def test_computed_sources_keep_their_own_citation():
    assert "BPS" in source_of("bps_penyerapan", "realisasi", 2024, "Kota Payakumbuh", "Dinas X")
    assert "Dinas X" not in source_of("bps_penyerapan", "realisasi", 2024, "Kota Payakumbuh", "Dinas X")


def test_sasaran_section_cites_the_indicators_sumber_data():
    tables = mini_tables()
    tables["iku"] = tables["iku"].assign(sumber_data=["BPS", "Pendataan IKM", "Penilaian Kementerian PAN-RB"])
    section, _ = sasaran.build(tables, 2024, 3)
    text = _text(section)
    assert "realisasi: Penilaian Kementerian PAN-RB" in text
    assert "Inspektorat" not in text


# --- no national standard: nothing compared ---------------------------------------------------

def test_versus_without_reference_says_there_is_nothing_to_compare():
    for missing in (None, float("nan"), "", "–", "-"):
        s = versus("Realisasi 2025 sebesar", 12.5, missing, "standar nasional", "%", "naik")
        assert s == "Realisasi 2025 sebesar 12,50%; tidak ada standar nasional untuk indikator ini sebagai pembanding."
        assert "belum mencapai" not in s and "di bawah" not in s


def test_standar_nasional_analysis_without_a_standard():
    tables = mini_tables()
    tables["standar_nasional"] = tables["standar_nasional"][tables["standar_nasional"]["indikator_id"] != "2.1"]
    section, _ = sasaran.build(tables, 2024, 2)
    text = _text(section)
    assert "tidak ada standar nasional untuk indikator ini sebagai pembanding" in text
    assert "standar nasional (–)" not in text


def test_standar_nasional_analysis_with_a_standard_still_compares():
    section, _ = sasaran.build(mini_tables(), 2024, 1)
    # 95,13 % against 97,68 %: 2,55 points below
    assert "di bawah standar nasional yang dicantumkan (97,68%), selisih 2,55 poin persen" in _text(section)


# --- a failing sasaran is belum tercapai, with its causes -------------------------------------

def test_tercapai_rule():
    assert engine.tercapai(100.0) and engine.tercapai(184.21)
    assert not engine.tercapai(99.99) and not engine.tercapai(None) and not engine.tercapai(float("nan"))


def test_verdict_sentences():
    assert sasaran_verdict(2, 184.2128, "Sangat Baik", ["x"]) == "Sasaran 2 tercapai (capaian 184,21%, kriteria Sangat Baik)."
    failing = sasaran_verdict(1, 96.0929, "Sangat Baik", ["Lapangan kerja formal berkurang.", "Pelatihan tertunda"])
    assert failing == ("Sasaran 1 belum tercapai (capaian 96,09%, kriteria Sangat Baik; capaian di bawah 100% "
                       "berarti target belum terpenuhi). Penyebabnya: Lapangan kerja formal berkurang; "
                       "Pelatihan tertunda.")
    assert sasaran_verdict(1, 60.0, "Kurang", []).endswith(
        "Penyebabnya belum diuraikan: faktor penghambat sasaran ini belum diisi.")


def _failing_tables():
    tables = mini_tables()
    t = tables["target"]
    tables["target"] = t.assign(nilai=t["nilai"].where(~((t["indikator_id"] == "1.1") & (t["jenis"] == "pk")), 99.0))
    return tables


def test_failing_sasaran_section_names_its_causes():
    narrative = {"sasaran": {1: {"faktor_penghambat": ["Lowongan kerja formal berkurang"]}}}
    section, result = sasaran.build(_failing_tables(), 2024, 1, narrative=narrative)
    assert round(result["capaian"], 2) == 96.09 and result["kriteria"] == "Sangat Baik"
    assert ("Sasaran 1 belum tercapai (capaian 96,09%, kriteria Sangat Baik; capaian di bawah 100% berarti "
            "target belum terpenuhi). Penyebabnya: Lowongan kerja formal berkurang.") in _text(section)


def test_failing_sasaran_without_narrative_says_causes_are_missing():
    section, _ = sasaran.build(_failing_tables(), 2024, 1, narrative=None)
    text = _text(section)
    assert "Sasaran 1 belum tercapai" in text and "faktor penghambat sasaran ini belum diisi" in text


def test_reached_sasaran_is_tercapai():
    section, _ = sasaran.build(mini_tables(), 2024, 1)
    # 95,1320 / 93,75 = 101,47 %
    assert "Sasaran 1 tercapai (capaian 101,47%, kriteria Sangat Baik)." in _text(section)


def test_caption_of_a_reported_realisasi_names_its_declared_source():
    from pipeline.sections.lineage import Lineage

    entries = {"2025/perjanjian_kinerja.csv": {"rujukan": "PK 2025"},
               "2025/capaian_kinerja_tahunan.csv": {"rujukan": "LKjIP 2025"}}
    lin = Lineage(2025, entries, {"1": ("bps_penyerapan",), "2": ("dilaporkan",)},
                  {"2": ("Penilaian Ombudsman RI",)})
    caption, _ = lin.describe("s2_target_realisasi")
    assert caption.endswith("; realisasi yang dilaporkan: Penilaian Ombudsman RI")
    assert "Ombudsman" not in lin.describe("s1_target_realisasi", "x")[0]


def test_dash_as_national_standard_means_none_is_stated():
    tables = mini_tables()
    sn = tables["standar_nasional"]
    sn.loc[sn["indikator_id"] == "2.1", ["standar_teks", "standar"]] = ["–", None]
    section, _ = sasaran.build(tables, 2024, 2)
    text = _text(section)
    # 2.1: (301.636.853,935 − 284.598.221) / 284.598.221 = 5,99 %
    assert "Realisasi 2024 sebesar 5,99%; tidak ada standar nasional untuk indikator ini sebagai pembanding." in text
    assert "(–)" not in text and "belum mencapai standar" not in text


def test_published_realisasi_is_quoted_as_printed():
    """Seed, sasaran 2: Tabel 3.2 prints the 2024 realisasi as '6' under a % header and Tabel 3.10
    as '6%'; the note quotes '6%' (not '6,00%'). A value no comparison holds is written in its unit."""
    import pandas as pd

    from pipeline.analysis.sasaran import published_as_printed

    comparisons = pd.DataFrame({
        "besaran": ["realisasi", "realisasi", "realisasi", "capaian"],
        "objek": ["sasaran:2", "sasaran:2", "sasaran:2", "sasaran:2"],
        "tahun": [2024, 2024, 2023, 2024], "dilaporkan": [6.0, 6.0, 5.63, 6.0],
        "dilaporkan_teks": ["6", "6%", "5,63%", "6%"]})
    assert published_as_printed(comparisons, 2, "2.1", 2024, 6.0, "%") == "6%"
    assert published_as_printed(comparisons, 2, "2.1", 2023, 5.63, "%") == "5,63%"
    assert published_as_printed(comparisons, 2, "2.1", 2024, 6.5, "%") == "6,50%"
    assert published_as_printed(None, 2, "2.1", 2024, 6.0, "%") == "6,00%"
