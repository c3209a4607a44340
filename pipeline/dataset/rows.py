"""Dataset rows derived from a Document's metadata and spans (never from anything else)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pipeline.document import Document, Span

Row = dict[str, Any]


def provenance(doc: Document, span: Span) -> Row:
    return {"page": doc.page_at(span.start), "char_start": span.start, "char_end": span.end}


def document_row(doc: Document) -> Row:
    meta = doc.meta
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "format": doc.format,
        "encoding": doc.encoding,
        "pages": doc.page_count,
        "status": doc.status,
        **{key: meta.get(key) for key in ("doc_type", "doc_type_score", "title", "province", "city")},
        **{key: meta.get(key) for key in ("district", "province_code", "city_code", "district_code")},
        **{key: meta.get(key) for key in ("issuing_body", "year", "publish_date")},
        "n_tasks": len(doc.spans_of("task")),
        "n_statistics": len(doc.spans_of("statistic")),
    }


def section_rows(doc: Document) -> list[Row]:
    return [
        {
            "doc_id": doc.doc_id,
            "section_id": s.attrs.get("section_id"),
            "parent_id": s.attrs.get("parent"),
            **{key: s.attrs.get(key) for key in ("level", "number", "title", "path")},
            **provenance(doc, s),
        }
        for s in doc.spans_of("section")
    ]


TASK_FIELDS = (
    "task_id",
    "number",
    "title",
    "text",
    "section_path",
    "channel",
    "deadline_raw",
    "deadline_type",
    "deadline_date",
    "deadline_amount",
    "deadline_unit",
)


def task_rows(doc: Document) -> list[Row]:
    categories = {s.attrs["task_id"]: s.attrs["category"] for s in doc.spans_of("category")}
    return [
        {
            "doc_id": doc.doc_id,
            **{key: s.attrs.get(key) for key in TASK_FIELDS},
            "category": categories.get(s.attrs.get("task_id")),
            **provenance(doc, s),
        }
        for s in doc.spans_of("task")
    ]


UNIT_FIELDS = ("task_id", "role", "unit", "unit_raw", "agency_kind", "unit_level")


def unit_rows(doc: Document) -> list[Row]:
    return [
        {
            "doc_id": doc.doc_id,
            **{key: s.attrs.get(key) for key in UNIT_FIELDS},
            **provenance(doc, s),
        }
        for s in doc.spans_of("unit")
    ]


STAT_FIELDS = ("stat_id", "label", "value", "unit", "metric", "approximate", "parent", "kind")


def statistic_rows(doc: Document) -> list[Row]:
    return [
        {"doc_id": doc.doc_id, **{key: s.attrs.get(key) for key in STAT_FIELDS}, **provenance(doc, s)}
        for s in doc.spans_of("statistic")
    ]


CELL_FIELDS = ("form", "table", "row", "col", "value", "blank", "row_label_raw", "col_label_raw")


def report_cell_rows(doc: Document) -> list[Row]:
    return [
        {"doc_id": doc.doc_id, **{key: s.attrs.get(key) for key in CELL_FIELDS}, **provenance(doc, s)}
        for s in doc.spans_of("report_cell")
    ]


def check_rows(doc: Document) -> list[Row]:
    return [
        {"doc_id": doc.doc_id, **{key: s.attrs.get(key) for key in ("check", "expected", "found", "ok")}}
        for s in doc.spans_of("check")
    ]


def failure_rows(doc: Document, when: datetime | None = None) -> list[Row]:
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    return [
        {
            "source_path": doc.source_path,
            "doc_id": doc.doc_id,
            "stage": e.stage,
            "kind": e.kind,
            "message": e.message,
            "page": e.page,
            "time": stamp,
        }
        for e in doc.errors
    ]


def document_tables(doc: Document) -> dict[str, list[Row]]:
    """Every table's rows for one document; a failed document has only failure rows."""
    tables: dict[str, list[Row]] = {"failures": failure_rows(doc)}
    if doc.status == "failure":
        return tables
    tables["documents"] = [document_row(doc)]
    tables["sections"] = section_rows(doc)
    tables["tasks"] = task_rows(doc)
    tables["task_units"] = unit_rows(doc)
    tables["statistics"] = statistic_rows(doc)
    tables["report_cells"] = report_cell_rows(doc)
    tables["checks"] = check_rows(doc)
    return tables
