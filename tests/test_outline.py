"""The outline stage: headings at four levels, noisy numbers, missing numbers, table section rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.document import Document
from pipeline.ingest.txt import read_txt
from pipeline.process import extract_file
from pipeline.records import Section
from pipeline.segment.outline import number_value, outline, parse_heading
from pipeline.stages import get_stage


def text_doc(text: str) -> Document:
    """A Document laid out by the TXT backend, as ingest would build it."""
    layout = read_txt(text.encode("utf-8"), "plan.txt", Config())
    return Document("id", "plan.txt", "txt", layout.text, layout.blocks)


def outlined(text: str) -> Document:
    return outline(get_stage("clean").run(text_doc(text), Config()), Config())


@pytest.mark.parametrize(
    ("line", "level", "value", "number", "title"),
    [
        ("一、推进决策实施公开，促进政策落实落地", 1, 1, "一、", "推进决策实施公开，促进政策落实落地"),
        ("二 、保障措施", 1, 2, "二 、", "保障措施"),
        ("十二、其他", 1, 12, "十二、", "其他"),
        ("（三）做好政策解读。加强政策解读，让群众听得懂", 2, 3, "（三）", "做好政策解读"),
        ("(一) 强化组织领导。各办事处要高度重视", 2, 1, "(一)", "强化组织领导"),
        ("l .加强行政权力事项公开。结合政府机构改革", 3, 1, "l .", "加强行政权力事项公开"),
        ("l.加强决策预公开。对于涉及群众", 3, 1, "l.", "加强决策预公开"),
        ("2,加大重点领域信息公开力度。抓好财政预决算公开", 3, 2, "2,", "加大重点领域信息公开力度"),
        ("3 ·推进市场监管信息公开。全面实施", 3, 3, "3 ·", "推进市场监管信息公开"),
        ("4．强化社会重大关切舆情回应。", 3, 4, "4．", "强化社会重大关切舆情回应"),
        ("1﹒紧紧围绕贯彻落实中央和省重大决策部署", 3, 1, "1﹒", "紧紧围绕贯彻落实中央和省重大决策部署"),
        ("5、加快8890便民服务平台建设。认真落实", 3, 5, "5、", "加快8890便民服务平台建设"),
        ("（2）加强培训。每年", 4, 2, "（2）", "加强培训"),
        ("③做好年报", 4, 3, "③", "做好年报"),
        ("(一)做好省政府工作报告落实情况公开.按照《通知》", 2, 1, "(一)", "做好省政府工作报告落实情况公开"),
        ("一、推进决策实施公开\t\t\t", 1, 1, "一、", "推进决策实施公开"),
    ],
)
def test_parse_heading(line: str, level: int, value: int, number: str, title: str) -> None:
    heading = parse_heading(line)
    assert heading is not None
    assert (heading.level, heading.value, heading.number) == (level, value, number)
    assert line[heading.title_start : heading.title_end] == title


@pytest.mark.parametrize(
    "line",
    [
        "2018年政务公开重点工作安排",
        "为深入贯彻落实《通知》精神，现就有关工作作出如下安排：",
        "(区财政局牵头;区城建局等配合)",
        "(辽政办〔2018〕12号),按照市、县两级原则构建工作体系。",
        "一是加强组织领导",
        "1个工作日内公开变更后的相关信息",
        "一、",
        "",
    ],
)
def test_not_a_heading(line: str) -> None:
    assert parse_heading(line) is None


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("l", 1),
        ("12", 12),
        ("①", 1),
    ],
)
def test_number_value(written: str, value: int) -> None:
    assert number_value(written) == value


def test_tree_paths_and_parents() -> None:
    doc = outlined(
        "一、工作任务\n（一）履职行权公开\n1.加强权力公开。正文。\n2.加大公开力度。正文。\n"
        "（二）决策实施公开\n1.加强决策预公开。正文。\n二、保障措施\n（一）强化组织领导。正文。\n"
    )
    sections = doc.spans_of(Section)
    assert [s.record.path for s in sections] == [
        "一",
        "一/（一）",
        "一/（一）/1",
        "一/（一）/2",
        "一/（二）",
        "一/（二）/1",
        "二",
        "二/（一）",
    ]
    ids = {s.record.section_id: s for s in sections}
    assert [s.record.section_id for s in sections[:2]] == ["s001", "s002"]
    assert sections[0].record.parent_id is None
    assert ids[sections[3].record.parent_id].record.title == "履职行权公开"
    assert doc.span_text(sections[2]) == "1.加强权力公开"


def test_missing_number_is_recovered() -> None:
    doc = outlined(
        "（二）决策实施公开\n"
        "l.加强决策预公开。正文。(区政府各部门)\n"
        "2,强化决策信息公开。正文(区政府各部门)\n"
        "做好政策文件解读。决策作出后,要加强政策解读。(区政府各部门)\n"
        "各部门主要负责同志要履行好重大政策“第一解读人”职责,通过新闻发布会等形式解读。(区政府各部门负责)\n"
        "4 ·推进执行结果公开。正文。(区政府各部门)\n"
    )
    items = [s for s in doc.spans_of(Section) if s.record.level == 3]
    assert [s.record.path for s in items] == ["（二）/1", "（二）/2", "（二）/3", "（二）/4"]
    recovered = items[2]
    assert recovered.record.number is None
    assert recovered.record.title == "做好政策文件解读"


def test_number_before_a_digit_counts_only_in_sequence() -> None:
    doc = outlined(
        "三、进度安排\n1.2020年9月底前制定工作方案\n2.2020年11月底前编制完成目录\n5.5万人参加培训\n"
    )
    assert [s.record.title for s in doc.spans_of(Section)] == [
        "进度安排",
        "2020年9月底前制定工作方案",
        "2020年11月底前编制完成目录",
    ]


def test_section_row_in_a_table() -> None:
    doc = outlined(
        "序号\t指标名称\t主要工作任务\t牵头单位\n"
        "一、推进决策实施公开，促进政策落实落地\t\t\t\n"
        "1\t加强决策预公开\t在决策前公布草案。\t市政府办公厅\n"
    )
    (section,) = doc.spans_of(Section)
    assert section.record.title == "推进决策实施公开,促进政策落实落地"
    assert section.record.path == "一"


def test_sections_of_a_real_noisy_plan(samples_dir: Path) -> None:
    config = Config(stages=("clean", "outline"))
    doc = extract_file(samples_dir / "002_69902300cdde23ce.txt", config)
    assert not doc.errors
    paths = [s.record.path for s in doc.spans_of(Section)]
    assert paths[:3] == ["一", "一/（一）", "一/（一）/1"]
    assert "一/（二）/3" in paths  # the item written without its number
    assert paths[-4:] == ["二", "二/（一）", "二/（二）", "二/（三）"]
    assert len(paths) == 30  # 2 + 8 headings above the 20 numbered items
