"""Document type: which of work_plan, annual_report, work_summary, other a document is.

`KeywordDocTypeClassifier` scores each type by weighted keyword patterns over the title,
the opening text and the whole text (resources/doctype_keywords.tsv). It follows the
scikit-learn contract (`fit` / `predict`, learned state ending in `_`) so that a trained
model can take its place.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from pipeline.classify.estimator import ParamsMixin
from pipeline.classify.fold import fold

DOC_TYPES = ("work_plan", "annual_report", "work_summary", "other")
TOPIC = re.compile(r"政务公开|信息公开|政府信息|政务信息")
BODY_CAP = 3  # a body keyword counts at most this many times
OFF_TOPIC_TITLE_WEIGHT = 0.5  # a plan/report/summary title word in a title not about disclosure
CITATION = re.compile(r"《[^《》]{0,120}》(?!的通知)")  # documents cited (not those sent on)


class DocTypeInput(NamedTuple):
    """What the classifier reads of one document: its title ('' if none) and its text."""

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
    path = resources.files("pipeline") / "resources" / "doctype_keywords.tsv"
    with path.open(encoding="utf-8") as handle:
        return tuple(
            Keyword(row["doc_type"], row["zone"], float(row["weight"]), re.compile(fold(row["pattern"])))
            for row in csv.DictReader(handle, delimiter="\t")
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
        folded = fold(doc.text)
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
        return [best_type(scores, self.min_score) for scores in self.predict_scores(X)]


def best_type(scores: dict[str, float], min_score: float) -> str:
    """The highest-scoring type; `other` when nothing scores at least `min_score`."""
    doc_type = max(scores, key=lambda t: scores[t])
    return doc_type if scores[doc_type] >= min_score else "other"


def confidence(scores: dict[str, float]) -> float:
    """The winning score's share of all positive scores (1.0 when only one type scored)."""
    positive = [s for s in scores.values() if s > 0]
    return round(max(positive) / sum(positive), 3) if positive else 0.0


@cache
def default_classifier() -> KeywordDocTypeClassifier:
    """The classifier the metadata stage uses, built once per process."""
    return KeywordDocTypeClassifier().fit([])
