"""The trained task-category model: logistic regression over TF-IDF of jieba words and
character n-grams of a task's title and text (scikit-learn, for training only; the shipped
form is a `pipeline.classify.linear.LinearTextModel`)."""

from __future__ import annotations

from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer

from pipeline.classify.task_category import texts, titles
from pipeline.segment.words import tokenize


def trained_model(C: float = 10.0) -> Any:
    """An unfitted linear model over TF-IDF of words and character n-grams of title and text."""

    def view(select: Any, **tfidf: Any) -> Any:
        return make_pipeline(FunctionTransformer(select), TfidfVectorizer(sublinear_tf=True, **tfidf))

    features = FeatureUnion(
        [
            ("title_words", view(titles, analyzer=tokenize)),
            ("title_chars", view(titles, analyzer="char", ngram_range=(1, 3))),
            ("text_words", view(texts, analyzer=tokenize)),
            ("text_chars", view(texts, analyzer="char", ngram_range=(2, 2), min_df=2)),
        ]
    )
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    return make_pipeline(features, classifier)
