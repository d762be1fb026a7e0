"""Service parsers (job seekers, placements, destinations, trainings, halal certificates) on tiny
hand-made tables, with error cases, and the shipped 2024 files against the seed."""

import datetime as dt

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import services


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


EDU = "PENDIDIKAN;Laki-laki;Perempuan;Jumlah\n"


def test_education_table_tidy_and_published(tmp_path):
    path = write(tmp_path, "pencari_kerja.csv", EDU + "\n".join([
        "SD;1;-;1",
        "DIPLOMA I;-;-;",      # blank Jumlah: nothing printed
        "DIPLOMA III;-;1;-",   # printed '-' although L+P = 1
        "Jumlah;1;1;3",
    ]) + "\n")
    tidy, published = services.read_by_education(path)
    assert tidy[["pendidikan", "jenis_kelamin", "jumlah"]].values.tolist() == [
        ["SD", "L", 1], ["SD", "P", 0], ["DIPLOMA I", "L", 0], ["DIPLOMA I", "P", 0],
        ["DIPLOMA III", "L", 0], ["DIPLOMA III", "P", 1]]
    assert str(tidy["jumlah"].dtype) == "Int64"
    col = published[~published["is_total"]].set_index("pendidikan")["jumlah_dilaporkan"]
    assert col["SD"] == 1 and pd.isna(col["DIPLOMA I"]) and col["DIPLOMA III"] == 0
    tot = published[published["is_total"]].set_index("jenis_kelamin")["jumlah_dilaporkan"].to_dict()
    assert tot == {"L": 1, "P": 1, "L+P": 3}
    assert published[published["is_total"]]["sumber_baris"].unique().tolist() == [5]


def test_education_table_errors(tmp_path):
    path = write(tmp_path, "penempatan_tenaga_kerja.csv", EDU + "SD;1;2;3\nSLTP;1;x;3\n")
    with pytest.raises(InputError) as err:
        services.read_by_education(path)
    e = err.value
    assert (e.row, e.column, e.value) == (3, "Perempuan", "x")
    assert "penempatan_tenaga_kerja.csv" in str(e)
    path = write(tmp_path, "pencari_kerja.csv", "PENDIDIKAN;Laki-laki;Jumlah\nSD;1;1\n")
    with pytest.raises(InputError) as err:
        services.read_by_education(path)
    assert "Perempuan" in str(err.value) and err.value.row == 1


def test_penyaluran(tmp_path):
    path = write(tmp_path, "penyaluran_tenaga_kerja.csv",
                 "No.;Keterangan;Tahun 2025 (orang)\n1.;Ke LN;4\n2.;Swasta;-\n;Jumlah;5\n")
    items, published = services.read_penyaluran(path)
    assert items["jumlah"].tolist() == [4, 0]
    assert published["jumlah_dilaporkan"].tolist() == [5]
    bad = write(tmp_path, "penyaluran_tenaga_kerja.csv", "No.;Keterangan;Orang\n1.;Ke LN;4\n")
    with pytest.raises(InputError) as err:
        services.read_penyaluran(bad)
    assert err.value.row == 1


PEL = "Penyelenggara;Sumber Dana;Pelatihan;Angkatan;Peserta;Tanggal Mulai;Tanggal Selesai;Tempat\n"


def test_pelatihan_dates(tmp_path):
    path = write(tmp_path, "pelatihan.csv", PEL + "\n".join([
        "Dinas;APBD;Roti;1;16;2 Februari;7 Maret 2024;BLK",
        "Dinas;APBD;Jahit;2;16;20 Desember;5 Januari 2025;BLK",   # start year inferred, one earlier
        "Dinas;APBD;HP;1;16;3 Nopember 2024;20 Agustus 2024;BLK",  # older spelling; reversed kept
        "LPK;APBN;Komputer;;8;;;",
    ]) + "\n")
    df = services.read_pelatihan(path, 2024)
    assert df["tanggal_mulai"].dt.date.tolist()[:3] == [dt.date(2024, 2, 2), dt.date(2024, 12, 20),
                                                        dt.date(2024, 11, 3)]
    assert df["tanggal_selesai"].dt.date.tolist()[:2] == [dt.date(2024, 3, 7), dt.date(2025, 1, 5)]
    assert pd.isna(df["tanggal_mulai"].iloc[3]) and pd.isna(df["angkatan"].iloc[3])
    assert df["tanggal_mulai_teks"].iloc[0] == "2 Februari"
    assert df["peserta"].tolist() == [16, 16, 16, 8]


@pytest.mark.parametrize("line,column,value", [
    ("D;APBD;Roti;1;16;2 Febuari;7 Maret 2024;BLK", "Tanggal Mulai", "2 Febuari"),
    ("D;APBD;Roti;1;16;2 Februari;2024-03-07;BLK", "Tanggal Selesai", "2024-03-07"),
    ("D;APBD;Roti;1;enam belas;2 Februari;7 Maret 2024;BLK", "Peserta", "enam belas"),
    ("D;APBD;Roti;1;-;2 Februari;7 Maret 2024;BLK", "Peserta", "-"),
])
def test_pelatihan_errors(tmp_path, line, column, value):
    path = write(tmp_path, "pelatihan.csv", PEL + line + "\n")
    with pytest.raises(InputError) as err:
        services.read_pelatihan(path, 2024)
    assert (err.value.row, err.value.column, err.value.value) == (2, column, value)
    assert "pelatihan.csv" in str(err.value)


def test_halal_keeps_duplicates(tmp_path):
    path = write(tmp_path, "fasilitasi_halal.csv", "Mekanisme;No;Nama IKM;Jenis Produk;No Sertifikat;Alamat\n"
                 "Self Declare;14;A;Makanan;ID1;X\nSelf Declare;15;B;Minuman;ID1;Y\n")
    df = services.read_fasilitasi_halal(path)
    assert df["no_sertifikat"].tolist() == ["ID1", "ID1"] and df["no"].tolist() == [14, 15]


# --- the shipped 2024 files, against the seed ---------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    return services.tables(Paths.default(), 2024)


def test_shipped_job_seekers_and_placements(shipped):
    seekers, placed = shipped["pencari_kerja"], shipped["penempatan"]
    assert int(seekers["jumlah"].sum()) == 196
    assert seekers.groupby("jenis_kelamin")["jumlah"].sum().to_dict() == {"L": 102, "P": 94}
    assert int(placed["jumlah"].sum()) == 101
    assert round(101 / 196 * 100, 2) == 51.53
    pub = shipped["penempatan_dilaporkan"]
    column = pub[~pub["is_total"]]
    assert int(column["jumlah_dilaporkan"].sum()) == 100          # the Jumlah column as printed
    assert pub[pub["is_total"] & (pub["jenis_kelamin"] == "L+P")]["jumlah_dilaporkan"].iloc[0] == 101
    d3 = placed[placed["pendidikan"] == "DIPLOMA III"].set_index("jenis_kelamin")["jumlah"]
    assert (d3["L"], d3["P"]) == (0, 1)


def test_shipped_penyaluran(shipped):
    assert int(shipped["penyaluran"]["jumlah"].sum()) == 101
    assert shipped["penyaluran_dilaporkan"]["jumlah_dilaporkan"].tolist() == [101]


def test_shipped_trainings(shipped):
    pel = shipped["pelatihan"]
    apbd = pel[pel["sumber_dana"] == "APBD Kota Payakumbuh"]
    assert len(apbd) == 15 and int(apbd["peserta"].sum()) == 240   # the text claims 271
    assert apbd["tanggal_mulai"].notna().all() and (apbd["tanggal_mulai"] <= apbd["tanggal_selesai"]).all()
    by_org = pel.groupby("penyelenggara", sort=False)["peserta"].sum()
    assert by_org["Balai Latihan Kerja Payakumbuh"] == 96 and by_org["Balai Diklat Industri Padang"] == 104
    assert int(pel["peserta"].sum()) == 240 + 96 + 104 + 19 + 35 + 6 + 8 + 3


def test_shipped_halal(shipped):
    halal = shipped["fasilitasi_halal"]
    assert halal["mekanisme"].value_counts().to_dict() == {"Self Declare": 44, "Reguler": 5}
    dup = halal[halal["no_sertifikat"].duplicated(keep=False)]
    assert dup["no"].tolist() == [14, 15] and dup["no_sertifikat"].unique().tolist() == ["ID13110018035540524"]
