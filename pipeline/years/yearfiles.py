"""Entry points of ``lkjip check-inputs`` (pipeline.years.completeness) and ``lkjip new-year``
(pipeline.years.newyear), imported lazily so the runner's no-change path stays light."""

from __future__ import annotations

from pipeline.config import Paths
from pipeline.inputs import catalogue
from pipeline.years import manifest


def problems(paths: Paths, year: int, *, parsed_already: bool = False) -> tuple[list[str], list[str]]:
    """(blocking, manifest warnings) of a year's inputs, as the runner checks them before a run
    (missing narrative is left out: the report says so itself). See pipeline.years.completeness.
    ``parsed_already``: the files passed the parse pass in this process and were not written
    since (a parser's verdict depends only on them), so it is not run again."""
    from pipeline.years.completeness import problems as complete

    # The parse pass imports pandas; skip it (keeping the fast no-change path light) when a
    # report was published and every input still matches its recorded sha256.
    published = catalogue.SUMMARY.at(paths.report_year(year)).is_file()
    year_files = [rel for rel in manifest.raw_files(paths) if rel.startswith((f"{year}/", "common/"))]
    recorded = published and paths.raw_manifest.is_file() and not manifest.check(paths, files=year_files)
    return complete(paths, year, narrative=False, parse=not (recorded or parsed_already))


def new_year(paths: Paths, year: int, template: int | None = None):
    """Create the missing input files of ``year``: see :func:`pipeline.years.newyear.new_year`."""
    from pipeline.years.newyear import new_year as create

    return create(paths, year, template)
