"""Performance-plan parsers: scales, IKU, targets, published claims (lenient), shipped data."""

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import plan
from pipeline.measure import sources

SCALE = """No;Interval Nilai Realisasi Kinerja;Kriteria Penilaian Realisasi Kinerja
1;≥ 91;Sangat Baik
2;76,00 – 90,99;Baik
3;66,00 – 75,99;Cukup
4;51,00 – 65,99;Kurang
5;≤ 50,99;Sangat Kurang
"""
IKU = """indikator_id;sasaran_id;tujuan;indikator_tujuan;sasaran;indikator;satuan;polaritas;formula;sumber_realisasi;alasan;sumber_data
1.1;1;T;IT;S1;I1;%;naik;f;bps_penyerapan;a;d
2.1;2;T;IT;S2;I2;Nilai;ordinal;;dilaporkan;a;
"""
ORDINAL = "urutan;nilai\n1;AA\n2;A\n3;BB\n4;B\n"


def write(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Printed interval forms and their strictness: tests/test_kriteria_intervals.py.


def test_scale_is_half_open_and_contiguous(tmp_path):
    df = plan.read_skala_kriteria(write(tmp_path, SCALE, "s.csv"), Paths(tmp_path))
    assert df.kriteria.tolist() == ["Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"]
    baik = df[df.kriteria == "Baik"].iloc[0]
    assert (baik.batas_bawah, baik.batas_atas) == (76.0, 91.0)
    assert (df.batas_atas.iloc[:-1].to_numpy() == df.batas_bawah.iloc[1:].to_numpy()).all()


def test_scale_gap_is_an_error(tmp_path):
    path = write(tmp_path, SCALE.replace("76,00 – 90,99", "76,00 – 89,99"), "s.csv")
    with pytest.raises(InputError) as err:
        plan.read_skala_kriteria(path, Paths(tmp_path))
    assert "ada celah antara 89,99 dan 91" in str(err.value)
    assert (err.value.row, err.value.value) == (2, "≥ 91")


def test_scale_overlap_is_an_error(tmp_path):
    path = write(tmp_path, SCALE.replace("66,00 – 75,99", "66,00 – 80,00"), "s.csv")
    with pytest.raises(InputError, match="tumpang tindih dengan baris 4"):
        plan.read_skala_kriteria(path, Paths(tmp_path))


def test_scale_must_cover_lowest_values(tmp_path):
    path = write(tmp_path, SCALE.replace("≤ 50,99", "0 – 50,99"), "s.csv")
    with pytest.raises(InputError, match="di bawah 0"):
        plan.read_skala_kriteria(path, Paths(tmp_path))


def test_scale_missing_column(tmp_path):
    path = write(tmp_path, SCALE.replace("Kriteria Penilaian Realisasi Kinerja", "Kriteria"), "s.csv")
    with pytest.raises(InputError) as err:
        plan.read_skala_kriteria(path, Paths(tmp_path))
    assert err.value.row == 1 and "Kriteria Penilaian Realisasi Kinerja" in str(err.value)


def test_ordinal_order(tmp_path):
    text = "urutan;nilai\n2;A\n1;AA\n4;B\n3;BB\n"
    df = plan.read_skala_ordinal(write(tmp_path, text, "o.csv"), Paths(tmp_path))
    assert df.nilai.tolist() == ["AA", "A", "BB", "B"] and df.urutan.tolist() == [1, 2, 3, 4]
    with pytest.raises(InputError, match="tanpa celah"):
        plan.read_skala_ordinal(write(tmp_path, "urutan;nilai\n1;AA\n3;A\n", "o.csv"), Paths(tmp_path))
    with pytest.raises(InputError) as err:
        plan.read_skala_ordinal(write(tmp_path, "urutan;nilai\n1;A\n2;A\n", "o.csv"), Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (3, "nilai", "A")


def test_iku_polarity_is_validated(tmp_path):
    df = plan.read_iku(write(tmp_path, IKU, "iku.csv"), Paths(tmp_path))
    assert df.polaritas.tolist() == ["naik", "ordinal"] and df.sasaran_id.tolist() == [1, 2]
    with pytest.raises(InputError) as err:
        plan.read_iku(write(tmp_path, IKU.replace(";naik;", ";meningkat;"), "iku.csv"), Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (2, "polaritas", "meningkat")
    assert "iku.csv" in str(err.value)
    unknown = plan.read_iku(write(tmp_path, IKU.replace(";dilaporkan;", ";inspektorat;"), "iku.csv"),
                            Paths(tmp_path))
    with pytest.raises(InputError) as err:   # the registry of sources decides, at cleaning
        sources.check_iku(unknown)
    assert (err.value.row, err.value.column, err.value.value) == (3, "sumber_realisasi", "inspektorat")


def test_iku_several_indicators_per_sasaran(tmp_path):
    text = IKU + "1.2;1;;;;I1b;%;turun;f;bps_tpt;a;d\n"
    df = plan.read_iku(write(tmp_path, text, "iku.csv"), Paths(tmp_path))
    assert df.indikator_id.tolist() == ["1.1", "2.1", "1.2"] and df.sasaran_id.tolist() == [1, 2, 1]
    assert df.sasaran.tolist() == ["S1", "S2", "S1"]          # blank sasaran cells filled from 1.1
    with pytest.raises(InputError) as err:
        plan.read_iku(write(tmp_path, IKU + "1.1;1;;;;X;%;naik;f;bps_tpt;a;d\n", "iku.csv"), Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (4, "indikator_id", "1.1")
    with pytest.raises(InputError) as err:
        plan.read_iku(write(tmp_path, IKU + "2.2;1;;;;X;%;naik;f;bps_tpt;a;d\n", "iku.csv"), Paths(tmp_path))
    assert (err.value.row, err.value.column) == (4, "indikator_id")
    with pytest.raises(InputError) as err:
        plan.read_iku(write(tmp_path, IKU + "1.2;1;;;S9;X;%;naik;f;bps_tpt;a;d\n", "iku.csv"), Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (4, "sasaran", "S9")


def _plan_inputs(tmp_path):
    paths = Paths(tmp_path)
    iku = plan.read_iku(write(tmp_path, IKU, "iku.csv"), paths)
    grades = set(plan.read_skala_ordinal(write(tmp_path, ORDINAL, "o.csv"), paths).nilai)
    return paths, iku, grades


def test_pk_targets_numeric_and_ordinal(tmp_path):
    paths, iku, grades = _plan_inputs(tmp_path)
    text = "indikator_id;No;Sasaran Strategis;Indikator Kinerja;Target\n1.1;1.;S1;I1;93,75%\n2.1;2.;S2;I2;A\n"
    df = plan.read_perjanjian_kinerja(write(tmp_path, text, "pk.csv"), 2024, iku, grades, paths)
    assert df.nilai.iloc[0] == 93.75 and pd.isna(df.nilai.iloc[1])
    assert df.nilai_teks.tolist() == ["93,75%", "A"] and df.jenis.unique().tolist() == ["pk"]
    with pytest.raises(InputError) as err:
        plan.read_perjanjian_kinerja(write(tmp_path, text.replace("93,75%", "9x,75"), "pk.csv"),
                                     2024, iku, grades, paths)
    assert (err.value.row, err.value.column, err.value.value) == (2, "Target", "9x,75")
    with pytest.raises(InputError, match="peringkat harus salah satu dari"):
        plan.read_perjanjian_kinerja(write(tmp_path, text.replace(";A\n", ";Z\n"), "pk.csv"),
                                     2024, iku, grades, paths)
    with pytest.raises(InputError, match="belum dideklarasikan di iku.csv"):
        plan.read_perjanjian_kinerja(write(tmp_path, text + "3.1;3;S3;I3;1\n", "pk.csv"), 2024, iku, grades, paths)


def test_renstra_targets_long(tmp_path):
    paths, iku, grades = _plan_inputs(tmp_path)
    text = ("indikator_id;No;Sasaran;Indikator Kinerja Utama;Satuan;Kondisi Kinerja Tahun 2023;2023;2024;"
            "Kondisi Kinerja pada Akhir Periode RPD\n1.1;1;S1;I1;%;95,16;93,75;93,75;93,77\n"
            "2.1;2;S2;I2;Nilai;A;A;A;A\n")
    df = plan.read_target_renstra(write(tmp_path, text, "t.csv"), iku, grades, paths)
    s1 = df[df.sasaran_id == 1].set_index("jenis")
    assert s1.loc["kondisi_awal", "nilai"] == 95.16 and s1.loc["kondisi_akhir", "nilai"] == 93.77
    assert df[df.jenis == "renstra"].tahun.tolist() == [2023, 2024, 2023, 2024]
    assert pd.isna(s1.loc["kondisi_awal", "tahun"]) and str(df.dtypes["tahun"]) == "Int64"
    assert plan.renstra_period(df) == (2023, 2024)


def test_published_claims_are_lenient(tmp_path):
    text = ("id;tabel;lokasi;besaran;objek;tahun;nilai;keterangan\n"
            "a;Tabel 3.2;x;pagu;total;2024;Rp. 6.643.861.122,-;\n"
            "b;Tabel 3.7;x;capaian;sasaran:1;2024;151,24%;\n"
            "c;Tabel 3.26;x;capaian;sasaran:1;2024;1.024.07 %;\n"
            "d;Tabel 3.2;x;kriteria;sasaran:1;2024;Sangat Baik;\n"
            "e;Tabel 3.10;x;realisasi;sasaran:2;2024;6%;\n")
    df = plan.read_angka_dipublikasikan(write(tmp_path, text, "a.csv"), Paths(tmp_path)).set_index("id")
    assert df.loc["a", "nilai_angka"] == 6_643_861_122 and df.loc["a", "desimal"] == 0
    assert df.loc["b", "nilai_angka"] == 151.24 and df.loc["b", "desimal"] == 2
    assert pd.isna(df.loc["c", "nilai_angka"]) and pd.isna(df.loc["c", "desimal"])
    assert pd.isna(df.loc["d", "nilai_angka"]) and df.loc["d", "nilai"] == "Sangat Baik"
    assert df.loc["e", "nilai_angka"] == 6 and df.loc["e", "desimal"] == 0
    assert str(df.dtypes["nilai_angka"]) == "Float64" and str(df.dtypes["desimal"]) == "Int64"


def test_published_vocabulary_and_ids_are_checked(tmp_path):
    head = "id;tabel;lokasi;besaran;objek;tahun;nilai;keterangan\n"
    with pytest.raises(InputError) as err:
        plan.read_angka_dipublikasikan(write(tmp_path, head + "a;T;x;capaiann;sasaran:1;2024;1;\n", "a.csv"),
                                       Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (2, "besaran", "capaiann")
    with pytest.raises(InputError, match="id ganda"):
        plan.read_angka_dipublikasikan(write(tmp_path, head + "a;T;x;pagu;total;2024;1;\na;T;x;pagu;total;2024;1;\n",
                                             "a.csv"), Paths(tmp_path))
    with pytest.raises(InputError) as err:
        plan.read_angka_dipublikasikan(write(tmp_path, head + "a;T;x;pagu;sasaran 1;2024;1;\n", "a.csv"),
                                       Paths(tmp_path))
    assert err.value.column == "objek"
    with pytest.raises(InputError) as err:
        plan.read_angka_dipublikasikan(write(tmp_path, head + "a;T;x;pagu;total;20x4;1;\n", "a.csv"),
                                       Paths(tmp_path))
    assert (err.value.column, err.value.value) == ("tahun", "20x4")


def test_capaian_tahunan_lenient_values_strict_year(tmp_path):
    paths, iku, _ = _plan_inputs(tmp_path)
    text = ("indikator_id;Tabel;Indikator Kinerja;Tahun;Target;Realisasi\n"
            "1.1;Tabel 3.11;I;2022;3,00%;3,1%\n2.1;Tabel 3.20;I;2022;A;A\n")
    df = plan.read_capaian_tahunan(write(tmp_path, text, "c.csv"), iku, paths)
    assert df.sasaran_id.tolist() == [1, 2]
    assert df.realisasi.iloc[0] == 3.1 and df.realisasi_desimal.iloc[0] == 1
    assert pd.isna(df.realisasi.iloc[1]) and df.realisasi_teks.iloc[1] == "A"
    with pytest.raises(InputError) as err:
        plan.read_capaian_tahunan(write(tmp_path, text.replace("2022;A", "22/23;A"), "c.csv"), iku, paths)
    assert (err.value.row, err.value.column, err.value.value) == (3, "Tahun", "22/23")


def test_shipped_2024_plan():
    t = plan.tables(Paths.default(), 2024)
    assert set(t) == {"iku", "target", "capaian_tahunan", "standar_nasional", "skala_kriteria",
                      "skala_ordinal", "angka_dipublikasikan", "strategi_kebijakan"}
    iku = t["iku"].set_index("indikator_id")
    assert iku.polaritas.to_dict() == {"1.1": "naik", "2.1": "naik", "3.1": "ordinal"}
    assert iku.loc["2.1", "sumber_realisasi"] == "ikm_pertumbuhan_produksi" and iku.loc["2.1", "sasaran_id"] == 2
    target = t["target"]
    pk = target[target.jenis == "pk"].set_index("indikator_id")
    assert pk.loc["1.1", "nilai"] == 93.75 and pk.loc["2.1", "nilai"] == 3.25 and pk.loc["3.1", "nilai_teks"] == "A"
    akhir = target[target.jenis == "kondisi_akhir"].set_index("indikator_id")
    assert akhir.loc["1.1", "nilai"] == 93.77 and akhir.loc["2.1", "nilai"] == 3.35
    assert plan.renstra_period(target) == (2023, 2026)
    standar = t["standar_nasional"].set_index("indikator_id")
    assert standar.loc["1.1", "standar"] == 97.68 and standar.loc["3.1", "standar_teks"] == "B"
    assert t["skala_ordinal"].nilai.tolist() == ["AA", "A", "BB", "B", "CC", "C", "D"]
    angka = t["angka_dipublikasikan"].set_index("id")
    assert angka.loc["t3_7_s1_realisasi", "nilai_angka"] == 141.79
    assert angka.loc["t3_2_pagu_total", "nilai_angka"] == 6_643_861_122
    assert angka.loc["teks2_1_ikm_nilai_produksi", "nilai_angka"] == 301_636_853_935
    assert angka.loc["t3_11_s2_realisasi_2022", "tahun"] == 2022
    strategi = t["strategi_kebijakan"]
    s1 = strategi[strategi.sasaran_id == 1]
    assert len(s1) == 5 and s1.strategi.nunique() == 1   # one strategy over five merged rows
    assert pd.isna(strategi[strategi.sasaran_id == 2].arah_kebijakan.iloc[-1])


# ---------------------------------------------------------------- an indicator that counts people

COUNT_IKU = IKU + "2.2;2;;;;Peserta pelatihan;orang;naik;f;dilaporkan;a;\n"


def test_count_indicator_reads_whole_numbers_by_its_satuan(tmp_path):
    """12.000 orang is twelve thousand (it was refused as ambiguous 12,000 / 12.000 as a decimal),
    so the capaian is 13.482 / 12.000 × 100 = 112,35 %, not 0,11 %."""
    from pipeline.measure import engine

    iku = plan.read_iku(write(tmp_path, COUNT_IKU, "iku.csv"), Paths(tmp_path))
    pk = plan.read_perjanjian_kinerja(
        write(tmp_path, "indikator_id;No;Sasaran Strategis;Indikator Kinerja;Target\n2.2;1;S2;Peserta;12.000\n",
              "pk.csv"), 2024, iku, {"A"}, Paths(tmp_path))
    cap = plan.read_capaian_tahunan(
        write(tmp_path, "indikator_id;Tabel;Indikator Kinerja;Tahun;Target;Realisasi\n"
                        "2.2;T;Peserta;2024;12.000;13.482\n", "cap.csv"), iku, Paths(tmp_path))
    target, realisasi = float(pk["nilai"].iloc[0]), float(cap["realisasi"].iloc[0])
    assert (target, realisasi) == (12000.0, 13482.0)
    assert round(engine.capaian(target, realisasi, "naik"), 2) == 112.35


@pytest.mark.parametrize("target,realisasi,column,value", [
    ("12.000", "13,482", "Realisasi", "13,482"),   # English-notation export: refused, never 13,482
    ("12,5", "13.482", "Target", "12,5"),          # a count has no decimals
])
def test_count_indicator_refuses_what_it_cannot_read_as_whole(tmp_path, target, realisasi, column, value):
    iku = plan.read_iku(write(tmp_path, COUNT_IKU, "iku.csv"), Paths(tmp_path))
    with pytest.raises(InputError) as err:
        plan.read_capaian_tahunan(
            write(tmp_path, "indikator_id;Tabel;Indikator Kinerja;Tahun;Target;Realisasi\n"
                            f"2.2;T;Peserta;2024;{target};{realisasi}\n", "cap.csv"), iku, Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (2, column, value)


@pytest.mark.parametrize("text", ["0%", "-3,25%", "0"])
def test_pk_target_must_be_above_zero(tmp_path, text):
    iku = plan.read_iku(write(tmp_path, IKU, "iku.csv"), Paths(tmp_path))
    with pytest.raises(InputError, match="target harus lebih besar dari 0") as err:
        plan.read_perjanjian_kinerja(
            write(tmp_path, f"indikator_id;No;Sasaran Strategis;Indikator Kinerja;Target\n1.1;1;S1;I1;{text}\n",
                  "pk.csv"), 2024, iku, {"A"}, Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (2, "Target", text)
