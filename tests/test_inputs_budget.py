"""Budget parsers, roll-ups and absorption bands: tiny hand-made tables, error messages, and the
shipped 2024 files checked against figures worked out by hand from the seed."""

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import budget
from pipeline.measure import budget as budget_measure

SUB_HEADER = ("No;sasaran_id;Sasaran Strategis;Urusan;Program;Kegiatan;Sub Kegiatan;Anggaran (Rp.);"
              "Realisasi Anggaran (Rp.);% Anggaran")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def sub_file(tmp_path):
    return write(tmp_path, "anggaran_subkegiatan.csv", "\n".join([
        SUB_HEADER,
        "1;1;S1;Tenaga Kerja;Prog A;Keg A1;Sub a;1.000.000;950.000;95,00",
        "2;1;S1;Tenaga Kerja;Prog A;Keg A1;Sub b;Rp. 500.000,-;400.000;80",
        "3;1;S1;Tenaga Kerja;Prog A;Keg A2;Sub c;200.000;178.000;89,00",
        "4;2;S2;Perindustrian;Prog B;Keg B1;Sub d;300.000;300.000;100,00",
        "5;3;S3;Tenaga Kerja;Prog C;Keg C1;Sub e;1.000;790;7,9,0",
    ]) + "\n")


def test_subkegiatan_parses_money_and_keeps_published_percent(sub_file):
    df = budget.read_anggaran_subkegiatan(sub_file)
    assert list(df.columns) == ["sasaran_id", "urusan", "program", "kegiatan", "sub_kegiatan", "pagu",
                                "realisasi", "persen_teks", "persen_dilaporkan", "desimal", "sumber_baris",
                                "tabel"]
    # a file outside data/raw has no manifest entry: its own name is the table it cites
    assert set(df["tabel"]) == {"anggaran_subkegiatan.csv"}
    assert df["pagu"].tolist() == [1_000_000, 500_000, 200_000, 300_000, 1_000]
    assert str(df["pagu"].dtype) == "Int64" and str(df["sasaran_id"].dtype) == "Int64"
    assert df["persen_teks"].tolist()[:2] == ["95,00", "80"]
    assert df["persen_dilaporkan"].tolist()[:2] == [95.0, 80.0]
    assert df["desimal"].tolist()[:2] == [2, 0]
    # an unreadable published percentage is kept as text, not an error
    assert pd.isna(df["persen_dilaporkan"].iloc[4]) and df["persen_teks"].iloc[4] == "7,9,0"
    assert df["sumber_baris"].tolist() == [2, 3, 4, 5, 6]


def test_subkegiatan_malformed_pagu_names_file_row_column_value(tmp_path):
    path = write(tmp_path, "anggaran_subkegiatan.csv",
                 SUB_HEADER + "\n1;1;S1;Tenaga Kerja;P;K;S;1.000;900;90\n2;1;S1;Tenaga Kerja;P;K;S2;1.2x0;900;90\n")
    with pytest.raises(InputError) as err:
        budget.read_anggaran_subkegiatan(path)
    e = err.value
    assert (e.row, e.column, e.value) == (3, "Anggaran (Rp.)", "1.2x0")
    assert "anggaran_subkegiatan.csv" in str(e) and "baris 3" in str(e) and "'1.2x0'" in str(e)


def test_subkegiatan_missing_column(tmp_path):
    path = write(tmp_path, "anggaran_subkegiatan.csv",
                 "No;sasaran_id;Urusan;Program;Kegiatan;Sub Kegiatan;Anggaran (Rp.);% Anggaran\n"
                 "1;1;TK;P;K;S;1.000;90\n")
    with pytest.raises(InputError) as err:
        budget.read_anggaran_subkegiatan(path)
    assert "Realisasi Anggaran (Rp.)" in str(err.value) and err.value.row == 1


def test_subkegiatan_blank_name_is_an_error(tmp_path):
    path = write(tmp_path, "anggaran_subkegiatan.csv", SUB_HEADER + "\n1;1;S1;Tenaga Kerja;P;;S;1.000;900;90\n")
    with pytest.raises(InputError) as err:
        budget.read_anggaran_subkegiatan(path)
    assert (err.value.row, err.value.column) == (2, "Kegiatan")


def test_subkegiatan_nil_pagu_is_an_error(tmp_path):
    path = write(tmp_path, "anggaran_subkegiatan.csv", SUB_HEADER + "\n1;1;S1;Tenaga Kerja;P;K;S;-;900;90\n")
    with pytest.raises(InputError) as err:
        budget.read_anggaran_subkegiatan(path)
    assert (err.value.row, err.value.column, err.value.value) == (2, "Anggaran (Rp.)", "-")


def test_rollup_by_level_hand_computed(sub_file):
    sub = budget.read_anggaran_subkegiatan(sub_file)
    sas = budget_measure.rollup(sub, "sasaran").set_index("sasaran_id")
    assert sas.loc[1, "pagu"] == 1_700_000 and sas.loc[1, "realisasi"] == 1_528_000
    assert sas.loc[1, "serapan"] == pytest.approx(1_528_000 / 1_700_000 * 100)
    assert sas.loc[1, "efisiensi"] == pytest.approx(100 - 1_528_000 / 1_700_000 * 100)
    assert sas.loc[1, "jumlah_subkegiatan"] == 3
    keg = budget_measure.rollup(sub, "kegiatan")
    assert keg[["program", "kegiatan"]].values.tolist() == [["Prog A", "Keg A1"], ["Prog A", "Keg A2"],
                                                             ["Prog B", "Keg B1"], ["Prog C", "Keg C1"]]
    assert keg["pagu"].tolist() == [1_500_000, 200_000, 300_000, 1_000]
    urusan = budget_measure.rollup(sub, "urusan").set_index("urusan")
    assert urusan.loc["Tenaga Kerja", "pagu"] == 1_701_000
    assert urusan.loc["Perindustrian", "serapan"] == pytest.approx(100.0)
    total = budget_measure.rollup(sub, "total")
    assert len(total) == 1 and total["pagu"].iloc[0] == 2_001_000 and total["realisasi"].iloc[0] == 1_828_790
    assert budget_measure.rollup(sub, "program")["program"].tolist() == ["Prog A", "Prog B", "Prog C"]
    with pytest.raises(ValueError):
        budget_measure.rollup(sub, "bidang")


def test_rollup_zero_pagu_gives_nan_serapan():
    sub = pd.DataFrame({"sasaran_id": [1], "urusan": ["X"], "program": ["P"], "kegiatan": ["K"],
                        "pagu": pd.array([0], dtype="Int64"), "realisasi": pd.array([0], dtype="Int64")})
    assert pd.isna(budget_measure.rollup(sub, "sasaran")["serapan"].iloc[0])


def test_absorption_bands_half_open(sub_file):
    sub = budget.read_anggaran_subkegiatan(sub_file)
    # serapan: 95, 80 (exactly on the edge -> 80-90), 89, 100, 79
    bands = budget_measure.absorption_bands(sub)
    tk = bands[bands["urusan"] == "Tenaga Kerja"].set_index("pita")["jumlah"].to_dict()
    assert tk == {"< 80": 1, "80 – < 90": 2, "≥ 90": 1}
    ind = bands[bands["urusan"] == "Perindustrian"].set_index("pita")["jumlah"].to_dict()
    assert ind == {"< 80": 0, "80 – < 90": 0, "≥ 90": 1}
    # configurable edges; a value exactly on an edge belongs to the upper band
    custom = budget_measure.absorption_bands(sub, edges=(89, 95), by=None).set_index("pita")["jumlah"].to_dict()
    assert custom == {"< 89": 2, "89 – < 95": 1, "≥ 95": 2}
    with pytest.raises(ValueError):
        budget_measure.absorption_bands(sub, edges=(90, 80))


def test_rekap_levels_and_keys(tmp_path):
    path = write(tmp_path, "anggaran_rekap.csv", "\n".join([
        "Tabel;Tingkat;Sasaran;Urusan;Program;Kegiatan;Pagu;Realisasi;%;Uraian",
        "Tabel 3.25;program;1;;Prog A;;1.700.000;1.528.000;89,88;PROGRAM A",
        "Tabel 2.6;sasaran;1;;;;1.700.000;1.528.000;89,88;Jumlah Anggaran Sasaran 1",
        "Bab 3.2 teks;urusan;;Tenaga Kerja;;;1.701.000;1.528.790;89,88%;Urusan Wajib",
        "Tabel 3.2;Total;;;;;2.001.000;1.828.790;91,39%;Jumlah",
    ]) + "\n")
    df = budget.read_anggaran_rekap(path)
    assert df["tingkat"].tolist() == ["program", "sasaran", "urusan", "total"]
    assert df["sasaran_id"].tolist()[:2] == [1, 1] and pd.isna(df["sasaran_id"].iloc[3])
    assert pd.isna(df["kegiatan"].iloc[0]) and df["urusan"].iloc[2] == "Tenaga Kerja"
    assert df["pagu"].tolist() == [1_700_000, 1_700_000, 1_701_000, 2_001_000]
    assert df["persen_dilaporkan"].tolist() == [89.88, 89.88, 89.88, 91.39]


@pytest.mark.parametrize("line,column,value", [
    ("Tabel 3.25;bidang;1;;P;;1.000;900;90;x", "Tingkat", "bidang"),
    ("Tabel 3.25;kegiatan;1;;P;;1.000;900;90;x", "Kegiatan", "(kosong)"),
    ("Tabel 3.25;program;1;;P;;1.000;9OO;90;x", "Realisasi", "9OO"),
])
def test_rekap_errors(tmp_path, line, column, value):
    path = write(tmp_path, "anggaran_rekap.csv",
                 "Tabel;Tingkat;Sasaran;Urusan;Program;Kegiatan;Pagu;Realisasi;%;Uraian\n" + line + "\n")
    with pytest.raises(InputError) as err:
        budget.read_anggaran_rekap(path)
    assert (err.value.row, err.value.column, err.value.value) == (2, column, value)


def test_pk_keeps_rupiah_format_nil_and_totals(tmp_path):
    path = write(tmp_path, "anggaran_pk.csv", "\n".join([
        "Dokumen;No;Program;Anggaran;Keterangan",
        "Kepala Dinas;1.;Program A;Rp. 1.137.154.750,-;APBD",
        "Kepala Dinas;2.;Program B;Rp.;APBD",
        "Kepala Dinas;;Kegiatan heading;;",
        "Kepala Dinas;;TOTAL;Rp. 6.643.861.122,-;",
    ]) + "\n")
    df = budget.read_anggaran_pk(path)
    assert df["anggaran"].iloc[0] == 1_137_154_750 and df["anggaran"].iloc[3] == 6_643_861_122
    assert df["anggaran"].iloc[1:3].isna().all()
    assert df["is_total"].tolist() == [False, False, False, True]


def test_pk_malformed_amount(tmp_path):
    path = write(tmp_path, "anggaran_pk.csv", "Dokumen;No;Program;Anggaran;Keterangan\nKD;1.;P;Rp. 1.137.154,75,-;APBD\n")
    with pytest.raises(InputError) as err:
        budget.read_anggaran_pk(path)
    assert (err.value.row, err.value.column, err.value.value) == (2, "Anggaran", "Rp. 1.137.154,75,-")


def test_apbd_parentheses_zero_and_levels(tmp_path):
    path = write(tmp_path, "apbd_rekening.csv", "\n".join([
        "Kode Rekening;Uraian;Sebelum Perubahan;Setelah Perubahan;Bertambah/ Berkurang",
        "5;BELANJA DAERAH;;;",
        "5.1.01;Belanja Pegawai;2.639.142.952,-;2.570.380.063,-;(68.762.889,-)",
        "5.2.04;Belanja Modal Jalan;0;5.000.000,-;5.000.000,-",
        ";Jumlah Belanja;6.301.455.933,-;6.643.861.122,-;342.405.189,-",
        ";Total Surplus/ Defisit;(6.301.455.933,-);(6.643.861.122,-);(342.405.189,-)",
    ]) + "\n")
    df = budget.read_apbd_rekening(path)
    assert df["selisih"].iloc[1] == -68_762_889
    assert df["sebelum"].iloc[2] == 0
    assert df["setelah"].iloc[4] == -6_643_861_122
    assert pd.isna(df["sebelum"].iloc[0])
    assert df["level"].tolist()[:3] == [1, 3, 3] and pd.isna(df["level"].iloc[3])
    assert df["is_total"].tolist() == [False, False, False, True, True]


def test_indikator_program_texts_units_and_lenient_numbers(tmp_path):
    path = write(tmp_path, "indikator_program.csv", "\n".join([
        "No;Sasaran;Tingkat;Program/Kegiatan/Sub Kegiatan;Indikator Kinerja;Target Kinerja;Realisasi Kinerja;%",
        "1;S1;program;PROGRAM X;Ind 1;4,03%;41,27%;1.024.07 %",
        "1;S1;kegiatan;Kegiatan Y;Ind 2;46,45;51,53%;101,94%",
        "1;S1;sub_kegiatan;Sub Kegiatan Z;Ind 3;370 org;370 org;100%",
        "3;S3;program;PROGRAM W;Ind 4;A;A;100%",
    ]) + "\n")
    df = budget.read_indikator_program(path)
    assert df["target"].tolist()[:3] == [4.03, 46.45, 370.0]
    assert pd.isna(df["target"].iloc[3]) and df["target_teks"].iloc[3] == "A"
    assert df["satuan"].tolist() == ["%", "%", "orang", "predikat"]
    assert df["persen_teks"].iloc[0] == "1.024.07 %" and pd.isna(df["persen_dilaporkan"].iloc[0])
    assert df["persen_dilaporkan"].iloc[1] == 101.94 and df["desimal"].iloc[1] == 2
    assert df["tingkat"].tolist() == ["program", "kegiatan", "sub_kegiatan", "program"]


def test_indikator_program_bad_tingkat_and_sasaran(tmp_path):
    header = "No;Sasaran;Tingkat;Program/Kegiatan/Sub Kegiatan;Indikator Kinerja;Target Kinerja;Realisasi Kinerja;%\n"
    path = write(tmp_path, "indikator_program.csv", header + "1;S1;aktivitas;P;I;1;1;100%\n")
    with pytest.raises(InputError) as err:
        budget.read_indikator_program(path)
    assert (err.value.row, err.value.column, err.value.value) == (2, "Tingkat", "aktivitas")
    path = write(tmp_path, "indikator_program.csv", header + "satu;S1;program;P;I;1;1;100%\n")
    with pytest.raises(InputError) as err:
        budget.read_indikator_program(path)
    assert (err.value.row, err.value.column, err.value.value) == (2, "No", "satu")


def test_indikator_program_analisis_levels(tmp_path):
    path = write(tmp_path, "indikator_program_analisis.csv", "\n".join([
        "Tabel;sasaran_id;Program/Kegiatan;Indikator Kinerja;% Capaian;Menunjang /Kurang",
        "Tabel 3.16;2;Program A;Ind;4,070%;Menunjang",
        "Tabel 3.16;2;Program A;Ind 2;200%;",
        "Tabel 3.16;2;Kegiatan B;Ind 3;8.500%;Menunjang",
    ]) + "\n")
    df = budget.read_indikator_program_analisis(path)
    assert df["tingkat"].tolist() == ["program", "program", "kegiatan"]
    assert df["persen_dilaporkan"].tolist() == [4.07, 200.0, 8500.0]
    assert pd.isna(df["menunjang"].iloc[1])


# --- the shipped 2024 files, against figures worked out by hand from the seed -----------------

@pytest.fixture(scope="module")
def shipped():
    return budget.tables(Paths.default(), 2024)


def test_shipped_tree_sizes(shipped):
    sub = shipped["anggaran_subkegiatan"]
    assert len(sub) == 30
    assert sub["program"].nunique() == 7
    assert len(sub[["program", "kegiatan"]].drop_duplicates()) == 15
    assert (sub["urusan"] == "Tenaga Kerja").sum() == 24  # 18 Sekretariat + 6 Bidang Tenaga Kerja


def test_shipped_rollups(shipped):
    sub = shipped["anggaran_subkegiatan"]
    sas = budget_measure.rollup(sub, "sasaran").set_index("sasaran_id")
    assert sas.loc[1, "pagu"] == 1_407_615_308 and sas.loc[1, "realisasi"] == 1_327_231_136
    assert round(sas.loc[1, "serapan"], 2) == 94.29 and round(sas.loc[1, "efisiensi"], 2) == 5.71
    assert sas.loc[2, "pagu"] == 1_806_269_606 and sas.loc[3, "pagu"] == 3_429_976_208
    total = budget_measure.rollup(sub, "total").iloc[0]
    assert total["pagu"] == 6_643_861_122 and total["realisasi"] == 5_959_374_081
    assert round(total["serapan"], 2) == 89.70
    urusan = budget_measure.rollup(sub, "urusan").set_index("urusan")
    assert urusan.loc["Tenaga Kerja", "pagu"] == 1_407_615_308 + 3_429_976_208 == 4_837_591_516
    assert urusan.loc["Tenaga Kerja", "realisasi"] == 4_243_150_919
    assert round(urusan.loc["Tenaga Kerja", "serapan"], 2) == 87.71
    program = budget_measure.rollup(sub, "program").set_index("program")
    # Tabel 3.25 prints 1.665.673.356 for this program; the PK of the Kepala Dinas 1.137.154.750
    assert program.loc["Perencanaan Dan Pembangunan Industri", "pagu"] == 1_665_673_356


def test_shipped_absorption_bands(shipped):
    bands = budget_measure.absorption_bands(shipped["anggaran_subkegiatan"]).set_index(["urusan", "pita"])["jumlah"]
    assert bands[("Tenaga Kerja", "≥ 90")] == 16
    assert bands[("Tenaga Kerja", "80 – < 90")] == 7
    assert bands[("Tenaga Kerja", "< 80")] == 1   # Fasilitasi Kunjungan Tamu, 79,21%
    assert bands[("Perindustrian", "≥ 90")] == 5 and bands[("Perindustrian", "80 – < 90")] == 1
    sub = shipped["anggaran_subkegiatan"]
    low = sub[budget_measure.serapan(sub) < 80]
    assert low["sub_kegiatan"].tolist() == ["Fasilitasi Kunjungan Tamu"]


def test_shipped_rekap_matches_tree_names(shipped):
    sub, rekap = shipped["anggaran_subkegiatan"], shipped["anggaran_rekap_dilaporkan"]
    assert set(rekap["tingkat"]) == {"program", "kegiatan", "sasaran", "urusan", "total"}
    assert set(rekap.loc[rekap["tingkat"] == "program", "program"]) == set(sub["program"])
    kegiatan = rekap[rekap["tingkat"] == "kegiatan"][["program", "kegiatan"]]
    assert set(map(tuple, kegiatan.values)) == set(map(tuple, sub[["program", "kegiatan"]].drop_duplicates().values))
    # every published subtotal of the shipped data adds up (the seed's sums are right here)
    keg = budget_measure.rollup(sub, "kegiatan").set_index(["program", "kegiatan"])
    for r in rekap[rekap["tingkat"] == "kegiatan"].itertuples():
        assert keg.loc[(r.program, r.kegiatan), "pagu"] == r.pagu


def test_shipped_pk_and_apbd(shipped):
    pk = shipped["anggaran_pk"]
    kd = pk[pk["dokumen"].str.startswith("Kepala Dinas")]
    assert kd.loc[~kd["is_total"], "anggaran"].sum() == 6_115_342_516   # rows as printed
    assert kd.loc[kd["is_total"], "anggaran"].iloc[0] == 6_643_861_122  # TOTAL as printed
    apbd = shipped["apbd_rekening"].set_index("uraian")
    assert apbd.loc["Jumlah Belanja", "setelah"] == 6_643_861_122
    assert apbd.loc["Belanja Pegawai", "selisih"] == -68_762_889


def test_shipped_indicators(shipped):
    ind = shipped["indikator_program"]
    assert len(ind) == 54
    assert ind["tingkat"].value_counts().to_dict() == {"sub_kegiatan": 30, "kegiatan": 15, "program": 9}
    hub = ind[ind["nama"] == "PROGRAM HUBUNGAN INDUSTRIAL"].iloc[0]
    assert hub["persen_teks"] == "1.024.07 %" and pd.isna(hub["persen_dilaporkan"])
    pen = ind[ind["indikator"].str.startswith("Persentase Tenaga Kerja yang Ditempatkan")].iloc[0]
    assert (pen["target"], pen["realisasi"], pen["persen_dilaporkan"]) == (46.45, 51.53, 101.94)
    assert round(51.53 / 46.45 * 100, 2) == 110.94   # what Tabel 3.9 prints instead


def test_indikator_program_row_restating_an_iku_takes_pk_target_and_reported_realisasi(tmp_path):
    folder = tmp_path / "2025"
    folder.mkdir()
    write(folder, "perjanjian_kinerja.csv", "indikator_id;No;Sasaran Strategis;Indikator Kinerja;Target\n"
          "1.1;1;S1;Penyerapan;93,77%\n3.1;3;S3;Hasil Penilaian AKIP PD oleh Inspektorat;A\n")
    write(folder, "capaian_kinerja_tahunan.csv", "indikator_id;Tabel;Indikator Kinerja;Tahun;Target;Realisasi\n"
          "3.1;Tabel 3.20;AKIP;2024;A;A\n3.1;Tabel 3.20;AKIP;2025;A;BB\n")
    header = "No;Sasaran;Tingkat;Program/Kegiatan/Sub Kegiatan;Indikator Kinerja;Target Kinerja;Realisasi Kinerja;%;indikator_id\n"
    path = write(folder, "indikator_program.csv", header + "3;S3;program;PROGRAM PENUNJANG;Nilai IKM;91;88,25;;\n"
                 "3;S3;program;PROGRAM PENUNJANG;Nilai Evaluasi AKIP oleh Inspektorat;;;;3.1\n")
    df = budget.read_indikator_program(path)
    assert list(df["target_teks"]) == ["91", "A"]
    assert list(df["realisasi_teks"]) == ["88,25", "BB"]  # the 2025 realisasi, not 2024's
    # typed and equal (case and spacing aside): accepted; typed and different: refused by name
    path.write_text(header + "3;S3;program;P;Nilai Evaluasi AKIP;a ;BB;;3.1\n", encoding="utf-8")
    assert list(budget.read_indikator_program(path)["target_teks"]) == ["A"]
    path.write_text(header + "3;S3;program;P;Nilai Evaluasi AKIP;A;A;;3.1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        budget.read_indikator_program(path)
    assert ("baris 2, kolom 'Realisasi Kinerja', nilai 'A': baris ini menyatakan ulang indikator 3.1: nilainya "
            "diambil dari capaian_kinerja_tahunan.csv (kolom 'Realisasi': 'BB')") in str(err.value)
    path.write_text(header + "3;S3;program;P;Nilai Evaluasi AKIP;;;;9.9\n", encoding="utf-8")
    with pytest.raises(InputError, match="kolom 'indikator_id', nilai '9.9': indikator_id ini tidak ada"):
        budget.read_indikator_program(path)
