"""A deferred module's code runs on its first use, not when it is imported."""

from __future__ import annotations

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
