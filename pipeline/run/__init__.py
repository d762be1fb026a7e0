"""Running a year: the command line, the papermill runner, steps, cache, publishing, progress.

Importing this package sets the process's text-column storage (:mod:`pipeline.run.textcols`):
every entry point of a run (``lkjip``, ``python -m pipeline``, each notebook's first import)
passes through here before any data is read.
"""

from pipeline.run import textcols

textcols.install()
