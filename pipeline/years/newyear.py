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
  narasi.yml                    the skeleton per sasaran with empty lists (kata pengantar,
                                document dates blank)
  sarana, PK documents, RKT     the rows' labels (items, documents and positions, indicators)
                                kept, figures, names and dates blank
  everything else               header only (ikm_register.csv, angka_dipublikasikan.csv, ...)

A file that exists is never overwritten: only missing files are created.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs import catalogue, registry
from pipeline.inputs.idnum import fmt_number
from pipeline.inputs.rawfile import read_yaml, sha256_file, write_atomic
from pipeline.messages import CLI, COMPLETE
from pipeline.years import manifest
from pipeline.years.folders import wilayah_name
from pipeline.years.rows import SEP, read_rows, rows_text, write_rows  # noqa: F401 (SEP, read_rows, write_rows: public here)

# What each file keeps, and the analyst's hint and source, come from the raw-file registry.
KEEP_ROWS = {f.name: list(f.labels) for f in registry.FILES if f.keep == registry.KEEP_ROWS}
HINTS = {f.name: (f.hint, f.source) for f in registry.FILES}


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
    path = catalogue.SUMMARY.at(paths.report_year(template))
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(i["id"]): i for s in summary.get("sasaran", []) for i in s.get("indikator") or []
            if isinstance(i, dict) and i.get("id")}


def register_aggregate(paths: Paths, template: int) -> dict | None:
    """The template year's cleaned IKM register totals (processed table, else recomputed)."""
    folder = paths.processed_year(template)
    if catalogue.parquet_file(folder, catalogue.IKM_AGREGAT).is_file():
        import pandas as pd  # only here: the rest of new-year reads plain rows

        agregat = catalogue.read(catalogue.IKM_AGREGAT, folder)  # typed: counts Int64, rupiah Float64
        for row in agregat[agregat["tahun"] == template].to_dict("records"):
            return {k: (float(v) if k.endswith("_rp") else int(v))
                    for k, v in row.items() if k != "sumber" and not pd.isna(v)}
    register = paths.raw_year(template) / "ikm_register.csv"
    if not register.is_file():
        return None
    from pipeline.clean.ikm import aggregate_register, clean_register

    perusahaan, _ = clean_register(register, paths)
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
    """Every earlier year column of the template is carried forward (history tables recompute
    each year that has raw data), plus a blank column for the new year."""
    header = [h.strip() for h in rows[0]]
    keep = [i for i, h in enumerate(header)
            if (m := re.search(r"(\d{4})$", h)) and int(m.group(1)) < year]
    out = [["Uraian"] + [header[i] for i in keep] + [f"Tahun {year}"]]
    for row in rows[1:]:
        # The region a file states (its 'Wilayah' row) stays the same in the new year.
        region = row[0].strip().casefold() == "wilayah" and keep
        out.append([row[0]] + [row[i] if i < len(row) else "" for i in keep] + [row[keep[-1]] if region else ""])
    return out


def declare_unit(rows, unit: str):
    """The new year's column declared in ``unit`` (the national table in juta orang, as BPS
    publishes it) by a 'Satuan' row; earlier columns keep theirs (none stated: orang)."""
    out = [list(r) for r in rows]
    width = len(out[0])
    at = next((i for i, r in enumerate(out) if r and r[0].strip().casefold() == "satuan"), None)
    if at is None:
        region = next((i for i, r in enumerate(out) if r and r[0].strip().casefold() == "wilayah"), len(out))
        out.insert(region, ["Satuan"] + ["orang"] * (width - 1))
        at = region
    row = out[at] + [""] * (width - len(out[at]))
    row[width - 1] = unit
    out[at] = [c if c.strip() or j == 0 else "orang" for j, c in enumerate(row)]
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


def prefill_keep(rows, keep: list[str], year: int, template: int, dated: tuple[str, ...] = ()):
    """Keep the ``keep`` columns of every row, blank the rest; in the ``dated`` columns (titles
    such as "PERJANJIAN KINERJA TAHUN 2024") the template year becomes the new year."""
    header = rows[0]
    kept = {i for i, h in enumerate(header) if h.strip() in keep}
    retitled = {i for i, h in enumerate(header) if h.strip() in dated}
    year_word = re.compile(rf"\b{template}\b")
    out = [_header_years(header, year, template)]
    for row in rows[1:]:
        out.append([(year_word.sub(str(year), cell) if i in retitled else cell) if i in kept else ""
                    for i, cell in enumerate(row)])
    return out


def targets_from_pk(rows, paths, year, template):
    """Kept rows with each target taken from the new year's Perjanjian Kinerja: the
    k-th indicator of sasaran n (the number opening 'Sasaran Strategis', carried down blank
    cells) gets the target of the k-th PK row of sasaran n."""
    out = rows
    pk_path = paths.raw_year(year) / "perjanjian_kinerja.csv"
    if pk_path.is_file():
        pk = read_rows(pk_path)
    else:
        pk = prefill_pk(read_rows(paths.raw_year(template) / "perjanjian_kinerja.csv"), paths, year, template)
    pk_header = [h.strip() for h in pk[0]]
    header = [h.strip() for h in out[0]]
    if not {"No", "Target"} <= set(pk_header) or not {"Sasaran Strategis", "Target"} <= set(header):
        return out
    targets: dict[str, list[str]] = {}
    for row in pk[1:]:
        no = row[pk_header.index("No")].strip().rstrip(".")
        targets.setdefault(no, []).append(row[pk_header.index("Target")])
    sasaran, seen = "", {}
    for row in out[1:]:
        number = re.match(r"\s*(\d+)", row[header.index("Sasaran Strategis")])
        sasaran = number.group(1) if number else sasaran
        k = seen[sasaran] = seen.get(sasaran, -1) + 1
        if k < len(targets.get(sasaran, [])):
            row[header.index("Target")] = targets[sasaran][k]
    return out


SPECIAL = {
    registry.KEEP_PK: prefill_pk,
    registry.KEEP_CAPAIAN: prefill_capaian,
    registry.KEEP_YEAR_COLUMN: prefill_bps,
    registry.KEEP_SERIES: prefill_ikm,
}


def prefill_csv(source: Path, paths: Paths, year: int, template: int) -> list[list[str]]:
    rows = read_rows(source)
    spec = registry.BY_NAME.get(source.name)
    keep = spec.keep if spec else registry.KEEP_HEADER
    if keep in SPECIAL:
        out = SPECIAL[keep](rows, paths, year, template)
        return declare_unit(out, spec.unit) if spec and spec.unit else out
    if keep == registry.KEEP_ROWS:
        out = prefill_keep(rows, KEEP_ROWS[source.name], year, template, spec.dated)
        return targets_from_pk(out, paths, year, template) if spec.targets_from_pk else out
    return [_header_years(rows[0], year, template)]


def narrative_skeleton(source: Path, year: int, template: int) -> str:
    doc = read_yaml(source) or {}
    sasaran = doc.get("sasaran") or {}
    lists = ("faktor_pendukung", "faktor_penghambat", "solusi")
    skeleton = {"sasaran": {sid: {**{key: [] for key in lists}, "analisis": ""} for sid in sasaran}}
    for key in ("permasalahan", "tindak_lanjut"):
        if isinstance(doc.get(key), dict):
            skeleton[key] = {k: [] for k in doc[key]}
    if "prestasi" in doc:
        skeleton["prestasi"] = []
    if "kata_pengantar" in doc:
        skeleton["kata_pengantar"] = {"paragraf": [], "tempat_tanggal": ""}
    if isinstance(doc.get("tanggal_dokumen"), dict):
        skeleton["tanggal_dokumen"] = {k: "" for k in doc["tanggal_dokumen"]}
    # The reviu statement and the publication belong to the new year's report: asked, never carried.
    # imported here: the narrative parser needs pandas, which the no-change path never imports
    from pipeline.inputs.narrative import PUBLIKASI_KEYS, REVIU_KEYS

    skeleton["reviu"] = {k: "" for k in REVIU_KEYS}
    skeleton["publikasi"] = {k: "" for k in PUBLIKASI_KEYS}
    return (f"# Narasi analis LKjIP {year}: isi daftar kosong di bawah (lihat data/raw/{template}/narasi.yml).\n"
            f"# Wajib per sasaran: daftar di bawah dan analisis (teks); opsional: analisis_tabel (daftar).\n"
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
        raise LkjipError(COMPLETE["outside_renstra"].format(year=year, first=period[0], last=period[-1]))
    template = template or latest_template(paths, year)
    if template is None or not paths.raw_year(template).is_dir():
        raise LkjipError(CLI["newyear_no_template"]
                         + (CLI["newyear_template_missing"].format(template=template) if template else "."))
    # the manifest read before the folder is made: a manifest it cannot read leaves no empty year
    listed = manifest.load(paths) if paths.raw_manifest.is_file() else {}
    folder = paths.raw_year(year)
    folder.mkdir(parents=True, exist_ok=True)
    created: list[CreatedFile] = []
    skipped: list[Path] = []
    for source in sorted(paths.raw_year(template).iterdir()):
        suffix = source.suffix.lower()
        if not source.is_file() or source.name.startswith(".") or suffix not in (".csv", ".yml", ".yaml"):
            continue
        target = folder / source.name
        if target.exists() and f"{year}/{target.name}" in listed:
            skipped.append(target)
            continue
        text = (rows_text(prefill_csv(source, paths, year, template)) if suffix == ".csv"
                else narrative_skeleton(source, year, template))
        if target.exists():
            # A file exactly as new-year writes it but not yet in the manifest is what an
            # interrupted new-year left: finish its entry. Anything else is the analyst's.
            if not _same_text(target, text):
                skipped.append(target)
                continue
        else:
            write_atomic(target, text)
        fill, where = HINTS.get(source.name, ("every row", "see data/raw/{t}/" + source.name))
        fmt = dict(y=year, y1=year + 1, t=template, wilayah=wilayah_name(paths))
        created.append(CreatedFile(target, fill.format(**fmt), where.format(**fmt)))
    _add_manifest_entries(paths, year, template, created)
    from pipeline.years import workbook

    workbook.record_state(paths, year, [item.path.name for item in created])
    if not workbook.workbook_path(paths, year).exists():
        workbook.write_workbook(paths, year)
    return NewYearResult(year, template, created, skipped)


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _add_manifest_entries(paths: Paths, year: int, template: int, created: list[CreatedFile]) -> None:
    if not created or not paths.raw_manifest.is_file():
        return
    header, doc = manifest.read_document(paths)
    files = doc.get("files") or {}
    doc["files"] = files
    for item in created:
        rel = f"{year}/{item.path.name}"
        if rel in files:
            continue
        old = files.get(f"{template}/{item.path.name}") or {}
        spec = registry.BY_NAME.get(item.path.name)
        # Source and table pre-filled (source: the registry's; table: the template's shifted a
        # year, else the registry's); the analyst confirms or corrects them in the workbook.
        table = adapt_source(old.get("table", ""), year, template) or \
            (spec.table.format(y=year, y1=year + 1) if spec else "")
        files[rel] = {
            "source": item.source if spec else adapt_source(old.get("source") or item.source, year, template),
            "table": table,
            "section": old.get("section", ""),
            "unit": old.get("unit", ""),
            "notes": f"Dibuat oleh `lkjip new-year {year}` dari data/raw/{template}/{item.path.name}; "
                     f"isi: {item.fill}. Sumber dan tabel diisi otomatis: periksa di isian-{year}.xlsx.",
            "sha256": sha256_file(item.path),
            # the published table's number, as last year declared it (the analyst renumbers it)
            **({"tabel_terbit": old["tabel_terbit"]} if old.get("tabel_terbit") else {}),
        }
    manifest.write_document(paths, header, doc)
