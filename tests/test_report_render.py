"""Rendering single sections: every block kind, escaping, numbering."""

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.report.sample import EVIL, tiny_png  # noqa: E402

from pipeline.sections.model import Block, Section  # noqa: E402
from pipeline.sections.render import Numbering, block_views, render_section_html, table_view  # noqa: E402


def section_with_everything() -> Section:
    s = Section("sasaran_1", "Sasaran 1: Meningkatnya Serapan Tenaga Kerja")
    s.heading("1.1 Membandingkan target dan realisasi", level=3)
    s.paragraph("Realisasi tahun ini melebihi target.")
    s.note("Angka yang dipublikasikan berbeda dengan hasil hitung ulang")
    s.placeholder("Faktor penghambat belum ditulis.")
    s.bullets(["Pelatihan", "Job fair"], title="Kegiatan pendukung")
    s.table("anggaran", "Realisasi anggaran",
            pd.DataFrame({"Uraian": ["Jumlah"], "Pagu": [6643861122], "Realisasi": [5959374081],
                          "Serapan": [5959374081 / 6643861122 * 100]}),
            {"Pagu": "rupiah", "Realisasi": "rupiah", "Serapan": "percent"},
            source="Tabel 3.25 LKjIP 2024")
    s.figures["tren"] = tiny_png()
    s.blocks.append(Block("figure", id="tren", title="Tren realisasi", source="BPS"))
    return s


def test_every_block_kind_renders():
    html = render_section_html(section_with_everything())
    assert "<h2>Sasaran 1: Meningkatnya Serapan Tenaga Kerja</h2>" in html
    assert '<h3 class="block-heading">1.1 Membandingkan target dan realisasi</h3>' in html
    assert "<p>Realisasi tahun ini melebihi target.</p>" in html
    assert 'class="note"' in html and "Angka yang dipublikasikan berbeda" in html
    assert 'class="placeholder"' in html and "BELUM DIISI" in html
    assert "<li>Pelatihan</li>" in html and "<li>Job fair</li>" in html
    assert "Kegiatan pendukung" in html
    # 5.959.374.081 / 6.643.861.122 = 0,896975... -> 89,70%
    assert '<td class="num">Rp 6.643.861.122</td>' in html
    assert '<td class="num">Rp 5.959.374.081</td>' in html
    assert '<td class="num">89,70%</td>' in html
    assert '<td class="txt short">Jumlah</td>' in html
    assert "Tabel 1. Realisasi anggaran" in html
    assert "Sumber: Tabel 3.25 LKjIP 2024" in html
    assert 'src="data:image/png;base64,iVBORw0KGgo' in html
    assert "Grafik 1. Tren realisasi" in html and "Sumber: BPS" in html


def test_repr_html_is_the_section_renderer():
    section = section_with_everything()
    assert section._repr_html_() == render_section_html(section, None)


def test_data_text_is_escaped_in_cells_paragraphs_titles_and_lists():
    s = Section("x", f"Judul {EVIL}")
    s.paragraph(f"Usaha {EVIL} terdaftar")
    s.note(EVIL).placeholder(EVIL).bullets([EVIL], title=EVIL)
    s.table("firma", f"Tabel {EVIL}", pd.DataFrame({"Nama": [EVIL], EVIL: [1]}),
            source=EVIL)
    html = render_section_html(s)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert re.search(r"<td class=\"txt[^\"]*\">&lt;script&gt;alert\(1\)&lt;/script&gt;</td>", html)
    assert "<p>Usaha &lt;script&gt;alert(1)&lt;/script&gt; terdaftar</p>" in html


def test_numbering_is_per_chapter_in_document_order():
    numbering = Numbering()
    numbering.start_chapter("2")
    assert numbering.label("table", "pk") == "Tabel 2.1"
    numbering.start_chapter("3")
    assert numbering.label("table", "iku") == "Tabel 3.1"
    assert numbering.label("figure", "tren") == "Grafik 3.1"
    assert numbering.label("table", "sasaran1") == "Tabel 3.2"
    assert numbering.label("table", "iku") == "Tabel 3.1"  # asking again keeps the number
    numbering.start_chapter("3")  # same chapter continues
    assert numbering.label("table", "anggaran") == "Tabel 3.3"
    numbering.start_chapter("L")
    assert numbering.label("table", "temuan") == "Tabel L.1"
    assert [e["label"] for e in numbering.entries if e["kind"] == "table"] == [
        "Tabel 2.1", "Tabel 3.1", "Tabel 3.2", "Tabel 3.3", "Tabel L.1"]


def test_anchors_are_unique_even_when_ids_differ_only_in_punctuation():
    numbering = Numbering("3")
    numbering.label("table", "s1_riwayat")
    numbering.label("table", "s1-riwayat")
    numbering.label("figure", "s1_riwayat")
    anchors = [e["anchor"] for e in numbering.entries]
    assert anchors == ["tabel-s1-riwayat", "tabel-s1-riwayat-2", "grafik-s1-riwayat"]
    assert numbering.anchor("table", "s1-riwayat") == "tabel-s1-riwayat-2"


def test_numbering_follows_block_order_in_a_section():
    s = Section("s", "S")
    for table_id in ("b", "a", "c"):
        s.table(table_id, table_id.upper(), pd.DataFrame({"x": [1]}))
    numbering = Numbering("3")
    labels = [v["label"] for v in block_views(s, numbering) if v["kind"] == "table"]
    assert labels == ["Tabel 3.1", "Tabel 3.2", "Tabel 3.3"]
    html = render_section_html(s)
    assert html.index("Tabel 1. B") < html.index("Tabel 2. A") < html.index("Tabel 3. C")


def test_block_heading_levels_stay_below_the_section_heading():
    s = Section("s", "S").heading("top", level=2).heading("sub", level=3).heading("deep", level=9)
    levels = [v["level"] for v in block_views(s, Numbering(), heading_base=3)]
    assert levels == [4, 4, 6]


def test_undeclared_float_columns_use_indonesian_decimals_and_missing_is_a_dash():
    df = pd.DataFrame({"Tahun": [2023, 2024], "Nilai": [1234.5, None], "Ket": ["a", None]})
    view = table_view(df, {})
    texts = [[c["text"] for c in row] for row in view["rows"]]
    assert texts == [["2023", "1.234,50", "a"], ["2024", "–", "–"]]
    assert [c["align"] for c in view["columns"]] == ["num", "num", "txt"]


def test_pre_formatted_number_columns_are_right_aligned_but_words_are_not():
    df = pd.DataFrame({"Tahun": ["2022", "2023"], "Target": ["93,55%", "–"],
                       "Pagu": ["Rp 1.000", "(5)"], "Kriteria": ["Sangat Baik", "Baik"],
                       "Kosong": ["–", "–"], "Kode": ["1.01", "1.02.x"]})
    aligns = [c["align"] for c in table_view(df, {})["columns"]]
    assert aligns == ["num", "num", "num", "txt", "txt", "txt"]


def test_table_without_data_and_unknown_block_kind_are_errors():
    s = Section("s", "S")
    s.blocks.append(Block("table", id="hilang", title="t"))
    with pytest.raises(KeyError, match="hilang"):
        render_section_html(s)
    s = Section("s", "S")
    s.blocks.append(Block("video", text="x"))
    with pytest.raises(ValueError, match="video"):
        render_section_html(s)


def test_machine_column_names_get_human_headers():
    from pipeline.sections.render import human_header

    assert human_header("nilai_produksi_ribu_rp") == "Nilai produksi (ribu Rp)"
    assert human_header("investasi_ribu_rp") == "Investasi (ribu Rp)"
    assert human_header("jenis_industri") == "Jenis industri"
    assert human_header("unit") == "Unit"
    assert human_header("Capaian (%)") == "Capaian (%)"  # written for people: unchanged


def test_one_percent_convention_per_column():
    from pipeline.sections.render import one_percent_convention

    assert one_percent_convention(["80%", "80 %", "46,45", "–"], "Capaian dipublikasikan") == [
        "80%", "80%", "46,45%", "–"]
    assert one_percent_convention(["80%", "46,45"], "Capaian (%)") == ["80", "46,45"]
    assert one_percent_convention(["240 orang", "80%"], "Target") == ["240 orang", "80%"]
    assert one_percent_convention(["1", "2"], "Jumlah") == ["1", "2"]


def test_words_never_break_mid_word_only_long_codes_may():
    import pandas as pd

    from pipeline.sections.render import table_view

    view = table_view(pd.DataFrame({"Uraian": ["Persentase penyerapan tenaga kerja",
                                               "data/raw/2024/register_ikm_payakumbuh_2024.csv"]}), {})
    assert [row[0]["align"] for row in view["rows"]] == ["txt", "txt long-token"]
    assert view["keep"] is True  # two rows: kept whole on one page
