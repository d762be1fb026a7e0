"""Reuse inside a step of ``lkjip run``: the cleaning per parser (domain).

The step cache (pipeline.run.cache) decides whether a whole step reruns. Once the cleaning
step reruns (a raw file changed), most of its parsers still read exactly the bytes they read
last time: each parser (``pipeline.clean.DOMAINS``) is keyed on

    the code and package versions (as the step cache), the numbers' notations declared in
    data/raw/manifest.yml (not its sha256 lines, which change with every edit), every file of
    data/raw/common/, the files of data/raw/<year>/ the registry gives the parser and the raw
    files it read when it last ran (pipeline.inputs.reads.collecting), and which files this
    agency leaves out;

and a parser whose key is unchanged is not run: its tables are copied from the published
processed folder, each first checked against the sha256 recorded when it was written (a
changed or missing file reruns the parser). A table joined from several parsers' tables
(``pipeline.clean.JOINED``) is rebuilt with all of them when one of them reruns.

The record is ``pembersihan.json`` in the run's kept folder (``reads.kept_folder``, published as
``reports/.cache/<year>/``, ``Paths.reuse_year``), outside the report and the processed
folder, which stay byte-identical to a forced run's; a run that fails leaves it as it was. ``lkjip run --force`` (the
kernel variable :data:`FORCE_ENVIRONMENT`) reuses nothing but still writes the record; a
notebook run by hand reuses and records nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Paths
from pipeline.inputs import catalogue, reads, registry
from pipeline.inputs.rawfile import sha256_bytes, sha256_file

FORCE_ENVIRONMENT = reads.FORCE_ENVIRONMENT
CLEAN_RECORD = "pembersihan.json"
recording, reusing = reads.in_run, reads.reuse_allowed


def _load(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _save(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    os.replace(temporary, path)


def _digest(value) -> str:
    return sha256_bytes(json.dumps(value, sort_keys=True, default=str).encode())


def _hash(path: Path) -> str:
    digest = sha256_file(path) if path.is_file() else "-"
    # a link is not the file it leads to (a parser refuses one leading out of data/raw/), so a
    # file replaced by a link to the same bytes is parsed again, not taken as published
    return f"symlink:{digest}" if path.is_symlink() else digest


@dataclass
class Cleaned:
    """What the cleaning notebook shows: every table's size, tables read back as written."""

    folder: Path
    paths: Paths
    shapes: dict[str, dict] = field(default_factory=dict)  # table -> {"baris", "kolom"}
    built: list[str] = field(default_factory=list)         # parsers run (module names)
    reused: list[str] = field(default_factory=list)        # parsers taken over

    def overview(self):
        from pipeline import clean

        return clean.overview_of(self.shapes)

    def table(self, name: str):
        """A processed table as the analyses read it (the same in a forced and a partial run)."""
        from pipeline.measure.indicators import load_processed

        return load_processed(self.folder, self.paths)[name]

    def ikm_overview(self) -> list:
        from pipeline import clean

        return clean.ikm_overview({name: self.table(name) for name in (catalogue.IKM_LOG_PEMBERSIHAN, catalogue.IKM_AGREGAT)
                                   if name in self.shapes})


class CleanReuse:
    """The per-parser keys of one year's cleaning and the record of the last one."""

    def __init__(self, paths: Paths, year: int, processed_dir, record: dict | None = None):
        from pipeline.inputs import rawio, scope
        from pipeline.inputs.rawfile import tree_files
        from pipeline.run.cache import Fingerprints

        self.paths, self.year = paths, int(year)
        self.record_path = reads.kept_folder(paths.resolve(processed_dir)) / CLEAN_RECORD
        self.record = record if record is not None else _load(self.record_path) if reusing() else {}
        fingerprints = Fingerprints(paths)
        manifest = paths.raw_manifest
        notations = (rawio._declared_notations(str(manifest), manifest.stat().st_mtime_ns,
                                               manifest.stat().st_size) if manifest.is_file() else {})
        self.base = {"year": self.year, "code": fingerprints.code(), "env": fingerprints.env(),
                     "notations": notations,
                     "common": {rel: sha256_file(p) for rel, p in tree_files(paths.raw_common).items()},
                     "left_out": sorted(scope.left_out_files(paths, self.year))}
        self.left_out_files = self.base["left_out"]

    def key(self, module_name: str, read: list[str]) -> str:
        """The parser's key over the registry's files for it and the raw files it read."""
        short = module_name.rsplit(".", 1)[1]
        files = {f"{self.year}/{f.name}" for f in registry.files_of(short)} | set(read)
        files = {rel for rel in files if rel != "manifest.yml" and not rel.startswith("common/")}
        return _digest({"base": self.base, "parser": module_name,
                        "files": {rel: _hash(self.paths.raw / rel) for rel in sorted(files)}})

    def _intact(self, tables: dict, published: Path) -> bool:
        return all(_hash(catalogue.csv_file(published, name)) == entry.get("sha256")
                   and _hash(catalogue.parquet_file(published, name)) == entry.get("sha256_parquet")
                   for name, entry in tables.items())

    def unchanged(self, active: list[str]) -> set[str]:
        """The parsers (of ``active``) whose key is the one recorded: they would read the same
        bytes with the same code as when the record was written."""
        domains = self.record.get("domains") or {}
        return {m for m in active if isinstance(domains.get(m), dict)
                and domains[m].get("key") == self.key(m, domains[m].get("reads") or [])}

    def reusable(self, active: list[str]) -> set[str]:
        """The parsers (of ``active``) whose key and published tables are unchanged."""
        from pipeline import clean

        domains = self.record.get("domains") or {}
        published = self.paths.processed_year(self.year)
        keep = {m for m in self.unchanged(active)
                if domains[m].get("tables") and self._intact(domains[m]["tables"], published)}
        joined = self.record.get("joined") or {}
        for name, inputs in clean.JOINED.items():
            producers = {m for m in active if set(inputs) & set((domains.get(m) or {}).get("tables") or {})}
            entry = joined.get(name)
            if not (producers <= keep and isinstance(entry, dict)
                    and self._intact({name: entry}, published)):
                keep -= producers  # rebuilt together, so the joined table can be computed
        return keep

    def run(self, processed_dir) -> Cleaned:
        """Clean the year into ``processed_dir``, taking over what did not change."""
        from pipeline import clean

        folder = self.paths.resolve(processed_dir)
        folder.mkdir(parents=True, exist_ok=True)
        active = clean.active_domains(self.year, self.paths, self.left_out_files)
        keep = self.reusable(active)
        seen: dict[str, set[str]] = {}
        produced: dict[str, list[str]] = {}

        @contextmanager
        def observe(module_name):
            with reads.collecting() as names:
                seen[module_name] = names
                yield

        tables = clean.build(self.year, self.paths, skip=keep, observe=observe, produced=produced,
                             left_out_files=self.left_out_files)
        clean.write(tables, folder)
        published = self.paths.processed_year(self.year)
        old = self.record.get("domains") or {}
        taken = {name: entry for m in active if m in keep for name, entry in old[m]["tables"].items()}
        if keep and not set(clean.JOINED) & tables.keys():
            taken.update({name: entry for name, entry in (self.record.get("joined") or {}).items()
                          if name in clean.JOINED})
        for name in taken:
            for stored in (catalogue.csv_file, catalogue.parquet_file):
                shutil.copyfile(stored(published, name), stored(folder, name))
        described = {name: {"sha256": sha256_file(catalogue.csv_file(folder, name)),
                            "sha256_parquet": sha256_file(catalogue.parquet_file(folder, name)),
                            **clean.shape(df)}
                     for name, df in tables.items()}
        domains = {m: old[m] if m in keep else
                   {"key": self.key(m, sorted(seen.get(m, ()))), "reads": sorted(seen.get(m, ())),
                    "tables": {name: described[name] for name in produced.get(m, [])}}
                   for m in active}
        joined = {name: described.get(name) or taken[name] for name in clean.JOINED
                  if name in described or name in taken}
        if recording():
            _save(self.record_path, {"domains": domains, "joined": joined})
        shapes = {name: {"baris": e["baris"], "kolom": e["kolom"]} for name, e in {**taken, **described}.items()}
        return Cleaned(folder, self.paths, dict(sorted(shapes.items())),
                       built=[m for m in active if m not in keep], reused=[m for m in active if m in keep])


def parsed_as_published(paths: Paths, year: int) -> frozenset[str]:
    """The parsers (registry domains: ``bps``, ``plan``, ...) whose every input is byte for byte what
    the published build of ``year`` cleaned, with the same code and packages (their key in its
    record, ``Paths.reuse_year``): those files parsed then, and the input check before a run
    need not parse them again. Empty when nothing was published or recorded. A parser of the
    list implies data/raw/common/ and the declared notations are as published too (both are in
    every key)."""
    from pipeline import clean

    record = _load(paths.reuse_year(int(year)) / CLEAN_RECORD)
    if not record.get("domains"):
        return frozenset()
    reuse = CleanReuse(paths, year, paths.processed_year(year), record=record)
    active = clean.active_domains(reuse.year, paths, reuse.left_out_files)
    return frozenset(m.rsplit(".", 1)[1] for m in reuse.unchanged(active))


def clean_year(year: int, processed_dir, paths: Paths) -> Cleaned:
    """The cleaning notebook's one call (pipeline.clean through :class:`CleanReuse` in a run)."""
    from pipeline import clean

    if recording():
        return CleanReuse(paths, year, processed_dir).run(processed_dir)
    folder = paths.resolve(processed_dir)
    tables = clean.run(year, folder, paths)
    return Cleaned(folder, paths, {name: clean.shape(df) for name, df in sorted(tables.items())},
                   built=clean.active_domains(int(year), paths))


# Imported ahead in the validation kernel only when a suite will most likely run (below).
GX_MODULES = ("great_expectations",)


def kernel_preload(paths: Paths, year: int, force: bool) -> dict:
    """The kernels' imports (pipeline.run.preload) for a run of ``year``. When suite
    results of an earlier run are kept (pipeline.validate.gx.SuiteResults) and the run is not
    forced, a data edit most often leaves every suite's table unchanged: the validation
    kernel then does not import Great Expectations ahead (≈3 CPU-s, on the path of a short
    cleaning), and a suite that must run imports it itself."""
    from pipeline.run.preload import default_preload
    from pipeline.run.steps import VALIDATE

    preload = default_preload(paths.notebooks)
    if force or not any((paths.reuse_year(int(year)) / "gx").glob("*.json")):
        return preload
    return {**preload, VALIDATE: tuple(m for m in preload[VALIDATE] if m not in GX_MODULES)}
