"""The trained document-type models (scikit-learn, for training only; scripts/train_doctype.py
compares them with the keyword classifier of doctype.py and ships the winner as a
`pipeline.classify.linear.LinearTextModel`).

- `trained_model`: logistic regression over TF-IDF of character n-grams of the title and the
  opening text and of the jieba words of the whole text.
- `stacked_model`: logistic regression over the keyword classifier's evidence (its log-scaled
  score for each type), with its regularisation chosen by an inner cross-validation on the
  training documents only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler

from pipeline.classify.doctype import DocTypeInput, keyword_evidence
from pipeline.normalize.fold import fold
from pipeline.segment.words import tokenize

HEAD_CHARS = 500
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
INNER_FOLDS = 4


def doc_titles(X: Sequence[DocTypeInput]) -> list[str]:
    return [fold(doc.title) for doc in X]


def doc_heads(X: Sequence[DocTypeInput]) -> list[str]:
    return [fold(doc.text[:HEAD_CHARS]) for doc in X]


def doc_texts(X: Sequence[DocTypeInput]) -> list[str]:
    return [fold(doc.text) for doc in X]


def tfidf_view(select: Any, **tfidf: Any) -> Any:
    return make_pipeline(FunctionTransformer(select), TfidfVectorizer(sublinear_tf=True, **tfidf))


def numeric_view(select: Any) -> Any:
    return make_pipeline(FunctionTransformer(select), MaxAbsScaler())


def logistic_regression(C: float) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000)


def trained_model(C: float = 10.0) -> Any:
    """An unfitted linear model over TF-IDF of the title, the opening and the whole text."""
    features = FeatureUnion(
        [
            ("title_chars", tfidf_view(doc_titles, analyzer="char", ngram_range=(1, 3))),
            ("head_chars", tfidf_view(doc_heads, analyzer="char", ngram_range=(2, 3), min_df=2)),
            ("text_words", tfidf_view(doc_texts, analyzer=tokenize, min_df=2)),
        ]
    )
    return make_pipeline(features, logistic_regression(C))


def stacked_pipeline(C: float = 10.0) -> Any:
    """An unfitted linear model over the keyword evidence."""
    features = FeatureUnion([("keywords", numeric_view(keyword_evidence))])
    return make_pipeline(features, logistic_regression(C))


def stacked_model() -> GridSearchCV:
    """`stacked_pipeline` with C chosen by inner cross-validation on the training documents."""
    return GridSearchCV(
        stacked_pipeline(),
        {"logisticregression__C": list(C_GRID)},
        scoring="f1_macro",
        cv=StratifiedKFold(INNER_FOLDS),
    )
