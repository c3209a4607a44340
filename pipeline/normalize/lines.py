"""When a line broken mid-sentence should be joined to the next one.

PDF text (and text copied out of a PDF) wraps at a fixed width: a line that fills the width
and does not end a sentence goes on in the next line, unless that one opens a new item. A line
ending in a clause break (、 ,) goes on in the next line in any text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pipeline.normalize.fold import CharTable
from pipeline.vocab import read_words

SENTENCE_ENDS = "。.；;：:！？!?)）"
CLAUSE_BREAKS = "、,，"  # a line ending in one of these stops mid-sentence, however wide it is
CLOSING_QUOTES = "”’\"'」』"
FULL_LINE = 0.75  # a line at least this share of the wrap width fills its line
TITLE_LINE = 0.6  # ... and a wrapped title line (larger type) at least this share
WIDTH_PERCENTILE = 0.9
MIN_WRAP_WIDTH = 12
MIN_BROKEN_LINES = 5  # a wrapped text has at least this many full, unfinished lines
MIN_BROKEN_SHARE = 0.6  # ... making up at least this share of its full lines
ORPHAN_WIDTH = 3  # a line this narrow after an unfinished one is the tail of a wrapped title

TABULAR = re.compile(r"[\t|｜]")  # a row of a table flattened to text is never joined
CN = "一二三四五六七八九十百"
ITEM_START = re.compile(
    rf"[{CN}]+\s*[、.,，．]"  # 一、
    rf"|[(（]\s*[{CN}]+\s*[)）]"  # （一）
    r"|[(（]\s*\d{1,3}\s*[)）]"  # （1）
    r"|\d{1,3}\s*[.,、．·](?!\d)"  # 1.  1、  2,  3 ·
    r"|\d{1,2}\.(?=(?:19|20)\d\d年)"  # 2.2011年底前…
    r"|[lI]\s*[.,·](?!\d)"  # OCR 'l .' for 1.
    r"|[①-⑳㈠-㈩⑴-⒇⒈-⒛❶-❿]"
    rf"|第[{CN}\d]+[章节条部分]"
    r"|[•●■◆▪□√]"
)


@functools.cache
def labelled_line() -> re.Pattern[str]:
    """A line opening with a label such as 完成时限： (resources/line_labels.txt)."""
    labels = "|".join(map(re.escape, read_words("line_labels.txt")))
    return re.compile(rf".{{0,2}}?(?:{labels})\s*[:：]")


def ends_sentence(line: str) -> bool:
    """True when `line` ends a sentence, a clause list or a parenthesis."""
    return line.rstrip(CLOSING_QUOTES)[-1:] in SENTENCE_ENDS or not line


def starts_item(line: str) -> bool:
    """True when `line` opens an outline item or a labelled field."""
    stripped = line.lstrip()
    return bool(ITEM_START.match(stripped) or labelled_line().match(stripped))


def display_width(line: str) -> float:
    """How wide `line` prints: a CJK or full-width character 1, any other character 1/2."""
    wide = line.translate(width_classes()).count("W")
    return wide + 0.5 * (len(line) - wide)


@functools.cache
def width_classes() -> CharTable:
    """A `str.translate` table marking wide (CJK, full-width) characters "W", others "n"."""
    return CharTable(lambda char: "W" if unicodedata.east_asian_width(char) in "WF" else "n")


def wrap_width(lines: list[str]) -> float | None:
    """The display width `lines` wrap at, or None when they are not wrapped text.

    The width is a high percentile of the line widths. Wrapped text (PDF) has many full lines
    that stop mid-sentence; text with a paragraph a line (web pages, DOCX) has next to none.
    """
    if not lines:
        return None
    widths = sorted(map(display_width, lines))
    width = max(widths[int(WIDTH_PERCENTILE * (len(widths) - 1))], MIN_WRAP_WIDTH)
    full = [line for line in lines if display_width(line) >= FULL_LINE * width]
    broken = sum(not ends_sentence(line) for line in full)
    return width if broken >= MIN_BROKEN_LINES and broken >= MIN_BROKEN_SHARE * len(full) else None


def is_orphan(line: str) -> bool:
    """A line of a few CJK characters only, such as the last character of a wrapped title."""
    return display_width(line) <= ORPHAN_WIDTH and all(unicodedata.east_asian_width(c) == "W" for c in line)


def fills_line(first: str, second: str, width: float | None) -> bool:
    """True when `first` fills a line of wrapped text (less so before the orphaned tail of a title)."""
    return (
        width is not None and display_width(first) >= (TITLE_LINE if is_orphan(second) else FULL_LINE) * width
    )


def continues(first: str, second: str, width: float | None) -> bool:
    """True when line `second` carries on the sentence that line `first` (full, unfinished) broke off."""
    return (
        (first[-1:] in CLAUSE_BREAKS or fills_line(first, second, width))
        and not ends_sentence(first)
        and not starts_item(second)
        and not TABULAR.search(first + second)
    )
