# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Pembersihan Data
# Membaca data mentah (`data/raw/<tahun>/` dan `data/raw/common/`) apa adanya, lalu menulis tabel
# rapi ke folder data olahan. Data mentah tidak pernah diubah. Setiap baris register IKM yang
# dibuang atau diubah dicatat beserta alasannya.

# %% tags=["parameters"]
# Empty folders follow `year`: a notebook run by hand (JupyterLab, nbconvert, papermill
# `-p year 2025`) works in the scratch folder reports/_interaktif/<year>/ only; `lkjip run`
# passes the run's own folders.
year = 2024
processed_dir = ""

# %%
from pipeline.run.interaktif import folders, mark_cleaned

paths, processed_dir, _ = folders(year, processed_dir, refresh=False)

# %%
from IPython.display import display

from pipeline.inputs import catalogue
from pipeline.run.reuse import clean_year

# in `lkjip run`, a parser whose raw files did not change is not rerun: its tables are taken
# over from the published processed folder (checked by sha256); the tables below are shown
# as written, so a partial and a full cleaning show the same
cleaned = clean_year(year, processed_dir, paths)
mark_cleaned(processed_dir)
display(cleaned.overview())

# %% [markdown]
# ## Data ketenagakerjaan (BPS), bentuk panjang

# %%
display(cleaned.table(catalogue.KETENAGAKERJAAN))

# %% [markdown]
# ## Register IKM: ringkasan pembersihan (tidak ada bila tidak ada indikator yang memakai data IKM)

# %%
for frame in cleaned.ikm_overview():
    display(frame)

# %% [markdown]
# ## Angka yang dipublikasikan dibandingkan dengan hitung ulang
# Tabel perbandingan disimpan bersama data olahan agar analisis sasaran dapat mulai tanpa menunggu
# validasi; langkah validasi memakai tabel yang sama (tanpa menghitungnya lagi) setelah pemeriksaan
# kritis dan memuatnya dalam Catatan Validasi.

# %%
from pipeline.validate import recompute

_ = recompute.write_ahead(year, processed_dir, paths)  # None when the validation will have to say why
