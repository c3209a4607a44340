"""The trained document-type model: logistic regression over TF-IDF of character n-grams of the
title and the opening text and of the jieba words of the whole text (scikit-learn, for training
only; scripts/train_doctype.py compares it with the keyword classifier of doctype.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer

from pipeline.classify.doctype import DocTypeInput
from pipeline.classify.fold import fold
from pipeline.segment.words import tokenize

HEAD_CHARS = 500


def doc_titles(X: Sequence[DocTypeInput]) -> list[str]:
    return [fold(doc.title) for doc in X]


def doc_heads(X: Sequence[DocTypeInput]) -> list[str]:
    return [fold(doc.text[:HEAD_CHARS]) for doc in X]


def doc_texts(X: Sequence[DocTypeInput]) -> list[str]:
    return [fold(doc.text) for doc in X]


def trained_model(C: float = 10.0) -> Any:
    """An unfitted linear model over TF-IDF of the title, the opening and the whole text."""

    def view(select: Any, **tfidf: Any) -> Any:
        return make_pipeline(FunctionTransformer(select), TfidfVectorizer(sublinear_tf=True, **tfidf))

    features = FeatureUnion(
        [
            ("title_chars", view(doc_titles, analyzer="char", ngram_range=(1, 3))),
            ("head_chars", view(doc_heads, analyzer="char", ngram_range=(2, 3), min_df=2)),
            ("text_words", view(doc_texts, analyzer=tokenize, min_df=2)),
        ]
    )
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    return make_pipeline(features, classifier)
