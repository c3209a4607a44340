"""Stage `clean`: the canonical text, with a map from each of its characters back to the ingested text.

Block by block: characters are normalised (fold.py), web-page chrome and lone page numbers
are dropped (chrome.py, what the chrome said is kept in Document.chrome, the fields it gives
in Document.page_fields), and paragraph lines
broken mid-sentence are joined again (lines.py). Table cells stay cells, one block each.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from pipeline.config import Config
from pipeline.document import Block, Document
from pipeline.normalize.chrome import is_chrome, is_field_label, is_page_number, page_fields
from pipeline.normalize.fold import canonical_char, canonical_table
from pipeline.normalize.lines import continues, starts_item, wrap_width
from pipeline.stages import stage

log = logging.getLogger(__name__)

LINE_KINDS = ("paragraph", "heading")  # the blocks that can be chrome, page numbers or joined
MAX_FIELD_VALUE = 60


@dataclass
class CleanBlock:
    """A block's canonical text, each character's offset in the stage's input, and its input extent."""

    block: Block
    text: str
    offsets: list[int]
    end: int  # where the (last) source block ends in the input
    last_line: str  # the text of the last source line joined into this piece


@stage("clean", assigns=("canonical_text", "chrome", "page_fields"))
def clean(doc: Document, config: Config) -> Document:
    """Replace doc.text by its canonical form; keep the ingested text in doc.raw_text."""
    source = doc.text
    pieces = [normalize_block(source, block) for block in covering_blocks(source, doc.blocks)]
    pieces, chrome = split_off_chrome(source, pieces)
    pieces = join_broken_lines(pieces)
    text, offsets, blocks = assemble(source, pieces)
    log.debug("clean %s: %d chrome lines", doc.source_path, len(chrome))
    if doc.offset_map:  # cleaned before: map through to the ingested text
        offsets = [doc.offset_map[o] for o in offsets]
    else:
        doc.raw_text = source
    doc.text, doc.offset_map, doc.blocks = text, offsets, blocks
    doc.chrome = [*doc.chrome, *chrome]
    doc.page_fields = {**page_fields(chrome), **doc.page_fields}
    return doc


def covering_blocks(text: str, blocks: list[Block]) -> list[Block]:
    """The blocks in text order, plus a paragraph block for every non-blank line no block covers."""
    ordered = sorted(blocks, key=lambda b: (b.start, b.end))
    covered = bytearray(len(text))
    for block in ordered:
        covered[block.start : block.end] = b"\x01" * (block.end - block.start)
    extra = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        for run_start, run_end in uncovered_runs(covered, start, end):
            if text[run_start:run_end].strip():
                extra.append(Block("paragraph", run_start, run_end))
        start = end + 1
    return sorted(ordered + extra, key=lambda b: (b.start, b.end)) if extra else ordered


def uncovered_runs(covered: bytearray, start: int, end: int) -> list[tuple[int, int]]:
    """Maximal runs of offsets in [start, end) that no block covers."""
    runs = []
    i = covered.find(0, start, end)
    while i >= 0:
        j = covered.find(1, i, end)
        j = end if j < 0 else j
        runs.append((i, j))
        i = covered.find(0, j, end)
    return runs


def normalize_block(text: str, block: Block) -> CleanBlock:
    """The canonical text of one block (line by line, should it hold several)."""
    chars: list[str] = []
    offsets: list[int] = []
    start = block.start
    for line in text[block.start : block.end].split("\n"):
        canonical, line_offsets = normalize_line(line, start)
        if canonical and any(chars):
            chars.append("\n")
            offsets.append(start - 1)
        chars.append(canonical)
        offsets.extend(line_offsets)
        start += len(line) + 1
    text = "".join(chars)
    return CleanBlock(block, text, offsets, block.end, text)


def normalize_line(line: str, start: int) -> tuple[str, list[int]]:
    """Canonical form of one line found at raw offset `start`, with each character's raw offset.

    Characters are normalised, runs of spaces collapse to one, and leading spaces and
    trailing whitespace go (leading tabs stay: they place a row's cells in their columns).
    """
    mapped = line.translate(canonical_table())
    if (
        len(mapped) == len(line)
        and "  " not in mapped
        and not mapped.startswith(" ")
        and not mapped.endswith((" ", "\t"))
    ):
        return mapped, list(range(start, start + len(line)))  # nothing dropped or collapsed
    chars: list[str] = []
    offsets: list[int] = []
    for i, raw in enumerate(line):
        char = canonical_char(raw)
        if not char or (char == " " and (not chars or chars[-1] == " ")):
            continue
        chars.append(char)
        offsets.append(start + i)
    while chars and chars[-1] in " \t":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def split_off_chrome(source: str, pieces: list[CleanBlock]) -> tuple[list[CleanBlock], list[str]]:
    """The pieces that stay, and the text of the chrome lines dropped.

    Table cells always stay (empty ones too); other blocks go when empty, and lines also
    when they are chrome or a lone page number. A line after a bare info-box label
    ('文 号:') is that field's value and goes with it.
    """
    kept: list[CleanBlock] = []
    chrome: list[str] = []
    label_end = -1  # where the line before ended, if it was a bare info-box label
    for piece in pieces:
        previous_label_end, label_end = label_end, -1
        if piece.block.kind not in LINE_KINDS:
            if piece.text or piece.block.kind == "table_cell":
                kept.append(piece)
        elif is_chrome(piece.text):
            chrome.append(piece.text)
            label_end = piece.end if is_field_label(piece.text) else -1
        elif previous_label_end >= 0 and is_field_value(
            source[previous_label_end : piece.block.start], piece.text
        ):
            chrome[-1] += " " + piece.text
        elif piece.text and not is_page_number(piece.text):
            kept.append(piece)
    return kept, chrome


def is_field_value(gap: str, line: str) -> bool:
    """True for a short line right on the next line (`gap` between) after a bare info-box label."""
    return gap.count("\n") == 1 and len(line) <= MAX_FIELD_VALUE and not starts_item(line)


def join_broken_lines(pieces: list[CleanBlock]) -> list[CleanBlock]:
    """Join each paragraph line broken mid-sentence to the one before it."""
    width = wrap_width([p.text for p in pieces if p.block.kind == "paragraph"])
    joined: list[CleanBlock] = []
    for piece in pieces:
        last = joined[-1] if joined else None
        if last and is_paragraph_pair(last, piece) and continues(last.last_line, piece.text, width):
            glue = " " if is_word_char(last.text[-1]) and is_word_char(piece.text[0]) else ""
            last.offsets.extend([last.end] * len(glue) + piece.offsets)
            last.text += glue + piece.text
            last.end, last.last_line = piece.end, piece.text
            last.block = replace(last.block, box=joined_box(last.block, piece.block))
            continue
        joined.append(piece)
    return joined


def joined_box(first: Block, second: Block) -> tuple[float, float, float, float] | None:
    """The box of two OCR'd lines joined into one paragraph on one page: both boxes' union."""
    if first.box is None or second.box is None or first.page != second.page:
        return first.box
    a, b = first.box, second.box
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def is_word_char(char: str) -> bool:
    """A Latin letter or digit: two of them across a line break need a space between."""
    return char.isascii() and char.isalnum()


def is_paragraph_pair(first: CleanBlock, second: CleanBlock) -> bool:
    """Both are plain paragraphs (no list numbering on the second)."""
    return first.block.kind == second.block.kind == "paragraph" and second.block.numbering is None


def assemble(source: str, pieces: list[CleanBlock]) -> tuple[str, list[int], list[Block]]:
    """The canonical text, its offset map and its blocks, pieces separated as they were in `source`."""
    parts: list[str] = []
    offsets: list[int] = []
    blocks: list[Block] = []
    length = 0
    previous_end: int | None = None
    for piece in pieces:
        if previous_end is not None:
            separator, at = gap_separator(source, previous_end, piece.block.start)
            if separator:
                parts.append(separator)
                offsets.append(at)
                length += 1
        blocks.append(replace(piece.block, start=length, end=length + len(piece.text)))
        parts.append(piece.text)
        offsets.extend(piece.offsets)
        length += len(piece.text)
        previous_end = piece.end
    return "".join(parts), offsets, blocks


def gap_separator(source: str, start: int, end: int) -> tuple[str, int]:
    """What stands between two blocks: a newline, a tab, a space or nothing, and where it was."""
    gap = source[start:end]
    for separator in ("\n", "\t"):
        if separator in gap:
            return separator, start + gap.index(separator)
    return (" ", start) if gap else ("", start)
