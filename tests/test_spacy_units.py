"""The spaCy units-and-deadlines pipeline: jieba words, the entity ruler, and the recorded comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.segment.words import tokenize
from pipeline.training.spacy_units import build_nlp, entity_spans

METRICS = Path(__file__).resolve().parent.parent / "models" / "spacy_units.json"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def test_tokens_are_the_project_jieba_words(nlp) -> None:
    text = "区财政局牵头;区城建局等配合, 11月底前完成"
    doc = nlp(text)
    assert [t.text for t in doc] == tokenize(text)
    assert doc.text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区财政局牵头;区城建局等配合", {("UNIT", "区财政局"), ("UNIT", "区城建局")}),
        # a label ending in a unit suffix is taken for a unit: one reason the ruler loses to the rules
        ("责任单位:市行政审批局办公室", {("UNIT", "责任单位"), ("UNIT", "市行政审批局办公室")}),
        ("11月底前完成", {("DEADLINE", "11月底前")}),
        ("完成时限:长期推进", {("DEADLINE", "长期推进")}),
        ("年底前完成", {("DEADLINE", "年底前")}),
    ],
)
def test_entity_ruler(nlp, text: str, expected: set[tuple[str, str]]) -> None:
    assert {(label, text[start:end]) for label, start, end in entity_spans(nlp, text)} == expected


def test_the_rules_won_on_held_out_documents_and_stay_in_use() -> None:
    metrics = json.loads(METRICS.read_text(encoding="utf-8"))
    scores = metrics["scores"]
    assert set(scores) == {"rules", "entity_ruler", "ruler_and_ner"}
    assert metrics["in_use"] == max(scores, key=lambda name: scores[name]["f1"]) == "rules"
