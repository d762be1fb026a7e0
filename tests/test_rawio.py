"""The strict raw reader: every unreadable file is named with its row, column and value."""

import pytest

from pipeline.errors import InputError
from pipeline.inputs.rawio import read_table, read_yaml, to_numbers


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reads_rows_with_spreadsheet_numbers(tmp_path):
    path = write(tmp_path, "t.csv", b"Uraian;Tahun 2024\nAngkatan Kerja;77.876\n\nBekerja;74.085\n")
    df = read_table(path, ["Uraian", "Tahun 2024"])
    assert list(df["_row"]) == [2, 4]  # the blank line still counts as a spreadsheet row
    assert list(to_numbers(df, "Tahun 2024", "integer", file=path)) == [77876, 74085]


def test_missing_file_and_empty_file(tmp_path):
    with pytest.raises(InputError, match="berkas tidak ditemukan"):
        read_table(tmp_path / "none.csv")
    with pytest.raises(InputError, match="empty"):
        read_table(write(tmp_path, "e.csv", b"  \n"))
    with pytest.raises(InputError, match="tanpa baris data"):
        read_table(write(tmp_path, "h.csv", b"a;b\n"))


def test_wrong_encoding_names_the_row(tmp_path):
    path = write(tmp_path, "latin.csv", "Uraian;Nilai\nSekolah;1\nMengurus Rumah Tangga ¿;2\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        read_table(path)
    assert "latin.csv" in str(err.value) and "baris 3" in str(err.value) and "UTF-8" in str(err.value)


def test_missing_column_lists_what_was_found(tmp_path):
    path = write(tmp_path, "m.csv", b"Uraian;Tahun 2023\nBekerja;1\n")
    with pytest.raises(InputError) as err:
        read_table(path, ["Uraian", "Tahun 2024"])
    assert "'Tahun 2024'" in str(err.value) and "'Tahun 2023'" in str(err.value) and "baris 1" in str(err.value)


def test_ragged_row_and_wrong_separator(tmp_path):
    with pytest.raises(InputError, match="baris 3.*3 sel"):
        read_table(write(tmp_path, "r.csv", b"a;b\n1;2\n1;2;3\n"))
    with pytest.raises(InputError, match="pemisah"):
        read_table(write(tmp_path, "c.csv", b"a,b\n1,2\n"))


def test_unparseable_and_blank_numbers(tmp_path):
    path = write(tmp_path, "n.csv", b"Uraian;Tahun 2024\nBekerja;74.0x5\n")
    df = read_table(path)
    with pytest.raises(InputError) as err:
        to_numbers(df, "Tahun 2024", "integer", file=path)
    message = str(err.value)
    assert "n.csv" in message and "baris 2" in message and "'Tahun 2024'" in message and "74.0x5" in message
    blank = read_table(write(tmp_path, "b.csv", b"Uraian;Tahun 2024\nBekerja;-\n"))
    with pytest.raises(InputError, match="wajib diisi"):
        to_numbers(blank, "Tahun 2024", "integer", file=tmp_path / "b.csv")
    assert list(to_numbers(blank, "Tahun 2024", "integer", file=tmp_path / "b.csv", nil=0)) == [0]


def test_yaml_is_loaded_safely(tmp_path):
    with pytest.raises(InputError):
        read_yaml(write(tmp_path, "x.yml", b"a: !!python/object/apply:os.system ['echo hi']\n"))
    with pytest.raises(InputError, match="baris 2"):
        read_yaml(write(tmp_path, "y.yml", b"a: [1, 2\nb: 3\n"))


def test_libyaml_and_pure_python_loaders_read_every_shipped_yaml_alike():
    from pathlib import Path

    import yaml

    from pipeline.inputs import rawfile

    root = Path(__file__).resolve().parents[1]
    files = sorted(p for folder in (root / "data" / "raw", root / "tests" / "fixtures")
                   for pattern in ("*.yml", "*.yaml") for p in folder.rglob(pattern))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert yaml.load(text, Loader=rawfile._FastStrictLoader) == \
            yaml.load(text, Loader=rawfile._StrictLoader), path  # noqa: S506


def test_raw_files_are_named_and_declared_by_the_project_the_entry_point_set(tmp_path):
    """The parsers are not handed the project (issue 20): messages name a file relative to the one
    set (pipeline.inputs.rawfile.set_project), its manifest declares the notation; with none set,
    the file is named as given and its declarations are those of the data/raw it lies in, never
    a root looked up (nor a declared notation replaced by the default)."""
    from pipeline.config import Paths
    from pipeline.inputs import rawfile
    from pipeline.inputs.rawio import notation_of

    project = Paths(tmp_path)
    project.raw_year(2024).mkdir(parents=True)
    path = write(project.raw_year(2024), "t.csv", b"a;b\n")
    project.raw_manifest.write_text("files:\n  2024/t.csv:\n    notasi: en\n", encoding="utf-8")
    rawfile.set_project(project)
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.file == "data/raw/2024/t.csv"
    assert notation_of(path) == "en"
    rawfile.set_project(None)
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.file == str(path)
    assert notation_of(path) == "en"  # the manifest of the data/raw the file lies in
    outside = write(tmp_path, "u.csv", b"a;b\n")
    assert notation_of(outside) == "id"  # in no data/raw, no declaration: the Indonesian default
