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
