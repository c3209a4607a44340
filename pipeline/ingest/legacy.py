"""Legacy Word and WPS documents (.doc, .wps, and RTF saved under those names): converted to DOCX by
LibreOffice headless (a private profile, a time limit), then read as a DOCX.

Without LibreOffice the file is a failure that says what to install; bytes that are neither an
OLE2 compound file nor RTF are no Word document.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import DamagedFileError, MissingToolError
from pipeline.ingest.detect import OLE2_MAGIC
from pipeline.ingest.docx import read_docx
from pipeline.ingest.layout import Layout

RTF_MAGIC = b"{\\rtf"
INSTALL = "install LibreOffice to read it (Debian: apt install libreoffice-writer-nogui)"


def is_legacy_word(data: bytes) -> bool:
    return data.startswith(OLE2_MAGIC) or data.lstrip().startswith(RTF_MAGIC)


def read_legacy(data: bytes, path: str, config: Config) -> Layout:
    """Convert the document to DOCX with LibreOffice and lay it out as a DOCX."""
    if not is_legacy_word(data):
        raise DamagedFileError(path, "not a Word document: the bytes are neither an OLE2 file nor RTF")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise MissingToolError(path, f"a legacy Word or WPS document: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as work:
        source = Path(work) / "document.doc"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            work,
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=config.convert_timeout_seconds, check=False
            )
        except subprocess.TimeoutExpired as err:
            raise DamagedFileError(
                path, f"LibreOffice gave up converting it after {config.convert_timeout_seconds:g} s"
            ) from err
        converted = Path(work) / "document.docx"
        if not converted.exists():
            reason = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
            raise DamagedFileError(
                path, f"damaged Word document: LibreOffice could not convert it ({reason})"
            )
        return read_docx(converted.read_bytes(), path, config)
