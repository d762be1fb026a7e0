"""Every path the pipeline uses, resolved from the project root.

The project root is the folder a run works on: ``LKJIP_ROOT`` when set (the runner sets it for
its kernels; tests point it at throw-away trees), else the nearest folder at or above the
working directory that holds ``pyproject.toml`` and ``data/raw/``. Outside a project with no
``LKJIP_ROOT`` the pipeline refuses to guess: a copied project (``cp -a``) must run on itself,
never on the checkout the package happens to be installed from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import LkjipError

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
# The report templates ship with the package: no project root is needed to find them.
TEMPLATES = PACKAGE_ROOT / "pipeline" / "report" / "templates"
SECTION_TEMPLATES = PACKAGE_ROOT / "pipeline/sections/templates"
ROOT_MARKERS = ("pyproject.toml", "data/raw")


class ProjectNotFound(LkjipError):
    """Neither LKJIP_ROOT nor a project folder around the working directory."""


def is_project(folder: Path) -> bool:
    return all((folder / marker).exists() for marker in ROOT_MARKERS)


def project_root(cwd: Path | None = None) -> Path:
    """The project folder (see the module docstring); raises ProjectNotFound."""
    env = os.environ.get("LKJIP_ROOT")
    if env:
        root = Path(env).resolve()
        if not (root / "data" / "raw").is_dir():
            raise ProjectNotFound(f"LKJIP_ROOT menunjuk ke {root}, tetapi folder itu tidak berisi data/raw/.")
        return root
    start = Path(cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    raise ProjectNotFound(
        "Folder proyek LKjIP tidak ditemukan: jalankan perintah dari dalam folder proyek (yang berisi "
        "pyproject.toml dan data/raw/), atau setel LKJIP_ROOT ke folder itu.")


@dataclass(frozen=True)
class Paths:
    """The project layout below one root."""

    root: Path

    @classmethod
    def default(cls) -> Paths:
        return cls(project_root())

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def raw_common(self) -> Path:
        """Inputs valid for the whole Renstra period (IKU, targets, criteria scale)."""
        return self.raw / "common"

    def raw_year(self, year: int) -> Path:
        return self.raw / str(year)

    @property
    def raw_manifest(self) -> Path:
        return self.raw / "manifest.yml"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    def processed_year(self, year: int) -> Path:
        return self.processed / str(year)

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def report_year(self, year: int) -> Path:
        return self.reports / str(year)

    def reuse_year(self, year: int) -> Path:
        """What steps keep for reuse by later runs (pipeline.run.reuse): never published."""
        return self.reports / ".cache" / str(year)

    @property
    def expectations(self) -> Path:
        return self.root / "expectations"

    @property
    def notebooks(self) -> Path:
        # A full project (or a copy of one) runs its own notebooks; a data-only tree (another
        # agency's raw folder, a test fixture) runs the ones shipped beside the package.
        own = self.root / "notebooks"
        return own if is_project(self.root) and own.is_dir() else PACKAGE_ROOT / "notebooks"

    @property
    def templates(self) -> Path:
        """The final assembly's templates (the report, its cover and contents, the index)."""
        return TEMPLATES

    @property
    def section_templates(self) -> Path:
        """One section's blocks as HTML: shown in a notebook and included by the report."""
        return SECTION_TEMPLATES

    def resolve(self, path: str | Path) -> Path:
        """A path given relative to the project root (as notebook parameters are), made absolute."""
        path = Path(path)
        return path if path.is_absolute() else self.root / path

    def rel(self, path: Path) -> str:
        """A path as users should see it in messages: relative to the root when possible."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)
