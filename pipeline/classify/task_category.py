"""Task category: which part of the disclosure agenda a plan's task belongs to.

`KeywordTaskCategoryClassifier` is the baseline: the category whose taxonomy keywords
(resources/task_category_keywords.csv) weigh most in the task. It and the trained model
(pipeline/training/task_category.py) follow the scikit-learn contract; scripts/train_task_classifier.py
ships the better one as pipeline/models/task_category.joblib. Stage `categorize` applies it to
every task and adds one `category` span (records.Category) over each task.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from pipeline.classify.artefacts import load_model
from pipeline.classify.estimator import ParamsMixin
from pipeline.config import Config
from pipeline.document import Document
from pipeline.normalize.fold import fold_width
from pipeline.records import Category, Task
from pipeline.stages import stage
from pipeline.vocab import read_table

log = logging.getLogger(__name__)

STAGE = "categorize"
CATEGORIES = (
    "decision_disclosure",
    "policy_interpretation",
    "execution_results",
    "power_and_regulation",
    "fiscal",
    "key_areas",
    "public_concerns",
    "government_services",
    "platforms",
    "requests",
    "institutions",
    "organization",
)
MODEL_FILE = "task_category.joblib"


class TaskInput(NamedTuple):
    """What a category model reads of one task: its title and its full text."""

    title: str
    text: str


@dataclass(frozen=True)
class CategoryKeyword:
    category: str
    keyword: str
    weight: float


@cache
def default_keywords() -> tuple[CategoryKeyword, ...]:
    """The taxonomy's keywords, from resources/task_category_keywords.csv."""
    return tuple(
        CategoryKeyword(row["category"], row["keyword"], float(row["weight"]))
        for row in read_table("task_category_keywords.csv")
    )


class KeywordTaskCategoryClassifier(ParamsMixin):
    """The category whose keywords weigh most in the title (fully) and the text (`text_weight`)."""

    def __init__(self, text_weight: float = 1 / 3):
        self.text_weight = text_weight

    def fit(self, X: Sequence[TaskInput], y: Sequence[str]) -> KeywordTaskCategoryClassifier:
        """Load the keyword table; learn only the commonest category, for tasks without a keyword."""
        self.keywords_ = default_keywords()
        self.classes_ = CATEGORIES
        self.fallback_ = Counter(y).most_common(1)[0][0]
        return self

    def scores(self, task: TaskInput) -> dict[str, float]:
        title, text = fold_width(task.title), fold_width(task.text)
        totals = dict.fromkeys(self.classes_, 0.0)
        for keyword in self.keywords_:
            hits = title.count(keyword.keyword) + self.text_weight * text.count(keyword.keyword)
            totals[keyword.category] += keyword.weight * hits
        return totals

    def predict(self, X: Sequence[TaskInput]) -> list[str]:
        return [self.best(self.scores(task)) for task in X]

    def best(self, scores: dict[str, float]) -> str:
        category = max(scores, key=lambda c: scores[c])
        return category if scores[category] > 0 else self.fallback_


def titles(X: Sequence[TaskInput]) -> list[str]:
    return [fold_width(task.title) for task in X]


def texts(X: Sequence[TaskInput]) -> list[str]:
    return [fold_width(task.text) for task in X]


@cache
def default_model() -> Any:
    """The shipped category model, loaded once per process."""
    return load_model(MODEL_FILE)


def predict_categories(tasks: list[TaskInput]) -> list[str]:
    """The category of each task, by the shipped model."""
    return [str(category) for category in default_model().predict(tasks)] if tasks else []


@stage(STAGE, requires=("task",), assigns=("category",))
def categorize(doc: Document, config: Config) -> Document:
    """Add a `category` span over every task span."""
    tasks = doc.spans_of(Task)
    inputs = [TaskInput(task.record.title or "", task.record.text or "") for task in tasks]
    for task, category in zip(tasks, predict_categories(inputs), strict=True):
        doc.add(Category(task.record.task_id, category), task.start, task.end, STAGE)
    log.debug("%s: %d tasks categorised", doc.source_path, len(tasks))
    return doc
