"""Incremental runs: only new, changed or differently produced files are extracted again."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline import load_dataset
from pipeline.batch import RunSummary, run
from pipeline.config import Config, StatisticsSettings
from pipeline.dataset.manifest import Entry, Manifest, producer, read_manifest
from pipeline.status import status
from tests.conftest import SAMPLES

NOTICES = ("000_bb7ad2cec91f680d.txt", "001_179aec6b059d2134.txt", "004_1f809c4b636a09c4.txt")


def counts(summary: RunSummary) -> tuple[int, int, int]:
    return summary.extracted, summary.unchanged, summary.removed


def tables_without_times(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of the dataset at `out`, without the failure times (they differ between runs)."""
    ds = load_dataset(out)
    return {name: df.drop(columns=["time"], errors="ignore") for name, df in ds.tables.items()}


def assert_same_dataset(a: Path, b: Path) -> None:
    left, right = tables_without_times(a), tables_without_times(b)
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NOTICES:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_reruns_extract_only_what_changed(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"

    def again(**options) -> RunSummary:
        return run([corpus], out, workers=2, progress=False, **options)

    first = again()
    assert counts(first) == (3, 0, 0) and first.new_version

    unchanged = again()
    assert counts(unchanged) == (0, 3, 0) and not unchanged.new_version
    assert unchanged.version == first.version and unchanged.tasks == first.tasks

    os.utime(corpus / NOTICES[0])  # a new mtime, the same bytes
    assert counts(again()) == (0, 3, 0)

    with (corpus / NOTICES[1]).open("a", encoding="utf-8") as f:
        f.write("\n附件:联系电话\n")
    assert counts(again()) == (1, 2, 0)

    (corpus / NOTICES[2]).rename(corpus / "renamed.txt")
    renamed = again()
    assert counts(renamed) == (0, 3, 1)
    assert "renamed.txt" in set(load_dataset(out).documents.source_path.map(lambda p: Path(p).name))

    doc_id = load_dataset(out).documents.set_index("source_path").loc[str(corpus / NOTICES[0]), "doc_id"]
    (corpus / NOTICES[0]).unlink()
    assert counts(again()) == (0, 2, 1)
    ds = load_dataset(out)
    assert all(doc_id not in set(ds[name].doc_id) for name in ("documents", "tasks", "task_units"))

    monkeypatch.setattr("pipeline.dataset.manifest.__version__", "99.0")
    assert counts(again()) == (2, 0, 0)
    assert counts(again(full=True)) == (2, 0, 0)

    clean = run([corpus], tmp_path / "clean", workers=2, progress=False)
    assert clean.tasks == again().tasks
    assert_same_dataset(out, tmp_path / "clean")


def test_a_config_change_extracts_everything_again(corpus: Path, tmp_path: Path) -> None:
    config = Config(stages=("clean",))
    run([corpus], tmp_path / "out", config, workers=2, progress=False)
    changed = Config(stages=("clean",), statistics=StatisticsSettings(targets=True))
    assert producer(changed) != producer(config)
    assert counts(run([corpus], tmp_path / "out", changed, workers=2, progress=False)) == (3, 0, 0)
    limits_only = replace(changed, document_timeout_seconds=5)
    assert producer(limits_only) == producer(changed)


def test_manifest_records_each_file(corpus: Path, tmp_path: Path) -> None:
    run([corpus], tmp_path / "out", Config(stages=("clean",)), workers=1, progress=False)
    manifest = read_manifest(tmp_path / "out" / "current")
    entry = manifest.entries[str(corpus / NOTICES[0])]
    assert entry.size == (corpus / NOTICES[0]).stat().st_size and len(entry.sha256) == 64
    assert entry.status == "success" and entry.producer == producer(Config(stages=("clean",)))
    assert json.loads(manifest.meta["inputs"]) == [str(corpus)]


@pytest.mark.parametrize(
    ("recorded", "same"),
    [
        ({"size": 1}, False),
        ({"mtime_ns": 1}, False),
        ({"producer": "other"}, False),
        ({}, True),
    ],
)
def test_manifest_trusts_size_and_mtime_only_from_the_same_producer(tmp_path: Path, recorded, same) -> None:
    path = tmp_path / "a.txt"
    path.write_text("一、总体要求", encoding="utf-8")
    stat = path.stat()
    fields = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "producer": "p", **recorded}
    manifest = Manifest({str(path): Entry(str(path), sha256="x", status="success", **fields)}, {})
    assert (manifest.unchanged(path, "p") is not None) == same


def test_status_lists_pending_work(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([corpus], out, Config(stages=("clean",)), workers=1, progress=False)
    (corpus / "new.txt").write_text("一、总体要求\n新的通知", encoding="utf-8")
    (corpus / NOTICES[0]).write_text("改过的内容", encoding="utf-8")
    (corpus / NOTICES[1]).unlink()
    pending = status(out, Config(stages=("clean",))).pending
    assert pending["new"] == [str(corpus / "new.txt")]
    assert pending["changed"] == [str(corpus / NOTICES[0])]
    assert pending["removed"] == [str(corpus / NOTICES[1])]
    assert status(out).pending["stale"]  # the default config made nothing here
