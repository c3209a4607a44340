"""`gongkai show DIR DOC_ID`: one self-contained HTML page to check a document's extraction by eye.

The document is extracted again from its file (offline), and its canonical text is shown with every
span highlighted by kind; hovering over a stretch shows the records of the spans that cover it (the
values of the rows they produced). A PDF's pages follow as images, with the boxes of the lines OCR
read outlined.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import Config
from pipeline.dataset.loader import load_dataset
from pipeline.document import Document, Span
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
PAGE_DPI = 72
STYLE = """
body { font-family: sans-serif; margin: 2em; } pre { white-space: pre-wrap; line-height: 1.7; }
.legend span { padding: 0 .4em; margin-right: .5em; } .page { margin: 1em 0; position: relative; }
.page img { border: 1px solid #ccc; } .box { position: absolute; border: 1px solid #d33; }
"""


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
    with the records of all the spans covering it."""
    shown = [s for s in doc.spans if s.label in COLOURS and s.end > s.start]
    bounds = sorted({0, len(doc.text), *(s.start for s in shown), *(s.end for s in shown)})
    for start, end in itertools.pairwise(bounds):
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
    """A PDF's pages as images, the boxes of the lines OCR read outlined on them."""
    if doc.format != "pdf":
        return
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(doc.source_path)
    try:
        for number in range(1, len(pdf) + 1):
            buffer = io.BytesIO()
            pdf[number - 1].render(scale=PAGE_DPI / 72).to_pil().save(buffer, format="PNG")
            image = base64.b64encode(buffer.getvalue()).decode("ascii")
            boxes = "".join(
                f'<div class="box" style="left:{b.box[0]}px;top:{b.box[1]}px;'
                f'width:{b.box[2] - b.box[0]}px;height:{b.box[3] - b.box[1]}px"></div>'
                for b in doc.blocks
                if b.page == number and b.box
            )
            picture = f'<img src="data:image/png;base64,{image}">'
            yield f'<p>page {number}</p><div class="page">{picture}{boxes}</div>'
    finally:
        pdf.close()
