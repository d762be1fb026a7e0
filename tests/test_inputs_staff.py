"""Staff parsers (Tabel 1.1/1.2 flattened, staff per sasaran) and the agency profile loader."""

import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import profile, staff

HEADER = "Pendidikan;Sekretariat L;Sekretariat P;UPTD L;UPTD P;Jumlah L;Jumlah P;Total\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_by_unit_tidy_and_published(tmp_path):
    path = write(tmp_path, "pegawai_pendidikan.csv", HEADER + "S1;2;;1;;3;;3\nD3;;1;;;;2;2\nJumlah;2;1;1;;3;1;5\n")
    tidy, published = staff.read_by_unit(path)
    assert len(tidy) == 8   # 2 categories x 2 units x 2 sexes, blanks read as 0
    s1 = tidy[tidy["kategori"] == "S1"].set_index(["unit", "jenis_kelamin"])["jumlah"].to_dict()
    assert s1 == {("Sekretariat", "L"): 2, ("Sekretariat", "P"): 0, ("UPTD", "L"): 1, ("UPTD", "P"): 0}
    assert int(tidy["jumlah"].sum()) == 4
    assert str(tidy["jumlah"].dtype) == "Int64"
    pub = published.set_index(["kategori", "unit", "jenis_kelamin"])["jumlah_dilaporkan"]
    assert pub[("D3", "Jumlah", "P")] == 2 and pub[("D3", "Total", "L+P")] == 2
    assert pub[("Jumlah", "Total", "L+P")] == 5 and pub[("Jumlah", "Sekretariat", "L")] == 2
    assert published.loc[published["kategori"] == "Jumlah", "is_total"].all()


def test_by_unit_errors(tmp_path):
    path = write(tmp_path, "pegawai_golongan.csv", HEADER.replace("Pendidikan", "Pangkat/Gol") + "IIIa;1;dua;;;1;;1\n")
    with pytest.raises(InputError) as err:
        staff.read_by_unit(path)
    assert (err.value.row, err.value.column, err.value.value) == (2, "Sekretariat P", "dua")
    assert "pegawai_golongan.csv" in str(err.value)
    path = write(tmp_path, "pegawai_golongan.csv", "Pangkat/Gol;Sekretariat L;Jumlah L;Jumlah P\nIIIa;1;1;\n")
    with pytest.raises(InputError) as err:
        staff.read_by_unit(path)
    assert "Total" in str(err.value) and err.value.row == 1
    path = write(tmp_path, "pegawai_golongan.csv", "Pangkat/Gol;Sekretariat;Jumlah L;Jumlah P;Total\nIIIa;1;1;;1\n")
    with pytest.raises(InputError) as err:
        staff.read_by_unit(path)
    assert err.value.column == "Sekretariat"


def test_sdm_sasaran(tmp_path):
    path = write(tmp_path, "sdm_sasaran.csv", "sasaran_id;Jumlah;ASN;P3K;TJP;Sumber\n1;5;3;;2;teks\n2;26;5;-;16;teks\n")
    df = staff.read_sdm_sasaran(path)
    assert df[["sasaran_id", "jumlah", "asn", "p3k", "tjp"]].values.tolist() == [[1, 5, 3, 0, 2], [2, 26, 5, 0, 16]]
    bad = write(tmp_path, "sdm_sasaran.csv", "sasaran_id;Jumlah;ASN;P3K;TJP\n1;lima;3;;2\n")
    with pytest.raises(InputError) as err:
        staff.read_sdm_sasaran(bad)
    assert (err.value.row, err.value.column, err.value.value) == (2, "Jumlah", "lima")


def test_shipped_staff():
    t = staff.tables(Paths.default(), 2024)
    gol, pend = t["pegawai_golongan"], t["pegawai_pendidikan"]
    assert int(gol["jumlah"].sum()) == 23 and int(pend["jumlah"].sum()) == 23
    assert gol.groupby("jenis_kelamin")["jumlah"].sum().to_dict() == {"L": 11, "P": 12}
    assert gol.groupby("unit", sort=False)["jumlah"].sum().to_dict() == {
        "Sekretariat": 11, "Bidang Tenaga Kerja": 4, "Bidang Perindustrian": 4, "UPTD": 4}
    pppk = gol[gol["kategori"].str.startswith("PPPK")]["jumlah"].sum()
    assert pppk == 5
    pub = t["pegawai_golongan_dilaporkan"]
    assert pub[(pub["kategori"] == "Jumlah") & (pub["unit"] == "Total")]["jumlah_dilaporkan"].iloc[0] == 23
    sdm = t["sdm_sasaran"].set_index("sasaran_id")
    assert sdm.loc[1, ["jumlah", "asn", "p3k", "tjp"]].tolist() == [5, 3, 0, 2]
    assert sdm.loc[2, ["jumlah", "asn", "p3k", "tjp"]].tolist() == [26, 5, 5, 16]
    assert sdm.loc[3, ["jumlah", "asn", "p3k", "tjp"]].tolist() == [14, 8, 2, 4]
    assert int((sdm["asn"] + sdm["p3k"]).sum()) == 23   # = the PNS + P3K of Tabel 1.1


def test_profile_shipped():
    data = profile.load_profile(Paths.default())
    assert data["kepala_dinas"]["nama"].startswith("YUNIDA FATWA")
    assert data["kepala_dinas"]["nip"] == "19670601 198809 2 001"
    assert len(data["landasan_hukum"]) == 6 and len(data["fungsi"]) == 5
    assert [i["nama"] for i in data["inovasi"]] == ["Cinta Kessing", "Klinik Anisa", "Marandang Day"]


def _root_with_profile(tmp_path, text):
    common = tmp_path / "data" / "raw" / "common"
    common.mkdir(parents=True)
    (common / "profil_instansi.yml").write_text(text, encoding="utf-8")
    return Paths(tmp_path)


def test_profile_missing_key(tmp_path):
    text = (Paths.default().raw_common / "profil_instansi.yml").read_text(encoding="utf-8")
    text = text.replace("\nalamat:", "\nalamat_kantor:")
    with pytest.raises(InputError) as err:
        profile.load_profile(_root_with_profile(tmp_path, text))
    assert "alamat" in str(err.value) and "profil_instansi.yml" in str(err.value)


def test_profile_nested_and_type_errors(tmp_path):
    text = (Paths.default().raw_common / "profil_instansi.yml").read_text(encoding="utf-8")
    with pytest.raises(InputError) as err:
        profile.load_profile(_root_with_profile(tmp_path / "a", text.replace("  nip:", "  nomor:")))
    assert "kepala_dinas.nip" in str(err.value)
    with pytest.raises(InputError) as err:
        profile.load_profile(_root_with_profile(tmp_path / "b", text.replace("\nfungsi:\n", "\nfungsi: satu\nx:\n")))
    assert "'fungsi' harus berupa daftar" in str(err.value)
    with pytest.raises(InputError) as err:
        profile.load_profile(_root_with_profile(tmp_path / "c", "- just\n- a list\n"))
    assert "pasangan kunci: nilai" in str(err.value)


def test_profile_is_loaded_safely(tmp_path):
    with pytest.raises(InputError) as err:
        profile.load_profile(_root_with_profile(tmp_path, "nama: !!python/object/apply:os.system ['echo hi']\n"))
    assert "bukan YAML yang sah" in str(err.value)
