"""`get_params`/`set_params` for rule-based estimators, so scikit-learn can clone and cross-validate
them without the rules importing scikit-learn."""

from __future__ import annotations

import inspect
from typing import Any, Self


class ParamsMixin:
    """The parameters of an estimator are the arguments of its `__init__`, kept as attributes."""

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params: Any) -> Self:
        for name, value in params.items():
            setattr(self, name, value)
        return self
