"""The parts of a submittable LKjIP: transcribed documents read strictly, shown in full, and a
visible BELUM DIISI where the inputs do not supply a part."""

import pandas as pd
import pytest

from pipeline.analysis import dokumen
from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import lampiran
from pipeline.inputs.narrative import load_narrative, missing_parts

YEAR = 2024


def test_shipped_documents_are_read_as_transcribed():
    tables = lampiran.tables(Paths.default(), YEAR)
    assert len(tables["sarana_prasarana"]) == 44 and int(tables["sarana_prasarana"]["jumlah"].sum()) == 271
    docs = tables["pk_dokumen"].set_index("dokumen")
    assert len(docs) == 9
    assert docs.loc["Sekretaris Dinas Tenaga Kerja dan Perindustrian", "pihak_pertama"] == "DONISA PUTRA, S.Sos"
    assert docs.loc["Kepala Dinas Tenaga Kerja dan Perindustrian", "pihak_kedua"] == "Ir. SUPRAYITNO, MA"
    indicators = tables["pk_indikator"]
    assert len(indicators) == 24 and "Kepala Dinas Tenaga Kerja dan Perindustrian" not in set(indicators["dokumen"])
    assert list(tables["rkt"]["target"]) == ["93,75%", "3,25%", "A"]


def test_a_document_listed_twice_names_file_row_and_column(tmp_path):
    path = tmp_path / "pk_dokumen.csv"
    header = ";".join(lampiran.COLUMNS["pk_dokumen"])
    path.write_text(header + "\nA;;x;;;;;;\nA;;y;;;;;;\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        lampiran.read(path, "pk_dokumen")
    text = str(info.value)
    assert "pk_dokumen.csv" in text and "3" in text and "Dokumen" in text


def test_narrative_foreword_is_read_and_its_absence_makes_a_draft():
    narrative = load_narrative(Paths.default(), YEAR)
    assert len(narrative["kata_pengantar"]["paragraf"]) == 4
    assert narrative["kata_pengantar"]["tempat_tanggal"] == "Payakumbuh, Desember 2024"
    assert narrative["tanggal_dokumen"]["rkt"] == "Payakumbuh, Desember 2023"
    assert missing_parts(narrative) == []
    narrative["kata_pengantar"] = {"paragraf": None, "tempat_tanggal": None}
    assert missing_parts(narrative) == ["kata_pengantar.paragraf", "kata_pengantar.tempat_tanggal"]


def test_missing_inputs_show_belum_diisi_never_silently():
    profile = {"kepala_dinas": {"nama": "NAMA", "nip": "1"}}
    foreword = dokumen.build_kata_pengantar("Dinas X", profile, {})
    assert foreword.has_placeholder and "NAMA" in foreword.blocks[-1].text
    assert "BELUM DIISI" in foreword.blocks[-1].text  # place and date
    bab1 = dokumen.Section("bab1", "Pendahuluan")
    dokumen.add_sarana(bab1, {}, "Dinas X", 2025)
    assert bab1.has_placeholder
    rkt = dokumen.build_rkt("Dinas X", profile, {}, {}, 2025)
    assert [b.kind for b in rkt.blocks].count("placeholder") == 2


def test_formulir_sets_published_and_recomputed_side_by_side():
    pub = pd.DataFrame({"tabel": [dokumen.FORM] * 2, "besaran": ["realisasi", "capaian"],
                        "objek": ["sasaran:2"] * 2, "nilai": ["6%", "184,62%"]})
    evaluation = pd.DataFrame({"sasaran_id": [2], "satuan": ["%"], "nama": ["S"], "indikator": ["I"],
                               "target": [3.25], "realisasi": [5.98691], "capaian": [184.2126]})
    section = dokumen.build_formulir("Dinas X", {}, {}, {"angka_dipublikasikan": pub}, evaluation,
                                     {"pagu": 10, "realisasi": 9}, YEAR)
    row = section.tables["lampiran_formulir"].iloc[0]
    assert (row["Realisasi dipublikasikan"], row["Realisasi hitung ulang"]) == ("6%", "5,99%")
    assert (row["Capaian dipublikasikan (%)"], row["Capaian hitung ulang (%)"]) == ("184,62%", "184,21")
    assert section.has_placeholder  # no date for the form in an empty narrative
