"""Cache keys: a step reruns only when something it depends on changed.

key(step) = sha256 over
    the step's name and plain parameters (year, sasaran_id; not the run's folder paths),
    every input file (location-independent label + sha256 of its bytes, see pipeline.run.steps),
    the step's notebook, every file of the pipeline package (code and templates),
    the python version and the installed versions of the pinned dependencies.
A validation or analysis step that recorded what its notebook read (pipeline.inputs.reads:
the processed tables, raw files and the parts of narasi.yml, pipeline.inputs.parts) is keyed
on those files and parts alone, plus the names of all processed tables and narrative files;
the record keeps that read set per step (``"cache_reads"``), so a changed table reruns only
the steps that read it. A step without
a recorded read set is keyed on every input it may read.

The published report keeps the record: ``reports/<Y>/manifest.json`` holds
``"cache": {step: key}``, ``"cache_files": {step: [files under reports/<Y>/ it wrote]}`` and
``"cache_hashes": {"report": {file: sha256}, "processed": {file: sha256}}`` of every published
file (but manifest.json itself). Nothing is reused on the strength of its key alone: a step's
published outputs (for clean: the whole processed folder) must still hash to what was
recorded, else the step reruns (:func:`changed_outputs` says which files differ).
This module imports nothing heavy (no pandas, no papermill): the no-change path must stay fast.
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.dependencies import pinned_versions
from pipeline.errors import InputError
from pipeline.inputs import catalogue, parts, reads
from pipeline.inputs.rawfile import (
    read_yaml,
    sha256_bytes,
    sha256_file,
    tree_files,
    tree_hashes,
    write_atomic,
)
from pipeline.run.steps import CLEAN, Step, input_files

MANIFEST = catalogue.MANIFEST.path
CODE_ROOT = PACKAGE_ROOT / "pipeline"  # every file here is "code" for the cache key


def environment() -> dict:
    """Python and package versions that can change a result (a new dict on every call)."""
    return {"python": sys.version.split()[0], "implementation": platform.python_implementation(),
            "packages": dict(pinned_versions())}


class Fingerprints:
    """Computes step keys, hashing each file once per (path, size, mtime)."""

    def __init__(self, paths: Paths, code_root: Path | None = None):
        self.paths = paths
        self.code_root = Path(code_root or CODE_ROOT)
        self._memo: dict[tuple, str] = {}
        self._documents: dict[tuple, object] = {}  # narasi.yml parsed, per (path, size, mtime)
        self._code: str | None = None
        self._env: str | None = None

    def file(self, path: Path) -> str:
        stat = Path(path).stat()
        token = (str(path), stat.st_size, stat.st_mtime_ns)
        if token not in self._memo:
            self._memo[token] = sha256_file(Path(path))
        return self._memo[token]

    def code(self) -> str:
        """One digest over the package's source and templates (not caches)."""
        if self._code is None:
            # The digest of the concatenation equals the former chunk-by-chunk digest.
            parts = []
            for path in sorted(self.code_root.rglob("*")):
                if (not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc"
                        or path.name.startswith(".")):
                    continue
                parts.append(path.relative_to(self.code_root).as_posix().encode())
                parts.append(self.file(path).encode())
            self._code = sha256_bytes(b"".join(parts))
        return self._code

    def narrative(self, year: int, names: list[str]) -> dict | str:
        """The values of the named parts of the year's narasi.yml (pipeline.inputs.parts); the
        whole file's digest when it cannot be read as YAML (its step fails on it again)."""
        path = self.paths.raw_year(year) / parts.FILENAME
        if not path.is_file():
            return {name: None for name in names}
        stat = path.stat()
        token = (str(path), stat.st_size, stat.st_mtime_ns)
        if token not in self._documents:
            try:
                self._documents[token] = read_yaml(path)
            except InputError:
                self._documents[token] = None
        document = self._documents[token]
        return self.file(path) if document is None else parts.values(document, names)

    def env(self) -> str:
        if self._env is None:
            self._env = sha256_bytes(json.dumps(environment(), sort_keys=True).encode())
        return self._env

    def step_key(self, step: Step, year: int, processed_dir: Path, report_dir: Path,
                 read: dict | None = None) -> str:
        """The step's key over every input it may read, or, given ``read`` (what its notebook
        read last time, pipeline.inputs.reads), over exactly those processed tables and raw
        files plus the names of every processed table and narrative file: a step that read the
        same bytes and saw the same files computes the same outputs."""
        files = input_files(step, self.paths, year, processed_dir, report_dir)
        listing = None
        if read is not None and step.kind != CLEAN:
            listing = sorted(label for label in files if label.startswith(("processed/", "raw/")))
            files = {label: path for label, path in files.items()
                     if not label.startswith(("processed/", "raw/"))}
            # the typed copy is what the notebook read (pipeline.inputs.catalogue), or the file
            # beside the tables it names (validasi/perbandingan.csv)
            files.update({f"processed/{path.relative_to(processed_dir).as_posix()}": path for path in
                          (catalogue.read_file(processed_dir, name) for name in read.get("processed", []))})
            files.update({f"raw/{rel}": self.paths.raw / rel for rel in read.get("raw", [])})
        record = {
            "step": step.name,
            "parameters": step.values,
            "notebook": self.file(step.notebook),
            "files": {label: self.file(path) if Path(path).is_file() else "-"
                      for label, path in sorted(files.items())},
            "code": self.code(),
            "env": self.env(),
        }
        if listing is not None:
            record["read"] = read
            record["listing"] = listing
            if read.get(reads.NARRATIVE):
                record["narasi"] = self.narrative(year, read[reads.NARRATIVE])
        return sha256_bytes(json.dumps(record, sort_keys=True, default=str).encode())


EMPTY_RECORD = {"cache": {}, "cache_files": {}, "cache_reads": {}, "cache_pending": [],
                "cache_hashes": {"report": {}, "processed": {}}}


def load_record(report_dir: Path) -> dict:
    """The previous run's cache record: {"cache": {step: key}, "cache_files": {step: [rel]},
    "cache_hashes": {"report": {rel: sha256}, "processed": {rel: sha256}}}."""
    path = Path(report_dir) / MANIFEST
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return json.loads(json.dumps(EMPTY_RECORD))
    if not isinstance(doc, dict):
        return json.loads(json.dumps(EMPTY_RECORD))
    run_info = doc.get("run_info") if isinstance(doc.get("run_info"), dict) else {}
    cache = doc.get("cache") or run_info.get("cache") or {}
    files = doc.get("cache_files") or run_info.get("cache_files") or {}
    hashes = doc.get("cache_hashes") if isinstance(doc.get("cache_hashes"), dict) else {}
    read = doc.get("cache_reads") if isinstance(doc.get("cache_reads"), dict) else {}
    pending = doc.get("cache_pending") if isinstance(doc.get("cache_pending"), list) else []
    return {"cache": dict(cache), "cache_files": dict(files), "cache_reads": dict(read),
            "cache_pending": [str(name) for name in pending],
            "cache_hashes": {"report": dict(hashes.get("report") or {}),
                             "processed": dict(hashes.get("processed") or {})}}


def write_record(report_dir: Path, cache: dict, cache_files: dict,
                 processed_dir: Path | None = None, cache_reads: dict | None = None,
                 pending: list[str] | tuple = ()) -> None:
    """Put the cache record into report_dir/manifest.json (created if the assembler wrote none),
    replacing the file atomically.

    Call last, when report_dir and processed_dir hold exactly what will be published.
    ``pending``: report files still to come after the publish (the PDF, which follows the HTML);
    while the record lists any, the report counts as changed (:func:`load_record`'s
    ``"cache_pending"``) and the next run assembles it again.
    """
    path = Path(report_dir) / MANIFEST
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = {}
    doc["cache"] = cache
    doc["cache_files"] = cache_files
    doc["cache_reads"] = dict(sorted((cache_reads or {}).items()))
    doc["cache_hashes"] = {
        "report": tree_hashes(report_dir, exclude=(MANIFEST,)),
        "processed": tree_hashes(processed_dir) if processed_dir is not None else {},
    }
    doc.pop("cache_pending", None)
    if pending:
        doc["cache_pending"] = sorted(pending)
    write_atomic(path, json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def _differences(recorded: dict[str, str], files: dict[str, Path], wanted, file_hash) -> list[str]:
    """Of ``wanted`` (paths relative to a folder): those missing, unrecorded or changed."""
    return [rel for rel in sorted(wanted)
            if rel not in files or rel not in recorded or file_hash(files[rel]) != recorded[rel]]


def changed_outputs(step: Step, record: dict, report_dir: Path, processed_dir: Path,
                    file_hash=sha256_file) -> list[str] | None:
    """Published files of ``step`` that no longer hash to the record (for clean: also files
    added to or missing from the processed folder), as paths under the project's folders
    ("reports/<Y>/..." is the caller's to add: here relative to report_dir, or "processed/..").

    None when the record lists no outputs for the step (it cannot be reused at all).
    """
    rels = record["cache_files"].get(step.name)
    if rels is None:
        return None
    hashes = record["cache_hashes"]
    changed = _differences(hashes["report"], tree_files(report_dir), rels, file_hash)
    if step.kind == CLEAN:
        processed = tree_files(processed_dir)
        recorded = hashes["processed"]
        if not recorded:
            return ["processed/"]
        changed += [f"processed/{rel}" for rel in
                    _differences(recorded, processed, set(recorded) | set(processed), file_hash)]
    return changed


def changed_assembly(record: dict, report_dir: Path, file_hash=sha256_file) -> list[str]:
    """Published report files outside every step's outputs (assembled report, summary,
    workbook, stray files) that are missing, added or changed since they were recorded."""
    owned = {rel for rels in record["cache_files"].values() for rel in rels}
    recorded = {rel: h for rel, h in record["cache_hashes"]["report"].items() if rel not in owned}
    files = {rel: p for rel, p in tree_files(report_dir).items() if rel not in owned and rel != MANIFEST}
    return _differences(recorded, files, set(recorded) | set(files), file_hash)
