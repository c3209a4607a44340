"""Word lists and tables the stages read from pipeline/resources (loaded once per process)."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import resources


def _data_lines(name: str) -> list[str]:
    """The lines of resource `name` that are neither blank nor '#' comments."""
    text = resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def read_words(name: str) -> tuple[str, ...]:
    """A one-word-a-line resource as a tuple of words."""
    return tuple(line.strip() for line in _data_lines(name))


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """A CSV resource (header line first, '#' comments allowed) as a tuple of rows."""
    return tuple(csv.DictReader(_data_lines(name)))


class CharTable(dict[int, str]):
    """A `str.translate` table mapping every character by `convert`, filled as characters are met."""

    def __init__(self, convert: Callable[[str], str]):
        super().__init__()
        self.convert = convert

    def __missing__(self, code: int) -> str:
        converted = self[code] = self.convert(chr(code))
        return converted


def fold_width(text: str) -> str:
    """`text` with each character replaced by its NFKC form where that is one character.

    The result has the length of `text`, so offsets into it are offsets into `text`.
    """
    return text.translate(width_table())


@cache
def width_table() -> CharTable:
    return CharTable(width_char)


@cache
def width_char(char: str) -> str:
    """`char` in its NFKC form where that is one character, else itself."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char
