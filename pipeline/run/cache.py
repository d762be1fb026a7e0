"""Cache keys: a step reruns only when something it depends on changed.

key(step) = sha256 over
    the step's name and plain parameters (year, sasaran_id; not the run's folder paths),
    every input file (location-independent label + sha256 of its bytes, see pipeline.run.steps),
    the step's notebook, every file of the pipeline package (code and templates),
    the python version and the installed versions of the pinned dependencies.

The published report keeps the record: ``reports/<Y>/manifest.json`` holds
``"cache": {step: key}`` and ``"cache_files": {step: [files under reports/<Y>/ it wrote]}``.
This module imports nothing heavy (no pandas, no papermill): the no-change path must stay fast.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from importlib import metadata
from pathlib import Path

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.run.steps import CLEAN, Step, input_files

MANIFEST = "manifest.json"
CODE_ROOT = PACKAGE_ROOT / "pipeline"  # every file here is "code" for the cache key
# Used when pyproject.toml is not next to the package (a non-editable install).
FALLBACK_DEPENDENCIES = ("babel", "great-expectations", "ipykernel", "jinja2", "jupyterlab",
                         "jupytext", "matplotlib", "nbclient", "nbconvert", "nbformat", "openpyxl",
                         "pandas", "papermill", "pyyaml", "rich")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:  # read-only: raw data is never opened for writing
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pinned_dependencies() -> list[str]:
    """Names of the dependencies pinned in pyproject.toml."""
    pyproject = PACKAGE_ROOT / "pyproject.toml"
    if not pyproject.is_file():
        return list(FALLBACK_DEPENDENCIES)
    import tomllib

    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    names = []
    for dep in deps:
        name = dep.split(";")[0]
        for sep in ("==", ">=", "<=", "~=", "!=", ">", "<", "["):
            name = name.split(sep)[0]
        names.append(name.strip())
    return sorted(names)


def environment() -> dict:
    """Python and package versions that can change a result."""
    versions = {}
    for name in pinned_dependencies():
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return {"python": sys.version.split()[0], "implementation": platform.python_implementation(),
            "packages": versions}


class Fingerprints:
    """Computes step keys, hashing each file once per (path, size, mtime)."""

    def __init__(self, paths: Paths, code_root: Path | None = None):
        self.paths = paths
        self.code_root = Path(code_root or CODE_ROOT)
        self._memo: dict[tuple, str] = {}
        self._code: str | None = None
        self._env: str | None = None

    def file(self, path: Path) -> str:
        stat = Path(path).stat()
        token = (str(path), stat.st_size, stat.st_mtime_ns)
        if token not in self._memo:
            self._memo[token] = _sha256(Path(path))
        return self._memo[token]

    def code(self) -> str:
        """One digest over the package's source and templates (not caches)."""
        if self._code is None:
            digest = hashlib.sha256()
            for path in sorted(self.code_root.rglob("*")):
                if (not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc"
                        or path.name.startswith(".")):
                    continue
                digest.update(path.relative_to(self.code_root).as_posix().encode())
                digest.update(self.file(path).encode())
            self._code = digest.hexdigest()
        return self._code

    def env(self) -> str:
        if self._env is None:
            self._env = hashlib.sha256(json.dumps(environment(), sort_keys=True).encode()).hexdigest()
        return self._env

    def step_key(self, step: Step, year: int, processed_dir: Path, report_dir: Path) -> str:
        files = input_files(step, self.paths, year, processed_dir, report_dir)
        record = {
            "step": step.name,
            "parameters": step.values,
            "notebook": self.file(step.notebook),
            "files": {label: self.file(path) for label, path in sorted(files.items())},
            "code": self.code(),
            "env": self.env(),
        }
        return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def load_record(report_dir: Path) -> dict:
    """The previous run's cache record: {"cache": {step: key}, "cache_files": {step: [rel]}}."""
    path = Path(report_dir) / MANIFEST
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"cache": {}, "cache_files": {}}
    run_info = doc.get("run_info") if isinstance(doc.get("run_info"), dict) else {}
    cache = doc.get("cache") or run_info.get("cache") or {}
    files = doc.get("cache_files") or run_info.get("cache_files") or {}
    return {"cache": dict(cache), "cache_files": dict(files)}


def write_record(report_dir: Path, cache: dict, cache_files: dict) -> None:
    """Put the cache record into report_dir/manifest.json (created if the assembler wrote none)."""
    path = Path(report_dir) / MANIFEST
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        doc = {}
    doc["cache"] = cache
    doc["cache_files"] = cache_files
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n",
                    encoding="utf-8")


def outputs_exist(step: Step, record: dict, report_dir: Path, processed_dir: Path) -> bool:
    """Whether everything the step wrote last time is still published."""
    files = record["cache_files"].get(step.name)
    if files is None:
        return False
    if step.kind == CLEAN and not (Path(processed_dir).is_dir() and any(Path(processed_dir).iterdir())):
        return False
    return all((Path(report_dir) / rel).is_file() for rel in files)


def reusable(step: Step, key: str, record: dict, report_dir: Path, processed_dir: Path) -> bool:
    return record["cache"].get(step.name) == key and outputs_exist(step, record, report_dir,
                                                                    processed_dir)
