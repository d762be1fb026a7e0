"""Plausibility bounds and the analyst's confirmations of implausible figures.

* ``data/raw/common/batas_kewajaran.csv`` — the agency declares, per check (``cek``), the
  plausible range of a figure (``batas_bawah``/``batas_atas``, '-' = no bound) with its unit and
  a note. The checks the validation knows are :data:`CEK` (pipeline.validate.kewajaran).
* ``konfirmasi:`` in ``data/raw/<year>/narasi.yml`` — a figure outside its range stops the run
  unless the analyst confirms it there, naming the figure by the key the error message prints::

      konfirmasi:
        - kunci: "capaian_iku:sasaran:2"
          alasan: "Produksi naik tajam karena pabrik baru; angka dicek dengan dinas."

Both become processed tables (``batas_kewajaran``, ``konfirmasi_kewajaran``) so the validation
step reads them like every other input (and the cache sees their changes).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, parts
from pipeline.inputs.idnum import NumberFormatError, is_nil, parse_number
from pipeline.inputs.rawio import ROW, read_table, read_yaml
from pipeline.messages import BLANK, PARSE

FILENAME = "batas_kewajaran.csv"
CEK = ("capaian_iku", "pertumbuhan_realisasi", "pangsa_satu_ikm", "produksi_per_tenaga_kerja",
       "investasi_per_tenaga_kerja", "perubahan_tingkat_tahunan", "perubahan_jumlah_tahunan")
COLUMNS = ["cek", "batas_bawah", "batas_atas", "satuan", "keterangan"]
KONFIRMASI_COLUMNS = ["kunci", "alasan", "urutan"]


def _bound(text: str, name: str, row: int, column: str, default: float) -> float:
    if is_nil(text):
        return default
    try:
        value = parse_number(text, "decimal")
    except NumberFormatError:
        value = None
    if value is None:
        raise InputError(name, PARSE["batas_number"],
                         row=row, column=column, value=text)
    return float(value)


def read_batas(path: Path, paths: Paths) -> pd.DataFrame:
    """batas_kewajaran.csv typed: one row per known check, bounds as floats (±inf for '-')."""
    name = paths.rel(Path(path))
    if not Path(path).is_file():
        raise InputError(name, PARSE["batas_missing"])
    df = read_table(path, required=COLUMNS)
    rows, seen = [], set()
    for r in df.to_dict("records"):
        row, cek = int(r[ROW]), str(r["cek"]).strip()
        if cek not in CEK:
            raise InputError(name, PARSE["batas_unknown"].format(allowed=", ".join(CEK)), row=row,
                             column="cek", value=cek or BLANK)
        if cek in seen:
            raise InputError(name, PARSE["batas_twice"], row=row, column="cek", value=cek)
        seen.add(cek)
        low = _bound(r["batas_bawah"], name, row, "batas_bawah", -math.inf)
        high = _bound(r["batas_atas"], name, row, "batas_atas", math.inf)
        if low >= high:
            raise InputError(name, PARSE["batas_order"], row=row, column="batas_atas",
                             value=r["batas_atas"])
        rows.append({"cek": cek, "batas_bawah": low, "batas_atas": high, "satuan": str(r["satuan"]).strip(),
                     "keterangan": str(r["keterangan"]).strip(), "sumber_baris": row})
    out = pd.DataFrame(rows, columns=COLUMNS + ["sumber_baris"])
    return out.astype({"batas_bawah": "float64", "batas_atas": "float64", "sumber_baris": "Int64"})


def read_konfirmasi(path: Path, paths: Paths) -> pd.DataFrame:
    """The ``konfirmasi:`` list of narasi.yml: kunci, alasan (both required), urutan (1-based)."""
    name = paths.rel(Path(path))
    raw = read_yaml(path) if Path(path).is_file() else None
    items = raw.get("konfirmasi") if isinstance(raw, dict) else None
    if items in (None, []):
        return pd.DataFrame(columns=KONFIRMASI_COLUMNS).astype({"kunci": "str", "alasan": "str",
                                                                "urutan": "int64"})
    if not isinstance(items, list):
        raise InputError(name, PARSE["konfirmasi_list"],
                         column="konfirmasi", value=str(items)[:60])
    rows, seen = [], set()
    for position, item in enumerate(items, start=1):
        where = f"konfirmasi[{position}]"
        if not isinstance(item, dict) or set(item) - {"kunci", "alasan"}:
            raise InputError(name, PARSE["konfirmasi_keys"],
                             column=where, value=str(item)[:60])
        kunci, alasan = item.get("kunci"), item.get("alasan")
        for key, value in (("kunci", kunci), ("alasan", alasan)):
            if not isinstance(value, str) or not value.strip():
                raise InputError(name, PARSE["konfirmasi_text"].format(key=key),
                                 column=f"{where}.{key}", value=str(value)[:60])
        if kunci.strip() in seen:
            raise InputError(name, PARSE["konfirmasi_twice"], column=f"{where}.kunci", value=kunci)
        seen.add(kunci.strip())
        rows.append({"kunci": kunci.strip(), "alasan": " ".join(alasan.split()), "urutan": position})
    return pd.DataFrame(rows, columns=KONFIRMASI_COLUMNS)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    return {catalogue.BATAS_KEWAJARAN: read_batas(paths.raw_common / FILENAME, paths),
            catalogue.KONFIRMASI_KEWAJARAN: read_konfirmasi(paths.raw_year(year) / parts.FILENAME, paths)}
