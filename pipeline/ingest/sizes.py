"""Byte counts written for people."""

from __future__ import annotations


def mb(size: int) -> str:
    """A byte count in megabytes: '412 MB'."""
    return f"{size / (1 << 20):.0f} MB"
