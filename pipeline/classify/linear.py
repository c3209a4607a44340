"""A fitted linear text classifier in a form that predicts without importing scikit-learn.

Training uses scikit-learn (a FeatureUnion of TF-IDF views, and of numeric feature blocks
scaled by a MaxAbsScaler, feeding a linear classifier); `LinearTextModel.from_pipeline` keeps
what prediction needs (each view's vocabulary and idf or scale, the coefficients) so that a
run's processes do not carry scikit-learn's memory.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

WHITE_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str, n: int) -> Iterable[str]:
    """The character n-grams of `text`, in order (as scikit-learn's char analyzer makes them)."""
    grams: Iterable[str] = text
    for k in range(1, n):
        grams = map(operator.add, grams, text[k:])
    return grams


@dataclass(frozen=True)
class TextView:
    """One TF-IDF block: which text it reads, how it cuts it into terms, and its fitted vocabulary."""

    select: Callable[[Sequence[Any]], list[str]]
    analyzer: Callable[[str], list[str]] | None  # None: character n-grams of `ngram_range`
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    vocabulary: dict[str, int]
    idf: np.ndarray

    def terms(self, text: str) -> Iterable[str]:
        if self.analyzer is not None:
            return self.analyzer(text)
        text = WHITE_SPACES.sub(" ", text.lower())
        low, high = self.ngram_range
        return chain.from_iterable(char_ngrams(text, n) for n in range(low, high + 1))

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The columns of the terms of `text` and their l2-normalised TF-IDF weights."""
        counts = Counter(map(self.vocabulary.get, self.terms(text)))
        counts.pop(None, None)
        cols = np.fromiter(counts, dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=float, count=len(counts))
        weights = (1 + np.log(tf) if self.sublinear_tf else tf) * self.idf[cols]
        return cols, weights / (np.sqrt(weights @ weights) or 1.0)

    @property
    def width(self) -> int:
        return len(self.idf)

    def add_scores(self, X: Sequence[Any], coef: np.ndarray, scores: np.ndarray) -> None:
        """Add each item's weights times this view's coefficient columns to its row of `scores`."""
        for row, text in enumerate(self.select(X)):
            cols, weights = self.vector(text)
            if len(cols):
                scores[row] += coef[:, cols] @ weights


@dataclass(frozen=True)
class FeatureView:
    """One block of numeric features: `select` gives a row of numbers per item, divided by `scale`."""

    select: Callable[[Sequence[Any]], np.ndarray]
    scale: np.ndarray

    @property
    def width(self) -> int:
        return len(self.scale)

    def add_scores(self, X: Sequence[Any], coef: np.ndarray, scores: np.ndarray) -> None:
        scores += (np.asarray(self.select(X), dtype=float) / self.scale) @ coef.T


def fitted_view(view: Any) -> TextView | FeatureView:
    """What prediction needs of a fitted view: FunctionTransformer, then TfidfVectorizer or MaxAbsScaler."""
    select, last = view[0].func, view[-1]
    if hasattr(last, "vocabulary_"):
        return TextView(
            select,
            None if last.analyzer == "char" else last.analyzer,
            last.ngram_range,
            last.sublinear_tf,
            {term: int(col) for term, col in last.vocabulary_.items()},
            last.idf_.copy(),
        )
    scale = last.scale_.copy()
    scale[scale == 0] = 1.0
    return FeatureView(select, scale)


@dataclass(frozen=True)
class LinearTextModel:
    """Views side by side, scored by one coefficient row per class."""

    views: tuple[TextView | FeatureView, ...]
    classes_: tuple[str, ...]
    coef: np.ndarray  # (classes, features of all views)
    intercept: np.ndarray

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> LinearTextModel:
        """The prediction-time part of a fitted make_pipeline(FeatureUnion([...views]), classifier)."""
        union, classifier = pipeline[0], pipeline[-1]
        views = [fitted_view(view) for _, view in union.transformer_list]
        classes = tuple(str(c) for c in classifier.classes_)
        return cls(tuple(views), classes, classifier.coef_.copy(), classifier.intercept_.copy())

    def decision_function(self, X: Sequence[Any]) -> np.ndarray:
        scores = np.tile(self.intercept, (len(X), 1))
        offset = 0
        for view in self.views:
            view.add_scores(X, self.coef[:, offset : offset + view.width], scores)
            offset += view.width
        return scores

    def predict_proba(self, X: Sequence[Any]) -> np.ndarray:
        """The softmax of the decision function: one row of class probabilities per item."""
        scores = self.decision_function(X)
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: Sequence[Any]) -> list[str]:
        if not len(X):
            return []
        return [self.classes_[i] for i in self.decision_function(X).argmax(axis=1)]
