"""OFD (the national e-document format, a zip of XML pages): checked as a package, then refused with
its reason, since no maintained reader gets its text and tables right yet."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.errors import UnsupportedFormatError
from pipeline.ingest.layout import Layout
from pipeline.ingest.packages import check_package


def read_ofd(data: bytes, path: str, config: Config) -> Layout:
    """A damaged or unsafe package says so; a sound one is not read, and the failure says what to do."""
    check_package(data, path, config.max_inflated_bytes, "OFD")
    raise UnsupportedFormatError(
        path, "unsupported format: OFD documents are not read yet; export the document to PDF to read it"
    )
