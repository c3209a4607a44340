"""Character normalisation: full width to half width, unicode spaces to ' ', invisible characters out.

Each character maps on its own (NFKC where NFKC gives exactly one character), so every
canonical character still points at the one raw character it came from.
"""

from __future__ import annotations

import functools
import unicodedata

from pipeline.vocab import CharTable

# Blocks whose NFKC form would erase an outline marker: ① -> 1, Ⅰ -> I.
KEEP_RANGES = (
    (0x2150, 0x218F),  # number forms (roman numerals)
    (0x2460, 0x24FF),  # enclosed alphanumerics (circled numbers)
    (0x2776, 0x2793),  # dingbat circled numbers
    (0x3251, 0x325F),  # circled numbers 21-35
    (0x32B1, 0x32BF),  # circled numbers 36-50
)
KEPT_CONTROLS = "\n\t"


@functools.cache
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
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


@functools.cache
def canonical_table() -> CharTable:
    return CharTable(canonical_char)


def normalize_line(line: str, start: int) -> tuple[str, list[int]]:
    """Canonical form of one line found at raw offset `start`, with each character's raw offset.

    Characters are normalised, runs of spaces collapse to one, and leading spaces and
    trailing whitespace go (leading tabs stay: they place a row's cells in their columns).
    """
    mapped = line.translate(canonical_table())
    if (
        len(mapped) == len(line)
        and "  " not in mapped
        and not mapped.startswith(" ")
        and not mapped.endswith((" ", "\t"))
    ):
        return mapped, list(range(start, start + len(line)))  # nothing dropped or collapsed
    chars: list[str] = []
    offsets: list[int] = []
    for i, raw in enumerate(line):
        char = canonical_char(raw)
        if not char or (char == " " and (not chars or chars[-1] == " ")):
            continue
        chars.append(char)
        offsets.append(start + i)
    while chars and chars[-1] in " \t":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets
