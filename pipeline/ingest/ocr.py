"""OCR of page images: scanned PDF pages (no usable text layer) and image files.

Two engines: rapidocr (PP-OCR models shipped in its wheel, run by onnxruntime; its angle classifier
off, since it flips upright lines) and tesseract (`chi_sim`, found on PATH, told the true DPI: the
low-memory choice). Before reading, strongly red pixels (seals and stamps printed over the text)
are made white. A page read sideways or upside down is turned: where the upright reading is poor,
the four orientations are read and the best kept. Recognised pieces are gathered into lines by
their boxes, top to bottom and left to right; each line keeps its box (points, top left origin)
and the engine's confidence.
"""

from __future__ import annotations

import csv
import fcntl
import io
import itertools
import logging
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import MissingToolError, OcrError
from pipeline.worker import die_with_parent, limit_memory

ENGINES = ("rapidocr", "tesseract")
TESSERACT_PACKAGES = "Debian: apt install tesseract-ocr-chi-sim"
GOOD_READING = 0.85  # a mean confidence at which the upright reading is not questioned
MIN_SCORE = 0.5  # pieces read with less confidence are noise (a seal's ring, a smudge)
# how running out of address space shows in the engine's libraries (C++, the loader, the OS)
OUT_OF_MEMORY = ("bad_alloc", "failed to map segment", "Cannot allocate memory")


@dataclass(frozen=True)
class OcrLine:
    """One line of text read from a page image, its box in pixels (x0, y0, x1, y1) and confidence."""

    text: str
    box: tuple[float, float, float, float]
    score: float


@dataclass(frozen=True)
class OcrPiece:
    """What an engine read in one box of the image."""

    text: str
    box: tuple[float, float, float, float]
    score: float

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


Reader = Callable[[np.ndarray, int], list[OcrPiece]]


@cache
def rapidocr_engine() -> Any:
    from rapidocr import RapidOCR  # onnxruntime and its models: only in processes that OCR

    engine = RapidOCR(params={"Global.use_cls": False})
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # an empty page is no warning
    return engine


def rapidocr_pieces(image: np.ndarray, dpi: int) -> list[OcrPiece]:
    """The pieces rapidocr reads in `image` (RGB)."""
    result = rapidocr_engine()(image)
    if result.boxes is None:
        return []
    pieces = []
    for points, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
        pieces.append(OcrPiece(str(text), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    return pieces


def tesseract_pieces(image: np.ndarray, dpi: int) -> list[OcrPiece]:
    """The lines tesseract (chi_sim) reads in `image`, told its true DPI; its words gathered by
    the line it numbers them in. One thread: its OpenMP threads only contend on a small machine."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise MissingToolError(
            "", "OCR with tesseract: install it (Debian: apt install tesseract-ocr-chi-sim)"
        )
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    done = subprocess.run(
        [binary, "stdin", "stdout", "-l", "chi_sim", "--dpi", str(dpi), "tsv"],
        input=buffer.getvalue(),
        capture_output=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    lines: dict[tuple[str, str, str, str], list[OcrPiece]] = {}
    rows = csv.DictReader(io.StringIO(done.stdout.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        text, conf = (row.get("text") or "").strip(), float(row.get("conf") or -1)
        if text and conf >= 0:
            x, y, w, h = (float(row[k]) for k in ("left", "top", "width", "height"))
            key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            lines.setdefault(key, []).append(OcrPiece(text, (x, y, x + w, y + h), conf / 100))
    return [joined(words) for words in lines.values()]


def joined(words: list[OcrPiece]) -> OcrPiece:
    """The words of one line as one piece: their texts in order, their boxes' union, mean confidence."""
    box = (
        min(w.box[0] for w in words),
        min(w.box[1] for w in words),
        max(w.box[2] for w in words),
        max(w.box[3] for w in words),
    )
    return OcrPiece("".join(w.text for w in words), box, sum(w.score for w in words) / len(words))


READERS: dict[str, Reader] = {"rapidocr": rapidocr_pieces, "tesseract": tesseract_pieces}


def without_seals(image: np.ndarray) -> np.ndarray:
    """`image` with its strongly red pixels (a seal printed over the text) made white."""
    rgb = image.astype(np.int16)
    red = (rgb[..., 0] > 150) & (rgb[..., 0] - rgb[..., 1] > 60) & (rgb[..., 0] - rgb[..., 2] > 60)
    cleaned = image.copy()
    cleaned[red] = 255
    return cleaned


def quality(pieces: Sequence[OcrPiece]) -> float:
    """How well a page was read: characters read, weighted by confidence, counted only in lines
    that lie across the page (the recogniser also reads a line standing on end, but then the
    page is sideways and its lines come in the wrong order)."""
    return sum(len(p.text) * p.score for p in pieces if p.box[2] - p.box[0] >= p.height)


def read_upright(image: np.ndarray, dpi: int, reader: Reader) -> tuple[np.ndarray, list[OcrPiece]]:
    """The page turned upright and its pieces: as it is when that reads well (confident, lines
    across the page), else the best of the four orientations."""
    pieces = reader(image, dpi)
    if not pieces:
        return image, pieces  # nothing that looks like text, whichever way up
    if quality(pieces) >= GOOD_READING * sum(len(p.text) for p in pieces):
        return image, pieces
    best = (quality(pieces), image, pieces)
    for turns in (1, 2, 3):
        turned = np.ascontiguousarray(np.rot90(image, turns))
        found = reader(turned, dpi)
        if quality(found) > best[0]:
            best = (quality(found), turned, found)
    return best[1], best[2]


def lines_of(pieces: Sequence[OcrPiece]) -> list[OcrLine]:
    """Pieces gathered into lines: a piece joins the line whose middle lies within its height,
    lines top to bottom, pieces left to right (a wide gap kept as a space)."""
    rows: list[list[OcrPiece]] = []
    for piece in sorted((p for p in pieces if p.score >= MIN_SCORE), key=lambda p: (p.middle, p.box[0])):
        if rows and abs(piece.middle - sum(p.middle for p in rows[-1]) / len(rows[-1])) < piece.height / 2:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = []
    for row in rows:
        row.sort(key=lambda p: p.box[0])
        text = row[0].text
        for before, piece in itertools.pairwise(row):
            gap = piece.box[0] - before.box[2]
            text += (" " if gap > piece.height else "") + piece.text
        left, top = min(p.box[0] for p in row), min(p.box[1] for p in row)
        right, bottom = max(p.box[2] for p in row), max(p.box[3] for p in row)
        lines.append(OcrLine(text, (left, top, right, bottom), sum(p.score for p in row) / len(row)))
    return lines


def read_image(image: np.ndarray, dpi: int, engine: str) -> list[OcrLine]:
    """The lines of text of a page image (RGB), read upright, seals left out."""
    _, pieces = read_upright(without_seals(image), dpi, READERS[engine])
    return lines_of(pieces)


def read_pages(
    images: Sequence[np.ndarray], dpi: int, engine: str, memory_bytes: int, path: str = ""
) -> list[list[OcrLine]]:
    """The lines of each page image, read in a process of its own: its address space may grow by
    `memory_bytes` (the models, ~1 GB for rapidocr), apart from the worker's own budget, and one
    such process reads at a time on this machine. OcrError when it runs out of memory or dies."""
    with one_at_a_time():
        return in_child(lambda: [read_image(image, dpi, engine) for image in images], memory_bytes, path)


@contextmanager
def one_at_a_time() -> Iterator[None]:
    """Hold this machine's OCR lock (a file in the temporary folder) while OCR runs."""
    path = Path(tempfile.gettempdir()) / f"gongkai-ocr-{os.getuid()}.lock"
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def in_child(work: Callable[[], list[list[OcrLine]]], memory_bytes: int, path: str) -> list[list[OcrLine]]:
    """`work()` done in a forked child whose address space may grow by `memory_bytes`; the child
    sends back its result, or the reason it failed."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send it back pickled, and leave without cleanup
        os.close(reading)
        die_with_parent()  # a worker stopped for its time limit takes its OCR process with it
        try:
            limit_memory(memory_bytes)
            outcome: object = work()
        except Exception as err:  # MemoryError, or the engine's own allocation failure (bad_alloc)
            out_of_memory = isinstance(err, MemoryError) or any(m in str(err) for m in OUT_OF_MEMORY)
            last_line = str(err).strip().splitlines()[-1:] or [""]
            outcome = (
                f"OCR ran out of memory (its limit: {memory_bytes // 2**20} MB more)"
                if out_of_memory
                else f"OCR failed: {type(err).__name__}: {last_line[0]}"
            )
        with os.fdopen(writing, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        sent = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not sent:
        raise OcrError(path, f"the OCR process died (status {status})")
    received = pickle.loads(sent)
    if isinstance(received, str):
        raise OcrError(path, received)
    pages: list[list[OcrLine]] = received
    return pages
