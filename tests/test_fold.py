"""The character folds: width, canonical form, and the folded reading with offsets back to the text."""

from __future__ import annotations

import pytest

from pipeline.normalize.fold import (
    Folded,
    canonical_char,
    compact,
    fold,
    fold_chars,
    fold_width,
    width_char,
)
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("（一）ＡＢＣ１２３", "(一)ABC123"),
        ("關於政府資訊公開", "关于政府资讯公开"),
        ("政务\u3000公开\xa0工作", "政务 公开 工作"),
        ("關(guān)於公開(gōng)", "关于公开"),
        ("乾隆年間氣候乾燥", "乾隆年间气候干燥"),  # OpenCC reads phrases: 乾 stays in a name
        ("瀋陽市人民政府辦公廳", "沈阳市人民政府办公厅"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_offsets_lead_back_past_dropped_pinyin() -> None:
    folded = Folded.of("關(guān)於公開")
    assert folded.text == "关于公开"
    assert folded.source_span(1, 3) == (7, 9)
    assert folded.source_span(4, 4) == (10, 10)


@pytest.mark.parametrize("name", ["000_bb7ad2cec91f680d.txt", "003_9d5918fb5c505e81.txt"])
def test_a_whole_document_folds_character_by_character(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8") + "".join(map(chr, range(0x20, 0x3100)))
    folded = Folded.of(text)
    assert folded.text == "".join(fold_chars(c) for c in text)
    assert folded.origin == tuple(range(len(text)))


@pytest.mark.parametrize(("text", "folded"), [("ＡＢＣ　１２３", "ABC 123"), ("①Ⅱ", "1Ⅱ"), ("關於", "關於")])
def test_fold_width_keeps_length_and_leaves_traditional_characters(text: str, folded: str) -> None:
    assert fold_width(text) == folded
    assert len(fold_width(text)) == len(text)


def test_the_folds_share_the_width_rule() -> None:
    for char in "ＡＢ１２（），：ﬁ々ｶ":
        assert canonical_char(char) == fold_chars(char) == width_char(char)


def test_compact_drops_wrapping_spaces() -> None:
    text = " PPP 项目\n 建设  open data\t"
    assert compact(text) == "PPP项目建设opendata"
    assert compact(text, keep_ascii_spaces=True) == "PPP项目建设open data"


def test_fold_chars_keeps_offsets() -> None:
    text = "（責任單位：關(guān)市財政局）"
    folded = fold_chars(text)
    assert len(folded) == len(text)
    assert folded == "(责任单位:关(guān)市财政局)"
