"""A fitted linear text classifier in a form that predicts without importing scikit-learn.

Training uses scikit-learn (a FeatureUnion of TF-IDF views feeding a linear classifier);
`LinearTextModel.from_pipeline` keeps what prediction needs (each view's vocabulary and idf,
the coefficients) so that a run's processes do not carry scikit-learn's memory.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

WHITE_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class TextView:
    """One TF-IDF block: which text it reads, how it cuts it into terms, and its fitted vocabulary."""

    select: Callable[[Sequence[Any]], list[str]]
    analyzer: Callable[[str], list[str]] | None  # None: character n-grams of `ngram_range`
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    vocabulary: dict[str, int]
    idf: np.ndarray

    def terms(self, text: str) -> list[str]:
        if self.analyzer is not None:
            return self.analyzer(text)
        text = WHITE_SPACES.sub(" ", text.lower())
        low, high = self.ngram_range
        return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]

    def vector(self, text: str) -> dict[int, float]:
        """The l2-normalised TF-IDF weights of `text`, by column."""
        counts = Counter(self.vocabulary[t] for t in self.terms(text) if t in self.vocabulary)
        weights = {
            col: (1 + math.log(n) if self.sublinear_tf else n) * float(self.idf[col])
            for col, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {col: w / norm for col, w in weights.items()}


@dataclass(frozen=True)
class LinearTextModel:
    """Views side by side, scored by one coefficient row per class."""

    views: tuple[TextView, ...]
    classes_: tuple[str, ...]
    coef: np.ndarray  # (classes, features of all views)
    intercept: np.ndarray

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> LinearTextModel:
        """The prediction-time part of a fitted make_pipeline(FeatureUnion([...views]), classifier)."""
        union, classifier = pipeline[0], pipeline[-1]
        views = []
        for _, view in union.transformer_list:
            select, tfidf = view[0].func, view[-1]
            analyzer = None if tfidf.analyzer == "char" else tfidf.analyzer
            views.append(
                TextView(
                    select,
                    analyzer,
                    tfidf.ngram_range,
                    tfidf.sublinear_tf,
                    {term: int(col) for term, col in tfidf.vocabulary_.items()},
                    tfidf.idf_.copy(),
                )
            )
        classes = tuple(str(c) for c in classifier.classes_)
        return cls(tuple(views), classes, classifier.coef_.copy(), classifier.intercept_.copy())

    def decision_function(self, X: Sequence[Any]) -> np.ndarray:
        scores = np.tile(self.intercept, (len(X), 1))
        offset = 0
        for view in self.views:
            for row, text in enumerate(view.select(X)):
                vector = view.vector(text)
                if vector:
                    cols = np.fromiter(vector, dtype=int) + offset
                    scores[row] += self.coef[:, cols] @ np.fromiter(vector.values(), dtype=float)
            offset += len(view.idf)
        return scores

    def predict(self, X: Sequence[Any]) -> list[str]:
        if not len(X):
            return []
        return [self.classes_[i] for i in self.decision_function(X).argmax(axis=1)]
