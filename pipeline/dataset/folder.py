"""An output directory of `gongkai run`: complete dataset versions, the current one, the row cache, the lock.

DIR/versions/ holds complete datasets and DIR/current is a link switched in one step. A version is
written in a staging folder (DIR/versions/.staging-*), renamed to its final name once complete, and
only then does DIR/current point at it (a new link renamed over the old one). Readers following
DIR/current never see a half-written dataset; a killed run leaves at most a staging folder, removed
by the next run. Each version holds its tables, its manifest (manifest.sqlite) and the summary of
the run that made it (run.json); DIR/cache holds each document's rows (pipeline.dataset.rowcache).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.dataset.manifest import MANIFEST, Entry, Manifest, read_manifest, write_manifest
from pipeline.dataset.rowcache import RowCache, drop_unused

log = logging.getLogger(__name__)

CURRENT = "current"
VERSIONS = "versions"
STAGING_PREFIX = ".staging-"
LOCK = ".lock"
RUN_JSON = "run.json"


class OutputLocked(RuntimeError):
    """Another run holds the output directory."""


def version_name(number: int, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{number:06d}-{stamp}"


class OutputFolder:
    """The output directory `root`: what it holds, and the only way runs and commands change it."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"OutputFolder({str(self.root)!r})"

    # versions

    @property
    def current(self) -> Path | None:
        """The version DIR/current points at, or None before the first run."""
        link = self.root / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def versions(self) -> list[Path]:
        """Complete versions, oldest first."""
        folder = self.root / VERSIONS
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    def next_version_name(self) -> str:
        numbers = [int(p.name.split("-", 1)[0]) for p in self.versions()]
        return version_name(max(numbers, default=0) + 1)

    def staging(self) -> Path:
        """A fresh folder to write a version into."""
        (self.root / VERSIONS).mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.root / VERSIONS))
        folder.chmod(0o755)  # a dataset is for reading; mkdtemp makes it private
        return folder

    def clear_staging(self) -> None:
        """Remove what killed runs left half-written."""
        for path in (self.root / VERSIONS).glob(f"{STAGING_PREFIX}*"):
            log.info("removing the unfinished version %s", path)
            shutil.rmtree(path, ignore_errors=True)
        for path in self.root.glob(f".{CURRENT}-*"):
            path.unlink(missing_ok=True)

    def switch_current(self, version: Path) -> None:
        """Point DIR/current at `version` in one atomic rename."""
        tmp = self.root / f".{CURRENT}-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(Path(VERSIONS) / version.name, target_is_directory=True)
        os.replace(tmp, self.root / CURRENT)

    def publish(self, staging: Path, name: str) -> Path:
        """Give the complete `staging` folder the version name `name` and make it current."""
        version = self.root / VERSIONS / name
        os.rename(staging, version)
        self.switch_current(version)
        return version

    def prune(self, keep: int) -> list[Path]:
        """Delete all but the newest `keep` versions (never the current one), then the cached rows no
        kept version uses; the deleted versions."""
        current = self.current
        old = [v for v in self.versions()[: -max(keep, 1)] if v != current]
        for version in old:
            shutil.rmtree(version, ignore_errors=True)
        drop_unused(self.root, self.rows_in_use())
        return old

    def version(self, name: str) -> Path:
        """The version named `name`: its full name, or its number (7 or 000007)."""
        for version in self.versions():
            if version.name == name or version.name.split("-", 1)[0].lstrip("0") == name.lstrip("0"):
                return version
        raise FileNotFoundError(f"{self.root}: no version {name}")

    def previous(self) -> Path | None:
        """The version before the current one (the newest, when none is current), or None."""
        current = self.current
        earlier = [v for v in self.versions() if current is None or v.name < current.name]
        return earlier[-1] if earlier else None

    def rollback(self, target: str | None = None) -> Path:
        """Make `target` (a version name or number), or else the version before the current one, current."""
        chosen = self.version(target) if target is not None else self.previous()
        if chosen is None:
            raise FileNotFoundError(f"{self.root}: no version before the current one")
        self.switch_current(chosen)
        return chosen

    @contextmanager
    def locked(self, wait: bool = True) -> Iterator[int]:
        """Hold DIR/.lock for a run; wait for another run to finish, or raise OutputLocked."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise OutputLocked(
                        f"{self.root}: another gongkai run is writing this output directory; "
                        "try again when it has finished (or leave out --no-wait to wait for it)"
                    ) from None
                log.warning("%s: waiting for another run to finish", self.root)
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)

    # what a version holds besides its tables

    def manifest(self, version: Path | None = None) -> Manifest:
        """The manifest of `version` (default: the current one); empty when there is none."""
        return read_manifest(version or self.current)

    def write_manifest(self, version: Path, entries: Iterable[Entry], meta: dict[str, str]) -> None:
        write_manifest(version / MANIFEST, entries, meta)

    def run_summary(self, version: Path | None = None) -> dict[str, Any]:
        """The summary of the run that made `version` (default: the current one), as run.json has it."""
        folder = version or self.current
        if folder is None:
            raise FileNotFoundError(f"{self.root}: no dataset version here")
        summary: dict[str, Any] = json.loads((folder / RUN_JSON).read_text(encoding="utf-8"))
        return summary

    def write_run_summary(self, version: Path, summary: dict[str, Any]) -> None:
        (version / RUN_JSON).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")

    # the row cache

    def row_cache(self, producer: str) -> RowCache:
        """The rows each document got from `producer` (DIR/cache/<producer>/)."""
        return RowCache(self.root, producer)

    def rows_in_use(self) -> set[tuple[str, str]]:
        """(producer, sha256) of every file in every kept version."""
        return {(e.producer, e.sha256) for v in self.versions() for e in read_manifest(v).entries.values()}
