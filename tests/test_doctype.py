"""Document type: title rules, the classifier contract, accuracy on the labelled extra corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.classify.doctype import (
    DOC_TYPES,
    DocTypeInput,
    KeywordDocTypeClassifier,
    default_classifier,
    keyword_classifier,
)
from pipeline.extract.metadata import find_title
from pipeline.normalize.fold import fold

EXTRA = Path(__file__).resolve().parent.parent / "corpora" / "extra"


def predict(title: str, text: str = "") -> str:
    return default_classifier().predict([DocTypeInput(title, text or title)])[0]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("西市区2018年政务公开工作要点", "work_plan"),
        ("沈阳市2018年政务公开重点工作安排", "work_plan"),
        ("关于印发2019年全市政务公开重点工作任务分工的通知", "work_plan"),
        ("黑河市2021年政务公开工作实施方案", "work_plan"),
        ("江西省人民政府办公厅关于印发2022年江西省政务公开工作要点的通知", "work_plan"),
        ("鞍山市行政审批局2018年度政府信息公开工作年度报告", "annual_report"),
        ("2011年度信息公开报告", "annual_report"),
        ("西藏自治區人民政府2009年政府信息公開年度報告", "annual_report"),
        ("2023年政务公开工作总结与2024年工作思路", "work_summary"),
        ("政府信息公开工作自查报告", "work_summary"),
        ("开展基层政务公开标准化规范化工作情况汇报材料", "work_summary"),
        ("县政府信息公开工作年度报告制度", "other"),
        ("政府信息公开指南", "other"),
        ("舒城县人民政府办公室关于反馈2023年第二次政务公开测评结果的通报", "other"),
        ("西平县2020年度法治政府建设工作安排", "other"),
        ("怀化市贯彻落实若干政策措施实施方案", "other"),
        ("镇巴县人民政府工作规则", "other"),
    ],
)
def test_title_decides_the_type(title: str, expected: str) -> None:
    assert predict(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a letter to the superior office, no title, citing the plans it carried out
        (
            "市政府办公厅:\n我委认真贯彻落实《国务院办公厅关于印发2017年政务公开工作要点的通知》,"
            "截止目前为止,我委2017年主动公开政府信息425件。",
            "work_summary",
        ),
        (
            "根据《中华人民共和国政府信息公开条例》要求,编制本年度报告。本报告所列数据的统计期限自2023年1月1日起。",
            "annual_report",
        ),
        ("各区人民政府:\n《北京市2016年政务公开工作要点》已经市政府同意,现印发给你们。", "work_plan"),
        ("现将我局政务公开自查情况汇报如下:", "work_summary"),
    ],
)
def test_opening_text_decides_without_a_title(text: str, expected: str) -> None:
    assert predict("", text) == expected


def test_classifier_follows_the_estimator_contract() -> None:
    model = KeywordDocTypeClassifier(head_chars=300)
    assert model.fit([], []) is model
    assert model.keywords_ and model.classes_ == DOC_TYPES
    docs = [DocTypeInput("政府信息公开指南", "政府信息公开指南"), DocTypeInput("", "")]
    assert model.predict(docs) == ["other", "other"]


def labelled_extra() -> list[dict[str, str]]:
    with (EXTRA / "labels.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_accuracy_on_the_labelled_extra_corpus() -> None:
    rows = labelled_extra()
    inputs = []
    for row in rows:
        text = fold((EXTRA / row["file"]).read_text(encoding="utf-8", errors="replace"))
        title = find_title(text)
        inputs.append(DocTypeInput(title.value if title else "", text))
    predicted = default_classifier().predict(inputs)
    accuracy = sum(p == row["doc_type"] for p, row in zip(predicted, rows, strict=True)) / len(rows)
    assert accuracy >= 0.90


def test_choosing_from_the_scores_gives_the_prediction() -> None:
    """The metadata stage scores a document once and chooses its type from those scores."""
    with (EXTRA / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:30]
    for row in rows:
        text = fold((EXTRA / row["file"]).read_text(encoding="utf-8", errors="replace"))
        title = find_title(text)
        doc = DocTypeInput(title.value if title else "", text)
        for classifier in (default_classifier(), keyword_classifier()):
            assert classifier.choose(classifier.scores(doc)) == classifier.predict([doc])[0]
