"""Named errors: each says what went wrong with which file and, where there is one, the fix."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    kind = "error"

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IngestError(GongkaiError):
    """The file could not be turned into a Document."""

    kind = "unreadable"


class EmptyFileError(IngestError):
    kind = "empty_file"


class NotTextError(IngestError):
    kind = "not_text"


class DamagedFileError(IngestError):
    kind = "damaged_file"


class EncryptedFileError(IngestError):
    kind = "encrypted"


class UnsafeFileError(IngestError):
    """Refused on purpose: the file would exhaust memory or time (zip bomb, entity bomb)."""

    kind = "unsafe_file"


class UnsupportedFormatError(IngestError):
    kind = "unsupported_format"


class NoTextLayerError(IngestError):
    """A scanned PDF: pages are images and no OCR engine is configured."""

    kind = "no_text_layer"


class MissingToolError(IngestError):
    """The file needs a program that is not installed here; the message says which to install."""

    kind = "missing_tool"


class OcrError(IngestError):
    """OCR could not read a page: its process ran out of memory or died."""

    kind = "ocr_failed"
