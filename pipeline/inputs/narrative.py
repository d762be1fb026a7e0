"""The analyst's narrative for a year: data/raw/<year>/narasi.yml.

Structure (every key optional; see data/raw/README.md)::

    sasaran:
      <id>:
        faktor_pendukung: [text, ...]
        faktor_penghambat: [text, ...]
        solusi: [text, ...]
        analisis: text
        analisis_tabel: [text, ...]      # the analysis column of the success/failure table
    permasalahan: {tenaga_kerja: [...], perindustrian: [...]}
    tindak_lanjut: {tenaga_kerja: [...], perindustrian: [...]}
    prestasi: [text, ...]
    konfirmasi: [{kunci, alasan}, ...]   # implausible figures confirmed (pipeline.inputs.kewajaran)
    kata_pengantar: {paragraf: [text, ...], tempat_tanggal: "Payakumbuh, Desember 2024"}
    tanggal_dokumen: {rkt: text, formulir_pengukuran_kinerja: text}   # place and date printed
    reviu: {tempat_tanggal, nama, nip, jabatan, pangkat}   # the APIP's Pernyataan Telah Direviu
    publikasi: {url, tanggal}                              # where and when the report was published
    kalimat_dipublikasikan: [{tempat, kalimat | penandatangan, sasaran?}, ...]
                                         # sentences and signatures of the published LKjIP that
                                         # the report does not reprint; checked against the figures
                                         # (pipeline.validate.narasi_check)

Missing narrative never blocks the numbers: a missing file or key comes back as ``None``
so the report shows a visible placeholder (and is marked draft, see :func:`missing_parts`).
A file that is not valid YAML, an unknown key (usually a typo) or a value of the wrong
type raises InputError. The YAML is loaded with ``safe_load``: nothing in it is executed.
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, parts, reads
from pipeline.inputs.rawio import read_table, read_yaml
from pipeline.messages import PARSE

FILENAME = parts.FILENAME
SASARAN_LISTS = ("faktor_pendukung", "faktor_penghambat", "solusi", "analisis_tabel")
SASARAN_TEXTS = ("analisis",)
SASARAN_KEYS = ("faktor_pendukung", "faktor_penghambat", "solusi", "analisis", "analisis_tabel")
URUSAN = ("tenaga_kerja", "perindustrian")
GROUPED_LISTS = ("permasalahan", "tindak_lanjut")
KATA_PENGANTAR_KEYS = ("paragraf", "tempat_tanggal")
DOCUMENT_DATES = ("rkt", "formulir_pengukuran_kinerja")
# The reviewer (Inspektorat/APIP) who signs the Pernyataan Telah Direviu; pangkat is optional.
REVIU_KEYS = ("tempat_tanggal", "nama", "nip", "jabatan", "pangkat")
REVIU_REQUIRED = ("tempat_tanggal", "nama", "nip", "jabatan")
# Where the report is published (Pemenuhan "dipublikasikan" of the evaluation sheet); optional.
PUBLIKASI_KEYS = ("url", "tanggal")
# konfirmasi: implausible figures the analyst confirms (pipeline.inputs.kewajaran)
CLAIM_KEYS = ("tempat", "kalimat", "penandatangan", "sasaran")
TOP_KEYS = ("sasaran",) + GROUPED_LISTS + ("prestasi", "kata_pengantar", "tanggal_dokumen", "konfirmasi",
                                            "reviu", "publikasi", "kalimat_dipublikasikan")
COLUMNS = ["sasaran_id", "bagian", "urutan", "teks", "tempat"]
# Not every LKjIP has an analysis table per sasaran (2024 has none for sasaran 3), so an
# empty analisis_tabel does not make the report a draft.
OPTIONAL = ("analisis_tabel",)


def _declared_sasaran(paths: Paths) -> list[int]:
    """Sasaran ids from iku.csv, so a sasaran without narrative still gets placeholders."""
    path = paths.raw_common / "iku.csv"
    if not path.is_file():
        return []
    df = read_table(path, required=["sasaran_id"])
    return [int(v) for v in df["sasaran_id"] if str(v).strip().isdigit()]


def _text_list(value, name: str, where: str) -> list[str] | None:
    if value is None or value == []:  # the new-year template writes empty lists
        return None
    if not isinstance(value, list):
        raise InputError(name, PARSE["yaml_list"].format(where=where),
                         column=where, value=str(value)[:60])
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise InputError(name, PARSE["yaml_item"].format(position=position, where=where),
                             column=where, value=str(item)[:60])
    return [item.strip() for item in value]


def _text(value, name: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(name, PARSE["yaml_text"].format(where=where), column=where, value=str(value)[:60])
    return value.strip() or None


def _mapping(value, name: str, where: str, allowed: tuple[str, ...] | None) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(name, PARSE["yaml_mapping"].format(where=where), column=where,
                         value=str(value)[:60])
    if allowed is not None:
        unknown = [str(k) for k in value if k not in allowed]
        if unknown:
            raise InputError(name, PARSE["yaml_unknown"].format(where=where, allowed=", ".join(allowed)),
                             column=where, value=", ".join(unknown))
    return value


def load_narrative(paths: Paths, year: int) -> dict:
    """The narrative with every expected key present (None where the analyst wrote nothing); in
    a run's kernel a mapping that notes the parts read (pipeline.inputs.parts)."""
    path = paths.raw_year(year) / FILENAME
    name = paths.rel(path)
    with reads.by_parts(path):  # in a run's kernel the parts read are its inputs, not the file
        raw = read_yaml(path) if path.is_file() else None
    top = _mapping(raw, name, PARSE["yaml_top"], TOP_KEYS)

    sasaran_raw = _mapping(top.get("sasaran"), name, "sasaran", None)
    sasaran: dict[int, dict] = {}
    for key, body in sasaran_raw.items():
        try:
            sasaran_id = int(key)
        except (TypeError, ValueError):
            raise InputError(name, PARSE["yaml_sasaran_key"],
                             column="sasaran", value=key) from None
        where = f"sasaran.{sasaran_id}"
        body = _mapping(body, name, where, SASARAN_KEYS)
        entry = {k: _text_list(body.get(k), name, f"{where}.{k}") for k in SASARAN_LISTS}
        entry.update({k: _text(body.get(k), name, f"{where}.{k}") for k in SASARAN_TEXTS})
        sasaran[sasaran_id] = {k: entry[k] for k in SASARAN_KEYS}
    for sasaran_id in _declared_sasaran(paths):
        sasaran.setdefault(sasaran_id, {k: None for k in SASARAN_KEYS})

    out: dict = {"sasaran": dict(sorted(sasaran.items()))}
    for group in GROUPED_LISTS:
        body = _mapping(top.get(group), name, group, URUSAN)
        out[group] = {u: _text_list(body.get(u), name, f"{group}.{u}") for u in URUSAN}
    out["prestasi"] = _text_list(top.get("prestasi"), name, "prestasi")
    foreword = _mapping(top.get("kata_pengantar"), name, "kata_pengantar", KATA_PENGANTAR_KEYS)
    out["kata_pengantar"] = {
        "paragraf": _text_list(foreword.get("paragraf"), name, "kata_pengantar.paragraf"),
        "tempat_tanggal": _text(foreword.get("tempat_tanggal"), name, "kata_pengantar.tempat_tanggal")}
    dates = _mapping(top.get("tanggal_dokumen"), name, "tanggal_dokumen", DOCUMENT_DATES)
    out["tanggal_dokumen"] = {k: _text(dates.get(k), name, f"tanggal_dokumen.{k}") for k in DOCUMENT_DATES}
    for key, allowed in (("reviu", REVIU_KEYS), ("publikasi", PUBLIKASI_KEYS)):
        body = _mapping(top.get(key), name, key, allowed)
        out[key] = {k: _text(_scalar(body.get(k)), name, f"{key}.{k}") for k in allowed}
    out["kalimat_dipublikasikan"] = _claims(top.get("kalimat_dipublikasikan"), name)
    return parts.recorded(out)


def _claims(value, name: str) -> list[dict]:
    """Published sentences/signatures: each names its place and holds a sentence or a name."""
    if value is None or value == []:
        return []
    if not isinstance(value, list):
        raise InputError(name, PARSE["yaml_list"].format(where="kalimat_dipublikasikan"),
                         column="kalimat_dipublikasikan", value=str(value)[:60])
    out = []
    for position, item in enumerate(value, start=1):
        where = f"kalimat_dipublikasikan.{position}"
        item = _mapping(item, name, where, CLAIM_KEYS)
        tempat = _text(item.get("tempat"), name, f"{where}.tempat")
        texts = [k for k in ("kalimat", "penandatangan") if _text(item.get(k), name, f"{where}.{k}")]
        if not tempat or len(texts) != 1:
            raise InputError(name, PARSE["yaml_claim"].format(where=where), column=where,
                             value=str(item)[:60])
        sasaran = item.get("sasaran")
        if sasaran is not None and not str(sasaran).strip().isdigit():
            raise InputError(name, PARSE["yaml_sasaran_key"], column=f"{where}.sasaran", value=str(sasaran))
        out.append({"tempat": tempat, "jenis": texts[0], "teks": _text(item[texts[0]], name, where),
                    "sasaran": None if sasaran is None else int(sasaran)})
    return out


def _scalar(value):
    """A NIP or a date typed without quotes reaches YAML as a number or a date: read it as text."""
    return value if value is None or isinstance(value, (str, list, dict)) else str(value)


def missing_parts(narrative: dict) -> list[str]:
    """Dotted names of the parts still empty, e.g. 'sasaran.3.analisis_tabel' (report = draft)."""
    missing = []
    for sasaran_id, body in narrative["sasaran"].items():
        missing += [f"sasaran.{sasaran_id}.{k}" for k, v in body.items()
                    if v is None and k not in OPTIONAL]
    for group in GROUPED_LISTS:
        missing += [f"{group}.{u}" for u, v in narrative[group].items() if v is None]
    if narrative["prestasi"] is None:
        missing.append("prestasi")
    for key, value in (narrative.get("kata_pengantar") or {}).items():
        if value is None:
            missing.append(f"kata_pengantar.{key}")
    reviu = narrative.get("reviu") or {}
    missing += [f"reviu.{k}" for k in REVIU_REQUIRED if not reviu.get(k)]
    return missing


def flatten(narrative: dict) -> pd.DataFrame:
    """One row per text: sasaran_id (NA outside sasaran), bagian, urutan (1-based), teks and
    tempat (the published place of a kalimat_dipublikasikan item, else empty)."""
    rows = []
    for sasaran_id, body in narrative["sasaran"].items():
        for bagian, value in body.items():
            for position, text in enumerate([value] if isinstance(value, str) else value or [], 1):
                rows.append((sasaran_id, bagian, position, text))
    for group in GROUPED_LISTS:
        for urusan, items in narrative[group].items():
            rows += [(pd.NA, f"{group}.{urusan}", i, t) for i, t in enumerate(items or [], 1)]
    rows += [(pd.NA, "prestasi", i, t) for i, t in enumerate(narrative["prestasi"] or [], 1)]
    foreword = narrative.get("kata_pengantar") or {}
    rows += [(pd.NA, "kata_pengantar", i, t) for i, t in enumerate(foreword.get("paragraf") or [], 1)]
    # Place-and-date lines, checked against each other (pipeline.validate.narasi_check).
    dates = {"kata_pengantar.tempat_tanggal": foreword.get("tempat_tanggal"),
             **{f"tanggal_dokumen.{k}": v for k, v in (narrative.get("tanggal_dokumen") or {}).items()}}
    rows += [(pd.NA, key, 1, text) for key, text in dates.items() if text]
    rows = [(*r, "") for r in rows]
    rows += [(pd.NA if c["sasaran"] is None else c["sasaran"], c["jenis"], i, c["teks"], c["tempat"])
             for i, c in enumerate(narrative.get("kalimat_dipublikasikan") or [], 1)]
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({"sasaran_id": "Int64", "bagian": "str", "urutan": "int64", "teks": "str", "tempat": "str"})


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """``narasi``: the flat table of :func:`flatten` (empty parts have no rows)."""
    return {catalogue.NARASI: flatten(load_narrative(paths, year))}
