"""The whole pipeline on the shipped 2024 data, in a throw-away copy of the project tree.

One real run (papermill kernels, Great Expectations, HTML: the session's `shipped_2024`, copied) is
shared by the tests of this module: the back-test of the 2024 figures against the seed, the report's
structure, and the critical failure that must leave the published report byte-identical.
"""

import json
import re

import pytest

from tests.conftest import pdf_page_texts, run_lkjip, tree_hashes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(shipped_2024, tmp_path_factory):
    # the session's one run of the shipped data, copied: a test below edits raw data and reruns
    root = shipped_2024.copy_to(tmp_path_factory.mktemp("project") / "root")
    return root, shipped_2024, shipped_2024.raw_before


def test_run_publishes_and_never_writes_raw(project):
    root, done, raw_before = project
    assert "reports/2024/LKjIP-2024.html" in done.stdout.splitlines()[-1]
    assert done.stdout.splitlines()[-1].endswith("peringatan: 32")  # the findings of Catatan Validasi
    assert tree_hashes(root / "data" / "raw") == raw_before
    for name in ("LKjIP-2024.html", "summary.json", "tables.xlsx", "manifest.json",
                 "validation/index.html", "validation/findings.json"):
        assert (root / "reports" / "2024" / name).is_file(), name
    assert (root / "reports" / "index.html").is_file()
    assert (root / "data" / "processed" / "2024" / "ikm_log_pembersihan.csv").is_file()


def test_back_test_2024_figures(project):
    """Hand-worked from the seed (Tabel 3.3, 3.10, 3.17, 3.8/3.15/3.23, 3.25)."""
    root, _, _ = project
    summary = json.loads((root / "reports" / "2024" / "summary.json").read_text())
    s = {x["id"]: x for x in summary["sasaran"]}
    assert round(s[1]["realisasi"], 2) == 95.13 and round(s[1]["capaian"], 2) == 101.47
    assert s[1]["kriteria"] == "Sangat Baik"
    assert round(s[2]["realisasi"], 2) == 5.99 and round(s[2]["capaian"], 2) == 184.21
    assert s[2]["realisasi_dilaporkan"] == 6 and s[2]["capaian_dilaporkan"] == 184.62
    assert (s[3]["target"], s[3]["realisasi"], s[3]["capaian"]) == ("A", "A", 100)
    assert [round(s[i]["efisiensi"], 2) for i in (1, 2, 3)] == [5.71, 4.99, 14.99]
    assert summary["anggaran"]["pagu"] == 6643861122 and summary["anggaran"]["realisasi"] == 5959374081
    assert round(summary["anggaran"]["serapan"], 2) == 89.70
    assert summary["validasi"]["critical"] == 0 and summary["validasi"]["warnings"] > 0
    messages = " ".join(f["message"] for f in summary["validasi"]["temuan"])
    for contradiction in ("141,79", "101,94", "3,1%", "97,68"):
        assert contradiction in messages, contradiction


def test_report_reads_as_anrun_lkjip(project):
    root, _, _ = project
    html = (root / "reports" / "2024" / "LKjIP-2024.html").read_text()
    for heading in ("Ikhtisar Eksekutif", "BAB I", "BAB II", "BAB III", "BAB IV", "Realisasi Anggaran",
                    "Catatan Validasi", "Perjanjian Kinerja"):
        assert heading in html, heading
    for sid in (1, 2, 3):
        for i in range(1, 8):
            assert f">{sid}.{i} " in html, f"sasaran {sid} analysis {i}"
    assert "74.085 / 77.876" in html and "95,13%" in html
    assert not re.search(r"(src|href)=\"https?://", html)


def test_critical_failure_leaves_previous_report_intact(project):
    root, _, _ = project
    report, processed = root / "reports" / "2024", root / "data" / "processed" / "2024"
    before = (tree_hashes(report), tree_hashes(processed))
    bps = root / "data" / "raw" / "2024" / "bps_ketenagakerjaan_wilayah.csv"
    original = bps.read_text(encoding="utf-8")
    assert "74.085" in original
    manifest_file = root / "data" / "raw" / "manifest.yml"
    recorded = manifest_file.read_text(encoding="utf-8")
    bps.write_text(original.replace("74.085", "74.000"), encoding="utf-8")
    try:
        # The analyst records the edit (unrecorded drift is stopped before the build).
        assert run_lkjip(root, "manifest", "--update").returncode == 0
        failed = run_lkjip(root, "run", "--year", "2024", "--quiet")
    finally:
        bps.write_text(original, encoding="utf-8")
        manifest_file.write_text(recorded, encoding="utf-8")
    out = failed.stdout + failed.stderr
    # A typed total its parts contradict is refused before the build (exit 2, inputs); the same
    # identity in the processed table is the validation gate's (tests/test_validate_gate.py).
    assert failed.returncode == 2, out
    assert "bps_ketenagakerjaan_wilayah.csv" in out and "Tahun 2024" in out
    assert "77.876" in out and "74.000" in out and "3.791" in out  # both sides of the identity
    assert "Traceback" not in out
    assert (tree_hashes(report), tree_hashes(processed)) == before


def test_every_formula_line_closes_at_its_printed_precision(project):
    from tests.formulas import check

    root, _, _ = project
    seen, bad = check((root / "reports" / "2024" / "LKjIP-2024.html").read_text())
    assert seen >= 4 and bad == []


def test_report_is_a_complete_lkjip(project):
    from tests.formulas import text_of

    root, _, _ = project
    text = " ".join(text_of((root / "reports" / "2024" / "LKjIP-2024.html").read_text()).split())
    for part in ("Kata Pengantar", "Payakumbuh, Desember 2024", "1.2.3 Sarana dan Prasarana",
                 "Struktur Organisasi", "1.4 Sistematika", "Rencana Kinerja Tahunan", "560/49/KEPT-DTKP/2023",
                 "Formulir Pengukuran Kinerja", "Pihak Pertama: DONISA PUTRA, S.Sos",
                 "Jumlah Tenaga Kerja yang Mendapat Pelatihan Berbasis Kompetensi pada Tahun n 240 orang"):
        assert part in text, part
    # Catatan Validasi: one row per fact, the report's own table number first
    # the Ikhtisar and the Lampiran count the findings in the same sentence as the run's last line
    counted = "Catatan Validasi memuat 32 temuan dari 47 baris pemeriksaan: 5 mengubah kriteria atau kesimpulan"
    assert text.count(counted) == 2
    assert "[Tabel 3.2; Bab III 3.1" in text
def test_pdf_is_published_with_page_numbers_bookmarks_and_embedded_fonts(project):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) is not installed")
    root, _, _ = project
    folder = root / "reports" / "2024"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    reader = pypdf.PdfReader(folder / "LKjIP-2024.pdf")
    total = len(reader.pages)
    assert manifest["pdf"] == {"file": "LKjIP-2024.pdf", "pages": total} and total > 20
    for number, page in enumerate(pdf_page_texts(folder / "LKjIP-2024.pdf"), start=1):
        assert f"Halaman {number} dari {total}" in page, number
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"BAB I Pendahuluan", "BAB III Akuntabilitas Kinerja", "Lampiran"} <= set(titles)
    for font in reader.pages[-1]["/Resources"]["/Font"].values():
        font = font.get_object()
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in described["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_every_executed_notebook_is_rendered_offline(project):
    root, _, _ = project
    notebooks = root / "reports" / "2024" / "notebooks"
    executed = sorted(p.stem for p in notebooks.glob("*.ipynb"))
    assert len(executed) >= 5 and sorted(p.stem for p in notebooks.glob("*.html")) == executed
    external = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)
    for name in executed:
        html = (notebooks / f"{name}.html").read_text(encoding="utf-8")
        assert not external.search(html), name
    sasaran = (notebooks / "10_sasaran_1.html").read_text(encoding="utf-8")
    for call in ("target_realisasi", "riwayat", "renstra", "standar_nasional", "penyebab", "efisiensi",
                 "program_kegiatan"):
        assert call in sasaran, call  # each Bab III analysis is its own cell in the rendered notebook
    report = (root / "reports" / "2024" / "LKjIP-2024.html").read_text(encoding="utf-8")
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="notebooks/10_sasaran_1.html"' in report and 'href="2024/notebooks/10_sasaran_1.html"' in index
    assert 'href="2024/LKjIP-2024.pdf"' in index


def _notebook_text(path) -> str:
    """A rendered notebook as the reader sees it: tags (and code highlighting) removed."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_sasaran_notebooks_show_each_formula_and_its_pandas(project):
    """Issue 20.1: the rendered notebook states each figure's formula with its operands and the
    pandas that computes it (operands worked from the seed: Tabel 3.3 BPS 74.085 / 77.876;
    Tabel 3.17 production 284.598.221 (2023) and the register's 301.636.853,935 (2024))."""
    root, _, _ = project
    notebooks = root / "reports" / "2024" / "notebooks"
    s1 = _notebook_text(notebooks / "10_sasaran_1.html")
    assert "bekerja / angkatan_kerja * 100 = 74.085 / 77.876 × 100 = 95,13%" in s1
    assert "hitung = pd.DataFrame({i: data.eval(r) for i, r in rumus.items()}, index=data.index)" in s1
    assert "Capaian = Realisasi / Target × 100% = 95,13 / 93,75 × 100% = 101,47%" in s1
    assert "serapan = realisasi / pagu * 100" in s1 and "indeks = capaian_sasaran / serapan" in s1
    assert re.search(r"Serapan = Realisasi anggaran / Pagu × 100% = [\d.]+ / [\d.]+ × 100% = 94,29%", s1)
    assert "return (r / t * 100).mask(polaritas == \"turun\", (2 * t - r) / t * 100)" in s1
    s2 = _notebook_text(notebooks / "10_sasaran_2.html")
    assert ("(nilai_produksi_ribu_rp - nilai_produksi_ribu_rp_tahun_lalu) / nilai_produksi_ribu_rp_tahun_lalu * 100 "
            "= (301.636.853,935 − 284.598.221) / 284.598.221 × 100 = 5,99%") in s2
    s3 = _notebook_text(notebooks / "10_sasaran_3.html")
    assert "Capaian = skor(A) / skor(A) × 100% = 6 / 6 × 100% = 100,00%" in s3
    for text in (s1, s2, s3):
        assert "AssertionError" not in text  # every figure of the notebook equals the engine's


def test_validation_notebook_shows_messages_whole(project):
    root, _, _ = project
    findings = json.loads((root / "reports" / "2024" / "validation" / "findings.json").read_text())
    longest = max((f["message"] for f in findings["warnings"]), key=len)
    assert len(longest) > 300  # pandas' notebook display cut it after 50 characters
    text = _notebook_text(root / "reports" / "2024" / "notebooks" / "02_validasi.html")
    assert longest in text and "Pesan" in text and "row_key" not in text


OVERFLOW = """
(() => {
  const over = [];
  for (const id of %s) {
    const part = document.getElementById(id);
    if (!part) { over.push('missing ' + id); continue; }
    for (const el of [part, ...part.querySelectorAll('.tbl-scroll, figure, table, p, pre')]) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') {
        over.push(id + ' ' + el.tagName + ' ' + (el.closest('figure') || {}).id + ' '
                  + el.scrollWidth + '>' + el.clientWidth);
      }
    }
  }
  return {over, page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
})()
"""


def test_bab_iii_and_catatan_validasi_fit_1280_px(project, tmp_path):
    from pipeline.report.browser import Chromium, find_chromium

    if find_chromium() is None:
        pytest.skip("chromium is not installed (make browser)")
    pytest.importorskip("websocket", reason="websocket-client (test extra) is not installed")
    root, _, _ = project
    with Chromium() as chromium:
        page = chromium.open(root / "reports" / "2024" / "LKjIP-2024.html")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        result = page.evaluate(OVERFLOW % json.dumps(["bab-3", "lampiran-validasi"]))
        shot = page.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
    import base64

    (tmp_path / "bab3-1280.png").write_bytes(base64.b64decode(shot["data"]))
    assert result["page"] <= 0 and result["over"] == [], result


def _captions(html: str) -> dict[str, tuple[str, str]]:
    """{anchor: (caption line, Sumber line)} of every table and chart of the report."""
    out = {}
    for anchor, body in re.findall(r'<figure class="(?:tbl|fig)[^"]*" id="([^"]+)">(.*?)</figure>', html, re.S):
        body = re.sub(r"<table>.*</table>", "", body, flags=re.S)
        caption = re.search(r'class="caption">(.*?)</(?:figcaption|span)>', body, re.S).group(1)
        after = body[body.index(caption) + len(caption):]
        source = re.search(r'class="source">Sumber: ([^<]*)<', body)
        out[anchor] = (caption + re.sub(r"<[^>]+>", " ", after.split('class="source"')[0]),
                       source.group(1).strip() if source else "")
    return out


def test_synthetic_register_is_marked_and_every_caption_cites_the_manifest(project):
    """The shipped register is declared 'jenis: sintetis' in data/raw/manifest.yml; the tables and
    charts that read it (worked out by hand: the IKM tables, and sasaran 2's realisasi, whose
    2024 production comes from the register) carry DATA SINTETIS, the others do not."""
    import yaml

    root, done, _ = project
    entries = yaml.safe_load((root / "data" / "raw" / "manifest.yml").read_text())["files"]
    register = entries["2024/ikm_register.csv"]["rujukan"]
    assert entries["2024/ikm_register.csv"]["jenis"] == "sintetis"
    assert done.stdout.splitlines()[-1].startswith(
        "Laporan: reports/2024/LKjIP-2024.html · status: contoh (data sintetis: data/raw/2024/ikm_register.csv) · "
        "peringatan: ")
    report = root / "reports" / "2024"
    summary = json.loads((report / "summary.json").read_text())
    assert summary["status"] == "contoh" and summary["data_sintetis"] == ["data/raw/2024/ikm_register.csv"]
    assert "Contoh (data sintetis: data/raw/2024/ikm_register.csv)" in (root / "reports" / "index.html").read_text()

    html = (report / "LKjIP-2024.html").read_text()
    captions = _captions(html)
    reads_register = ["tabel-s2-target-realisasi", "tabel-s2-ikm-seri", "tabel-s2-ikm-klasifikasi",
                      "grafik-s2-grafik-klasifikasi", "tabel-s2-ikm-per-jenis", "tabel-s2-ikm-pembersihan",
                      "tabel-s2-riwayat", "grafik-s2-grafik-riwayat", "tabel-capaian-perjanjian-kinerja"]
    for anchor in reads_register:
        caption, source = captions[anchor]
        assert "DATA SINTETIS" in caption and register in source, anchor
    for anchor in ("tabel-s1-target-realisasi", "grafik-s1-grafik-penyerapan", "tabel-s2-program-kegiatan",
                   "tabel-s2-anggaran-program", "tabel-bab1-apbd", "grafik-anggaran-serapan-program"):
        assert "DATA SINTETIS" not in captions[anchor][0] and register not in captions[anchor][1], anchor
    # transcribed inputs say so, with the published table the manifest declares
    assert captions["tabel-s1-ketenagakerjaan-jumlah"][1].startswith(
        entries["2024/bps_ketenagakerjaan_wilayah.csv"]["rujukan"] + " (transkripsi)")
    assert captions["tabel-bab1-apbd"][1] == entries["2024/apbd_rekening.csv"]["rujukan"] + " (transkripsi)"
    assert "Tabel 3.17 (Bab III 3.2, butir 2.7) (transkripsi)" in captions["tabel-s2-ikm-seri"][1]
    # the Bab III output tables too (they once cited an activity report the manifest does not declare)
    for anchor, name in (("tabel-s1-keluaran-penempatan", "penempatan_tenaga_kerja"),
                         ("tabel-s1-keluaran-penempatan-publikasi", "penempatan_tenaga_kerja"),
                         ("tabel-s1-keluaran-pelatihan", "pelatihan"),
                         ("tabel-s2-keluaran-fasilitasi-halal", "fasilitasi_halal")):
        assert captions[anchor][1] == entries[f"2024/{name}.csv"]["rujukan"] + " (transkripsi)", anchor
    # no generic source left on a caption: every table and chart cites its manifest entries
    assert [a for a, (_, s) in captions.items() if "DPA/SIPD" in s or "Dalam Angka (angkatan" in s] == []
    assert [a for a, (_, s) in captions.items() if not s] == []

    cover = html[html.index('id="sampul"'):html.index("</header>")]
    assert "DATA SINTETIS" in cover and register in cover
    ikhtisar = html[html.index('id="ikhtisar'):]
    assert ikhtisar.index("DATA SINTETIS") < ikhtisar.index("</section>")
    inputs = html[html.index('id="informasi-reproduksi"'):]
    row = inputs[inputs.index("<code>data/raw/2024/ikm_register.csv</code>"):]
    assert "DATA SINTETIS" in row[:row.index("</tr>")]
    # each input is described by its Indonesian rujukan, not the manifest's English source notes
    assert register in row[:row.index("</tr>")]
    table = inputs[:inputs.index("</table>", inputs.index('class="inputs"'))]
    assert "SYNTHETIC" not in table and "our reading" not in table and "generated by" not in table
    row = inputs[inputs.index("<code>data/raw/2024/apbd_rekening.csv</code>"):]
    assert "(transkripsi LKjIP)" in row[:row.index("</tr>")]
    sasaran1 = html[html.index('id="sasaran-1"'):html.index('id="sasaran-2"')]
    assert "DATA SINTETIS" not in sasaran1

    from openpyxl import load_workbook

    index = load_workbook(report / "tables.xlsx", read_only=True).worksheets[0]
    xlsx = {row[2]: row[4] for row in index.iter_rows(min_row=2, values_only=True)}
    per_jenis = next(v for k, v in xlsx.items() if k.startswith("Komposisi Register IKM"))
    assert per_jenis.startswith("DATA SINTETIS. ") and register in per_jenis

    text = " ".join(pdf_page_texts(report / "LKjIP-2024.pdf")[:3])
    assert "DATA SINTETIS" in text
def _report_text(html: str) -> str:
    """The report's own text: the document (cover to Lampiran) without the Informasi Reproduksi
    block, which lists every raw input file with its sha256 by design."""
    from tests.formulas import text_of

    body = html.split('id="informasi-reproduksi"', 1)[0]
    body = re.sub(r"<style\b.*?</style>", "", body, flags=re.S)  # the stylesheet is not report text
    return " ".join(text_of(re.sub(r'src="data:[^"]*"', "", body)).split())


def test_final_report_is_formal_signed_reviewed_and_clean(project):
    """Issue 18: cover from data, signature blocks where an LKjIP carries them, the reviu statement
    (2024: example data), no BELUM DIISI and no file path in a final report (HTML and PDF)."""
    pytest.importorskip("pypdf", reason="pypdf (test extra) is not installed")
    root, done, _ = project
    folder = root / "reports" / "2024"
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    # formally complete: not a draft; 'contoh' only because the shipped IKM register is synthetic
    assert summary["status"] == "contoh" and summary["status_alasan"] == []
    assert "status: contoh (data sintetis" in done.stdout.splitlines()[-1]
    html = (folder / "LKjIP-2024.html").read_text(encoding="utf-8")
    cover = html[html.index('id="sampul"'):html.index("</header>")]
    assert 'class="cover-logo" src="data:image/svg+xml;base64,' in cover
    assert "LKjIP Tahun 2024" in cover and "Payakumbuh, Desember 2024" in cover
    assert "Temuan validasi" not in cover and "kritis" not in cover and "DRAF" not in cover
    # one signature macro: Kata Pengantar, Bab IV, 9 PK documents, RKT, Formulir, the reviu statement
    parts = {anchor: html[html.index(f'id="{anchor}"'):] for anchor in
             ("kata-pengantar", "bab-4", "lampiran-pk", "lampiran-rkt", "lampiran-formulir", "lampiran-reviu")}
    ends = {"kata-pengantar": 'id="ikhtisar"', "bab-4": 'id="lampiran"', "lampiran-pk": 'id="lampiran-rkt"',
            "lampiran-rkt": 'id="lampiran-sk-iku"', "lampiran-formulir": 'id="lampiran-validasi"',
            "lampiran-reviu": 'id="lampiran-lke"'}
    counts = {a: p[:p.index(ends[a])].count('class="signature"') for a, p in parts.items()}
    assert counts == {"kata-pengantar": 1, "bab-4": 1, "lampiran-pk": 18, "lampiran-rkt": 1,
                      "lampiran-formulir": 1, "lampiran-reviu": 1}
    assert html.count("NIP. 19670601 198809 2 001") >= 4 + 5  # head: KP, Bab IV, RKT, Formulir; 5 PK signatures
    text = _report_text(html)
    assert "Pembina Utama Muda, IV/c NIP. 19670601 198809 2 001" in text
    assert "Kami telah mereviu Laporan Kinerja Dinas Tenaga Kerja dan Perindustrian Kota Payakumbuh untuk " \
           "Tahun 2024 sesuai Pedoman Reviu atas Laporan Kinerja" in text
    assert "(contoh) NAMA INSPEKTUR" in text and "Inspektur Kota Payakumbuh" in text
    pdf_text = " ".join(" ".join(pdf_page_texts(folder / "LKjIP-2024.pdf")).split())
    pdf_text = pdf_text.split("Informasi Reproduksi Laporan ini dihasilkan", 1)[0]
    for shown in (text, pdf_text):
        assert "BELUM DIISI" not in shown
        assert "Rp -" not in shown and "-Rp 68.762.889" in shown  # Tabel 1.5, Belanja Pegawai
        assert not re.search(r"data/raw/|scripts/|\.csv\b|\.yml\b|\.py\b|/work/|/home/|/tmp/", shown), \
            re.search(r".{60}(data/raw/|scripts/|\.csv\b|\.yml\b|\.py\b).{20}", shown)
    assert "Pernyataan Telah Direviu" in pdf_text and "Lembar Evaluasi Mandiri" in pdf_text


def test_lembar_evaluasi_mandiri_scores_ours_above_the_published(project):
    """Worked by hand: 15 criteria × 0,50 (Pemenuhan 3 % / 6, Kualitas 4,5 % / 9). Ours: 5 of 6
    Pemenuhan Y (no publication declared) = 2,50; Kualitas 9 × A (efisiensi: capaian ÷ serapan and the
    unspent money split by kind of spending for every sasaran) = 4,50; total 7,00. Published
    (lke_laporan_terbit.csv, efisiensi C: 100 − serapan only):
    Pemenuhan 5 Y (direviu T) = 2,50; Kualitas B, A, A, A, A, A, B, C, A = 0,375 + 5 × 0,50 + 0,375 +
    0,25 + 0,50 = 4,00; total 6,50."""
    root, _, _ = project
    folder = root / "reports" / "2024"
    sheet = json.loads((folder / "lke.json").read_text(encoding="utf-8"))
    answers = {r["id"]: r["jawaban"] for r in sheet["kriteria"]}
    assert answers == {"disusun": "Y", "berkala": "Y", "diformalkan": "Y", "direviu": "Y",
                       "dipublikasikan": "T", "tepat_waktu": "Y", "sesuai_standar": "A",
                       "seluruh_informasi": "A", "target_tahunan": "A", "target_jangka_menengah": "A",
                       "tahun_sebelumnya": "A", "standar_nasional": "A", "keberhasilan_kegagalan": "A",
                       "efisiensi": "A", "langkah_perbaikan": "A"}
    assert sheet["jumlah"] == pytest.approx({"Pemenuhan": 2.5, "Kualitas": 4.5, "total": 7.0})
    assert sheet["jumlah_terbit"] == pytest.approx({"Pemenuhan": 2.5, "Kualitas": 4.0, "total": 6.5})
    assert sheet["jumlah"]["total"] > sheet["jumlah_terbit"]["total"]
    lost = {r["id"]: r["kurang"] for r in sheet["kriteria"] if r["nilai"] < r["bobot"]}
    assert set(lost) == {"dipublikasikan"} and all(lost.values())
    text = _report_text((folder / "LKjIP-2024.html").read_text(encoding="utf-8"))
    assert "Nilai yang dapat diperoleh dari dokumen: 7,00 dari 7,50 (Pemenuhan 2,50 dari 3,00; Kualitas 4,50 " \
           "dari 4,50). LKjIP yang dipublikasikan, dengan kriteria dan bobot yang sama: 6,50" in text
    assert "Lampiran 6 Pernyataan Telah Direviu" in text


def test_cleaning_summary_names_rules_in_words(project):
    """Tabel Ringkasan Pembersihan Register IKM: every rule the cleaning logged is named by its
    label, no machine id (kbli_bukan_industri) on the page."""
    import pandas as pd

    from pipeline.clean.ikm_rules import RULE_LABELS

    root, _, _ = project
    log = pd.read_csv(root / "data" / "processed" / "2024" / "ikm_log_pembersihan.csv", dtype=str)
    assert set(log["aturan"]) <= set(RULE_LABELS)
    html = (root / "reports" / "2024" / "LKjIP-2024.html").read_text(encoding="utf-8")
    block = html[html.index('id="tabel-s2-ikm-pembersihan"'):]
    block = block[:block.index("</figure>")]
    for rule in set(log["aturan"]):
        assert f">{RULE_LABELS[rule]}<" in block and rule not in block, rule


def test_output_table_check_says_which_figure_is_wrong(project):
    """Seed, Bab III sasaran 1 tabel b): DIPLOMA III is printed L 0, P 1, Jumlah 0, so the Jumlah
    column adds up to 100 while the printed total 101 = 51 + 50 is right. The check table must
    not call the total wrong without saying that the cell is."""
    root, _, _ = project
    html = (root / "reports" / "2024" / "LKjIP-2024.html").read_text(encoding="utf-8")
    block = html[html.index('id="tabel-s1-keluaran-penempatan-publikasi"'):]
    text = " ".join(re.sub(r"<[^>]+>", " ", block[:block.index("</figure>")]).split())
    assert "Penempatan Tenaga Kerja Menurut Pendidikan, penjumlahan kolom Jumlah 101 100 berbeda: jumlah 101 " \
           "benar" in text


def test_pdf_page_breaks_keep_signatures_and_list_titles_with_their_text(project):
    """A signature block that starts a page is detached from the text it signs (it happened to
    Bab IV and the Formulir Pengukuran Kinerja), and a list title ('Urusan Perindustrian') that ends
    a page is cut from its list: no page body starts with the one or ends with the other."""
    pytest.importorskip("pypdf", reason="pypdf (test extra) is not installed")
    root, _, _ = project
    folder = root / "reports" / "2024"
    titles = set(re.findall(r'<p class="list-title">([^<]+)</p>', (folder / "LKjIP-2024.html").read_text("utf-8")))
    assert {"Urusan Perindustrian", "Faktor pendukung"} <= titles
    bad = []
    for number, page in enumerate(pdf_page_texts(folder / "LKjIP-2024.pdf"), 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(("Dinas Tenaga Kerja dan Perindustrian Kota",
                                                                   "LKjIP Tahun", "Halaman "))]
        if number > 1 and body and re.match(r"(Payakumbuh, \w+ \d{4}|Pihak (Pertama|Kedua))", body[0]):
            bad.append((number, body[0]))
        if body and body[-1] in titles:
            bad.append((number, body[-1]))
    assert bad == []


def test_index_cells_hold_no_python_reprs(project):
    root, _, _ = project
    html = (root / "reports" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    assert "Persentase Penyerapan Tenaga Kerja" in cells
    for cell in cells:
        text = re.sub(r"<[^>]+>", "", cell)
        assert not re.search(r"[{}\[\]']|\bnan\b|\bNone\b", text), text


def test_every_recorded_read_is_declared_in_the_catalogue(project):
    """Steps declare the tables they read (pipeline.inputs.catalogue): every processed table a
    step's notebook recorded reading in this real run is declared for that step, so a declaration
    that lies fails here; every declared table was stored typed, with its CSV copy."""
    from pipeline.inputs import catalogue

    root, _, _ = project
    doc = json.loads((root / "reports" / "2024" / "manifest.json").read_text())
    recorded = doc["cache_reads"]
    assert {"validate", "organisasi", "anggaran", "sasaran_1", "sasaran_2", "sasaran_3"} <= set(recorded)
    undeclared = {(step, name) for step, read in recorded.items() for name in read["processed"]
                  if name not in catalogue.read_by(step)}
    assert undeclared == set()
    assert "pelatihan" in recorded["sasaran_1"]["processed"]  # the sasaran whose program trains
    processed = root / "data" / "processed" / "2024"
    assert catalogue.stored(processed) == sorted(catalogue.TABLES)
    assert all(catalogue.csv_file(processed, name).is_file() for name in catalogue.TABLES)
