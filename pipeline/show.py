"""`gongkai show DIR DOC_ID`: one self-contained HTML page to check a document's extraction by eye.

The document is extracted again from its file (offline), and its canonical text is shown with every
span highlighted by kind; hovering over a stretch shows the records of the spans that cover it (the
values of the rows they produced). A PDF's pages follow as images: over a text layer each task,
unit, deadline, figure and template cell is outlined on the characters it was read from (found by
aligning the canonical text with the page's own text), over an OCR'd page the lines OCR read,
titled with the spans they hold.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.dataset.loader import load_dataset
from pipeline.document import Block, Document, Span
from pipeline.ingest.pdf_objects import PageSpace, read_text
from pipeline.normalize.fold import canonical_char
from pipeline.process import extract_file
from pipeline.records import Record

COLOURS = {
    "section": "#e0e7ff",
    "task": "#fef3c7",
    "unit": "#bbf7d0",
    "deadline": "#fecaca",
    "statistic": "#bae6fd",
    "report_cell": "#ddd6fe",
    "metadata": "#f5d0fe",
}
OUTLINED = ("task", "unit", "deadline", "statistic", "report_cell")  # the spans outlined on a page
PAGE_SCALE = 1.5  # image pixels per PDF point (108 dpi)
STYLE = """
body { font-family: sans-serif; margin: 2em; } pre { white-space: pre-wrap; line-height: 1.7; }
.legend span { padding: 0 .4em; margin-right: .5em; } .page { margin: 1em 0; position: relative; }
.page img { border: 1px solid #ccc; display: block; }
.box { position: absolute; border: 1px solid #d33; mix-blend-mode: multiply; }
.line { border-color: #999; }
"""
Box = tuple[float, float, float, float]  # x0, top, x1, bottom on the page as displayed, in points


def document_in(out: Path, doc_id: str) -> Path:
    """The source file of document `doc_id` in the dataset at `out`."""
    documents = load_dataset(out, typed_columns=False).documents
    found = documents[documents.doc_id == doc_id]
    if found.empty:
        raise KeyError(f"{out}: no document {doc_id!r} in the dataset")
    return Path(str(found.source_path.iloc[0]))


def show(out: Path, doc_id: str, page: Path) -> Path:
    """Write the page checking document `doc_id` of the dataset at `out` to `page`."""
    path = document_in(out, doc_id)
    if not path.exists():
        raise FileNotFoundError(f"{path}: the file of document {doc_id} is no longer there")
    doc = extract_file(path, Config())
    note = "" if doc.doc_id == doc_id else "<p><b>The file has changed since the dataset was made.</b></p>"
    page.write_text(render(doc, note), encoding="utf-8")
    return page


def render(doc: Document, note: str = "") -> str:
    legend = "".join(f'<span style="background:{c}">{label}</span>' for label, c in COLOURS.items())
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(doc.source_path)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(doc.source_path)}</h1>{note}"
        f"<p>doc_id {doc.doc_id} · {doc.format} · {doc.meta.doc_type} · {len(doc.spans)} spans</p>"
        f'<p class="legend">{legend}</p><pre>{"".join(highlighted(doc))}</pre>'
        f"{''.join(page_images(doc))}</body></html>"
    )


def highlighted(doc: Document) -> Iterator[str]:
    """The text cut at every span boundary, each stretch coloured by its innermost span and titled
    with the records of all the spans covering it; an anchor `LABEL-START` where each span starts
    (the report links each task, figure and cell to it)."""
    shown = [s for s in doc.spans if s.label in COLOURS and s.end > s.start]
    bounds = sorted({0, len(doc.text), *(s.start for s in shown), *(s.end for s in shown)})
    anchors: dict[int, set[str]] = {}
    for span in shown:
        if span.label in OUTLINED:
            anchors.setdefault(span.start, set()).add(span.label)
    for start, end in itertools.pairwise(bounds):
        yield "".join(f'<a id="{label}-{start}"></a>' for label in sorted(anchors.get(start, ())))
        text = html.escape(doc.text[start:end])
        covering = [s for s in shown if s.start <= start and end <= s.end]
        if not covering:
            yield text
            continue
        inner = min(covering, key=lambda s: s.end - s.start)
        title = html.escape("\n\n".join(described(s) for s in covering), quote=True)
        yield f'<span style="background:{COLOURS[inner.label]}" title="{title}">{text}</span>'


def described(span: Span[Record]) -> str:
    values = {k: v for k, v in span.record.values().items() if v not in (None, "")}
    return f"{span.label} [{span.start}, {span.end})\n" + json.dumps(values, ensure_ascii=False, default=str)


def page_images(doc: Document) -> Iterator[str]:
    """A PDF's pages as images, the spans outlined where they were read."""
    if doc.format != "pdf":
        return
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(doc.source_path)
    unplaced: list[int] = []  # characters of the last page not found there: a row running on
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            blocks = [b for b in doc.blocks if b.page == number]
            read = [o for b in blocks if b.box is None for o in range(b.start, b.end)]
            places = text_layer_places(doc, page, unplaced + read)
            unplaced = [o for o in read if o not in places and not doc.text[o].isspace()]
            boxes = "".join(outlines(doc, places, blocks))
            yield f'<p id="page-{number}">page {number}</p><div class="page">{picture(page)}{boxes}</div>'
    finally:
        pdf.close()


def picture(page: Any) -> str:
    image = page.render(scale=PAGE_SCALE).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" width="{image.width}" height="{image.height}">'


def outlines(doc: Document, places: dict[int, Box], blocks: list[Block]) -> Iterator[str]:
    """The outlines on one page: each span over the characters it covers on the text layer, and
    each block OCR read (its lines' box, titled with the spans in it: OCR gives no character's box)."""
    for span in doc.spans:
        if span.label in OUTLINED:
            boxes = [places[o] for o in range(span.start, span.end) if o in places]
            for box in merged(boxes):
                yield outline(box, span.label, described(span), span)
    for block in blocks:
        if block.box is not None:
            inside = [
                s for s in doc.spans if s.label in OUTLINED and s.start < block.end and block.start < s.end
            ]
            yield outline(block.box, "line", "\n\n".join(described(s) for s in inside))


def outline(box: Box, kind: str, title: str, span: Span[Record] | None = None) -> str:
    x0, top, x1, bottom = (value * PAGE_SCALE for value in box)
    where = f' data-start="{span.start}" data-end="{span.end}"' if span else ""
    colour = f"background:{COLOURS[kind]};" if kind in COLOURS else ""
    return (
        f'<div class="box {kind}"{where} title="{html.escape(title, quote=True)}" style="{colour}'
        f'left:{x0:.1f}px;top:{top:.1f}px;width:{x1 - x0:.1f}px;height:{bottom - top:.1f}px"></div>'
    )


def text_layer_places(doc: Document, page: Any, offsets: list[int]) -> dict[int, Box]:
    """Where on the page each character of the canonical text at `offsets` stands: those characters
    aligned with the page's text layer, one by one, blanks ignored."""
    doc_chars = [o for o in offsets if not doc.text[o].isspace()]
    if not doc_chars:
        return {}
    text = read_text(page.get_textpage())
    space = PageSpace.of(page)
    page_chars = [(i, canonical_char(ch)[:1]) for i, ch in enumerate(text.text) if not text.blank[i]]
    page_chars = [(i, key) for i, key in page_chars if key.strip()]
    matcher = SequenceMatcher(
        None, "".join(key for _, key in page_chars), "".join(doc.text[o] for o in doc_chars), autojunk=False
    )
    places: dict[int, Box] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            left, bottom, right, top = text.boxes[page_chars[a + k][0]].tolist()
            places[doc_chars[b + k]] = space.box(left, bottom, right, top)
    return places


def merged(boxes: Iterable[Box]) -> Iterator[Box]:
    """Character boxes in reading order, merged into one box per unbroken stretch of a line."""
    current: Box | None = None
    for box in boxes:
        height = box[3] - box[1]
        if (
            current
            and box[1] < current[3]
            and box[3] > current[1]
            and 0 <= box[0] - current[2] + height < 2 * height
        ):
            current = (current[0], min(current[1], box[1]), max(current[2], box[2]), max(current[3], box[3]))
            continue
        if current:
            yield current
        current = box
    if current:
        yield current
