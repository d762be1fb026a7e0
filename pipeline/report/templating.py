"""The final assembly's Jinja environment: its own templates, then the section blocks."""

from __future__ import annotations

from jinja2 import Environment

from pipeline.config import TEMPLATES
from pipeline.sections import render


def environment() -> Environment:
    # the templates ship with the package: no project root is needed to find them
    return render.environment(TEMPLATES)
