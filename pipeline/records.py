"""The typed records: what each span label carries, and the dataset tables made of them.

Every extraction is a `Span` over `Document.text` holding one record; the record's class is its
label and declares, once, each field's column type and description. The dataset's tables
(`TABLES`), its `schema.json` and the loader's column types are all derived from these classes.
A field holding another record (a task's `deadline`) becomes that record's columns, prefixed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

DType = Literal["string", "int64", "float64", "bool"]
EvidenceField = Literal["title", "year", "region"]


def column(
    description: str,
    dtype: DType = "string",
    *,
    category: bool = False,
    date: bool = False,
    default: Any = dataclasses.MISSING,
) -> Any:
    """A record field that becomes a dataset column (`category`: read as pandas Categorical,
    `date`: an ISO date read as datetime)."""
    meta = {"dtype": dtype, "description": description, "category": category, "date": date}
    return dataclasses.field(default=default, metadata=meta)


def nested(prefix: str) -> Any:
    """A record field holding another record, whose columns are named `prefix` + its field names."""
    return dataclasses.field(metadata={"prefix": prefix})


@dataclass(frozen=True)
class Column:
    """One column of a dataset table."""

    name: str
    dtype: DType
    description: str
    category: bool = False
    date: bool = False


@dataclass(frozen=True)
class Record:
    """Base of the records; `LABEL` names the spans that hold one."""

    LABEL: ClassVar[str] = ""

    @classmethod
    def columns(cls) -> list[Column]:
        """The record's columns, nested records flattened."""
        found = []
        for f in dataclasses.fields(cls):
            if "prefix" in f.metadata:
                inner: type[Record] = f.type if isinstance(f.type, type) else RECORD_TYPES[str(f.type)]
                found += [dataclasses.replace(c, name=f.metadata["prefix"] + c.name) for c in inner.columns()]
            else:
                found.append(Column(f.name, **f.metadata))
        return found

    def values(self) -> dict[str, Any]:
        """The record's column values, nested records flattened."""
        found: dict[str, Any] = {}
        for name, prefix in field_prefixes(type(self)):
            value = getattr(self, name)
            if prefix is not None:
                found.update({prefix + k: v for k, v in value.values().items()})
            else:
                found[name] = value
        return found


FIELD_PREFIXES: dict[type[Record], tuple[tuple[str, str | None], ...]] = {}


def field_prefixes(kind: type[Record]) -> tuple[tuple[str, str | None], ...]:
    """Each field of a record class, and the prefix of its columns if it holds a nested record
    (worked out once per class)."""
    found = FIELD_PREFIXES.get(kind)
    if found is None:
        found = FIELD_PREFIXES[kind] = tuple(
            (f.name, f.metadata.get("prefix")) for f in dataclasses.fields(kind)
        )
    return found


# ---------------------------------------------------------------------------- documents
@dataclass(frozen=True)
class DocumentSource(Record):
    """The source file of a document and how far its extraction got."""

    doc_id: str = column("sha256 of the source file's bytes, first 16 hex characters")
    source_path: str = column("the file as given to the run")
    format: str = column(
        "txt, pdf, docx, html, xlsx, xls, ods, doc or image, sniffed from the bytes", category=True
    )
    encoding: str | None = column("detected text encoding (TXT only)")
    pages: int | None = column("number of pages (PDF only)", "int64")
    status: str = column("success, partial (extracted with errors) or failure", category=True)
    ocr_confidence: float | None = column(
        "mean confidence of the lines read by OCR (scanned pages, images); empty where none were",
        "float64",
    )


@dataclass(frozen=True)
class DocumentMeta(Record):
    """What the metadata stage finds out about a document as a whole (None: not found)."""

    doc_type: str | None = column(
        "work_plan, annual_report, work_summary or other", category=True, default=None
    )
    doc_type_score: float | None = column(
        "confidence of doc_type: 1 where the title states it or the structure shows it, else the "
        "model's (0 to 1)",
        "float64",
        default=None,
    )
    title: str | None = column("the document's title line", default=None)
    province: str | None = column("province-level division (e.g. 辽宁省)", category=True, default=None)
    city: str | None = column("prefecture-level city (e.g. 营口市)", category=True, default=None)
    district: str | None = column(
        "county-level division; empty for a city-level body", category=True, default=None
    )
    province_code: str | None = column("6-digit adcode of the province (e.g. 210000)", default=None)
    city_code: str | None = column("6-digit adcode of the city (e.g. 210800)", default=None)
    district_code: str | None = column(
        "6-digit adcode of the district (e.g. 210803); empty for a city-level body", default=None
    )
    issuing_body: str | None = column("the office that issued the document", default=None)
    year: int | None = column(
        "the year the document is about (plan year, reporting year)", "int64", default=None
    )
    publish_date: str | None = column("publication date, ISO YYYY-MM-DD", date=True, default=None)
    doc_number: str | None = column(
        "the document's own number (文号, e.g. 营政办发〔2018〕12号)", default=None
    )


@dataclass(frozen=True)
class DocumentCounts(Record):
    n_tasks: int = column("task items extracted", "int64")
    n_statistics: int = column("statistics extracted", "int64")


@dataclass(frozen=True)
class MetadataEvidence(Record):
    """Where the metadata stage read one of its values: the title, the year, the place."""

    LABEL = "metadata"
    about: EvidenceField = column("which metadata field the span shows")
    value: str = column("the value as found")
    code: str | None = column("the adcode of a region")


# ---------------------------------------------------------------------------- spans in tables
@dataclass(frozen=True)
class DocKey(Record):
    doc_id: str = column("the document")


@dataclass(frozen=True)
class Provenance(Record):
    """Where a row's span lies: page and character offsets into the canonical text."""

    page: int | None = column("page where the span starts (PDF; empty for formats without pages)", "int64")
    char_start: int = column("start offset of the span in the canonical text", "int64")
    char_end: int = column("end offset of the span in the canonical text", "int64")


@dataclass(frozen=True)
class Section(Record):
    LABEL = "section"
    section_id: str = column("s001… in document order")
    parent_id: str | None = column("the enclosing section, empty at the top level")
    level: int = column("1 一、 2 （一） 3 1. 4 （1）", "int64")
    number: str | None = column("the outline number as written (empty for an item recovered unnumbered)")
    title: str = column("the heading without its number")
    path: str = column("outline numbers from the top, joined by /")


@dataclass(frozen=True)
class DeadlineValue(Record):
    """A deadline normalised: its kind and, by kind, a date or an amount of time."""

    raw: str | None = column("the deadline as written")
    type: str = column("date, year_round, ongoing, relative or none", category=True)
    date: str | None = column("ISO date for date and year_round deadlines", date=True)
    amount: int | None = column("relative deadlines: the number (20 of 20个工作日内)", "int64")
    unit: str | None = column("relative deadlines: the unit (工作日)", category=True)


@dataclass(frozen=True)
class Task(Record):
    LABEL = "task"
    task_id: str = column("t001… in document order")
    number: str | None = column("the item number as written")
    title: str = column("the item's heading: its first clause, or the indicator-name cell of a table row")
    text: str = column("the task's full text")
    section_path: str | None = column("outline path of the sections holding the task")
    channel: str | None = column("公开载体: where the information is published")
    deadline: DeadlineValue = nested("deadline_")


@dataclass(frozen=True)
class StatedDeadline(Record):
    """The words of a task that state its deadline."""

    LABEL = "deadline"
    task_id: str = column("the task")
    deadline: DeadlineValue = nested("deadline_")


@dataclass(frozen=True)
class Unit(Record):
    """A unit named as responsible for a task."""

    LABEL = "unit"
    task_id: str = column("the task")
    role: str = column("lead, responsible or cooperating", category=True)
    unit: str = column("normalised unit name (relative names resolved against the issuing body)")
    unit_raw: str = column("the unit as written")
    agency_kind: str | None = column(
        "kind of agency for comparisons across cities (finance, development_reform …; "
        "resources/agencies.csv)",
        category=True,
    )
    unit_level: str | None = column(
        "province, city, district, township or department-internal (a part of a department)",
        category=True,
    )


@dataclass(frozen=True)
class Category(Record):
    """The category of a task (over the task's span)."""

    LABEL = "category"
    task_id: str = column("the task")
    category: str | None = column(
        "task category (decision_disclosure, fiscal, platforms …; pipeline/classify/task_category.py)",
        category=True,
    )


@dataclass(frozen=True)
class Statistic(Record):
    LABEL = "statistic"
    stat_id: str = column("n001… in document order")
    label: str = column("what is counted")
    value: float = column("the figure, numerals converted and 万/亿 applied", "float64")
    unit: str = column("measure word (条, 件, 个, %, 人次, 元 …)", category=True)
    metric: str | None = column("canonical metric id, empty where none fits", category=True)
    approximate: bool = column("the figure was written as approximate (400余份)", "bool")
    parent: str | None = column("stat_id of the figure this one is part of (其中)")
    kind: str = column("reported, target or implied_zero", category=True)


@dataclass(frozen=True)
class ReportCell(Record):
    """A cell of an annual report's template tables."""

    LABEL = "report_cell"
    form: str = column("template form of the annual report: 2019 or 2021", category=True)
    table: str = column(
        "template table: 2 (proactive disclosure), 3 (requests), 4 (reconsiderations and lawsuits)",
        category=True,
    )
    row: str = column(
        "row id (eval/FORMAT.md), the same in both forms where the row means the same", category=True
    )
    col: str = column("column id (eval/FORMAT.md)", category=True)
    value: float = column(
        "the cell's number as written (万元 amounts stay in 万元); 0 for a blank cell", "float64"
    )
    blank: bool = column("the cell was left empty (or written /, -)", "bool")
    row_label_raw: str = column("the row label as written")
    col_label_raw: str = column("the column header as written, where the document has one")


@dataclass(frozen=True)
class ReportCheck(Record):
    """A consistency check of a report's figures (over the cells it reads)."""

    LABEL = "check"
    check: str = column(
        "the identity checked, e.g. t3_total/new_received, t3_balance/total, prose/requests_received",
        category=True,
    )
    expected: float = column("the value the parts add up to (for prose checks: the tables' value)", "float64")
    found: float = column(
        "the value the report states for the whole (for prose checks: the prose figure)", "float64"
    )
    ok: bool = column("expected equals found", "bool")


@dataclass(frozen=True)
class Failure(Record):
    """Something that went wrong with one file."""

    source_path: str = column("the file")
    doc_id: str = column("sha256 of its bytes, first 16 hex characters (empty if unreadable)")
    sha256: str | None = column("sha256 of the file's bytes, all 64 hex characters (empty if unreadable)")
    stage: str = column("the stage that failed (ingest, clean, tasks …)", category=True)
    kind: str = column(
        "error kind (empty_file, not_text, encrypted, damaged_file, unsafe_file …)", category=True
    )
    message: str = column("what went wrong, for a person")
    page: int | None = column("page concerned, where known", "int64")
    time: str = column("when it happened, ISO 8601 UTC", date=True)


@dataclass(frozen=True)
class CorrectionApplied(Record):
    """A line of the corrections file applied to a row of this version."""

    line: int = column("the line of corrections.csv", "int64")
    action: str = column("set, delete or add", category=True)
    table: str = column("the table corrected", category=True)
    doc_id: str = column("the document corrected")
    key: str = column("the row's natural key (JSON), as the line gives it")
    field: str | None = column("the field set or added")
    old: str | None = column("the value before the correction (row: a row deleted)")
    new: str | None = column("the value after it")


RECORD_TYPES: dict[str, type[Record]] = {
    cls.__name__: cls
    for cls in Record.__subclasses__()  # resolves nested fields' annotations
}
SPAN_LABELS: dict[str, type[Record]] = {cls.LABEL: cls for cls in RECORD_TYPES.values() if cls.LABEL}


# ---------------------------------------------------------------------------- tables
@dataclass(frozen=True)
class Table:
    """A dataset table: the columns of its parts in order; a column a later part repeats (a
    `task_id`) is the key the part joins on, not a second column. `primary_key`: columns unique
    in every version. Documents have a row per file; the other tables hold a document's rows
    once per doc_id, however many files have its bytes."""

    name: str
    parts: tuple[type[Record], ...]
    primary_key: tuple[str, ...] = ()

    def columns(self) -> list[Column]:
        seen: dict[str, Column] = {}
        for part in self.parts:
            for col in part.columns():
                seen.setdefault(col.name, col)
        return list(seen.values())


TABLES: tuple[Table, ...] = (
    Table("documents", (DocumentSource, DocumentMeta, DocumentCounts), primary_key=("source_path",)),
    Table("sections", (DocKey, Section, Provenance), primary_key=("doc_id", "section_id")),
    Table("tasks", (DocKey, Task, Category, Provenance), primary_key=("doc_id", "task_id")),
    Table("task_units", (DocKey, Unit, Provenance)),
    Table("statistics", (DocKey, Statistic, Provenance), primary_key=("doc_id", "stat_id")),
    Table("report_cells", (DocKey, ReportCell, Provenance)),
    Table("checks", (DocKey, ReportCheck)),
    Table("failures", (Failure,)),
    Table("corrections_applied", (CorrectionApplied,)),
)
