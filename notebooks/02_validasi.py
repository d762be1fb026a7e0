# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Validasi Data
# Semua tabel data olahan diperiksa dengan suite Great Expectations di `expectations/` sebelum
# analisis apa pun. Pemeriksaan **kritis** (skema, identitas BPS, roll-up anggaran, realisasi ≤ pagu,
# total rincian) menghentikan proses bila gagal, dengan pesan yang menyebut file, baris, kolom dan
# nilainya. Pemeriksaan **peringatan** (angka yang dipublikasikan vs hitung ulang, lonjakan seri IKM,
# nomor sertifikat ganda) dicatat dan dimuat dalam lampiran "Catatan Validasi".

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
from IPython.display import HTML, display

from pipeline.validate.findings import findings_html
from pipeline.validate.run import run

findings = run(year, processed_dir, report_dir, paths)
print(f"Kritis: {len(findings['critical'])} · Peringatan: {len(findings['warnings'])}")

# %% [markdown]
# ## Catatan (peringatan)

# %%
display(HTML(findings_html(findings["warnings"])))
