"""The folded reading of a text: one character for each, with offsets back to the original."""

from __future__ import annotations

import pytest

from pipeline.classify.fold import Folded, fold, fold_char
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("（一）ＡＢＣ１２３", "(一)ABC123"),
        ("關於政府資訊公開", "关于政府资讯公开"),
        ("政务\u3000公开\xa0工作", "政务 公开 工作"),
        ("關(guān)於公開(gōng)", "关于公开"),
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
    assert folded.text == "".join(fold_char(c) for c in text)
    assert folded.origin == tuple(range(len(text)))
