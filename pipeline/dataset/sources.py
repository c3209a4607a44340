"""The input files of a run: which files it reads, and each file's size, mtime and sha256."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.dataset.manifest import Manifest, file_sha256

INPUT_SUFFIXES = {".txt", ".text", ".pdf", ".docx"}


@dataclass(frozen=True)
class Source:
    """An input file as this run found it."""

    path: Path
    size: int
    mtime_ns: int
    sha256: str


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files to extract: files named directly, and files with a known suffix inside folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
            )
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
