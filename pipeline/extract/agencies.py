"""Agency kind and administrative level of every unit, for comparing units across cities.

A unit's kind comes from the keywords of resources/agencies.csv (units.agency_kind); its level
from the place its name starts with (市财政局: city; 营口市西市区土地局: district, the lowest level
named), or `department-internal` for a part of a department (市行政审批局办公室, 各科室). A name
with neither (相关部门) is at the level of the issuing body. A part of a department that names no
department (督查考核科) takes the kind of the document's own department: the issuing body, or the
department whose parts the document names most often (市行政审批局 of 市行政审批局各科室).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from pipeline.extract.units import UnitMention, agency_kind, has_level, level_index, suffix_tier
from pipeline.normalize.fold import fold_width
from pipeline.records import DocumentMeta
from pipeline.vocab import read_table

INTERNAL = "department-internal"
LEVEL_ORDER = ("province", "city", "district", "township")
TOP_BODY_KINDS = ("government", "government_office", "party_committee")  # their offices are no parts
PLACE_LEVELS = (("district", "district"), ("city", "city"), ("province", "province"))


def unit_level(name: str, body_level: str | None = None) -> str | None:
    """The level of unit `name`: province, city, district, township or department-internal;
    `body_level` (the issuing body's) where the name states none."""
    if department_of(name) is not None or (internal_ending(name) and not has_level(name)):
        return INTERNAL
    return named_level(name) or body_level


def named_level(name: str) -> str | None:
    """The lowest level among the places `name` starts with (区县(市)政府: district)."""
    index = level_index(name)
    if index is None:
        return None
    levels = level_of_char()
    named = [levels[char] for char in name[: index + 1] if char in levels]
    return max(named, key=LEVEL_ORDER.index) if named else None


def department_of(name: str) -> str | None:
    """The department `name` is a part of (市行政审批局 of 市行政审批局业务协调科), None when
    it is no part of a named department (市政府办公室 is an office of its own)."""
    ending = internal_ending(name)
    if ending is None:
        return None
    head = name[: -len(ending)]
    for end in range(len(head), 1, -1):
        if suffix_tier(head[:end]) == "agency":
            department = head[:end]
            return department if agency_kind(department) not in TOP_BODY_KINDS else None
    return None


def internal_ending(name: str) -> str | None:
    """The longest ending of a part of a department (科, 办公室) that `name` ends with."""
    endings = internal_endings()
    for length in internal_ending_lengths():  # one ending of each length may end `name`: its last characters
        if length <= len(name) and (ending := name[len(name) - length :]) in endings:
            return ending
    return None


def place_level(meta: DocumentMeta) -> str | None:
    """The level of the place a document resolved to (its district, else its city, else province)."""
    return next((level for key, level in PLACE_LEVELS if getattr(meta, key)), None)


def home_department(names: list[str], issuing_body: str | None) -> str | None:
    """The document's own department: the issuing body where it has a kind, else the department
    whose parts the document names most often."""
    if issuing_body and agency_kind(issuing_body):
        return issuing_body
    departments = Counter(d for d in map(department_of, names) if d is not None)
    return departments.most_common(1)[0][0] if departments else issuing_body


@dataclass(frozen=True)
class UnitContext:
    """What a document tells about its units: its own department and the level of its place."""

    home: str | None
    body_level: str | None

    @classmethod
    def of(cls, meta: DocumentMeta, mentions: list[UnitMention]) -> UnitContext:
        names = [normal_name(mention.unit) for mention in mentions]
        return cls(home_department(names, meta.issuing_body), place_level(meta))

    def labels(self, mention: UnitMention) -> tuple[str | None, str | None]:
        """The agency kind and the level of one unit."""
        level = unit_level(normal_name(mention.unit), self.body_level)
        kind = mention.kind
        if kind is None and level == INTERNAL and self.home:
            kind = agency_kind(self.home)
        return kind, level


def normal_name(name: str) -> str:
    return re.sub(r"\s+", "", fold_width(name))


@cache
def level_of_char() -> dict[str, str]:
    """Level characters and the administrative level they give, from unit_levels.csv."""
    return {row["text"]: row["level"] for row in read_table("unit_levels.csv") if row["kind"] == "level"}


@cache
def internal_endings() -> frozenset[str]:
    """Endings of the parts of a department (科, 科室, 办公室), from unit_levels.csv."""
    return frozenset(row["text"] for row in read_table("unit_levels.csv") if row["kind"] == "internal")


@cache
def internal_ending_lengths() -> list[int]:
    """The lengths of `internal_endings`, longest first."""
    return sorted({len(ending) for ending in internal_endings()}, reverse=True)
