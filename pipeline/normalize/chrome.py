"""Recognise lines that are not the document: web-page chrome and lone page numbers."""

from __future__ import annotations

import functools
import re

from pipeline.normalize.resources import resource_lines

MAX_CHROME_LINE = 160  # chrome is short; longer lines are never tested (and never backtrack)
SEPARATORS = r"[\s|,;/]*"
PAGE_NUMBER = re.compile(
    r"[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
)


@functools.cache
def field_label() -> str:
    """A pattern for the label of an info-box field (resources/chrome_fields.txt), colon included."""
    labels = (r"\s*".join(map(re.escape, label)) for label in resource_lines("chrome_fields.txt"))
    return f"(?:{'|'.join(labels)})\\s*:"


@functools.cache
def chrome_line() -> re.Pattern[str]:
    """A line made only of chrome pieces (resources/chrome_patterns.txt, info-box fields) and separators."""
    patterns = [*resource_lines("chrome_patterns.txt"), field_label() + r"\s*(?:[^\s:]+(?=\s|$))?"]
    piece = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(f"{SEPARATORS}(?:(?:{piece}){SEPARATORS})+")


@functools.cache
def field_label_line() -> re.Pattern[str]:
    return re.compile(field_label())


def is_chrome(line: str) -> bool:
    """True when the canonical `line` is web-page chrome (a widget, a page field, a breadcrumb…)."""
    return 0 < len(line) <= MAX_CHROME_LINE and chrome_line().fullmatch(line) is not None


def is_field_label(line: str) -> bool:
    """True for a line holding only an info-box label ('索 引 号:'), its value on the next line."""
    return field_label_line().fullmatch(line) is not None


def is_page_number(line: str) -> bool:
    """True for a lone page number such as '- 3 -' or '第3页 共10页'."""
    return PAGE_NUMBER.fullmatch(line) is not None
