"""HTML backend (.html, .htm, .shtml; .mhtml archives through their HTML part): an article page
as lines and table cells, its meta tags as page fields.

The page is decoded by its declared charset where that decodes it cleanly, else as a text file of
unknown encoding (a page may declare UTF-8 and be GBK). The article body is the element the site
systems put it in (resources/html_layout.csv: `div.TRS_Editor`, `div#zoom` …), else the element that
holds most of the page's text outside links; navigation, scripts and forms never reach the text.
Block elements and `<br>` end lines; `<h1>`–`<h3>` are headings; a table's rows become table cells
in their grid columns (colspan and rowspan taken into account). Meta tags (`ArticleTitle`,
`PubDate`, `ContentSource` …) and the labelled info lines outside the body (`发布时间：` `文号：`)
become the document's page fields.
"""

from __future__ import annotations

import email
import email.policy
import html
import logging
import re
from collections.abc import Iterator
from functools import cache

import lxml.etree as etree
import lxml.html

from pipeline.config import Config
from pipeline.errors import DamagedFileError, UnsafeFileError
from pipeline.ingest.detect import decode_text, looks_like_text
from pipeline.ingest.layout import GridCell, Layout
from pipeline.ingest.sizes import human_size
from pipeline.normalize.chrome import page_fields
from pipeline.vocab import read_table

TAG = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|</?(?P<name>[a-zA-Z][\w:-]*)[^>]*>", re.DOTALL | re.IGNORECASE
)
log = logging.getLogger(__name__)

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3"})
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "nav", "form", "select", "button", "object")
MIN_BODY_SHARE = 0.5  # the body holds at least this share of the page's text outside links


@cache
def layout_rules() -> dict[str, list[tuple[str, str]]]:
    """(kind -> [(attribute, value)]) from resources/html_layout.csv: where bodies are, meta names."""
    rules: dict[str, list[tuple[str, str]]] = {}
    for row in read_table("html_layout.csv"):
        rules.setdefault(row["kind"], []).append((row["key"], row["value"]))
    return rules


def read_html(data: bytes, path: str, config: Config) -> Layout:
    """Decode and parse a page and lay out its article body."""
    if len(data) > config.max_page_bytes:
        limit = human_size(config.max_page_bytes)
        raise UnsafeFileError(path, f"refused: the page is {human_size(len(data))}, over the {limit} limit")
    text, encoding = decode_page(data, path)
    try:
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError) as err:
        raise DamagedFileError(path, f"not a readable web page: {err}") from err
    fields = meta_fields(root)
    truncated = 2 * len(root.text_content().strip()) < len(flat_text(text))  # the parser gave up
    body = article_body(root)
    etree.strip_elements(root, *DROPPED_TAGS, etree.Comment, with_tail=False)
    layout = Layout(encoding=encoding)
    lines = list(body_lines(body))
    if truncated:
        log.warning("%s: the page nests too deep for the parser; read without its structure", path)
        lines = [("paragraph", line) for line in flat_lines(text)]
    for kind, content in lines:
        if isinstance(content, str):
            layout.add_line(content, kind="heading" if kind == "heading" else "paragraph")
        else:
            add_table(layout, content)
    in_body = {content for _, content in lines if isinstance(content, str)}
    outside = [line for line in page_lines(root) if line not in in_body]
    layout.page_fields = {**page_fields(outside), **fields}
    return layout


def flat_lines(page: str) -> list[str]:
    """The lines of a page read tag by tag, without building its tree (a page nested deeper than
    the parser goes): block tags and <br> end lines, scripts, styles and comments are dropped."""
    lines: list[str] = []
    parts: list[str] = []
    position = 0
    for tag in TAG.finditer(page):
        parts.append(page[position : tag.start()])
        position = tag.end()
        name = (tag.group("name") or "").lower()
        if name in BLOCK_TAGS or name == "br":
            lines += [text for _, text in flushed(parts, "paragraph")]
            parts = []
    parts.append(page[position:])
    lines += [text for _, text in flushed(parts, "paragraph")]
    return [html.unescape(line) for line in lines]


def flat_text(page: str) -> str:
    """The text of a page without its tags, scripts, styles and comments, spaces dropped."""
    return "".join(TAG.sub("", page).split())


def decode_page(data: bytes, path: str) -> tuple[str, str]:
    """The page's text and encoding: its declared charset where that decodes it cleanly, else the bytes'."""
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        try:
            text = data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if looks_like_text(text):
                return text, charset
    return decode_text(data, path)


def meta_fields(root: lxml.html.HtmlElement) -> dict[str, str]:
    """The page fields its meta tags give (ArticleTitle -> title …: resources/html_layout.csv)."""
    names = dict(layout_rules()["meta"])
    fields: dict[str, str] = {}
    for meta in root.iter("meta"):
        field = names.get((meta.get("name") or meta.get("property") or "").lower())
        content = (meta.get("content") or "").strip()
        if field and content:
            fields.setdefault(field, content)
    return fields


def article_body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article: a site system's body container, else the densest element."""
    openings = {value for _, value in layout_rules()["comment"]}
    for comment in root.iter(etree.Comment):
        if (comment.text or "").strip() in openings and comment.getparent() is not None:
            return between_comments(comment)
    for attribute, value in layout_rules()["body"]:
        for element in root.iter():
            if isinstance(element.tag, str) and value in (element.get(attribute) or "").split():
                return element
    body = root.find("body")
    return densest(body if body is not None else root)


def between_comments(opening: etree._Comment) -> lxml.html.HtmlElement:
    """The elements after the comment that opens an article, up to the next comment, in one <div>."""
    article = lxml.html.Element("div")
    following = opening.getnext()
    while following is not None and not isinstance(following, etree._Comment):
        after = following.getnext()
        article.append(following)  # moves it out of the page: it is read once, as the article
        following = after
    return article


def densest(top: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The deepest element holding at least MIN_BODY_SHARE of the text of `top` outside links."""
    weight: dict[lxml.html.HtmlElement, int] = {}
    for element in reversed(list(top.iter())):  # children before their parents, without recursion
        if not isinstance(element.tag, str):
            continue
        own = 0 if element.tag == "a" else len((element.text or "").strip())
        weight[element] = own + sum(
            weight.get(child, 0) + len((child.tail or "").strip()) for child in element
        )
    total = weight.get(top, 0)
    best = top
    for element in top.iter():
        if element in weight and weight[element] >= MIN_BODY_SHARE * total:
            best = element  # iter() goes down the tree: the last one found is the deepest
    return best


def body_lines(body: lxml.html.HtmlElement) -> Iterator[tuple[str, str | list[list[GridCell]]]]:
    """("heading" | "paragraph", line text) and ("table", rows) in document order."""
    line: list[str] = []
    kind = "paragraph"
    skip_until: lxml.html.HtmlElement | None = None
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if skip_until is not None:
            if event == "end" and element is skip_until:
                skip_until = None
                if element.tail and element.tail.strip():
                    line.append(element.tail)
            continue
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                yield from flushed(line, kind)
                line, kind = [], "heading" if tag in HEADING_TAGS else "paragraph"
            if tag == "table":
                rows = table_rows(element)
                if rows:
                    yield "table", rows
                skip_until = element
                continue
            if element.text:
                line.append(element.text)
        else:
            if tag in BLOCK_TAGS:
                yield from flushed(line, kind)
                line, kind = [], "paragraph"
            if element.tail and element is not body:
                line.append(element.tail)
    yield from flushed(line, kind)


def flushed(parts: list[str], kind: str) -> Iterator[tuple[str, str]]:
    """The line `parts` make, spaces collapsed, if it holds any text."""
    text = " ".join("".join(parts).split())
    if text:
        yield kind, text


def table_rows(table: lxml.html.HtmlElement) -> list[list[GridCell]]:
    """The rows of a table (not of tables inside it) as (grid column, text) cells; a cell spanning
    rows is written in its first row only, as merged cells are in DOCX."""
    rows: list[list[GridCell]] = []
    taken: dict[tuple[int, int], bool] = {}  # (row, column) covered by a cell from a row above
    own_rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
    for r, tr in enumerate(own_rows):
        cells: list[GridCell] = []
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while taken.get((r, col)):
                col += 1
            span, down = count(td.get("colspan")), count(td.get("rowspan"))
            cells.append((col, cell_text(td)))
            for extra in range(1, down):
                for c in range(col, col + span):
                    taken[(r + extra, c)] = True
            col += span
        if any(text for _, text in cells):
            rows.append(cells)
    return rows


def count(value: str | None) -> int:
    """A colspan or rowspan: a small positive whole number, 1 where it is missing or odd."""
    return int(value) if value and value.isdigit() and 0 < int(value) <= 100 else 1


def cell_text(td: lxml.html.HtmlElement) -> str:
    """A cell's text, its lines (paragraphs, <br>) joined by newlines."""
    lines = [text for _, text in body_lines(td) if isinstance(text, str)]
    return "\n".join(lines)


def add_table(layout: Layout, rows: list[list[GridCell]]) -> None:
    table = layout.new_table()
    for row, cells in enumerate(rows):
        layout.add_row(cells, table, row)


def page_lines(root: lxml.html.HtmlElement) -> list[str]:
    """Every line of text of the page (chrome included), for the labelled info lines outside the body."""
    return [text for _, text in body_lines(root) if isinstance(text, str)]


def read_mhtml(data: bytes, path: str, config: Config) -> Layout:
    """A page saved with its resources as one MIME archive (.mhtml, .mht): its HTML part read as a page."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True)
            if isinstance(body, bytes):
                charset = part.get_content_charset()
                declared = f'<meta charset="{charset}">'.encode() if charset else b""
                return read_html(declared + body, path, config)
    raise DamagedFileError(path, "damaged web archive: it holds no HTML part")
