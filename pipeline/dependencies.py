"""The runtime dependencies pinned in pyproject.toml and the versions installed of them: the
report's provenance (manifest.json) and the steps' cache keys (pipeline.run.cache) both read
:func:`pinned_versions`, so that what a reviewer is shown is what decides a rerun."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata

from pipeline.config import PACKAGE_ROOT

DISTRIBUTION = "lkjip"
NOT_INSTALLED = "not installed"
_NAME_END = re.compile(r"[\s<>=!~;\[]")


def _requirements() -> list[str]:
    """The installed distribution's requirements, else (a checkout used without installing it)
    the ``[project] dependencies`` of the pyproject.toml beside the package."""
    try:
        return metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        pass
    pyproject = PACKAGE_ROOT / "pyproject.toml"
    if not pyproject.is_file():
        return []
    import tomllib

    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]


@lru_cache(maxsize=1)
def pinned_versions() -> tuple[tuple[str, str], ...]:
    """(name, installed version) of each runtime dependency, by name; read once per process
    (distribution metadata, ~20 ms): `lkjip run --all` and a test session ask for it often."""
    names = sorted({_NAME_END.split(r, maxsplit=1)[0] for r in _requirements() if "extra ==" not in r})
    versions = []
    for name in names:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, NOT_INSTALLED))
    return tuple(versions)
