"""The provenance manifest of data/raw: complete, and catches silent changes."""

import yaml

from pipeline.config import Paths
from pipeline.years import manifest
from tests.indonesian import english_words


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


HAND_WRITTEN = """# header kept
files:
  2024/x.csv:   # the analyst's comment on the entry
    source: s
    table: t
    unit: u
    notes:
    - a note typed on one line by the analyst, longer than the hundred characters a dump would wrap it at, kept as typed
    sha256: '{old}'   # quoted, with a comment after it
  2024/y.csv: {{source: s, table: t, unit: u, sha256: {same}}}
"""


def test_update_rewrites_only_the_changed_hashes_where_they_are_written(tmp_path):
    paths, data = _tree(tmp_path)
    other = paths.raw / "2024" / "y.csv"
    other.write_text("c\n3\n", encoding="utf-8")
    old, same = manifest.sha256_file(data), manifest.sha256_file(other)
    paths.raw_manifest.write_text(HAND_WRITTEN.format(old=old, same=same), encoding="utf-8")
    data.write_text("a;b\n1;3\n", encoding="utf-8")
    new = manifest.sha256_file(data)

    assert manifest.update_hashes(paths) == ["2024/x.csv"]
    # by hand: the one quoted value replaced by the new digest, every other byte as typed
    expected = HAND_WRITTEN.format(old=old, same=same).replace(f"'{old}'", new)
    assert paths.raw_manifest.read_text(encoding="utf-8") == expected
    assert manifest.check(paths) == []


def test_update_with_nothing_changed_leaves_the_file_untouched(tmp_path):
    paths, _ = _tree(tmp_path)
    before = paths.raw_manifest.stat()
    assert manifest.update_hashes(paths) == []
    after = paths.raw_manifest.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_update_adds_a_missing_hash_by_writing_the_document(tmp_path):
    paths, data = _tree(tmp_path)
    paths.raw_manifest.write_text("# kept\nfiles:\n  2024/x.csv:\n    source: s\n    table: t\n    unit: u\n",
                                  encoding="utf-8")
    assert manifest.update_hashes(paths) == ["2024/x.csv"]
    text = paths.raw_manifest.read_text(encoding="utf-8")
    assert text.startswith("# kept\n") and f"sha256: {manifest.sha256_file(data)}\n" in text
    assert manifest.check(paths) == []


def test_update_of_the_shipped_manifest_writes_what_a_whole_dump_writes(raw_copy):
    # the shipped manifest is kept as the dump writes it: rewriting a hash in place must give the
    # same bytes as dumping the updated document (what every other writer of the manifest does)
    path = raw_copy.raw / "2024" / "pelatihan.csv"
    path.write_bytes(path.read_bytes().replace(b"roti/kue;1;16;", b"roti/kue;1;17;", 1))
    header, doc = manifest.read_document(raw_copy)
    doc["files"]["2024/pelatihan.csv"]["sha256"] = manifest.sha256_file(path)
    assert manifest.update_hashes(raw_copy) == ["2024/pelatihan.csv"]
    dumped = header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    assert raw_copy.raw_manifest.read_text(encoding="utf-8") == dumped


def test_every_shipped_table_citation_reads_in_indonesian(paths):
    # A new year's workbook shows each file's 'table' in its Tabel cell (pipeline.years.newyear,
    # shifted a year), for the analyst to confirm: "narrative lists (no table)" once stood there.
    tables = {rel: str(entry.get("table", "")) for rel, entry in manifest.load(paths).items()}
    assert len(tables) > 30
    assert {rel: sorted(english_words(t)) for rel, t in tables.items() if english_words(t)} == {}
