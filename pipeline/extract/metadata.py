"""Stage `metadata`: document type, title, region, issuing body, year, publication date and
document number.

Everything is read from a folded view of the text (see `pipeline.normalize.fold`), so that
full-width forms, traditional characters and pinyin glosses match the same words; spans
are mapped back to offsets in `Document.text`, and the title is kept as written. What the
page says about the document (`Document.page_fields`: a crawler's 标题:/发布时间:/文号: lines,
an info box, a flipbook's page header) fills what the text itself does not say.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from pipeline.classify.doctype import DocTypeInput, confidence, default_classifier
from pipeline.classify.document_type import STATED, title_type
from pipeline.config import Config
from pipeline.document import Document
from pipeline.extract.regions import Mention, Place, gazetteer, resolve
from pipeline.normalize.fold import Folded, fold
from pipeline.normalize.fold import compact as compact_text
from pipeline.records import DocumentMeta, EvidenceField, MetadataEvidence
from pipeline.stages import stage
from pipeline.vocab import read_table

log = logging.getLogger(__name__)

STAGE = "metadata"
HEAD_LINES = 40
HEAD_CHARS = 1500


@cache
def words(kind: str) -> str:
    """The words of one kind in resources/metadata_words.csv as a regex alternation, in file order."""
    found = [row["word"] for row in read_table("metadata_words.csv") if row["kind"] == kind]
    if not found:
        raise ValueError(f"metadata_words.csv has no words of kind {kind!r}")
    return "|".join(map(re.escape, found))


TITLE_WORDS = re.compile(words("title_word"))
FILE_NAME = re.compile(r"(\S{6,80}?)\.(?:docx?|wps|pdf|txt)\b", re.IGNORECASE)
TITLE_TAIL = re.compile(rf"({words('title_tail')}|\(\d+篇\)|\[\S{{1,3}}篇范文\])+")
NOT_TITLE_START = re.compile(
    rf"{words('not_title_start')}|20\d\d年[,以]|[(\[]?[一二三四五六七八九十\d]+[)\]、.]"
)
BODY_START = re.compile(r"\s*(一、|第一章|第一条|引\s*言)")
META_LINE = re.compile(rf"\s*({words('meta_line')})|.{{0,10}}:|.*>")
# page markers, list numbers, tags (【监测通报】), a document number before 《title》
LEADING_JUNK = re.compile(
    r"^(第\d+页共\d+页|page\s*\d+\s*-\s*|\d+[、.](?=\d{4}年)|【[^】]{1,8}】|\S{1,10}〔\d{4}〕\s*\d+\s*号\s*)",
    re.IGNORECASE,
)
MENU_PARTS = 5  # a line of this many space-separated words is a navigation menu
TITLE_JOIN = re.compile(rf"({words('title_join')})\s*$")
SEGMENT_END = re.compile(r"[。,;!?]")
JOINED_LINE_CHARS = 40  # the most a first line of a split title holds
ORG = rf"[^\d\s年《》“”\"()、,。:]{{1,30}}?({words('issuer_suffix')})"
ORG_PREFIX = re.compile(rf"^{ORG}(?=\s*({words('issuer_followed_by')}|\d{{4}}|$))")
ORG_LINE = re.compile(rf"^\s*({ORG})\s*$")
ORG_FIELD = re.compile(rf"({words('issuer_field')})\s*[】:]?\s*({ORG})")
YEAR = re.compile(r"(?<![\d〔\[(])((?:19|20)\d\d)\s*年")
DOC_NUMBER_YEAR = re.compile(r"[〔\[(]((?:19|20)\d\d)[〕\])]")
STAT_PERIOD = re.compile(rf"({words('stat_period_field')}).{{0,6}}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
PERIOD_END = re.compile(rf"({words('period_end')})\s*((?:19|20)\d\d)\s*年\s*12\s*月\s*31\s*日")
OWN_NUMBER = re.compile(r"\s*(\S{1,12}[〔\[(]((?:19|20)\d\d)[〕\])]\s*\d{1,4}\s*号)\s*$")
DATE_FIELD = re.compile(
    rf"({words('date_field')})\s*[:：】\]]?\s*((?:19|20)\d\d)\s*[-年/.]\s*(\d{{1,2}})\s*[-月/.]\s*(\d{{1,2}})"
)
WRITTEN_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
WRITTEN_DAY = re.compile(r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")  # in a date field
SELF_WEIGHTS = {"我": 2, "本": 2, "全": 1}  # how strongly 我市, 本市, 全市 say "this city"
SELF_REFERENCE = re.compile(rf"({'|'.join(SELF_WEIGHTS)})({words('place_suffix')})")
WEIGHTS = {"title": 5.0, "issuer": 5.0, "edge": 2.0, "body": 1.0, "citation": 0.3}
BACKGROUND = 0.05  # the weight left to other mentions once the title names a place
CITATION_CHARS = 60
EDGE_CHARS = 200


@dataclass(frozen=True)
class Found:
    """A value found in the folded text at [start, end); one read from the page fields has no span."""

    value: str
    start: int = -1
    end: int = -1

    @property
    def in_text(self) -> bool:
        return self.start >= 0


# ---------------------------------------------------------------------------- title
def find_title(text: str) -> Found | None:
    """The document's title line (folded text), or None for a text without one.

    Titles stand before the body's first heading; one split after 关于印发 is joined.
    """
    lines = line_spans(text[:HEAD_CHARS])[:HEAD_LINES]
    for index, (start, end) in enumerate(lines):
        if BODY_START.match(text, start):
            return None
        found = title_in_line(text, start, end) or title_run_on(text, lines, index)
        if found is None:
            continue
        if index and opens_title(text[slice(*lines[index - 1])]):
            first = text[slice(*lines[index - 1])]
            opening = lines[index - 1][0] + len(first) - len(first.lstrip())
            return Found(first.strip() + found.value, opening, found.end)
        return found
    return None


def title_run_on(text: str, lines: list[tuple[int, int]], index: int) -> Found | None:
    """A title opening on line `index` (关于推进…工作的) and ending on the next, short line, its
    letters maybe spaced out (通 知)."""
    if index + 1 >= len(lines) or not opens_title(text[slice(*lines[index])]):
        return None
    start, end = lines[index]
    tail_start, tail_end = lines[index + 1]
    tail = "".join(text[tail_start:tail_end].split())
    if len(tail) > JOINED_LINE_CHARS or not TITLE_WORDS.search(tail):
        return None
    head = text[start:end].strip()
    return Found(head + tail, start + text[start:end].index(head[0]), tail_end)


def opens_title(line: str) -> bool:
    """Whether `line` is the first part of a title split over lines (…关于印发 / 关于明确…的)."""
    short = len(line.strip()) <= JOINED_LINE_CHARS and not SEGMENT_END.search(line)
    return short and (bool(TITLE_JOIN.search(line)) or ("关于" in line and not TITLE_WORDS.search(line)))


def title_in_line(text: str, start: int, end: int) -> Found | None:
    """The title-like words at the start of one line, if the line opens with a title."""
    line = text[start:end]
    stripped = line.lstrip()
    offset = start + len(line) - len(stripped)
    junk = LEADING_JUNK.match(stripped)
    if junk:
        offset += junk.end()
        stripped = stripped[junk.end() :]
    if META_LINE.match(stripped) or NOT_TITLE_START.match(stripped) or stripped.rstrip().endswith(":"):
        return None
    file_name = FILE_NAME.match(stripped)  # a shared file's page opens with the file's name
    segment = file_name.group(1) if file_name else SEGMENT_END.split(stripped, maxsplit=1)[0].rstrip()
    if segment.startswith("《"):
        closing = segment.find("》")
        if 0 < closing < len(segment) - 1:
            return None  # a sentence opening with a cited title: 《…》已经县政府同意
        segment = segment[1:closing] if closing > 0 else segment[1:]
        offset += 1
    if len(segment.split()) >= MENU_PARTS:
        return None
    words = list(TITLE_WORDS.finditer(segment))
    if len(segment) < 6 or not words:
        return None
    cut = words[-1].end() if len(segment) <= 60 else words[0].end()
    tail = TITLE_TAIL.match(segment, cut)
    if tail:
        cut = tail.end()
    half = cut // 2
    if cut % 2 == 0 and segment[:half] == segment[half:cut]:
        cut = half  # the title printed twice in a row
    return Found(segment[:cut], offset, offset + cut)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of `text`."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


# ---------------------------------------------------------------------------- issuing body
def find_issuing_body(
    text: str, title: Found | None, place: Place | None, page_fields: dict[str, str] | None = None
) -> Found | None:
    """Who issued the document: named before the title's year, in a page or head field, or signing it."""
    if title:
        head = ORG_PREFIX.match(title.value)
        if head:
            return Found(head.group(0), title.start, title.start + head.end())
    if page_fields and page_fields.get("issuing_body"):
        return Found(compact_text(fold(page_fields["issuing_body"])))
    field = ORG_FIELD.search(text[:HEAD_CHARS])
    if field:
        return Found(field.group(2), field.start(2), field.end(2))
    for start, end in reversed(line_spans(text)[-6:]):
        line = ORG_LINE.match(text[start:end])
        if line:
            return Found(line.group(1), start + line.start(1), start + line.end(1))
    if title and place and re.match(rf"{place.region.name}\s*(\d{{4}}|关于)", title.value):
        return Found(place.region.name + "人民政府", title.start, title.start + len(place.region.name))
    return None


# ---------------------------------------------------------------------------- region
def find_place(
    text: str,
    title: Found | None,
    issuer: Found | None,
    gaz_mentions: list[Mention],
    page_mentions: tuple[Mention, ...] = (),
) -> tuple[Place, Mention] | None:
    """The document's own place, resolved through the gazetteer, and the mention that best names it.

    A place named in the title or by the issuing body (in the text, or in the page fields:
    `page_mentions`, which have no place in the text) decides; the rest of the text only
    breaks ties between divisions of the same name. Without such a name, every mention
    counts, those in cited titles (《…》) least.
    """
    weighted = [(m, mention_weight(text, m, title, issuer)) for m in gaz_mentions]
    weighted += [(m, WEIGHTS["title"]) for m in page_mentions]
    if any(weight >= WEIGHTS["title"] for _, weight in weighted):
        weighted = [(m, w if w >= WEIGHTS["title"] else w * BACKGROUND) for m, w in weighted]
    place = resolve(weighted, own_suffix(text))
    if place is None:
        return None
    best = max(((m, w) for m, w in weighted if place.region in m.regions), key=lambda mw: mw[1])
    return place, best[0]


def page_mentions(fields: dict[str, str]) -> tuple[Mention, ...]:
    """The places named by the page's title and issuing body, placed nowhere in the text (start -1)."""
    names = fold(" ".join(fields.get(key, "") for key in ("title", "issuing_body")))
    return tuple(replace(m, start=-1, end=-1) for m in gazetteer().mentions(names))


def mention_weight(text: str, mention: Mention, title: Found | None, issuer: Found | None) -> float:
    """How much a mention says about the document's own place, by where it stands."""
    for zone, found in (("title", title), ("issuer", issuer)):
        if found and found.start <= mention.start < found.end:
            return WEIGHTS[zone]
    if in_citation(text, mention.start):
        return WEIGHTS["citation"]
    if mention.start < EDGE_CHARS or mention.start > len(text) - EDGE_CHARS:
        return WEIGHTS["edge"]
    return WEIGHTS["body"]


def in_citation(text: str, offset: int) -> bool:
    """Whether `offset` lies inside a cited title 《…》."""
    before = text[max(0, offset - CITATION_CHARS) : offset]
    return before.rfind("《") > before.rfind("》")


def own_suffix(text: str) -> str | None:
    """How the document refers to its own place (全县, 我市 …): the commonest such suffix."""
    counts: Counter[str] = Counter()
    for m in SELF_REFERENCE.finditer(text):
        counts[m.group(2)] += SELF_WEIGHTS[m.group(1)]
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------------------- dates
def find_year(
    text: str, title: Found | None, page_title: str | None = None, doc_number: Found | None = None
) -> Found | None:
    """The year the document is about.

    In order: the year in its title (or the page's title), the start or end of the period it
    reports on (统计期限自2019年1月1日, 截至2023年12月31日), its commonest year outside dates
    and cited document numbers, the year of its own number, its commonest date's year.
    """
    for named in (title, Found(page_title) if page_title else None):
        year = YEAR.search(named.value) if named else None
        if named and year:
            return shifted(Found(year.group(1), year.start(1), year.end(1)), named)
    for pattern in (STAT_PERIOD, PERIOD_END):
        period = pattern.search(text)
        if period:
            return Found(period.group(2), period.start(2), period.end(2))
    numbered = {m.start(1) for m in DOC_NUMBER_YEAR.finditer(text)}
    years = [
        m
        for m in YEAR.finditer(text)
        if m.start(1) not in numbered and not WRITTEN_DATE.match(text, m.start())
    ]
    if doc_number and not years:
        year = DOC_NUMBER_YEAR.search(doc_number.value)
        if year:
            return shifted(Found(year.group(1), year.start(1), year.end(1)), doc_number)
    return commonest(years or list(WRITTEN_DATE.finditer(text)))


def shifted(found: Found, within: Found) -> Found:
    """`found`, read inside the value of `within`, placed in the text where `within` stands."""
    if not within.in_text:
        return Found(found.value)
    return Found(found.value, within.start + found.start, within.start + found.end)


def commonest(years: list[re.Match[str]]) -> Found | None:
    """The commonest year of matches whose group 1 is a year, where it first stands."""
    if not years:
        return None
    common = Counter(m.group(1) for m in years).most_common(1)[0][0]
    first = next(m for m in years if m.group(1) == common)
    return Found(common, first.start(1), first.end(1))


def find_doc_number(text: str, page_fields: dict[str, str]) -> Found | None:
    """The document's own number: the page's 文号 field, or a head line holding a number alone."""
    if page_fields.get("doc_number"):
        return Found(compact_text(page_fields["doc_number"]))
    for start, end in line_spans(text[:HEAD_CHARS])[:HEAD_LINES]:
        if BODY_START.match(text, start):
            break
        own = OWN_NUMBER.match(text, start, end)
        if own:
            return Found(own.group(1), own.start(1), own.end(1))
    return None


def find_publish_date(text: str, chrome: list[str], page_fields: dict[str, str] | None = None) -> str | None:
    """The publication date: the page's date field, a 发布时间 line (site chrome or head) or a date
    closing the text."""
    fields = page_fields or {}
    for value in (fields.get("publish_date"), fields.get("written_date")):
        written = WRITTEN_DAY.search(Folded.of(value).text) if value else None
        if written and (day := iso_date(*written.group(1, 2, 3))):
            return day
    for line in [*chrome, text[:HEAD_CHARS]]:
        field = DATE_FIELD.search(Folded.of(line).text)
        if field and (day := iso_date(*field.group(2, 3, 4))):
            return day
    for written in reversed(list(WRITTEN_DATE.finditer(text[-300:]))):
        if day := iso_date(*written.group(1, 2, 3)):
            return day
    return None


def iso_date(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------- the stage
@stage(STAGE, requires=("canonical_text", "chrome", "page_fields"), assigns=("meta", "doc_type", "metadata"))
def metadata(doc: Document, config: Config) -> Document:
    folded = Folded.of(doc.text)
    text = folded.text
    title = find_title(text)
    classifier_input = DocTypeInput(title.value if title else "", text)
    fields = doc.page_fields
    named_issuer = find_issuing_body(text, title, None, fields)
    found_place = find_place(text, title, named_issuer, gazetteer().mentions(text), page_mentions(fields))
    place = found_place[0] if found_place else None
    issuer = named_issuer or find_issuing_body(text, title, place)
    doc_number = find_doc_number(text, fields)
    year = find_year(text, title, fields.get("title"), doc_number)
    publish_date = find_publish_date(text, doc.chrome, fields)
    title_text = as_written(doc.text, folded, title) or compact_text(fields.get("title", "")) or None
    doc_type, doc_type_score = first_type(title_text, classifier_input)
    doc.meta = DocumentMeta(
        doc_type=doc_type,
        doc_type_score=doc_type_score,
        title=title_text,
        issuing_body=compact(issuer),
        year=about_year(year, doc_type, publish_date),
        publish_date=publish_date,
        doc_number=compact(doc_number),
        **place_meta(place),
    )
    add_evidence(doc, folded, "title", title)
    add_evidence(doc, folded, "year", year)
    if found_place and found_place[1].start >= 0:
        place, mention = found_place
        add_evidence(
            doc, folded, "region", Found(place.region.name, mention.start, mention.end), place.region.code
        )
    log.debug(
        "%s: %s, %s, %s", doc.source_path, doc_type, doc.meta.title, place.region.name if place else None
    )
    return doc


def compact(found: Found | None) -> str | None:
    """A found value without the spaces that wrapped or justified lines put into it."""
    return compact_text(found.value) if found else None


def first_type(title: str | None, classifier_input: DocTypeInput) -> tuple[str, float]:
    """The type the title states, else the model's guess, with its confidence (the doctype stage
    decides again once tasks are found)."""
    stated = title_type(title)
    if stated is not None:
        return stated, STATED
    scores = default_classifier().scores(classifier_input)
    return default_classifier().choose(scores), confidence(scores)


def as_written(text: str, folded: Folded, found: Found | None) -> str | None:
    """The characters of `text` a found value was folded from (traditional ones kept), compacted."""
    if found is None:
        return None
    return compact_text("".join(text[folded.origin[i]] for i in range(found.start, found.end)))


def about_year(year: Found | None, doc_type: str, publish_date: str | None) -> int | None:
    """The year found; else the publication year (the year before it for an annual report)."""
    if year:
        return int(year.value)
    if publish_date:
        return int(publish_date[:4]) - (doc_type == "annual_report")
    return None


def place_meta(place: Place | None) -> dict[str, str | None]:
    """The province/city/district fields (names and adcodes) of a resolved place."""
    fields: dict[str, str | None] = {}
    for key in ("province", "city", "district"):
        region = getattr(place, key) if place else None
        fields[key] = region.name if region else None
        fields[f"{key}_code"] = region.code if region else None
    return fields


def add_evidence(
    doc: Document, folded: Folded, field: EvidenceField, found: Found | None, code: str | None = None
) -> None:
    """A span showing where a metadata value was read (none for a value read from the page fields)."""
    if found is None or not found.in_text:
        return
    start, end = folded.source_span(found.start, found.end)
    doc.add(MetadataEvidence(field, found.value, code), start, end, STAGE)
