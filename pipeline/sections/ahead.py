"""Sections read while a run's other steps still execute, so that the assembly starts with them.

A run's assembly reads every saved section (its JSON, tables and figures) before it can lay
out the report: a few tenths of a second on the critical path of an edit, most of it for the
sections of steps taken over from the cache at the start of the run. The runner
(pipeline.run.runner) hands each step's sections to :func:`read` as soon as they are in the
staging report folder, in a thread of its own; :func:`take` gives the assembly a section
read ahead only if none of the files it was read from changed since (size and mtime of
each), else the assembly reads it itself. A section is taken once.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from pipeline.inputs import catalogue
from pipeline.sections.model import Section, block_file

_lock = threading.Lock()
# (report folder, section id) -> (the files' sizes and mtimes, the section)
_read: dict[tuple[str, str], tuple[tuple, Section]] = {}


def _stamp(report_dir: Path, section: Section) -> tuple:
    """Size and mtime of every file Section.load read for ``section``."""
    files = [catalogue.SECTIONS.at(report_dir, f"{section.id}.json"),
             *(path for path in (block_file(report_dir, block) for block in section.blocks) if path)]
    stamps = []
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            return ()
        stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def read(report_dir: Path, section_ids) -> None:
    """Read the named sections of ``report_dir`` now (one that cannot be read is left to the
    assembly, which says why)."""
    report_dir = Path(report_dir)
    for section_id in section_ids:
        try:
            section = Section.load(report_dir, section_id)
        except Exception:  # noqa: BLE001  the assembly reads it again and reports it
            continue
        stamp = _stamp(report_dir, section)
        if stamp:
            with _lock:
                _read[(str(report_dir), section_id)] = (stamp, section)


def take(report_dir: Path, section_id: str) -> Section | None:
    """The section read ahead, if its files are still those it was read from."""
    report_dir = Path(report_dir)
    with _lock:
        entry = _read.pop((str(report_dir), section_id), None)
    if entry is None:
        return None
    stamp, section = entry
    return section if _stamp(report_dir, section) == stamp else None


def forget(report_dir: Path) -> None:
    """Drop what was read ahead of ``report_dir`` and not taken (a run that stopped)."""
    folder = str(Path(report_dir))
    with _lock:
        for key in [k for k in _read if k[0] == folder]:
            del _read[key]
