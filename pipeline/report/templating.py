"""The final assembly's Jinja environment: its own templates, then the section blocks."""

from __future__ import annotations

from jinja2 import Environment

from pipeline.config import TEMPLATES
from pipeline.sections import render


def environment() -> Environment:
    # the templates ship with the package: no project root is needed to find them
    return render.environment(TEMPLATES)


def compile_templates() -> None:
    """Compile the report's templates now: the runner has this done while the steps run, so the
    assembly, on the path to the published HTML, renders at once (Jinja keeps them compiled)."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        if not name.startswith("nbconvert/"):  # nbconvert's own, with its filters (notebook_html)
            env.get_template(name)
