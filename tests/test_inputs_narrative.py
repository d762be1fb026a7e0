"""Narrative loader: placeholders for missing parts, errors for malformed YAML and wrong types."""

import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import narrative

IKU = ("sasaran_id;tujuan;indikator_tujuan;sasaran;indikator;satuan;polaritas;formula;"
       "sumber_realisasi;alasan;sumber_data\n1;T;I;S;I;%;naik;f;bps_penyerapan;a;d\n"
       "2;T;I;S;I;%;naik;f;ikm_pertumbuhan_produksi;a;d\n")


def tree(tmp_path, yaml_text=None):
    (tmp_path / "data" / "raw" / "common").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "2024").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "common" / "iku.csv").write_text(IKU, encoding="utf-8")
    if yaml_text is not None:
        (tmp_path / "data" / "raw" / "2024" / "narasi.yml").write_text(yaml_text, encoding="utf-8")
    return Paths(tmp_path)


def test_missing_file_gives_placeholders_for_every_declared_sasaran(tmp_path):
    n = narrative.load_narrative(tree(tmp_path), 2024)
    assert set(n["sasaran"]) == {1, 2}
    assert n["sasaran"][1] == {k: None for k in narrative.SASARAN_KEYS}
    assert n["permasalahan"] == {"tenaga_kerja": None, "perindustrian": None}
    assert n["prestasi"] is None
    assert "sasaran.2.solusi" in narrative.missing_parts(n)
    assert "sasaran.2.analisis_tabel" not in narrative.missing_parts(n)  # optional part
    assert narrative.tables(tree(tmp_path / "x"), 2024)["narasi"].empty


def test_partial_narrative(tmp_path):
    text = "sasaran:\n  1:\n    solusi:\n      - Satu;\n      - Dua.\n    analisis: |\n      Paragraf.\nprestasi: [Juara]\n"
    n = narrative.load_narrative(tree(tmp_path, text), 2024)
    assert n["sasaran"][1]["solusi"] == ["Satu;", "Dua."]
    assert n["sasaran"][1]["analisis"] == "Paragraf."
    assert n["sasaran"][1]["faktor_pendukung"] is None and n["sasaran"][2]["solusi"] is None
    assert n["tindak_lanjut"]["perindustrian"] is None and n["prestasi"] == ["Juara"]
    flat = narrative.flatten(n)
    assert flat.bagian.tolist() == ["solusi", "solusi", "analisis", "prestasi"]
    assert flat.urutan.tolist() == [1, 2, 1, 1] and flat.sasaran_id.isna().tolist() == [False] * 3 + [True]


def test_empty_template_answers_are_placeholders(tmp_path):
    text = "sasaran:\n  1:\n    solusi: []\n    analisis:\nprestasi: []\n"
    n = narrative.load_narrative(tree(tmp_path, text), 2024)
    assert n["sasaran"][1]["solusi"] is None and n["sasaran"][1]["analisis"] is None
    assert n["prestasi"] is None and "sasaran.1.solusi" in narrative.missing_parts(n)


def test_malformed_yaml_names_file_and_line(tmp_path):
    paths = tree(tmp_path, "sasaran:\n  1:\n    solusi: [a, b\n    analisis: x\n")
    with pytest.raises(InputError) as err:
        narrative.load_narrative(paths, 2024)
    assert "narasi.yml" in str(err.value) and err.value.row is not None


@pytest.mark.parametrize("text,column", [
    ("sasaran:\n  1:\n    solusi: satu saja\n", "sasaran.1.solusi"),
    ("sasaran:\n  1:\n    analisis: [a]\n", "sasaran.1.analisis"),
    ("sasaran:\n  1:\n    solusi: [ok, 5]\n", "sasaran.1.solusi"),
    ("permasalahan: [a, b]\n", "permasalahan"),
    ("sasaran:\n  satu: {}\n", "sasaran"),
])
def test_wrong_types(tmp_path, text, column):
    with pytest.raises(InputError) as err:
        narrative.load_narrative(tree(tmp_path, text), 2024)
    assert err.value.column == column and "narasi.yml" in str(err.value)


def test_unknown_key_is_reported(tmp_path):
    with pytest.raises(InputError) as err:
        narrative.load_narrative(tree(tmp_path, "sasaran:\n  1:\n    faktor_pendukug: [a]\n"), 2024)
    assert err.value.value == "faktor_pendukug"
    with pytest.raises(InputError, match="kunci tidak dikenal"):
        narrative.load_narrative(tree(tmp_path / "b", "permasalahan:\n  pariwisata: [a]\n"), 2024)


def test_yaml_is_loaded_safely(tmp_path):
    with pytest.raises(InputError):
        narrative.load_narrative(tree(tmp_path, "prestasi: !!python/object/apply:os.system ['true']\n"), 2024)


def test_shipped_2024_narrative():
    n = narrative.load_narrative(Paths.default(), 2024)
    assert narrative.missing_parts(n) == []
    s1, s2, s3 = (n["sasaran"][i] for i in (1, 2, 3))
    assert len(s1["faktor_pendukung"]) == 5 and len(s1["faktor_penghambat"]) == 5 and len(s1["solusi"]) == 4
    assert len(s2["faktor_pendukung"]) == 10 and len(s2["faktor_penghambat"]) == 11 and len(s2["solusi"]) == 10
    assert s3["faktor_pendukung"][0].startswith("Keberhasilan dalam pencapaian target kinerja ini, dengan nilai A")
    assert s1["analisis"].count("\n") == 1  # two paragraphs
    assert len(n["permasalahan"]["tenaga_kerja"]) == 8 and len(n["permasalahan"]["perindustrian"]) == 6
    assert len(n["tindak_lanjut"]["tenaga_kerja"]) == 9 and len(n["tindak_lanjut"]["perindustrian"]) == 5
    assert len(n["prestasi"]) == 2
