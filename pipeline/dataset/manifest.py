"""The manifest: which source files a dataset version was made from, and by what.

Each version of a dataset holds its own manifest (SQLite, `manifest.sqlite`), written with the
tables and switched to in the same step, so the current manifest always describes the current
tables. A file's rows are reusable when its sha256 and the producer (pipeline version, config,
and the package's code, resource files and models) are the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline._version import __version__
from pipeline.config import Config

MANIFEST = "manifest.sqlite"
# Config fields that limit a run's workers but never change a successful document's rows
RUNTIME_FIELDS = (
    "document_timeout_seconds",
    "worker_memory_bytes",
    "ocr_memory_bytes",
    "convert_timeout_seconds",
)
PACKAGE = Path(__file__).resolve().parent.parent  # the installed `pipeline` package
DATA_FOLDERS = ("resources", "models")  # every file in these counts, not only modules

SCHEMA = """
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    producer TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Entry:
    """One source file as a dataset version saw it."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    producer: str
    status: str  # success, partial or failure


@dataclass
class Manifest:
    entries: dict[str, Entry]
    meta: dict[str, str]

    def unchanged(self, path: Path, producer: str) -> Entry | None:
        """The entry of `path` if its size and mtime are as recorded and the producer is the same."""
        entry = self.entries.get(str(path))
        if entry is None or entry.producer != producer:
            return None
        stat = path.stat()
        return entry if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns) else None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def code_files(package: Path = PACKAGE) -> list[str]:
    """The files that decide what a document's rows are, relative to `package`: every module (*.py)
    and every file in resources/ and models/; no __pycache__, no dotfile, no *.pyc."""
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != "__pycache__"]
        relative = Path(folder).relative_to(package)
        data = bool(relative.parts) and relative.parts[0] in DATA_FOLDERS
        found += [
            (relative / name).as_posix()
            for name in files
            if not name.startswith(".") and not name.endswith(".pyc") and (data or name.endswith(".py"))
        ]
    return sorted(found)


@cache
def code_hash(package: Path = PACKAGE) -> str:
    """A hash of the package's code, resource files and models (code_files), once per process."""
    digest = hashlib.sha256()
    for name in code_files(package):
        content = (package / name).read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def config_hash(config: Config) -> str:
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in RUNTIME_FIELDS}
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=repr).encode()).hexdigest()


def producer(config: Config) -> str:
    """What made a document's rows: pipeline version, config, and the package's code, resource files
    and models, as one short hash."""
    parts = f"{__version__}\0{config_hash(config)}\0{code_hash()}"
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def write_manifest(path: Path, entries: Iterable[Entry], meta: dict[str, str]) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
            [dataclasses.astuple(e) for e in entries],
        )
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    db.close()


def read_manifest(folder: Path | None) -> Manifest:
    """The manifest of the dataset version in `folder`; empty when there is none."""
    path = folder / MANIFEST if folder else None
    if path is None or not path.exists():
        return Manifest({}, {})
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        entries = {row[0]: Entry(*row) for row in db.execute("SELECT * FROM files ORDER BY path")}
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    finally:
        db.close()
    return Manifest(entries, meta)
