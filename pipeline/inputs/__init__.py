"""Parsers that turn the raw files of data/raw into typed tables.

Each domain module exposes ``tables(paths, year) -> dict[str, DataFrame]``; the cleaning
step (:mod:`pipeline.clean`) gathers them and writes data/processed/<year>/.
"""
