"""Deadlines: a phrase such as '11月底前' normalised to a type and a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

DeadlineType = Literal["date", "year_round", "ongoing", "relative", "none"]


@dataclass(frozen=True)
class Deadline:
    type: DeadlineType
    date: date | None = None
    raw: str = ""
    start: int = 0  # offsets of `raw` within the phrase passed in
    end: int = 0
    amount: int | None = None  # relative deadlines: 20 (个工作日内)
    unit: str | None = None  # relative deadlines: 工作日, 日, 个月 …


def parse_deadline(text: str, year: int | None) -> Deadline:
    """The deadline stated in `text`, dates resolved against the plan `year`."""
    raise NotImplementedError
