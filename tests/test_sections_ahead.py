"""Sections read ahead for the assembly (pipeline.sections.ahead): taken only while their files
are those they were read from."""

import os

import pandas as pd

from pipeline.report.assemble import load_sections
from pipeline.sections import ahead
from pipeline.sections.model import Section


def _saved(folder):
    section = Section("sasaran_1", "Sasaran 1").paragraph("Teks.")
    section.table("s1_t", "Tabel", pd.DataFrame({"uraian": ["=1+1", "'a"], "nilai": [1.5, 2.0]}))
    section.save(folder)
    return section


def test_a_section_read_ahead_is_taken_once_and_equals_a_fresh_read(tmp_path):
    _saved(tmp_path)
    ahead.read(tmp_path, ["sasaran_1"])
    taken = ahead.take(tmp_path, "sasaran_1")
    fresh = Section.load(tmp_path, "sasaran_1")
    assert taken is not None and taken.blocks == fresh.blocks
    pd.testing.assert_frame_equal(taken.tables["s1_t"], fresh.tables["s1_t"])
    assert taken.tables["s1_t"]["uraian"].tolist() == ["=1+1", "'a"]  # the text as written, restored
    assert ahead.take(tmp_path, "sasaran_1") is None  # taken once


def test_a_table_changed_after_the_read_is_read_again(tmp_path):
    _saved(tmp_path)
    ahead.read(tmp_path, ["sasaran_1"])
    table = tmp_path / "tables" / "s1_t.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("1.5", "9.5"), encoding="utf-8")
    os.utime(table, ns=(1, 1))  # a rewrite within the same clock tick is told by its mtime too
    assert ahead.take(tmp_path, "sasaran_1") is None
    # the assembly then reads the file as it is now
    assert load_sections(tmp_path)["sasaran_1"].tables["s1_t"]["nilai"].tolist() == [9.5, 2.0]


def test_what_a_stopped_run_read_ahead_is_forgotten(tmp_path):
    _saved(tmp_path)
    ahead.read(tmp_path, ["sasaran_1", "tidak_ada"])  # one that cannot be read is left to the assembly
    ahead.forget(tmp_path)
    assert ahead.take(tmp_path, "sasaran_1") is None
