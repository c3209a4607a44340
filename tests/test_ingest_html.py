"""Web pages: the article body of a government site's page, its chrome left out, its tables read as
tables (colspan, rowspan), its meta tags and info lines as page fields, in any encoding."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.document import Document
from pipeline.ingest import ingest
from pipeline.process import extract_file
from pipeline.records import Task, Unit
from tests.conftest import SAMPLES

PLAN = SAMPLES / "000_bb7ad2cec91f680d.txt"
CHROME_TOP = (
    '<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hd">互动交流</a></div>'
    '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>'
    '<div class="info">发布时间：2018-05-16 来源：市政府办公室 文号：鞍政办发〔2018〕23号</div>'
    "<div>【字体：<a>大</a> <a>中</a> <a>小</a>】【打印本页】【关闭窗口】</div>"
)
CHROME_BOTTOM = (
    '<div class="share">分享到：<a>微信</a><a>微博</a></div>'
    '<ul class="related"><li><a href="/a">相关链接：某市政务服务网</a></li></ul>'
    '<div class="footer">主办：某市人民政府办公室 网站标识码：2103000001 辽ICP备05001234号</div>'
)


def page(body: str, charset: str = "gb2312", container: str = '<div class="TRS_Editor">{}</div>') -> str:
    head = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        '<meta name="ArticleTitle" content="政务公开重点工作安排">'
        '<meta name="PubDate" content="2018-05-16 09:30">'
        '<meta name="ContentSource" content="市政府办公室">'
        "<script>var x = '不是正文';</script><style>p {color: red}</style>"
    )
    article = container.format(body)
    return f"<!DOCTYPE html><html><head>{head}</head><body>{CHROME_TOP}{article}{CHROME_BOTTOM}</body></html>"


def paragraphs(path: Path) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in path.read_text(encoding="utf-8").splitlines())


def write(tmp_path: Path, name: str, text: str, encoding: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def tasks_and_units(doc: Document) -> tuple[list[str], list[tuple[str, str]]]:
    return (
        [span.record.title for span in doc.spans_of(Task)],
        [(span.record.role, span.record.unit) for span in doc.spans_of(Unit)],
    )


@pytest.mark.parametrize(
    ("charset", "container"),
    [
        ("gb2312", '<div class="TRS_Editor">{}</div>'),
        ("utf-8", '<div id="zoom">{}</div>'),
        ("gbk", "<table><tr><td><div>{}</div></td></tr></table>"),  # no known container: the densest
        ("utf-8", "<!--ZJEG_RSS.content.begin--><div>{}</div><!--ZJEG_RSS.content.end-->"),
    ],
)
def test_a_plan_as_a_web_page_gives_the_tasks_and_units_of_its_text(
    tmp_path: Path, charset: str, container: str
) -> None:
    path = write(tmp_path, "plan.html", page(paragraphs(PLAN), charset, container), charset)
    doc = extract_file(path)
    assert doc.format == "html" and not doc.errors
    assert tasks_and_units(doc) == tasks_and_units(extract_file(PLAN))
    assert "首页" not in doc.text and "ICP" not in doc.text and "不是正文" not in doc.text


def test_meta_tags_and_info_lines_are_page_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.htm", page(paragraphs(PLAN)), "gb2312")
    doc = extract_file(path)
    assert doc.page_fields["title"] == "政务公开重点工作安排"
    assert doc.page_fields["publish_date"].startswith("2018-05-16")
    assert doc.page_fields["doc_number"] == "鞍政办发〔2018〕23号"
    assert doc.meta.publish_date == "2018-05-16" and doc.meta.doc_number == "鞍政办发〔2018〕23号"


def test_a_page_declaring_the_wrong_charset_is_decoded_by_its_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "lie.html", page(paragraphs(PLAN), charset="utf-8"), "gb18030")
    doc = ingest(path, Config())
    assert doc.encoding == "gb18030" and "政务公开" in doc.text


TABLE = (
    "<table border=1>"
    "<tr><th>序号</th><th>类别</th><th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr>"
    '<tr><td>1</td><td rowspan="2">决策公开</td><td>推进重大决策预公开</td><td>市司法局</td>'
    "<td>2024年6月底前</td></tr>"
    "<tr><td>2</td><td>做好政策解读</td><td>市政府办公室</td><td>持续推进</td></tr>"
    '<tr><td colspan="5">二、平台建设</td></tr>'
    "<tr><td>3</td><td>政务新媒体</td><td>加强政府网站建设</td><td>市数据局</td><td>2024年12月底前</td></tr>"
    "</table>"
)


def test_a_task_table_keeps_its_grid_through_rowspan_and_colspan(tmp_path: Path) -> None:
    body = f"<p>某市2024年政务公开重点任务分工</p>{TABLE}"
    path = write(tmp_path, "table.html", page(body, "utf-8"), "utf-8")
    doc = ingest(path, Config())
    (table,) = doc.tables()
    grid = [[(cell.col, doc.block_text(cell)) for cell in row] for row in table.rows]
    assert grid[2] == [(0, "2"), (2, "做好政策解读"), (3, "市政府办公室"), (4, "持续推进")]
    assert grid[3] == [(0, "二、平台建设")]
    extracted = extract_file(path)
    titles, units = tasks_and_units(extracted)
    assert titles == ["推进重大决策预公开", "做好政策解读", "加强政府网站建设"]
    assert units == [("lead", "市司法局"), ("lead", "市政府办公室"), ("lead", "市数据局")]


def test_a_page_nested_deeper_than_the_parser_goes_is_read_without_its_structure(tmp_path: Path) -> None:
    depth = 5000
    body = "<div>" * depth + paragraphs(PLAN) + "</div>" * depth
    path = write(tmp_path, "deep.html", page(body, "utf-8"), "utf-8")
    assert tasks_and_units(extract_file(path))[0] == tasks_and_units(extract_file(PLAN))[0]


def test_a_page_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    rows = "<tr><td>1</td><td>行</td></tr>" * 2000
    path = write(tmp_path, "big.html", page(f"<table>{rows}</table>", "utf-8"), "utf-8")
    doc = extract_file(path, Config(max_page_bytes=20_000))
    assert [error.kind for error in doc.errors] == ["unsafe_file"] and "limit" in doc.errors[0].message


def test_a_page_saved_as_a_web_archive_reads_as_the_page(tmp_path: Path) -> None:
    """A .mhtml archive (mail headers, the page quoted-printable in GB2312, an image beside it)."""
    import quopri

    body = quopri.encodestring(page(paragraphs(PLAN)).encode("gb2312")).decode("ascii")
    archive = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.example.gov.cn/zwgk/1.html\r\n"
        "Subject: plan\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html; charset=gb2312\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        f"{body}\r\n"
        "------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
        "------B--\r\n"
    )
    path = tmp_path / "plan.mhtml"
    path.write_text(archive, encoding="ascii")
    doc = extract_file(path)
    assert doc.format == "mhtml" and not doc.errors
    assert tasks_and_units(doc) == tasks_and_units(extract_file(PLAN))
