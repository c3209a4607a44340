"""The trained document-type model vs the keyword classifier: the recorded scores decide the one in use."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sklearn.base import clone

from pipeline.classify.doctype import DocTypeInput, KeywordDocTypeClassifier, default_classifier
from pipeline.classify.doctype_model import trained_model
from pipeline.classify.fold import fold
from pipeline.classify.linear import LinearTextModel

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "corpora" / "extra"
METRICS = ROOT / "models" / "doctype.json"
ARTEFACT = ROOT / "pipeline" / "models" / "doctype.joblib"
SLICE_CHARS = 1500  # enough of each text to train on, short enough for a fast test


def labelled_slice() -> tuple[list[DocTypeInput], list[str]]:
    with (EXTRA / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [
        fold((EXTRA / row["file"]).read_text(encoding="utf-8", errors="replace"))[:SLICE_CHARS]
        for row in rows
    ]
    return [DocTypeInput(text.split("\n", 1)[0], text) for text in texts], [row["doc_type"] for row in rows]


def test_metrics_record_both_models_and_the_winner_is_in_use() -> None:
    metrics = json.loads(METRICS.read_text(encoding="utf-8"))
    scores = {name: score["macro_f1"] for name, score in metrics["scores"].items()}
    assert set(scores) == {"keyword_baseline", "tfidf_logreg"}
    winner = "tfidf_logreg" if scores["tfidf_logreg"] > scores["keyword_baseline"] else "keyword_baseline"
    assert metrics["model"] == winner
    assert ARTEFACT.exists() == (winner == "tfidf_logreg")
    in_use = default_classifier()
    assert isinstance(in_use, LinearTextModel if winner == "tfidf_logreg" else KeywordDocTypeClassifier)


def test_keyword_classifier_can_be_cloned_for_cross_validation() -> None:
    model = clone(KeywordDocTypeClassifier(head_chars=300, min_score=2.0))
    assert model.get_params() == {
        "head_chars": 300,
        "topic_bonus": 3.0,
        "title_topic_bonus": 8.0,
        "min_score": 2.0,
    }


@pytest.fixture(scope="module")
def fitted() -> tuple[object, list[DocTypeInput]]:
    X, y = labelled_slice()
    return trained_model().fit(X[::2], y[::2]), X[1::2]


def test_portable_form_predicts_as_the_scikit_learn_pipeline(fitted) -> None:
    model, held_out = fitted
    portable = LinearTextModel.from_pipeline(model)
    assert portable.predict(held_out) == list(model.predict(held_out))
    assert portable.decision_function(held_out) == pytest.approx(model.decision_function(held_out))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2018年政务公开工作要点", "work_plan"),
        ("2021年政府信息公开工作年度报告", "annual_report"),
    ],
)
def test_trained_model_learns_the_title_words(fitted, title: str, expected: str) -> None:
    model, _ = fitted
    assert list(model.predict([DocTypeInput(title, title)])) == [expected]
