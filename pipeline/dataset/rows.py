"""Dataset rows derived from a Document's records and spans (never from anything else).

A row is the column values of a table's parts (pipeline/records.py: `TABLES`) merged in order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pipeline.document import Document, Span
from pipeline.records import (
    Category,
    DocKey,
    DocumentCounts,
    DocumentSource,
    Failure,
    Provenance,
    Record,
    ReportCell,
    ReportCheck,
    Section,
    Statistic,
    Task,
    Unit,
)

Row = dict[str, Any]


def row(*parts: Record) -> Row:
    """The columns of `parts` in order; a column repeated by a later part keeps its first value."""
    values: Row = {}
    for part in parts:
        for name, value in part.values().items():
            values.setdefault(name, value)
    return values


def provenance(span: Span[Any], page_at: Callable[[int], int | None]) -> Provenance:
    """Where `span` lies (`page_at`: the document's `page_finder`)."""
    return Provenance(page_at(span.start), span.start, span.end)


def span_rows(doc: Document, kind: type[Record]) -> list[Row]:
    """One row per span of `kind`: the document, the span's record, where it lies."""
    key = DocKey(doc.doc_id)
    page_at = doc.page_finder()
    return [row(key, span.record, provenance(span, page_at)) for span in doc.spans_of(kind)]


def document_row(doc: Document) -> Row:
    source = DocumentSource(
        doc.doc_id, doc.source_path, doc.format, doc.encoding, doc.page_count, doc.status, doc.ocr_confidence
    )
    counts = DocumentCounts(len(doc.spans_of(Task)), len(doc.spans_of(Statistic)))
    return row(source, doc.meta, counts)


def task_rows(doc: Document) -> list[Row]:
    """One row per task, with the category of the task's `category` span."""
    categories = {span.record.task_id: span.record for span in doc.spans_of(Category)}
    key = DocKey(doc.doc_id)
    page_at = doc.page_finder()
    return [
        row(
            key,
            span.record,
            categories.get(span.record.task_id, Category(span.record.task_id, None)),
            provenance(span, page_at),
        )
        for span in doc.spans_of(Task)
    ]


def check_rows(doc: Document) -> list[Row]:
    key = DocKey(doc.doc_id)
    return [row(key, span.record) for span in doc.spans_of(ReportCheck)]


def failure_rows(doc: Document, when: datetime | None = None) -> list[Row]:
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    return [
        row(Failure(doc.source_path, doc.doc_id, None, e.stage, e.kind, e.message, e.page, stamp))
        for e in doc.errors
    ]


def document_tables(doc: Document) -> dict[str, list[Row]]:
    """Every table's rows for one document; a failed document has only failure rows."""
    tables: dict[str, list[Row]] = {"failures": failure_rows(doc)}
    if doc.status == "failure":
        return tables
    tables["documents"] = [document_row(doc)]
    tables["sections"] = span_rows(doc, Section)
    tables["tasks"] = task_rows(doc)
    tables["task_units"] = span_rows(doc, Unit)
    tables["statistics"] = span_rows(doc, Statistic)
    tables["report_cells"] = span_rows(doc, ReportCell)
    tables["checks"] = check_rows(doc)
    return tables
