"""The expectation suites a run requires, declared once, and their checksums.

Deleting or emptying ``expectations/ketenagakerjaan*.json`` once removed the gate silently
(bekerja > angkatan kerja then published as final). The suites the gate consists of are
therefore declared here, in code, not discovered from the folder: a required suite that is
missing, empty or unreadable stops the run before anything is built (exit code 3, like a
critical validation failure). Extra suites in the folder are run too.

No pandas and no Great Expectations here: the run's pre-flight check imports this module
on its fast no-change path.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.errors import LkjipError
from pipeline.inputs.rawfile import sha256_file
from pipeline.messages import GATE

REQUIRED_SUITES = (
    "anggaran_rekap", "anggaran_rollup", "anggaran_subkegiatan", "angka_dipublikasikan",
    "fasilitasi_halal", "ikm_identitas", "ikm_perusahaan", "ikm_seri", "ikm_yoy", "iku", "ketenagakerjaan", "kewajaran",
    "ketenagakerjaan_identitas", "pegawai_golongan_total", "pegawai_pendidikan_total",
    "pencari_kerja_total", "perbandingan_angka", "perbandingan_teks",
)


class GateIncomplete(LkjipError):
    """A required suite is missing, empty or unreadable: the gate would not check everything."""

    exit_code = 3




def _problem(path: Path) -> str | None:
    if not path.is_file():
        return GATE["missing"]
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return GATE["unreadable"]
    if not isinstance(doc, dict) or not isinstance(doc.get("expectations"), list) \
            or not doc["expectations"]:
        return GATE["empty"]
    return None


def problems(folder: Path) -> list[str]:
    """One line per required suite that cannot do its job (missing, unreadable, empty)."""
    folder = Path(folder)
    found = []
    for name in REQUIRED_SUITES:
        problem = _problem(folder / f"{name}.json")
        if problem:
            found.append(f"expectations/{name}.json: {problem}")
    return found


def check(folder: Path) -> None:
    """Raise GateIncomplete listing every required suite that cannot do its job."""
    found = problems(folder)
    if found:
        raise GateIncomplete("\n".join([GATE["incomplete"].format(n=len(found))]
                                       + [f"  - {p}" for p in found]))


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every suite file in ``folder`` (for the Data Docs and the provenance)."""
    return {p.stem: sha256_file(p) for p in sorted(Path(folder).glob("*.json"))}
