"""The gate cannot vanish: the required suites are declared in code; a missing, empty or
unreadable one stops the validation (exit code 3); Data Docs list the suites with checksums."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from pipeline.validate import docs, gx, suites
from tests.indonesian import problems as message_problems

SHIPPED = Path(__file__).resolve().parents[1] / "expectations"


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "expectations"
    shutil.copytree(SHIPPED, target)
    return target


def test_every_shipped_suite_is_declared_and_every_declared_one_is_shipped():
    assert sorted(suites.REQUIRED_SUITES) == sorted(p.stem for p in SHIPPED.glob("*.json"))
    assert suites.problems(SHIPPED) == []


@pytest.mark.parametrize("damage, fragment", [
    (lambda p: p.unlink(), "tidak ada"),
    (lambda p: p.write_text("", encoding="utf-8"), "tidak dapat dibaca"),
    (lambda p: p.write_text("{\"expectations\": [", encoding="utf-8"), "tidak dapat dibaca"),
    (lambda p: p.write_text("{\"name\": \"ketenagakerjaan\", \"expectations\": []}", encoding="utf-8"),
     "tidak berisi ekspektasi"),
])
def test_a_damaged_required_suite_stops_the_gate(folder, damage, fragment):
    damage(folder / "ketenagakerjaan.json")
    with pytest.raises(suites.GateIncomplete) as err:
        gx.load_suites(folder)
    message = str(err.value)
    assert err.value.exit_code == 3
    assert f"expectations/ketenagakerjaan.json: suite wajib ini {fragment}" in message
    assert message_problems(message) == [], message
    assert str(folder) not in message


def test_deleting_every_ketenagakerjaan_suite_is_reported_at_once(folder):
    for path in folder.glob("ketenagakerjaan*.json"):
        path.unlink()
    found = suites.problems(folder)
    assert found == ["expectations/ketenagakerjaan.json: suite wajib ini tidak ada",
                     "expectations/ketenagakerjaan_identitas.json: suite wajib ini tidak ada"]


def test_an_extra_suite_is_allowed_and_checksummed(folder):
    shutil.copy(folder / "iku.json", folder / "tambahan.json")
    sums = suites.checksums(folder)
    assert sums["tambahan"] == hashlib.sha256((folder / "iku.json").read_bytes()).hexdigest()
    assert len(sums) == len(suites.REQUIRED_SUITES) + 1


def test_data_docs_list_the_suites_with_their_checksums():
    digest = hashlib.sha256(b"x").hexdigest()
    page = docs.render(2024, [], {}, {"iku": {"table": "iku", "severity": "critical", "sha256": digest,
                                              "berkas": "expectations/iku.json"}},
                       {"critical": [], "warnings": []})
    assert "Suite ekspektasi yang dijalankan" in page
    assert digest in page and "expectations/iku.json" in page
