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

from collections.abc import Callable, Mapping
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs import catalogue, registry
from pipeline.messages import COMPLETE, MANIFEST
from pipeline.years import manifest

# Files a new year may leave without data rows, and the per-year files read by the domain
# parsers (see _readers): both from the raw-file registry.
OPTIONAL_EMPTY = {f.name for f in registry.FILES if f.may_be_empty}
DOMAIN_FILES = tuple(registry.data_files())


def _plan_basis(paths: Paths) -> Callable[[], tuple]:
    """A call giving (iku, grades) of data/raw/common/ (pipeline.inputs.plan.read_basis), read
    at its first call and kept for the pass: each plan file is parsed against them, and reading
    them again for every file took a tenth of the pass. A problem with them is raised again at
    every call, so each plan file still reports it where it did."""
    from pipeline.inputs import plan

    kept: list = []

    def basis() -> tuple:
        if not kept:
            try:
                iku, ordinal = plan.read_basis(paths)
                kept.append(((iku, set(ordinal["nilai"])), None))
            except Exception as exc:  # noqa: BLE001 (raised again below, as each reader would)
                kept.append((None, exc))
        value, problem = kept[0]
        if problem is not None:
            raise problem
        return value
    return basis


def _readers(paths: Paths, year: int, basis: Callable[[], tuple]) -> list[tuple[str, Callable[[], object]]]:
    """(file name, call that parses it) for every per-year raw file of the registry; ``basis``:
    the pass's :func:`_plan_basis`."""
    from pipeline.clean import ikm
    from pipeline.inputs import bps, budget, ikm_series, plan, services, staff

    folder = paths.raw_year(year)

    def plan_reader(path, table: str):
        def read():
            iku, grades = basis()
            if table == catalogue.TARGET:  # the year's Perjanjian Kinerja, merged into it
                return plan.read_perjanjian_kinerja(path, year, iku, grades, paths)
            if table in (catalogue.CAPAIAN_TAHUNAN, catalogue.STANDAR_NASIONAL):
                return {catalogue.CAPAIAN_TAHUNAN: plan.read_capaian_tahunan,
                        catalogue.STANDAR_NASIONAL: plan.read_standar_nasional}[table](path, iku, paths)
            return plan.read_angka_dipublikasikan(path, paths)
        return read

    by_table = {
        catalogue.IKM_SERI: lambda p: ikm_series.read_ikm_series(p, paths),
        catalogue.IKM_KLASIFIKASI_DILAPORKAN: lambda p: ikm_series.read_ikm_classification(p, paths),
        catalogue.IKM_PERUSAHAAN: lambda p: ikm.clean_register(p, paths),
        catalogue.PELATIHAN: lambda p: services.read_pelatihan(p, year),
        catalogue.PENYALURAN: services.read_penyaluran,
        catalogue.FASILITASI_HALAL: services.read_fasilitasi_halal,
        catalogue.PENCARI_KERJA: services.read_by_education,
        catalogue.PENEMPATAN: services.read_by_education,
        catalogue.SDM_SASARAN: staff.read_sdm_sasaran,
        catalogue.PEGAWAI_GOLONGAN: staff.read_by_unit,
        catalogue.PEGAWAI_PENDIDIKAN: staff.read_by_unit,
        **budget.READERS,
    }
    out: list[tuple[str, Callable[[], object]]] = []
    for f in registry.FILES:
        path = folder / f.name
        if f.domain == "bps":
            # as the cleaning reads it: region checked, rates computed (a zero Angkatan Kerja is refused)
            out.append((f.name, lambda p=path, w=f.role: bps.read_checked(p, w, paths)))
        elif f.domain == "plan":
            out.append((f.name, plan_reader(path, catalogue.tables_fed_by(f.name)[0])))
        elif (fed := catalogue.tables_fed_by(f.name)) and fed[0] in by_table:
            out.append((f.name, lambda p=path, r=by_table[fed[0]]: r(p)))
    return out


def _common_readers(paths: Paths, basis: Callable[[], tuple]) -> list[tuple[str, Callable[[], object]]]:
    from pipeline.inputs import kewajaran, plan

    common = paths.raw_common

    def renstra():
        iku, grades = basis()
        return plan.read_target_renstra(common / "target_renstra.csv", iku, grades, paths)

    return [("common/target_renstra.csv", renstra),
            ("common/skala_kriteria.csv", lambda: plan.read_skala_kriteria(common / "skala_kriteria.csv", paths)),
            ("common/strategi_kebijakan.csv",
             lambda: plan.read_strategi_kebijakan(common / "strategi_kebijakan.csv", paths)),
            (f"common/{kewajaran.FILENAME}", lambda: kewajaran.read_batas(common / kewajaran.FILENAME, paths))]


def _data_rows(path: Path) -> int:
    lines = [line for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
             if line.strip(" ;,\t")]
    return max(len(lines) - 1, 0)


def _run(reader: Callable[[], object], rel: str = "") -> tuple[object, str | None]:
    try:
        return reader(), None
    except LkjipError as exc:
        return None, str(exc)
    except Exception as exc:  # a parser crash must not hide the other files' problems
        return None, (f"data/raw/{rel}: " if rel else "") + COMPLETE["crash"].format(detail=exc)


def _figure_rows(rows: list[list[str]], spec: registry.RawFile) -> list[list[str]]:
    """Data rows whose figures the analyst must type (rows the pipeline computes, and rows that
    may stay blank, left out)."""
    header = [h.strip() for h in rows[0]]
    return [r for r in rows[1:] if not spec.derived_row(header, r, rows[1:]) and not spec.optional_row(header, r)]


def blank_required_cells(path: Path, spec: registry.RawFile, year: int) -> int:
    """How many of the file's primary-figure cells are still blank, as new-year left them.

    A kept-rows table counts only while every figure is blank (once some are filled, a blank
    means nil); one whose blank means 0 (``blank_is_zero``: the staff tables) then counts one
    cell, since no single cell of it is required; a year column counts its blank primary rows.
    """
    from pipeline.years.rows import read_rows

    if spec.optional or spec.keep not in (registry.KEEP_ROWS, registry.KEEP_YEAR_COLUMN):
        return 0
    rows = read_rows(path)
    if len(rows) < 2:
        return 0
    header = [h.strip() for h in rows[0]]
    cols = spec.value_columns(header, year)
    cells = [(row[i].strip() if i < len(row) else "") for row in _figure_rows(rows, spec) for i in cols]
    blank = sum(1 for c in cells if not c)
    if spec.keep == registry.KEEP_ROWS and blank < len(cells):
        return 0
    return min(blank, 1) if spec.blank_is_zero else blank


def _blank_figures(path: Path, spec: registry.RawFile, year: int) -> str | None:
    """'figures not filled in' when every primary-figure cell of a kept-rows template is blank."""
    from pipeline.years.rows import read_rows

    rows = read_rows(path)
    if len(rows) < 2:
        return None
    header = [h.strip() for h in rows[0]]
    value_cols = spec.value_columns(header, year)
    if value_cols and all(not (row[i].strip() if i < len(row) else "") for row in rows[1:] for i in value_cols):
        return COMPLETE["not_filled"].format(columns=", ".join(f"'{header[i]}'" for i in value_cols))
    return None


def _plan_blanks(year: int, parsed: dict, basis: Callable[[], tuple]) -> list[str]:
    """Blanks the lenient plan parsers accept but the computation needs."""
    found = []
    folder = f"data/raw/{year}"
    try:
        iku, _ = basis()
    except LkjipError:
        return found
    capaian = parsed.get("capaian_kinerja_tahunan.csv")
    if capaian is not None:
        rows = capaian[capaian["tahun"] == year]
        if rows.empty:
            found.append(f"{folder}/capaian_kinerja_tahunan.csv: " + COMPLETE["no_year_rows"].format(year=year))
        reported = set(iku.loc[iku["sumber_realisasi"] == "dilaporkan", "indikator_id"])
        for iid in iku["indikator_id"]:
            hit = rows[rows["indikator_id"] == iid]
            if rows.empty:
                break
            if hit.empty:
                found.append(f"{folder}/capaian_kinerja_tahunan.csv: "
                             + COMPLETE["no_sasaran_row"].format(sasaran=iid, year=year))
                continue
            row = hit.iloc[0]
            where = f"{folder}/capaian_kinerja_tahunan.csv, baris {row['sumber_baris']}"
            if not str(row["target_teks"]).strip() or str(row["target_teks"]) == "<NA>":
                found.append(f"{where}, kolom 'Target', nilai '(kosong)': "
                             + COMPLETE["target_required"].format(sasaran=iid))
            if iid in reported and (not str(row["realisasi_teks"]).strip() or str(row["realisasi_teks"]) == "<NA>"):
                found.append(f"{where}, kolom 'Realisasi', nilai '(kosong)': "
                             + COMPLETE["realisasi_required"].format(sasaran=iid))
    standar = parsed.get("standar_nasional.csv")
    if standar is not None:
        for _, row in standar.iterrows():
            if not str(row["standar_teks"]).strip() or str(row["standar_teks"]) == "<NA>":
                found.append(f"{folder}/standar_nasional.csv, baris {row['sumber_baris']}, kolom "
                             f"'Target/Standar Nasional', nilai '(kosong)': " + COMPLETE["standard_required"])
    return found


def _needed_missing(paths: Paths, year: int, listed: set[str]) -> list[str]:
    """Files an indicator's source needs (registry ``needed_by``) that are absent, so that
    check-inputs stops where the run would; files no indicator needs may stay absent."""
    folder = paths.raw_year(year)
    absent = [spec for spec in registry.FILES
              if spec.needed_by and spec.name not in listed and not (folder / spec.name).is_file()]
    if not absent:
        return []
    # iku.csv read as plain rows (its parser needs pandas, which this check must not import);
    # a malformed iku.csv is reported by the common files' pass
    from pipeline.years.rows import read_rows

    try:
        rows = read_rows(paths.raw_common / "iku.csv")
        header = [c.strip() for c in rows[0]]
        at_id, at_source = header.index("indikator_id"), header.index("sumber_realisasi")
    except (OSError, UnicodeDecodeError, IndexError, ValueError):
        return []
    users = [(r[at_id].strip(), r[at_source].strip()) for r in rows[1:] if len(r) > max(at_id, at_source)]
    found = []
    for spec in absent:
        needing = [(ind, src) for ind, src in users if src in spec.needed_by]
        if needing:
            found.append(COMPLETE["needed_missing"].format(year=year, name=spec.name, indikator=needing[0][0],
                                                           sumber=needing[0][1]))
    return found


def renstra_problem(paths: Paths, year: int) -> str | None:
    from pipeline.years.newyear import renstra_years

    period = renstra_years(paths)
    if period and year not in period:
        return COMPLETE["outside_renstra"].format(year=year, first=period[0], last=period[-1])
    return None


def problems(paths: Paths, year: int, *, parse: bool = True, narrative: bool = True,
             as_published: frozenset[str] = frozenset(),
             parsed: dict[str, object] | None = None) -> tuple[list[str], list[str]]:
    """(blocking, warnings) for a year's inputs, every problem found in one pass.

    Blocking: year outside the Renstra, no year folder, a required file missing or without
    data rows, a file that does not parse, a required blank. Warnings: manifest entries
    (unlisted files, no source/table, stale sha256) and missing narrative parts.
    ``as_published``: parsers (registry domains) whose inputs the published report was built
    from byte for byte with the same code (pipeline.run.reuse.parsed_as_published): their files
    passed this check then and are not parsed again; any of them means data/raw/common/ is as
    published too. ``parsed``, when given, receives what the parse pass read, by raw file name
    (each parser's result), for the checks that come after it in the same command
    (pipeline.run.preflight.derived_problems, :func:`register_preview`).
    """
    from pipeline.years.folders import template_year

    blocking: list[str] = []
    outside = renstra_problem(paths, year)
    if outside:
        blocking.append(outside)
    folder = paths.raw_year(year)
    if not folder.is_dir() or not any(folder.iterdir()):
        blocking.append(COMPLETE["no_inputs"].format(year=year))
        return blocking, []
    if outside:
        return blocking, []
    from pipeline.years.isian import stale

    blocking += stale(paths, year)  # the CSV files do not yet hold what the workbook shows
    entries = manifest.load(paths)
    template = template_year(paths, year, entries)
    required: set[str] = set()
    if template is not None:
        required |= {rel.split("/", 1)[1] for rel in entries if rel.startswith(f"{template}/")}
        if paths.raw_year(template).is_dir():
            required |= {p.name for p in paths.raw_year(template).iterdir()
                         if p.is_file() and not manifest.ignored(p.name)}
    for name in sorted(required):
        if not (folder / name).is_file():
            blocking.append(COMPLETE["file_missing"].format(year=year, name=name, template=template))
    blocking += _needed_missing(paths, year, required)
    for rel in entries:
        if rel.startswith((f"{year}/", "common/")) and not (paths.raw / rel).is_file() \
                and not any(f"data/raw/{rel}:" in b for b in blocking):
            blocking.append(MANIFEST["file_missing"].format(rel=rel))
    present = [rel for rel in manifest.raw_files(paths) if rel.startswith((f"{year}/", "common/"))]
    empty = set()
    for rel in present:
        path = paths.raw / rel
        if path.suffix.lower() == ".csv" and path.name not in OPTIONAL_EMPTY and _data_rows(path) == 0:
            blocking.append(COMPLETE["no_rows"].format(rel=rel))
            empty.add(rel)
    # The parsers import pandas: only load them when the folder holds files they read.
    if parse and any((folder / name).is_file() for name in DOMAIN_FILES):
        parsed = {} if parsed is None else parsed
        basis = _plan_basis(paths)
        for rel, reader in [] if as_published else _common_readers(paths, basis):
            if not (paths.raw / rel).is_file() or rel in empty:
                continue
            _, error = _run(reader, rel)
            if error:
                blocking.append(error)
        for name, reader in _readers(paths, year, basis):
            if not (folder / name).is_file() or f"{year}/{name}" in empty:
                continue  # already listed as missing or empty
            spec = registry.entry(name)
            if spec.domain in as_published:
                continue
            if spec.keep == registry.KEEP_ROWS and spec.figures and not spec.optional:
                blank = _blank_figures(folder / name, spec, year)
                if blank:
                    blocking.append(f"data/raw/{year}/{name}: {blank}")
                    continue
            result, error = _run(reader, f"{year}/{name}")
            if error:
                blocking.append(error)
            else:
                parsed[name] = result
        if "plan" not in as_published:
            blocking += _plan_blanks(year, parsed, basis)
        if not {"ikm", "ikm_series"} <= as_published:
            blocking += register_preview(paths, year, parsed)[1]
    warnings = (manifest.check(paths, files=present) if paths.raw_manifest.is_file()
                else [COMPLETE["no_manifest"]])
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
    return [COMPLETE["narrative_missing"].format(year=year, parts=", ".join(parts))]


def blank_required(paths: Paths, year: int) -> int:
    """How many required cells of the year's files are still blank ("N isian wajib belum diisi").

    Figures in kept-rows and year-column tables (see :func:`blank_required_cells`), one row's
    figures for every required header-only list still without rows, and the empty items of
    the narrative skeleton.
    """
    folder = paths.raw_year(year)
    total = 0
    for spec in registry.FILES:
        path = folder / spec.name
        if not path.is_file():
            continue
        if spec.keep == registry.KEEP_NARRATIVE:
            from pipeline.inputs import narrative

            try:
                total += len(narrative.missing_parts(narrative.load_narrative(paths, year)))
            except LkjipError:
                pass
        elif spec.keep == registry.KEEP_HEADER:
            if not spec.may_be_empty and _data_rows(path) == 0:
                total += len(spec.figures) or 1
        else:
            total += blank_required_cells(path, spec, year)
    return total


# Register totals shown by check-inputs, and the series rows they are compared with.
PREVIEW = (("unit_usaha", "unit usaha"), ("formal", "formal"), ("non_formal", "non formal"),
           ("mikro", "mikro"), ("kecil", "kecil"), ("menengah", "menengah"),
           ("tenaga_kerja", "tenaga kerja (orang)"), ("investasi_ribu_rp", "investasi (ribu Rp)"),
           ("nilai_produksi_ribu_rp", "nilai produksi (ribu Rp)"))


def register_preview(paths: Paths, year: int,
                     parsed: Mapping[str, object] | None = None) -> tuple[list[str], list[str]]:
    """(lines, blocking): the cleaned register's totals and its cleaning log per rule, and every
    typed value of the year's IKM series that disagrees with those totals (critical).
    ``parsed``: what :func:`problems` already read, by raw file name (the cleaned register and
    the series are then not read a second time in the same check)."""
    parsed = parsed or {}
    from pipeline.clean import ikm
    from pipeline.inputs import ikm_series
    from pipeline.inputs.idnum import fmt_number

    register = paths.raw_year(year) / ikm.REGISTER_FILE
    if not register.is_file() or _data_rows(register) == 0:
        return [], []
    try:
        perusahaan, log = parsed.get(register.name) or ikm.clean_register(register, paths)
    except LkjipError:
        return [], []  # the parse pass reports the bad cell
    totals = ikm.aggregate_register(perusahaan, year)

    def show(key):
        value = totals.get(key)
        return fmt_number(float(value), 0 if float(value).is_integer() else 3)

    lines = [f"Register IKM {year} setelah dibersihkan (pratinjau, sebelum laporan dibuat): "
             + "; ".join(f"{label} {show(key)}" for key, label in PREVIEW if key in totals)]
    if not log.empty:
        counts = log.groupby(["aturan", "tindakan"], sort=True).size()
        lines.append("Log pembersihan per aturan: " + "; ".join(
            f"{aturan}: {n} baris {tindakan}" for (aturan, tindakan), n in counts.items()))
    blocking = []
    for spec, reader in ((registry.entry(ikm_series.SERIES_FILE), ikm_series.read_ikm_series),
                         (registry.entry(ikm_series.CLASSIFICATION_FILE), ikm_series.read_ikm_classification)):
        path = paths.raw_year(year) / spec.name
        if not path.is_file():
            continue
        try:
            series = parsed[spec.name] if spec.name in parsed else reader(path, paths)
        except LkjipError:
            continue
        row = series[series["tahun"] == year]
        if row.empty:
            continue  # the year's column left blank: the register supplies it
        for key, label in PREVIEW:
            if key not in row.columns or pd_isna(row.iloc[0][key]):
                continue
            typed = float(row.iloc[0][key])
            expected = float(totals[key])
            if abs(typed - expected) >= 1:  # published series are rounded to whole units
                # Either side may hold the typo: a wrong register cell was once blamed on the
                # series alone, with advice (blank the series) that only hid it.
                blocking.append(COMPLETE["series_vs_register"].format(
                    year=year, name=spec.name, label=label, typed=fmt_number(typed, 0 if typed.is_integer() else 3),
                    register=ikm.REGISTER_FILE, computed=show(key)))
    return lines, blocking


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
