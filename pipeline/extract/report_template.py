"""The annual-report template's labels and ids (resources/report_template.csv), loaded once.

Labels are compared by `label_key`: NFKC, no outline number, no bracketed note, no spaces or
punctuation, so that `（二）部分公开（区分处理的，…）` and `部分公开` are the same label and a
header split mid-word or a group label written one character per line still matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.normalize.fold import fold_width
from pipeline.vocab import read_table

FORMS = ("2019", "2021")
OUTLINE_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)、?|\d{1,2}[.、]|[①-⑳])+"
)
BRACKETED_NOTE = re.compile(r"\([^)]*(?:\)|$)")
NOT_A_WORD = re.compile(r"[\W_]+")
PREFIX_MIN = 4  # a cell may start with a label this long and go on (wrapped or annotated)


@dataclass(frozen=True)
class Label:
    """What a label names: a row or column id of a table (empty for a header word), and its form."""

    table: str
    id: str
    form: str  # "2019", "2021", or "" where both forms write it so


@dataclass(frozen=True)
class Template:
    """The crosswalk: row and header labels, table 2 layouts, column and row order, sum parts."""

    rows: dict[str, Label]
    heads: dict[str, tuple[Label, ...]]  # a header word can name a column of two tables (总计)
    layouts: dict[tuple[str, str], tuple[str, ...]]  # (row id, form) -> table 2 columns
    order: dict[tuple[str, str], tuple[str, ...]]  # (table, "row" | "col") -> ids in template order
    parts: dict[tuple[str, str, str], tuple[str, ...]]  # (table, kind, total id) -> its part ids


@lru_cache(maxsize=8192)  # a row's pieces are looked up as row, header and run-on labels
def label_key(text: str) -> str:
    """`text` as labels are compared: NFKC, unnumbered, without notes, spaces and punctuation."""
    folded = re.sub(r"\s+", "", fold_width(text))
    unnumbered = OUTLINE_NUMBER.sub("", folded)
    return NOT_A_WORD.sub("", BRACKETED_NOTE.sub("", unnumbered))


@cache
def template() -> Template:
    rows: dict[str, Label] = {}
    heads: dict[str, list[Label]] = {}
    layouts: dict[tuple[str, str], tuple[str, ...]] = {}
    order: dict[tuple[str, str], list[str]] = {}
    parts: dict[tuple[str, str, str], list[str]] = {}
    for entry in read_table("report_template.csv"):
        table, kind, id_, form = entry["table"], entry["kind"], entry["id"], entry["form"]
        label = Label(table, id_, form)
        if kind == "layout":
            layouts[(id_, form)] = tuple(entry["cols"].split())
            continue
        if kind == "row":
            rows[entry["label"]] = label
        else:
            heads.setdefault(entry["label"], []).append(label)
        if kind in ("row", "col") and id_ not in order.setdefault((table, kind), []):
            order[(table, kind)].append(id_)
        if entry["total"] and id_ not in parts.setdefault((table, kind, entry["total"]), []):
            parts[(table, kind, entry["total"])].append(id_)
    return Template(
        rows,
        {label: tuple(found) for label, found in heads.items()},
        layouts,
        {key: tuple(ids) for key, ids in order.items()},
        {key: tuple(ids) for key, ids in parts.items()},
    )


@cache
def row_label_openings() -> dict[str, tuple[str, ...]]:
    """Row labels of at least PREFIX_MIN characters by their first PREFIX_MIN, longest first."""
    openings: dict[str, list[str]] = {}
    for label in template().rows:
        if len(label) >= PREFIX_MIN:
            openings.setdefault(label[:PREFIX_MIN], []).append(label)
    return {opening: tuple(sorted(labels, key=len, reverse=True)) for opening, labels in openings.items()}


def row_label(text: str) -> Label | None:
    """The row label `text` is, or the longest of at least PREFIX_MIN characters it starts with."""
    key = label_key(text)
    rows = template().rows
    if key in rows:
        return rows[key]
    found = next(
        (label for label in row_label_openings().get(key[:PREFIX_MIN], ()) if key.startswith(label)), None
    )
    return rows[found] if found else None


def head_labels(text: str) -> tuple[Label, ...]:
    """The header labels `text` is (exactly: a header word is short and says one thing)."""
    return template().heads.get(label_key(text), ())


def run_on_row_label(text: str) -> tuple[str, Label] | None:
    """(header word, row label) where a header word runs on into a row label (lines joined:
    现行有效件数规章)."""
    key = label_key(text)
    rows = template().rows
    return next(
        ((h, rows[key[len(h) :]]) for h in template().heads if key.startswith(h) and key[len(h) :] in rows),
        None,
    )
