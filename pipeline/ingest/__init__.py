"""Ingest: bytes of any supported format in, a Document with blocks out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pipeline.config import Config
from pipeline.document import Document, StageError
from pipeline.errors import EmptyFileError, IngestError, UnsafeFileError, UnsupportedFormatError
from pipeline.ingest.detect import file_id, sniff_format
from pipeline.ingest.docx import read_docx
from pipeline.ingest.html import read_html, read_mhtml
from pipeline.ingest.image import read_image_file
from pipeline.ingest.layout import Layout
from pipeline.ingest.legacy import read_legacy
from pipeline.ingest.ofd import read_ofd
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.sheet import read_sheet
from pipeline.ingest.sizes import human_size
from pipeline.ingest.txt import read_txt

log = logging.getLogger(__name__)

Reader = Callable[[bytes, str, Config], Layout]

READERS: dict[str, Reader] = {
    "txt": read_txt,
    "docx": read_docx,
    "pdf": read_pdf,
    "html": read_html,
    "mhtml": read_mhtml,
    "xlsx": partial(read_sheet, kind="xlsx"),
    "xls": partial(read_sheet, kind="xls"),
    "ods": partial(read_sheet, kind="ods"),
    "doc": read_legacy,
    "ofd": read_ofd,
    "image": read_image_file,
}
# the file name suffixes of the formats read, and the format each claims; others are not read
SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".et": "xls",
    ".ods": "ods",
    ".doc": "doc",
    ".wps": "doc",
    ".ofd": "ofd",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}
# a container whose contents could not be told apart (a damaged zip, an OLE2 file with no stream
# known), and the formats it may hold: the reader of the one the file's name claims says what is wrong
CONTAINERS = {"damaged_zip": ("docx", "xlsx", "ods", "ofd"), "ole": ("xls", "doc")}

__all__ = ["READERS", "file_id", "ingest", "read_bytes"]


def ingest(path: Path, config: Config) -> Document:
    """Read `path`, sniff its format from the bytes, and build its Document."""
    suffix = path.suffix.lower()
    if suffix and suffix not in SUFFIX_FORMATS:
        formats = ", ".join(SUFFIX_FORMATS)
        raise UnsupportedFormatError(
            str(path), f"unsupported format: {suffix} files are not read ({formats} are)"
        )
    claimed = SUFFIX_FORMATS.get(suffix)
    data = read_bytes(path, config)
    fmt = format_of(data, claimed)
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormatError(str(path), f"unsupported format: a {fmt} file is not one gongkai reads")
    layout = reader(data, str(path), config)
    if claimed and claimed != "txt" and fmt == "txt":
        message = f"named {path.suffix} but the bytes are plain text (not {claimed.upper()}); read as text"
        log.warning("%s: %s", path, message)
        layout.errors.append(StageError("ingest", "format_mismatch", message))
    log.debug("ingested %s as %s: %d blocks", path, fmt, len(layout.blocks))
    return Document(
        doc_id=file_id(data),
        source_path=str(path),
        format=fmt,
        text=layout.text,
        blocks=layout.blocks,
        encoding=layout.encoding,
        page_count=layout.page_count,
        errors=layout.errors,
        page_fields=layout.page_fields,
        ocr_confidence=round(sum(layout.ocr_scores) / len(layout.ocr_scores), 3)
        if layout.ocr_scores
        else None,
    )


def format_of(data: bytes, claimed: str | None) -> str:
    """The format to read `data` as: the one its bytes show; where they show only a container (a
    damaged zip, an OLE2 file with no stream known) or a .doc holds text (RTF, or no Word at all),
    the one its name claims, whose reader says what is wrong."""
    fmt = sniff_format(data)
    if (fmt in CONTAINERS and claimed in CONTAINERS[fmt]) or (claimed == "doc" and fmt == "txt"):
        return str(claimed)
    return "docx" if fmt == "damaged_zip" else fmt  # the commonest package says what is wrong with it


def read_bytes(path: Path, config: Config) -> bytes:
    """The file's bytes, refusing empty files and files over config.max_file_bytes."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise IngestError(str(path), f"cannot read the file: {err.strerror or err}") from err
    if size > config.max_file_bytes:
        raise UnsafeFileError(
            str(path),
            f"refused: the file is {human_size(size)}, over the {human_size(config.max_file_bytes)} limit",
        )
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError(str(path), "empty file" if not data else "empty file: only whitespace")
    return data
