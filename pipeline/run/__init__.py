"""Running a year: the command line, the papermill runner, steps, cache, publishing, progress."""
