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


def test_a_document_listed_twice_names_file_row_and_column(tmp_path, paths):
    path = tmp_path / "pk_dokumen.csv"
    header = ";".join(lampiran.COLUMNS["pk_dokumen"])
    path.write_text(header + "\nA;;x;;;;;;\nA;;y;;;;;;\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        lampiran.read(path, "pk_dokumen", paths)
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
    signed = foreword.blocks[-1]  # the signature block, no longer a sentence
    assert foreword.has_placeholder and signed.kind == "signature" and signed.items[0]["nama"] == "NAMA"
    assert signed.items[0]["tempat_tanggal"] == "BELUM DIISI (tempat dan tanggal)"
    bab1 = dokumen.Section("bab1", "Pendahuluan")
    dokumen.add_sarana(bab1, {}, "Dinas X", 2025)
    assert bab1.has_placeholder
    rkt = dokumen.build_rkt("Dinas X", profile, {}, {}, 2025)
    assert [b.kind for b in rkt.blocks].count("placeholder") == 2  # the RKT table, the signature's date


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


HEAD = {"kepala_dinas": {"nama": "NAMA KEPALA", "pangkat": "Pembina", "golongan": "IV/a", "nip": "1967"}}
REVIU = {"tempat_tanggal": "Padang, Februari 2026", "nama": "NAMA INSPEKTUR", "nip": "1970",
         "jabatan": "Inspektur Kota Padang", "pangkat": None}


def test_one_signature_block_carries_name_nip_position_rank_place_and_date():
    narrative = {"kata_pengantar": {"paragraf": ["Puji syukur."], "tempat_tanggal": "Padang, Januari 2026"}}
    foreword = dokumen.build_kata_pengantar("Dinas X", HEAD, narrative)
    assert not foreword.has_placeholder
    assert foreword.blocks[-1].items == [{"peran": "", "tempat_tanggal": "Padang, Januari 2026",
                                          "jabatan": "Kepala Dinas X", "nama": "NAMA KEPALA",
                                          "pangkat": "Pembina, IV/a", "nip": "1967"}]
    closing = dokumen.Section("bab4", "Penutup")
    dokumen.sign_closing(closing, "Dinas X", HEAD, narrative)  # Bab IV: dated as the report
    assert closing.blocks[-1].items == foreword.blocks[-1].items


def test_reviu_statement_from_data_or_a_draft_saying_what_is_missing():
    missing = dokumen.build_reviu("Dinas X", {"reviu": {**REVIU, "nama": None, "nip": None}}, 2025)
    assert missing.has_placeholder and not any(b.kind == "signature" for b in missing.blocks)
    assert "nama, NIP" in missing.blocks[0].text and "reviu" in missing.blocks[0].text
    signed = dokumen.build_reviu("Dinas X", {"reviu": REVIU}, 2025)
    text = " ".join(b.text for b in signed.blocks)
    assert not signed.has_placeholder
    assert "Kami telah mereviu Laporan Kinerja Dinas X untuk Tahun 2025 sesuai Pedoman Reviu" in text
    assert "keyakinan terbatas" in text and "tidak terdapat kondisi atau hal-hal" in text
    assert signed.blocks[-1].items[0]["nama"] == "NAMA INSPEKTUR"
    assert signed.blocks[-1].items[0]["jabatan"] == "Inspektur Kota Padang"


def test_sk_iku_gap_is_a_note_without_belum_diisi_or_a_file_path():
    iku = pd.DataFrame({"sasaran_id": [1, 3], "sasaran": ["S1", "S3"], "indikator": ["I1", "I3"],
                        "satuan": ["%", "Nilai"], "alasan": ["a", "b"], "formula": ["f", ""],
                        "sumber_data": ["s", ""]})
    section = dokumen.build_sk_iku("Dinas X", {"sk_iku": {"nomor": "1"}}, {"iku": iku})
    shown = section.tables["lampiran_sk_iku"]
    assert list(shown["Cara Pengukuran"]) == ["f", "–"] and list(shown["Sumber Data"]) == ["s", "–"]
    note = next(b.text for b in section.blocks if b.kind == "note")
    assert note.startswith("2 sel bertanda '–'") and "I3" in note
    assert "BELUM DIISI" not in note and "data/raw" not in note and ".csv" not in note
    assert not section.has_placeholder


def test_published_lke_answers_are_read_strictly(tmp_path, paths):
    path = tmp_path / "lke_laporan_terbit.csv"
    path.write_text("Kriteria;Jawaban;Letak;Keterangan\ndisusun;y;LKjIP;\ndireviu;Ya;Lampiran;\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        lampiran.read(path, "lke_laporan_terbit", paths)
    error = info.value
    assert (error.row, error.column, error.value) == (3, "Jawaban", "Ya") and "lke_laporan_terbit.csv" in str(error)
    path.write_text("Kriteria;Jawaban;Letak;Keterangan\ndisusun;y;LKjIP;\n", encoding="utf-8")
    assert list(lampiran.read(path, "lke_laporan_terbit", paths)["jawaban"]) == ["Y"]
