"""A folded reading of a text for matching words, with a map back to the text's offsets.

Folding makes one character of each: NFKC where that gives a single character (full-width
forms become ASCII), traditional characters become simplified, and the pinyin glosses some
mirror sites put after characters (`關(guān)`) are dropped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.vocab import CharTable, width_char

PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


@cache
def t2s_table() -> dict[int, str]:
    """Traditional character -> simplified, from resources/t2s_chars.tsv."""
    path = resources.files("pipeline") / "resources" / "t2s_chars.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {ord(row["traditional"]): row["simplified"] for row in rows}


def fold_char(char: str) -> str:
    """One character folded: NFKC where that is one character, then simplified."""
    norm = width_char(char)
    if norm == "\u3000" or norm == "\xa0":
        norm = " "
    return t2s_table().get(ord(norm), norm)


@cache
def fold_table() -> CharTable:
    return CharTable(fold_char)


def fold(text: str) -> str:
    """`text` folded, without the offset map (for short strings: keywords, names)."""
    return Folded.of(text).text


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...]
    length: int  # length of the original text

    @classmethod
    def of(cls, text: str) -> Folded:
        one_to_one = text.translate(fold_table())
        drop = {i for m in PINYIN_GLOSS.finditer(one_to_one) for i in range(*m.span())}
        if not drop:
            return cls(one_to_one, tuple(range(len(text))), len(text))
        origin = tuple(i for i in range(len(text)) if i not in drop)
        return cls("".join(one_to_one[i] for i in origin), origin, len(text))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded [start, end) came from."""
        if start >= len(self.origin):
            return self.length, self.length
        last = self.origin[end - 1] + 1 if end > start else self.origin[start]
        return self.origin[start], last
