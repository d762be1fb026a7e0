"""A provinsi (or any agency whose register carries BPS region codes) keeps firms by code, not name."""

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.config import Paths
from pipeline.errors import InputError
from tests.conftest import use_project

PADANG = Path(__file__).parent / "fixtures" / "padang"
# BPS kabupaten/kota codes: 1371 Kota Padang, 1375 Kota Bukittinggi, 1305 Kab. Padang Pariaman,
# 1374 Kota Padang Panjang (all Sumatera Barat, 13), 1471 Kota Pekanbaru (Riau, 14).
CODES = {1: "1371", 2: "1371", 3: "1371", 4: "1371", 5: "1371", 6: "1371", 7: "1371", 8: "1371",
         9: "1371", 10: "1375", 11: "1305", 12: "13.74"}


def _agency(tmp_path, monkeypatch, wilayah: dict, codes: dict | None, extra_row: str | None = None):
    shutil.copytree(PADANG / "data", tmp_path / "data")
    use_project(monkeypatch, tmp_path)
    profile_path = Paths(tmp_path).raw_common / "profil_instansi.yml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile["wilayah"] = wilayah
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    register = Paths(tmp_path).raw_year(2025) / "ikm_register.csv"
    lines = register.read_text(encoding="utf-8").splitlines()
    if codes is not None:
        lines = [lines[0] + ";kode_wilayah"] + [f"{line};{codes[n]}" for n, line in enumerate(lines[1:], 1)]
    if extra_row:
        lines.append(extra_row)
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return register


def _clean(register):
    """Clean the register of the agency :func:`_agency` made (its project: data/raw/2025/ up)."""
    from pipeline.clean.ikm import aggregate_register, clean_register

    perusahaan, log = clean_register(register, Paths(register.parents[3]))
    return aggregate_register(perusahaan, 2025), log


PROVINSI = {"jenis": "provinsi", "nama": "Sumatera Barat", "nama_bps": "Provinsi Sumatera Barat", "kode_bps": "13"}


def test_provinsi_keeps_every_firm_of_its_kabupaten_and_kota_and_drops_the_rest_by_code(tmp_path, monkeypatch):
    pekanbaru = ("13;1471-25013;Tenun Fikstur Tiga Belas;Mira;Jl. Uji No. 13;Sukajadi;Kota Pekanbaru;13122;"
                 "Sandang dan Kulit;;5;200000000;700000000;Aktif;;FIKSTUR UJI - bukan data riil;1471")
    register = _agency(tmp_path, monkeypatch, PROVINSI, CODES, pekanbaru)
    agregat, log = _clean(register)
    dropped = log[log["tindakan"] == "dibuang"]
    assert dropped[["sumber_baris", "kolom", "nilai_lama"]].values.tolist() == [[14, "kode_wilayah", "1471"]]
    assert set(dropped["alasan"]) == {"berdomisili di luar Provinsi Sumatera Barat"}
    # By hand: the 9 Padang firms (42,6 billion) + Bukittinggi 2,5 + Padang Pariaman 1,2 +
    # Padang Panjang 0,9 billion = 47,2 billion rupiah = 47.200.000 thousand; 12 firms.
    assert agregat["unit_usaha"] == 12 and agregat["nilai_produksi_ribu_rp"] == 47_200_000


def test_kota_with_codes_matches_by_code_not_by_name(tmp_path, monkeypatch):
    kota = {"jenis": "kota", "nama": "Padang", "nama_bps": "Kota Padang", "kode_bps": "1371"}
    agregat, log = _clean(_agency(tmp_path, monkeypatch, kota, CODES))
    dropped = log[log["tindakan"] == "dibuang"]
    assert dropped["sumber_baris"].tolist() == [11, 12, 13]
    assert set(dropped["kolom"]) == {"kode_wilayah"}
    assert agregat["unit_usaha"] == 9 and agregat["nilai_produksi_ribu_rp"] == 42_600_000


def test_provinsi_register_without_codes_is_refused(tmp_path, monkeypatch):
    register = _agency(tmp_path, monkeypatch, PROVINSI, None)
    with pytest.raises(InputError) as error:
        _clean(register)
    assert "perlu kolom 'kode_wilayah'" in str(error.value) and "ikm_register.csv" in str(error.value)


def test_malformed_code_is_refused_naming_its_cell(tmp_path, monkeypatch):
    register = _agency(tmp_path, monkeypatch, PROVINSI, {**CODES, 5: "13x1"})
    with pytest.raises(InputError) as error:
        _clean(register)
    assert (error.value.row, error.value.column, error.value.value) == (6, "kode_wilayah", "13x1")


@pytest.mark.parametrize(("wilayah", "column", "fragment"), [
    ({"jenis": "kecamatan", "nama": "X", "nama_bps": "X"}, "wilayah.jenis", "kota, kabupaten, provinsi"),
    ({"jenis": "provinsi", "nama": "X", "nama_bps": "Provinsi X"}, "wilayah.kode_bps", "kode wilayah BPS"),
    ({"jenis": "provinsi", "nama": "X", "nama_bps": "Provinsi X", "kode_bps": "1376"}, "wilayah.kode_bps", "2 angka"),
    ({"jenis": "kabupaten", "nama": "X", "nama_bps": "Kabupaten X", "kode_bps": "13"}, "wilayah.kode_bps", "4 angka"),
])
def test_profile_wilayah_is_validated(tmp_path, monkeypatch, wilayah, column, fragment):
    from pipeline.inputs.profile import load_profile

    _agency(tmp_path, monkeypatch, wilayah, None)
    with pytest.raises(InputError) as error:
        load_profile(Paths(tmp_path))
    assert error.value.column == column and fragment in str(error.value)
