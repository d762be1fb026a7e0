"""environment.yml (conda users) and pyproject.toml (pip) must pin the same packages."""

import tomllib

import yaml

from pipeline.config import PACKAGE_ROOT


def _pins(lines):
    return {line.strip().lower() for line in lines if "==" in line}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text())["project"]
    pip_pins = _pins(project["dependencies"]) | _pins(project["optional-dependencies"]["test"])
    env = yaml.safe_load((PACKAGE_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    assert _pins(pip_section) == pip_pins
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python == "python=3.11" and ">=3.11" in project["requires-python"]


def test_every_dependency_is_pinned_exactly():
    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert "==" in dep, f"{dep} is not pinned"


def _locked() -> dict[str, str]:
    import re

    locked = {}
    for line in (PACKAGE_ROOT / "requirements.lock").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^ ;\\]+)", line)
        if match:
            locked[_norm(match.group(1))] = match.group(2)
    return locked


def _norm(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_pins_every_direct_dependency_at_the_same_version():
    """requirements.lock (make lock) must agree with pyproject.toml and environment.yml."""
    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((PACKAGE_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    locked = _locked()
    for dep in project["dependencies"] + project["optional-dependencies"]["test"] + [
            p for p in pip_section if "==" in p]:
        name, version = dep.split("==")
        assert locked.get(_norm(name)) == version, f"{dep}: requirements.lock has {locked.get(_norm(name))}; run make lock"


def test_every_locked_package_has_a_hash():
    text = (PACKAGE_ROOT / "requirements.lock").read_text()
    blocks = [b for b in text.split("\n") if "==" in b and not b.startswith("#")]
    assert len(blocks) > 50
    assert text.count("--hash=sha256:") >= len(blocks)


def test_the_report_and_the_cache_keys_name_the_installed_pins_alike(monkeypatch):
    """manifest.json's package versions and the steps' cache keys come from one list: the runtime
    pins of pyproject.toml with the versions installed (read here independently), the same
    whether the names come from the installed distribution or, uninstalled, from pyproject.toml."""
    from importlib import metadata

    from pipeline import dependencies
    from pipeline.report import provenance
    from pipeline.run import cache

    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text())["project"]
    names = sorted(dep.split("==")[0].strip() for dep in project["dependencies"])
    expected = {name: metadata.version(name) for name in names}
    assert dict(dependencies.pinned_versions()) == expected
    assert cache.environment()["packages"] == expected
    versions = provenance.package_versions()
    assert versions.pop("python") and versions == expected

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    dependencies.pinned_versions.cache_clear()
    monkeypatch.setattr(metadata, "requires", not_installed)
    try:
        assert dict(dependencies.pinned_versions()) == expected
    finally:
        dependencies.pinned_versions.cache_clear()
