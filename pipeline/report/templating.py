"""The final assembly's Jinja environment: its own templates, then the section blocks."""

from __future__ import annotations

from jinja2 import Environment

from pipeline.config import Paths
from pipeline.sections import render


def environment() -> Environment:
    return render.environment(Paths.default().templates)
