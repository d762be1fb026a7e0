"""The agency profile for Bab I and Bab II (data/raw/common/profil_instansi.yml).

Loaded with ``yaml.safe_load`` (nothing in the file is executed or constructed). Missing or
mistyped keys stop the run with an InputError that names the file and the key.
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue
from pipeline.inputs.published import display
from pipeline.inputs.rawio import read_yaml
from pipeline.messages import PARSE

FILE = "profil_instansi.yml"

# key -> expected type; nested keys are checked by REQUIRED_NESTED.
REQUIRED = {
    "nama": str,
    "kota": str,
    "wilayah": dict,
    "alamat": str,
    "kepala_dinas": dict,
    "dasar_hukum_pembentukan": list,
    "tugas_pokok": str,
    "fungsi": list,
    "susunan_organisasi": list,
    "isu_strategis": list,
    "landasan_hukum": list,
    "rpd": dict,
    "inovasi": list,
}
REQUIRED_NESTED = {
    "kepala_dinas": {"nama": str, "nip": str},
    "wilayah": {"jenis": str, "nama": str, "nama_bps": str},
    "rpd": {"tujuan": list, "sasaran": list},
}
TYPE_NAMES = {str: "teks", list: "daftar (baris yang diawali '- ')", dict: "pasangan kunci: nilai"}


def _check(data: dict, spec: dict, name: str, prefix: str = "") -> None:
    for key, kind in spec.items():
        where = f"{prefix}{key}"
        if key not in data or data[key] is None or data[key] == "":
            raise InputError(name, PARSE["key_missing"].format(where=where), column=where)
        if not isinstance(data[key], kind):
            raise InputError(name, PARSE["key_type"].format(where=where, kind=TYPE_NAMES[kind]), column=where,
                             value=str(data[key])[:60])


def load_profile(paths: Paths) -> dict:
    """The agency profile as a dict, with the required keys checked."""
    path = paths.raw_common / FILE
    name = display(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(name, PARSE["profile_mapping"],
                         value=str(data)[:60])
    _check(data, REQUIRED, name)
    for key, spec in REQUIRED_NESTED.items():
        _check(data[key], spec, name, prefix=f"{key}.")
    _check_wilayah(data["wilayah"], name)
    return data


# jenis -> digits of its BPS region code (provinsi 13; kota/kabupaten 1376).
WILAYAH_KODE_DIGITS = {"kota": 4, "kabupaten": 4, "provinsi": 2}


def _check_wilayah(wilayah: dict, name: str) -> None:
    jenis = str(wilayah["jenis"]).strip().lower()
    if jenis not in WILAYAH_KODE_DIGITS:
        raise InputError(name, PARSE["wilayah_jenis"].format(allowed=", ".join(WILAYAH_KODE_DIGITS)),
                         column="wilayah.jenis", value=str(wilayah["jenis"]))
    kode = wilayah.get("kode_bps")
    if kode is None or str(kode).strip() == "":
        if jenis == "provinsi":
            raise InputError(name, PARSE["wilayah_kode_required"], column="wilayah.kode_bps")
        return
    digits = WILAYAH_KODE_DIGITS[jenis]
    if not (str(kode).strip().isdigit() and len(str(kode).strip()) == digits):
        raise InputError(name, PARSE["wilayah_kode"].format(jenis=jenis, digits=digits,
                                                            example="13" if digits == 2 else "1376"),
                         column="wilayah.kode_bps", value=str(kode))


# Scalar settings the computation reads (processed table ``instansi``: kunci, nilai).
SETTINGS = {
    "nama": ("nama",),
    "singkatan": ("singkatan",),
    "kota": ("kota",),
    "wilayah_jenis": ("wilayah", "jenis"),
    "wilayah_nama": ("wilayah", "nama"),
    "wilayah_nama_bps": ("wilayah", "nama_bps"),
    "capaian_sasaran": ("capaian_sasaran",),
    # the signatory the published names are checked against (pipeline.validate.narasi_check)
    "kepala_dinas_nama": ("kepala_dinas", "nama"),
    "belanja_pegawai_sub_kegiatan": ("belanja_pegawai_sub_kegiatan",),
}
CAPAIAN_SASARAN = ("rata_rata", "minimum")


def settings(profile: dict) -> dict[str, str]:
    out = {}
    for key, path in SETTINGS.items():
        value = profile
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):  # a list setting: names joined by ';', which no CSV cell holds
            value = "; ".join(str(v).strip() for v in value if v is not None)
        out[key] = "" if value is None else str(value).strip()
    return out


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """``instansi``: the agency's scalar settings (name, wilayah, sasaran capaian rule)."""
    profile = load_profile(paths)
    values = settings(profile)
    rule = values["capaian_sasaran"]
    if rule and rule not in CAPAIAN_SASARAN:
        raise InputError(display(paths.raw_common / FILE),
                         PARSE["capaian_sasaran_rule"].format(allowed=", ".join(CAPAIAN_SASARAN)),
                         column="capaian_sasaran", value=rule)
    return {catalogue.INSTANSI: pd.DataFrame({"kunci": list(values), "nilai": list(values.values())}, dtype="str")}
