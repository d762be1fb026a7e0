"""The message catalogue (pipeline/messages.py) is Indonesian, without Python internals or
absolute paths; the heuristic that checks it can fail."""

from __future__ import annotations

import re

import pytest

from pipeline import messages
from pipeline.errors import InputError, MissingInputs, ValidationFailed
from tests.indonesian import problems

TEMPLATES = messages.all_templates()


def test_catalogue_is_not_empty():
    assert len(TEMPLATES) > 80


@pytest.mark.parametrize("key, template", TEMPLATES, ids=[k for k, _ in TEMPLATES])
def test_every_template_is_indonesian(key, template):
    if key.startswith("WHERE.") or key.startswith("STEP_WORDS."):
        return  # fragments ("baris {row}", step names): checked inside whole messages below
    assert problems(template) == [], template


@pytest.mark.parametrize("text", [
    "data/raw/2024/x.csv, row 3: cannot be read",
    "Unexpected error: ParserError: expected <block end>, but found '<scalar>'",
    "nilai {'kiri': 78512.0, 'kanan': 78513.0} tidak cocok",
    "berkas /work/main/data/raw/2024/x.csv tidak ada",
    "file b'\\xe9 Re' tidak terbaca",
])
def test_the_check_can_fail(text):
    assert problems(text) != []


def test_error_framing_is_indonesian():
    error = InputError("data/raw/2024/iku.csv", messages.PARSE["cell_empty"], row=3, column="Target",
                       value="(kosong)")
    assert str(error) == "data/raw/2024/iku.csv, baris 3, kolom 'Target', nilai '(kosong)': sel ini tidak boleh kosong"
    assert problems(str(error)) == []
    assert problems(str(MissingInputs(2025, [str(error)]))) == []
    assert problems(str(ValidationFailed(["bekerja melebihi angkatan kerja"]))) == []


def test_a_problem_two_parsers_found_is_listed_once():
    # perjanjian_kinerja.csv is read by the plan and the budget parsers: a symlink in its place
    # was refused by both, "(3 masalah)" for two
    link = "data/raw/2024/perjanjian_kinerja.csv: berkas ini adalah tautan (symlink)"
    error = MissingInputs(2024, [link, "data/raw/manifest.yml: entri", link])
    assert error.problems == [link, "data/raw/manifest.yml: entri"]
    assert str(error) == ("Isian tahun 2024 belum lengkap (2 masalah); tidak ada yang ditulis:\n"
                          f"  - {link}\n  - data/raw/manifest.yml: entri")


def test_bytes_value_is_shown_as_text():
    error = InputError("data/raw/2024/x.csv", "uji", row=2, value=b"caf\xc3\xa9")
    assert "nilai 'café'" in str(error)


def test_every_step_has_words():
    from pipeline.run.steps import ANALYSIS, CLEAN, VALIDATE

    for name in (CLEAN, VALIDATE, "organisasi", "anggaran", "sasaran_1"):
        assert messages.step_in_words(name) != name
    assert ANALYSIS  # the analysis group is named per step, above


def test_finding_prints_pairs_and_years_without_reprs():
    from pipeline.validate.findings import Finding, _row_key

    finding = Finding({"message": "bekerja melebihi angkatan kerja", "table": "ketenagakerjaan",
                       "column": "kiri, kanan", "row_key": "Kota Payakumbuh / 2024",
                       "value": {"kiri": 78512.0, "kanan": 78513.0}})
    assert str(finding).endswith("nilai kiri 78.512, kanan 78.513]")
    assert problems(str(finding)) == []
    assert _row_key({"wilayah": "Kota", "tahun": 2024.0}, ["wilayah", "tahun"]) == "Kota / 2024"


def test_budget_keys_name_sasaran_as_a_number():
    from pipeline.validate.checks import _label

    assert (_label(1.0), _label(2024.0), _label("x"), _label(None)) == ("1", "2024", "x", "None")


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["new-year", "--help"],
                                  ["check-inputs", "--help"], ["manifest", "--help"]])
def test_help_is_indonesian(argv, capsys):
    import re

    from pipeline.run import cli

    with pytest.raises(SystemExit) as done:
        cli.build_parser().parse_args(argv)
    assert done.value.code == 0
    text = capsys.readouterr().out
    # Command and option names are the interface, not prose.
    prose = re.sub(r"--?[a-z-]+|\b(run|new-year|check-inputs|manifest)\b|lkjip", " ", text)
    assert problems(prose) == [], text


def test_parser_errors_are_indonesian(capsys):
    from pipeline.run import cli

    with pytest.raises(SystemExit) as done:
        cli.build_parser().parse_args(["run", "--year", "24"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "kesalahan" in err and "bukan tahun seperti 2024" in err
    assert problems(re.sub(r"--?[a-z-]+|\brun\b|lkjip", " ", err)) == [], err


def test_a_runs_step_lines_name_each_step_in_the_analysts_words():
    import io

    from pipeline.run.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    progress = Progress(file=out)
    progress.step_done(2024, "clean", 2.04)
    progress.step_cached(2024, "sasaran_2")
    progress.step_done(2024, "pdf", 3.5)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # the terminal's colours
    lines = text.splitlines()
    assert lines[0].startswith("✓ 2024 pembersihan data (01_pembersihan) ") and lines[0].endswith(" 2,0 detik")
    assert lines[1].startswith("· 2024 analisis sasaran 2 (10_sasaran) ")
    assert lines[1].endswith("tidak berubah (dari proses sebelumnya)")
    assert lines[2].startswith("✓ 2024 PDF, tables.xlsx dan halaman notebook ")
    assert len({line.index("detik") for line in (lines[0], lines[2])}) == 1  # the times line up
    assert not any(name in text for name in (" clean ", " pdf ", "sasaran_2"))


def test_a_printed_line_keeps_every_character_of_a_file_name():
    """The run's lines are printed through rich: neither its markup nor its emoji codes (a name
    between colons) may change a file name or a message an analyst reads."""
    import io

    from pipeline.run.progress import Progress

    out = io.StringIO()
    name = "data/raw/2024/laporan:thumbs_up:[b]akhir[/b].csv"
    Progress(file=out).line(f"Laporan: {name}")
    Progress(file=out).warn(f"Periksa {name}")
    assert out.getvalue() == f"Laporan: {name}\nPeriksa {name}\n"
