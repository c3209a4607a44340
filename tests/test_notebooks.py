"""The notebooks run top to bottom on the bundled corpus (executed with nbclient)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture
def dataset_copy(bundled_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample dataset, where the notebooks' run finds nothing new (GONGKAI_DATA)."""
    out = tmp_path / "data"
    shutil.copytree(bundled_dataset, out, symlinks=True)
    monkeypatch.setenv("GONGKAI_DATA", str(out))
    return out


def test_there_are_three_notebooks() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == [
        "annual_report_panel.ipynb",
        "compare_cities.ipynb",
        "quickstart.ipynb",
    ]


@pytest.mark.parametrize("name", ["quickstart", "compare_cities", "annual_report_panel"])
def test_notebook_runs_top_to_bottom(dataset_copy: Path, name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code for output in cell.outputs if output.output_type == "error"]
    assert not errors
    silent = [cell.source for cell in code if not cell.outputs]
    assert all(source.startswith("import os") for source in silent), (
        "every cell but the setup shows something"
    )
