"""Benchmark: gongkai end to end against the floor and against pdfplumber, for N and 10×N documents.

    python scripts/bench.py [--n 200] [--scale 10] [--runs 5] [--real 300] [--workers CORES]

Builds a corpus of N documents from the TXT samples (region names, years and figures varied), a
third each as TXT, DOCX (python-docx) and PDF (LibreOffice when installed, else reportlab with its
built-in CID font STSong-Light; tab-separated lines become ruled tables). Then, on the same files,
with the same number of worker processes, `--runs` times each (a run of gongkai, then one of the
floor; the median of the runs compared, min / median / max printed):

- gongkai: `gongkai run` of the whole corpus into a new output (wall time, start-up included;
  peak RSS summed over the run's processes);
- floor: pypdfium2 text of each PDF (TXT decoded, DOCX paragraphs) and jieba segmentation of it.

The same for `--real` distinct copies of the sample PDFs with a text layer (each copy a PDF
comment longer after its end, so that gongkai, which extracts a file whose sha256 it has seen only
once, reads every copy; a run that extracted fewer files than it was given stops the bench).

Once for each corpus, as a reference: `gongkai run` of the PDFs alone into another output against
pdfplumber's `extract_text` of every page of them, and a no-op rerun of the whole corpus.
"""

from __future__ import annotations

import argparse
import csv
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


def reportlab_pdf(text: str, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    page_width, page_height = A4
    width = page_width - 2 * MARGIN
    pdf = canvas.Canvas(str(path), pagesize=A4)
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


# ---------------------------------------------------------------------------- sample PDFs, made distinct

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


def floor_text(path: str) -> int:
    """Text by the fastest reader of each format, segmented by jieba: the characters read."""
    import jieba

    if path.endswith(".pdf"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
    elif path.endswith(".docx"):
        import docx

        text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    else:
        text = Path(path).read_text(encoding="utf-8")
    list(jieba.cut(text))
    return len(text)


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
    if summary["extracted"] != len(files):
        raise SystemExit(f"{name}: gongkai extracted {summary['extracted']} of {len(files)} files")
    pages = pdf_pages([f for f in files if f.endswith(".pdf")])
    return Comparison(name, len(files), pages, Series(gongkai_runs), Series(floor_runs), out, summary)


def slug(name: str) -> str:
    return re.sub(r"\W+", "-", name, flags=re.ASCII).strip("-")


@dataclass
class Reference:
    """Measured once for a generated corpus: gongkai on its PDFs alone against pdfplumber's plain
    text of them, and a no-op rerun of the whole corpus into the output of its last run."""

    n: int
    pdfs: int
    pages: int
    gongkai_pdf: Measure
    plumber: Measure
    noop: Measure

    def rows(self) -> list[list[str]]:
        return [
            [f"gongkai, {self.pdfs} PDFs of {self.n} docs", *self.speed(self.gongkai_pdf)],
            [f"pdfplumber text, {self.pdfs} PDFs", *self.speed(self.plumber)],
            [f"no-op rerun, {self.n} docs", f"{self.noop.seconds:.1f}", "", f"{self.noop.peak_rss_mb:.0f}"],
        ]

    def speed(self, measure: Measure) -> list[str]:
        rss = f"{measure.peak_rss_mb:.0f}" if measure.peak_rss_mb else ""
        return [f"{measure.seconds:.1f}", f"{self.pages / measure.seconds:.0f}", rss]


REFERENCE_HEAD = ("run (once)", "seconds", "PDF pages/s", "peak RSS MB")


def reference(generated: Comparison, corpus: Path, work: Path, workers: int) -> Reference:
    pdfs = sorted(str(p) for p in (corpus / "pdf").iterdir())
    return Reference(
        generated.docs,
        len(pdfs),
        pdf_pages(pdfs),
        gongkai(corpus / "pdf", work / f"out-{generated.docs}-pdf", workers),
        pool_time(plumber_text, pdfs, workers, nothing),
        gongkai(corpus, generated.out, workers),
    )


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


def real_targets(real: Comparison | None) -> list[Target]:
    if real is None:
        return []
    return [Target(f"{real.docs} distinct copies of the sample PDFs: gongkai / floor", real.ratio, 3)]


def markdown(head: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


def report(
    comparisons: list[Comparison], references: list[Reference], targets: list[Target], runs: int, workers: int
) -> list[str]:
    lines = [
        f"gongkai benchmark: {workers} workers, {os.cpu_count()} cores; "
        + (
            "seconds of one run"
            if runs == 1
            else f"seconds over {runs} runs as min / median / max, ratios of the medians"
        ),
        "",
        *markdown(COMPARISON_HEAD, [c.row() for c in comparisons]),
        "",
        *markdown(REFERENCE_HEAD, [row for r in references for row in r.rows()]),
        "",
        "targets (" + ("one run" if runs == 1 else f"median of {runs} runs") + "):",
        *(t.line() for t in targets),
    ]
    return lines


# ---------------------------------------------------------------------------- the run


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
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--keep", type=Path, default=None, help="build the corpora and outputs here and keep them"
    )
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        sizes = [args.n] if args.scale <= 1 else [args.n, args.n * args.scale]
        started = time.perf_counter()
        build_corpus(work / f"corpus-{sizes[-1]}", sizes[-1], args.workers)
        for size in sizes[:-1]:
            subset(work / f"corpus-{sizes[-1]}", work / f"corpus-{size}", size)
        print(f"built {sizes[-1]} documents in {time.perf_counter() - started:.0f} s", flush=True)
        generated, references = [], []
        for size in sizes:
            corpus = work / f"corpus-{size}"
            generated.append(
                compare(f"generated, {size} docs", corpus, TEXT_FLOOR, work, args.runs, args.workers)
            )
            references.append(reference(generated[-1], corpus, work, args.workers))
            print(f"measured N={size}", flush=True)
        real = None
        if args.real:
            build(work / "real", args.real, ".pdf", copies_of(sample_pdfs()))
            name = f"sample PDFs, {args.real} copies"
            real = compare(name, work / "real", TEXT_FLOOR, work, args.runs, args.workers)
            print(f"measured {name}", flush=True)
        comparisons = [*generated, *([real] if real else [])]
        targets = generated_targets(generated) + real_targets(real)
        print("\n".join(report(comparisons, references, targets, args.runs, args.workers)))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
