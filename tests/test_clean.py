"""The clean stage: canonical characters, chrome removed, broken lines joined, offsets kept."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.document import Block, Document
from pipeline.ingest import ingest
from pipeline.normalize.chrome import is_chrome
from pipeline.normalize.clean import clean, uncovered_runs
from pipeline.normalize.fold import canonical_char
from pipeline.normalize.lines import starts_item

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"
SAMPLE_TXT = sorted(SAMPLES.glob("*.txt"))


def cleaned(text: str, blocks: list[Block] | None = None) -> Document:
    return clean(Document("id", "x.txt", "txt", text, blocks or []), Config())


def wrapped(paragraph: str, width: int = 20) -> str:
    """`paragraph` broken into lines of `width` characters, the way a PDF prints it."""
    return "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


LONG = (
    "为深入贯彻落实国务院办公厅关于印发政务公开工作要点的通知精神结合本单位工作实际现"
    "就本年度政务公开重点工作作出安排要求各科室认真抓好落实确保各项任务按时完成并及时"
    "报送进展情况和工作成效做到应公开尽公开"
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("（一）加强领导：全面推进", "(一)加强领导:全面推进"),
        ("ＡＢＣ１２３，ｘ；", "ABC123,x;"),
        ("“政务公开”。、《条例》", "“政务公开”。、《条例》"),
        ("\u3000\u3000首行缩进", "首行缩进"),
        ("多个   空格\u00a0\u00a0之间", "多个 空格 之间"),
        ("市直各部门 区县（市）政府", "市直各部门 区县(市)政府"),
        ("尾部空白 \t", "尾部空白"),
        ("零宽\u200b字符\ufeff", "零宽字符"),
        ("①加强领导 ⑵ Ⅱ", "①加强领导 ⑵ Ⅱ"),
        ("⼀⼆三", "一二三"),
        ("不支持Flash\n通知公告\n西市区2018年政务公开工作要点", "西市区2018年政务公开工作要点"),
        ("标题\n[发布时间:2018-08-23 10:56:28 ][阅读次数:247 次]\n正文。", "标题\n正文。"),
        ("正文。\n[打印本页]  [关闭本页]", "正文。"),
        ("正文。\n    打印本页关闭窗口", "正文。"),
        ("【字体：大 中 小】\n正文。", "正文。"),
        ("    时间:2019-03-20来源:点击:\n    【字体:\n正文。", "正文。"),
        ("当前位置：首页 > 政府信息公开 > 年报\n正文。", "正文。"),
        ("分享到：\n正文。", "正文。"),
        ("正文。\n- 3 -\n第 4 页\n续文。", "正文。\n续文。"),
        ("完成时间：2018年底\n来源：鞍山市政务服务网", "完成时间:2018年底"),
        ("第一段。\n\n\n第二段。", "第一段。\n第二段。"),
    ],
)
def test_canonical_text(raw: str, canonical: str) -> None:
    assert cleaned(raw).text == canonical


@pytest.mark.parametrize(
    ("char", "canonical"),
    [
        ("（", "("),
        ("：", ":"),
        ("；", ";"),
        ("，", ","),
        ("。", "。"),
        ("、", "、"),
        ("\u3000", " "),
        ("１", "1"),
    ],
)
def test_canonical_char(char: str, canonical: str) -> None:
    assert canonical_char(char) == canonical


@pytest.mark.parametrize(
    "line",
    [
        "不支持Flash",
        "[打印本页] [关闭本页]",
        "打印本页关闭窗口",
        "【字体:大 中 小】",
        "时间:2019-03-20来源:点击:",
        "[发布时间:2018-08-23 10:56:28 ][阅读次数:247 次]",
        "信息来源:正阳镇 作者:佚名 发布时间:2022-01-26 16:32 【 字体:",
        "首页 > 实用范文 > 工作报告 > 自查报告",
        "索 引 号: 00817804-9/2019-13123 分类: 规划计划",
        "发布时间:2023-07-19 08:25 信息来源:舒城县政府办 阅读次数: 字体:[ ]我要纠错",
        "2019-03-31 11:40:03",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "完成时间:2018年底前",
        "责任单位:区财政局",
        "公开载体:鞍山市政务服务网",
        "一、工作任务",
        "2016年5月28日",
        "鞍山市行政审批局2018年度政府信息公开工作年度报告",
        "来源于群众的意见建议,要及时回应。",
    ],
)
def test_content_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    "line", ["[打印本页]" * 15 + "正文", "字体: 大 中 小 " * 10 + "正文", "来源:" * 40 + "[正文"]
)
def test_a_line_that_almost_is_chrome_is_rejected_fast(line: str) -> None:
    started = time.perf_counter()
    assert not is_chrome(line)
    assert time.perf_counter() - started < 0.5


def test_chrome_is_kept_in_meta() -> None:
    doc = cleaned("标题\n[发布时间:2018-08-23 10:56:28 ][阅读次数:247 次]\n正文。")
    assert doc.chrome == ["[发布时间:2018-08-23 10:56:28 ][阅读次数:247 次]"]


def test_info_box_value_on_the_next_line_goes_with_its_label() -> None:
    doc = cleaned("索 引 号:\n640501001/2017-49365\n文  号:\n卫政办发〔2017〕97号\n\n标题")
    assert doc.text == "标题"
    assert doc.chrome == ["索 引 号: 640501001/2017-49365", "文 号: 卫政办发〔2017〕97号"]


def test_wrapped_paragraphs_are_joined() -> None:
    raw = "标题\n" + wrapped(LONG + "。") + "\n" + wrapped("二是" + LONG + "。")
    assert cleaned(raw).text == "标题\n" + LONG + "。\n二是" + LONG + "。"


@pytest.mark.parametrize(
    "next_line",
    [
        "(二)加强政策解读。",
        "2.加强政策解读。",
        "2,加强政策解读。",
        "l .加强政策解读。",
        "①加强政策解读。",
        "完成时限:年底前",
        "责任单位:各科室",
    ],
)
def test_a_new_item_or_labelled_line_is_not_joined(next_line: str) -> None:
    raw = wrapped(LONG + LONG) + "\n" + next_line
    lines = cleaned(raw).text.split("\n")
    assert lines == [LONG + LONG, next_line]


def test_a_line_ending_in_a_clause_break_is_joined_even_in_unwrapped_text() -> None:
    raw = "(一)加强依申请公开能力。申请人可通过网络、传真、\n信函等形式申请信息公开。\n(二)下一项。"
    assert (
        cleaned(raw).text
        == "(一)加强依申请公开能力。申请人可通过网络、传真、信函等形式申请信息公开。\n(二)下一项。"
    )


def test_a_short_line_is_not_joined() -> None:
    raw = wrapped(LONG + "。") + "\n一个短标题\n" + wrapped(LONG + "。")
    assert cleaned(raw).text.split("\n")[1] == "一个短标题"


def test_lines_of_a_text_with_a_paragraph_a_line_are_not_joined() -> None:
    raw = "\n".join([LONG + "。", LONG, "第二段没有句号", LONG + "。"])
    assert cleaned(raw).text == raw


def test_latin_words_across_a_break_keep_a_space() -> None:
    raw = wrapped(LONG + "。") + "\n" + LONG[:18] + "ab\ncd" + LONG[:18] + "。"
    assert cleaned(raw).text.endswith(LONG[:18] + "ab cd" + LONG[:18] + "。")


def test_table_cells_stay_cells() -> None:
    raw = "任务\t牵头单位\t\t责任单位\n推进公开\t市政府办公厅\t\t市直各部门 区县（市）政府"
    cells = []
    start = 0
    for row, line in enumerate(raw.split("\n")):
        for col, cell in enumerate(line.split("\t")):
            cells.append(Block("table_cell", start, start + len(cell), table=0, row=row, col=col))
            start += len(cell) + 1
    doc = cleaned(raw, cells)
    assert [doc.block_text(b) for b in doc.blocks] == [
        "任务", "牵头单位", "", "责任单位", "推进公开", "市政府办公厅", "", "市直各部门 区县(市)政府"
    ]  # fmt: skip
    assert [(b.kind, b.table, b.row, b.col) for b in doc.blocks] == [
        ("table_cell", c.table, c.row, c.col) for c in cells
    ]
    assert doc.text == "任务\t牵头单位\t\t责任单位\n推进公开\t市政府办公厅\t\t市直各部门 区县(市)政府"


def test_a_block_of_several_lines_keeps_them_apart() -> None:
    doc = cleaned(" \n第一行\n\u3000第二行", [Block("paragraph", 0, 10)])
    assert doc.text == "第一行\n第二行"
    assert [doc.raw_text[o] for o in doc.offset_map] == list("第一行\n第二行")


def test_blocks_removed_entirely_are_dropped() -> None:
    raw = "不支持Flash\n正文。"
    doc = cleaned(raw, [Block("paragraph", 0, 8), Block("paragraph", 9, 12)])
    assert [(b.start, b.end) for b in doc.blocks] == [(0, 3)]


@pytest.mark.parametrize("line", ["一、总体情况", "(一)主动公开", "（1）规章", "3 ·加强", "第二章 会议组成"])
def test_outline_starts(line: str) -> None:
    assert starts_item(line)


def related(raw: str, canonical: str) -> bool:
    """A canonical character is its raw character normalised, or a separator from whitespace."""
    if canonical in " \n\t":
        return raw.isspace()
    return canonical in (raw, unicodedata.normalize("NFKC", raw))


def check_offsets(doc: Document) -> None:
    assert len(doc.offset_map) == len(doc.text)
    assert all(0 <= o < len(doc.raw_text) for o in doc.offset_map)
    assert doc.offset_map == sorted(doc.offset_map)
    assert all(related(doc.raw_text[o], c) for o, c in zip(doc.offset_map, doc.text, strict=True))
    assert all(0 <= b.start <= b.end <= len(doc.text) for b in doc.blocks)
    assert all("\n" not in doc.block_text(b) for b in doc.blocks)


def test_offsets_of_a_wrapped_text() -> None:
    check_offsets(cleaned("标题\n时间:2019-03-20来源:点击:\n" + wrapped("（一）" + LONG + "。")))


@pytest.fixture(scope="module", params=SAMPLE_TXT, ids=lambda p: p.name)
def sample(request: pytest.FixtureRequest) -> Document:
    return clean(ingest(request.param, Config()), Config())


def test_samples_offsets(sample: Document) -> None:
    check_offsets(sample)


def test_samples_are_canonical(sample: Document) -> None:
    assert not set(sample.text) & set("（），：；\u3000\u00a0")
    assert all(line == line.strip(" ") and "  " not in line for line in sample.text.split("\n"))


def test_clean_is_deterministic_and_idempotent(sample: Document) -> None:
    again = clean(ingest(Path(sample.source_path), Config()), Config())
    assert (again.text, again.offset_map, again.blocks) == (sample.text, sample.offset_map, sample.blocks)
    twice = clean(again, Config())
    assert twice.text == sample.text
    assert twice.offset_map == sample.offset_map
    assert twice.raw_text == sample.raw_text


def test_web_page_sample_keeps_its_publication_date() -> None:
    doc = clean(ingest(SAMPLES / "002_69902300cdde23ce.txt", Config()), Config())
    assert any("发布时间:2018-08-23" in line for line in doc.chrome)
    assert "不支持Flash" not in doc.text and "阅读次数" not in doc.text
    assert doc.text.startswith("西市区2018年政务公开工作要点\n")


@pytest.mark.parametrize(
    ("covered", "start", "end", "runs"),
    [
        (b"", 0, 0, []),
        (b"\x01\x01", 0, 2, []),
        (b"\x00\x00", 0, 2, [(0, 2)]),
        (b"\x01\x00\x00\x01\x00", 0, 5, [(1, 3), (4, 5)]),
        (b"\x00\x01\x00\x00\x01", 1, 4, [(2, 4)]),
        (b"\x00\x00\x00", 1, 2, [(1, 2)]),
    ],
)
def test_uncovered_runs(covered: bytes, start: int, end: int, runs: list[tuple[int, int]]) -> None:
    assert uncovered_runs(bytearray(covered), start, end) == runs


def test_ocr_lines_joined_into_a_paragraph_keep_the_union_of_their_boxes() -> None:
    from pipeline.normalize.clean import joined_box

    first = Block("paragraph", 0, 10, page=2, box=(50.0, 100.0, 500.0, 112.0))
    second = Block("paragraph", 11, 20, page=2, box=(50.0, 114.0, 300.0, 126.0))
    assert joined_box(first, second) == (50.0, 100.0, 500.0, 126.0)
    assert joined_box(first, Block("paragraph", 11, 20, page=3, box=(0.0, 0.0, 1.0, 1.0))) == first.box
