"""The validation gate: Great Expectations suites from expectations/ run on the processed tables.

``run(year, processed_dir, report_dir)`` is the entry point (see :mod:`pipeline.validate.run`).
Critical findings raise :class:`pipeline.errors.ValidationFailed` before any analysis; warnings
are returned, written to report_dir/validation/findings.json and to the appendix section
``catatan_validasi``.
"""

from pipeline.validate.run import run

__all__ = ["run"]
