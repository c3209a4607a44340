"""DOCX backend: a safety check of the zip package, then paragraphs and tables in body order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from lxml.etree import _Element

from pipeline.config import Config
from pipeline.errors import DamagedFileError, UnsafeFileError
from pipeline.ingest.layout import GridCell, Layout
from pipeline.ingest.numbering import ListNumbers
from pipeline.ingest.sizes import human_size

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
CHUNK = 1 << 16
XML_SUFFIXES = (".xml", ".rels")
# declarations that could expand entities, in the encodings an XML part may use
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def read_docx(data: bytes, path: str, config: Config) -> Layout:
    """Check the package is safe to open, then lay out its body."""
    check_package(data, path, config.max_inflated_bytes)
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element if has_numbering(document) else None
    reader = BodyReader(Layout(), ListNumbers(numbering), document)
    for element in body_items(document.element.body):
        reader.add(element)
    return reader.layout


def has_numbering(document: docx.document.Document) -> bool:
    rels = document.part.rels.values()
    return any(rel.reltype.endswith("/numbering") for rel in rels)


# ---------------------------------------------------------------------------- safety


def check_package(data: bytes, path: str, limit: int) -> None:
    """Refuse a damaged zip, one that inflates past `limit`, or XML with a DTD (entity bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            declared = sum(info.file_size for info in infos)
            if declared > limit:
                biggest = max(infos, key=lambda info: info.file_size)
                what = biggest.filename if biggest.file_size > limit else "the package"
                raise UnsafeFileError(path, inflate_refusal(what, max(biggest.file_size, declared), limit))
            budget = limit
            for info in infos:
                budget -= check_part(package, info, path, budget, limit)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise DamagedFileError(path, f"damaged DOCX: the zip package is corrupt ({err})") from err


def check_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, budget: int, limit: int) -> int:
    """Inflate one part within `budget` bytes (headers may lie); the bytes it really holds."""
    size = 0
    tail = b""
    with package.open(info) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            if size > budget:
                raise UnsafeFileError(path, inflate_refusal(info.filename, size, limit))
            if info.filename.endswith(XML_SUFFIXES):
                window = tail + chunk
                if any(marker in window for marker in DTD_MARKERS):
                    raise UnsafeFileError(
                        path, f"refused: {info.filename} declares a DTD or entities (an entity bomb risk)"
                    )
                tail = window[-32:]
    return size


def inflate_refusal(part: str, size: int, limit: int) -> str:
    return f"refused: {part} would inflate to {human_size(size)}, over the {human_size(limit)} limit"


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
