"""The document type, decided after extraction: what the title states, then what was found, then the model.

A title states a type in so many words (政府信息公开工作年度报告, 政务公开工作要点, 政务公开工作总结;
a plan or report of another field is `other`: resources/doctype_rules.csv). Where it states none,
what the stages found decides: the annual report template's section headings, or task items
that name their units. Only then does the model's guess (the metadata stage's, from
pipeline.classify.doctype) stand. The type labels a document; no extractor is switched off by it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from pipeline.config import Config
from pipeline.document import Document
from pipeline.normalize.fold import fold
from pipeline.records import Section, Task, Unit
from pipeline.stages import stage
from pipeline.vocab import read_table

log = logging.getLogger(__name__)

STAGE = "doctype"
STATED = 1.0  # doc_type_score of a type the title states or the document's structure shows
MIN_REPORT_HEADINGS = 2  # template section headings that make a document an annual report


@cache
def patterns(kind: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(doc_type, pattern) of one kind of resources/doctype_rules.csv, in file order."""
    return tuple(
        (row["doc_type"], re.compile(row["pattern"]))
        for row in read_table("doctype_rules.csv")
        if row["kind"] == kind
    )


def matches(kind: str, text: str) -> bool:
    return any(pattern.search(text) for _, pattern in patterns(kind))


def title_type(title: str | None) -> str | None:
    """The type a title states (…政府信息公开工作年度报告 → annual_report), None where it states none."""
    if not title:
        return None
    folded = fold(title)
    return next((doc_type for doc_type, pattern in patterns("type") if pattern.search(folded)), None)


def presents_as_plan(title: str | None, headings: Iterable[str]) -> bool:
    """Whether a document presents itself as a plan, so that its numbered items are tasks even
    where they name no unit: its title says so (要点, 方案, 工作安排 …; a report's or summary's title
    never does), or, with a title that says nothing of the kind, a top-level heading names its
    tasks (二、主要任务和责任分工; never an account of work done: 任务完成情况)."""
    stated = title_type(title)
    if stated is not None and stated != "other":
        return stated == "work_plan"
    if title and matches("plan_title", fold(title)):
        return True
    if stated == "other":
        return False
    return any(
        matches("plan_heading", fold(h)) and not matches("not_plan_heading", fold(h)) for h in headings
    )


def top_headings(doc: Document) -> list[str]:
    return [span.record.title for span in doc.spans_of(Section) if span.record.level == 1]


def reads_as_plan(doc: Document) -> bool:
    """Whether the task items found show a plan: at least half of them name their units (a
    notice's one request with a date does not)."""
    tasks = {span.record.task_id for span in doc.spans_of(Task)}
    with_units = tasks & {span.record.task_id for span in doc.spans_of(Unit)}
    return bool(with_units) and 2 * len(with_units) >= len(tasks)


def report_headings(text: str) -> int:
    """How many of the annual report template's section headings the folded text holds."""
    return sum(1 for _, pattern in patterns("report_heading") if pattern.search(text))


def found_type(doc: Document) -> str | None:
    """The type the document's structure shows, None where it shows none."""
    if report_headings(fold(doc.text)) >= MIN_REPORT_HEADINGS:
        return "annual_report"
    if reads_as_plan(doc):
        return "work_plan"
    return None


@stage(STAGE, requires=("meta", "task", "unit"), assigns=("doc_type",))
def doctype(doc: Document, config: Config) -> Document:
    """Set doc_type: the title's, else what was found, else the model's guess kept from metadata."""
    stated = title_type(doc.meta.title) or found_type(doc)
    if stated is not None and stated != doc.meta.doc_type:
        log.debug("%s: %s, not %s", doc.source_path, stated, doc.meta.doc_type)
    if stated is not None:
        doc.meta = replace(doc.meta, doc_type=stated, doc_type_score=STATED)
    return doc
