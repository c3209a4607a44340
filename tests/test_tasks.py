"""The tasks stage: task items of plans in each layout, with their units and deadlines."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest

from pipeline.config import Config
from pipeline.document import Document, Span
from pipeline.extract.plan_prose import attribution, closing_parenthesis, labelled_line, trimmed
from pipeline.extract.plan_text import Stitched, any_within, first_sentence
from pipeline.ingest import ingest
from pipeline.normalize.fold import compact, fold_chars
from pipeline.process import extract_file, run_stages
from pipeline.records import StatedDeadline, Task, Unit

STAGES = ("clean", "outline", "tasks")


def plan_file(path: Path, **meta: object) -> Document:
    """Ingest `path` and run the stages the tasks stage needs, metadata given."""
    doc = ingest(path, Config())
    doc.meta = replace(doc.meta, **{"doc_type": "work_plan", "year": 2018, **meta})
    doc = run_stages(doc, Config(stages=STAGES))
    assert not doc.errors
    return doc


def plan_text(tmp_path: Path, text: str, **meta: object) -> Document:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return plan_file(path, **meta)


def titles(doc: Document) -> list[str]:
    return [span.record.title for span in doc.spans_of(Task)]


def units_of(doc: Document, task: Span) -> list[tuple[str, str]]:
    return [
        (u.record.role, u.record.unit) for u in doc.spans_of(Unit) if u.record.task_id == task.record.task_id
    ]


LABELLED = """政务公开重点工作安排
为深入贯彻落实有关精神，现就2018年政务公开重点工作作出如下安排：
一、推进决策实施公开，促进政策落实落地
（一）加强决策预公开。在决策前公布草案，公开征求意见。
公开载体：鞍山市政务服务网
完成时限：长期推进
责任科室：市行政审批局各科室
（二）强化决策信息公开。集中公开本系统相关政策信息。
公开载体：鞍山市政务服务网
完成时限：2018年12月底
责责任科室：市行政审批局办公室牵头，督查考核科配合
"""


def test_labelled_lines(tmp_path: Path) -> None:
    doc = plan_text(tmp_path, LABELLED)
    first, second = doc.spans_of(Task)
    assert titles(doc) == ["加强决策预公开", "强化决策信息公开"]
    assert first.record.task_id == "t001"
    assert first.record.number == "(一)"
    assert first.record.section_path == "一"
    assert first.record.channel == "鞍山市政务服务网"
    assert (first.record.deadline.type, first.record.deadline.date) == ("ongoing", None)
    assert (second.record.deadline.type, second.record.deadline.date) == ("date", "2018-12-31")
    assert units_of(doc, first) == [("responsible", "市行政审批局各科室")]
    assert [role for role, _ in units_of(doc, second)] == ["lead", "cooperating"]
    assert "完成时限" in second.record.text


PARENTHESES = """一、工作任务
（一）履职行权公开
1.加强行政权力事项公开。做好政府部门权责清单调整和公开工作。（区编委办牵头）
扎实开展市场准入负面清单制度改革第二批试点工作，公开相关工作情况，适时公开我区市场准入负面清单。（区发展改革委牵头）
2.加大重点领域信息公开力度。抓好财政预决算公开。
（区财政局牵头；区城建局、区国资委等配合）
3.推进市场监管信息公开。全面实施“双随机、一公开”监管。
二、保障措施
（一）强化组织领导。各部门要高度重视政务公开工作。
"""


def test_parentheses_split_an_item_into_tasks(tmp_path: Path) -> None:
    doc = plan_text(tmp_path, PARENTHESES)
    tasks = doc.spans_of(Task)
    assert titles(doc) == [
        "加强行政权力事项公开",
        "扎实开展市场准入负面清单制度改革第二批试点工作",
        "加大重点领域信息公开力度",
        "推进市场监管信息公开",
    ]
    assert [t.record.number for t in tasks] == ["1.", None, "2.", "3."]
    assert {t.record.section_path for t in tasks} == {"一/（一）"}
    assert units_of(doc, tasks[1]) == [("lead", "区发展改革委")]
    assert units_of(doc, tasks[2]) == [
        ("lead", "区财政局"),
        ("cooperating", "区城建局"),
        ("cooperating", "区国资委"),
    ]
    assert units_of(doc, tasks[3]) == []
    assert all(t.record.deadline.type == "none" for t in tasks)


def test_deadline_inside_the_parenthesis(tmp_path: Path) -> None:
    doc = plan_text(
        tmp_path, "（一）工作任务\n1.做好年报。按时发布年度报告。（市政府办公厅牵头，11月底前完成）\n"
    )
    (task,) = doc.spans_of(Task)
    assert (task.record.deadline.type, task.record.deadline.date) == ("date", "2018-11-30")
    assert units_of(doc, task) == [("lead", "市政府办公厅")]
    (deadline,) = doc.spans_of(StatedDeadline)
    assert doc.span_text(deadline).startswith("11月底")
    assert deadline.record.task_id == task.record.task_id


TABLE_ROWS = [
    ["序号", "指标名称", "主要工作任务", "牵头单位", "责任单位", "完成时限"],
    ["一、推进决策实施公开，促进政策落实落地"] * 6,
    ["1", "加强决策预公开", "在决策前公布草案。", "市政府办公厅", "市直各部门", "全年"],
    ["2", "推进市场监管信息公开", "全面实施监管。", "市发展改革委", "市质监局", "11月底前"],
    ["", "", "集中公开监管信息。", "", "市税务局", ""],
    ["二、推进政务服务公开"] * 6,
    ["3", "开展“三进活动”", "认真开展“三进”工作。", "市政府办公厅", "相关地区、相关部门", "3月25日前"],
]
EXPECTED_TABLE_TASKS = [
    ("1", "加强决策预公开", "一", "year_round", "2018-12-31"),
    ("2", "推进市场监管信息公开", "一", "date", "2018-11-30"),
    ("3", "开展“三进活动”", "二", "date", "2018-03-25"),
]


def table_summary(doc: Document) -> list[tuple[object, ...]]:
    keys = ("number", "title", "section_path", "deadline_type", "deadline_date")
    return [tuple(t.record.values()[k] for k in keys) for t in doc.spans_of(Task)]


def test_table_plan_as_text(tmp_path: Path) -> None:
    # a section row keeps its empty cells, as a table saved as text does
    text = "\n".join(
        "\t".join([row[0], *[""] * 5] if row[0].startswith(("一", "二")) else row) for row in TABLE_ROWS
    )
    doc = plan_text(tmp_path, text + "\n")
    assert table_summary(doc) == EXPECTED_TABLE_TASKS
    second = doc.spans_of(Task)[1]
    assert units_of(doc, second) == [
        ("lead", "市发展改革委"),
        ("responsible", "市质监局"),
        ("responsible", "市税务局"),
    ]
    assert "集中公开监管信息" in second.record.text


def test_table_plan_as_docx_gives_the_same_tasks(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("沈阳市2018年政务公开重点工作安排")
    table = document.add_table(rows=len(TABLE_ROWS), cols=6)
    for r, row in enumerate(TABLE_ROWS):
        if row[0].startswith(("一", "二")):
            table.cell(r, 0).merge(table.cell(r, 5)).text = row[0]
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    doc = plan_file(path)
    assert table_summary(doc) == EXPECTED_TABLE_TASKS
    assert units_of(doc, doc.spans_of(Task)[2]) == [
        ("lead", "市政府办公厅"),
        ("responsible", "相关地区"),
        ("responsible", "相关部门"),
    ]


def test_body_after_the_table_and_header_without_number(tmp_path: Path) -> None:
    text = (
        "主要工作任务\t\t牵头单位\t责任单位\t完成时限\n"
        "1\t加强决策预公开\t市政府办公厅\t市直各部门\t全年\n"
        "2\t强化决策信息公开\t市政府办公厅\t市直各部门\t全年\n"
        "\n对于重大决策，在决策前公布草案。\n\n政府全体会议讨论决定的事项及时公开。\n\n市委宣传部\n"
    )
    doc = plan_text(tmp_path, text)
    first, second = doc.spans_of(Task)
    assert titles(doc) == ["加强决策预公开", "强化决策信息公开"]
    assert "公布草案" in first.record.text
    assert "全体会议" in second.record.text
    # a line of names only is what overflowed the units cell of the last row
    assert ("lead", "市委宣传部") in units_of(doc, second)
    assert "宣传部" not in second.record.text


def test_attributed_items_are_tasks_whatever_the_documents_type(tmp_path: Path) -> None:
    doc = plan_text(tmp_path, LABELLED, doc_type="annual_report")
    assert len(doc.spans_of(Task)) == 2


def test_type_not_known_yet_reads_as_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(LABELLED, encoding="utf-8")
    doc = run_stages(ingest(path, Config()), Config(stages=STAGES))
    assert len(doc.spans_of(Task)) == 2


def test_spans_point_at_what_they_name(tmp_path: Path) -> None:
    doc = plan_text(tmp_path, PARENTHESES)
    for unit in doc.spans_of(Unit):
        assert compact(doc.span_text(unit), keep_ascii_spaces=True) == compact(
            unit.record.unit_raw, keep_ascii_spaces=True
        )
    for task in doc.spans_of(Task):
        assert doc.span_text(task).startswith(task.record.text[:10])


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("公开载体:鞍山市政务服务网", "channel", "鞍山市政务服务网"),
        ("完成时限：长期推进", "deadline", "长期推进"),
        ("责责任科室:市行政审批局各科室", "responsible", "市行政审批局各科室"),
        ("牵头单位: 市政府办公厅 ", "lead", "市政府办公厅"),
        ("配合单位：各科室", "cooperating", "各科室"),
    ],
)
def test_labelled_line(line: str, field: str, value: str) -> None:
    (found,) = labelled_line(fold_chars(line)) or []
    assert found.name == field
    assert line[slice(*trimmed(line, found.start, found.end))] == value


@pytest.mark.parametrize(
    "line", ["按照“谁起草、谁解读”的原则:做好解读", "联系电话:0412-1234567", "正文没有冒号"]
)
def test_not_a_label(line: str) -> None:
    assert labelled_line(fold_chars(line)) is None


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("推进公开。(区财政局牵头;区城建局等配合)", "区财政局牵头;区城建局等配合"),
        ("推进公开。（区县（市）政府负责）。", "区县（市）政府负责"),
        ("推进公开。〔责任单位:县财政局、人社局〕", "责任单位:县财政局、人社局"),
        ("政府相关会议信息(区政府各部门)", "区政府各部门"),
    ],
)
def test_attribution(text: str, content: str) -> None:
    found = attribution(text)
    assert found is not None
    assert text[found[0] : found[1]] == content


@pytest.mark.parametrize(
    "text",
    [
        "认真落实《实施方案》(辽政办〔2018〕12号)",
        "公开征求意见(时间不少于7个工作日)",
        "公开市场准入负面清单（2018年版）",
        "没有括号的一句话。",
    ],
)
def test_not_an_attribution(text: str) -> None:
    assert attribution(text) is None


def test_closing_parenthesis_unbalanced() -> None:
    assert closing_parenthesis("半个括号)") is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "抓好重大建设项目批准和实施领域信息公开。结合实际选取项目。",
            "抓好重大建设项目批准和实施领域信息公开",
        ),
        (
            "进一步清理并公开企业和群众办事需要提交的各类证照、证明材料和盖章环节,没有法律法规依据的一律取消。",
            "进一步清理并公开企业和群众办事需要提交的各类证照、证明材料和盖章环节",
        ),
        ("加快 8890 便民服务平台建设", "加快8890便民服务平台建设"),
    ],
)
def test_first_sentence(text: str, title: str) -> None:
    assert first_sentence(text) == title


@pytest.mark.parametrize(
    ("start", "end", "found"), [(0, 5, False), (0, 6, True), (6, 10, False), (10, 11, True), (21, 30, False)]
)
def test_any_within(start: int, end: int, found: bool) -> None:
    assert any_within([5, 10, 20], start, end) is found


def test_stitched_offsets() -> None:
    doc = Document("id", "x.txt", "txt", "市政府办公\n厅\t市直各部门")
    piece = Stitched().add(doc, 0, 5).add(doc, 6, 7, " ")
    assert piece.text == "市政府办公 厅"
    assert piece.doc_range(0, 7) == (0, 7)
    assert piece.doc_range(6, 7) == (6, 7)


# ---------------------------------------------------------------- the sample plans


@pytest.fixture(scope="module")
def samples(samples_dir: Path) -> dict[str, Document]:
    config = Config(stages=("clean", "metadata", "outline", "tasks"))
    names = [
        "000_bb7ad2cec91f680d.txt",
        "002_69902300cdde23ce.txt",
        "003_9d5918fb5c505e81.txt",
        "003_9d5918fb5c505e81.docx",
        "003_9d5918fb5c505e81.pdf",
    ]
    return {name: extract_file(samples_dir / name, config) for name in names}


def test_sample_labelled_plan(samples: dict[str, Document]) -> None:
    doc = samples["000_bb7ad2cec91f680d.txt"]
    tasks = doc.spans_of(Task)
    assert len(tasks) == 13
    assert tasks[0].record.title == "加强决策预公开"
    assert tasks[-1].record.title == "加强制度、队伍建设"
    assert sum(t.record.deadline.type == "ongoing" for t in tasks) == 12
    assert tasks[10].record.deadline.date == "2018-12-31"
    assert ("lead", "督查考核科") in [(r, u.removeprefix("市行政审批局")) for r, u in units_of(doc, tasks[7])]


def test_sample_prose_plan_with_noisy_numbers(samples: dict[str, Document]) -> None:
    doc = samples["002_69902300cdde23ce.txt"]
    tasks = doc.spans_of(Task)
    assert len(tasks) == 29  # the 保障措施 items name no units and are not tasks
    found = titles(doc)
    assert "做好政策文件解读" in found  # the item written without its number
    assert "加快建设政务服务事项库" in found  # a paragraph with its own parenthesis
    optimise = tasks[found.index("优化政府网站功能")]
    assert units_of(doc, optimise)[0][0] == "lead"


def test_sample_table_plan_is_the_same_in_every_format(samples: dict[str, Document]) -> None:
    by_format = {
        name: [(t.record.title, t.record.deadline.date) for t in doc.spans_of(Task)]
        for name, doc in samples.items()
        if name.startswith("003")
    }
    text_tasks = by_format["003_9d5918fb5c505e81.txt"]
    assert len(text_tasks) == 34
    assert text_tasks[5] == ("加强行政权力事项公开", "2019-05-31")
    assert text_tasks[31] == ("政府信息公开年度报告", "2018-03-25")
    assert by_format["003_9d5918fb5c505e81.docx"] == text_tasks
    assert by_format["003_9d5918fb5c505e81.pdf"] == text_tasks


def test_sample_table_units_wrapped_over_lines_and_pages(samples: dict[str, Document]) -> None:
    for name in ("003_9d5918fb5c505e81.txt", "003_9d5918fb5c505e81.pdf"):
        doc = samples[name]
        tasks = doc.spans_of(Task)
        assert ("lead", "市发展改革委") in units_of(doc, tasks[6]), name
        assert ("responsible", "区县(市)政府") in units_of(doc, tasks[33]), name
