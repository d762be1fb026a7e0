"""Which inputs a step's notebook read, so the cache keys the step on exactly those.

In a kernel of ``lkjip run`` (which sets
:data:`ENVIRONMENT` for its kernels), the notebook's first cell (pipeline.run.interaktif.folders) calls :func:`record_to`
with a file in the step's output folder; from then on every processed table read
(pipeline.measure.indicators.ProcessedTables) and every raw file read (pipeline.inputs.rawfile,
pipeline.inputs.rawio) adds its name to that file at once, so the record is complete whatever
cell the notebook ends in. The runner (pipeline.run.runner) takes the file out of the step's
outputs and keeps it in the cache record (pipeline.run.cache). A notebook run by hand records
nothing.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

# In the step's output folder; the runner removes it before the outputs are published.
READS_FILE = ".dibaca.json"
# Set to "1" in the environment of the run's kernels only: a notebook run by hand records nothing.
ENVIRONMENT = "LKJIP_RECORD_READS"
# Set to "1" in the kernels of `lkjip run --force`: a step reuses nothing of an earlier run
# (pipeline.run.reuse, pipeline.validate.gx), though it still keeps what a later run may reuse.
FORCE_ENVIRONMENT = "LKJIP_FORCE"
PROCESSED, RAW = "processed", "raw"
# the parts of the year's narasi.yml read through pipeline.inputs.parts (not the whole file)
NARRATIVE = "narasi"
KINDS = (PROCESSED, RAW, NARRATIVE)

_target: Path | None = None
# The data/raw of the project the entry point set (pipeline.inputs.rawfile.set_project): a read
# below it is an input; with none set, nothing is recorded.
_raw: Path | None = None
_seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
# raw files being read part by part (by_parts()): their read is the parts noted, not the file
_by_parts: set[Path] = set()
# Sets collecting the raw files read while they are open (collecting()): the per-domain
# cleaning keys each parser on what it read, recorded or not.
_collectors: list[set[str]] = []


# What steps keep for later runs (pipeline.run.reuse, pipeline.validate.gx) is written in the
# run's staging folder beside its processed tables, starts as a copy of the published one
# (``Paths.reuse_year``) and is published with the report (pipeline.run.publish): a run that
# fails leaves it as it was.
KEPT = "reuse"


def kept_folder(processed_dir) -> Path:
    """In a run's kernel: the staging folder of what steps keep (``processed_dir`` is the run's
    staging processed folder)."""
    return Path(processed_dir).parent / KEPT


def recording() -> bool:
    """True while this process records its reads into a step's record (record_to)."""
    return _target is not None


def in_run() -> bool:
    """True in a kernel of ``lkjip run`` (never in a notebook run by hand)."""
    return os.environ.get(ENVIRONMENT) == "1"


def reuse_allowed() -> bool:
    """In a run's kernel that may reuse what an earlier run kept (not ``--force``)."""
    return in_run() and os.environ.get(FORCE_ENVIRONMENT) != "1"


def set_raw(raw: Path | None) -> None:
    """The project's data/raw (only pipeline.inputs.rawfile.set_project calls this)."""
    global _raw
    _raw = Path(raw).absolute() if raw is not None else None


def record_to(path: Path) -> None:
    """Record every later read of this process into ``path`` (JSON, rewritten on each new read);
    reads below the project's data/raw count (the project is set first). A fresh record: a kernel
    reused for the next notebook (pipeline.run.kernels) must not carry the previous notebook's
    reads into this one's."""
    global _target
    for names in _seen.values():
        names.clear()
    _target = Path(path)
    _target.parent.mkdir(parents=True, exist_ok=True)
    _write()


def note_table(name: str) -> None:
    """A processed table (file stem) was read."""
    _note(PROCESSED, str(name))


def note_raw(path: Path) -> None:
    """A file under data/raw was read (others, e.g. a unit test's temporary table, are not inputs)."""
    if (_target is None and not _collectors) or _raw is None:
        return
    absolute = Path(path).absolute()
    if absolute.is_relative_to(_raw):
        rel = absolute.relative_to(_raw).as_posix()
        for names in _collectors:
            names.add(rel)
        if absolute not in _by_parts:
            _note(RAW, rel)


def note_part(name: str) -> None:
    """A part of the year's narrative was read (pipeline.inputs.parts)."""
    _note(NARRATIVE, str(name))


@contextmanager
def by_parts(path: Path):
    """Inside the block ``path`` is read to be handed out part by part: the parts read are
    noted later (note_part), not the file."""
    absolute = Path(path).absolute()
    _by_parts.add(absolute)
    try:
        yield
    finally:
        _by_parts.discard(absolute)


@contextmanager
def collecting():
    """Yield a set that receives every raw file (relative to data/raw) read inside the block."""
    names: set[str] = set()
    _collectors.append(names)
    try:
        yield names
    finally:
        _collectors.remove(names)


def _note(kind: str, name: str) -> None:
    if _target is None or name in _seen[kind]:
        return
    _seen[kind].add(name)
    _write()


def _write() -> None:
    # sorted: the same reads give the same bytes; replaced whole so a reader never sees half of it
    temporary = _target.with_name(_target.name + ".tmp")
    temporary.write_text(json.dumps({kind: sorted(names) for kind, names in sorted(_seen.items())}),
                         encoding="utf-8")
    os.replace(temporary, _target)


def load(path: Path) -> dict[str, list[str]] | None:
    """The reads recorded in ``path``, or None when the notebook recorded none."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict):
        return None
    return {kind: sorted(str(n) for n in doc.get(kind) or []) for kind in KINDS}
