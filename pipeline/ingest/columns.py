"""What a table's header cells say its columns hold: 序号 -> number, 牵头单位 -> lead, 完成时限 -> deadline.

The words are the `column` rows of resources/task_labels.csv. A header cell names the role of
the word it equals, else of the longest word it holds (时限要求 is a deadline, not a 要求);
spaces and line breaks inside it do not count (序  号, 牵头\\n单位).
"""

from __future__ import annotations

import functools
import re

from pipeline.normalize.fold import compact, fold
from pipeline.vocab import read_table

MAX_HEADER_CELL = 10  # a longer cell is content, not a column name
MIN_HEADER_ROLES = 2  # a header names at least this many columns
ROW_NUMBER = re.compile(r"\s*[(（]?\s*\d{1,3}\s*[.．、)）]?\s*")
TEXT_ROLES = ("category", "title", "task", "detail")


@functools.cache
def column_words() -> dict[str, str]:
    """{header word: role}, longest words first."""
    rows = [row for row in read_table("task_labels.csv") if row["source"] == "column"]
    return {row["word"]: row["field"] for row in sorted(rows, key=lambda row: -len(row["word"]))}


def header_key(cell: str) -> str:
    """A header cell as its words are matched: folded, without whitespace."""
    return compact(fold(cell))


def column_role(cell: str) -> str | None:
    """The role a header cell names ('牵 头 单 位' -> lead), or None for content or an unknown word."""
    key = header_key(cell)
    if not key or len(key) > MAX_HEADER_CELL or ROW_NUMBER.fullmatch(key):
        return None
    words = column_words()
    if key in words:
        return words[key]
    return next((role for word, role in words.items() if word in key), None)


def may_name_column(cell: str) -> bool:
    """Whether a cell could be a column name, known or not: short text, no row number."""
    key = header_key(cell)
    return 0 < len(key) <= MAX_HEADER_CELL and not ROW_NUMBER.fullmatch(key)


def header_roles(cells: list[tuple[int, str]]) -> dict[int, str | None] | None:
    """{column: role or None} if the (column, text) cells read as a header row, else None.

    A header has no long cell and no row number, and names at least two columns by known
    words; a blank or unknown cell is a column still to be typed by what it holds.
    """
    roles: dict[int, str | None] = {}
    for col, text in cells:
        key = header_key(text)
        if len(key) > MAX_HEADER_CELL or ROW_NUMBER.fullmatch(key):
            return None
        roles[col] = column_role(text)
    named = [role for role in roles.values() if role]
    if len(named) < MIN_HEADER_ROLES or len(named) * 2 < sum(1 for _, text in cells if text.strip()):
        return None
    return roles
