"""Staging folders and the atomic publish of a year's outputs.

A run builds everything in ``reports/.staging/<Y>-<unique>/{processed,report,reuse}``. Only
when every step succeeded are the folders swapped into ``data/processed/<Y>``, ``reports/<Y>``
and ``reports/.cache/<Y>`` (what steps keep for later runs, pipeline.run.reuse) by renames:

1. write ``publish.json`` (state "swapping") in the staging folder, listing each swap;
2. for each target: exchange the old and the new folder atomically (renameat2
   RENAME_EXCHANGE; the old one lands in the staging folder), or rename the new one into
   place when there is no old one, so ``reports/<Y>`` is at every instant either the
   complete previous or the complete new report;
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
from pipeline.inputs import reads
from pipeline.inputs.rawfile import fsync_dir, write_atomic
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
    # what the steps keep for later runs: the published copy, updated by the steps
    kept = paths.reuse_year(year)
    if kept.is_dir():
        shutil.copytree(kept, folder / reads.KEPT)
    else:
        (folder / reads.KEPT).mkdir()
    return folder


def targets(paths: Paths, year: int) -> list[tuple[str, Path]]:
    """(staging subfolder, published folder) pairs."""
    return [("processed", paths.processed_year(year)), ("report", paths.report_year(year)),
            (reads.KEPT, paths.reuse_year(year))]


def _write_journal(staging: Path, doc: dict) -> None:
    write_atomic(staging / JOURNAL, json.dumps(doc, indent=2))


_fsync_dir = fsync_dir


# renameat2(2) flag: swap two paths atomically (Linux >= 3.15 on ext4, xfs, btrfs, tmpfs, ...).
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap the folders at ``a`` and ``b``; False when the system cannot."""
    import ctypes
    import errno

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _no_fault(point: str) -> None:
    """Called between every two publish steps; fault-injection tests replace it."""


FAULT = _no_fault


def publish(paths: Paths, year: int, staging: Path) -> None:
    """Swap the staging outputs into place (see module docstring). Deletes the staging folder.

    Each published folder is replaced by one atomic exchange of the old and the new folder
    (or, for a first publish, one rename), so ``reports/<Y>`` always holds a complete report.
    The journal records each new folder's inode: recovery tells from it whether a swap
    happened. Only where the file system cannot exchange does the swap fall back to two
    renames (old aside, new into place).
    """
    swaps = []
    for sub, target in targets(paths, year):
        swaps.append({"new": str(staging / sub), "target": str(target),
                      "aside": str(staging / "old" / sub), "had_previous": target.exists(),
                      "inode": _inode(staging / sub)})
    (staging / "old").mkdir(exist_ok=True)
    _write_journal(staging, {"state": "swapping", "swaps": swaps})
    FAULT("journal")
    for swap in swaps:
        new, target, aside = Path(swap["new"]), Path(swap["target"]), Path(swap["aside"])
        target.parent.mkdir(parents=True, exist_ok=True)
        if not swap["had_previous"]:
            os.rename(new, target)
        elif not _exchange(new, target):
            os.rename(target, aside)
            FAULT(f"aside:{Path(swap['new']).name}")
            os.rename(new, target)
        _fsync_dir(target.parent)
        FAULT(f"swapped:{Path(swap['new']).name}")
    _write_journal(staging, {"state": "committed", "swaps": swaps})
    FAULT("committed")
    shutil.rmtree(staging, ignore_errors=True)


def _roll_back(swaps: list[dict]) -> None:
    for swap in reversed(swaps):
        new, target, aside = Path(swap["new"]), Path(swap["target"]), Path(swap["aside"])
        if "inode" not in swap:  # journal of an older version: two renames, no exchange
            if not new.exists() and target.exists() and (aside.exists() or not swap["had_previous"]):
                os.rename(target, new)
            if aside.exists() and not target.exists():
                os.rename(aside, target)
            continue
        placed = swap.get("inode") is not None and _inode(target) == swap["inode"]
        if not placed:
            if aside.exists() and not target.exists():  # fallback path: old aside, new not placed
                os.rename(aside, target)
            continue
        if aside.exists() or not swap["had_previous"]:
            os.rename(target, new)  # the new folder was placed by rename: take it back out
            if aside.exists():
                os.rename(aside, target)
        elif new.exists() and _exchange(new, target):
            pass  # exchanged back: the previous folder is in place again, atomically
        else:
            raise LkjipError(f"cannot roll back the interrupted publish of {target}")


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
