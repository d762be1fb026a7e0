"""Assembling the LKjIP from fixture sections: HTML structure, summary, tables.xlsx, manifest, index."""

import json
import re
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.report import sample  # noqa: E402

from pipeline.report.assemble import SUMMARY_SASARAN_KEYS, assemble, assemble_html, write_index  # noqa: E402
from pipeline.report.xlsx import sheet_names  # noqa: E402
from pipeline.sections import layout  # noqa: E402
from pipeline.years import manifest  # noqa: E402

# Assembles whole reports, their PDF printed by headless Chromium.
pytestmark = pytest.mark.slow

EXTERNAL = re.compile(r"https?://|//cdn|src=\"(?!data:)|href=\"(?:https?:)?//|url\(|@import", re.I)


class NoPdf:
    """Stands in for the report's PDF job (pipeline.report.pdf.PdfJob) in a test of what the HTML,
    summary.json and manifest.json say: no browser starts, nothing is printed."""

    def started(self) -> None:
        pass

    def render(self, html_path: Path) -> None:
        pass

    def cancel(self) -> None:
        pass


def html_only(report_dir, processed_dir, paths, run_info=sample.RUN_INFO) -> str:
    """The report assembled up to its HTML (what a run publishes before its documents follow:
    summary.json, manifest.json, lke.json, the tables), without tables.xlsx, the notebooks'
    pages and the PDF, which the ``built`` report and the shipped run print; its HTML."""
    assemble_html(report_dir, sample.YEAR, processed_dir, run_info, paths=paths, job=NoPdf())
    return (report_dir / f"LKjIP-{sample.YEAR}.html").read_text(encoding="utf-8")


def run(tmp_path, *, documents: bool = True, **kwargs):
    """The sample run assembled; ``documents=False``: up to its HTML (:func:`html_only`)."""
    report_dir, processed_dir, paths = sample.build_run(tmp_path, **kwargs)
    if documents:
        assemble(report_dir, sample.YEAR, processed_dir, sample.RUN_INFO, paths=paths)
        html = (report_dir / f"LKjIP-{sample.YEAR}.html").read_text(encoding="utf-8")
    else:
        html = html_only(report_dir, processed_dir, paths)
    summary = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    return report_dir, html, summary


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return run(tmp_path_factory.mktemp("full"))


def test_html_has_every_chapter_in_lkjip_order(built):
    _, html, _ = built
    headings = ["Daftar Isi", "Ikhtisar Eksekutif", "BAB I</span> Pendahuluan",
                "BAB II</span> Perencanaan Kinerja", "BAB III</span> Akuntabilitas Kinerja",
                "3.1</span> Capaian Kinerja Organisasi", "3.2</span> Analisis Capaian Kinerja",
                "3.2.1</span> Sasaran 1: Meningkatnya Serapan Tenaga Kerja",
                "3.2.2</span> Sasaran 2: Meningkatnya Produksi Industri Pengolahan",
                "3.3</span> Realisasi Anggaran", "BAB IV</span> Penutup", ">Lampiran</h1>",
                "Lampiran 1</span> Perjanjian Kinerja", "Lampiran 4</span> Formulir Pengukuran Kinerja",
                "Lampiran 5</span> Catatan Validasi",
                "Informasi Reproduksi</h1>"]
    positions = [html.find(h) for h in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions) if p == -1]
    assert positions == sorted(positions)
    assert '<html lang="id">' in html
    assert "Dinas Tenaga Kerja dan Perindustrian Kota Payakumbuh" in html


def test_each_sasaran_has_its_seven_analyses_inside_its_sub_chapter(built):
    _, html, _ = built
    s1, s2, s3 = html.index('id="sasaran-1"'), html.index('id="sasaran-2"'), html.index('id="bab-3-3"')
    for sid, start, end in (("1", s1, s2), ("2", s2, s3)):
        chunk = html[start:end]
        positions = [chunk.find(f"{sid}.{i} {a}") for i, a in enumerate(sample.SEVEN_ANALYSES, 1)]
        assert -1 not in positions and positions == sorted(positions)


def test_budget_tables_and_figures_are_numbered_per_chapter(built):
    _, html, _ = built
    assert "Tabel 2.1. Perjanjian Kinerja Tahun 2024" in html
    assert "Tabel 3.1. Capaian Indikator Kinerja Utama Tahun 2024" in html
    assert "Tabel 3.2. Capaian Kinerja Sasaran 1 Tahun 2024" in html
    assert "Tabel 3.5. Akuntabilitas Keuangan Tahun 2024" in html
    assert "Grafik 3.3. Serapan anggaran per sasaran" in html
    assert "Tabel L.1. Temuan validasi" in html
    assert '<td class="num">Rp 6.643.861.122</td><td class="num">Rp 5.959.374.081</td>' \
           '<td class="num">89,70%</td>' in html
    assert "184,62%" in html  # 6 / 3,25 x 100 = 184,615...


def test_html_is_self_contained_and_code_free(built):
    _, html, _ = built
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "<script" not in html  # no scripts at all; the fixture's payload is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<link" not in html and "<style>" in html
    assert "@page" in html and "size: A4" in html
    assert html.count('src="data:image/png;base64,') == 3
    assert "import pandas" not in html and "def " not in html


def test_toc_anchors_all_resolve(built):
    _, html, _ = built
    toc = html[html.index('id="daftar-isi"'):html.index("</nav>")]
    targets = re.findall(r'href="#([^"]+)"', toc)
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert len(targets) >= 20
    assert [t for t in targets if t not in ids] == []
    assert len(ids) == len(re.findall(r'id="([^"]+)"', html))  # ids are unique


def test_provenance_block(built):
    report_dir, html, _ = built
    block = html[html.index('id="informasi-reproduksi"'):]
    digest = manifest.sha256_file(report_dir.parents[1] / "root/data/raw/2024/anggaran.csv")
    assert digest in block and "data/raw/2024/anggaran.csv" in block
    assert "data/raw/2023/anggaran.csv" not in block  # another year's input is not ours
    assert "2025-01-15T08:00:00+07:00" in block and block.count("2025-01-15") == 1  # one declared time
    assert "Versi kode" in block and "Parameter <code>year</code>" in block


def test_summary_matches_the_run_contract(built):
    _, _, summary = built
    assert list(summary) == ["year", "status", "sasaran", "anggaran", "validasi", "belum_diisi", "data_sintetis",
                             "status_alasan"]
    assert summary["data_sintetis"] == []  # nothing in this fixture's manifest is declared synthetic
    assert summary["year"] == 2024 and summary["status"] == "final"
    assert [s["id"] for s in summary["sasaran"]] == ["1", "2"]
    for entry in summary["sasaran"]:
        assert set(entry) == set(SUMMARY_SASARAN_KEYS)
    assert summary["sasaran"][0]["capaian"] == pytest.approx(95.13 / 93.75 * 100)
    assert set(summary["anggaran"]) == {"pagu", "realisasi", "serapan"}
    assert summary["anggaran"]["pagu"] == 6643861122
    assert summary["validasi"]["critical"] == 0 and summary["validasi"]["warnings"] == 1
    assert summary["validasi"]["temuan"] == sample.FINDINGS["warnings"]


def test_placeholder_makes_a_draft(tmp_path):
    report_dir, html, summary = run(tmp_path, placeholder=True, documents=False)
    assert summary["status"] == "draft"
    assert 'class="badge-draft"' in html and ">DRAF<" in html
    assert "BELUM DIISI" in html and "Faktor penghambat" not in html
    reasons = json.loads((report_dir / "manifest.json").read_text())["status_reasons"]
    assert reasons == ["placeholders in: sasaran_1"]


def test_final_report_has_no_draft_badge(built):
    _, html, _ = built
    assert "badge-draft" not in html.split("<body", 1)[1] and "BELUM DIISI" not in html


def test_missing_section_shows_a_placeholder_and_makes_a_draft(tmp_path):
    report_dir, html, summary = run(tmp_path, skip=("bab4", "sasaran_2"), documents=False)
    assert summary["status"] == "draft"
    bab4 = html[html.index('id="bab-4"'):html.index('id="lampiran"')]
    assert "BELUM DIISI" in bab4 and "bab4" in bab4
    # sasaran 2 is still declared by iku.csv and its results: it keeps its place, visibly empty
    s2 = html[html.index('id="sasaran-2"'):html.index('id="bab-3-3"')]
    assert "3.2.2" in s2 and "BELUM DIISI" in s2
    reasons = json.loads((report_dir / "manifest.json").read_text())["status_reasons"]
    assert reasons == ["missing sections: sasaran_2, bab4"]


def test_missing_findings_is_a_draft(tmp_path):
    _, _, summary = run(tmp_path, findings=None, documents=False)
    assert summary["status"] == "draft"
    assert summary["validasi"] == {"critical": 0, "warnings": 0, "temuan": [], "dikonfirmasi": []}


def test_tables_xlsx_has_one_sheet_per_table_with_unrounded_values(built):
    report_dir, _, _ = built
    workbook = load_workbook(report_dir / "tables.xlsx")
    tables = ["pk_2024", "iku_capaian", "s1_capaian", "s2_capaian", "ikm_contoh",
              "anggaran_sasaran", "temuan_validasi", "lampiran_lke"]
    assert workbook.sheetnames == ["Daftar", *tables]
    index = [[c.value for c in row] for row in workbook["Daftar"].iter_rows()]
    assert index[0] == ["Sheet", "Nomor", "Judul", "Bagian", "Sumber"]
    assert index[3][:4] == ["s1_capaian", "Tabel 3.2", "Capaian Kinerja Sasaran 1 Tahun 2024",
                            "sasaran_1"]
    sheet = [[c.value for c in row] for row in workbook["s1_capaian"].iter_rows()]
    assert sheet[0] == ["Indikator", "Target", "Realisasi", "Capaian"]
    assert sheet[1][3] == pytest.approx(95.13 / 93.75 * 100, abs=1e-12)
    assert [[c.value for c in r] for r in workbook["ikm_contoh"].iter_rows()][1] == [sample.EVIL, 3]


def test_control_characters_do_not_break_the_workbook(tmp_path):
    import pandas as pd

    from pipeline.report.xlsx import write_tables_xlsx
    target = write_tables_xlsx(tmp_path / "t.xlsx", [{
        "id": "ikm", "label": "Tabel 3.1", "title": "IKM", "section": "s", "source": "",
        "df": pd.DataFrame({"nama\x07": ["Usaha\x0bMaju", None], "n": [1.5, float("nan")]})}])
    rows = [[c.value for c in r] for r in load_workbook(target)["ikm"].iter_rows()]
    assert rows == [["nama", "n"], ["UsahaMaju", 1.5]]  # the all-missing row stays empty


def test_a_broken_saved_section_is_a_clear_error(tmp_path):
    from pipeline.errors import LkjipError
    report_dir, processed_dir, paths = sample.build_run(tmp_path)
    (report_dir / "tables" / "s1_capaian.csv").unlink()
    with pytest.raises(LkjipError, match=r"sasaran_1.*sections/sasaran_1.json.*s1_capaian"):
        assemble(report_dir, 2024, processed_dir, sample.RUN_INFO, paths=paths)
    assert not (report_dir / "LKjIP-2024.html").exists()


def test_sheet_names_are_short_unique_and_legal():
    names = sheet_names(["a" * 40, "a" * 40, "A" * 35, "x/y:z?", "daftar"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == 5
    assert names[0] == "a" * 31 and names[1] == "a" * 29 + "~2" and names[2] == "A" * 29 + "~3"
    assert names[3] == "x_y_z_" and names[4] == "daftar~2"


def test_manifest_lists_inputs_outputs_and_versions(built):
    report_dir, _, _ = built
    doc = json.loads((report_dir / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(doc["inputs"]) == ["data/raw/2024/anggaran.csv", "data/raw/common/iku.csv",
                                     "data/raw/common/profil_instansi.yml"]
    assert all(r["manifest_sha256_matches"] for r in doc["inputs"].values())
    assert doc["outputs"]["LKjIP-2024.html"] == manifest.sha256_file(report_dir / "LKjIP-2024.html")
    assert doc["outputs"]["tables.xlsx"] == manifest.sha256_file(report_dir / "tables.xlsx")
    assert "manifest.json" not in doc["outputs"] and "summary.json" in doc["outputs"]
    assert doc["packages"]["pandas"] == "3.1.1" and "python" in doc["packages"]
    assert doc["parameters"] == {"year": 2024}
    assert doc["run_info"]["cache_keys"] == {"clean": "abc123"}
    assert doc["code_version"]


def test_same_inputs_give_the_same_bytes(tmp_path):
    first, _, _ = run(tmp_path / "a")
    second, _, _ = run(tmp_path / "b")
    for name in ("LKjIP-2024.html", "summary.json", "tables.xlsx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_executed_notebooks_are_copied_listed_and_rendered_offline(tmp_path):
    import nbformat
    from nbformat import v4

    report_dir, processed_dir, paths = sample.build_run(tmp_path)
    executed = tmp_path / "executed" / "10_sasaran-1.ipynb"
    executed.parent.mkdir()
    notebook = v4.new_notebook(cells=[
        v4.new_markdown_cell("# Analisis sasaran 1"),
        v4.new_code_cell("tabel = 93.75", outputs=[v4.new_output(
            "display_data", data={"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>",
                                  "text/plain": "<Figure>"})]),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(notebook, executed)
    assemble(report_dir, 2024, processed_dir, {**sample.RUN_INFO, "notebooks": [executed]},
             paths=paths)
    assert (report_dir / "notebooks" / "10_sasaran-1.ipynb").is_file()
    rendered = (report_dir / "notebooks" / "10_sasaran-1.html").read_text(encoding="utf-8")
    assert "Analisis sasaran 1" in rendered and "93.75" in rendered
    assert "data:image/svg+xml;base64," in rendered  # the chart is inside the page
    assert not re.search(r"<(script|link)\b[^>]*(src|href)=[\"']?(https?:)?//", rendered, re.I)
    assert '<html lang="id"' in rendered
    html = (report_dir / "LKjIP-2024.html").read_text(encoding="utf-8")
    assert 'href="notebooks/10_sasaran-1.html"' in html and 'href="notebooks/10_sasaran-1.ipynb"' in html


def test_cover_agency_comes_from_the_profile_or_the_run(tmp_path):
    _, html, _ = run(tmp_path / "a", documents=False)
    assert '<p class="cover-agency">Dinas Tenaga Kerja dan Perindustrian Kota Payakumbuh</p>' in html
    report_dir, processed_dir, paths = sample.build_run(tmp_path / "b")
    (paths.raw_common / "profil_instansi.yml").write_text("nama: Dinas <b>Uji</b>\nkota: Kota X\n")
    html = html_only(report_dir, processed_dir, paths)
    assert '<p class="cover-agency">Dinas &lt;b&gt;Uji&lt;/b&gt; Kota X</p>' in html
    html = html_only(report_dir, processed_dir, paths, {**sample.RUN_INFO, "agency": "Dinas Y"})
    assert '<p class="cover-agency">Dinas Y</p>' in html


def test_unknown_sections_go_to_the_lampiran_and_ids_sort_numerically():
    parts = layout.outline(["10", "2", "b"], {"2": "Sasaran 2: X"}, {"zz_extra": "Tambahan"})
    bab3 = next(p for p in parts if p.number == "BAB III").children[1]
    assert [(c.number, c.section_id) for c in bab3.children] == [
        ("3.2.1", "sasaran_2"), ("3.2.2", "sasaran_10"), ("3.2.3", "sasaran_b")]
    assert bab3.children[0].title == "Sasaran 2: X"
    assert parts[-1].children[-1].section_id == "zz_extra"
    assert layout.section_ids(parts)[:4] == ["kata_pengantar", "ikhtisar", "bab1", "bab2"]


def test_write_index_lists_every_year(tmp_path, built):
    reports = tmp_path / "reports"
    report_dir, _, _ = built
    (reports / "2024").mkdir(parents=True)
    for name in ("LKjIP-2024.html", "LKjIP-2024.pdf", "summary.json", "manifest.json", "tables.xlsx"):
        (reports / "2024" / name).write_bytes((report_dir / name).read_bytes())
    (reports / "2024" / "notebooks").mkdir()
    (reports / "2024" / "notebooks" / "10_sasaran_1.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    (reports / "2025").mkdir()
    (reports / "2025" / "summary.json").write_text(json.dumps(
        {"year": 2025, "status": "draft", "validasi": {"critical": 0, "warnings": 4}}))
    (reports / ".staging").mkdir()
    index = write_index(reports)
    html = index.read_text(encoding="utf-8")
    assert index == reports / "index.html"
    assert 'href="2024/LKjIP-2024.html"' in html and "belum ada" in html
    rows = re.findall(r"<tr><td>(\d{4})</td>.*?</tr>", html)
    assert rows == ["2025", "2024"] and ".staging" not in html
    row_2025 = re.search(r"<tr><td>2025</td>.*?</tr>", html).group(0)
    assert "Draf" in row_2025 and '<td class="num">4</td>' in row_2025
    row_2024 = re.search(r"<tr><td>2024</td>.*?</tr>", html).group(0)
    assert "Final" in row_2024 and "<td>15 Januari 2025 08.00</td>" in row_2024  # RUN_INFO timestamp
    assert "Dinas Tenaga Kerja dan Perindustrian Kota Payakumbuh" in html
    year_2024 = html[html.index('<section id="tahun-2024">'):]
    # capaian 95,13 / 93,75 = 101,47% (seed Tabel 3.2), kriteria from the sample
    assert re.search(r"<td>1\. Meningkatnya Serapan Tenaga Kerja</td>.*?<td class=\"num\">101,47%</td>", year_2024)
    for href in ("2024/LKjIP-2024.pdf", "2024/tables.xlsx", "2024/notebooks/10_sasaran_1.html"):
        assert f'href="{href}"' in year_2024
    assert 'href="2024/validation/index.html"' not in year_2024  # no Data Docs in this folder: no dead link
    assert not EXTERNAL.search(html)


def test_missing_reviu_statement_makes_a_draft_and_says_why(tmp_path):
    from pipeline.messages import RUN
    from pipeline.sections.model import Section

    report_dir, processed_dir, paths = sample.build_run(tmp_path)
    Section("lampiran_reviu", "Pernyataan Telah Direviu").placeholder("Pernyataan belum tersedia.").save(report_dir)
    html = html_only(report_dir, processed_dir, paths)
    summary = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "draft" and summary["status_alasan"] == [RUN["draft_reviu"]]
    cover = html[html.index('id="sampul"'):html.index("</header>")]
    assert ">DRAF<" in cover and "Draf: belum ada Pernyataan Telah Direviu dari Inspektorat" in cover
    sheet = json.loads((report_dir / "lke.json").read_text(encoding="utf-8"))
    direviu = next(r for r in sheet["kriteria"] if r["id"] == "direviu")
    assert (direviu["jawaban"], direviu["nilai"]) == ("T", 0) and "Pernyataan Telah Direviu" in direviu["kurang"]
    assert "Lampiran 7</span> Lembar Evaluasi Mandiri" in html
