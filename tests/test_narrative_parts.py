"""The parts of narasi.yml a notebook reads are recorded, and only those key its step."""

import copy
import json

import pytest

from pipeline.inputs import parts, rawfile, reads
from pipeline.inputs.narrative import load_narrative

YEAR = 2024


@pytest.fixture
def recording(raw_copy, monkeypatch, tmp_path):
    """The shipped data/raw in a project of its own, its reads recorded as in a run's kernel."""
    monkeypatch.setattr(reads, "_target", None)
    monkeypatch.setattr(reads, "_seen", {kind: set() for kind in reads.KINDS})
    target = tmp_path / "langkah" / reads.READS_FILE
    reads.record_to(target)
    return raw_copy, lambda: reads.load(target)


def test_outside_a_run_the_narrative_is_a_plain_dict(raw_copy):
    assert type(load_narrative(raw_copy, YEAR)) is dict


def test_each_part_asked_for_is_noted_and_not_the_file(recording):
    paths, recorded = recording
    narrative = load_narrative(paths, YEAR)
    assert recorded()["narasi"] == [] and "2024/narasi.yml" not in recorded()["raw"]
    story = narrative.get("sasaran", {}).get(1)  # as pipeline.analysis.sasaran asks for it
    assert story["solusi"]  # the shipped 2024 narrative has sasaran 1's solutions
    narrative["kata_pengantar"]
    narrative.get("sasaran").get(7)  # asked for and absent: its absence is what was read
    assert recorded()["narasi"] == ["kata_pengantar", "sasaran.1", "sasaran.7"]
    assert recorded()["raw"] == ["common/iku.csv"]  # which sasaran the agency declares


@pytest.mark.parametrize("whole", [
    lambda n: dict(n), lambda n: {**n}, lambda n: json.dumps(n, default=str), lambda n: list(n),
    lambda n: copy.deepcopy(n), lambda n: repr(n), lambda n: [v for _, v in n.items()],
])
def test_going_through_the_whole_narrative_notes_every_part(recording, whole):
    paths, recorded = recording
    whole(load_narrative(paths, YEAR))
    names = recorded()["narasi"]
    assert "sasaran" in names and "kata_pengantar" in names and "kalimat_dipublikasikan" in names


def test_going_through_every_sasaran_notes_them_all(recording):
    paths, recorded = recording
    narrative = load_narrative(paths, YEAR)
    [sid for sid in narrative["sasaran"]]
    assert recorded()["narasi"] == ["sasaran"]


def test_the_narrative_cannot_be_changed_in_a_notebook(recording):
    paths, _ = recording
    narrative = load_narrative(paths, YEAR)
    with pytest.raises(TypeError, match="narasi.yml\\) hanya untuk dibaca"):
        narrative["prestasi"] = []
    with pytest.raises(TypeError):
        narrative.get("sasaran").pop(1)


def test_another_read_of_the_file_notes_it_whole(recording):
    paths, recorded = recording
    load_narrative(paths, YEAR)
    rawfile.read_text(paths.raw_year(YEAR) / "narasi.yml")  # e.g. the kewajaran confirmations
    assert "2024/narasi.yml" in recorded()["raw"]


def test_a_part_value_is_read_from_the_yaml_whatever_the_key_spelling():
    document = {"sasaran": {1: {"solusi": ["a"]}, "02": {"solusi": ["b"]}}, "prestasi": ["c"]}
    assert parts.values(document, ["sasaran.1", "sasaran.2", "sasaran.3", "prestasi", "reviu"]) == {
        "sasaran.1": [{"solusi": ["a"]}], "sasaran.2": [{"solusi": ["b"]}], "sasaran.3": [],
        "prestasi": ["c"], "reviu": None}
    assert parts.values(None, ["sasaran.1"]) == {"sasaran.1": None}
