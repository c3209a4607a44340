"""Deadlines: a phrase such as '11月底前' normalised to a type and a date.

Every deadline expression in the phrase is found (month dates, 年底/上半年/全年-style words
from pipeline/resources/deadline_words.csv, 'N个工作日内'), and the first one wins. In running
text a date only counts as a deadline when it is marked as one (3月25日前, 截止5月底,
年内完成); in a deadline field (完成时限: 5月15日) a bare date counts too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal, cast

from pipeline.normalize.fold import fold_chars
from pipeline.normalize.numerals import whole_number
from pipeline.vocab import read_table

DeadlineType = Literal["date", "year_round", "ongoing", "relative", "none"]

NUMBER = r"\d(?:\s?\d){0,2}|[〇零一二两三四五六七八九十]{1,3}"  # a line break or its space: 1 0月
YEAR_NUMBER = r"(?:1\s?9|2\s?0)\s?\d\s?\d"  # a line break or its space may split it: 20 17年
YEAR = rf"(?P<year>{YEAR_NUMBER})\s*年\s*(?:度\s*)?"
MONTH_DATE = re.compile(
    rf"(?:{YEAR})?(?P<month>{NUMBER})\s*月\s*(?:份|(?P<day>{NUMBER})\s*[日号]|(?P<part>底|末|上旬|中旬|下旬))?"
)
ISO_DATE = re.compile(r"(?P<year>(?:19|20)\d{2})[-./](?P<month>\d{1,2})(?:[-./](?P<day>\d{1,2}))?")
YEAR_ONLY = re.compile(rf"(?P<year>{YEAR_NUMBER})\s*年(?:度)?")
RELATIVE = re.compile(
    rf"(?P<amount>{NUMBER})\s*(?P<unit>个\s*月|个?\s*(?:工作日|自然日|日|天|周|星期|小时))\s*(?:之内|以内|内)"
)
MARKED_AFTER = re.compile(r"\s*(?:之前|以前|前|完成|截止|结束)")
MARKED_BEFORE = re.compile(r"(?:截止到|截止|截至|最迟|最晚|不晚于|不迟于)\s*$")
CLOSING_WORD = re.compile(r"\s*(?:之前|以前|前)")
PART_DAYS = {"上旬": 10, "中旬": 20}  # other parts (底, 末, 下旬) and a bare month: the month's last day


@dataclass(frozen=True)
class Deadline:
    type: DeadlineType
    date: date | None = None
    raw: str = ""
    start: int = 0  # offsets of `raw` within the phrase passed in
    end: int = 0
    amount: int | None = None  # relative deadlines: 20 (个工作日内)
    unit: str | None = None  # relative deadlines: 工作日, 日, 个月 …


@dataclass(frozen=True)
class Candidate:
    """A deadline expression found in a phrase; `marked` if it reads as a deadline on its own."""

    start: int
    end: int
    type: DeadlineType
    year: int | None = None
    month: int | None = None
    day: int = 0  # 0: the last day of the month
    marked: bool = False
    amount: int | None = None
    unit: str | None = None


def parse_deadline(text: str, year: int | None, field: bool = False) -> Deadline:
    """The deadline stated in `text`, dates resolved against the plan `year`.

    `field`: the text is the value of a deadline field (完成时限), where a bare date counts.
    """
    folded = fold_chars(text)  # 長期堅持 reads as 长期坚持
    found = [c for c in candidates(folded, field) if field or c.marked or _is_marked(folded, c)]
    if not found:
        return Deadline("none")
    first = min(found, key=lambda c: (c.start, -c.end))
    end = _extend_closing_word(folded, first.end)
    return Deadline(
        first.type,
        _resolve_date(first, year),
        text[first.start : end],
        first.start,
        end,
        first.amount,
        first.unit,
    )


def candidates(folded: str, field: bool) -> list[Candidate]:
    """Every deadline expression in `folded` (field-only forms when `field`)."""
    found = _month_dates(folded) + _word_deadlines(folded) + _relative_deadlines(folded)
    if field:
        found += _iso_dates(folded) + _year_only_dates(folded)
    return found


def _month_dates(folded: str) -> list[Candidate]:
    found = []
    for match in MONTH_DATE.finditer(folded):
        month = _number(match.group("month"))
        day = (
            _number(match.group("day")) if match.group("day") else PART_DAYS.get(match.group("part") or "", 0)
        )
        if month is not None and day is not None and 1 <= month <= 12 and 0 <= day <= 31:
            found.append(Candidate(match.start(), match.end(), "date", _year(match), month, day))
    return found


def _iso_dates(folded: str) -> list[Candidate]:
    found = []
    for match in ISO_DATE.finditer(folded):
        month, day = int(match.group("month")), int(match.group("day") or 0)
        if 1 <= month <= 12 and 0 <= day <= 31:
            found.append(Candidate(match.start(), match.end(), "date", _year(match), month, day))
    return found


def _year_only_dates(folded: str) -> list[Candidate]:
    return [Candidate(m.start(), m.end(), "date", _year(m), 12) for m in YEAR_ONLY.finditer(folded)]


def _word_deadlines(folded: str) -> list[Candidate]:
    words = deadline_words()
    found = []
    for match in word_pattern().finditer(folded):
        kind, month, day = words[match.group("word")]
        marked = match.group("word").endswith("前")
        found.append(Candidate(match.start(), match.end(), kind, _year(match), month, day, marked))
    return found


def _relative_deadlines(folded: str) -> list[Candidate]:
    found = []
    for match in RELATIVE.finditer(folded):
        unit = re.sub(r"\s+", "", match.group("unit"))
        unit = "个月" if unit.endswith("月") else unit.removeprefix("个")
        amount = _number(match.group("amount"))
        if amount is None:
            continue
        found.append(Candidate(match.start(), match.end(), "relative", marked=True, amount=amount, unit=unit))
    return found


def _number(written: str) -> int | None:
    return whole_number(re.sub(r"\s", "", written))


def _is_marked(folded: str, candidate: Candidate) -> bool:
    """Whether running text marks the expression as a deadline (…前, …完成, 截止…)."""
    return bool(MARKED_AFTER.match(folded, candidate.end) or MARKED_BEFORE.search(folded, 0, candidate.start))


def _extend_closing_word(folded: str, end: int) -> int:
    """The end of the expression with a following 前/之前/以前 (11月底 -> 11月底前)."""
    match = CLOSING_WORD.match(folded, end)
    return match.end() if match else end


def _year(match: re.Match[str]) -> int | None:
    return _number(match.group("year")) if match.group("year") else None


def _resolve_date(candidate: Candidate, year: int | None) -> date | None:
    """The day a date candidate stands for: the stated year, else the plan year; None without one."""
    year = candidate.year or year
    if candidate.month is None or year is None:
        return None
    last_day = calendar.monthrange(year, candidate.month)[1]
    return date(year, candidate.month, min(candidate.day or last_day, last_day))


@cache
def deadline_words() -> dict[str, tuple[DeadlineType, int | None, int]]:
    """Deadline words with their type, month and day (0: month end), from deadline_words.csv."""
    return {
        row["word"]: (
            cast(DeadlineType, row["type"]),
            int(row["month"]) if row["month"] else None,
            int(row["day"] or 0),
        )
        for row in read_table("deadline_words.csv")
    }


@cache
def word_pattern() -> re.Pattern[str]:
    """One pattern for every deadline word, longest first, with an optional stated year before it."""
    words = "|".join(map(re.escape, sorted(deadline_words(), key=len, reverse=True)))
    return re.compile(rf"(?:(?P<year>{YEAR_NUMBER})\s*(?:年\s*(?:度\s*)?)?)?(?P<word>{words})")
