"""Benchmark: gongkai end to end against the floor, per corpus and per kind of document.

    python scripts/bench.py [--n 200] [--scale 10] [--runs 5] [--real 300] [--kind-docs 40]
                            [--ocr-pages 2] [--plumber] [--workers CORES] [--keep FOLDER]

Every comparison is `gongkai run` of a folder into a new output (wall time, start-up included;
peak RSS summed over the run's processes; it must extract every distinct file) against the floor on
the same files with the same number of processes (start-up included too): the text by the
fastest reader of its format, segmented by jieba. Readers: pypdfium2 for a PDF's text layer,
python-docx for a DOCX's paragraphs, the decoded TXT, lxml for the text of an HTML page's body,
python-calamine for a workbook's cells; for a scanned page the OCR engine alone (rapidocr, as
gongkai sets it up) on the page rendered at gongkai's 200 DPI, in one process, since gongkai too
reads one page image at a time. Each comparison is made `--runs` times, a run of gongkai then one
of the floor; the table gives the seconds as min / median / max and the ratio of the medians.

The corpora:

- generated: N and N × scale documents from the TXT samples (region names, years and figures
  varied), a third each as TXT, DOCX (python-docx) and PDF (LibreOffice when installed, else
  reportlab with its built-in CID font STSong-Light; tab-separated lines become ruled tables);
- sample PDFs: `--real` copies of the sample PDFs with a text layer, each made distinct by a PDF
  comment after its end (gongkai extracts a file whose sha256 it has seen only once);
- one folder per kind, `--kind-docs` documents each: copies of the sample PDFs with a ruled table
  (pdfplumber finds one) and of those without; task-breakdown tables (序号 / 工作任务 / 牵头单位 /
  配合单位 / 完成时限, sections across the table) over several landscape pages, each cell's
  borders drawn as separate line segments as WPS exports them; the varied texts as DOCX, TXT and
  HTML pages of a government site; the task tables as XLSX workbooks; and `--ocr-pages` pages of
  the scanned sample, each a PDF of its own.

Once for each generated corpus, as a reference: a no-op rerun of it, and with `--plumber` (which
takes minutes at 10×N) `gongkai run` of its PDFs alone against pdfplumber's `extract_text` of them.
Last, a line per target: the ratio measured, the most it may be, and whether it was met.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import itertools
import json
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
FORMATS = ("txt", "docx", "pdf")
YEAR = re.compile(r"20[12]\d(?=\s*年)")
FIGURE = re.compile(r"(?<![\d.])\d{1,5}(?=\s*(?:条|件|个|次|人次|人|篇|项|场|期))")

# ---------------------------------------------------------------------------- the corpus


@cache
def sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) if ".gbk." not in p.name]


@cache
def cities() -> list[tuple[str, str]]:
    """(name, short name) of every prefecture-level city of the gazetteer."""
    with (ROOT / "pipeline" / "resources" / "regions.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        (r["name"], r["short"] or r["name"][:-1])
        for r in rows
        if r["code"].endswith("00") and not r["code"].endswith("0000") and r["name"].endswith("市")
    ]


def varied_text(index: int) -> str:
    """Sample text `index % samples`, with another city, shifted years and other figures."""
    rng = random.Random(index)
    text = sample_texts()[index % len(sample_texts())]
    name, short = rng.choice(cities())
    for old, old_short in cities():
        if old in text:
            text = text.replace(old, name).replace(old_short, short)
    shift = rng.randint(-4, 2)
    text = YEAR.sub(lambda m: str(int(m[0]) + shift), text)
    return FIGURE.sub(lambda m: str(rng.randint(1, 10 ** len(m[0]))), text)


def write_txt(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for table_rows, line in blocks(text):
        if table_rows:
            width = max(len(r) for r in table_rows)
            table = document.add_table(rows=len(table_rows), cols=width)
            table.style = "Table Grid"  # ruled, as such tables are printed
            for row, cells in zip(table.rows, table_rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
        else:
            document.add_paragraph(line)
    document.save(str(path))


def blocks(text: str) -> Iterator[tuple[list[list[str]], str]]:
    """([], line) for each running line, (rows, "") for each run of tab-separated lines."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append([cell.strip() for cell in line.split("\t")])
            continue
        if rows:
            yield rows, ""
            rows = []
        if line.strip():
            yield [], line.strip()
    if rows:
        yield rows, ""


def office_pdfs(texts: dict[Path, str], lanes: int) -> None:
    """PDFs of the texts, by LibreOffice from DOCX files: `lanes` LibreOffice processes at once (each
    with a profile of its own), each converting batches of OFFICE_BATCH files."""
    with tempfile.TemporaryDirectory() as folder:
        sources = []
        for path, text in texts.items():
            sources.append(Path(folder) / f"{path.stem}.docx")
            write_docx(text, sources[-1])
        batches = [sources[start : start + OFFICE_BATCH] for start in range(0, len(sources), OFFICE_BATCH)]
        with ThreadPoolExecutor(lanes) as pool:
            list(pool.map(lambda lane: convert(batches[lane::lanes], Path(folder), lane), range(lanes)))
        for path in texts:
            shutil.move(Path(folder) / f"{path.stem}.pdf", path)


def convert(batches: list[list[Path]], folder: Path, lane: int) -> None:
    profile = f"-env:UserInstallation={(folder / f'profile-{lane}').as_uri()}"
    for batch in batches:
        subprocess.run(
            [
                "soffice",
                profile,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, batch),
            ],
            check=True,
            capture_output=True,
        )


OFFICE_BATCH = 100


FONT, SIZE, LEADING, MARGIN = "STSong-Light", 11.0, 16.0, 56.0


@cache
def char_width(ch: str) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(ch, FONT, SIZE))


def wrap(line: str, width: float) -> list[str]:
    """`line` cut into pieces no wider than `width`."""
    pieces, current, used = [], "", 0.0
    for ch in line:
        w = char_width(ch)
        if current and used + w > width:
            pieces.append(current)
            current, used = "", 0.0
        current, used = current + ch, used + w
    return [*pieces, current] if current or not pieces else pieces


def cjk_canvas(path: Path, size: tuple[float, float]) -> Any:
    """A reportlab canvas of pages of `size`, with the CID font FONT registered."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(path), pagesize=size)


def reportlab_pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4

    page_width, page_height = A4
    width = page_width - 2 * MARGIN
    pdf = cjk_canvas(path, A4)
    y = page_height - MARGIN

    def room(height: float) -> float:
        nonlocal y
        if y - height < MARGIN:
            pdf.showPage()
            y = page_height - MARGIN
        return y

    for rows, line in blocks(text):
        if not rows:
            for piece in wrap(line, width):
                room(LEADING)
                pdf.setFont(FONT, SIZE)
                pdf.drawString(MARGIN, y - SIZE, piece)
                y -= LEADING
            continue
        columns = max(len(r) for r in rows)
        cell_width = width / columns
        for cells in rows:
            wrapped = [wrap(c, cell_width - 4) for c in cells]
            height = LEADING * max(len(w) for w in wrapped) + 4
            room(height)
            for c in range(columns):
                x = MARGIN + c * cell_width
                pdf.rect(x, y - height, cell_width, height)
                for k, piece in enumerate(wrapped[c] if c < len(wrapped) else []):
                    pdf.setFont(FONT, SIZE)
                    pdf.drawString(x + 2, y - 2 - SIZE - k * LEADING, piece)
            y -= height
        y -= LEADING / 2
    pdf.showPage()
    pdf.save()


WRITERS: dict[str, Callable[[str, Path], None]] = {"txt": write_txt, "docx": write_docx, "pdf": reportlab_pdf}


def build_corpus(folder: Path, count: int, lanes: int) -> None:
    """Documents 0 … count-1 under folder/<format>/ (the same index always gives the same file).

    PDFs come from LibreOffice when it is installed (as most published PDFs do), else from reportlab.
    """
    for fmt in FORMATS:
        (folder / fmt).mkdir(parents=True, exist_ok=True)
    office = shutil.which("soffice") is not None
    office_texts: dict[Path, str] = {}
    for i in range(count):
        fmt = FORMATS[i % len(FORMATS)]
        path = folder / fmt / f"doc{i:06d}.{fmt}"
        if fmt == "pdf" and office:
            office_texts[path] = varied_text(i)
        else:
            WRITERS[fmt](varied_text(i), path)
    if office_texts:
        office_pdfs(office_texts, lanes)


def subset(source: Path, folder: Path, count: int) -> None:
    """The first `count` documents of the corpus in `source`, hard-linked into `folder`."""
    for i in range(count):
        fmt = FORMATS[i % len(FORMATS)]
        (folder / fmt).mkdir(parents=True, exist_ok=True)
        os.link(source / fmt / f"doc{i:06d}.{fmt}", folder / fmt / f"doc{i:06d}.{fmt}")


# ---------------------------------------------------------------------------- corpora of one kind

Writer = Callable[[int, Path], None]  # writes document `index` of a corpus to `path`


def build(folder: Path, count: int, suffix: str, write: Writer) -> None:
    """Documents 0 … count-1 written by `write` into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        write(i, folder / f"doc{i:06d}{suffix}")


def distinct(data: bytes, index: int) -> bytes:
    """A PDF with a comment after its end: other bytes (gongkai extracts a file whose sha256 it has
    seen only once), the same document to every reader."""
    return data + f"\n%gongkai-bench copy {index:06d}\n".encode()


@cache
def sample_pdfs() -> tuple[Path, ...]:
    """The sample PDFs with a text layer."""
    return tuple(p for p in sorted(SAMPLES.glob("*.pdf")) if not p.name.endswith(".scan.pdf"))


def copies_of(samples: tuple[Path, ...]) -> Writer:
    """A writer of distinct copies of `samples`, in turn."""

    def write(index: int, path: Path) -> None:
        path.write_bytes(distinct(samples[index % len(samples)].read_bytes(), index))

    return write


@cache
def has_tables(path: Path) -> bool:
    """Whether pdfplumber finds a ruled table on a page of the PDF."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return any(page.find_tables() for page in pdf.pages)


def text_writer(write: Callable[[str, Path], None]) -> Writer:
    """A writer of the varied sample texts in a format."""
    return lambda index, path: write(varied_text(index), path)


TASK_HEAD = ("序号", "工作任务", "牵头单位", "配合单位", "完成时限")
TASK_WIDTHS = (0.06, 0.48, 0.16, 0.18, 0.12)  # shares of the table's width
SECTIONS = (
    "推进决策公开",
    "深化政策解读",
    "加强政务服务公开",
    "做好依申请公开",
    "强化平台建设",
    "加强组织保障",
)
NUMERALS = "一二三四五六"
AGENCIES = (
    *("市政府办公室", "市发展改革委", "市财政局", "市司法局", "市生态环境局", "市住房城乡建设局"),
    *("市交通运输局", "市教育局", "市卫生健康委", "市市场监管局", "市政务服务管理局", "市大数据局"),
)
DEADLINES = ("全年", "持续推进", "{year}年6月底前", "{year}年9月底前", "{year}年12月底前", "长期坚持")
SENTENCE = re.compile(r"[^。；！？\s]{12,150}[。；]")


@dataclass(frozen=True)
class TaskTable:
    """A plan's task-breakdown table: its title and rows (a row of one cell: a section across the
    table)."""

    title: str
    rows: list[tuple[str, ...]]


def task_table(index: int) -> TaskTable:
    """Table `index`: sections of tasks, each a sentence of the varied samples, with its agencies
    and deadline."""
    rng = random.Random(index)
    city, _ = rng.choice(cities())
    year = rng.randint(2019, 2025)
    tasks = SENTENCE.findall(varied_text(index) + varied_text(index + 1))
    rows: list[tuple[str, ...]] = []
    number = 0
    for k, section in enumerate(rng.sample(SECTIONS, rng.randint(3, 5))):
        rows.append((f"{NUMERALS[k]}、{section}",))
        for _ in range(rng.randint(4, 8)):
            number += 1
            partners = "、".join(rng.sample(AGENCIES, rng.randint(1, 3)))
            deadline = rng.choice(DEADLINES).format(year=year)
            rows.append((str(number), rng.choice(tasks), rng.choice(AGENCIES), partners, deadline))
    return TaskTable(f"{city}{year}年政务公开重点工作任务分解表", rows)


def line_table_pdf(index: int, path: Path) -> None:
    """Task table `index` on landscape pages, its head repeated on each, every cell's four borders
    drawn as separate line segments (`x y m x y l S`), as WPS exports tables."""
    from reportlab.lib.pagesizes import A4, landscape

    page_width, page_height = landscape(A4)
    widths = [share * (page_width - 2 * MARGIN) for share in TASK_WIDTHS]
    pdf = cjk_canvas(path, (page_width, page_height))
    table = task_table(index)
    pdf.setFont(FONT, SIZE + 5)
    pdf.drawCentredString(page_width / 2, page_height - MARGIN, table.title)
    y = draw_row(pdf, TASK_HEAD, widths, page_height - MARGIN - 2 * LEADING)
    for row in table.rows:
        if y - row_height(row, widths) < MARGIN:
            pdf.showPage()
            y = draw_row(pdf, TASK_HEAD, widths, page_height - MARGIN)
        y = draw_row(pdf, row, widths, y)
    pdf.showPage()
    pdf.save()


def row_cells(row: tuple[str, ...], widths: list[float]) -> list[tuple[str, float]]:
    """The row's cells and their widths: a row of one cell spans the table."""
    return [(row[0], sum(widths))] if len(row) == 1 else list(zip(row, widths, strict=True))


def row_height(row: tuple[str, ...], widths: list[float]) -> float:
    return LEADING * max(len(wrap(text, width - 6)) for text, width in row_cells(row, widths)) + 6


def draw_row(pdf: Any, row: tuple[str, ...], widths: list[float], top: float) -> float:
    """Draw the row with its top at `top`: the cells' text, then each cell's borders one segment at
    a time. The top of the next row."""
    height = row_height(row, widths)
    x = MARGIN
    pdf.setFont(FONT, SIZE)
    for text, width in row_cells(row, widths):
        for k, piece in enumerate(wrap(text, width - 6)):
            pdf.drawString(x + 3, top - 3 - SIZE - k * LEADING, piece)
        bottom, right = top - height, x + width
        corners = ((x, top), (right, top), (right, bottom), (x, bottom), (x, top))
        for (x0, y0), (x1, y1) in itertools.pairwise(corners):
            pdf.line(x0, y0, x1, y1)
        x = right
    return top - height


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date}">
<meta name="ContentSource" content="{source}"></head>
<body><div class="header"><ul class="nav">{nav}</ul></div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：{date}　来源：{source}</div>
<div class="TRS_Editor">
{body}
</div></div>
<div class="footer">主办：{source}　网站标识码：{code}</div></body></html>
"""
NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进本市")


def write_html(text: str, path: Path) -> None:
    """The text as a government site's article page: a nav bar, the body in a `div.TRS_Editor`
    (lines as paragraphs, tab-separated lines as a table), meta tags and a footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rng = random.Random(text)
    parts = []
    for rows, line in blocks(text):
        if rows:
            cells = ("".join(f"<td>{html.escape(c)}</td>" for c in r) for r in rows)
            parts.append("<table border=1>" + "".join(f"<tr>{c}</tr>" for c in cells) + "</table>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    page = HTML_PAGE.format(
        title=html.escape(lines[0] if lines else ""),
        date=f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        source=f"{rng.choice(cities())[0]}人民政府办公室",
        nav="".join(f'<li><a href="/{k}/">{name}</a></li>' for k, name in enumerate(NAV)),
        code=rng.randint(10**9, 10**10),
        body="\n".join(parts),
    )
    path.write_text(page, encoding="utf-8")


def write_xlsx(index: int, path: Path) -> None:
    """Task table `index` as a workbook (openpyxl): its title, head and rows, a section merged
    across the table; the tab-separated tables of text `index` on a second sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "任务分解"
    table = task_table(index)
    sheet.append([table.title])
    sheet.append(list(TASK_HEAD))
    for row in table.rows:
        sheet.append(list(row))
        if len(row) == 1:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5)
    figures = [r for rows, _ in blocks(varied_text(index)) for r in rows]
    if figures:
        other = book.create_sheet("统计")
        for cells in figures:
            other.append(cells)
    book.save(path)


@cache
def scanned_pages() -> list[bytes]:
    """Each page of the scanned sample as a PDF of its own."""
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument(next(SAMPLES.glob("*.scan.pdf")))
    pages = []
    for index in range(len(scan)):
        page = pdfium.PdfDocument.new()
        page.import_pages(scan, [index])
        buffer = io.BytesIO()
        page.save(buffer)
        pages.append(buffer.getvalue())
    return pages


def scanned_page(index: int, path: Path) -> None:
    """Page `index` of the scanned sample (in turn), distinct from every other copy."""
    pages = scanned_pages()
    path.write_bytes(distinct(pages[index % len(pages)], index))


# ---------------------------------------------------------------------------- measuring


@dataclass
class Measure:
    seconds: float
    peak_rss_mb: float = 0.0


class TreeMemory:
    """Peak of the summed RSS of a process and its children, sampled every 200 ms."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        while not self.done.wait(0.2):
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                total = sum(p.memory_info().rss for p in procs if p.is_running())
            except psutil.Error:
                continue
            self.peak = max(self.peak, total)

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return self.peak / 1024**2


def gongkai(inputs: Path, out: Path, workers: int) -> Measure:
    command = [sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen([*command, "--workers", str(workers)], stdout=subprocess.PIPE, cwd=ROOT)
    memory = TreeMemory(process.pid)
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode not in (0, 1):
        raise SystemExit(f"gongkai run failed ({process.returncode}): {output.decode()}")
    return Measure(seconds, peak)


def pdf_text(path: str) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return text


def docx_text(path: str) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def txt_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def html_text(path: str) -> str:
    import lxml.html

    return str(lxml.html.document_fromstring(Path(path).read_bytes()).body.text_content())


def xlsx_text(path: str) -> str:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = (row for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python())
    return "\n".join("\t".join(str(value) for value in row) for row in rows)


# the fastest reader of each format: PDF text by pypdfium2, DOCX paragraphs by python-docx, TXT
# decoded, the text of an HTML page's body by lxml, spreadsheet cells by python-calamine
READERS: dict[str, Callable[[str], str]] = {
    ".pdf": pdf_text,
    ".docx": docx_text,
    ".txt": txt_text,
    ".html": html_text,
    ".xlsx": xlsx_text,
}


def segmented(text: str) -> int:
    """Segment the text with jieba: the characters read."""
    import jieba

    list(jieba.cut(text))
    return len(text)


def floor_text(path: str) -> int:
    """The file's text by the fastest reader of its format, segmented by jieba."""
    return segmented(READERS[Path(path).suffix](path))


OCR_DPI = 200  # gongkai's default (Config.ocr_dpi)


@cache
def ocr_engine() -> Any:
    """rapidocr, as gongkai sets it up (angle classifier off)."""
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.use_cls": False})


def floor_ocr(path: str) -> int:
    """Each page of the PDF rendered at OCR_DPI and read by the OCR engine, the text segmented."""
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    texts: list[str] = []
    for page in pdf:
        image = np.asarray(page.render(scale=OCR_DPI / 72).to_pil().convert("RGB"))
        texts += ocr_engine()(image).txts or ()
    pdf.close()
    return segmented("\n".join(texts))


def warm_ocr() -> None:
    import logging

    warm_jieba()
    ocr_engine()
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)


def warm_jieba() -> None:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()


def plumber_text(path: str) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def pool_time(fn: Callable[[str], int], paths: list[str], workers: int, init: Callable[[], None]) -> Measure:
    """Wall time of `fn` over `paths` in a fresh pool of `workers` processes, start-up included."""
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers, initializer=init) as pool:
        sum(pool.imap_unordered(fn, paths, chunksize=4))
    return Measure(time.perf_counter() - started)


def nothing() -> None:
    """No initialisation."""


def pdf_pages(paths: list[str]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(p)) for p in paths)


@dataclass
class Series:
    """The measures of one thing over the runs: seconds as min/median/max, the median peak RSS."""

    runs: list[Measure]

    @property
    def median(self) -> float:
        return statistics.median(m.seconds for m in self.runs)

    @property
    def rss(self) -> float:
        return statistics.median(m.peak_rss_mb for m in self.runs)

    def spread(self) -> str:
        seconds = [m.seconds for m in self.runs]
        if len(seconds) == 1:
            return f"{seconds[0]:.1f}"
        return f"{min(seconds):.1f} / {self.median:.1f} / {max(seconds):.1f}"


@dataclass(frozen=True)
class Floor:
    """How the floor reads a file (in a pool whose processes ran `init`), and with how many processes
    (None: as many as gongkai's workers)."""

    read: Callable[[str], int]
    init: Callable[[], None]
    workers: int | None = None


TEXT_FLOOR = Floor(floor_text, warm_jieba)
OCR_FLOOR = Floor(floor_ocr, warm_ocr, workers=1)  # gongkai too reads one page image at a time


@dataclass
class Comparison:
    """`gongkai run` of a folder against the floor on its files, each timed over the same runs."""

    name: str
    docs: int
    pages: int
    gongkai: Series
    floor: Series
    out: Path  # the output of gongkai's last run
    summary: dict[str, Any]  # its run.json: documents extracted, failed, tasks found …

    @property
    def ratio(self) -> float:
        return self.gongkai.median / self.floor.median

    def row(self) -> list[str]:
        return [
            self.name,
            str(self.docs),
            str(self.pages or ""),
            self.gongkai.spread(),
            self.floor.spread(),
            f"{self.ratio:.2f}",
            f"{self.docs / self.gongkai.median:.1f}",
            f"{self.gongkai.rss:.0f}",
            str(self.summary["tasks"]),
            str(self.summary["failed"] or ""),
        ]


COMPARISON_HEAD = (
    "corpus",
    "docs",
    "PDF pages",
    "gongkai s",
    "floor s",
    "gongkai / floor",
    "docs/s",
    "peak RSS MB",
    "tasks",
    "failed",
)


def compare(name: str, folder: Path, floor: Floor, work: Path, runs: int, workers: int) -> Comparison:
    """`runs` fresh `gongkai run`s of `folder` (each into a new output, the last one kept), each
    followed by the floor on the same files."""
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    gongkai_runs, floor_runs = [], []
    out = work / f"out-{slug(name)}"
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        gongkai_runs.append(gongkai(folder, out, workers))
        floor_runs.append(pool_time(floor.read, files, floor.workers or workers, floor.init))
    summary = json.loads((out / "current" / "run.json").read_text(encoding="utf-8"))
    distinct_files = len({hashlib.sha256(Path(f).read_bytes()).digest() for f in files})
    if summary["extracted"] != distinct_files:
        raise SystemExit(
            f"{name}: gongkai extracted {summary['extracted']} of {distinct_files} distinct files"
        )
    pages = pdf_pages([f for f in files if f.endswith(".pdf")])
    return Comparison(name, len(files), pages, Series(gongkai_runs), Series(floor_runs), out, summary)


def slug(name: str) -> str:
    return re.sub(r"\W+", "-", name, flags=re.ASCII).strip("-")


@dataclass
class Reference:
    """Measured once for a generated corpus: a no-op rerun of it into the output of its last run;
    with --plumber, gongkai on its PDFs alone against pdfplumber's plain text of them."""

    n: int
    noop: Measure
    pdfs: int = 0
    pages: int = 0
    gongkai_pdf: Measure | None = None
    plumber: Measure | None = None

    def rows(self) -> list[list[str]]:
        rows = [
            [f"no-op rerun, {self.n} docs", f"{self.noop.seconds:.1f}", "", f"{self.noop.peak_rss_mb:.0f}"]
        ]
        if self.gongkai_pdf and self.plumber:
            rows += [
                [f"gongkai, {self.pdfs} PDFs of {self.n} docs", *self.speed(self.gongkai_pdf)],
                [f"pdfplumber text, {self.pdfs} PDFs", *self.speed(self.plumber)],
            ]
        return rows

    def speed(self, measure: Measure) -> list[str]:
        rss = f"{measure.peak_rss_mb:.0f}" if measure.peak_rss_mb else ""
        return [f"{measure.seconds:.1f}", f"{self.pages / measure.seconds:.0f}", rss]


REFERENCE_HEAD = ("run (once)", "seconds", "PDF pages/s", "peak RSS MB")


def reference(generated: Comparison, corpus: Path, work: Path, workers: int, plumber: bool) -> Reference:
    measured = Reference(generated.docs, gongkai(corpus, generated.out, workers))
    if plumber:
        pdfs = sorted(str(p) for p in (corpus / "pdf").iterdir())
        measured.pdfs, measured.pages = len(pdfs), pdf_pages(pdfs)
        measured.gongkai_pdf = gongkai(corpus / "pdf", work / f"out-{generated.docs}-pdf", workers)
        measured.plumber = pool_time(plumber_text, pdfs, workers, nothing)
    return measured


@dataclass(frozen=True)
class Kind:
    """Documents of one kind: how the bench writes them, the floor they are compared with, and
    the most gongkai / floor may be (None: no target)."""

    name: str
    suffix: str
    write: Writer
    floor: Floor = TEXT_FLOOR
    target: float | None = None


def kinds() -> list[Kind]:
    """The kinds of document measured apart: the sample PDFs with a ruled table and those without
    one, task tables ruled by line segments, the generated texts as DOCX, TXT and HTML, task tables
    as workbooks, and the pages of the scanned sample."""
    tables = tuple(p for p in sample_pdfs() if has_tables(p))
    prose = tuple(p for p in sample_pdfs() if not has_tables(p))
    return [
        Kind("prose PDF, sample copies", ".pdf", copies_of(prose)),
        Kind("table PDF, sample copies", ".pdf", copies_of(tables), target=3),
        Kind("table PDF, rules as line segments", ".pdf", line_table_pdf, target=3),
        Kind("DOCX", ".docx", text_writer(write_docx)),
        Kind("TXT", ".txt", text_writer(write_txt)),
        Kind("HTML", ".html", text_writer(write_html)),
        Kind("XLSX", ".xlsx", write_xlsx),
        Kind("OCR page, scanned sample", ".pdf", scanned_page, OCR_FLOOR),
    ]


# ---------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Target:
    """A measured ratio and the most it may be."""

    what: str
    value: float
    limit: float

    def line(self) -> str:
        verdict = "met" if self.value <= self.limit else f"MISSED by {self.value / self.limit - 1:.0%}"
        return f"  {self.what:<60} {self.value:6.2f}   target ≤ {self.limit:<5g} {verdict}"


def generated_targets(generated: list[Comparison]) -> list[Target]:
    targets = [Target(f"generated corpus, {c.docs} docs: gongkai / floor", c.ratio, 2.5) for c in generated]
    if len(generated) == 2:
        small, large = generated
        scale = large.docs / small.docs
        targets += [
            Target(
                f"{large.docs} docs / {small.docs} docs: time",
                large.gongkai.median / small.gongkai.median,
                round(1.05 * scale, 2),
            ),
            Target(
                f"{large.docs} docs / {small.docs} docs: peak RSS", large.gongkai.rss / small.gongkai.rss, 1.2
            ),
        ]
    return targets


def real_targets(real: list[Comparison]) -> list[Target]:
    return [Target(f"{c.docs} distinct copies of the sample PDFs: gongkai / floor", c.ratio, 3) for c in real]


def kind_targets(measured: list[Comparison]) -> list[Target]:
    limits = {kind.name: kind.target for kind in kinds()}
    return [
        Target(f"{c.name}: gongkai / floor", c.ratio, limit)
        for c in measured
        if (limit := limits[c.name]) is not None
    ]


def markdown(head: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


def report(
    corpora: list[Comparison],
    per_kind: list[Comparison],
    references: list[Reference],
    targets: list[Target],
    runs: int,
    workers: int,
) -> list[str]:
    seconds = (
        "seconds of one run"
        if runs == 1
        else f"seconds over {runs} runs as min / median / max, ratios of the medians"
    )
    lines = [f"gongkai benchmark: {workers} workers, {os.cpu_count()} cores; {seconds}", ""]
    for head, comparisons in (("corpus", corpora), ("kind", per_kind)):
        if comparisons:
            lines += [*markdown((head, *COMPARISON_HEAD[1:]), [c.row() for c in comparisons]), ""]
    if references:
        lines += [*markdown(REFERENCE_HEAD, [row for r in references for row in r.rows()]), ""]
    if per_kind:
        tables = [p.name for p in sample_pdfs() if has_tables(p)]
        prose = [p.name for p in sample_pdfs() if not has_tables(p)]
        lines += [f"sample PDFs with a ruled table: {', '.join(tables)}; without: {', '.join(prose)}", ""]
    lines += [
        "targets (" + ("one run" if runs == 1 else f"median of {runs} runs") + "):",
        *(t.line() for t in targets),
    ]
    return lines


# ---------------------------------------------------------------------------- the run

STARTED = time.perf_counter()


def progress(done: str) -> None:
    print(f"{time.perf_counter() - STARTED:5.0f} s: {done}", flush=True)


def measure_generated(
    work: Path, sizes: list[int], runs: int, workers: int, plumber: bool
) -> tuple[list[Comparison], list[Reference]]:
    """The generated corpus of the largest size built, the smaller ones its first documents; each
    compared with the floor, and measured once for the reference."""
    build_corpus(work / f"corpus-{sizes[-1]}", sizes[-1], workers)
    for size in sizes[:-1]:
        subset(work / f"corpus-{sizes[-1]}", work / f"corpus-{size}", size)
    progress(f"built the generated corpus of {sizes[-1]}")
    generated, references = [], []
    for size in sizes:
        corpus = work / f"corpus-{size}"
        generated.append(compare(f"generated, {size} docs", corpus, TEXT_FLOOR, work, runs, workers))
        references.append(reference(generated[-1], corpus, work, workers, plumber))
        progress(f"measured the generated corpus of {size}")
    return generated, references


def measure_real(work: Path, count: int, runs: int, workers: int) -> list[Comparison]:
    """`count` distinct copies of the sample PDFs compared with the floor."""
    if not count:
        return []
    build(work / "real", count, ".pdf", copies_of(sample_pdfs()))
    real = compare(f"sample PDFs, {count} copies", work / "real", TEXT_FLOOR, work, runs, workers)
    progress(f"measured {real.name}")
    return [real]


def measure_kinds(work: Path, docs: int, ocr_pages: int, runs: int, workers: int) -> list[Comparison]:
    """Each kind built in a folder of its own (`ocr_pages` scanned pages, `docs` documents of the
    others) and compared with its floor."""
    measured = []
    for kind in kinds():
        count = ocr_pages if kind.floor is OCR_FLOOR else docs
        if not count:
            continue
        folder = work / "kinds" / slug(kind.name)
        build(folder, count, kind.suffix, kind.write)
        measured.append(compare(kind.name, folder, kind.floor, work, runs, workers))
        progress(f"measured {kind.name}")
    return measured


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="documents in the small corpus (default 200)")
    ap.add_argument(
        "--scale", type=int, default=10, help="the large corpus is N × scale (default 10; 1: skip)"
    )
    ap.add_argument(
        "--runs", type=int, default=5, help="runs of each timing, the median compared (default 5)"
    )
    ap.add_argument(
        "--real", type=int, default=300, help="distinct copies of the sample PDFs (default 300; 0: skip)"
    )
    ap.add_argument(
        "--kind-docs",
        type=int,
        default=40,
        help="documents of each kind measured apart (default 40; 0: skip)",
    )
    ap.add_argument(
        "--ocr-pages",
        type=int,
        default=2,
        help="scanned pages, each a document, for OCR (default 2; 0: skip)",
    )
    ap.add_argument(
        "--plumber",
        action="store_true",
        help="also time the generated PDFs by gongkai alone and by pdfplumber's extract_text, once",
    )
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--keep", type=Path, default=None, help="build the corpora and outputs here and keep them"
    )
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        sizes = [args.n] if args.scale <= 1 else [args.n, args.n * args.scale]
        generated, references = measure_generated(work, sizes, args.runs, args.workers, args.plumber)
        real = measure_real(work, args.real, args.runs, args.workers)
        per_kind = measure_kinds(work, args.kind_docs, args.ocr_pages, args.runs, args.workers)
        targets = generated_targets(generated) + real_targets(real) + kind_targets(per_kind)
        corpora = generated + real
        print("\n".join(report(corpora, per_kind, references, targets, args.runs, args.workers)))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
