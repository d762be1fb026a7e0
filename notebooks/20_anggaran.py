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
# Defaults are for exploring by hand (Jupyter, nbconvert, papermill): they write only to
# the scratch folder reports/_interaktif/; `lkjip run` passes the run's own folders.
year = 2024
processed_dir = "data/processed/2024"
report_dir = "reports/_interaktif/2024"

# %%
from IPython.display import display

from pipeline.analysis import anggaran
from pipeline.config import Paths
from pipeline.measure import indicators
from pipeline.report import results

tables = indicators.load_processed(processed_dir)

# %%
section, totals = anggaran.build(tables, year)
display(section)

# %%
section.save(Paths.default().resolve(report_dir))
results.save(report_dir, "anggaran", totals)
display(totals)
