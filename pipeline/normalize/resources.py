"""Read the data files under pipeline/resources/ (package data, never the working directory)."""

from __future__ import annotations

from importlib.resources import files


def resource_lines(name: str) -> list[str]:
    """The stripped lines of resources/`name`, without blank lines and # comments."""
    text = (files("pipeline") / "resources" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
