"""Byte counts written for people."""

from __future__ import annotations

UNITS = ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB"))


def human_size(size: int) -> str:
    """412 MB, 3 KB, 12 bytes."""
    for factor, unit in UNITS:
        if size >= factor:
            return f"{size / factor:.0f} {unit}"
    return f"{size} bytes"
