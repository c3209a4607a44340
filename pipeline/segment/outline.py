"""Stage `outline`: the numbered headings of a document as a tree of `section` spans.

Four levels: 一、 (1), （一） (2), 1. 1、 1． (3), （1） ① (4). OCR noise is tolerated (`l .`
for `1.`, `2,` `3 ·`, spaces inside `二 、`), and an item written with no number between its
numbered siblings (2 … 4) is recovered from the way it is written.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace

from pipeline.config import Config
from pipeline.document import Block, Document, Span
from pipeline.records import Section
from pipeline.stages import stage

CN_DIGITS = "〇一二三四五六七八九"
CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
OPEN, CLOSE = "[（(]", "[）)]"
# OCR reads 1 as l or I
ARABIC = r"[0-9lI]{1,2}"
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"\s*(?P<num>{CN_NUMERAL})\s*[、,，.．]\s*")),
    (2, re.compile(rf"\s*{OPEN}\s*(?P<num>{CN_NUMERAL})\s*{CLOSE}\s*[、,，.．]?\s*")),
    (3, re.compile(rf"\s*(?P<num>{ARABIC})\s*[.．﹒、,，·•・]\s*")),
    (4, re.compile(rf"\s*(?:{OPEN}\s*(?P<num>[0-9]{{1,2}})\s*{CLOSE}|(?P<circled>[{CIRCLED}]))\s*")),
)
# a title ends at 。 (or a '.' typed for it before a CJK character), a tab or the line's end
TITLE_END = re.compile(r"[。\t\n]|\.(?=[^\x00-\x7f])")
# an unnumbered item written like its siblings: a short heading clause, then a full stop
UNNUMBERED_ITEM = re.compile(r"\s*(?P<title>[^。,，;；:：()（）\t]{2,24})。")
STAGE = "outline"


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a line; offsets are relative to that line."""

    level: int
    value: int  # the number as an integer (一 -> 1, l -> 1, ③ -> 3)
    number: str | None  # as written, None when the number is missing
    start: int
    title_start: int
    title_end: int
    before_digit: bool = False  # '2.2011年底前…': an item only if it is the next in sequence


def parse_heading(line: str) -> Heading | None:
    """The outline heading that opens `line`, or None."""
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(line)
        if match is None or match.end() >= len(line) or line[match.end()] in "\t\n":
            continue
        value = number_value(match.group("num") or match.group("circled"))
        if value is None:
            continue
        title_end = TITLE_END.search(line, match.end())
        end = title_end.start() if title_end else len(line.rstrip())
        number = line[match.start() : match.end()].strip()
        indent = len(line) - len(line.lstrip())
        return Heading(level, value, number, indent, match.end(), end, line[match.end()].isdigit())
    return None


def number_value(written: str) -> int | None:
    """一 -> 1, 十二 -> 12, l -> 1, ③ -> 3."""
    if written in CIRCLED:
        return CIRCLED.index(written) + 1
    if written[0] in CN_DIGITS or written[0] == "十":
        tens, _, units = written.rpartition("十")
        if "十" not in written:
            return CN_DIGITS.index(written) if len(written) == 1 else None
        high = CN_DIGITS.index(tens) if tens else 1
        low = CN_DIGITS.index(units) if units else 0
        return high * 10 + low
    digits = written.replace("l", "1").replace("I", "1")
    return int(digits) if digits.isdigit() else None


def path_component(level: int, value: int) -> str:
    """The canonical number of a heading in a section path: 一, （二）, 3, （4）."""
    if level == 1:
        return chinese_number(value)
    if level == 2:
        return f"（{chinese_number(value)}）"
    return str(value) if level == 3 else f"（{value}）"


def chinese_number(value: int) -> str:
    tens, units = divmod(value, 10)
    if not tens:
        return CN_DIGITS[units]
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[units] if units else "")


@dataclass(frozen=True)
class OutlineLine:
    """One line of the document that may open a heading."""

    start: int
    text: str
    in_table: bool = False


def candidate_lines(doc: Document) -> list[OutlineLine]:
    """Lines of the non-table blocks, plus the single text of section rows inside tables."""
    if not doc.blocks:
        return list(split_lines(doc.text, 0))
    lines: list[OutlineLine] = []
    for block in doc.blocks:
        if block.kind != "table_cell":
            lines.extend(split_lines(doc.block_text(block), block.start))
    for table in doc.tables():
        for row in table.rows:
            cell = section_row_cell(doc, row)
            if cell is not None:
                lines.append(OutlineLine(cell.start, doc.block_text(cell), in_table=True))
    return sorted(lines, key=lambda line: line.start)


def split_lines(text: str, offset: int) -> list[OutlineLine]:
    lines, start = [], 0
    for piece in text.split("\n"):
        lines.append(OutlineLine(offset + start, piece))
        start += len(piece) + 1
    return lines


def section_row_cell(doc: Document, row: list[Block]) -> Block | None:
    """The cell of a table row that holds nothing but one heading (merged cells repeat it)."""
    texts = {doc.block_text(cell).strip() for cell in row} - {""}
    if len(texts) != 1:
        return None
    cell = next(cell for cell in row if doc.block_text(cell).strip())
    heading = parse_heading(doc.block_text(cell))
    return cell if heading is not None and heading.level <= 2 else None


def find_headings(doc: Document) -> list[tuple[OutlineLine, Heading]]:
    """Every heading of the document in order, including recovered unnumbered items."""
    found = [(line, h) for line in candidate_lines(doc) if (h := parse_heading(line.text)) is not None]
    return recover_missing(doc, in_sequence(found))


def in_sequence(found: list[tuple[OutlineLine, Heading]]) -> list[tuple[OutlineLine, Heading]]:
    """Drop numbers followed by a digit (2.5万, 2018.3) unless they go on from the item before."""
    kept = []
    last: dict[int, int] = {}  # level -> value of the last heading kept at that level
    for line, heading in found:
        if heading.before_digit and heading.value != last.get(heading.level, 0) + 1:
            continue
        kept.append((line, heading))
        last = {level: value for level, value in last.items() if level < heading.level}
        last[heading.level] = heading.value
    return kept


def recover_missing(
    doc: Document, found: list[tuple[OutlineLine, Heading]]
) -> list[tuple[OutlineLine, Heading]]:
    """Add the item missing between numbered siblings n and n+2, where one is written unnumbered."""
    recovered = list(found)
    for (line_a, a), (line_b, b) in itertools.pairwise(found):
        if a.level == b.level and b.value == a.value + 2 and a.level >= 2:
            missing = unnumbered_item(doc, line_a.start, line_b.start, a)
            if missing is not None:
                recovered.append(missing)
    return sorted(recovered, key=lambda pair: pair[0].start)


def unnumbered_item(
    doc: Document, start: int, end: int, before: Heading
) -> tuple[OutlineLine, Heading] | None:
    """The first line strictly between two headings that reads like an unnumbered sibling."""
    for line in split_lines(doc.text[start:end], start)[1:]:
        match = UNNUMBERED_ITEM.match(line.text)
        if match is not None:
            heading = replace(
                before,
                value=before.value + 1,
                number=None,
                start=match.start("title"),
                title_start=match.start("title"),
                title_end=match.end("title"),
            )
            return line, heading
    return None


@stage(STAGE, requires=("canonical_text",), assigns=("section",))
def outline(doc: Document, config: Config) -> Document:
    """Add one `section` span per heading, with its level, number, title, path and parent."""
    stack: list[tuple[int, Section]] = []
    for index, (line, heading) in enumerate(find_headings(doc), start=1):
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        component = path_component(heading.level, heading.value)
        section = Section(
            section_id=f"s{index:03d}",
            parent_id=parent.section_id if parent else None,
            level=heading.level,
            number=heading.number,
            title=line.text[heading.title_start : heading.title_end].strip(),
            path=f"{parent.path}/{component}" if parent else component,
        )
        doc.add(section, line.start + heading.start, line.start + heading.title_end, STAGE)
        stack.append((heading.level, section))
    return doc


def sections(doc: Document) -> list[Span[Section]]:
    """The document's section spans in document order."""
    return sorted(doc.spans_of(Section), key=lambda span: span.start)


def section_at(ordered: list[Span[Section]], offset: int) -> Span[Section] | None:
    """The last section heading that starts at or before `offset` (from `sections(doc)`)."""
    i = bisect.bisect_right([span.start for span in ordered], offset) - 1
    return ordered[i] if i >= 0 else None
