"""Checks before a build starts, and system errors in words.

Before anything is written (no lock file, no staging folder): every requested year has its
raw folder, the raw files match data/raw/manifest.yml (drift is critical here exactly as in
``check-inputs``), and the output folders are writable with enough free space. A permission
or disk-full error that still happens during the build is reported with the folder and what
to do, never as a Python exception.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import LkjipError, MissingInputs
from pipeline.inputs import catalogue
from pipeline.inputs.rawfile import sha256_file
from pipeline.messages import RUN, SYSTEM

# A full build of the shipped year writes about 30 MB (report, notebooks, processed data,
# staging copy); the margin covers a larger register.
MIN_FREE_BYTES = 200 * 1024 * 1024
_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


class SystemProblem(LkjipError):
    """The machine, not the data: a folder that cannot be written, a full disk."""

    exit_code = 1


class NoYearFolder(LkjipError):
    exit_code = 2


def _existing(folder: Path) -> Path:
    """The folder, or its nearest existing ancestor (where the folder would be created)."""
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _size(text_bytes: int) -> str:
    return f"{text_bytes / (1024 * 1024):.0f} MB"


def check_writable(paths: Paths) -> None:
    for folder in (paths.reports, paths.processed):
        place = _existing(folder)
        if not os.access(place, os.W_OK | os.X_OK):
            raise SystemProblem(SYSTEM["not_writable"].format(folder=paths.rel(place)))
        free = shutil.disk_usage(place).free
        if free < MIN_FREE_BYTES:
            raise SystemProblem(SYSTEM["low_space"].format(folder=paths.rel(place), free=_size(free),
                                                           need=_size(MIN_FREE_BYTES)))


def manifest_problems(paths: Paths, year: int) -> list[str]:
    """Raw files of ``year`` (and common/) that drifted from data/raw/manifest.yml or point
    outside data/raw: critical for ``run`` and ``check-inputs`` alike."""
    from pipeline.years import manifest

    return manifest.critical(paths, year)


def derived_problems(paths: Paths, year: int, parsed: Mapping[str, object],
                     as_published: frozenset[str] = frozenset()) -> list[str]:
    """Stated totals (grey cells: a Jumlah row or column) typed with a value their own cells
    contradict: the validation's critical breakdown checks, run here so that ``check-inputs``
    refuses what ``run`` would, before anything is built. ``parsed``: what the parse pass read
    (pipeline.years.completeness.problems), by raw file name; a breakdown file's parser gives
    its cells and its stated totals. A file it did not read is not checked: missing (listed by
    that pass) or, with its parser in ``as_published``, passed these checks with the same bytes."""
    from pipeline.validate import checks

    tables: dict = {}
    for cells, stated, _, raw in checks.BREAKDOWNS:
        if raw in parsed:
            tables[cells], tables[stated] = parsed[raw]
    problems = []
    for frame in checks.breakdown_tables(tables, year).values():
        for r in frame[frame["kiri"] != frame["kanan"]].to_dict("records"):
            problems.append(RUN["total_contradicts"].format(where=r["lokasi"], stated=r["kiri_teks"],
                                                            cells=r["kanan_teks"]))
    # the year-on-year gate reads the BPS tables, the bounds and the confirmations (kewajaran)
    return problems + ([] if {"bps", "kewajaran"} <= as_published else _implausible(paths, year))


def _implausible(paths: Paths, year: int) -> list[str]:
    """The plausibility gate's year-on-year checks of the BPS table (pipeline.validate.kewajaran)."""
    import json

    from pipeline.errors import LkjipError as _Error
    from pipeline.inputs import bps
    from pipeline.inputs import kewajaran as bounds
    from pipeline.validate import kewajaran

    try:
        tables = {**bounds.tables(paths, year), **bps.tables(paths, year)}
        suite = json.loads((paths.expectations / "kewajaran.json").read_text(encoding="utf-8"))
        pesan = suite["expectations"][0]["meta"]["pesan"]
    except (_Error, OSError, ValueError, KeyError, IndexError):
        return []  # the parse pass or the validation's suite check reports it
    return kewajaran.implausible_before_build(tables, year, pesan)


def published_years(paths: Paths, years: list[int]) -> set[int]:
    """The ``years`` whose raw inputs are byte-identical to what their published report was built
    from (:func:`_as_published`); any other year reruns at least its cleaning and validation."""
    return {year for year in years if paths.raw_year(year).is_dir() and _as_published(paths, year)}


def _as_published(paths: Paths, year: int) -> bool:
    """True when the files the parsers read for ``year`` (its raw inputs and data/raw/manifest.yml,
    whose notations they read) are byte for byte those the published report was built from (its
    manifest.json: what the build read when it started) and none is a symbolic link (a parser
    refuses one leading elsewhere, even to the same bytes): then the parse pass, which takes
    seconds, can be skipped. A changed file is parsed even when data/raw/manifest.yml was
    updated for it."""
    import json

    from pipeline.report import provenance

    try:
        published = json.loads(catalogue.MANIFEST.at(paths.report_year(year)).read_text(encoding="utf-8"))
        read = dict(published["run_info"]["inputs_read"])
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return False
    current = {rel for rel in provenance.parsed_files(paths, year) if (paths.raw / rel).is_file()}
    if not read or current != read.keys() or any((paths.raw / rel).is_symlink() for rel in current):
        return False
    return all(sha256_file(paths.raw / rel) == read[rel] for rel in sorted(current))


def input_versions(paths: Paths, year: int) -> dict[str, tuple[int, ...]]:
    """Each file the parse pass's verdict on ``year`` depends on (its raw inputs and
    data/raw/manifest.yml, whose notations the parsers read) by inode, size, modification and
    change times: a file written since has another version (its change time cannot be set back).
    A stat, not a digest: a run compares them within seconds, a large register costs no hashing."""
    from pipeline.report import provenance

    versions = {}
    for rel in provenance.parsed_files(paths, year):
        try:
            stat = (paths.raw / rel).stat()
        except OSError:
            continue
        versions[rel] = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    return versions


def preflight(paths: Paths, years: list[int], published: set[int] | None = None,
              passed: dict[int, dict[str, tuple[int, ...]]] | None = None) -> dict[int, LkjipError]:
    """Errors per year, found before anything is written (not even the year's lock file) when a year cannot be
    built: no raw folder, a bad or incomplete input, manifest drift; raises at once when an
    output folder cannot be written or the disk is nearly full. The runner repeats the input check under its
    lock (another process may change the files in between); ``passed``, when given, receives per
    year the versions of the files this check parsed and passed (:func:`input_versions`, taken
    before it): the runner need not parse them again while they are unchanged. ``published``: the years already known
    to be as published (:func:`published_years`), whose inputs need no parse pass. An incomplete
    validation gate (pipeline.validate.suites) is refused for every year when any year would be built."""
    from pipeline.run.reuse import parsed_as_published
    from pipeline.validate import suites
    from pipeline.years.completeness import problems as complete

    check_writable(paths)
    errors: dict[int, LkjipError] = {}
    from pipeline.years.completeness import renstra_problem

    for year in years:
        outside = renstra_problem(paths, year)
        if outside:
            errors[year] = MissingInputs(year, [outside])
            continue
        if not paths.raw_year(year).is_dir():
            errors[year] = NoYearFolder(RUN["no_year_folder"].format(year=year))
            continue
        try:
            before = input_versions(paths, year) if passed is not None else None
            problems = manifest_problems(paths, year)
            parse = not (year in published if published is not None else _as_published(paths, year))
            # a parser whose inputs the published build cleaned byte for byte is not parsed again
            same = parsed_as_published(paths, year) if parse else frozenset()
            parsed: dict = {}
            blocking, _ = complete(paths, year, narrative=False, parse=parse, as_published=same,
                                   parsed=parsed)
            if parse and not blocking:
                blocking = derived_problems(paths, year, parsed, same)
        except LkjipError as exc:  # e.g. a malformed data/raw/manifest.yml
            errors[year] = exc
            continue
        if problems or blocking:
            errors[year] = MissingInputs(year, blocking + [p for p in problems if p not in blocking])
        elif before is not None and parse:  # as published, nothing was parsed here
            passed[year] = before
    if any(year not in errors for year in years):
        # the validation step refuses a gate with a required suite missing, empty or unreadable
        # (GateIncomplete, exit 3); asking before the cleaning spares the analyst its wait. A
        # year refused for its inputs is named first: nothing of it would reach the gate.
        suites.check(paths.expectations)
    return errors


def _relative(paths: Paths | None, filename: str | None) -> str:
    if not filename:
        return "folder proyek"
    path = Path(filename)
    folder = path.parent if path.suffix else path
    if paths is not None:
        try:
            return paths.rel(folder)
        except ValueError:
            pass
    return folder.name or str(folder)


def system_message(exc: BaseException, paths: Paths | None) -> str | None:
    """The Indonesian message for a permission or disk-full error, else None; the folder named
    relative to the project ``paths`` (None: no project, e.g. none was found)."""
    if not isinstance(exc, OSError) or exc.errno not in _PERMISSION | _NO_SPACE:
        return None
    folder = _relative(paths, exc.filename)
    if exc.errno in _PERMISSION:
        return SYSTEM["permission"].format(folder=folder)
    return SYSTEM["disk_full"].format(folder=folder, need=_size(MIN_FREE_BYTES))


_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\][^:]*(?::\s*'([^']*)')?")


def system_message_from_text(ename: str | None, evalue: str | None, paths: Paths | None) -> str | None:
    """As :func:`system_message`, for an error raised inside a notebook (known by its text)."""
    if ename not in ("PermissionError", "OSError", "IOError"):
        return None
    match = _ERRNO_TEXT.search(evalue or "")
    if not match:
        return None
    return system_message(OSError(int(match.group(1)), "", match.group(2)), paths)
