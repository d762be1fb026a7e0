# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Analisis Capaian Kinerja per Sasaran Strategis
# Satu notebook, dijalankan sekali untuk setiap sasaran (parameter `sasaran_id`). Semua angka
# dihitung dari data olahan; tidak ada angka yang diketik tangan.

# %% tags=["parameters"]
# Empty folders follow `year`: a notebook run by hand (JupyterLab, nbconvert, papermill
# `-p year 2025`) works in the scratch folder reports/_interaktif/<year>/ only; `lkjip run`
# passes the run's own folders.
year = 2024
sasaran_id = 1
processed_dir = ""
report_dir = ""

# %%
from pipeline.run.interaktif import folders

paths, processed_dir, report_dir = folders(year, processed_dir, report_dir)

# %%
import pandas as pd
from IPython.display import display

from pipeline.analysis import metode, sasaran
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import fmt_number
from pipeline.inputs.narrative import load_narrative
from pipeline.measure import indicators
from pipeline.sections import results
from pipeline.validate import recompute

tables = indicators.load_processed(processed_dir, paths)
narrative = load_narrative(paths, year)
comparisons = recompute.read_ahead(processed_dir, paths)

# %% [markdown]
# Setiap analisis di bawah menampilkan rumusnya dengan angka tahun ini, lalu menghitungnya dengan
# pandas dari tabel data olahan (`data/processed/<tahun>/`) dan mencocokkannya dengan mesin
# perhitungan pipeline (kolom `cocok`; notebook berhenti bila berbeda). Bagian laporan kemudian
# disusun dari angka mesin perhitungan, yang juga dipakai di laporan.

# %%
analysis = sasaran.start(tables, year, sasaran_id, narrative, comparisons)
mesin = analysis.rows.set_index("indikator_id")  # angka mesin perhitungan, satu baris per indikator
data = metode.data_tahunan(tables, analysis.rows, year)  # tabel data olahan, satu baris per tahun
rumus = metode.rumus(analysis.rows)  # rumus pandas realisasi tiap indikator (sumbernya)
display(metode.tabel(data))

# %% [markdown]
# ## 1. Perbandingan target dan realisasi kinerja tahun ini
# Capaian = Realisasi / Target × 100% (makin tinggi makin baik, `naik`); (2 × Target − Realisasi) /
# Target × 100% (makin rendah makin baik, `turun`); skor(Realisasi) / skor(Target) × 100% (nilai
# berurutan, `ordinal`: skor = jumlah nilai + 1 − urutan pada `skala_ordinal`).

# %%
display(metode.markdown_realisasi(analysis.rows, data, year))
metode.markdown_capaian(analysis.rows, analysis.ordinal)

# %%
hitung = pd.DataFrame({i: data.eval(r) for i, r in rumus.items()}, index=data.index)
lapor = tables[catalogue.CAPAIAN_TAHUNAN].query("tahun == @year").set_index("indikator_id")
skala = tables.get(catalogue.SKALA_ORDINAL, pd.DataFrame({"nilai": [], "urutan": []}))
skor = skala.set_index("nilai")["urutan"].rsub(len(skala) + 1)  # AA = 7 … D = 1


def capaian(target, realisasi, polaritas):
    ordinal = polaritas == "ordinal"
    t = target.mask(ordinal, target.map(skor)).astype(float)
    r = realisasi.mask(ordinal, realisasi.map(skor)).astype(float)
    return (r / t * 100).mask(polaritas == "turun", (2 * t - r) / t * 100)


ind = mesin[["polaritas", "target", "realisasi", "capaian"]].copy()
ind["realisasi_notebook"] = hitung.loc[year].reindex(ind.index).astype(object).fillna(
    lapor["realisasi"].astype(object).fillna(lapor["realisasi_teks"]))
ind["capaian_notebook"] = capaian(ind["target"], ind["realisasi_notebook"], ind["polaritas"])
aturan = {"rata_rata": "mean", "minimum": "min"}[analysis.first["aturan_capaian_sasaran"]]
capaian_sasaran = ind["capaian_notebook"].agg(aturan)
ind["cocok"] = (metode.cocok(ind["realisasi_notebook"], ind["realisasi"])
                & metode.cocok(ind["capaian_notebook"], ind["capaian"]))
assert ind["cocok"].all(), "hitungan notebook berbeda dengan mesin perhitungan"
assert metode.cocok(pd.Series([capaian_sasaran]), pd.Series([analysis.first["capaian_sasaran"]])).all()
display(metode.tabel(ind))
print(f"Capaian sasaran ({indicators.rule_text(analysis.first['aturan_capaian_sasaran'])}): "
      f"{fmt_number(capaian_sasaran, 4)}")

# %%
sasaran.target_realisasi(analysis)

# %% [markdown]
# ## 2. Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya
# Realisasi tiap tahun dihitung dengan rumus yang sama dari data tahun itu.

# %%
riwayat_mesin = metode.riwayat_mesin(analysis)  # realisasi hitung ulang mesin, per tahun
metode.markdown_realisasi(analysis.rows, data, riwayat_mesin.index)

# %%
riwayat = hitung.reindex(riwayat_mesin.index)
perubahan = riwayat.diff()  # realisasi tahun ini − tahun sebelumnya
assert metode.cocok(riwayat, riwayat_mesin).all().all(), "riwayat notebook berbeda dengan mesin perhitungan"
display(metode.tabel(pd.concat({"realisasi": riwayat, "perubahan": perubahan}, axis=1)))

# %%
sasaran.riwayat(analysis)

# %% [markdown]
# ## 3. Perbandingan realisasi dengan target akhir Renstra
# Target akhir: kondisi kinerja pada akhir periode Renstra, atau target tahun terakhir Renstra.

# %%
metode.markdown_capaian(analysis.rows, analysis.ordinal, "target_akhir_renstra", "capaian_akhir_renstra")

# %%
target = tables[catalogue.TARGET].assign(nilai=lambda t: t["nilai"].astype(object).fillna(t["nilai_teks"]))
renstra = target.query("jenis == 'renstra'")
akhir = target.query("jenis == 'kondisi_akhir'").set_index("indikator_id")["nilai"]
tahun_akhir = renstra.query("tahun == tahun.max()").set_index("indikator_id")["nilai"]
ind["target_akhir"] = akhir.reindex(ind.index).fillna(tahun_akhir.reindex(ind.index))
ind["capaian_akhir_notebook"] = capaian(ind["target_akhir"], ind["realisasi_notebook"], ind["polaritas"])
ind["cocok"] = metode.cocok(ind["capaian_akhir_notebook"], mesin["capaian_akhir_renstra"])
assert ind["cocok"].all(), "capaian terhadap target akhir Renstra berbeda dengan mesin perhitungan"
display(metode.tabel(ind[["realisasi_notebook", "target_akhir", "capaian_akhir_notebook", "cocok"]]))

# %%
sasaran.renstra(analysis)

# %% [markdown]
# ## 4. Perbandingan realisasi dengan standar nasional
# Angka nasional dihitung ulang dengan rumus yang sama dari data nasional, bila sumbernya memilikinya.

# %%
nasional = metode.data_tahunan(tables, analysis.rows, year, "nasional")
metode.markdown_realisasi(analysis.rows, nasional, year, "Angka nasional", national=True)

# %%
standar = pd.Series({i: nasional.eval(r).get(year) for i, r in metode.rumus(analysis.rows, national=True).items()},
                    dtype=float)
ind["nasional_notebook"] = standar.reindex(ind.index)
ind["cocok"] = metode.cocok(ind["nasional_notebook"], mesin["standar_nasional_dihitung"])
assert ind["cocok"].all(), "angka nasional berbeda dengan mesin perhitungan"
display(metode.tabel(ind[["realisasi_notebook", "nasional_notebook", "cocok"]]
                    .assign(standar_dicantumkan=mesin["standar_nasional"])))

# %%
sasaran.standar_nasional(analysis)

# %% [markdown]
# ## 5. Analisis penyebab keberhasilan/kegagalan dan solusi

# %%
sasaran.penyebab(analysis)

# %% [markdown]
# ## 6. Analisis atas efisiensi penggunaan sumber daya
# Serapan = Realisasi anggaran / Pagu × 100%; indeks efisiensi = Capaian sasaran / Serapan.

# %%
anggaran = tables[catalogue.ANGGARAN_SUBKEGIATAN].query("sasaran_id == @sasaran_id")
pagu, realisasi = anggaran["pagu"].sum(), anggaran["realisasi"].sum()
metode.markdown_anggaran(pagu, realisasi, capaian_sasaran)

# %%
serapan = realisasi / pagu * 100 if pagu else float("nan")
indeks = capaian_sasaran / serapan
f = metode.efisiensi_mesin(analysis)
efisiensi = pd.DataFrame({"notebook": [pagu, realisasi, serapan, indeks, 100 - serapan],
                          "mesin": [f["pagu"], f["realisasi"], f["serapan"], f["indeks"], f["efisiensi_publikasi"]]},
                         index=["pagu", "realisasi", "serapan", "indeks efisiensi", "100 − serapan"])
efisiensi["cocok"] = metode.cocok(efisiensi["notebook"], efisiensi["mesin"])
assert efisiensi["cocok"].all(), "efisiensi berbeda dengan mesin perhitungan"
display(metode.tabel(efisiensi))

# %%
sasaran.efisiensi(analysis)

# %% [markdown]
# ## 7. Program/kegiatan yang menunjang keberhasilan atau kegagalan
# Capaian indikator program/kegiatan = Realisasi / Target × 100% (Tabel 3.26; menunjang bila ≥ 100%);
# serapan program = Realisasi anggaran / Pagu × 100%, dijumlahkan per program dari sub kegiatannya.

# %%
program = metode.olahan(tables, catalogue.INDIKATOR_PROGRAM, ["sasaran_id", "tingkat", "nama", "target", "realisasi"])
program = program.query("sasaran_id == @sasaran_id and tingkat in ['program', 'kegiatan', 'sub_kegiatan']")
program = program.assign(capaian=(program["realisasi"] / program["target"] * 100).where(program["target"] > 0))
per_program = anggaran.groupby("program", sort=False)[["pagu", "realisasi"]].sum()
per_program["serapan"] = per_program["realisasi"] / per_program["pagu"] * 100

# %%
bagian = sasaran.program_kegiatan(analysis)
display(bagian)

# %%
mesin_capaian = bagian.tables.get(f"s{sasaran_id}_program_kegiatan", pd.DataFrame({"Capaian hitung ulang (%)": []}))
program["cocok"] = metode.cocok(program["capaian"], mesin_capaian["Capaian hitung ulang (%)"].set_axis(program.index))
assert program["cocok"].all(), "capaian indikator program/kegiatan berbeda dengan mesin perhitungan"
display(metode.tabel(program[["tingkat", "nama", "target", "realisasi", "capaian", "cocok"]]))
mesin_serapan = bagian.tables.get(f"s{sasaran_id}_anggaran_program")
if mesin_serapan is not None:  # the section shows the programs' budget with their indicators
    per_program["cocok"] = metode.cocok(per_program["serapan"],
                                        mesin_serapan.set_index("Program")["Serapan (%)"].reindex(per_program.index))
    assert per_program["cocok"].all(), "serapan program berbeda dengan mesin perhitungan"
    display(metode.tabel(per_program))

# %% [markdown]
# ## Simpan bagian laporan dan ringkasan hasil

# %%
result = analysis.result()
analysis.section.save(paths.resolve(report_dir))
results.save(report_dir, f"sasaran_{sasaran_id}", result, paths)
display(result)
