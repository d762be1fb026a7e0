"""The steps of one yearly run, the notebook each executes and the inputs each depends on.

    clean -> {validate, anggaran, sasaran_<id> x N} (in parallel), organisasi after validate
          -> assemble

Each step is one papermill execution of a notebook whose single ``parameters`` cell takes
plain values (year, sasaran id, the run's processed/report folders). What a step *reads* is declared here, in one place,
because the cache (pipeline.run.cache) reruns a step only when these inputs change:

    clean     data/raw/<Y>/**, data/raw/common/**, data/raw/manifest.yml
    validate  every processed table, expectations/**; the published-vs-recomputed table
              the cleaning step writes beside the processed tables
              (catalogue.PERBANDINGAN_AHEAD), computed again only when it is not there
    analysis  every processed table, the analyst's YAML/Markdown in data/raw/<Y>/ (narasi.yml)
              and data/raw/common/ (agency profile); organisasi also the validation step's
              machine-readable results (report_dir/validation/*.csv and findings.json)
              (``Step.reads_validation``: only such a step waits for the validation step; the
              others run next to it). A step that starts reading validation results must be
              marked here, else it would not find them in its report_dir. The sasaran steps
              read the published-vs-recomputed table the cleaning step writes beside the
              processed tables (catalogue.PERBANDINGAN_AHEAD), not the validation's copy:
              they need not wait for the Great Expectations suites. Nothing is published
              unless the validation step succeeded too.
    all       the pipeline package's code, the step's own notebook, python + pinned packages

Which processed tables (and files beside them) each step may read is declared in the data
catalogue (pipeline.inputs.catalogue, ``Table.readers``, ``ReportFile.readers`` of
``PROCESSED_FILES``; a test holds a real run's recorded reads to it).
A validation or analysis step whose notebook recorded what it read (pipeline.inputs.reads) is
keyed instead on exactly the processed tables (and files beside them) and raw files it read,
plus the names of all processed tables and narrative files (pipeline.run.cache); the list above
is then what the step *may* read, the recorded set what it *did* read last time.

Analysis notebooks must read raw data only through the processed tables (plus those YAML
files), and of the other steps' outputs only the validation results above; anything else
they read would be invisible to the cache (and absent from their report_dir, see runner).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue
from pipeline.messages import STEP

CLEAN, VALIDATE, ANALYSIS = "clean", "validate", "analysis"

# File name patterns of the analyst-written inputs analysis notebooks read directly.
NARRATIVE_PATTERNS = ("*.yml", "*.yaml", "*.md")
# Outputs of the validate step that analysis steps may read from their report_dir. Not the
# raw GX results (gx_results.json): they carry run ids, so every validation rerun would
# look like a change to the analysis steps.
UPSTREAM_REPORT_PATTERNS = (f"{catalogue.VALIDATION.path}*.csv", catalogue.FINDINGS.path)


@dataclass(frozen=True)
class Notebooks:
    """Which notebook each step executes. Injectable: tests pass tiny fixture notebooks."""

    clean: Path
    validate: Path
    organisasi: Path
    sasaran: Path
    anggaran: Path

    @classmethod
    def in_folder(cls, folder: Path) -> Notebooks:
        folder = Path(folder)
        return cls(clean=folder / "01_pembersihan.ipynb", validate=folder / "02_validasi.ipynb",
                   organisasi=folder / "03_organisasi.ipynb", sasaran=folder / "10_sasaran.ipynb",
                   anggaran=folder / "20_anggaran.ipynb")

    def missing(self) -> list[Path]:
        return [p for p in (self.clean, self.validate, self.organisasi, self.sasaran, self.anggaran)
                if not Path(p).is_file()]


@dataclass(frozen=True)
class Step:
    name: str                 # clean, validate, organisasi, sasaran_<id>, anggaran: the cache record's key
    kind: str                 # CLEAN | VALIDATE | ANALYSIS
    notebook: Path
    log_name: str             # executed notebook saved as report/notebooks/<log_name>.ipynb
    values: dict = field(default_factory=dict)  # parameters other than the run's folders
    # An analysis step that reads the validation results (seeded into its report_dir, part of
    # its cache key) and so runs after the validation step; the others run alongside it.
    reads_validation: bool = False

    def parameters(self, processed_dir: str, report_dir: str) -> dict:
        params = dict(self.values)
        params["processed_dir"] = str(processed_dir)
        if self.kind != CLEAN:  # cleaning writes only data/processed, never the report
            params["report_dir"] = str(report_dir)
        return params


def clean_step(notebooks: Notebooks, year: int) -> Step:
    return Step("clean", CLEAN, Path(notebooks.clean), Path(notebooks.clean).stem, {"year": year})


def validate_step(notebooks: Notebooks, year: int) -> Step:
    return Step("validate", VALIDATE, Path(notebooks.validate), Path(notebooks.validate).stem,
                {"year": year})


def analysis_steps(notebooks: Notebooks, year: int, sasaran_ids: list) -> list[Step]:
    """organisasi, one sasaran step per id (in the order of iku.csv), anggaran."""
    steps = [Step("organisasi", ANALYSIS, Path(notebooks.organisasi), Path(notebooks.organisasi).stem,
                  {"year": year}, reads_validation=True)]  # validation/koreksi.csv in the Ikhtisar
    stem = Path(notebooks.sasaran).stem
    for sid in sasaran_ids:  # perbandingan from the cleaning step's folder (catalogue.PERBANDINGAN_AHEAD)
        steps.append(Step(f"sasaran_{sid}", ANALYSIS, Path(notebooks.sasaran), f"{stem}_{sid}",
                          {"year": year, "sasaran_id": sid}))
    steps.append(Step("anggaran", ANALYSIS, Path(notebooks.anggaran), Path(notebooks.anggaran).stem,
                      {"year": year}))
    return steps


def read_sasaran_ids(processed_dir: Path) -> list:
    """Sasaran ids from the processed table iku (column ``sasaran_id``), in file order, deduplicated.

    Read from its CSV copy with the csv module (',' or ';' separated) so the no-change path never
    imports pandas. Integer-looking ids become ints, as the catalogue types them, so notebooks get
    ``sasaran_id = 1``, not ``"1"``.
    """
    path = catalogue.csv_file(processed_dir, catalogue.IKU)
    if not path.is_file():
        raise InputError(path, STEP["no_iku"])
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip() for h in rows[0]] if rows else []
    if "sasaran_id" not in header:
        raise InputError(path, STEP["no_sasaran_column"].format(found=", ".join(header)),
                         row=1)
    col = header.index("sasaran_id")
    ids: list = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        value = cells[col].strip() if col < len(cells) else ""
        if not value:
            raise InputError(path, STEP["sasaran_empty"], row=number, column="sasaran_id",
                             value="(blank)")
        if not all(ch.isalnum() or ch in "_-" for ch in value):
            # The id becomes part of file names (sasaran_<id>.json).
            raise InputError(path, STEP["sasaran_chars"],
                             row=number, column="sasaran_id", value=value)
        sid = int(value) if value.isdigit() else value
        if sid not in ids:
            ids.append(sid)
    if not ids:
        raise InputError(path, STEP["no_sasaran"])
    return ids


def _files_under(folder: Path, patterns=("**/*",)) -> list[Path]:
    if not folder.is_dir():
        return []
    found = set()
    for pattern in patterns:
        found.update(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith("."))
    return sorted(found)


def upstream_report_files(report_dir: Path) -> dict[str, Path]:
    """The validate step's outputs analysis steps may read, keyed by path under report_dir."""
    return {rel: path for rel, path in
            ((p.relative_to(report_dir).as_posix(), p)
             for p in _files_under(Path(report_dir), UPSTREAM_REPORT_PATTERNS))}


def input_files(step: Step, paths: Paths, year: int, processed_dir: Path,
                report_dir: Path) -> dict[str, Path]:
    """The data files a step reads, keyed by a location-independent label.

    Labels (not absolute paths) go into the cache key, so a staging folder and the published
    folder holding the same bytes give the same key.
    """
    files: dict[str, Path] = {}

    def add(prefix: str, folder: Path, patterns=("**/*",)):
        for path in _files_under(folder, patterns):
            files[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path

    if step.kind == CLEAN:
        add(f"raw/{year}", paths.raw_year(year))
        add("raw/common", paths.raw_common)
        if paths.raw_manifest.is_file():
            files["raw/manifest.yml"] = paths.raw_manifest
    else:
        add("processed", Path(processed_dir))
        if step.kind == VALIDATE:
            add("expectations", paths.expectations)
        else:
            add(f"raw/{year}", paths.raw_year(year), NARRATIVE_PATTERNS)
            add("raw/common", paths.raw_common, NARRATIVE_PATTERNS)
            if step.reads_validation:
                for rel, path in upstream_report_files(report_dir).items():
                    files[f"report/{rel}"] = path
    return files
