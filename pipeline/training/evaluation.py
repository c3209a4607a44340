"""Cross-validation and scores for comparing trained models (scikit-learn)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut


def cross_validated_predictions(
    estimator: Any, X: Sequence[Any], y: Sequence[str], groups: Sequence[str], splits: int | None = None
) -> list[str]:
    """Each item's prediction by a clone of `estimator` fitted on the folds without its group.

    `splits`: how many folds of whole groups (None: leave one group out).
    """
    splitter = LeaveOneGroupOut() if splits is None else GroupKFold(n_splits=splits)
    predicted: list[str] = [""] * len(y)
    for train, test in splitter.split(X, y, groups):
        model = clone(estimator).fit([X[i] for i in train], [y[i] for i in train])
        for i, label in zip(test, model.predict([X[i] for i in test]), strict=True):
            predicted[i] = str(label)
    return predicted


def macro_f1(y: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in `y`, rounded to 3 places."""
    return round(float(f1_score(y, predicted, labels=sorted(set(y)), average="macro", zero_division=0)), 3)
