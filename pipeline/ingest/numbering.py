"""Word list numbering: render the number Word shows before a numbered paragraph.

Counters are kept per abstract numbering definition and level, as Word does: a deeper level
restarts when a shallower one advances, and a list instance with a start override restarts
the levels it overrides when it is first used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml.etree import _Element

PLACEHOLDER = re.compile(r"%([1-9])")
SUFFIXES = {"space": " ", "tab": "", "nothing": ""}
DIGITS = "零一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "十", "百", "千")
LEGAL_UNITS = ("", "拾", "佰", "仟")
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
         (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
NO_NUMBER_FORMATS = {"bullet", "none"}


@dataclass(frozen=True)
class Level:
    """One level of a list definition: where it starts, how its number looks."""

    start: int
    fmt: str
    text: str  # lvlText, e.g. "%1、" or "（%2）"
    suffix: str
    legal: bool = False  # w:isLgl: every level's number shown in decimal


def chinese_number(n: int, digits: str = DIGITS, units: tuple[str, ...] = SMALL_UNITS) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (below 10000)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out: list[str] = []
    zero = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[digit] + units[power])
    text = "".join(out)
    return text[1:] if units is SMALL_UNITS and text.startswith("一十") else text


def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    out = []
    for value, numeral in ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def enclosed(first: str, last: int) -> Callable[[int], str]:
    """A format of circled/parenthesised digits, decimal beyond the glyphs that exist."""
    return lambda n: chr(ord(first) + n - 1) if 1 <= n <= last else str(n)


FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": enclosed("①", 20),
    "decimalEnclosedCircleChinese": enclosed("①", 20),
    "decimalEnclosedParen": enclosed("⑴", 20),
    "decimalEnclosedFullstop": enclosed("⒈", 20),
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "taiwaneseCounting": chinese_number,
    "taiwaneseCountingThousand": chinese_number,
    "japaneseCounting": chinese_number,
    "ideographDigital": lambda n: "".join(DIGITS[int(d)] if d != "0" else "〇" for d in str(n)),
    "chineseLegalSimplified": lambda n: chinese_number(n, LEGAL_DIGITS, LEGAL_UNITS),
    "ideographLegalTraditional": lambda n: chinese_number(n, LEGAL_DIGITS, LEGAL_UNITS),
    "ideographTraditional": lambda n: HEAVENLY_STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: EARTHLY_BRANCHES[(n - 1) % 12],
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "lowerRoman": roman,
    "upperRoman": lambda n: roman(n).upper(),
}


def val(parent: _Element | None, tag: str, default: str = "") -> str:
    """The w:val of the child `tag` of `parent`."""
    child = None if parent is None else parent.find(qn(tag))
    return default if child is None else child.get(qn("w:val"), default)


def read_level(lvl: _Element) -> Level:
    start = val(lvl, "w:start", "1")
    return Level(
        start=int(start) if start.lstrip("-").isdigit() else 1,
        fmt=val(lvl, "w:numFmt", "decimal"),
        text=val(lvl, "w:lvlText"),
        suffix=SUFFIXES.get(val(lvl, "w:suff", "tab"), ""),
        legal=lvl.find(qn("w:isLgl")) is not None,
    )


class ListNumbers:
    """The numbering definitions of one document and the counters of its lists."""

    def __init__(self, numbering: _Element | None):
        self.levels: dict[str, dict[int, Level]] = {}
        self.lists: dict[str, str] = {}  # numId -> abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}  # numId -> level -> start override
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if numbering is not None:
            self.read(numbering)

    def read(self, numbering: _Element) -> None:
        for abstract in numbering.iterfind(qn("w:abstractNum")):
            self.levels[abstract.get(qn("w:abstractNumId"), "")] = {
                int(lvl.get(qn("w:ilvl"), "0")): read_level(lvl) for lvl in abstract.iterfind(qn("w:lvl"))
            }
        for num in numbering.iterfind(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            self.lists[num_id] = val(num, "w:abstractNumId")
            self.overrides[num_id] = {
                int(override.get(qn("w:ilvl"), "0")): int(val(override, "w:startOverride", "1"))
                for override in num.iterfind(qn("w:lvlOverride"))
                if override.find(qn("w:startOverride")) is not None
            }

    def render(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the counter of list `num_id` at level `ilvl`; its (number, suffix), or None."""
        abstract = self.lists.get(num_id)
        levels = self.levels.get(abstract or "", {})
        level = levels.get(ilvl)
        if abstract is None or level is None or level.fmt in NO_NUMBER_FORMATS or not level.text:
            return None
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]

        def number(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            shown = levels.get(lvl, level)
            value = counters.get(lvl, shown.start)
            return FORMATTERS.get("decimal" if level.legal else shown.fmt, str)(value)

        return PLACEHOLDER.sub(number, level.text), level.suffix
