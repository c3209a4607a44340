"""The trained document-type models vs the keyword classifier: the recorded scores decide the one in use,
and the shipped form predicts as the scikit-learn pipeline it came from, without scikit-learn."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sklearn.base import clone
from threadpoolctl import threadpool_limits

from pipeline.classify.doctype import (
    DOC_TYPES,
    DocTypeInput,
    KeywordDocTypeClassifier,
    TrainedDocTypeClassifier,
    confidence,
    default_classifier,
    keyword_evidence,
)
from pipeline.classify.linear import LinearTextModel
from pipeline.normalize.fold import fold
from pipeline.training.doctype import C_GRID, stacked_model, stacked_pipeline, trained_model

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "corpora" / "extra"
METRICS = ROOT / "models" / "doctype.json"
ARTEFACT = ROOT / "pipeline" / "models" / "doctype.joblib"
SLICE_CHARS = 1500  # enough of each text to train on, short enough for a fast test
MODELS = ("keyword_baseline", "tfidf_logreg", "stacked_logreg")


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread() -> Any:
    """Small fits are many times slower when BLAS threads contend for a busy machine's cores."""
    with threadpool_limits(1):
        yield


def labelled_slice() -> tuple[list[DocTypeInput], list[str]]:
    with (EXTRA / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [
        fold((EXTRA / row["file"]).read_text(encoding="utf-8", errors="replace"))[:SLICE_CHARS]
        for row in rows
    ]
    return [DocTypeInput(text.split("\n", 1)[0], text) for text in texts], [row["doc_type"] for row in rows]


def test_metrics_record_every_model_and_the_winner_is_in_use() -> None:
    metrics = json.loads(METRICS.read_text(encoding="utf-8"))
    scores = metrics["scores"]
    assert set(scores) == set(MODELS)
    for score in scores.values():
        f1 = score["macro_f1"]
        assert f1["min"] <= f1["mean"] <= f1["max"] and len(f1["runs"]) == 5
        assert 0 < score["group_kfold"]["macro_f1"] <= 1
    won = scores["stacked_logreg"]["macro_f1"]["mean"] > scores["keyword_baseline"]["macro_f1"]["mean"]
    assert metrics["model"] == ("stacked_logreg" if won else "keyword_baseline")
    assert ARTEFACT.exists() == won
    assert isinstance(default_classifier(), TrainedDocTypeClassifier if won else KeywordDocTypeClassifier)


def test_keyword_classifier_can_be_cloned_for_cross_validation() -> None:
    model = clone(KeywordDocTypeClassifier(head_chars=300, min_score=2.0))
    assert model.get_params() == {
        "head_chars": 300,
        "topic_bonus": 3.0,
        "title_topic_bonus": 8.0,
        "min_score": 2.0,
    }


@pytest.mark.parametrize(
    ("title", "text", "strongest"),
    [
        ("2018年政务公开工作要点", "", "work_plan"),
        ("", "现将我局政务公开自查情况汇报如下:", "work_summary"),
        ("镇巴县人民政府工作规则", "", "other"),
    ],
)
def test_keyword_evidence_is_the_log_scaled_keyword_scores(title: str, text: str, strongest: str) -> None:
    [row] = keyword_evidence([DocTypeInput(title, text or title)])
    assert len(row) == len(DOC_TYPES) and min(row) >= 0
    assert DOC_TYPES[row.argmax()] == strongest


def test_keyword_evidence_of_no_documents_has_one_column_per_type() -> None:
    assert keyword_evidence([]).shape == (0, len(DOC_TYPES))


@pytest.fixture(scope="module", params=["stacked", "tfidf"])
def fitted(request: pytest.FixtureRequest) -> tuple[Any, list[DocTypeInput]]:
    X, y = labelled_slice()
    if request.param == "stacked":
        return stacked_pipeline().fit(X[::2], y[::2]), X[1::2]
    return trained_model().fit(X[::2], y[::2]), X[1::2]


def test_portable_form_predicts_as_the_scikit_learn_pipeline(fitted: tuple[Any, list[DocTypeInput]]) -> None:
    model, held_out = fitted
    portable = LinearTextModel.from_pipeline(model)
    assert portable.predict(held_out) == list(model.predict(held_out))
    assert portable.decision_function(held_out) == pytest.approx(model.decision_function(held_out))
    assert portable.predict_proba(held_out) == pytest.approx(model.predict_proba(held_out))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2018年政务公开工作要点", "work_plan"),
        ("2021年政府信息公开工作年度报告", "annual_report"),
    ],
)
def test_trained_models_learn_the_title_words(
    fitted: tuple[Any, list[DocTypeInput]], title: str, expected: str
) -> None:
    model, _ = fitted
    assert list(model.predict([DocTypeInput(title, title)])) == [expected]


def test_inner_cross_validation_chooses_c_from_the_grid() -> None:
    X, y = labelled_slice()
    search = stacked_model().fit(X[::3], y[::3])
    assert search.best_params_["logisticregression__C"] in C_GRID


def test_trained_classifier_scores_are_probabilities(fitted: tuple[Any, list[DocTypeInput]]) -> None:
    classifier = TrainedDocTypeClassifier(LinearTextModel.from_pipeline(fitted[0]))
    doc = DocTypeInput(
        "鞍山市行政审批局2018年度政府信息公开工作年度报告", "本报告所列数据的统计期限自2018年1月1日起。"
    )
    scores = classifier.scores(doc)
    assert set(scores) == set(DOC_TYPES) and sum(scores.values()) == pytest.approx(1.0)
    assert max(scores, key=scores.__getitem__) == classifier.predict([doc])[0] == "annual_report"
    assert 0.5 < confidence(scores) <= 1.0


def test_classifier_in_use_loads_without_scikit_learn() -> None:
    code = (
        "import sys\n"
        "from pipeline.classify.doctype import DocTypeInput, default_classifier\n"
        "default_classifier().predict([DocTypeInput('2018年政务公开工作要点', '')])\n"
        "assert 'sklearn' not in sys.modules, 'scikit-learn was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
