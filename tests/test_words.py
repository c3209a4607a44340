"""Words: the project's own jieba tokenizer, its words of a text and their offsets."""

from __future__ import annotations

import itertools
from pathlib import Path

import jieba
import pytest

from pipeline.segment.words import (
    block_words,
    build_word_table,
    load_tokenizer,
    tokenize,
    user_words,
    word_offsets,
)

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("由市行政审批局负责", "市行政审批局"),
        ("区发展改革委牵头", "区发展改革委"),
        ("会同发展改革委办理", "发展改革委"),
        ("全面推进政务公开工作", "政务公开"),
        ("深化政府信息公开", "政府信息公开"),
        ("推进互联网+政务服务", "互联网+政务服务"),
        ("区编委办牵头", "区编委办"),
        ("市营商局、市大数据局配合", "市大数据局"),
        ("优化政务服务", "政务服务"),
        ("市直各部门 区县(市)政府", "市直各部门"),
    ],
)
def test_names_and_terms_stay_whole(text: str, word: str) -> None:
    assert word in tokenize(text)


def test_offsets_cover_the_text() -> None:
    text = "鞍山市行政审批局 2018年度政府信息公开工作年度报告\n主动公开政府信息62984条。"
    offsets = word_offsets(text)
    assert all(0 <= start < end <= len(text) for start, end in offsets)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(offsets))
    assert "".join(text[s:e] for s, e in offsets) == "".join(text.split())


def test_tokenizer_is_our_own_and_built_once() -> None:
    assert load_tokenizer() is load_tokenizer()
    assert load_tokenizer() is not jieba.dt


def forget_tokenizer() -> None:
    """Build the tokenizer again at its next use, and the words of every block with it."""
    load_tokenizer.cache_clear()
    block_words.cache_clear()


def test_the_cached_word_table_segments_like_a_freshly_built_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (SAMPLES / "000_bb7ad2cec91f680d.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("GONGKAI_CACHE", str(tmp_path))
    forget_tokenizer()
    try:
        built = tokenize(text)
        assert len(list(tmp_path.glob("jieba-words-*.pickle"))) == 1
        forget_tokenizer()
        assert tokenize(text) == built
        assert load_tokenizer().FREQ == load_tokenizer_fresh().FREQ
    finally:
        forget_tokenizer()


def test_an_unwritable_or_damaged_cache_still_gives_a_tokenizer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGKAI_CACHE", str(tmp_path))
    forget_tokenizer()
    try:
        load_tokenizer()
        (cached,) = tmp_path.glob("jieba-words-*.pickle")
        cached.write_bytes(b"not a pickle")
        forget_tokenizer()
        assert "市行政审批局" in tokenize("由市行政审批局负责")
        monkeypatch.setenv("GONGKAI_CACHE", str(cached / "inside-a-file"))
        forget_tokenizer()
        assert "市行政审批局" in tokenize("由市行政审批局负责")
    finally:
        forget_tokenizer()


def load_tokenizer_fresh() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    build_word_table(tokenizer, user_words())
    return tokenizer


@pytest.mark.parametrize("name", ["000_bb7ad2cec91f680d.txt", "003_9d5918fb5c505e81.txt"])
def test_segmenting_parts_after_the_whole_gives_jiebas_words(name: str) -> None:
    """Blocks remembered from the whole text give parts of it exactly jieba's own words."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    jieba_words = [w for w, _, _ in load_tokenizer().tokenize(text) if not w.isspace()]
    assert tokenize(text) == jieba_words
    for start in range(0, len(text), 397):
        part = text[start : start + 211]
        assert tokenize(part) == [w for w, _, _ in load_tokenizer().tokenize(part) if not w.isspace()]
