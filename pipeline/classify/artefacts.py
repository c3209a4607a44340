"""Trained models shipped as package data in pipeline/models/ (training code: pipeline/training/)."""

from __future__ import annotations

from functools import cache
from typing import Any

from pipeline.vocab import MODELS, open_binary


@cache
def load_model(name: str) -> Any:
    """The fitted estimator saved as pipeline/models/`name`, loaded once per process."""
    import joblib  # only in the processes that use a model

    with open_binary(name, MODELS) as handle:
        return joblib.load(handle)
