"""``lkjip new-year Y``: create the input files an analyst fills for year Y, pre-filled.

The file layout comes from the template year T (the latest earlier year with a folder in
data/raw). What is already known is written in, the rest is left blank:

  perjanjian_kinerja.csv        targets for Y from common/target_renstra.csv
  capaian_kinerja_tahunan.csv   the template's rows of Y-2 .. T (T's realisasi from
                                reports/T/summary.json where the template left it blank),
                                plus a row per sasaran for Y: target filled, realisasi blank
  bps_ketenagakerjaan_*.csv     same Uraian rows, the column of T copied, column Y blank
  ikm_perkembangan/klasifikasi  the series up to T (T = cleaned register aggregate when the
                                template has a register) plus a blank column Y
  budget tree, indicators, staff, standards, services with fixed rows
                                the rows' labels kept, their figures blank
  narasi.yml                    the skeleton per sasaran with empty lists
  everything else               header only (ikm_register.csv, angka_dipublikasikan.csv, ...)

A file that exists is never overwritten: only missing files are created.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs.idnum import fmt_number
from pipeline.years import manifest

SEP = ";"

# Files whose rows (a fixed classification or last year's tree) are kept with the figures
# blanked: file -> the columns kept.
KEEP_ROWS = {
    "anggaran_subkegiatan.csv": ["No", "sasaran_id", "Sasaran Strategis", "Urusan", "Program",
                                 "Kegiatan", "Sub Kegiatan"],
    "anggaran_rekap.csv": ["Tabel", "Tingkat", "Sasaran", "Urusan", "Program", "Kegiatan", "Uraian"],
    "anggaran_pk.csv": ["Dokumen", "No", "Program", "Keterangan"],
    "apbd_rekening.csv": ["Kode Rekening", "Uraian"],
    "indikator_program.csv": ["No", "Sasaran", "Tingkat", "Program/Kegiatan/Sub Kegiatan",
                              "Indikator Kinerja"],
    "indikator_program_analisis.csv": ["Tabel", "sasaran_id", "Program/Kegiatan", "Indikator Kinerja"],
    "standar_nasional.csv": ["indikator_id", "Tabel", "Indikator Kinerja"],
    "sdm_sasaran.csv": ["sasaran_id"],
    "pegawai_golongan.csv": ["Pangkat/Gol"],
    "pegawai_pendidikan.csv": ["Pendidikan"],
    "pencari_kerja.csv": ["PENDIDIKAN"],
    "penempatan_tenaga_kerja.csv": ["PENDIDIKAN"],
    "penyaluran_tenaga_kerja.csv": ["No.", "Keterangan"],
}

# What to fill and where it comes from, per file ({y} = the new year, {y1} = the year after,
# {wilayah} = the agency's region as BPS names it, from profil_instansi.yml).
HINTS = {
    "perjanjian_kinerja.csv": ("check the targets (pre-filled from the Renstra)", "Perjanjian Kinerja {y} (Perubahan PK Kepala Dinas)"),
    "capaian_kinerja_tahunan.csv": ("Realisasi of {y} (required for graded indicators such as the AKIP grade)", "LHE AKIP Inspektorat {y}; LKjIP {y}"),
    "bps_ketenagakerjaan_wilayah.csv": ("column 'Tahun {y}'", "BPS Sakernas Agustus {y}, {wilayah} Dalam Angka {y1}"),
    "bps_ketenagakerjaan_nasional.csv": ("column 'Tahun {y}'", "BPS Sakernas Agustus {y} (Keadaan Angkatan Kerja di Indonesia Agustus {y})"),
    "ikm_perkembangan.csv": ("column '{y}' (as published; the pipeline recomputes {y} from the register)", "Pendataan IKM {y}, Bidang Perindustrian"),
    "ikm_klasifikasi.csv": ("column '{y}'", "Pendataan IKM {y}, Bidang Perindustrian"),
    "ikm_register.csv": ("one row per firm: the agency's export of the register (docs/ikm_register_schema.md)", "Pendataan IKM {y} (register export)"),
    "anggaran_subkegiatan.csv": ("pagu, realisasi and % per sub-kegiatan (add or remove rows if the tree changed)", "DPA/LRA {y} per sub kegiatan (SIPD)"),
    "anggaran_rekap.csv": ("Pagu, Realisasi, % of every subtotal the report prints", "LRA {y}; the report's Tabel 2.6/3.25"),
    "anggaran_pk.csv": ("Anggaran per program of each PK document", "Perjanjian Kinerja {y} (lampiran anggaran)"),
    "apbd_rekening.csv": ("amounts per account", "DPA/DPPA {y} (SIPD)"),
    "indikator_program.csv": ("target, realisasi and % per program/kegiatan indicator", "Renja {y}; evaluasi Renja {y}"),
    "indikator_program_analisis.csv": ("% Capaian and Menunjang/Kurang", "evaluasi Renja {y}"),
    "standar_nasional.csv": ("Realisasi Kinerja {y} and the national standard", "BPS Indonesia {y}; Kemnaker/Kemenperin {y}"),
    "sdm_sasaran.csv": ("staff per sasaran (Jumlah, ASN, P3K, TJP)", "Subbag Umum dan Kepegawaian, {y}"),
    "pegawai_golongan.csv": ("staff per pangkat/golongan and unit", "Subbag Umum dan Kepegawaian, Desember {y}"),
    "pegawai_pendidikan.csv": ("staff per education and unit", "Subbag Umum dan Kepegawaian, Desember {y}"),
    "pencari_kerja.csv": ("job seekers (AK-1) per education and sex", "Bidang Tenaga Kerja, AK-1 {y}"),
    "penempatan_tenaga_kerja.csv": ("placements per education and sex", "Bidang Tenaga Kerja {y}"),
    "penyaluran_tenaga_kerja.csv": ("placements per channel", "Bidang Tenaga Kerja {y}"),
    "pelatihan.csv": ("one row per training batch", "UPTD BLK / Bidang Tenaga Kerja {y}"),
    "fasilitasi_halal.csv": ("one row per halal certificate facilitated", "Bidang Perindustrian {y}; SIHALAL"),
    "angka_dipublikasikan.csv": ("optional: figures a published report states (leave empty for a new report)", "LKjIP {y} as published"),
    "narasi.yml": ("faktor pendukung/penghambat, solusi, analisis per sasaran; permasalahan, tindak lanjut, prestasi", "the analyst (Bab III/IV of LKjIP {y})"),
}


@dataclass
class CreatedFile:
    path: Path
    fill: str        # what the analyst must fill
    source: str      # where the figures come from


@dataclass
class NewYearResult:
    year: int
    template: int
    created: list[CreatedFile]
    skipped: list[Path]


# ---------------------------------------------------------------- small CSV helpers

def read_rows(path: Path) -> list[list[str]]:
    text = Path(path).read_text(encoding="utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text), delimiter=SEP) if any(c.strip() for c in row)]


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEP, lineterminator="\n")
    writer.writerows(rows)
    Path(path).write_text(out.getvalue(), encoding="utf-8")


def _fmt(value, decimals: int = 2) -> str:
    """A number the way the raw files write it (Indonesian notation, no trailing zeros)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return fmt_number(float(value), 0)
    text = fmt_number(float(value), decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


# ---------------------------------------------------------------- known values

def renstra_targets(paths: Paths, year: int) -> dict[str, str]:
    """{sasaran No: target text} of the Renstra column ``year`` (common/target_renstra.csv)."""
    path = paths.raw_common / "target_renstra.csv"
    if not path.is_file():
        return {}
    rows = read_rows(path)
    header = [h.strip() for h in rows[0]]
    if str(year) not in header:
        return {}
    col = header.index(str(year))
    return {r[0].strip().rstrip("."): r[col].strip() for r in rows[1:] if len(r) > col}


def renstra_years(paths: Paths) -> list[int]:
    path = paths.raw_common / "target_renstra.csv"
    if not path.is_file():
        return []
    header = [h.strip() for h in read_rows(path)[0]]
    return sorted(int(h) for h in header if re.fullmatch(r"\d{4}", h))


def template_results(paths: Paths, template: int) -> dict[str, dict]:
    """reports/<T>/summary.json's indikator entries by indikator id ({} when there is no report)."""
    path = paths.report_year(template) / "summary.json"
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(i["id"]): i for s in summary.get("sasaran", []) for i in s.get("indikator") or []
            if isinstance(i, dict) and i.get("id")}


def register_aggregate(paths: Paths, template: int) -> dict | None:
    """The template year's cleaned IKM register totals (processed table, else recomputed)."""
    processed = paths.processed_year(template) / "ikm_agregat.csv"
    if processed.is_file():
        rows = list(csv.DictReader(io.StringIO(processed.read_text(encoding="utf-8-sig"))))
        for row in rows:
            if row.get("tahun") == str(template):
                return {k: (float(v) if k.endswith("_rp") else int(float(v)))
                        for k, v in row.items() if k != "sumber" and v not in ("", None)}
    register = paths.raw_year(template) / "ikm_register.csv"
    if not register.is_file():
        return None
    from pipeline.clean.ikm import aggregate_register, clean_register

    perusahaan, _ = clean_register(register)
    return aggregate_register(perusahaan, template)


# ---------------------------------------------------------------- pre-fill per file

def _header_years(header: list[str], year: int, template: int) -> list[str]:
    return [h.replace(str(template), str(year)) for h in header]


def prefill_pk(rows, paths, year, template):
    targets = renstra_targets(paths, year)
    header = rows[0]
    col = header.index("Target") if "Target" in header else None
    out = [header]
    for row in rows[1:]:
        row = list(row)
        if col is not None:
            old = row[col]
            new = targets.get(row[0].strip().rstrip("."), "")
            if new and old.strip().endswith("%") and not new.endswith("%"):
                new += "%"
            row[col] = new
        out.append(row)
    return out


def prefill_capaian(rows, paths, year, template):
    header = rows[0]
    idx = {h: i for i, h in enumerate(header)}
    results = template_results(paths, template)
    targets = renstra_targets(paths, year)
    out, last_row = [header], {}
    for row in rows[1:]:
        tahun = row[idx["Tahun"]].strip()
        if not tahun.isdigit() or int(tahun) < year - 2 or int(tahun) >= year:
            continue
        row = list(row)
        sid = row[idx["indikator_id"]].strip()
        if int(tahun) == template and not row[idx["Realisasi"]].strip():
            row[idx["Realisasi"]] = _summary_realisasi(results.get(sid), row[idx["Target"]])
        out.append(row)
        last_row[sid] = row
    for sid, row in last_row.items():
        new = list(row)
        new[idx["Tahun"]] = str(year)
        target = targets.get(sid, "")
        if target and row[idx["Target"]].strip().endswith("%") and not target.endswith("%"):
            target += "%"
        new[idx["Target"]] = target
        new[idx["Realisasi"]] = ""
        out.append(new)
    return out


def _summary_realisasi(entry: dict | None, like: str) -> str:
    if not entry:
        return ""
    value = entry.get("realisasi_dilaporkan")
    if value in (None, ""):
        value = entry.get("realisasi")
    text = _fmt(value)
    return text + "%" if text and like.strip().endswith("%") and not isinstance(value, str) else text


def prefill_bps(rows, paths, year, template):
    header = [h.strip() for h in rows[0]]
    keep = [i for i, h in enumerate(header) if h.endswith(str(template))]
    out = [["Uraian"] + [header[i] for i in keep] + [f"Tahun {year}"]]
    for row in rows[1:]:
        # The region a file states (its 'Wilayah' row) stays the same in the new year.
        region = row[0].strip().casefold() == "wilayah" and keep
        out.append([row[0]] + [row[i] for i in keep] + [row[keep[-1]] if region else ""])
    return out


IKM_KEYS = {"unit usaha": "unit_usaha", "formal": "formal", "non formal": "non_formal",
            "tenaga kerja": "tenaga_kerja", "nilai investasi (ribu)": "investasi_ribu_rp",
            "nilai produksi (ribu)": "nilai_produksi_ribu_rp"}


def prefill_ikm(rows, paths, year, template):
    header = rows[0]
    aggregate = register_aggregate(paths, template) if str(template) in header else None
    col = header.index(str(template)) if str(template) in header else None
    out = [header + [str(year)]]
    for row in rows[1:]:
        row = list(row) + [""]
        key = IKM_KEYS.get(" ".join(row[1].lower().split()))
        if aggregate and col is not None and key in aggregate:
            row[col] = _fmt(aggregate[key], 3)
        out.append(row)
    return out


def prefill_keep(rows, keep: list[str], year: int, template: int):
    header = rows[0]
    kept = {i for i, h in enumerate(header) if h.strip() in keep}
    out = [_header_years(header, year, template)]
    for row in rows[1:]:
        out.append([cell if i in kept else "" for i, cell in enumerate(row)])
    return out


SPECIAL = {
    "perjanjian_kinerja.csv": prefill_pk,
    "capaian_kinerja_tahunan.csv": prefill_capaian,
    "bps_ketenagakerjaan_wilayah.csv": prefill_bps,
    "bps_ketenagakerjaan_nasional.csv": prefill_bps,
    "ikm_perkembangan.csv": prefill_ikm,
    "ikm_klasifikasi.csv": prefill_ikm,
}


def prefill_csv(source: Path, paths: Paths, year: int, template: int) -> list[list[str]]:
    rows = read_rows(source)
    if source.name in SPECIAL:
        return SPECIAL[source.name](rows, paths, year, template)
    if source.name in KEEP_ROWS:
        return prefill_keep(rows, KEEP_ROWS[source.name], year, template)
    return [_header_years(rows[0], year, template)]


def narrative_skeleton(source: Path, year: int, template: int) -> str:
    doc = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    sasaran = doc.get("sasaran") or {}
    lists = ("faktor_pendukung", "faktor_penghambat", "solusi")
    skeleton = {"sasaran": {sid: {key: [] for key in lists} for sid in sasaran}}
    for key in ("permasalahan", "tindak_lanjut"):
        if isinstance(doc.get(key), dict):
            skeleton[key] = {k: [] for k in doc[key]}
    if "prestasi" in doc:
        skeleton["prestasi"] = []
    return (f"# Narasi analis LKjIP {year}: isi daftar kosong di bawah (lihat data/raw/{template}/narasi.yml).\n"
            f"# Opsional per sasaran: analisis (teks), analisis_tabel (daftar).\n"
            + yaml.safe_dump(skeleton, sort_keys=False, allow_unicode=True))


# ---------------------------------------------------------------- the command

def latest_template(paths: Paths, year: int) -> int | None:
    from pipeline.years.folders import raw_years

    earlier = [y for y in raw_years(paths) if y < year and any(paths.raw_year(y).iterdir())]
    return max(earlier) if earlier else None


def adapt_source(text: str, year: int, template: int) -> str:
    """A template's source text for the new year: 'Dalam Angka 2025' -> 'Dalam Angka 2026', 2024 -> 2025."""
    text = str(text or "")
    shifted = re.sub(r"\b(\d{4})\b", lambda m: str(int(m.group(1)) + (year - template))
                     if template - 1 <= int(m.group(1)) <= template + 1 else m.group(1), text)
    return shifted


def new_year(paths: Paths, year: int, template: int | None = None) -> NewYearResult:
    """Create the missing input files of ``year`` from the template year; never overwrite."""
    period = renstra_years(paths)
    if period and year not in period:
        raise LkjipError(f"{year} is outside the Renstra period {period[0]}–{period[-1]} "
                         f"(data/raw/common/target_renstra.csv has no target for it): start the "
                         f"new Renstra's common/ files first.")
    template = template or latest_template(paths, year)
    if template is None or not paths.raw_year(template).is_dir():
        raise LkjipError(f"No earlier year in data/raw/ to take the file layout from"
                         f"{f' (data/raw/{template}/ does not exist)' if template else ''}.")
    folder = paths.raw_year(year)
    folder.mkdir(parents=True, exist_ok=True)
    created: list[CreatedFile] = []
    skipped: list[Path] = []
    for source in sorted(paths.raw_year(template).iterdir()):
        suffix = source.suffix.lower()
        if not source.is_file() or source.name.startswith(".") or suffix not in (".csv", ".yml", ".yaml"):
            continue
        target = folder / source.name
        if target.exists():
            skipped.append(target)
            continue
        if suffix == ".csv":
            write_rows(target, prefill_csv(source, paths, year, template))
        else:
            target.write_text(narrative_skeleton(source, year, template), encoding="utf-8")
        fill, where = HINTS.get(source.name, ("every row", "see data/raw/{t}/" + source.name))
        fmt = dict(y=year, y1=year + 1, t=template, wilayah=_wilayah(paths))
        created.append(CreatedFile(target, fill.format(**fmt), where.format(**fmt)))
    _add_manifest_entries(paths, year, template, created)
    return NewYearResult(year, template, created, skipped)


def _wilayah(paths: Paths) -> str:
    from pipeline.inputs.profile import load_profile

    try:
        return str(load_profile(paths)["wilayah"]["nama_bps"])
    except LkjipError:
        return "<wilayah>"


def _add_manifest_entries(paths: Paths, year: int, template: int, created: list[CreatedFile]) -> None:
    if not created or not paths.raw_manifest.is_file():
        return
    text = paths.raw_manifest.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    doc = yaml.safe_load(text) or {}
    files = doc.get("files") or {}
    doc["files"] = files
    for item in created:
        rel = f"{year}/{item.path.name}"
        if rel in files:
            continue
        old = files.get(f"{template}/{item.path.name}") or {}
        files[rel] = {
            "source": adapt_source(old.get("source") or item.source, year, template),
            "table": "",  # empty until the analyst records it: check-inputs keeps asking
            "section": old.get("section", ""),
            "unit": old.get("unit", ""),
            "notes": f"Created by `lkjip new-year {year}` from data/raw/{template}/{item.path.name}; "
                     f"fill in: {item.fill}. Then record the table and run `lkjip manifest --update`.",
            "sha256": manifest.sha256_file(item.path),
        }
    paths.raw_manifest.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True,
                                                          width=100), encoding="utf-8")
