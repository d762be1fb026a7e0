"""The validation gate: Great Expectations suites from expectations/ run on the processed tables.

``pipeline.validate.run.run(year, processed_dir, report_dir)`` is the entry point. Critical
findings raise :class:`pipeline.errors.ValidationFailed` before any analysis; warnings are
returned, written to report_dir/validation/findings.json and to the appendix section
``catatan_validasi``.

The package itself imports nothing: the run's input check reads the required suites
(:mod:`pipeline.validate.suites`) on the path that must not load pandas.
"""
