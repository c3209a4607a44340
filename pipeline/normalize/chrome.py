"""Recognise lines that are not the document: web-page chrome and lone page numbers."""

from __future__ import annotations

import functools
import re

from pipeline.vocab import read_words

MAX_CHROME_LINE = 160  # chrome is short; longer lines are never tested
SEPARATOR_CHARS = " \t|,;/"  # what may stand between two chrome pieces
PAGE_NUMBER = re.compile(
    r"[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
)


@functools.cache
def field_label() -> str:
    """A pattern for the label of an info-box field (resources/chrome_fields.txt), colon included."""
    labels = (r"\s*".join(map(re.escape, label)) for label in read_words("chrome_fields.txt"))
    return f"(?:{'|'.join(labels)})\\s*:"


@functools.cache
def chrome_piece() -> re.Pattern[str]:
    """One chrome piece: a pattern of resources/chrome_patterns.txt, or an info-box field."""
    patterns = [*read_words("chrome_patterns.txt"), field_label() + r"\s*(?:[^\s:]+(?=\s|$))?"]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@functools.cache
def field_label_line() -> re.Pattern[str]:
    return re.compile(field_label())


def is_chrome(line: str) -> bool:
    """True when the canonical `line` is made only of chrome pieces (widgets, page fields, breadcrumbs…).

    Pieces are chained by dynamic programming over the places a piece can start, so a line
    that almost matches costs a bounded number of short matches, never exponential time.
    """
    first = skip_separators(line, 0)
    piece = chrome_piece()
    if not 0 < len(line) <= MAX_CHROME_LINE or not piece.match(line, first):
        return False
    starts = [i for i in range(first, len(line)) if piece.match(line, i)]
    boundaries = [*starts[1:], len(line)]
    reached = {first}
    for start in starts:
        if start not in reached:
            continue
        for boundary in boundaries:
            end = start + len(line[start:boundary].rstrip(SEPARATOR_CHARS))
            if boundary > start and end > start and piece.fullmatch(line, start, end):
                reached.add(skip_separators(line, boundary) if boundary < len(line) else boundary)
    return len(line) in reached


def skip_separators(line: str, start: int) -> int:
    """The first offset at or after `start` that is not a separator."""
    return len(line) - len(line[start:].lstrip(SEPARATOR_CHARS))


def is_field_label(line: str) -> bool:
    """True for a line holding only an info-box label ('索 引 号:'), its value on the next line."""
    return field_label_line().fullmatch(line) is not None


def is_page_number(line: str) -> bool:
    """True for a lone page number such as '- 3 -' or '第3页 共10页'."""
    return PAGE_NUMBER.fullmatch(line) is not None
