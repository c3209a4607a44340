"""Responsible units: split a unit phrase into units with their roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["lead", "responsible", "cooperating"]


@dataclass(frozen=True)
class UnitMention:
    """One unit found in a phrase: offsets are relative to the phrase passed in."""

    start: int
    end: int
    role: Role
    unit_raw: str  # as written
    unit: str  # normalised name (relative names resolved against the issuing body)


def parse_units(text: str, default_role: Role = "responsible", issuing_body: str | None = None) -> list[UnitMention]:
    """The units named in `text` (e.g. '区财政局牵头；区城建局等配合'), each with its role."""
    raise NotImplementedError
