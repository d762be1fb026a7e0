"""The folders a notebook works on, whether `lkjip run` or a statistician started it.

`lkjip run` passes every folder explicitly. A notebook run by hand (JupyterLab, ``papermill
notebooks/10_sasaran.ipynb out.ipynb -p year 2025``, ``jupyter nbconvert --execute``) leaves them
empty, and they follow ``year``: everything it reads and writes is the year's scratch folder
``reports/_interaktif/<year>/``, never the published report or processed data. The cleaning
notebook and the analysis notebooks share that scratch folder's ``processed/`` tables; an analysis
notebook brings them up to date from ``data/raw`` first, so exploring never shows figures older
than the raw files.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Paths

SCRATCH = "_interaktif"
# Written after the scratch tables were rebuilt: its time is when they were last brought up to date.
STAMP = ".dibersihkan"


def scratch_folder(paths: Paths, year: int) -> Path:
    return paths.reports / SCRATCH / str(year)


def _newest_raw(paths: Paths, year: int) -> float:
    files = [p for folder in (paths.raw_year(year), paths.raw_common) if folder.is_dir()
             for p in folder.rglob("*") if p.is_file()]
    files.append(paths.raw_manifest)
    return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)


def _refresh(paths: Paths, year: int, processed: Path) -> None:
    """Rebuild the scratch processed tables when missing, older than a raw file, or stored
    without their typed copies (by a version before the data catalogue)."""
    from pipeline.inputs import catalogue

    stamp = processed / STAMP
    if stamp.is_file() and stamp.stat().st_mtime >= _newest_raw(paths, year) and catalogue.stored(processed):
        return
    from pipeline import clean
    from pipeline.validate import recompute

    clean.run(year, processed, paths)
    recompute.write_ahead(year, processed, paths)  # as the cleaning notebook does: sasaran and validation read it
    stamp.touch()


def folders(year: int, processed_dir: str = "", report_dir: str = "", *,
            refresh: bool = True) -> tuple[Paths, str, str]:
    """(paths, processed_dir, report_dir) for a notebook's setup cell: the project, resolved here
    (the notebooks' entry point: the notebook passes it down) and set as the project its raw files
    are read from (pipeline.inputs.rawfile.set_project); the folders as given, else the year's
    scratch folders.

    ``refresh`` (analysis notebooks) rebuilds the scratch processed tables from ``data/raw`` when
    they are missing or stale; the cleaning notebook writes them itself and passes False.
    """
    from pipeline.inputs import rawfile

    paths = Paths.default()
    rawfile.set_project(paths)
    if processed_dir and report_dir:
        import os

        from pipeline.inputs import reads

        if os.environ.get(reads.ENVIRONMENT) == "1":
            # a kernel of `lkjip run` (never a notebook run by hand on published folders):
            # record what this step reads, so its cache key holds exactly that
            reads.record_to(paths.resolve(report_dir) / reads.READS_FILE)
        return paths, processed_dir, report_dir
    scratch = scratch_folder(paths, int(year))
    processed = Path(processed_dir) if processed_dir else scratch / "processed"
    if not processed_dir and refresh:
        _refresh(paths, int(year), processed)
    return paths, str(processed), report_dir or str(scratch)


def mark_cleaned(processed_dir: str) -> None:
    """Record that the cleaning notebook has just rebuilt scratch tables (see :data:`STAMP`)."""
    folder = Path(processed_dir)
    if SCRATCH in folder.parts:
        (folder / STAMP).touch()


def nbconvert_output_dir() -> str | None:
    """Where ``jupyter nbconvert`` run inside a project writes (scripts/jupyter/); None outside one."""
    from pipeline.config import ProjectNotFound

    try:
        paths = Paths.default()
    except ProjectNotFound:
        return None
    return str(paths.reports / SCRATCH / "nbconvert")

