"""Shared fixtures: where the bundled corpora and the gold annotations live."""

from __future__ import annotations

import sys
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite the golden extraction files in tests/data/golden from the current pipeline",
    )


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


def run_command(corpus: Path, out: Path, workers: int) -> list[str]:
    """The command line of a quiet `gongkai run` of `corpus` into `out`."""
    return [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        str(corpus),
        "--out",
        str(out),
        "--quiet",
        "--workers",
        str(workers),
    ]


@pytest.fixture(scope="session")
def bundled_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus extracted once per session into a dataset directory (read it, never write)."""
    from pipeline import run

    out = tmp_path_factory.mktemp("bundled") / "data"
    run([SAMPLES], out, workers=2, progress=False)
    return out
