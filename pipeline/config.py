"""Every path the pipeline uses, resolved from the project root (never the working directory).

The root defaults to the checkout that holds this package; ``LKJIP_ROOT`` points the
pipeline at another tree with the same layout (tests use it for fixture years).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def project_root() -> Path:
    return Path(os.environ.get("LKJIP_ROOT", PACKAGE_ROOT)).resolve()


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

    @property
    def expectations(self) -> Path:
        return self.root / "expectations"

    @property
    def notebooks(self) -> Path:
        # Notebooks are code: they always come from the package checkout, not LKJIP_ROOT.
        return PACKAGE_ROOT / "notebooks"

    @property
    def templates(self) -> Path:
        return PACKAGE_ROOT / "pipeline" / "templates"

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
