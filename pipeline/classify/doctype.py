"""Document type: which of work_plan, annual_report, work_summary, other a document is.

`KeywordDocTypeClassifier` scores each type by weighted keyword patterns over the title,
the opening text and the whole text (resources/doctype_keywords.tsv). It follows the
scikit-learn contract (`fit` / `predict`, learned state ending in `_`) so that a trained
model can take its place. The trained model (pipeline/training/doctype.py) reads the keyword scores
computed here (`keyword_evidence`); scripts/train_doctype.py ships it as
pipeline/models/doctype.joblib when it beats the keyword classifier, and `default_classifier`
then uses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np

from pipeline.classify.artefacts import load_model
from pipeline.classify.estimator import ParamsMixin
from pipeline.classify.linear import LinearTextModel
from pipeline.normalize.fold import fold
from pipeline.vocab import MODELS, read_table, resource_path

DOC_TYPES = ("work_plan", "annual_report", "work_summary", "other")
TOPIC = re.compile(r"政务公开|信息公开|政府信息|政务信息")
BODY_CAP = 3  # a body keyword counts at most this many times
OFF_TOPIC_TITLE_WEIGHT = 0.5  # a plan/report/summary title word in a title not about disclosure
CITATION = re.compile(r"《[^《》]{0,120}》(?!的通知)")  # documents cited (not those sent on)
MODEL_FILE = "doctype.joblib"


class DocTypeInput(NamedTuple):
    """What the classifier reads of one document: its title ('' if none) and its folded text."""

    title: str
    text: str


@dataclass(frozen=True)
class Keyword:
    doc_type: str
    zone: str  # title | head | body
    weight: float
    pattern: re.Pattern[str]


@cache
def default_keywords() -> tuple[Keyword, ...]:
    """The keyword table shipped in resources/doctype_keywords.tsv."""
    return tuple(
        Keyword(row["doc_type"], row["zone"], float(row["weight"]), re.compile(fold(row["pattern"])))
        for row in read_table("doctype_keywords.tsv", delimiter="\t")
    )


class KeywordDocTypeClassifier(ParamsMixin):
    """Rule-based document-type scorer with a scikit-learn style interface."""

    def __init__(
        self,
        head_chars: int = 500,
        topic_bonus: float = 3.0,
        title_topic_bonus: float = 8.0,
        min_score: float = 1.0,
    ):
        self.head_chars = head_chars
        self.topic_bonus = topic_bonus
        self.title_topic_bonus = title_topic_bonus
        self.min_score = min_score

    def fit(self, X: Sequence[DocTypeInput], y: Sequence[str] | None = None) -> KeywordDocTypeClassifier:
        """Load the keyword table; the rules learn nothing from X and y."""
        self.keywords_ = default_keywords()
        self.classes_ = DOC_TYPES
        return self

    def scores(self, doc: DocTypeInput) -> dict[str, float]:
        """The score of every type for one document."""
        folded = doc.text
        text = CITATION.sub("《》", folded)
        zones = {"title": fold(doc.title), "head": text[: self.head_chars], "body": text}
        totals = dict.fromkeys(self.classes_, 0.0)
        title_weight = 1.0 if TOPIC.search(zones["title"]) else OFF_TOPIC_TITLE_WEIGHT
        for keyword in self.keywords_:
            hits = sum(1 for _ in keyword.pattern.finditer(zones[keyword.zone]))
            cap = BODY_CAP if keyword.zone == "body" else 1
            weight = title_weight if keyword.zone == "title" and keyword.doc_type != "other" else 1.0
            totals[keyword.doc_type] += weight * keyword.weight * min(hits, cap)
        totals["other"] += self.off_topic(zones["title"], folded[: self.head_chars])
        return totals

    def off_topic(self, title: str, head: str) -> float:
        """What `other` gets for a document whose title and opening are not about disclosure."""
        if TOPIC.search(title):
            return 0.0
        if TOPIC.search(head):
            return self.title_topic_bonus / 4 if title else 0.0
        return self.title_topic_bonus if title else self.topic_bonus

    def predict_scores(self, X: Sequence[DocTypeInput]) -> list[dict[str, float]]:
        return [self.scores(doc) for doc in X]

    def predict(self, X: Sequence[DocTypeInput]) -> list[str]:
        return [self.choose(scores) for scores in self.predict_scores(X)]

    def choose(self, scores: dict[str, float]) -> str:
        """The type `scores` name."""
        return best_type(scores, self.min_score)


@dataclass(frozen=True)
class TrainedDocTypeClassifier:
    """The shipped model behind the keyword classifier's interface; its scores are probabilities."""

    model: LinearTextModel

    def scores(self, doc: DocTypeInput) -> dict[str, float]:
        probabilities = self.model.predict_proba([doc])[0]
        return {doc_type: float(p) for doc_type, p in zip(self.model.classes_, probabilities, strict=True)}

    def predict(self, X: Sequence[DocTypeInput]) -> list[str]:
        return self.model.predict(X)

    def choose(self, scores: dict[str, float]) -> str:
        """The likeliest type of the probabilities `scores`."""
        return max(self.model.classes_, key=lambda doc_type: scores[doc_type])


@cache
def keyword_classifier() -> KeywordDocTypeClassifier:
    """The keyword classifier with its default parameters, built once per process."""
    return KeywordDocTypeClassifier().fit([])


def keyword_evidence(X: Sequence[DocTypeInput]) -> np.ndarray:
    """The keyword classifier's score of each type, log-scaled: one row per document."""
    return np.array(
        [
            [math.log1p(max(scores[t], 0.0)) for t in DOC_TYPES]
            for scores in keyword_classifier().predict_scores(X)
        ]
    ).reshape(len(X), len(DOC_TYPES))


def best_type(scores: dict[str, float], min_score: float) -> str:
    """The highest-scoring type; `other` when nothing scores at least `min_score`."""
    doc_type = max(scores, key=lambda t: scores[t])
    return doc_type if scores[doc_type] >= min_score else "other"


def confidence(scores: dict[str, float]) -> float:
    """The winning score's share of all positive scores (1.0 when only one type scored)."""
    positive = [s for s in scores.values() if s > 0]
    return round(max(positive) / sum(positive), 3) if positive else 0.0


@cache
def default_classifier() -> KeywordDocTypeClassifier | TrainedDocTypeClassifier:
    """The classifier the metadata stage uses: the shipped model if there is one, else the keywords."""
    if resource_path(MODEL_FILE, MODELS).is_file():
        return TrainedDocTypeClassifier(load_model(MODEL_FILE))
    return keyword_classifier()
