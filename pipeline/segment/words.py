"""Words: a jieba tokenizer configured with the project's dictionary (task categories, task
similarity and the spaCy pipeline read text through it).

The tokenizer is one `jieba.Tokenizer` of our own (never jieba's global one), built once per
process with the words in resources/jieba_userdict.txt and every agency name made of a level
prefix and an agency core (市 + 行政审批局). Building it (jieba's dictionary, then ~10,000 user
words) takes over a second; the finished word table is kept in a cache file keyed by jieba's
version and the user words, and loads in a third of that.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import jieba

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


def cache_dir() -> Path:
    """Where the built word table is kept: $GONGKAI_CACHE, else the user's cache directory."""
    if "GONGKAI_CACHE" in os.environ:
        return Path(os.environ["GONGKAI_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gongkai"


def word_table_path(entries: list[tuple[str, int | None, str | None]]) -> Path:
    """The cache file of the word table built from jieba's dictionary and `entries`."""
    key = hashlib.sha256(repr((jieba.__version__, entries)).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"jieba-words-{key}.pickle"


@functools.cache
def load_tokenizer() -> jieba.Tokenizer:
    """The project's jieba tokenizer, built once per process (from the cache file when there is one)."""
    entries = user_words()
    path = word_table_path(entries)
    tokenizer = jieba.Tokenizer()
    try:
        with path.open("rb") as f:
            tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab = pickle.load(f)
        tokenizer.initialized = True
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError) as err:
        log.debug("building the jieba word table (%s)", err)
        build_word_table(tokenizer, entries)
        save_word_table(tokenizer, path)
    return tokenizer


def build_word_table(tokenizer: jieba.Tokenizer, entries: list[tuple[str, int | None, str | None]]) -> None:
    """jieba's dictionary plus the user words `entries`."""
    tokenizer.initialize()
    for word, freq, tag in entries:
        tokenizer.add_word(word, freq, tag)


def save_word_table(tokenizer: jieba.Tokenizer, path: Path) -> None:
    """Write the word table to `path` atomically; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            pickle.dump((tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab), f, protocol=5)
        os.replace(f.name, path)
    except OSError as err:
        log.debug("jieba word table not cached: %s", err)


# jieba segments a text block by block (runs of Han characters, letters and digits, and what lies
# between them), each block on its own: the words of a block are the same wherever it occurs, so
# they are worked out once per process for each block met (plans repeat their phrases).
MAX_BLOCKS = 50_000


@functools.lru_cache(maxsize=MAX_BLOCKS)
def block_words(block: str) -> tuple[str, ...]:
    """jieba's words (HMM on) of one block."""
    return tuple(load_tokenizer().cut(block))


def cut(text: str) -> Iterator[str]:
    """jieba's words of `text` (HMM on), block by block."""
    for block in jieba.re_han_default.split(text):
        if block:
            yield from block_words(block)


def offsets_of(words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every word of consecutive `words`; whitespace is not a word."""
    offsets = []
    start = 0
    for word in words:
        end = start + len(word)
        if not word.isspace():
            offsets.append((start, end))
        start = end
    return offsets


def word_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word of `text`, in order; whitespace is not a word."""
    return offsets_of(cut(text))


def tokenize(text: str) -> list[str]:
    """The words of `text`, in order; whitespace is not a word."""
    return [word for word in cut(text) if not word.isspace()]
