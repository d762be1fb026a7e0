"""Are a year's inputs complete? One pass that lists EVERY missing file and blank field.

Used by ``lkjip check-inputs`` and by ``lkjip run`` before anything is written. Each raw file
is read with its own domain parser under try/except, so one bad file does not hide the next
(and :func:`pipeline.inputs.rawio.to_numbers` lists every bad cell of a column in one message).
Parsers read published claims leniently, so the blanks they would accept are checked here:
the new year's targets and graded realisasi, national standards, and tables whose figures
are all still blank as ``lkjip new-year`` left them.

Missing narrative is a warning, never blocking: the report is then marked draft.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.years import manifest

# Files a new year may leave without data rows.
OPTIONAL_EMPTY = {"angka_dipublikasikan.csv"}
# Per-year files read by the domain parsers (see _readers).
DOMAIN_FILES = (
    "bps_ketenagakerjaan_wilayah.csv", "bps_ketenagakerjaan_nasional.csv", "ikm_perkembangan.csv",
    "ikm_klasifikasi.csv", "ikm_register.csv", "perjanjian_kinerja.csv", "capaian_kinerja_tahunan.csv",
    "standar_nasional.csv", "angka_dipublikasikan.csv", "anggaran_subkegiatan.csv", "anggaran_rekap.csv",
    "anggaran_pk.csv", "apbd_rekening.csv", "indikator_program.csv", "indikator_program_analisis.csv",
    "pencari_kerja.csv", "penempatan_tenaga_kerja.csv", "penyaluran_tenaga_kerja.csv", "pelatihan.csv",
    "fasilitasi_halal.csv", "pegawai_golongan.csv", "pegawai_pendidikan.csv", "sdm_sasaran.csv",
)


def _readers(paths: Paths, year: int) -> list[tuple[str, Callable[[], object]]]:
    """(file name, call that parses it) for every per-year raw file the cleaning reads."""
    from pipeline.clean import ikm
    from pipeline.inputs import bps, budget, ikm_series, plan, services, staff

    folder = paths.raw_year(year)
    common = paths.raw_common
    out: list[tuple[str, Callable[[], object]]] = []
    for wilayah, name in bps.FILES.items():
        out.append((name, lambda p=folder / name, w=wilayah: bps.read_labour(p, w, paths)))
    out.append((ikm_series.SERIES_FILE, lambda: ikm_series.read_ikm_series(folder / ikm_series.SERIES_FILE, paths)))
    out.append((ikm_series.CLASSIFICATION_FILE,
                lambda: ikm_series.read_ikm_classification(folder / ikm_series.CLASSIFICATION_FILE, paths)))

    def plan_reader(name: str):
        def read():
            iku = plan.read_iku(common / "iku.csv", paths)
            grades = set(plan.read_skala_ordinal(common / "skala_ordinal.csv", paths)["nilai"])
            if name == "perjanjian_kinerja.csv":
                return plan.read_perjanjian_kinerja(folder / name, year, iku, grades, paths)
            if name in ("capaian_kinerja_tahunan.csv", "standar_nasional.csv"):
                return {"capaian_kinerja_tahunan.csv": plan.read_capaian_tahunan,
                        "standar_nasional.csv": plan.read_standar_nasional}[name](folder / name, iku, paths)
            return plan.read_angka_dipublikasikan(folder / name, paths)
        return read

    for name in ("perjanjian_kinerja.csv", "capaian_kinerja_tahunan.csv", "standar_nasional.csv",
                 "angka_dipublikasikan.csv"):
        out.append((name, plan_reader(name)))
    for table, name in budget.FILES.items():
        out.append((name, lambda p=folder / name, t=table: budget.READERS[t](p)))
    for table, name in services.FILES.items():
        if table == "pelatihan":
            out.append((name, lambda p=folder / name: services.read_pelatihan(p, year)))
        elif table == "penyaluran":
            out.append((name, lambda p=folder / name: services.read_penyaluran(p)))
        elif table == "fasilitasi_halal":
            out.append((name, lambda p=folder / name: services.read_fasilitasi_halal(p)))
        else:
            out.append((name, lambda p=folder / name: services.read_by_education(p)))
    for table, name in staff.FILES.items():
        reader = staff.read_sdm_sasaran if table == "sdm_sasaran" else staff.read_by_unit
        out.append((name, lambda p=folder / name, r=reader: r(p)))
    out.append((ikm.REGISTER_FILE, lambda: ikm.clean_register(folder / ikm.REGISTER_FILE)))
    return out


def _common_readers(paths: Paths) -> list[tuple[str, Callable[[], object]]]:
    from pipeline.inputs import plan

    common = paths.raw_common

    def renstra():
        iku = plan.read_iku(common / "iku.csv", paths)
        grades = set(plan.read_skala_ordinal(common / "skala_ordinal.csv", paths)["nilai"])
        return plan.read_target_renstra(common / "target_renstra.csv", iku, grades, paths)

    return [("common/target_renstra.csv", renstra),
            ("common/skala_kriteria.csv", lambda: plan.read_skala_kriteria(common / "skala_kriteria.csv", paths)),
            ("common/strategi_kebijakan.csv",
             lambda: plan.read_strategi_kebijakan(common / "strategi_kebijakan.csv", paths))]


def _data_rows(path: Path) -> int:
    lines = [line for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
             if line.strip(" ;,\t")]
    return max(len(lines) - 1, 0)


def _run(reader: Callable[[], object]) -> tuple[object, str | None]:
    try:
        return reader(), None
    except LkjipError as exc:
        return None, str(exc)
    except Exception as exc:  # a parser crash must not hide the other files' problems
        return None, f"cannot be read ({type(exc).__name__}: {exc})"


def _blank_figures(path: Path, keep: list[str]) -> str | None:
    """'figures not filled in' when every non-label cell of a kept-rows template is blank."""
    from pipeline.years.newyear import read_rows

    rows = read_rows(path)
    if len(rows) < 2:
        return None
    header = [h.strip() for h in rows[0]]
    value_cols = [i for i, h in enumerate(header) if h not in keep]
    if value_cols and all(not (row[i].strip() if i < len(row) else "") for row in rows[1:] for i in value_cols):
        return (f"figures not filled in yet (columns {', '.join(repr(header[i]) for i in value_cols)} "
                f"are blank in every row)")
    return None


def _plan_blanks(paths: Paths, year: int, parsed: dict) -> list[str]:
    """Blanks the lenient plan parsers accept but the computation needs."""
    from pipeline.inputs import plan

    found = []
    folder = f"data/raw/{year}"
    try:
        iku = plan.read_iku(paths.raw_common / "iku.csv", paths)
    except LkjipError:
        return found
    capaian = parsed.get("capaian_kinerja_tahunan.csv")
    if capaian is not None:
        rows = capaian[capaian["tahun"] == year]
        if rows.empty:
            found.append(f"{folder}/capaian_kinerja_tahunan.csv: no rows for {year} (one per indikator: "
                         f"Tahun {year}, its Target; Realisasi for graded indicators)")
        reported = set(iku.loc[iku["sumber_realisasi"] == "dilaporkan", "indikator_id"])
        for iid in iku["indikator_id"]:
            hit = rows[rows["indikator_id"] == iid]
            if rows.empty:
                break
            if hit.empty:
                found.append(f"{folder}/capaian_kinerja_tahunan.csv: no row for indikator {iid}, Tahun {year}")
                continue
            row = hit.iloc[0]
            where = f"{folder}/capaian_kinerja_tahunan.csv, row {row['sumber_baris']}"
            if not str(row["target_teks"]).strip() or str(row["target_teks"]) == "<NA>":
                found.append(f"{where}, column 'Target', value '(blank)': the target of indikator {iid} is required")
            if iid in reported and (not str(row["realisasi_teks"]).strip() or str(row["realisasi_teks"]) == "<NA>"):
                found.append(f"{where}, column 'Realisasi', value '(blank)': indikator {iid} takes its realisasi "
                             f"as reported (sumber_realisasi 'dilaporkan'), so it must be filled")
    standar = parsed.get("standar_nasional.csv")
    if standar is not None:
        for _, row in standar.iterrows():
            if not str(row["standar_teks"]).strip() or str(row["standar_teks"]) == "<NA>":
                found.append(f"{folder}/standar_nasional.csv, row {row['sumber_baris']}, column "
                             f"'Target/Standar Nasional', value '(blank)': the national standard is required")
    return found


def renstra_problem(paths: Paths, year: int) -> str | None:
    from pipeline.years.newyear import renstra_years

    period = renstra_years(paths)
    if period and year not in period:
        return (f"{year} is outside the Renstra period {period[0]}–{period[-1]} "
                f"(data/raw/common/target_renstra.csv has no target for {year}); a report for it "
                f"needs the new Renstra's data/raw/common/ files first.")
    return None


def problems(paths: Paths, year: int, *, parse: bool = True,
             narrative: bool = True) -> tuple[list[str], list[str]]:
    """(blocking, warnings) for a year's inputs, every problem found in one pass.

    Blocking: year outside the Renstra, no year folder, a required file missing or without
    data rows, a file that does not parse, a required blank. Warnings: manifest entries
    (unlisted files, no source/table, stale sha256) and missing narrative parts.
    """
    from pipeline.years.folders import template_year
    from pipeline.years.newyear import KEEP_ROWS

    blocking: list[str] = []
    outside = renstra_problem(paths, year)
    if outside:
        blocking.append(outside)
    folder = paths.raw_year(year)
    if not folder.is_dir() or not any(folder.iterdir()):
        blocking.append(f"data/raw/{year}/: no inputs for {year} (start them with `lkjip new-year {year}`)")
        return blocking, []
    if outside:
        return blocking, []
    entries = manifest.load(paths)
    template = template_year(paths, year, entries)
    required: set[str] = set()
    if template is not None:
        required |= {rel.split("/", 1)[1] for rel in entries if rel.startswith(f"{template}/")}
        if paths.raw_year(template).is_dir():
            required |= {p.name for p in paths.raw_year(template).iterdir()
                         if p.is_file() and not p.name.startswith(".") and p.name not in manifest.IGNORED}
    for name in sorted(required):
        if not (folder / name).is_file():
            blocking.append(f"data/raw/{year}/{name}: missing (data/raw/{template}/ has it)")
    for rel in entries:
        if rel.startswith((f"{year}/", "common/")) and not (paths.raw / rel).is_file() \
                and not any(f"data/raw/{rel}:" in b for b in blocking):
            blocking.append(f"data/raw/{rel}: listed in data/raw/manifest.yml but the file is missing")
    present = [rel for rel in manifest.raw_files(paths) if rel.startswith((f"{year}/", "common/"))]
    empty = set()
    for rel in present:
        path = paths.raw / rel
        if path.suffix.lower() == ".csv" and path.name not in OPTIONAL_EMPTY and _data_rows(path) == 0:
            blocking.append(f"data/raw/{rel}: has no data rows yet")
            empty.add(rel)
    # The parsers import pandas: only load them when the folder holds files they read.
    if parse and any((folder / name).is_file() for name in DOMAIN_FILES):
        parsed: dict[str, object] = {}
        for rel, reader in _common_readers(paths):
            if not (paths.raw / rel).is_file() or rel in empty:
                continue
            _, error = _run(reader)
            if error:
                blocking.append(error)
        for name, reader in _readers(paths, year):
            if not (folder / name).is_file() or f"{year}/{name}" in empty:
                continue  # already listed as missing or empty
            if name in KEEP_ROWS:
                blank = _blank_figures(folder / name, KEEP_ROWS[name])
                if blank:
                    blocking.append(f"data/raw/{year}/{name}: {blank}")
                    continue
            result, error = _run(reader)
            if error:
                blocking.append(error)
            else:
                parsed[name] = result
        blocking += _plan_blanks(paths, year, parsed)
    warnings = (manifest.check(paths, files=present) if paths.raw_manifest.is_file()
                else ["data/raw/manifest.yml is missing: every raw file needs its source, unit and sha256 there"])
    if narrative:
        try:
            warnings += narrative_warnings(paths, year)
        except LkjipError as exc:  # unknown keys, bad YAML: the analysis would stop on them
            blocking.append(str(exc))
    return blocking, warnings


def narrative_warnings(paths: Paths, year: int) -> list[str]:
    """Missing narrative parts (placeholders in the report, which is then a draft)."""
    from pipeline.inputs import narrative

    parts = narrative.missing_parts(narrative.load_narrative(paths, year))
    if not parts:
        return []
    return [f"data/raw/{year}/narasi.yml: narrative missing (the report will be a draft): {', '.join(parts)}"]
