"""Numbers as written in Chinese documents: Arabic, Chinese numerals, and 万/亿 scales.

whole_number("十二")      -> 12 (None for what is no number)
parse_number("十五")      -> 15
parse_number("一千二百")  -> 1200
parse_number("18.98万")   -> 189800
parse_number("1,398,998") -> 1398998
"""

from __future__ import annotations

import re
import unicodedata

DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SCALES = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

CHINESE_NUMERAL_CHARS = "".join([*DIGITS, *SMALL_UNITS, *SCALES])
# an Arabic number (half- or full-width digits, thousands separators, decimals) or a Chinese one
ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
CHINESE = f"[{''.join([*DIGITS, *SMALL_UNITS])}][{CHINESE_NUMERAL_CHARS}]*"  # 万 alone is no number
NUMBER_PATTERN = f"(?:{ARABIC}|{CHINESE})"
SCALE_PATTERN = f"[{''.join(SCALES)}]"

_ARABIC_RE = re.compile(ARABIC)
_CHINESE_RE = re.compile(CHINESE)


def chinese_to_int(text: str) -> int:
    """The value of a Chinese numeral: 十五 -> 15, 一千二百 -> 1200, 三万五千 -> 35000, 二〇一八 -> 2018."""
    if not text or any(char not in CHINESE_NUMERAL_CHARS for char in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(char in DIGITS for char in text):  # digit by digit, as in years: 二〇一八
        return int("".join(str(DIGITS[char]) for char in text))
    high, wan, section, digit = 0, 0, 0, 0
    for previous, char in zip(" " + text, text, strict=False):
        if char in DIGITS:
            if DIGITS.get(previous):  # 十三五 is a name, not a number
                raise ValueError(f"not a Chinese numeral: {text!r}")
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[char]
            digit = 0
        elif SCALES[char] == SCALES["万"]:
            wan, section, digit = (section + digit) * SCALES[char], 0, 0
        else:  # 亿 scales everything before it
            high, wan, section, digit = (high + wan + section + digit) * SCALES[char], 0, 0, 0
    return high + wan + section + digit


def whole_number(text: str) -> int | None:
    """A whole number in decimal digits or a Chinese numeral ('12', '十二', '两', '二〇'); None for text
    that is neither, such as a run of numerals that is no number (十十, 十一二)."""
    if text.isdecimal():
        return int(text)
    try:
        return chinese_to_int(text)
    except ValueError:
        return None


def _arabic_value(text: str) -> int | float:
    ascii_text = unicodedata.normalize("NFKC", text).replace(",", "")
    value = float(ascii_text)
    return int(value) if "." not in ascii_text else value


def parse_number(text: str) -> int | float:
    """The value of a written number, Arabic or Chinese, with an optional trailing 万/亿 scale.

    Integers stay `int`; a decimal or a scaled decimal that is whole becomes `int` too.
    """
    text = text.strip()
    scale = 1
    if text and text[-1] in SCALES and _ARABIC_RE.fullmatch(text[:-1]):
        scale, text = SCALES[text[-1]], text[:-1]
    if _ARABIC_RE.fullmatch(text):
        value = _arabic_value(text) * scale
    elif _CHINESE_RE.fullmatch(text):
        value = chinese_to_int(text) * scale
    else:
        raise ValueError(f"not a number: {text!r}")
    if isinstance(value, float):
        value = round(value, 6)
        if value.is_integer():
            return int(value)
    return value
