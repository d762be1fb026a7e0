"""The complete-input check: every missing file and blank found in one pass; runs write nothing."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.inputs import rawio
from pipeline.run import cli
from pipeline.years.completeness import problems
from pipeline.years.newyear import new_year


@pytest.fixture
def project(raw_copy):
    return raw_copy


def test_to_numbers_lists_every_bad_cell_of_a_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Uraian;Nilai\nA;1.234\nB;\nC;12,3,4\nD;-\n", encoding="utf-8")
    df = rawio.read_table(path, required=["Nilai"])
    with pytest.raises(InputError) as err:
        rawio.to_numbers(df, "Nilai", "integer", file="t.csv")
    e = err.value
    assert (e.row, e.column, e.value) == (3, "Nilai", "(kosong)")
    assert "3 sel" in str(e) and "baris 3 ('(kosong)'), 4 ('12,3,4'), 5 ('-')" in str(e)


def test_header_only_table_allowed_when_optional(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b\n", encoding="utf-8")
    assert len(rawio.read_table(path, required=["a"], allow_empty=True)) == 0
    with pytest.raises(InputError, match="tanpa baris data"):
        rawio.read_table(path, required=["a"])


def test_shipped_2024_is_complete(project):
    blocking, _ = problems(project, 2024)
    assert blocking == []


def test_one_check_cleans_the_register_and_reads_the_series_once(project, monkeypatch):
    """The parse pass and the register-against-series comparison share what they read."""
    from pipeline.clean import ikm
    from pipeline.inputs import ikm_series

    calls = []
    for module, name in ((ikm, "clean_register"), (ikm_series, "read_ikm_series"),
                         (ikm_series, "read_ikm_classification")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    assert problems(project, 2024)[0] == []
    assert sorted(calls) == ["clean_register", "read_ikm_classification", "read_ikm_series"]


def test_check_inputs_reads_each_raw_file_once(project, monkeypatch, capsys):
    """`lkjip check-inputs`: the stated-total checks and the register preview after the parse pass
    take what it read (each breakdown file, the register) instead of reading them again; the
    plan files (target_renstra, perjanjian_kinerja, capaian_kinerja_tahunan, standar_nasional,
    angka_dipublikasikan) and the blank-target check share one reading of iku.csv and
    skala_ordinal.csv."""
    from pipeline.clean import ikm
    from pipeline.inputs import plan, services, staff

    calls = []
    for module, name in ((ikm, "clean_register"), (services, "read_by_education"),
                         (staff, "read_by_unit"), (plan, "read_basis")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    assert cli.main(["check-inputs", "--year", "2024"]) == 0
    assert "Register IKM 2024 setelah dibersihkan" in capsys.readouterr().out
    # pencari_kerja + penempatan, pegawai_golongan + pegawai_pendidikan, the register
    assert sorted(calls) == (["clean_register"] + ["read_basis"] + ["read_by_education"] * 2
                             + ["read_by_unit"] * 2)


def test_one_pass_lists_all_missing_inputs_and_run_writes_nothing(project, capsys):
    new_year(project, 2025)
    folder = project.raw_year(2025)
    (folder / "pelatihan.csv").unlink()
    blocking, warnings = problems(project, 2025)
    text = "\n".join(blocking)
    assert "data/raw/2025/pelatihan.csv: belum ada (data/raw/2024/ memilikinya)" in text
    # the three primary counts (Bekerja, Penganggur, Bukan Angkatan Kerja, whose breakdown is
    # optional); AK, PUK and the rates are derived, the IKM series from the register
    assert ("data/raw/2025/bps_ketenagakerjaan_wilayah.csv, baris 3, kolom 'Tahun 2025', "
            "nilai '(kosong)': 3 sel tidak dapat dipakai (sel ini wajib diisi angka): baris 3 ('(kosong)'), "
            "4 ('(kosong)'), 5 ('(kosong)')") in text
    assert not any("ikm_perkembangan.csv" in b or "anggaran_rekap.csv" in b for b in blocking)
    assert "data/raw/2025/ikm_register.csv: belum berisi baris data" in text
    assert "capaian_kinerja_tahunan.csv, baris 10, kolom 'Realisasi'" in text
    assert "anggaran_subkegiatan.csv: angka belum diisi" in text
    assert not any("angka_dipublikasikan" in b for b in blocking)  # optional for a new year
    assert any("narasi belum lengkap" in w for w in warnings)  # a warning, never blocking
    assert cli.main(["run", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert "pelatihan.csv: belum ada" in err and "bps_ketenagakerjaan_nasional.csv" in err
    assert not (project.root / "reports").exists() or not any((project.root / "reports").rglob("*.html"))
    assert not (project.processed_year(2025)).exists()


def test_year_outside_renstra_and_year_without_inputs(project, capsys):
    assert cli.main(["run", "--year", "2027"]) == 2
    err = capsys.readouterr().err
    assert "2027 di luar periode Renstra 2023–2026" in err
    assert cli.main(["check-inputs", "--year", "2026"]) == 2
    assert "data/raw/2026/: belum ada isian untuk 2026 (mulai dengan `lkjip new-year 2026`)" in capsys.readouterr().err
