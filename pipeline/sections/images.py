"""Chart image bytes: which type they are (SVG charts; PNG from older outputs and fixtures)."""

from __future__ import annotations

MIME_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def image_type(data: bytes) -> str:
    """'svg' or 'png', read from the bytes themselves."""
    return "svg" if data.lstrip()[:5] in (b"<?xml", b"<svg ") else "png"
