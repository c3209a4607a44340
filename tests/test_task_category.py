"""Task categories: the keyword baseline, the shipped model, its scikit-learn-free form, the stage."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.classify.linear import LinearTextModel
from pipeline.classify.task_category import (
    CATEGORIES,
    KeywordTaskCategoryClassifier,
    TaskInput,
    default_model,
    predict_categories,
)
from pipeline.dataset.rows import task_rows
from pipeline.process import extract_file
from pipeline.records import Category, Task
from pipeline.training.task_category import trained_model

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "task_categories.csv"
METRICS = ROOT / "models" / "task_category.json"


def labelled() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def inputs(rows: list[dict[str, str]]) -> list[TaskInput]:
    return [TaskInput(row["title"], row["text"]) for row in rows]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("加强决策预公开", "", "decision_disclosure"),
        ("做好政策文件解读", "加强政策解读,让群众听得懂", "policy_interpretation"),
        ("深入推进预决算公开", "", "fiscal"),
        ("强化社会重大关切舆情回应", "", "public_concerns"),
        ("用好新平台", "做好政务新媒体的信息发布", "platforms"),
        ("加强依申请公开能力", "", "requests"),
        ("落实公文公开属性认定制度", "", "institutions"),
        ("强化组织领导", "加强队伍建设", "organization"),
        ("推进重点工作", "", "institutions"),  # no keyword: the commonest category of the fit
    ],
)
def test_keyword_baseline(title: str, text: str, expected: str) -> None:
    model = KeywordTaskCategoryClassifier().fit([], ["institutions", "institutions", "fiscal"])
    assert model.predict([TaskInput(title, text)]) == [expected]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("加强政策解读", "policy_interpretation"),
        ("抓好财政预决算公开", "fiscal"),
        ("推进政府网站集约化建设", "platforms"),
        ("做好依申请公开工作", "requests"),
        ("推进“互联网+政务服务”", "government_services"),
        ("抓好重大建设项目批准和实施领域信息公开", "key_areas"),
        ("规范建议提案办理结果公开", "execution_results"),
        ("加强培训和考核", "organization"),
    ],
)
def test_shipped_model_on_new_titles(title: str, expected: str) -> None:
    assert predict_categories([TaskInput(title, title)]) == [expected]


def test_every_label_is_a_category_and_every_category_is_labelled() -> None:
    assert {row["category"] for row in labelled()} == set(CATEGORIES)


def test_shipped_model_fits_its_training_labels() -> None:
    rows = labelled()
    predicted = predict_categories(inputs(rows))
    right = sum(p == row["category"] for p, row in zip(predicted, rows, strict=True))
    assert right / len(rows) >= 0.95


def test_shipped_model_beat_the_keyword_baseline() -> None:
    metrics = json.loads(METRICS.read_text(encoding="utf-8"))
    scores = metrics["macro_f1"]
    assert metrics["model"] == "tfidf_logreg" and scores["tfidf_logreg"] > scores["keyword_baseline"]
    assert isinstance(default_model(), LinearTextModel)


def test_portable_form_predicts_as_the_scikit_learn_pipeline() -> None:
    rows = labelled()
    train, test = inputs(rows[::2]), inputs(rows[1::2])
    fitted = trained_model().fit(train, [row["category"] for row in rows[::2]])
    portable = LinearTextModel.from_pipeline(fitted)
    assert portable.predict(test) == list(fitted.predict(test))
    assert portable.decision_function(test) == pytest.approx(fitted.decision_function(test))


def test_categorize_stage_labels_every_task_of_a_plan(samples_dir: Path) -> None:
    doc = extract_file(samples_dir / "000_bb7ad2cec91f680d.txt")
    tasks, categories = doc.spans_of(Task), doc.spans_of(Category)
    assert [c.record.task_id for c in categories] == [t.record.task_id for t in tasks]
    assert all((c.start, c.end) == (t.start, t.end) for c, t in zip(categories, tasks, strict=True))
    rows = task_rows(doc)
    assert {row["category"] for row in rows} <= set(CATEGORIES)
    assert rows[2]["title"] == "做好政策解读" and rows[2]["category"] == "policy_interpretation"


def test_no_tasks_no_categories(samples_dir: Path) -> None:
    doc = extract_file(samples_dir / "004_1f809c4b636a09c4.txt")
    assert not doc.spans_of(Task) and not doc.spans_of(Category)
