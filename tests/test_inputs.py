"""Which files a run reads: every file of a folder but hidden and temporary ones; a file of a format
no reader takes is a failure of its own, listed by suffix in the summary and run.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from pipeline.batch import run
from pipeline.config import Config
from pipeline.dataset.sources import find_inputs
from tests.conftest import SAMPLES

PLAN = "000_bb7ad2cec91f680d.txt"
IGNORED = (".DS_Store", "~$plan.docx", "Thumbs.db", "draft.docx.crdownload", ".cache/old.txt")


def folder_of_every_kind(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "sub" / ".cache").mkdir(parents=True)
    shutil.copy(SAMPLES / PLAN, corpus / "plan.txt")
    shutil.copy(SAMPLES / PLAN, corpus / "sub" / "copy.TXT")
    (corpus / "notes.xyz").write_text("不是任何已知格式", encoding="utf-8")
    (corpus / "labels.csv").write_text("file,doc_type\nplan.txt,work_plan\n", encoding="utf-8")
    for name in IGNORED:
        (corpus / "sub" / name).write_text("临时文件", encoding="utf-8")
    return corpus


def test_every_file_but_hidden_and_temporary_ones_is_an_input(tmp_path: Path) -> None:
    corpus = folder_of_every_kind(tmp_path)
    names = sorted(p.relative_to(corpus).as_posix() for p in find_inputs([corpus]))
    assert names == ["labels.csv", "notes.xyz", "plan.txt", "sub/copy.TXT"]


def test_files_of_unsupported_formats_are_failures_listed_by_suffix(tmp_path: Path) -> None:
    corpus = folder_of_every_kind(tmp_path)
    summary = run([corpus], tmp_path / "out", Config(), workers=1, progress=False)
    assert summary.documents == 4 and summary.failed == 2
    assert summary.not_read == {".csv": 1, ".xyz": 1}
    failed = {Path(f["source_path"]).name: f for f in summary.failures}
    assert set(failed) == {"labels.csv", "notes.xyz"}
    assert all(f["kind"] == "unsupported_format" and "not read" in f["message"] for f in failed.values())
    assert "not read (unsupported formats): 1 .csv, 1 .xyz" in summary.lines()
    written = json.loads((tmp_path / "out" / "current" / "run.json").read_text(encoding="utf-8"))
    assert written["not_read"] == {".csv": 1, ".xyz": 1}
    documents = pd.read_parquet(tmp_path / "out" / "current" / "documents.parquet")
    copies = documents[documents.source_path.str.endswith(("plan.txt", "copy.TXT"))]
    assert len(copies) == 2 and set(copies.status) == {"success"} and copies.doc_id.nunique() == 1
    assert summary.tasks == 13  # the plan and its copy (read as TXT too) are one document: its tasks once
