"""A deferred module's code runs on its first use, not when it is imported."""

from __future__ import annotations

import os
import subprocess
import sys


def test_deferred_module_runs_on_first_attribute_access(tmp_path):
    (tmp_path / "heavy.py").write_text("import pathlib\npathlib.Path('ran').write_text('1')\nVALUE = 41 + 1\n")
    (tmp_path / "light.py").write_text("import pathlib\npathlib.Path('light_ran').write_text('1')\n")
    script = ("import os, sys\nsys.path.insert(0, os.getcwd())\n"
              "from pipeline.run import lazyimport\n"
              "lazyimport.defer(['heavy'])\nlazyimport.defer(['light'])\n"  # the second call: no-op
              "import heavy, light\n"
              "print(os.path.exists('ran'), os.path.exists('light_ran'), lazyimport.deferred('heavy'))\n"
              "print(heavy.VALUE, os.path.exists('ran'), lazyimport.deferred('heavy'))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False True True", "42 True False"]


CHART = """
import hashlib, sys
from pipeline.run import lazyimport
if sys.argv[1] == "skipped":
    with lazyimport.setter_docs_skipped():
        from pipeline.sections import charts
else:
    from pipeline.sections import charts
import matplotlib
import matplotlib.artist
from matplotlib.lines import Line2D
from pipeline.sections.model import Section
fig = charts.grouped_bars(["2022", "2023", "2024"], {"Target": [90.0, 92.5, 95.0], "Realisasi": [91.0, 93.25, 94.29]},
                          ylabel="Persen")
section = Section("s", "judul").figure("f", "grafik", fig)
print(hashlib.sha256(section.figures["f"]).hexdigest())
print("agg_filter" in (Line2D.set.__doc__ or ""), "agg_filter" in matplotlib.artist.kwdoc(Line2D))
"""


def test_matplotlib_without_setter_docs_draws_the_same_chart_and_gets_its_kwdoc_back():
    def run(mode):
        done = subprocess.run([sys.executable, "-c", CHART, mode], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "MPLBACKEND": "Agg"})
        assert done.returncode == 0, done.stderr
        return done.stdout.split("\n")

    skipped, full = run("skipped"), run("full")
    assert skipped[0] == full[0]  # the same SVG bytes
    # inside, Line2D.set got no property list; afterwards kwdoc writes the full one again
    assert skipped[1] == "False True" and full[1] == "True True"
