"""Staging folders and the atomic publish of a year's outputs.

A run builds everything in ``reports/.staging/<Y>-<unique>/{processed,report}``. Only when
every step succeeded are the two folders swapped into ``data/processed/<Y>`` and
``reports/<Y>`` by renames:

1. write ``publish.json`` (state "swapping") in the staging folder, listing each swap;
2. for each target: rename the old folder aside (into the staging folder), rename the new
   one into place;
3. rewrite ``publish.json`` with state "committed"; delete the staging folder (and with it
   the old folders).

A run killed at any point is repaired at the next start of a run for that year
(:func:`recover`): before "committed" the swap is rolled back, so the previous outputs come
back unchanged; after it, the swap is finished. Staging folders without a journal are
simply deleted. A per-year lock file keeps two runs of the same year apart.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.messages import STEP

JOURNAL = "publish.json"


class RunInProgress(LkjipError):
    exit_code = 4


def staging_root(paths: Paths) -> Path:
    return paths.reports / ".staging"


@contextmanager
def year_lock(paths: Paths, year: int):
    """Hold an exclusive lock for one year's run; fail at once if another run holds it."""
    root = staging_root(paths)
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / f"{year}.lock", "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress(STEP["in_progress"].format(
                year=year, lock=paths.rel(root / f"{year}.lock"))) from None
        yield
    finally:
        handle.close()  # closing releases the lock


def new_staging(paths: Paths, year: int) -> Path:
    unique = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
    folder = staging_root(paths) / f"{year}-{unique}"
    (folder / "processed").mkdir(parents=True)
    (folder / "report").mkdir()
    return folder


def targets(paths: Paths, year: int) -> list[tuple[str, Path]]:
    """(staging subfolder, published folder) pairs."""
    return [("processed", paths.processed_year(year)), ("report", paths.report_year(year))]


def _write_journal(staging: Path, doc: dict) -> None:
    tmp = staging / (JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, staging / JOURNAL)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(paths: Paths, year: int, staging: Path, *, _after_rename=None) -> None:
    """Swap the staging outputs into place (see module docstring). Deletes the staging folder."""
    swaps = []
    for sub, target in targets(paths, year):
        swaps.append({"new": str(staging / sub), "target": str(target),
                      "aside": str(staging / "old" / sub), "had_previous": target.exists()})
    (staging / "old").mkdir(exist_ok=True)
    _write_journal(staging, {"state": "swapping", "swaps": swaps})
    for swap in swaps:
        target = Path(swap["target"])
        target.parent.mkdir(parents=True, exist_ok=True)
        if swap["had_previous"]:
            os.rename(target, swap["aside"])
            if _after_rename:
                _after_rename("aside", swap)  # test hook: simulate a crash mid-swap
        os.rename(swap["new"], target)
        if _after_rename:
            _after_rename("placed", swap)
        _fsync_dir(target.parent)
    _write_journal(staging, {"state": "committed", "swaps": swaps})
    shutil.rmtree(staging, ignore_errors=True)


def _roll_back(swaps: list[dict]) -> None:
    for swap in reversed(swaps):
        new, target, aside = Path(swap["new"]), Path(swap["target"]), Path(swap["aside"])
        if not new.exists() and target.exists() and (aside.exists() or not swap["had_previous"]):
            os.rename(target, new)  # the new folder was placed: take it back out
        if aside.exists() and not target.exists():
            os.rename(aside, target)


def recover(paths: Paths, year: int) -> list[str]:
    """Repair a half-done publish and delete leftover staging folders of ``year``.

    Call only while holding :func:`year_lock`. Returns what was done, for the log.
    """
    done = []
    root = staging_root(paths)
    if not root.is_dir():
        return done
    for staging in sorted(root.glob(f"{year}-*")):
        if not staging.is_dir():
            continue
        journal = staging / JOURNAL
        if journal.is_file():
            try:
                doc = json.loads(journal.read_text(encoding="utf-8"))
            except ValueError:
                doc = {"state": "swapping", "swaps": []}
            if doc.get("state") == "committed":
                done.append(STEP["recovered_forward"].format(year=year))
            else:
                _roll_back(doc.get("swaps", []))
                done.append(STEP["recovered_back"].format(year=year))
        shutil.rmtree(staging, ignore_errors=True)
    return done


def discard(staging: Path) -> None:
    """Remove a failed run's staging folder (never after the publish journal exists)."""
    if (Path(staging) / JOURNAL).exists():
        return  # recover() at the next start decides what to do with it
    shutil.rmtree(staging, ignore_errors=True)
