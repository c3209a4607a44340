"""What the plan readers share: text stitched from document pieces, the plan vocabulary, titles."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from pipeline.document import Document
from pipeline.extract.units import Role
from pipeline.normalize.fold import compact
from pipeline.vocab import read_table

FULL_STOP = "。"
CLAUSE_END = re.compile(r"[，,；;。]")
LONG_TITLE = 30  # an unnumbered item's first sentence longer than this is cut at its first clause


@dataclass
class Stitched:
    """Text gathered from pieces of the document, with each character's document offset."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)

    def add(self, doc: Document, start: int, end: int, sep: str = "") -> Stitched:
        """Append doc.text[start:end], after `sep` if there is text already."""
        if start >= end:
            return self
        if self.text and sep:
            self.text += sep
            self.offsets.extend([self.offsets[-1] + 1] * len(sep))
        self.text += doc.text[start:end]
        self.offsets.extend(range(start, end))
        return self

    def extend(self, other: Stitched, sep: str = "") -> Stitched:
        """Append another stitched text, after `sep` if both hold text."""
        if not other.text:
            return self
        if self.text and sep:
            self.text += sep
            self.offsets.extend([self.offsets[-1] + 1] * len(sep))
        self.text += other.text
        self.offsets.extend(other.offsets)
        return self

    def doc_range(self, start: int, end: int) -> tuple[int, int]:
        """The document offsets of text[start:end] (a non-empty range)."""
        end = max(end, start + 1)
        return self.offsets[start], self.offsets[end - 1] + 1


@functools.cache
def labels(source: str) -> tuple[tuple[str, str], ...]:
    """(word, field) pairs of task_labels.csv for one source (line or column), in file order."""
    return tuple(
        (row["word"], row["field"]) for row in read_table("task_labels.csv") if row["source"] == source
    )


@functools.cache
def plan_terms(kind: str) -> tuple[str, ...]:
    """The words of plan_terms.csv of one kind."""
    return tuple(row["word"] for row in read_table("plan_terms.csv") if row["kind"] == kind)


def any_within(offsets: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted `offsets` lies in [start, end)."""
    i = bisect.bisect_left(offsets, start)
    return i < len(offsets) and offsets[i] < end


def first_sentence(text: str) -> str:
    """An unnumbered item's title: its first sentence, or its first clause if that is long."""
    text = text.strip()
    sentence = text.split(FULL_STOP, 1)[0]
    if len(sentence) > LONG_TITLE:
        sentence = CLAUSE_END.split(sentence, 1)[0]
    return compact(sentence, keep_ascii_spaces=True)


@dataclass
class TaskDraft:
    """A task item as a plan reader found it, before its units and deadline are parsed."""

    start: int  # the span of the task in the document
    end: int
    number: str | None
    title: str
    text: Stitched
    section_path: str | None
    unit_phrases: list[tuple[Role, Stitched]] = field(default_factory=list)
    deadline: Stitched | None = None  # a deadline stated on its own (label, clause, table column)
    channel: str | None = None
