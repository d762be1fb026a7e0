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

processed_dir, report_dir = folders(year, processed_dir, report_dir)

# %%
from IPython.display import display

from pipeline.analysis import sasaran
from pipeline.config import Paths
from pipeline.inputs.narrative import load_narrative
from pipeline.measure import indicators
from pipeline.report import results

tables = indicators.load_processed(processed_dir)
narrative = load_narrative(Paths.default(), year)
comparisons = sasaran.load_comparisons(report_dir)

# %%
analysis = sasaran.start(tables, year, sasaran_id, narrative, comparisons)

# %% [markdown]
# ## 1. Perbandingan target dan realisasi kinerja tahun ini

# %%
sasaran.target_realisasi(analysis)

# %% [markdown]
# ## 2. Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya

# %%
sasaran.riwayat(analysis)

# %% [markdown]
# ## 3. Perbandingan realisasi dengan target akhir Renstra

# %%
sasaran.renstra(analysis)

# %% [markdown]
# ## 4. Perbandingan realisasi dengan standar nasional

# %%
sasaran.standar_nasional(analysis)

# %% [markdown]
# ## 5. Analisis penyebab keberhasilan/kegagalan dan solusi

# %%
sasaran.penyebab(analysis)

# %% [markdown]
# ## 6. Analisis atas efisiensi penggunaan sumber daya

# %%
sasaran.efisiensi(analysis)

# %% [markdown]
# ## 7. Program/kegiatan yang menunjang keberhasilan atau kegagalan

# %%
sasaran.program_kegiatan(analysis)

# %% [markdown]
# ## Simpan bagian laporan dan ringkasan hasil

# %%
result = analysis.result()
analysis.section.save(Paths.default().resolve(report_dir))
results.save(report_dir, f"sasaran_{sasaran_id}", result)
display(result)
