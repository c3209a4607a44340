"""The input files of a run: which files it reads, and each file's size, mtime and sha256."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.dataset.manifest import Manifest, file_sha256

# what no run reads: hidden files, an editor's lock file (~$plan.docx), a partial download
IGNORED = re.compile(r"^\.|^~\$|^(thumbs\.db|desktop\.ini)$|\.(tmp|part|crdownload)$", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """An input file as this run found it."""

    path: Path
    size: int
    mtime_ns: int
    sha256: str


def is_ignored(path: Path, folder: Path) -> bool:
    """Whether a file found in `folder` is one no run reads (IGNORED), or lies in a hidden folder."""
    return any(IGNORED.search(part) for part in path.relative_to(folder).parts)


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files of a run: files named directly, and every file inside folders but the ignored
    ones; a file of a format no reader takes becomes a failure of its own (never a silent skip)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not is_ignored(p, path))
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return found


def describe(path: Path, manifest: Manifest, made_by: str) -> Source:
    """`path` with its sha256, taken from the manifest when size and mtime are unchanged."""
    stat = path.stat()
    known = manifest.unchanged(path, made_by)
    sha = known.sha256 if known else file_sha256(path)
    return Source(path, stat.st_size, stat.st_mtime_ns, sha)
