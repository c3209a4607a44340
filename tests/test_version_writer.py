"""The version writer: rows written in the order of the files, whatever order documents finish in."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import Source, VersionWriter
from pipeline.dataset.rowcache import RowCache
from pipeline.dataset.rows import Row


class Recorder:
    """Stands in for DatasetWriter: remembers the documents added, in order."""

    def __init__(self) -> None:
        self.added: list[str] = []

    def add(self, tables: dict[str, list[Row]]) -> None:
        self.added.append(tables["documents"][0]["doc_id"])


def tables(sha: str) -> dict[str, list[Row]]:
    return {"documents": [{"doc_id": sha, "source_path": "x", "status": "ok"}]}


def sources(tmp_path: Path, shas: list[str]) -> list[Source]:
    return [Source(tmp_path / f"{i}.txt", 1, 1, sha) for i, sha in enumerate(shas)]


@pytest.mark.parametrize(
    ("finish_order", "waiting"),
    [
        (["a", "b", "c", "d"], 64),
        (["d", "c", "b", "a"], 64),
        (["c", "a", "d", "b"], 64),
        (["d", "c", "b", "a"], 1),
    ],
)
def test_documents_are_written_in_file_order(tmp_path: Path, monkeypatch, finish_order, waiting) -> None:
    monkeypatch.setattr(VersionWriter, "MAX_WAITING", waiting)
    cache = RowCache(tmp_path / "out", "producer")
    cache.put("cached", tables("cached"))
    files = sources(tmp_path, ["cached", "a", "b", "cached", "c", "d"])
    recorder = Recorder()
    version = VersionWriter(recorder, files, [s for s in files if s.sha256 != "cached"], cache)  # type: ignore[arg-type]
    assert recorder.added == ["cached"]  # what is known is written before any extraction ends
    for sha in finish_order:
        cache.put(sha, tables(sha))  # as extract_new does, before handing the rows over
        version.extracted(sha, tables(sha), cached=True)
    assert recorder.added == ["cached", "a", "b", "cached", "c", "d"]
    assert version.statuses == ["ok"] * 6
    assert not version.waiting


def test_a_crashed_document_is_written_from_its_failure_rows(tmp_path: Path) -> None:
    cache = RowCache(tmp_path / "out", "producer")
    files = sources(tmp_path, ["a", "b"])
    recorder = Recorder()
    version = VersionWriter(recorder, files, files, cache)  # type: ignore[arg-type]
    version.extracted("b", tables("b"), cached=False)
    assert recorder.added == []
    cache.put("a", tables("a"))
    version.extracted("a", tables("a"), cached=True)
    assert recorder.added == ["a", "b"]
    assert not (cache.folder / "b.json").exists()
