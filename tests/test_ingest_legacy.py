"""Legacy Word and WPS documents: converted by LibreOffice where it is installed; where it is not, a
failure that says what to install; bytes that are no Word document say so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.process import extract_file
from pipeline.records import Task, Unit
from tests.conftest import SAMPLES

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


def tasks_and_units(path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    doc = extract_file(path)
    assert not doc.errors, doc.errors
    return (
        [span.record.title for span in doc.spans_of(Task)],
        sorted((span.record.role, span.record.unit) for span in doc.spans_of(Unit)),
    )


@pytest.mark.skipif(
    not HAS_LIBREOFFICE, reason="LibreOffice is not installed here (libreoffice-writer-nogui)"
)
@pytest.mark.parametrize("name", ["003_9d5918fb5c505e81.docx", "000_bb7ad2cec91f680d.numbered.docx"])
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_a_plan_saved_as_a_legacy_document_gives_the_tasks_of_its_docx(
    tmp_path: Path, name: str, suffix: str
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    convert = [str(soffice), profile, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path)]
    subprocess.run([*convert, str(SAMPLES / name)], check=True, capture_output=True, timeout=120)
    legacy = (tmp_path / name).with_suffix(".doc").rename(tmp_path / f"plan{suffix}")
    assert tasks_and_units(legacy) == tasks_and_units(SAMPLES / name)
