"""Legacy Word and WPS documents: converted by LibreOffice where it is installed; where it is not, a
failure that says what to install; bytes that are no Word document say so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.process import extract_file

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HAS_LIBREOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_random_bytes_named_as_a_word_document_are_no_word_document(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_bytes(bytes(range(256)) * 40)
    (error,) = extract_file(path).errors
    assert error.kind == "damaged_file" and "not a Word document" in error.message


@pytest.mark.skipif(HAS_LIBREOFFICE, reason="LibreOffice is installed here: the conversion is tested instead")
def test_without_libreoffice_a_word_document_says_what_to_install(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(OLE2 + "WordDocument".encode("utf-16-le") + bytes(4096))
    (error,) = extract_file(path).errors
    assert error.kind == "missing_tool" and "libreoffice-writer-nogui" in error.message
