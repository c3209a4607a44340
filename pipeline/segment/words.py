"""Stage `words`: word offsets from a jieba tokenizer configured with the project's dictionary.

The tokenizer is one `jieba.Tokenizer` of our own (never jieba's global one), built once per
process with the words in resources/jieba_userdict.txt and every agency name made of a level
prefix and an agency core (市 + 行政审批局).
"""

from __future__ import annotations

import functools
import logging

import jieba

from pipeline.config import Config
from pipeline.document import Document
from pipeline.stages import stage
from pipeline.vocab import read_words

log = logging.getLogger(__name__)
logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG


def user_words() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) for every entry of the user dictionary, agency names included."""
    entries: list[tuple[str, int | None, str | None]] = []
    for line in read_words("jieba_userdict.txt"):
        word, *rest = line.split()
        freq = int(rest[0]) if rest else None
        entries.append((word, freq, rest[1] if len(rest) > 1 else None))
    cores = read_words("jieba_agency_cores.txt")
    prefixes = ["", *read_words("jieba_agency_prefixes.txt")]
    entries.extend((prefix + core, None, "nt") for core in cores for prefix in prefixes)
    return entries


@functools.cache
def load_tokenizer() -> jieba.Tokenizer:
    """The project's jieba tokenizer, built once per process."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in user_words():
        tokenizer.add_word(word, freq, tag)
    log.debug("jieba tokenizer ready with %d user words", len(tokenizer.user_word_tag_tab))
    return tokenizer


def word_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word of `text`, in order; whitespace is not a word."""
    return [(start, end) for word, start, end in load_tokenizer().tokenize(text) if not word.isspace()]


def tokenize(text: str) -> list[str]:
    """The words of `text`, in order; whitespace is not a word."""
    return [text[start:end] for start, end in word_offsets(text)]


@stage("words")
def words(doc: Document, config: Config) -> Document:
    """Fill doc.words with the (start, end) offsets of the words of doc.text."""
    doc.words = word_offsets(doc.text)
    return doc
