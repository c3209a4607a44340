"""Zip packages (DOCX, XLSX, ODS, OFD) checked before a reader inflates them: damaged, too large
once inflated (a zip bomb), or declaring entities in their XML (an entity bomb)."""

from __future__ import annotations

import io
import zipfile

from pipeline.errors import DamagedFileError, UnsafeFileError
from pipeline.ingest.sizes import human_size

CHUNK = 1 << 16
XML_SUFFIXES = (".xml", ".rels")
# declarations that could expand entities, in the encodings an XML part may use
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def check_package(data: bytes, path: str, limit: int, kind: str) -> None:
    """Refuse a damaged zip, one that inflates past `limit`, or XML with a DTD (entity bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            declared = sum(info.file_size for info in infos)
            if declared > limit:
                biggest = max(infos, key=lambda info: info.file_size)
                what = biggest.filename if biggest.file_size > limit else "the package"
                raise UnsafeFileError(path, inflate_refusal(what, max(biggest.file_size, declared), limit))
            budget = limit
            for info in infos:
                budget -= check_part(package, info, path, budget, limit)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise DamagedFileError(path, f"damaged {kind}: the zip package is corrupt ({err})") from err


def check_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, budget: int, limit: int) -> int:
    """Inflate one part within `budget` bytes (headers may lie); the bytes it really holds."""
    size = 0
    tail = b""
    with package.open(info) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            if size > budget:
                raise UnsafeFileError(path, inflate_refusal(info.filename, size, limit))
            if info.filename.endswith(XML_SUFFIXES):
                window = tail + chunk
                if any(marker in window for marker in DTD_MARKERS):
                    raise UnsafeFileError(
                        path, f"refused: {info.filename} declares a DTD or entities (an entity bomb risk)"
                    )
                tail = window[-32:]
    return size


def inflate_refusal(part: str, size: int, limit: int) -> str:
    return f"refused: {part} would inflate to {human_size(size)}, over the {human_size(limit)} limit"
