"""Context blocks of a sasaran section: labour market, IKM series and register, programs."""

from __future__ import annotations

import math

import pandas as pd

from pipeline.analysis.sentences import count_sentence, unusual_capaian
from pipeline.clean.ikm_rules import RULE_LABELS
from pipeline.inputs import catalogue, registry
from pipeline.inputs.idnum import fmt_int, fmt_number, is_number
from pipeline.inputs.ikm_series import CLASSIFICATION_FILE, SERIES_FILE
from pipeline.inputs.rawio import cited_table
from pipeline.measure import engine, sources
from pipeline.measure.budget import rollup
from pipeline.sections import charts

LABOUR_ROWS = (
    ("angkatan_kerja", "Angkatan Kerja", "int"), ("bekerja", "Bekerja", "int"),
    ("penganggur", "Penganggur", "int"), ("bukan_angkatan_kerja", "Bukan Angkatan Kerja", "int"),
    ("sekolah", "Sekolah", "int"), ("mengurus_rumah_tangga", "Mengurus Rumah Tangga", "int"),
    ("lainnya", "Lainnya", "int"), ("penduduk_usia_kerja", "Penduduk Usia Kerja", "int"),
    ("tpak", "Tingkat Partisipasi Angkatan Kerja (%)", "number"),
    ("tpt", "Tingkat Pengangguran Terbuka (%)", "number"),
    ("penyerapan", "Persentase Penyerapan Tenaga Kerja (%)", "number"),
)


def year_span(first: int, last: int) -> str:
    """'2022–2024', or '2025' when the span is one year."""
    return str(last) if int(first) == int(last) else f"{first}–{last}"


def _figure(width: float, height: float):
    # a Figure on its own Agg canvas, as charts.new_figure makes them, but with matplotlib's
    # default axes style (these charts style themselves with _style): no pyplot, whose import
    # costs every analysis kernel half a second
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot(1, 1, 1)


def _style(ax):
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(charts.IndonesianTicks())


def labour(section, tables: dict, year: int, sid: int) -> None:
    df = tables[catalogue.KETENAGAKERJAAN]
    city = df[df["peran"] == sources.WILAYAH]
    region = sources.region_name(tables)
    years = sorted(int(y) for y in city["tahun"].unique() if int(y) <= year)
    for fmt, title, note in (("int", f"Data Ketenagakerjaan {region}", f"BPS, {region} Dalam Angka"),
                             ("number", f"Indikator Ketenagakerjaan {region}",
                              "dihitung ulang dari jumlah pada tabel sebelumnya")):
        out = []
        for key, label, kind in LABOUR_ROWS:
            if kind != fmt:
                continue
            entry = {"Uraian": label}
            for y in years:
                entry[f"Tahun {y}"] = sources.labour_value(tables, sources.WILAYAH, y, key)
            out.append(entry)
        suffix = "jumlah" if fmt == "int" else "tingkat"
        section.table(f"s{sid}_ketenagakerjaan_{suffix}", f"{title} Tahun {year_span(years[0], years[-1])}",
                      pd.DataFrame(out), {f"Tahun {y}": fmt for y in years}, source=note)
    fig, ax = _figure(6.4, 3.4)
    ak = [sources.labour_value(tables, sources.WILAYAH, y, "angkatan_kerja") for y in years]
    kerja = [sources.labour_value(tables, sources.WILAYAH, y, "bekerja") for y in years]
    x = range(len(years))
    ax.bar([i - 0.2 for i in x], ak, width=0.4, label="Angkatan kerja", color="#9bb7d4")
    ax.bar([i + 0.2 for i in x], kerja, width=0.4, label="Bekerja", color="#1f4e79")
    for i, (a, k) in enumerate(zip(ak, kerja)):
        ax.annotate(f"{fmt_number(k / a * 100)}%", (i + 0.2, k), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(x), [str(y) for y in years])
    ax.set_ylabel("orang")
    charts.zero_baseline(ax)
    charts.legend_above(ax)
    _style(ax)
    section.figure(f"s{sid}_grafik_penyerapan",
                   f"Penyerapan Tenaga Kerja: {fmt_number(kerja[-1] / ak[-1] * 100)}% angkatan kerja bekerja "
                   f"pada {years[-1]}", fig,
                   source=f"BPS, {sources.region_name(tables)} Dalam Angka (angkatan kerja, bekerja); persentase dihitung ulang")


def ikm(section, tables: dict, year: int, sid: int) -> None:
    agg = tables[catalogue.IKM_AGREGAT].sort_values("tahun", kind="stable")
    cols = {"tahun": "Tahun", "unit_usaha": "Unit usaha", "formal": "Formal", "non_formal": "Non formal",
            "tenaga_kerja": "Tenaga kerja", "investasi_ribu_rp": "Investasi (ribu Rp)",
            "nilai_produksi_ribu_rp": "Produksi (ribu Rp)", "sumber": "Sumber"}
    shown = agg[[c for c in cols if c in agg.columns]].rename(columns=cols)
    # whole thousand rupiah on the page (tables.xlsx keeps the unrounded values)
    fmts = {"Tahun": "text", "Sumber": "text", "Produksi (ribu Rp)": "int"}
    fmts.update({v: "int" for k, v in cols.items() if v not in fmts})
    section.table(f"s{sid}_ikm_seri", f"Data Perkembangan Usaha Industri {sources.region_name(tables)} Tahun "
                  f"{int(agg['tahun'].min())}–{int(agg['tahun'].max())}", shown, fmts,
                  source=f"{registry.published_number(SERIES_FILE)} LKjIP (tahun sebelumnya); Register IKM "
                         "(tahun laporan, dibersihkan)")
    current = agg[agg["tahun"] == year]
    if not current.empty and {"mikro", "kecil", "menengah"} <= set(agg.columns):
        row = current.iloc[0]
        size = pd.DataFrame({"Klasifikasi (PP 7/2021)": ["Mikro", "Kecil", "Menengah", "Jumlah"],
                             "Unit usaha": [row["mikro"], row["kecil"], row["menengah"], row["unit_usaha"]]})
        section.table(f"s{sid}_ikm_klasifikasi", f"Unit Usaha Industri menurut Klasifikasi Usaha Tahun {year}",
                      size, {"Unit usaha": "int"}, source=f"Register IKM {year} (dibersihkan)")
    fig, ax = _figure(6.4, 3.4)
    years = [str(int(y)) for y in agg["tahun"]]
    ax.bar(years, agg["formal"], label="Formal", color="#1f4e79")
    ax.bar(years, agg["non_formal"], bottom=agg["formal"], label="Non formal", color="#9bb7d4")
    ax.set_ylabel("unit")
    charts.zero_baseline(ax)
    charts.legend_above(ax)
    _style(ax)
    last = agg.iloc[-1]
    section.figure(f"s{sid}_grafik_klasifikasi",
                   f"Jumlah Usaha Industri Berdasarkan Klasifikasi Usaha: "
                   f"{fmt_int(last['formal'] + last['non_formal'])} unit pada {int(last['tahun'])}", fig,
                   source=f"LKjIP tahun sebelumnya ({registry.published_number(SERIES_FILE)}/"
                          f"{registry.published_number(CLASSIFICATION_FILE).removeprefix('Tabel ')}); "
                          "Register IKM tahun laporan (dibersihkan)")
    if catalogue.IKM_PER_JENIS in tables:
        per = tables[catalogue.IKM_PER_JENIS]
        section.table(f"s{sid}_ikm_per_jenis", f"Komposisi Register IKM {year} menurut Jenis Industri", per,
                      {c: ("text" if per[c].dtype == object or str(per[c].dtype) == "str" else
                           "int") for c in per.columns},
                      source=f"Register IKM {year} (dibersihkan)")
    if catalogue.IKM_LOG_PEMBERSIHAN in tables:
        log = tables[catalogue.IKM_LOG_PEMBERSIHAN]
        summary = log.groupby(["aturan", "tindakan"]).size().rename("Baris").reset_index()
        summary["aturan"] = summary["aturan"].map(lambda rule: RULE_LABELS.get(rule, rule.replace("_", " ")))
        summary = summary.rename(columns={"aturan": "Aturan", "tindakan": "Tindakan"})
        section.table(f"s{sid}_ikm_pembersihan", f"Ringkasan Pembersihan Register IKM {year}", summary,
                      {"Baris": "int"}, source="Log pembersihan (data/processed)")


# Context blocks by the name a realisasi source declares (pipeline.measure.sources.Source.context).
BLOCKS = {"ketenagakerjaan": labour, "ikm": ikm}


def history_chart(hist: pd.DataFrame, satuan: str):
    fig, ax = _figure(6.4, 3.2)
    years = [str(int(y)) for y in hist["tahun"]]
    def series(col):
        return [float(v) if is_number(v) else math.nan
                for v in hist[col]]
    names = ("Target", "Realisasi dilaporkan", "Realisasi hitung ulang")
    lines = [ax.plot(years, series("target"), marker="o", color="#999999", linestyle="--")[0],
             ax.plot(years, series("realisasi_dilaporkan"), marker="s", color="#9bb7d4")[0],
             ax.plot(years, series("realisasi_hitung_ulang"), marker="o", color="#1f4e79")[0]]
    ax.set_ylabel(satuan)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(charts.IndonesianTicks())
    charts.mark_broken_axis(ax)
    charts.label_line_ends(ax, lines, names)
    fig.tight_layout()
    return fig


def programs(section, tables: dict, year: int, sid: int) -> None:
    ind = tables.get(catalogue.INDIKATOR_PROGRAM)
    if ind is None or ind[ind["sasaran_id"] == sid].empty:
        section.placeholder(f"Belum ada indikator program/kegiatan untuk sasaran {sid}.")
        return
    ind = ind[ind["sasaran_id"] == sid]
    ind = ind[ind["tingkat"].isin(["program", "kegiatan", "sub_kegiatan"])]
    out = []
    for r in ind.itertuples():
        target, real = getattr(r, "target", None), getattr(r, "realisasi", None)
        cap = engine.program_capaian(target, real)
        cap = None if math.isnan(cap) else cap
        out.append({"Tingkat": str(r.tingkat).replace("_", " ").title(), "Program/Kegiatan": r.nama, "Indikator": r.indikator,
                    "Target": r.target_teks, "Realisasi": r.realisasi_teks, "Capaian hitung ulang (%)": cap,
                    "Capaian dipublikasikan": r.persen_teks,
                    "Menunjang": ("–" if cap is None else ("Menunjang" if cap >= 100 else "Kurang menunjang"))})
    table = pd.DataFrame(out)
    section.table(f"s{sid}_program_kegiatan", f"Program/Kegiatan Penunjang Sasaran {sid} Tahun {year}", table,
                  {"Capaian hitung ulang (%)": "number"}, source=f"{cited_table(tables, catalogue.INDIKATOR_PROGRAM)} (indikator); diolah")
    supporting = int((table["Menunjang"] == "Menunjang").sum())
    weak = int((table["Menunjang"] == "Kurang menunjang").sum())
    section.paragraph(count_sentence(len(table), "indikator program/kegiatan/sub kegiatan sasaran ini", [
        (supporting, "mencapai atau melampaui targetnya (menunjang)"), (weak, "belum mencapai target"),
        (len(table) - supporting - weak, "tidak dapat dihitung ulang karena target atau realisasinya "
                                         "bukan angka")]))
    remark = unusual_capaian([(f"{r['Program/Kegiatan']} – {r['Indikator']}", r["Capaian hitung ulang (%)"])
                              for _, r in table.iterrows()])
    if remark:
        section.note(remark)
    sub = tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    if sub is not None:
        part = rollup(sub[sub["sasaran_id"] == sid], "program")[["program", "pagu", "realisasi", "serapan"]]
        part = part.rename(columns={"program": "Program", "pagu": "Pagu (Rp)", "realisasi": "Realisasi (Rp)",
                                    "serapan": "Serapan (%)"})
        section.table(f"s{sid}_anggaran_program", f"Anggaran Program Sasaran {sid} Tahun {year}", part,
                      {"Pagu (Rp)": "rupiah", "Realisasi (Rp)": "rupiah", "Serapan (%)": "number"},
                      source="Realisasi anggaran per sub kegiatan; dijumlahkan")
