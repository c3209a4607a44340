"""Stage `statistics`: figures in prose, their labels, values, units, metrics, parts and zeros."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config, StatisticsSettings
from pipeline.document import Block, Document
from pipeline.extract.statistics import metric_for, statistics
from pipeline.process import extract_file
from pipeline.records import DocumentMeta, Statistic

STAGES = ("clean", "metadata", "statistics")


def stats_of(text: str, doc_type: str | None = None, targets: bool = False) -> list[dict[str, Any]]:
    doc = Document(
        doc_id="t", source_path="t.txt", format="txt", text=text, meta=DocumentMeta(doc_type=doc_type)
    )
    statistics(doc, Config(statistics=StatisticsSettings(targets=targets)))
    return [span.record.values() for span in doc.spans_of(Statistic)]


def row(attrs: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("label", "value", "unit", "metric", "approximate", "kind")
    return tuple(attrs[k] for k in keys)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "2018年,市行政审批局主动公开政府信息62984条。",
            ("主动公开政府信息", 62984, "条", "proactive_disclosed_total", False, "reported"),
        ),
        (
            "全市共受理政府信息公开申请 3119 件。",
            ("受理政府信息公开申请", 3119, "件", "requests_received", False, "reported"),
        ),
        ("退还不合理收费18.98万元。", ("退还不合理收费", 189800, "元", None, False, "reported")),
        ("发放宣传单400余份。", ("发放宣传单", 400, "份", None, True, "reported")),
        ("共接受公众咨询约1.8万人次。", ("接受公众咨询", 18000, "人次", None, True, "reported")),
        ("有3名专职工作人员。", ("专职工作人员", 3, "名", "staff_dedicated", False, "reported")),
        (
            "145人接受了政务公开工作培训。",
            ("接受了政务公开工作培训", 145, "人", "people_trained", False, "reported"),
        ),
        ("举办培训班2次。", ("举办培训班", 2, "次", "trainings_held", False, "reported")),
        (
            "政务服务事项网上可办率为93.5%。",
            ("政务服务事项网上可办率", 93.5, "%", "online_service_rate", False, "reported"),
        ),
        ("制作政策解读21个。", ("制作政策解读", 21, "个", "policy_interpretations", False, "reported")),
        (
            "答复人大代表、政协委员提案、建议11件。",
            ("答复人大代表、政协委员提案、建议", 11, "件", "proposals_handled", False, "reported"),
        ),
        ("受理举报投诉案件1281件。", ("受理举报投诉案件", 1281, "件", "complaints", False, "reported")),
        (
            "政府信息公开行政复议 351 件。",
            ("政府信息公开行政复议", 351, "件", "admin_reconsiderations", False, "reported"),
        ),
        ("公开答复2件。", ("公开答复", 2, "件", "requests_answered", False, "reported")),
        ("公开重大建设项目信息十五件。", ("公开重大建设项目信息", 15, "件", None, False, "reported")),
        (
            "制发规范性文件一千二百件。",
            ("制发规范性文件", 1200, "件", "normative_documents_disclosed", False, "reported"),
        ),
        # the thing counted follows the figure
        (
            "起草了《甲细则》《乙细则》等两个规范性文件。",
            ("起草规范性文件", 2, "个", None, False, "reported"),
        ),
        (
            "全年组织 4 次政府信息公开栏目全覆盖检查。",
            ("组织政府信息公开栏目全覆盖检查", 4, "次", None, False, "reported"),
        ),
        # a bracket inside the label stays in it
        (
            "政府与社会资本合作(PPP)项目信息14 条。",
            ("政府与社会资本合作(PPP)项目信息", 14, "条", None, False, "reported"),
        ),
        # full-width forms of text that has not been cleaned
        (
            "主动公开政府信息１４条，其中",
            ("主动公开政府信息", 14, "条", "proactive_disclosed_total", False, "reported"),
        ),
        # a short rate takes the clause before it
        (
            "在政务新媒体检查抽查中,合格率均为 100%。",
            ("在政务新媒体检查抽查中合格率", 100, "%", None, False, "reported"),
        ),
        # targets, kept only when asked for
        (
            "年底前力争70%的行政许可事项实现网上办理。",
            ("行政许可事项实现网上办理", 70, "%", "online_service_rate", False, "target"),
        ),
    ],
)
def test_figure(sentence: str, expected: tuple[Any, ...]) -> None:
    found = stats_of(sentence, targets=True)
    assert [row(a) for a in found] == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "[发布时间:2018-08-23 10:56:28 ][阅读次数:247 次]",  # page chrome: date and read count
        "电话:0412-5591023,邮箱:asxzspj@163.com。",
        "根据《辽宁省人民政府办公厅关于印发方案的通知》(辽政办〔2018〕27号)精神,",
        "本报告所列数据统计期限从2018年1月1日至2018年12月31日止。",
        "自受理申请之日起15个工作日内予以答复。",  # a time limit
        "文件公开后3个工作日内在网站发布。",
        "扎实开展市场准入负面清单制度改革第二批试点工作。",  # ordinals
        "对(PPP)项目库数据更新至第四季度。",
        "结合“十三五”规划、政府工作报告,",  # numerals inside names and slogans
        "做好预决算和“三公”经费公开工作。",
        "推动更多事项“一网通办”,制定公布“一次办”事项清单。",
        "至少听取一次政务公开工作汇报,明确一名局领导统筹负责。",  # a lone 一
        "增强“四个意识”,坚决做到“两个维护”。",
        "贯彻党的二十大和二十届二中、三中全会精神,落实省委十届十次全会部署。",
        "本报告由总体情况、主动公开政府信息情况等六个部分组成。",
        "在省办 2024 年四个季度政务新媒体检查中,",
        "给予3万元-5万元的资金支持。",  # a range
        "5 ·加快8890便民服务平台建设。",  # list numbers and hotline names
        "1 .强化政府网站建设管理。",
        # a count of the kinds just listed
        "政府信息分为主动公开、依申请公开和不予公开三类。",
        "围绕“标准引领、平台支撑、服务提效”三个重点,",
        # page chrome of document-sharing sites
        "政务公开工作总结(精选4篇)",
        "政务公开整改报告[六篇范文]",
        # a threshold
        "对办结率在90%以上的单位予以通报表扬。",
    ],
)
def test_not_a_statistic(sentence: str) -> None:
    assert stats_of(sentence) == []


def test_plan_figures_are_targets_and_dropped_by_default() -> None:
    sentence = "推动更多事项网上办理,年底前70%的行政许可事项实现网上办理。"
    assert stats_of(sentence, doc_type="work_plan") == []
    kept = stats_of(sentence, doc_type="work_plan", targets=True)
    assert [a["kind"] for a in kept] == ["target"]


def test_parts_link_to_their_total() -> None:
    found = stats_of(
        "主动公开政府信息62984条,其中:动态信息62219条,主动公开规范性文件2个,其它各类政府信息765条。"
    )
    assert [(a["stat_id"], a["label"], a["parent"]) for a in found] == [
        ("n001", "主动公开政府信息", None),
        ("n002", "动态信息", "n001"),
        ("n003", "主动公开规范性文件", "n001"),
        ("n004", "其它各类政府信息", "n001"),
    ]
    assert found[2]["metric"] == "normative_documents_disclosed"


def test_part_named_by_outcome_takes_parent_label() -> None:
    found = stats_of(
        "政府信息公开行政复议 351件,其中结果维持 72 件,尚未审结 37 件;政府信息公开行政诉讼 46 件。"
    )
    assert [(a["label"], a["parent"], a["metric"]) for a in found] == [
        ("政府信息公开行政复议", None, "admin_reconsiderations"),
        ("政府信息公开行政复议结果维持", "n001", None),
        ("政府信息公开行政复议尚未审结", "n001", None),
        ("政府信息公开行政诉讼", None, "admin_lawsuits"),
    ]


def test_bracketed_parts_stop_at_in_addition() -> None:
    found = stats_of("受理申请 3119 件,答复 3050 件(含上年度结转申请 34 件,另有 103 件顺延到下年度答复)。")
    assert [(a["label"], a["value"], a["parent"]) for a in found] == [
        ("受理申请", 3119, None),
        ("答复申请", 3050, None),
        ("上年度结转申请", 34, "n002"),
        ("顺延到下年度答复", 103, None),
    ]
    assert found[1]["metric"] == "requests_answered"


def test_bare_verb_shares_the_object_before_it() -> None:
    found = stats_of("办理提案共15件,其中主办市政协委员提案2件、协办10件。")
    assert [(a["label"], a["value"], a["parent"]) for a in found][1:] == [
        ("主办市政协委员提案", 2, "n001"),
        ("协办市政协委员提案", 10, "n001"),
    ]
    assert [a["metric"] for a in found] == ["proposals_handled", None, None]


@pytest.mark.parametrize(
    ("sentence", "labels"),
    [
        # a rate or an amount takes the topic of the sentence's first figure
        ("全年共办理便民服务事项2600件,按期办结率98.5%。", ["办理便民服务事项", "便民服务事项按期办结率"]),
        (
            "“政务抖音”号共编发并推送短视频 310 条，累计播放量 52000 次；直播 12 场，评论量 870 次。",
            ["“政务抖音”号共编发并推送短视频", "“政务抖音”号短视频播放量", "直播", "直播评论量"],
        ),
        # a bare verb counting in another measure word takes the topic, not the object before it
        (
            "印制《政务公开指南》6期,发布政策信息120条,赠阅9000份。",
            ["印制《政务公开指南》", "发布政策信息", "《政务公开指南》赠阅"],
        ),
        ("“区长热线”共受理来电58件,已办结58件。", ["“区长热线”共受理来电", "“区长热线”来电办结"]),
        # a rate alone in its sentence takes the clause before it, without 保持在
        ("网上咨询回复及时,回复率保持在95%以上。", ["网上咨询回复及时回复率"]),
    ],
)
def test_short_labels_take_the_topic_of_their_sentence(sentence: str, labels: list[str]) -> None:
    assert [a["label"] for a in stats_of(sentence)] == labels


def test_list_items_share_the_lead_and_keep_their_bracketed_note() -> None:
    found = stats_of("本轮检查覆盖全市15个街道(乡镇)、38个市直部门。")
    assert [(a["label"], a["value"]) for a in found] == [
        ("本轮检查覆盖全市街道(乡镇)", 15),
        ("本轮检查覆盖全市市直部门", 38),
    ]


def test_a_figure_said_again_is_one_figure() -> None:
    found = stats_of("全年评选出12个示范点。……经评审,全年评选出12个示范点。")
    assert [(a["label"], a["value"]) for a in found] == [("评选出示范点", 12)]


def test_pinyin_glosses_do_not_break_a_label() -> None:
    found = stats_of("全年,本街道(jiē)發(fā)布政府信息260條。")
    assert [(a["label"], a["metric"]) for a in found] == [("發布政府信息", "proactive_disclosed_total")]


def test_traditional_text_is_read_folded_and_labelled_as_written() -> None:
    found = stats_of(
        "本鎮全年主動公開政府信息 350 條，舉辦業務培訓會 3 次，其中被區政府網站採用信息 120 條。"
    )
    assert [(a["label"], a["value"], a["unit"], a["metric"]) for a in found] == [
        ("主動公開政府信息", 350, "条", "proactive_disclosed_total"),
        ("舉辦業務培訓會", 3, "次", "trainings_held"),
        ("被區政府網站採用信息", 120, "条", None),
    ]


def test_parts_of_another_unit_are_not_parts() -> None:
    found = stats_of("受理举报投诉案件1281件,其中民心网104件,退还不合理收费18.98万元。")
    assert [a["parent"] for a in found] == [None, "n001", None]


@pytest.mark.parametrize(
    ("sentence", "zeros"),
    [
        (
            "市行政审批局没有发生因政府信息公开工作被公众提起投诉举报、行政复议、行政诉讼等情况。",
            [
                ("投诉举报", "complaints"),
                ("行政复议", "admin_reconsiderations"),
                ("行政诉讼", "admin_lawsuits"),
            ],
        ),
        (
            "本年度未发生政府信息公开行政复议和行政诉讼的情况发生。",
            [("行政复议", "admin_reconsiderations"), ("行政诉讼", "admin_lawsuits")],
        ),
        ("全年未收到政府信息公开申请。", [("收到政府信息公开申请", "requests_received")]),
        ("申请人无正当理由逾期不补正。", []),
    ],
)
def test_implied_zeros(sentence: str, zeros: list[tuple[str, str]]) -> None:
    found = stats_of(sentence)
    assert [(a["label"], a["metric"]) for a in found] == zeros
    assert all(a["value"] == 0 and a["unit"] == "件" and a["kind"] == "implied_zero" for a in found)


def test_no_implied_zero_for_a_reported_metric() -> None:
    found = stats_of("受理行政复议2件。全年未发生行政复议、行政诉讼。")
    assert [(a["value"], a["metric"], a["kind"]) for a in found] == [
        (2, "admin_reconsiderations", "reported"),
        (0, "admin_lawsuits", "implied_zero"),
    ]


def test_table_cells_are_left_to_the_table_stage() -> None:
    text = "主动公开政府信息120条。\n行政复议3件"
    doc = Document(doc_id="t", source_path="t.txt", format="txt", text=text)
    doc.blocks = [
        Block("paragraph", 0, 13),
        Block("table_cell", 14, len(text), table=0, row=0, col=0),
    ]
    statistics(doc, Config())
    assert [(s.record.value, s.record.unit) for s in doc.spans_of(Statistic)] == [(120, "条")]


def test_span_covers_the_figure() -> None:
    text = "2018年,在网站主动公开政府信息62984条。"
    doc = Document(doc_id="t", source_path="t.txt", format="txt", text=text)
    statistics(doc, Config())
    (span,) = doc.spans_of(Statistic)
    assert doc.span_text(span) == "在网站主动公开政府信息62984条"


@pytest.mark.parametrize(
    ("label", "unit", "metric"),
    [
        ("主动公开规范性文件", "个", "normative_documents_disclosed"),
        ("起草规范性文件", "个", None),
        ("回复及时率", "%", None),
        ("举办培训班", "%", None),
        ("举办培训班", "期", "trainings_held"),
        ("接受培训", "人次", "people_trained"),
        ("答复", "件", "requests_answered"),
        ("“县长信箱”办结", "件", None),
        ("收集群众意见建议", "条", None),
        ("318件建议提案全部办理完毕", "件", "proposals_handled"),
        ("办理市人大代表建议", "件", "proposals_handled"),
        ("参训人员", "人", "people_trained"),
        ("主动发布各类政务信息", "篇", "proactive_disclosed_total"),
        ("通过门户网站发布政府信息", "件", "proactive_disclosed_total"),
        ("行政规范性文件", "件", "normative_documents_disclosed"),
    ],
)
def test_metric_for(label: str, unit: str, metric: str | None) -> None:
    assert metric_for(label, unit) == metric


# ---------------------------------------------------------------------------- real sample files


def pair_up(gold: list[dict[str, Any]], found: list[dict[str, Any]]) -> tuple[list[tuple[dict, dict]], int]:
    """Pairs (gold figure, found figure) as the scorer makes them, and the count of found left over."""
    unused = list(found)
    pairs = []
    for stat in gold:
        hit = next((f for f in unused if same_figure(stat, f)), None)
        if hit is not None:
            unused.remove(hit)
            pairs.append((stat, hit))
    return pairs, len(unused)


def same_figure(gold: dict[str, Any], found: dict[str, Any]) -> bool:
    chars = set(gold["label"]) - set("“”《》")
    overlap = sum(ch in found["label"] for ch in chars) / len(chars)
    return found["value"] == gold["value"] and found["unit"] == gold["unit"] and overlap >= 0.5


@pytest.fixture(scope="module")
def gold_by_file(gold_dir: Path) -> dict[str, dict[str, Any]]:
    golds = (json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json"))
    return {g["file"]: g for g in golds}


@pytest.mark.parametrize(
    "name",
    [
        "001_179aec6b059d2134.txt",
        "001_179aec6b059d2134.pdf",
        "004_1f809c4b636a09c4.gbk.txt",
        "002_69902300cdde23ce.txt",
        "003_9d5918fb5c505e81.txt",
        "003_9d5918fb5c505e81.docx",
        "huaian_2024_annual_report.pdf",
    ],
)
def test_sample_matches_gold(name: str, samples_dir: Path, gold_by_file: dict[str, dict[str, Any]]) -> None:
    gold = gold_by_file[name]["statistics"]
    doc = extract_file(samples_dir / name, Config(stages=STAGES))
    pairs, extra = pair_up(gold, [s.record.values() for s in doc.spans_of(Statistic)])
    matched = {id(g) for g, _ in pairs}
    assert [g["label"] for g in gold if id(g) not in matched and not g.get("optional")] == []
    assert extra == 0
    assert [
        (g["label"], f["metric"]) for g, f in pairs if g.get("metric") and g["metric"] != f["metric"]
    ] == []


def test_work_summary_figures(samples_dir: Path) -> None:
    doc = extract_file(samples_dir / "004_1f809c4b636a09c4.txt", Config(stages=STAGES))
    found = [s.record.values() for s in doc.spans_of(Statistic)]
    assert len(found) == 37
    assert sum(1 for f in found if f["metric"]) == 9
    assert sum(1 for f in found if f["parent"]) == 8
    assert [f["stat_id"] for f in found] == [f"n{i:03d}" for i in range(1, 38)]
