"""Stage `metadata`: places through the gazetteer, titles, years, dates, the sample files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.document import Document, Span
from pipeline.extract.metadata import find_doc_number, find_publish_date, find_title, find_year, metadata
from pipeline.extract.regions import gazetteer, resolve
from pipeline.normalize.fold import fold
from pipeline.records import MetadataEvidence

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
EXTRA = ROOT / "corpora" / "extra"
GOLD = Path(__file__).resolve().parent / "data" / "gold"


def run(text: str, chrome: list[str] | None = None) -> Document:
    doc = Document(doc_id="x", source_path="x.txt", format="txt", text=text)
    doc.chrome = chrome or []
    return metadata(doc, Config())


def evidence(doc: Document, about: str) -> list[Span[MetadataEvidence]]:
    """The spans showing where the metadata value `about` was read."""
    return [span for span in doc.spans_of(MetadataEvidence) if span.record.about == about]


def place_of(text: str) -> tuple[str | None, str | None, str | None]:
    mentions = gazetteer().mentions(fold(text))
    place = resolve([(m, 1.0) for m in mentions])
    assert place is not None
    names = (place.province, place.city, place.district)
    return tuple(r.name if r else None for r in names)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("西市区", ("辽宁省", "营口市", "西市区")),
        ("鞍山市", ("辽宁省", "鞍山市", None)),
        ("辽宁省", ("辽宁省", None, None)),
        ("黔江区", ("重庆市", "重庆市", "黔江区")),  # a 直辖市 is the city of its districts
        ("上海市科学技术委员会", ("上海市", "上海市", None)),
        ("天津市静海区", ("天津市", "天津市", "静海区")),
        ("浏阳市人民政府", ("湖南省", "长沙市", "浏阳市")),  # a county-level city under its prefecture
        ("平潭综合实验区管委会", ("福建省", "福州市", "平潭综合实验区")),  # a zone governing its territory
        ("恩施土家族苗族自治州来凤县", ("湖北省", "恩施土家族苗族自治州", "来凤县")),
        ("禄丰市人民政府", ("云南省", "楚雄彝族自治州", "禄丰市")),  # 禄丰县 since upgraded
        ("随县经济开发区", ("湖北省", "随州市", "随县")),
        ("懷化市人民政府辦公室", ("湖南省", "怀化市", None)),  # traditional characters
        ("吉林省长春市朝阳区", ("吉林省", "长春市", "朝阳区")),  # 朝阳区 is also in 北京
        ("北京市朝阳区", ("北京市", "北京市", "朝阳区")),
        ("邯郸县", ("河北省", "邯郸市", "邯郸县")),  # a county since merged: older documents name it
    ],
)
def test_a_place_name_resolves_to_its_city_and_province(text: str, expected: tuple[str | None, ...]) -> None:
    assert place_of(text) == expected


@pytest.mark.parametrize("text", ["振兴县域经济", "雄安新区建设", "规范县级政务公开", "城区道路"])
def test_ordinary_words_are_not_places(text: str) -> None:
    assert gazetteer().mentions(fold(text)) == []


def test_a_district_alone_uses_the_other_places_in_the_document() -> None:
    doc = run("西市区2018年政务公开工作要点\n根据辽宁省和营口市的部署,全区……\n")
    assert (doc.meta.province, doc.meta.city, doc.meta.district) == ("辽宁省", "营口市", "西市区")
    assert doc.meta.district_code == "210803" and doc.meta.city_code == "210800"
    (region,) = evidence(doc, "region")
    assert doc.span_text(region) == "西市区" and region.record.code == "210803"


def test_the_title_names_the_place_over_cited_provinces() -> None:
    text = (
        "沈阳市 2018 年政务公开重点工作安排\n" + "根据《辽宁省人民政府办公厅关于印发……的通知》,辽宁省……\n" * 5
    )
    doc = run(text)
    assert (doc.meta.city, doc.meta.district) == ("沈阳市", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("西市区2018年政务公开工作要点\n为认真贯彻落实", "西市区2018年政务公开工作要点"),
        (
            "不支持Flash\n\n通知公告\n\n西市区2018年政务公开工作要点\n[发布时间:2018-08-23]",
            "西市区2018年政务公开工作要点",
        ),
        (
            "云南省人民政府办公厅关于印发\n2022年云南省政务公开工作要点的通知\n",
            "云南省人民政府办公厅关于印发2022年云南省政务公开工作要点的通知",
        ),
        (
            "随县开发区2019年政府信息公开工作年度报告随县开发区2019年政府信息公开工作年度报告2019年,随县",
            "随县开发区2019年政府信息公开工作年度报告",
        ),
        (
            "县政府信息公开工作年度报告制度.docx\n《县政府信息公开工作年度报告制度.docx》由会员分享",
            "县政府信息公开工作年度报告制度",
        ),
        ("市政府办公厅:\n我委认真贯彻落实《2017年政务公开工作要点》", None),
        ("一、总体情况\n(一)主动公开情况。本年度报告", None),
    ],
)
def test_title(text: str, expected: str | None) -> None:
    found = find_title(fold(text))
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (
            "鞍山市行政审批局2018年度政府信息公开工作年度报告\n……\n2019年3月19日",
            True,
            "2018",
        ),  # reporting year
        ("本报告中所列数据统计期限从2018年1月1日至2018年12月31日止。\n2019年3月19日", False, "2018"),
        (
            "市政府办公厅:\n我委2017年主动公开425件,2017年全年……2018年我委将继续……\n2018年2月27日",
            False,
            "2017",
        ),
        (
            "按照(辽政办〔2019〕27号)要求,2018年全年公开……\n2019年1月5日",
            False,
            "2018",
        ),  # doc numbers are no years
        ("20xx年,我局认真按照要求……", False, None),  # masked year
    ],
)
def test_year_is_the_year_the_document_is_about(text: str, title: bool, expected: str | None) -> None:
    folded = fold(text)
    found = find_year(folded, find_title(folded) if title else None)
    assert (found.value if found else None) == expected


def test_an_annual_report_without_a_year_takes_the_year_before_publication() -> None:
    doc = run("政府信息公开工作年度报告\n本报告由概述组成。\n", chrome=["发布时间:2020-01-20 10:00"])
    assert doc.meta.year == 2019 and doc.meta.publish_date == "2020-01-20"


@pytest.mark.parametrize(
    ("text", "chrome", "expected"),
    [
        ("正文", ["[发布时间:2018-08-23 10:56:28 ][阅读次数:247 次]"], "2018-08-23"),
        ("正文", ["时间:2019-03-20来源:点击:"], "2019-03-20"),
        ("标题\n发布时间: 2022-01-29 18:58 字体:[]\n正文", [], "2022-01-29"),
        ("正文……\n鞍山市行政审批局\n2019年3月19日", [], "2019-03-19"),
        ("正文……\n2018年8月23日\n", [], "2018-08-23"),
        ("2021年工作开展情况……", [], None),
    ],
)
def test_publish_date(text: str, chrome: list[str], expected: str | None) -> None:
    assert find_publish_date(fold(text), chrome) == expected


def test_spans_point_into_the_uncleaned_text() -> None:
    text = "西市區２０１８年政務公開工作要點\n（一）履職行權公開"
    doc = run(text)
    (title,) = evidence(doc, "title")
    assert doc.span_text(title) == "西市區２０１８年政務公開工作要點"
    assert doc.meta.title == "西市區２０１８年政務公開工作要點"  # the title as written
    assert doc.meta.district == "西市区"
    (year,) = evidence(doc, "year")
    assert doc.span_text(year) == "２０１８" and year.record.value == "2018"


def sample_golds() -> list[tuple[Path, dict[str, object]]]:
    cases = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = SAMPLES / str(gold["file"])
        if source.suffix == ".txt" and ".gbk" not in source.name:
            cases.append((source, gold))
    return cases


@pytest.mark.parametrize(("source", "gold"), sample_golds(), ids=lambda v: getattr(v, "name", ""))
def test_sample_files_match_the_gold(source: Path, gold: dict[str, object]) -> None:
    doc = run(source.read_text(encoding="utf-8"))
    got = {key: getattr(doc.meta, key) for key in ("doc_type", "city", "district", "year")}
    assert got == {key: gold[key] for key in got}


def test_sample_issuing_bodies_and_titles() -> None:
    report = run((SAMPLES / "001_179aec6b059d2134.txt").read_text(encoding="utf-8"))
    assert report.meta.issuing_body == "鞍山市行政审批局"
    assert report.meta.title == "鞍山市行政审批局2018年度政府信息公开工作年度报告"
    plan = run((SAMPLES / "002_69902300cdde23ce.txt").read_text(encoding="utf-8"))
    assert plan.meta.issuing_body == "西市区人民政府" and plan.meta.publish_date == "2018-08-23"
    letter = run((SAMPLES / "004_1f809c4b636a09c4.txt").read_text(encoding="utf-8"))
    assert letter.meta.title is None and letter.meta.publish_date == "2018-02-27"


def test_place_and_year_accuracy_on_the_labelled_extra_corpus() -> None:
    with (EXTRA / "labels.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hits = {"province": [], "city": [], "year": []}  # type: dict[str, list[bool]]
    for row in rows:
        doc = run((EXTRA / row["file"]).read_text(encoding="utf-8", errors="replace"))
        for key, results in hits.items():
            label = row[key]
            if "unknown" in label or "(" in label or (key == "year" and not label.isdigit()):
                continue  # uncertain or unknown labels are not scored
            results.append(str(getattr(doc.meta, key) or "") == label)
    accuracy = {key: sum(results) / len(results) for key, results in hits.items()}
    assert accuracy["province"] >= 0.85 and accuracy["city"] >= 0.85 and accuracy["year"] >= 0.80


def test_a_shared_district_name_keeps_the_candidate_the_text_supports() -> None:
    doc = run("朝阳区2020年政府信息公开工作年度报告\n全区在长春市委、长春市政府的领导下……")
    assert (doc.meta.province, doc.meta.city, doc.meta.district) == ("吉林省", "长春市", "朝阳区")
    assert doc.meta.district_code == "220104"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "苏政办发〔2022〕35号《江苏省2022年政务公开工作要点的通知》\n",
            "江苏省2022年政务公开工作要点的通知",
        ),
        (
            "【监测通报】舒城县人民政府办公室关于反馈政务公开测评结果的通报\n",
            "舒城县人民政府办公室关于反馈政务公开测评结果的通报",
        ),
        (
            "《西充县2017年政务公开工作要点》已经县政府同意,现印发你们\n西充县2017年政务公开工作要点\n",
            "西充县2017年政务公开工作要点",
        ),
        (
            "网站首页 个人文档 个人总结 工作总结 述职报告 心得体会\n2023年政务公开工作总结\n",
            "2023年政务公开工作总结",
        ),
    ],
)
def test_title_regressions(text: str, expected: str) -> None:
    found = find_title(fold(text))
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("西市区2018年政务公开工作要点", "西市区人民政府"),
        ("随县经济开发区2019年政府信息公开工作年度报告", "随县经济开发区"),  # not 随县人民政府
        ("鞍山市行政审批局2018年度政府信息公开工作年度报告", "鞍山市行政审批局"),
        ("江苏省人民政府办公厅关于印发江苏省2022年政务公开工作要点的通知", "江苏省人民政府办公厅"),
    ],
)
def test_issuing_body_from_the_title(title: str, expected: str) -> None:
    assert run(title + "\n正文。\n").meta.issuing_body == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # a report that names its year only as the end of the period it reports on
        ("一、总体情况\n截至2023年12月31日,我局通过网站发布信息34条。\n2024年1月20日\n", "2023"),
        # a notice whose only year is its own number, standing alone under the title
        (
            "某县人民政府办公室关于推进政务公开的通知\n某政办〔2019〕26号\n各乡镇:\n依据(某政〔2018〕2号)……\n",
            "2019",
        ),
        # nothing but dates
        ("会议规则已经2024年11月13日常务会议通过。\n2024年11月20日\n", "2024"),
        # a year in the title beats the years of the text
        ("2020年政务公开工作要点\n2019年,……2019年……2021年1月1日起施行\n", "2020"),
    ],
)
def test_the_year_a_document_is_about(text: str, year: str) -> None:
    folded = fold(text)
    found = find_year(folded, find_title(folded), None, find_doc_number(folded, {}))
    assert found is not None and found.value == year


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (  # a shared file's page opens with the file's name
            "某县政务公开工作自查报告.docx 《某县政务公开工作自查报告.docx》由会员分享,可在线阅读。\n正文",
            "某县政务公开工作自查报告",
        ),
        ("某区政府信息公开工作年度报告.pdf\n一、总体情况\n", "某区政府信息公开工作年度报告"),
        (  # a title whose last line holds only its spaced-out kind
            "某县人民政府办公室\n关于推进全县政务信息资源共享工作的\n通 知\n各乡镇人民政府:\n",
            "关于推进全县政务信息资源共享工作的通知",
        ),
        ("关于做好2024年政务公开\n重点工作的通知\n", "关于做好2024年政务公开重点工作的通知"),
    ],
)
def test_titles_of_other_layouts(text: str, title: str) -> None:
    found = find_title(fold(text))
    assert found is not None and found.value.replace(" ", "") == title
