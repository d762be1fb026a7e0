"""Entry points of ``lkjip check-inputs`` (pipeline.years.completeness) and ``lkjip new-year``
(pipeline.years.newyear), imported lazily so the runner's no-change path stays light."""

from __future__ import annotations

from pipeline.config import Paths


def problems(paths: Paths, year: int, *, parse: bool = True) -> tuple[list[str], list[str]]:
    """(blocking, manifest warnings) of a year's inputs, as the runner checks them before a run
    (missing narrative is left out: the report says so itself). See pipeline.years.completeness.
    ``parse``: False when the caller knows the parsers' verdict already (the runner:
    pipeline.run.runner.run_year)."""
    from pipeline.years.completeness import problems as complete

    return complete(paths, year, narrative=False, parse=parse)


def new_year(paths: Paths, year: int, template: int | None = None):
    """Create the missing input files of ``year``: see :func:`pipeline.years.newyear.new_year`."""
    from pipeline.years.newyear import new_year as create

    return create(paths, year, template)
