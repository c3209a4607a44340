"""Recognise lines that are not the document: web-page chrome and lone page numbers, and read
what a page says about its document (its fields: title, publication date, document number …).

Lines are matched in their folded form (pipeline/normalize/fold.py), so traditional characters
and pinyin glosses read as the simplified words of the resources.
"""

from __future__ import annotations

import functools
import re

from pipeline.normalize.fold import Folded, fold
from pipeline.vocab import read_table, read_words

MAX_CHROME_LINE = 160  # chrome is short; longer lines are never tested
SEPARATOR_CHARS = " \t|,;/"  # what may stand between two chrome pieces
PAGE_NUMBER = re.compile(
    r"[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,/]?\s*第\s*\d{1,4}\s*页"
)


FLIPBOOK_TITLE = re.compile(r"Page\s+\d+\s+-\s+(\S.*)")  # a flipbook's page header: Page 3 - title
FIELD_SEPARATORS = " \t|•·"  # what stands between two fields on one line


@functools.cache
def page_field_labels() -> dict[str, str]:
    """Label -> the document field it gives (resources/page_fields.csv): 标题 -> title, 文号 -> doc_number."""
    return {row["label"]: row["field"] for row in read_table("page_fields.csv")}


@functools.cache
def labels_longest_first() -> tuple[str, ...]:
    return tuple(sorted(page_field_labels(), key=len, reverse=True))


def spaced(label: str) -> str:
    """A pattern for `label` with spaces allowed between its characters (索 引 号)."""
    return r"\s*".join(map(re.escape, label))


@functools.cache
def field_label() -> str:
    """A pattern for the label of a page field, colon included: 索 引 号: or 【文号】."""
    labels = "|".join(map(spaced, labels_longest_first()))
    return rf"(?:【\s*(?:{labels})\s*】\s*:?|(?:{labels})\s*:)"


@functools.cache
def chrome_piece() -> re.Pattern[str]:
    """One chrome piece: a pattern of resources/chrome_patterns.txt, or an info-box field."""
    patterns = [*read_words("chrome_patterns.txt"), field_label() + r"\s*(?:[^\s:\[\]【】]+(?=\s|$))?"]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@functools.cache
def field_label_line() -> re.Pattern[str]:
    return re.compile(field_label())


@functools.cache
def labelled_field() -> re.Pattern[str]:
    """A page field's label, its name captured, where a field may start: at the start or after a separator."""
    labels = "|".join(f"(?P<label{i}>{spaced(label)})" for i, label in enumerate(labels_longest_first()))
    return re.compile(rf"(?:^|(?<=[{FIELD_SEPARATORS}]))[【\[]?\s*(?:{labels})\s*(?:】\s*:?|\]|:)\s*")


def is_chrome(line: str) -> bool:
    """True when the canonical `line` is page chrome: it opens with a page field (标题: …, 【文号】…)
    or is made only of chrome pieces (widgets, dates, breadcrumbs…).

    Pieces are chained by dynamic programming over the places a piece can start, so a line
    that almost matches costs a bounded number of short matches, never exponential time.
    """
    line = fold(line)
    if 0 < len(line) <= MAX_CHROME_LINE and is_field_line(line):
        return True
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


def is_field_line(line: str) -> bool:
    """True for a folded line of page fields: it opens with one, no value holds another label,
    and no field is named twice."""
    if not labelled_field().match(line):
        return False
    fields = fields_of_line(line)
    names = [name for name, _ in fields]
    no_label_inside = not any(field_label_line().search(value) for _, value in fields)
    return no_label_inside and len(names) == len(set(names))


def skip_separators(line: str, start: int) -> int:
    """The first offset at or after `start` that is not a separator."""
    return len(line) - len(line[start:].lstrip(SEPARATOR_CHARS))


def is_field_label(line: str) -> bool:
    """True for a line holding only an info-box label ('索 引 号:'), its value on the next line."""
    return field_label_line().fullmatch(fold(line)) is not None


def page_fields(lines: list[str]) -> dict[str, str]:
    """The fields that chrome `lines` give (first value of each field wins), values as written.

    `发布时间:2018-08-23 来源:市政府办` gives publish_date and source; `Page 3 - …` a title.
    """
    fields: dict[str, str] = {}
    for line in lines:
        for field, value in fields_of_line(line):
            if value:
                fields.setdefault(field, value)
    return fields


def fields_of_line(line: str) -> list[tuple[str, str]]:
    """(field, value) for every labelled field on `line`, each value running to the next label."""
    folded = Folded.of(line)
    flipbook = FLIPBOOK_TITLE.fullmatch(folded.text)
    if flipbook:
        return [("title", original(line, folded, *flipbook.span(1)))]
    found = list(labelled_field().finditer(folded.text))
    fields = []
    for this, following in zip(found, [*found[1:], None], strict=False):
        label = labels_longest_first()[int(str(this.lastgroup).removeprefix("label"))]
        end = following.start() if following else len(folded.text)
        value = original(line, folded, this.end(), end).strip(FIELD_SEPARATORS)
        fields.append((page_field_labels()[label], value))
    return fields


def original(line: str, folded: Folded, start: int, end: int) -> str:
    """The text of `line` that folded [start, end) came from."""
    return line[slice(*folded.source_span(start, end))] if end > start else ""


def is_page_number(line: str) -> bool:
    """True for a lone page number such as '- 3 -' or '第3页 共10页'."""
    return PAGE_NUMBER.fullmatch(line) is not None
