"""Shared fixtures: where the bundled corpora and the gold annotations live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
EXTRA = ROOT / "corpora" / "extra"
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "gold"
BAD = DATA / "bad"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def bad_dir() -> Path:
    return BAD
