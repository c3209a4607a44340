"""DOCX backend: a safety check of the zip package, then paragraphs and tables in body order."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from lxml.etree import _Element

from pipeline.config import Config
from pipeline.ingest.layout import GridCell, Layout
from pipeline.ingest.numbering import ListNumbers
from pipeline.ingest.packages import check_package

W_TEXT = qn("w:t")
W_BREAK = qn("w:br")
CHARACTERS = {qn("w:tab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}
# parts of a paragraph that are not its running text: properties, deletions, text boxes, fallbacks
NOT_SHOWN = {
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:del"),
    qn("w:txbxContent"),
    qn("w:footnoteReference"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def read_docx(data: bytes, path: str, config: Config) -> Layout:
    """Check the package is safe to open, then lay out its body."""
    check_package(data, path, config.max_inflated_bytes, "DOCX")
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element if has_numbering(document) else None
    reader = BodyReader(Layout(), ListNumbers(numbering), document)
    for element in body_items(document.element.body):
        reader.add(element)
    return reader.layout


def has_numbering(document: docx.document.Document) -> bool:
    rels = document.part.rels.values()
    return any(rel.reltype.endswith("/numbering") for rel in rels)


# ---------------------------------------------------------------------------- body


def body_items(container: _Element) -> Iterator[_Element]:
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in container:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from body_items(child if content is None else content)


class BodyReader:
    """Writes body paragraphs and tables into a Layout, numbering lists as Word shows them."""

    def __init__(self, layout: Layout, numbers: ListNumbers, document: docx.document.Document):
        self.layout = layout
        self.numbers = numbers
        self.document = document

    def add(self, element: _Element) -> None:
        if element.tag == qn("w:tbl"):
            self.add_table(element)
        else:
            self.add_paragraph(element)

    def add_paragraph(self, p: _Element) -> None:
        number, text = self.paragraph_text(p)
        for i, line in enumerate(text.split("\n")):
            self.layout.add_line(line, numbering=number if i == 0 else None)

    def add_table(self, tbl: _Element) -> None:
        table = -1
        row = 0
        for tr in tbl.iterfind(qn("w:tr")):
            cells = []
            col = tr.grid_before  # a cell's grid column: the row's skipped columns and the spans before it
            for tc in tr.iterfind(qn("w:tc")):
                cells.append(self.cell(tc, col))
                col += tc.grid_span
            if not any(text for _, text in cells):
                continue
            if table < 0:
                table = self.layout.new_table()
            self.layout.add_row(cells, table, row)
            row += 1

    def cell(self, tc: _Element, col: int) -> GridCell:
        """(grid column, text); a vertically merged continuation is empty.

        Unlike a PDF cell's wrapped lines, a DOCX cell's paragraphs and line breaks were typed by
        its author (one unit per line, say), so they are kept as a space.
        """
        if tc.vMerge == "continue":
            return col, ""
        lines = (line.strip() for p in tc.iter(qn("w:p")) for line in self.paragraph_text(p)[1].split("\n"))
        return col, " ".join(line for line in lines if line)

    def paragraph_text(self, p: _Element) -> tuple[str | None, str]:
        """The paragraph's rendered list number (or None) and its text with that number prefixed."""
        text = "".join(run_text(p)).replace("\t", " ")
        rendered = self.list_number(p)
        if rendered is None:
            return None, text
        number, suffix = rendered
        return number, f"{number}{suffix}{text.lstrip()}" if text.strip() else text

    def list_number(self, p: _Element) -> tuple[str, str] | None:
        num_pr = self.num_pr(p)
        if num_pr is None:
            return None
        num_id = val_of(num_pr, "w:numId")
        if not num_id or num_id == "0":
            return None
        return self.numbers.render(num_id, int(val_of(num_pr, "w:ilvl") or 0))

    def num_pr(self, p: _Element) -> _Element | None:
        """The paragraph's w:numPr, its own or inherited from its paragraph style."""
        p_pr = p.find(qn("w:pPr"))
        num_pr = None if p_pr is None else p_pr.find(qn("w:numPr"))
        if num_pr is not None:
            return num_pr
        style_id = None if p_pr is None else val_of(p_pr, "w:pStyle")
        return self.style_num_pr(style_id)

    def style_num_pr(self, style_id: str | None) -> _Element | None:
        seen: set[str] = set()
        styles = self.document.styles.element
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = styles.get_by_id(style_id)
            if style is None:
                return None
            p_pr = style.find(qn("w:pPr"))
            num_pr = None if p_pr is None else p_pr.find(qn("w:numPr"))
            if num_pr is not None:
                return num_pr
            style_id = val_of(style, "w:basedOn")
        return None


def run_text(element: _Element) -> Iterator[str]:
    """The text Word shows: inserted and hyperlinked runs in; deleted text, text boxes, field codes out."""
    for child in element:
        if child.tag == W_TEXT:
            yield child.text or ""
        elif child.tag == W_BREAK:
            yield "" if child.get(qn("w:type")) in ("page", "column") else "\n"
        elif child.tag in CHARACTERS:
            yield CHARACTERS[child.tag]
        elif child.tag not in NOT_SHOWN:
            yield from run_text(child)


def val_of(parent: _Element, tag: str) -> str:
    child = parent.find(qn(tag))
    return "" if child is None else child.get(qn("w:val"), "")
