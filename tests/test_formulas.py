"""Formula lines print operands a calculator can reproduce the printed result from."""

from pipeline.analysis.sentences import operands, ratio_formula, turun_formula
from tests.formulas import check


def test_ratio_prints_enough_decimals_to_close():
    realisasi = (301636853.935 - 284598221) / 284598221 * 100   # 5,98691…
    line = ratio_formula(realisasi, 3.25)
    assert line.endswith("= 184,21%") and not line.startswith("5,99 ")
    assert check(line) == (1, [])
    assert ratio_formula(74085, 77876) == "74.085 / 77.876 × 100% = 95,13%"


def test_turun_prints_enough_decimals_to_close():
    line = turun_formula(5.0, 4.868)
    assert line == "(2 × 5 − 4,868) / 5 × 100% = 102,64%"
    assert check(line) == (1, [])


def test_operands_never_invent_decimals():
    assert operands(lambda a, b: a / b * 100, [3.0, 4.0]) == ["3", "4"]
    assert operands(lambda a, b: a / b * 100, [95.13201, 93.75]) == ["95,13", "93,75"]


def test_checker_catches_lines_that_do_not_close():
    assert check("<p>5,99 / 3,25 × 100% = 184,21%</p>") == (1, ["5,99 / 3,25 × 100% = 184,21%"])
    assert check("(2 × 5,00 − 4,87) / 5,00 × 100% = 102,64%")[1]


def test_count_sentences_name_every_part_and_add_up():
    import pytest

    from pipeline.analysis.sentences import count_sentence

    text = count_sentence(9, "indikator", [(7, "menunjang"), (1, "belum"), (1, "tidak dapat dihitung")])
    assert text == "Dari 9 indikator, 7 menunjang, 1 belum dan 1 tidak dapat dihitung."
    assert count_sentence(3, "indikator", [(3, "menunjang"), (0, "belum")]) == "Dari 3 indikator, 3 menunjang."
    with pytest.raises(ValueError):
        count_sentence(9, "indikator", [(7, "menunjang"), (1, "belum")])


def test_unusual_capaian_get_a_remark():
    from pipeline.analysis.sentences import unusual_capaian

    text = unusual_capaian([("A", 1024.07), ("B", 100.0), ("C", 200.0), ("D", float("nan"))])
    assert "pada 1 indikator: A (1.024,07%)" in text and "satuan" in text
    assert unusual_capaian([("B", 100.0)]) == ""
