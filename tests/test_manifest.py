"""The provenance manifest of data/raw: complete, and catches silent changes."""

import yaml

from pipeline.config import Paths
from pipeline.years import manifest


def test_every_raw_file_is_listed_with_matching_hash():
    # Fails when a raw file is added or edited without its manifest entry (by design).
    problems = manifest.check(Paths.default())
    assert problems == [], "\n".join(problems)


def test_entries_have_provenance():
    entries = manifest.load(Paths.default())
    for rel, entry in entries.items():
        for field in ("source", "table", "unit", "sha256"):
            assert entry.get(field), f"{rel}: no {field}"


def _tree(tmp_path):
    paths = Paths(tmp_path)
    (paths.raw / "2024").mkdir(parents=True)
    data = paths.raw / "2024" / "x.csv"
    data.write_text("a;b\n1;2\n", encoding="utf-8")
    doc = {"files": {"2024/x.csv": {"source": "s", "table": "t", "unit": "u", "notes": [],
                                    "sha256": manifest.sha256_file(data)}}}
    paths.raw_manifest.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return paths, data


def test_check_catches_a_changed_file(tmp_path):
    paths, data = _tree(tmp_path)
    assert manifest.check(paths) == []
    data.write_text("a;b\n1;3\n", encoding="utf-8")
    problems = manifest.check(paths)
    assert len(problems) == 1 and "2024/x.csv" in problems[0] and "isi berkas berubah" in problems[0]
    assert manifest.update_hashes(paths) == ["2024/x.csv"] and manifest.check(paths) == []


def test_check_catches_unlisted_missing_and_incomplete(tmp_path):
    paths, data = _tree(tmp_path)
    (paths.raw / "2024" / "y.csv").write_text("a\n1\n", encoding="utf-8")
    assert any("y.csv: belum tercatat" in p for p in manifest.check(paths))
    (paths.raw / "2024" / "y.csv").unlink()
    doc = yaml.safe_load(paths.raw_manifest.read_text(encoding="utf-8"))
    doc["files"]["2024/x.csv"]["source"] = ""
    doc["files"]["2024/gone.csv"] = {"source": "s", "table": "t", "unit": "u", "sha256": "0"}
    paths.raw_manifest.write_text(yaml.safe_dump(doc), encoding="utf-8")
    problems = manifest.check(paths)
    assert any("x.csv: entri manifest belum berisi 'source'" in p for p in problems)
    assert any("gone.csv: tercatat di data/raw/manifest.yml tetapi berkasnya tidak ada" in p for p in problems)
