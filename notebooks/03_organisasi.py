# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Ikhtisar, Pendahuluan, Perencanaan Kinerja, Capaian Organisasi, Penutup dan Lampiran PK
# Bab-bab di sekitar Bab III. Semua angka dihitung dari data olahan (`processed_dir`);
# profil instansi dan narasi analis dibaca dari `data/raw`.

# %% tags=["parameters"]
# Empty folders follow `year`: a notebook run by hand (JupyterLab, nbconvert, papermill
# `-p year 2025`) works in the scratch folder reports/_interaktif/<year>/ only; `lkjip run`
# passes the run's own folders.
year = 2024
processed_dir = ""
report_dir = ""

# %%
from pipeline.run.interaktif import folders

paths, processed_dir, report_dir = folders(year, processed_dir, report_dir)

# %%
from IPython.display import display

from pipeline.analysis import organisasi
from pipeline.sections import results

out_dir = paths.resolve(report_dir)
inputs = organisasi.load_inputs(year, processed_dir, paths)

# %% [markdown]
# ## Kata Pengantar

# %%
kata_pengantar = organisasi.build_kata_pengantar(inputs)
display(kata_pengantar)

# %% [markdown]
# ## Ikhtisar Eksekutif

# %%
ikhtisar = organisasi.build_ikhtisar(inputs, organisasi.load_corrections(report_dir, paths))
display(ikhtisar)

# %% [markdown]
# ## BAB I Pendahuluan

# %%
bab1 = organisasi.build_bab1(inputs)
display(bab1)

# %% [markdown]
# ## BAB II Perencanaan Kinerja

# %%
bab2 = organisasi.build_bab2(inputs)
display(bab2)

# %% [markdown]
# ## 3.1 Capaian Kinerja Organisasi

# %%
capaian = organisasi.build_capaian_organisasi(inputs)
display(capaian)

# %% [markdown]
# ## 3.4 Prestasi dan Penghargaan

# %%
prestasi = organisasi.build_prestasi(inputs)
display(prestasi)

# %% [markdown]
# ## BAB IV Penutup

# %%
bab4 = organisasi.build_bab4(inputs)
display(bab4)

# %% [markdown]
# ## Lampiran: Perjanjian Kinerja

# %%
lampiran = organisasi.build_lampiran_pk(inputs)
display(lampiran)

# %% [markdown]
# ## Lampiran: RKT, Keputusan tentang IKU, Formulir Pengukuran Kinerja

# %%
rkt = organisasi.build_lampiran_rkt(inputs)
sk_iku = organisasi.build_lampiran_sk_iku(inputs)
formulir = organisasi.build_lampiran_formulir(inputs)
for part in (rkt, sk_iku, formulir):
    display(part)

# %% [markdown]
# ## Lampiran: Pernyataan Telah Direviu

# %%
reviu = organisasi.build_lampiran_reviu(inputs)
display(reviu)

# %%
for section in (kata_pengantar, ikhtisar, bab1, bab2, capaian, prestasi, bab4, lampiran, rkt, sk_iku, formulir,
                reviu):
    section.save(out_dir)
results.save(report_dir, "organisasi", organisasi.results(inputs), paths)
results.save(report_dir, "dokumen", organisasi.dokumen.facts(inputs.narrative, inputs.tables), paths)
