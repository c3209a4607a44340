"""The producer key covers the package's code, resource files and models: changing any of them makes
the next run extract every document again instead of reusing rows the old code made."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import joblib
import pytest

from pipeline.dataset.manifest import PACKAGE, code_files, code_hash

TITLE = "某市人民政府办公室关于印发2023年政务公开工作要点的通知\n"
DOCUMENTS = {
    "plan_a.txt": TITLE
    + "一、加强政策解读\n（一）做好政策解读工作。责任单位：市政府办公室。完成时限：2023年6月底前。\n",
    "plan_b.txt": TITLE
    + "一、推进决策公开\n（一）做好决策预公开。责任单位：市司法局。完成时限：2023年9月底前。\n",
    "plan_c.txt": TITLE
    + "一、优化政务服务\n（一）办好政府网站。责任单位：市大数据局。完成时限：2023年12月底。\n",
}


def gongkai(copy: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` with the package copied under `copy`, not the installed one."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def extracted(copy: Path) -> int:
    """How many documents a run of the copy over the corpus extracted (the rest reused cached rows):
    run.json's count when the run made a new version, none when it found nothing to do."""
    result = gongkai(copy, "run", "corpus", "--out", "out", "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    if "new version" not in result.stdout:
        assert "(0 extracted" in result.stdout, result.stdout
        return 0
    summary = json.loads((copy / "out" / "current" / "run.json").read_text(encoding="utf-8"))
    return int(summary["extracted"])


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package beside a small corpus, and a first run of it."""
    shutil.copytree(PACKAGE, tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "corpus").mkdir()
    for name, text in DOCUMENTS.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    assert extracted(tmp_path) == len(DOCUMENTS)
    return tmp_path


def test_code_resources_and_models_each_make_a_new_producer(copy: Path) -> None:
    assert extracted(copy) == 0  # nothing changed (the first run's __pycache__ does not count)

    append(copy / "pipeline" / "extract" / "units.py", "# changed\n")
    status = gongkai(copy, "status", "out")
    assert f"pending: {len(DOCUMENTS)} stale" in status.stdout, status.stdout + status.stderr
    assert extracted(copy) == len(DOCUMENTS)
    assert extracted(copy) == 0

    # A retrained model stands in as the same estimator saved again compressed: the file's bytes
    # change while it still loads and predicts (appending bytes would corrupt it).
    model_file = copy / "pipeline" / "models" / "task_category.joblib"
    before = model_file.read_bytes()
    joblib.dump(joblib.load(model_file), model_file, compress=3)
    assert model_file.read_bytes() != before
    assert extracted(copy) == len(DOCUMENTS)

    append(copy / "pipeline" / "resources" / "unit_suffixes.csv", "# x\n")  # the reader skips # lines
    assert extracted(copy) == len(DOCUMENTS)


def test_code_files_are_modules_resources_and_models(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for name in (
        "__init__.py",
        "a/b.py",
        "a/notes.txt",
        "a/__pycache__/b.cpython-311.pyc",
        "a/.hidden.py",
        ".cache/c.py",
        "resources/words.csv",
        "resources/.swp",
        "resources/sub/table.tsv",
        "models/m.joblib",
        "models/m.pyc",
    ):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(name, encoding="utf-8")
    assert code_files(package) == [
        "__init__.py",
        "a/b.py",
        "models/m.joblib",
        "resources/sub/table.tsv",
        "resources/words.csv",
    ]
    before = code_hash(package)
    (package / "a" / "notes.txt").write_text("other", encoding="utf-8")
    (package / "a" / "__pycache__" / "b.cpython-311.pyc").write_text("other", encoding="utf-8")
    assert code_hash.__wrapped__(package) == before
    (package / "models" / "m.joblib").write_text("retrained", encoding="utf-8")
    assert code_hash.__wrapped__(package) != before
