"""Chinese and Arabic numerals, with 万/亿 scales."""

from __future__ import annotations

import pytest

from pipeline.normalize.numerals import chinese_to_int, parse_number, whole_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十三", 23),
        ("一百零八", 108),
        ("一千二百", 1200),
        ("一千零五", 1005),
        ("两万", 20000),
        ("十万", 100000),
        ("三万五千", 35000),
        ("一亿二千万", 120000000),
        ("二〇一八", 2018),
        ("壹佰贰拾", 120),
    ],
)
def test_chinese_to_int(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "五公开", "abc", "3"])
def test_chinese_to_int_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        chinese_to_int(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("62984", 62984),
        ("93.5", 93.5),
        ("１４", 14),  # full-width digits
        ("９３．５", 93.5),
        ("1,398,998", 1398998),
        ("18.98万", 189800),
        ("4.4万", 44000),
        ("3.5亿", 350000000),
        ("100.0", 100),
        ("十五", 15),
        ("两万", 20000),
        (" 3119 ", 3119),
    ],
)
def test_parse_number(text: str, value: int | float) -> None:
    result = parse_number(text)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize("text", ["", "万", "3.5.1", "十三五", "12a"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("12", 12),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("两", 2),
        ("三", 3),
        ("一二", 12),
        ("〇", 0),
        ("十一二", None),
        ("", None),
    ],
)
def test_whole_number(numeral: str, value: int | None) -> None:
    assert whole_number(numeral) == value
