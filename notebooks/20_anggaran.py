# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3.3 Realisasi Anggaran
# Pagu dan realisasi dijumlahkan dari sub kegiatan (program → kegiatan → sub kegiatan, per urusan);
# capaian indikator program dan kegiatan dihitung ulang di samping angka yang dipublikasikan.

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

from pipeline.analysis import anggaran
from pipeline.measure import indicators
from pipeline.sections import results

tables = indicators.load_processed(processed_dir, paths)

# %%
section, totals = anggaran.build(tables, year)
display(section)

# %%
section.save(paths.resolve(report_dir))
results.save(report_dir, "anggaran", totals, paths)
display(totals)
