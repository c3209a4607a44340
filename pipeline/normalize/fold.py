"""Character folding: every character mapped on its own, so offsets survive the mapping.

All the folds here are built on one per-character rule, `width_char` (the NFKC form of a
character where that is one character, else the character itself: full-width forms become
ASCII, compatibility forms their plain character), applied through lazily filled
`str.translate` tables (`CharTable`):

- `fold_width`: width folding alone; the result has the length of the text.
- `canonical_char`: the canonical form the clean stage gives a character (also unicode
  spaces to ' ', invisible characters dropped, outline markers such as ① kept).
- `compact`: a text without the whitespace wrapped or justified lines put into it (the one
  fold here that does not keep offsets).
- `fold` / `Folded` / `fold_chars`: the folded reading for matching words: width folding, no-break and
  ideographic spaces to ' ', traditional characters to simplified (OpenCC's t2s conversion,
  phrase by phrase where that keeps every character in its place, else character by
  character), and the pinyin glosses some mirror sites put after characters (`關(guān)`)
  dropped, with a map from each folded character back to its offset in the text (`fold_chars`:
  the same reading without dropping glosses, so of the text's length).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc


class CharTable(dict[int, str]):
    """A `str.translate` table mapping every character by `convert`, filled as characters are met."""

    def __init__(self, convert: Callable[[str], str]):
        super().__init__()
        self.convert = convert

    def __missing__(self, code: int) -> str:
        converted = self[code] = self.convert(chr(code))
        return converted


# ---------------------------------------------------------------------------- width
@cache
def width_char(char: str) -> str:
    """`char` in its NFKC form where that is one character, else itself."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


@cache
def width_table() -> CharTable:
    return CharTable(width_char)


def fold_width(text: str) -> str:
    """`text` with each character replaced by its NFKC form where that is one character.

    The result has the length of `text`, so offsets into it are offsets into `text`.
    """
    return text.translate(width_table())


# ---------------------------------------------------------------------------- canonical form (clean)
# Blocks whose NFKC form would erase an outline marker: ① -> 1, Ⅰ -> I.
KEEP_RANGES = (
    (0x2150, 0x218F),  # number forms (roman numerals)
    (0x2460, 0x24FF),  # enclosed alphanumerics (circled numbers)
    (0x2776, 0x2793),  # dingbat circled numbers
    (0x3251, 0x325F),  # circled numbers 21-35
    (0x32B1, 0x32BF),  # circled numbers 36-50
)
KEPT_CONTROLS = "\n\t"


@cache
def canonical_char(char: str) -> str:
    """The canonical form of one character: itself, one other character, ' ', or '' (dropped)."""
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if char in KEPT_CONTROLS:
        return char
    if category in ("Cc", "Cf") or char == "\ufffd":
        return ""
    if any(low <= ord(char) <= high for low, high in KEEP_RANGES):
        return char
    return width_char(char)


@cache
def canonical_table() -> CharTable:
    return CharTable(canonical_char)


# ---------------------------------------------------------------------------- folded reading (matching)
FOLDS_KEPT = 16  # folded texts kept for the stages that fold the same text again
PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


@cache
def t2s() -> opencc.OpenCC:
    """OpenCC's traditional -> simplified converter (its dictionaries ship in the wheel)."""
    return opencc.OpenCC("t2s")


@cache
def simplified_char(char: str) -> str:
    """One character in its simplified form, where OpenCC gives one character for it."""
    converted = t2s().convert(char)
    return converted if len(converted) == 1 else char


def plain_char(char: str) -> str:
    """One character width-folded, a no-break or ideographic space made ' '."""
    norm = width_char(char)
    return " " if norm in ("\u3000", "\xa0") else norm


@cache
def plain_table() -> CharTable:
    return CharTable(plain_char)


@cache
def simplified_table() -> CharTable:
    return CharTable(simplified_char)


def simplified(text: str) -> str:
    """`text` in simplified characters, of the same length: OpenCC's phrase conversion (乾隆 stays,
    乾燥 -> 干燥) line by line where it keeps the length, else character by character."""
    converted = t2s().convert(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.split("\n"):
        phrased = t2s().convert(line)
        lines.append(phrased if len(phrased) == len(line) else line.translate(simplified_table()))
    return "\n".join(lines)


@lru_cache(maxsize=FOLDS_KEPT)
def fold_chars(text: str) -> str:
    """`text` folded to the same length, so that offsets into it are offsets into `text`: width
    folded, spaces made ' ', traditional characters simplified (pinyin glosses kept; `Folded`
    drops them). The last few folds are kept: the stages fold a document's whole text once."""
    return simplified(text.translate(plain_table()))


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
    @lru_cache(maxsize=FOLDS_KEPT)  # readings are immutable: a few of the latest texts kept
    def of(cls, text: str) -> Folded:
        one_to_one = fold_chars(text)
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


# ---------------------------------------------------------------------------- spaces
SPACES = re.compile(r"\s+")
SPACES_BESIDE_NON_ASCII = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def compact(text: str, keep_ascii_spaces: bool = False) -> str:
    """`text` without the whitespace that wrapped or justified lines put into it.

    keep_ascii_spaces: only whitespace next to a non-ASCII character goes (and at either end),
    so words of Latin text keep their spaces: "PPP 项目 open data" -> "PPP项目open data".
    """
    if keep_ascii_spaces:
        return SPACES_BESIDE_NON_ASCII.sub("", text).strip()
    return SPACES.sub("", text)
