"""When a line broken mid-sentence should be joined to the next one.

PDF text (and text copied out of a PDF) wraps at a fixed width: a line that fills the width
and does not end a sentence goes on in the next line, unless that one opens a new item.
"""

from __future__ import annotations

import functools
import re

from pipeline.normalize.resources import resource_lines

SENTENCE_ENDS = "。.；;：:！？!?)）"
CLOSING_QUOTES = "”’\"'」』"
FULL_LINE = 0.75  # a line at least this share of the wrap width fills its line
WIDTH_PERCENTILE = 0.9
MIN_LINES_FOR_WIDTH = 4
MIN_WRAP_WIDTH = 12

CN = "一二三四五六七八九十百"
ITEM_START = re.compile(
    rf"[{CN}]+\s*[、.,，．]"  # 一、
    rf"|[(（]\s*[{CN}]+\s*[)）]"  # （一）
    r"|[(（]\s*\d{1,3}\s*[)）]"  # （1）
    r"|\d{1,3}\s*[.,、．·](?!\d)"  # 1.  1、  2,  3 ·
    r"|[lI]\s*[.,·](?!\d)"  # OCR 'l .' for 1.
    r"|[①-⑳㈠-㈩⑴-⒇⒈-⒛❶-❿]"
    rf"|第[{CN}\d]+[章节条部分]"
    r"|[•●■◆▪□√]"
)


@functools.cache
def labelled_line() -> re.Pattern[str]:
    """A line opening with a label such as 完成时限： (resources/line_labels.txt)."""
    labels = "|".join(map(re.escape, resource_lines("line_labels.txt")))
    return re.compile(rf".{{0,2}}?(?:{labels})\s*[:：]")


def ends_sentence(line: str) -> bool:
    """True when `line` ends a sentence, a clause list or a parenthesis."""
    return line.rstrip(CLOSING_QUOTES)[-1:] in SENTENCE_ENDS or not line


def starts_item(line: str) -> bool:
    """True when `line` opens an outline item or a labelled field."""
    stripped = line.lstrip()
    return bool(ITEM_START.match(stripped) or labelled_line().match(stripped))


def wrap_width(lengths: list[int]) -> int | None:
    """The width a document's lines wrap at (a high percentile of line lengths), if it has enough lines."""
    if len(lengths) < MIN_LINES_FOR_WIDTH:
        return None
    ordered = sorted(lengths)
    return max(ordered[int(WIDTH_PERCENTILE * (len(ordered) - 1))], MIN_WRAP_WIDTH)


def continues(first: str, second: str, width: int | None) -> bool:
    """True when `second` carries on the sentence that `first` (a full, unfinished line) broke off."""
    return (
        width is not None
        and len(first) >= FULL_LINE * width
        and not ends_sentence(first)
        and not starts_item(second)
        and "\t" not in first + second
    )
