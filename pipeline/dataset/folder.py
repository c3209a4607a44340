"""Versioned output: complete datasets under DIR/versions/, DIR/current a link switched in one step.

A version is written in a staging folder (DIR/versions/.staging-*), renamed to its final name
once complete, and only then does DIR/current point at it (a new link renamed over the old one).
Readers following DIR/current never see a half-written dataset; a killed run leaves at most a
staging folder, removed by the next run.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

CURRENT = "current"
VERSIONS = "versions"
STAGING_PREFIX = ".staging-"
LOCK = ".lock"


class OutputLocked(RuntimeError):
    """Another run holds the output directory."""


def current_version(root: Path) -> Path | None:
    """The version DIR/current points at, or None before the first run."""
    link = root / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def list_versions(root: Path) -> list[Path]:
    """Complete versions, oldest first."""
    folder = root / VERSIONS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def version_name(number: int, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{number:06d}-{stamp}"


def next_number(root: Path) -> int:
    numbers = [int(p.name.split("-", 1)[0]) for p in list_versions(root)]
    return max(numbers, default=0) + 1


def staging_folder(root: Path) -> Path:
    """A fresh folder to write a version into."""
    (root / VERSIONS).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root / VERSIONS))
    folder.chmod(0o755)  # a dataset is for reading; mkdtemp makes it private
    return folder


def clear_staging(root: Path) -> None:
    """Remove what killed runs left half-written."""
    for path in (root / VERSIONS).glob(f"{STAGING_PREFIX}*"):
        log.info("removing the unfinished version %s", path)
        shutil.rmtree(path, ignore_errors=True)
    for path in root.glob(f".{CURRENT}-*"):
        path.unlink(missing_ok=True)


def switch_current(root: Path, version: Path) -> None:
    """Point DIR/current at `version` in one atomic rename."""
    tmp = root / f".{CURRENT}-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(Path(VERSIONS) / version.name, target_is_directory=True)
    os.replace(tmp, root / CURRENT)


def next_version_name(root: Path) -> str:
    return version_name(next_number(root))


def publish(root: Path, staging: Path, name: str) -> Path:
    """Give the complete `staging` folder the version name `name` and make it current."""
    version = root / VERSIONS / name
    os.rename(staging, version)
    switch_current(root, version)
    return version


def prune(root: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` versions (never the current one); the deleted ones."""
    current = current_version(root)
    old = [v for v in list_versions(root)[: -max(keep, 1)] if v != current]
    for version in old:
        shutil.rmtree(version, ignore_errors=True)
    return old


def rollback(root: Path, target: str | None = None) -> Path:
    """Make `target` (a version name or number), or else the version before the current one, current."""
    versions = list_versions(root)
    if target is not None:
        chosen = [v for v in versions if v.name == target or v.name.split("-", 1)[0].lstrip("0") == target]
    else:
        current = current_version(root)
        chosen = [v for v in versions if current is None or v.name < current.name][-1:]
    if not chosen:
        wanted = target or "before the current one"
        raise FileNotFoundError(f"{root}: no version {wanted}")
    switch_current(root, chosen[0])
    return chosen[0]


@contextmanager
def locked(root: Path, wait: bool = True) -> Iterator[int]:
    """Hold DIR/.lock for a run; wait for another run to finish, or raise OutputLocked."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise OutputLocked(
                    f"{root}: another gongkai run is writing this output directory; "
                    "try again when it has finished (or leave out --no-wait to wait for it)"
                ) from None
            log.warning("%s: waiting for another run to finish", root)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)
