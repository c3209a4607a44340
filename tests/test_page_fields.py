"""What a web page says about its document: crawler header lines, info boxes, flipbook headers.

They are chrome (never body text or a title candidate) and fill Document.page_fields, which the
metadata stage reads for the title, publication date, issuing body, document number and year.
"""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.document import Document
from pipeline.extract.metadata import metadata
from pipeline.normalize.chrome import fields_of_line, is_chrome, page_fields
from pipeline.normalize.clean import clean

BODY = "一、总体情况\n本年度,我局认真贯彻落实《条例》,主动公开政府信息120条。\n"


def extracted(text: str) -> Document:
    doc = clean(Document("id", "x.txt", "txt", text, []), Config())
    return metadata(doc, Config())


def test_crawler_header_lines_are_metadata_not_body() -> None:
    header = (
        "标题:阜新市彰武县2019年政务公开工作要点\n"
        "发布时间:2019-04-02\n"
        "文号:彰政办发〔2019〕8号\n"
        "发布机构:彰武县人民政府办公室\n"
        "来源: 彰武县政府网\n"
        "栏目:政策文件 > 县政府办文件\n"
        "原文链接:http://www.zhangwu.gov.cn/zwgk/2019/0402.html\n"
        "索引号:11210922MB1234/2019-00008\n"
        "主题分类:政务公开\n"
        "成文日期:2019-03-28\n"
    )
    doc = extracted(header + BODY)
    assert doc.text.startswith("一、总体情况")
    assert len(doc.chrome) == 10
    assert doc.page_fields["url"] == "http://www.zhangwu.gov.cn/zwgk/2019/0402.html"
    assert doc.page_fields["column"] == "政策文件 > 县政府办文件"
    meta = doc.meta
    assert meta.title == "阜新市彰武县2019年政务公开工作要点"
    assert (meta.publish_date, meta.doc_number, meta.year) == ("2019-04-02", "彰政办发〔2019〕8号", 2019)
    assert meta.issuing_body == "彰武县人民政府办公室"
    assert (meta.city, meta.district) == ("阜新市", "彰武县")


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (
            "发布时间：2018-08-23 10:56  来源：市政府办公室",
            [("publish_date", "2018-08-23 10:56"), ("source", "市政府办公室")],
        ),
        (
            "【制定机关】东莞市人民政府办公室•【公布日期】2011.05.30•【字号】东府办〔2011〕65号",
            [
                ("issuing_body", "东莞市人民政府办公室"),
                ("publish_date", "2011.05.30"),
                ("doc_number", "东府办〔2011〕65号"),
            ],
        ),
        ("[标题] 关于做好2020年政务公开工作的通知", [("title", "关于做好2020年政务公开工作的通知")]),
        (
            "標 題:懷化市2023年政務公開工作要點",
            [("title", "懷化市2023年政務公開工作要點")],
        ),  # values as written
        ("發(fā)布機構(gòu)：懷化市人民政府", [("issuing_body", "懷化市人民政府")]),
        (
            "Page 3 - 威海市文登区商务局2022年政府信息公开工作年度报告",
            [("title", "威海市文登区商务局2022年政府信息公开工作年度报告")],
        ),
    ],
)
def test_fields_of_a_line(line: str, fields: list[tuple[str, str]]) -> None:
    assert fields_of_line(line) == fields
    assert is_chrome(line)


def test_the_first_value_of_a_field_wins() -> None:
    lines = ["来源:区政府办", "Page 2 - 某区2021年政务公开工作要点", "来源:区数据局"]
    assert page_fields(lines) == {"source": "区政府办", "title": "某区2021年政务公开工作要点"}


@pytest.mark.parametrize(
    "line",
    [
        "来源于群众的意见建议,我们逐条研究办理。",  # a label word opening a sentence, no colon
        "标题党现象要坚决整治:一是……",
    ],
)
def test_prose_is_not_a_field_line(line: str) -> None:
    assert not is_chrome(line)


def test_breadcrumbs_and_headers_are_never_the_title() -> None:
    text = (
        "当前位置：首页>政务公开>政府信息公开年报\n"
        "发布机构:某某网\n"
        "上饶市广信区2021年政府信息公开工作年度报告\n" + BODY
    )
    doc = extracted(text)
    assert doc.meta.title == "上饶市广信区2021年政府信息公开工作年度报告"
    assert (doc.meta.city, doc.meta.district, doc.meta.year) == ("上饶市", "广信区", 2021)


def test_the_page_title_fills_a_text_without_one() -> None:
    doc = extracted("Page 3 - 青岛市莱西市2020年政府信息公开工作年度报告\nP. 3\n" + BODY)
    assert doc.meta.title == "青岛市莱西市2020年政府信息公开工作年度报告"
    assert doc.meta.year == 2020


def test_a_traditional_header_and_title_keep_their_characters() -> None:
    text = (
        "發布時間:2019年06月17日\n懷化市人民政府辦公室關於推進政務公開工作的通知\n各縣市區人民政府:\n" + BODY
    )
    doc = extracted(text)
    assert doc.meta.title == "懷化市人民政府辦公室關於推進政務公開工作的通知"
    assert (doc.meta.city, doc.meta.publish_date) == ("怀化市", "2019-06-17")
