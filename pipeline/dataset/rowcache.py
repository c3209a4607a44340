"""The row cache: each document's dataset rows, stored by the sha256 of its file and the producer.

DIR/cache/<producer>/<sha256>.json holds one document's rows. Entries are written whole (a temporary
file renamed into place) and never change, so a run that was killed leaves only usable entries and
the next run reuses them. Failures of the worker itself (crash, timeout) are never cached.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from pipeline.dataset.rows import Row

CACHE = "cache"


class RowCache:
    """Per-document rows made by one producer, in the output directory `root`."""

    def __init__(self, root: Path, producer: str):
        self.root = root / CACHE
        self.producer = producer
        self.folder = self.root / producer

    def path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}.json"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def get(self, sha256: str) -> dict[str, list[Row]]:
        rows: dict[str, list[Row]] = json.loads(self.path(sha256).read_text(encoding="utf-8"))
        return rows

    def put(self, sha256: str, tables: dict[str, list[Row]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(tables, ensure_ascii=False, default=str))  # dumps: the C encoder
        os.chmod(tmp, 0o644)
        os.replace(tmp, self.path(sha256))

    def clear(self) -> None:
        """Forget this producer's rows (a full run)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def drop_unused(out: Path, used: set[tuple[str, str]]) -> None:
    """Delete the entries of the output directory `out` no kept version uses (`used`: their producer
    and sha256), and what killed runs left half-written."""
    root = out / CACHE
    if not root.is_dir():
        return
    for folder in root.iterdir():
        for entry in folder.iterdir():
            if entry.name.startswith(".") or (folder.name, entry.stem) not in used:
                entry.unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()
