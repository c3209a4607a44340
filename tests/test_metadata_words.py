"""The metadata stage's word lists live in resources/metadata_words.csv; the patterns built from
them match what the patterns written out in full matched."""

from __future__ import annotations

import re

import pytest

from pipeline.extract import metadata

ORG = (
    r"[^\d\s年《》“”\"()、,。:]{1,30}?(人民政府办公厅|人民政府办公室|人民政府|政府办公室|办公厅|办公室|管理委员会"
    r"|委员会|管委会|事务局|服务署|开发区|局|委|办|署|中心)"
)
WRITTEN_OUT = {
    "TITLE_WORDS": (
        r"工作要点|要点|重点工作安排|工作安排|实施方案|方案|任务分工|责任分工|年度报告|年报|报告|工作总结|总结"
        r"|汇报材料|汇报|通知|通报|意见|规则|制度|指南|办法|规定|目录|解读|说明"
    ),
    "TITLE_TAIL": r"(的通知|汇编|\(\d+篇\)|\[\S{1,3}篇范文\])+",
    "NOT_TITLE_START": (
        r"根据|为了?|按照|现将|我|本年度|本报告|今年|近年|20\d\d年[,以]|[(\[]?[一二三四五六七八九十\d]+[)\]、.]"
    ),
    "META_LINE": (
        r"\s*(首页|当前位置|您的位置|您当前所在位置|登录|分享|选择|请输入|【字|\[|发布|时间|来源|索引|浏览|点击|日期)"
        r"|.{0,10}:|.*>"
    ),
    "TITLE_JOIN": r"(关于印发|印发|关于|转发)\s*$",
    "ORG_PREFIX": rf"^{ORG}(?=\s*(关于|\d{{4}}|年|政务|政府信息|信息公开|$))",
    "ORG_LINE": rf"^\s*({ORG})\s*$",
    "ORG_FIELD": rf"(发布机构|发文机关|发文机构|制定机关|信息来源|来源)\s*[】:]?\s*({ORG})",
    "STAT_PERIOD": r"统计(期限|时限|期间|时间).{0,6}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日",
    "DATE_FIELD": (
        r"(发布时间|发布日期|发文日期|成文日期|生成日期|更新时间|信息提供日期|时间|日期)\s*[::]?\s*"
        r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
    ),
    "SELF_REFERENCE": r"(我|本|全)(县|市|区|省|州|旗)",
}
# the groups the stage reads of each match (0: the whole match)
GROUPS_READ = {"ORG_LINE": (0, 1), "ORG_FIELD": (0, 2), "STAT_PERIOD": (0, 2), "DATE_FIELD": (0, 2, 3, 4)}
GROUPS_READ["SELF_REFERENCE"] = (0, 1, 2)
EXAMPLES = [
    "某某县人民政府办公室关于印发2023年政务公开工作要点的通知",
    "XX市2022年政府信息公开工作年度报告",
    "关于印发",
    "为了进一步做好政务公开工作",
    "为做好工作,现将有关事项通知如下:",
    "根据《条例》规定,现将本年度报告公布如下",
    "(一)主动公开情况",
    "2021年,以人民为中心",
    "首页 > 政务公开 > 通知公告",
    "[打印本页] [关闭窗口]",
    "【字体:大 中 小】",
    "发布时间: 2023-03-15 来源: 县政府办公室",
    "发布机构: 某某市交通运输局",
    "信息来源:某某区人民政府",
    "成文日期 2022年12月30日",
    "本报告统计期限为2022年1月1日至12月31日",
    "统计时间从 2021 年 1 月 1 日起",
    "全县各乡镇、我市各部门、本区",
    "某某经济技术开发区管理委员会2023年政务公开工作要点",
    "某某市生态环境局政府信息公开工作年度报告",
    "某某市人民政府 转发",
    "工作总结(3篇)汇编",
    "县政府办公室",
    "旗人民政府办公室 ",
    "",
]


@pytest.mark.parametrize("name", sorted(WRITTEN_OUT))
def test_built_patterns_match_as_the_written_out_ones(name: str) -> None:
    old, new = re.compile(WRITTEN_OUT[name]), getattr(metadata, name)
    groups = GROUPS_READ.get(name, (0,))
    for text in EXAMPLES:
        for start in range(len(text) + 1):
            old_match, new_match = old.match(text, start), new.match(text, start)
            assert (old_match is None) == (new_match is None), (text, start)
            if old_match and new_match:
                assert list(map(old_match.span, groups)) == list(map(new_match.span, groups)), (text, start)
        old_found = [m.span() for m in old.finditer(text)]
        assert old_found == [m.span() for m in new.finditer(text)], text


def test_every_kind_has_words_and_unknown_kinds_fail() -> None:
    assert metadata.words("title_join") == "关于印发|印发|关于|转发"
    assert metadata.words("meta_line").split("|").count(r"\[") == 1
    with pytest.raises(ValueError, match="no words"):
        metadata.words("no_such_kind")
