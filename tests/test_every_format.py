"""A folder holding one file of every kind gongkai meets: each is read or listed as a failure with its
reason, and run.json counts them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from pipeline import load_dataset
from pipeline.batch import run
from tests.conftest import BAD, SAMPLES
from tests.test_ingest_html import PLAN, page, paragraphs
from tests.test_ingest_sheet import HEADER, ROWS, write_ods, write_xls, write_xlsx
from tests.test_ocr import DPI, rendered

READ = {
    "plan.txt": "txt",
    "plan.pdf": "pdf",
    "plan.docx": "docx",
    "page.html": "html",
    "plan.xlsx": "xlsx",
    "plan.xls": "xls",
    "plan.ods": "ods",
    "scan.png": "image",
}
NOT_READ = {"broken.ofd": "unsupported_format", "notes.xyz": "unsupported_format"}


def folder_of_every_kind(root: Path) -> tuple[Path, dict[str, str]]:
    folder = root / "downloads"
    folder.mkdir()
    shutil.copy(PLAN, folder / "plan.txt")
    shutil.copy(SAMPLES / "001_179aec6b059d2134.pdf", folder / "plan.pdf")
    shutil.copy(SAMPLES / "003_9d5918fb5c505e81.docx", folder / "plan.docx")
    (folder / "page.html").write_bytes(page(paragraphs(PLAN)).encode("gb2312"))
    write_xlsx(folder / "plan.xlsx", [HEADER, *ROWS], [])
    write_xls(folder / "plan.xls", [HEADER, *ROWS], [])
    write_ods(folder / "plan.ods", [HEADER, *ROWS])
    Image.fromarray(rendered(0)).save(folder / "scan.png", dpi=(DPI, DPI))
    shutil.copy(BAD / "formats" / "broken.ofd", folder / "broken.ofd")
    shutil.copy(BAD / "formats" / "notes.xyz", folder / "notes.xyz")
    read = dict(READ)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:  # without LibreOffice the .doc is a failure saying what to install
        profile = f"-env:UserInstallation=file://{root}/profile"
        docx = str(SAMPLES / "003_9d5918fb5c505e81.docx")
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", "doc", "--outdir", str(root), docx],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.move(root / "003_9d5918fb5c505e81.doc", folder / "plan.doc")
        read["plan.doc"] = "doc"
    return folder, read


def test_every_file_is_read_or_a_failure_with_its_reason(tmp_path: Path) -> None:
    folder, read = folder_of_every_kind(tmp_path)
    summary = run([folder], tmp_path / "out", workers=2, progress=False)
    documents = load_dataset(tmp_path / "out", typed_columns=False).documents
    formats = dict(zip(documents.source_path.map(lambda p: Path(p).name), documents.format, strict=True))
    assert formats == read
    assert (
        (documents.n_tasks + documents.n_statistics) > 0
    ).all()  # plans their tasks, the report its figures
    failed = {Path(f["source_path"]).name: f["kind"] for f in summary.failures}
    assert failed == NOT_READ
    assert summary.documents == len(read) + len(NOT_READ) and summary.not_read == {".ofd": 1, ".xyz": 1}
