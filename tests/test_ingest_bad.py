"""Every bad input gets what tests/data/bad/EXPECTED.md says, quickly and with a readable reason."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.errors import (
    DamagedFileError,
    EmptyFileError,
    EncryptedFileError,
    IngestError,
    NoTextLayerError,
    NotTextError,
    UnsafeFileError,
    UnsupportedFormatError,
)
from pipeline.ingest import ingest
from tests.conftest import BAD, SAMPLES


@pytest.mark.parametrize(
    ("name", "error", "reason"),
    [
        ("empty.txt", EmptyFileError, "empty file"),
        ("garbage.txt", NotTextError, "not text: no encoding decodes it sensibly"),
        ("truncated.pdf", DamagedFileError, "damaged PDF"),
        ("encrypted.pdf", EncryptedFileError, "encrypted PDF: a password is needed"),
        ("broken_zip.docx", DamagedFileError, "damaged DOCX"),
        ("entity_bomb.docx", UnsafeFileError, "declares a DTD or entities"),
        (
            "zip_bomb.docx",
            UnsafeFileError,
            r"word/document.xml would inflate to 401 MB, over the 50 MB limit",
        ),
    ],
)
def test_bad_files_fail_with_a_reason(name: str, error: type[IngestError], reason: str) -> None:
    with pytest.raises(error, match=reason) as caught:
        ingest(BAD / name, Config())
    assert caught.value.path.endswith(name)


@pytest.mark.parametrize("name", ["zip_bomb.docx", "entity_bomb.docx"])
def test_bombs_are_refused_fast_with_flat_memory(name: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UnsafeFileError):
        ingest(BAD / name, Config())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 20 * 1024 * 1024


def test_scanned_pdf_without_ocr_has_no_text_layer() -> None:
    with pytest.raises(NoTextLayerError, match=r"scanned PDF: no text layer \(OCR is off\)"):
        ingest(SAMPLES / "002_69902300cdde23ce.scan.pdf", Config(ocr="off"))


def test_pdf_named_txt_is_read_as_pdf() -> None:
    doc = ingest(BAD / "pdf_named.txt", Config())
    assert doc.format == "pdf" and doc.page_count == 5 and not doc.errors
    assert doc.text == ingest(SAMPLES / "001_179aec6b059d2134.pdf", Config()).text


def test_not_a_docx_is_read_as_text_with_a_warning() -> None:
    doc = ingest(BAD / "not_a_docx.docx", Config())
    assert doc.format == "txt"
    assert doc.text.strip().startswith("政务公开重点工作安排")
    assert [(e.stage, e.kind) for e in doc.errors] == [("ingest", "format_mismatch")]


@pytest.mark.parametrize(
    ("name", "original"),
    [("utf16.txt", "000_bb7ad2cec91f680d.txt"), ("gb18030.txt", "002_69902300cdde23ce.txt")],
)
def test_other_encodings_read_like_the_utf8_original(name: str, original: str) -> None:
    doc = ingest(BAD / name, Config())
    assert doc.text == ingest(SAMPLES / original, Config()).text
    assert not doc.errors


def test_big5_decodes_to_traditional_characters() -> None:
    doc = ingest(BAD / "big5_traditional.txt", Config())
    assert doc.encoding in {"big5", "big5hkscs", "cp950"}
    assert doc.text.startswith("政府資訊公開工作年度報告")
    assert "本機關主動公開政府資訊" in doc.text


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("政务公开" * 1000, encoding="utf-8")
    with pytest.raises(UnsafeFileError, match="the file is 12 KB, over the 1000 bytes limit"):
        ingest(path, Config(max_file_bytes=1000))


@pytest.mark.parametrize(
    ("data", "error"), [(b"  \n\r\n ", EmptyFileError), (b"PK\x03\x04" + b"\x00" * 40, DamagedFileError)]
)
def test_degenerate_bytes(tmp_path: Path, data: bytes, error: type[IngestError]) -> None:
    path = tmp_path / "odd"
    path.write_bytes(data)
    with pytest.raises(error):
        ingest(path, Config())


def test_a_zip_that_is_not_a_word_package_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "hello")
    with pytest.raises(UnsupportedFormatError):
        ingest(path, Config())
