"""Stage `tasks`: the task items of a work plan, with their units and deadlines as spans.

The plan readers (plan_table for table plans, plan_prose for prose items) turn the document
into TaskDrafts; this stage parses their unit phrases and deadlines and adds one `task` span
per item, one `unit` span per unit mention and one `deadline` span per stated deadline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pipeline.classify.document_type import presents_as_plan, top_headings
from pipeline.config import Config
from pipeline.document import Document
from pipeline.extract import deadlines, units
from pipeline.extract.agencies import UnitContext
from pipeline.extract.deadlines import Deadline
from pipeline.extract.plan_prose import prose_tasks
from pipeline.extract.plan_table import table_tasks
from pipeline.extract.plan_text import Stitched, TaskDraft
from pipeline.extract.units import UnitMention
from pipeline.records import DeadlineValue, DocumentMeta, StatedDeadline, Task, Unit
from pipeline.segment.outline import candidate_lines, sections
from pipeline.stages import stage

log = logging.getLogger(__name__)
STAGE = "tasks"
# a deadline found in the body of a task (not in its own field) counts only if it is a date
BODY_DEADLINE_TYPES = ("date", "year_round")


def plan_drafts(doc: Document) -> list[TaskDraft]:
    """Every task item of the document, table rows and prose items, in document order."""
    ordered = sections(doc)
    lines = [line for line in candidate_lines(doc) if not line.in_table]
    from_tables, taken = table_tasks(doc, ordered, lines)
    row_starts = [row[0].start for table in doc.tables() for row in table.rows if row]
    free = [line for line in lines if line.start not in taken]
    drafts = from_tables + prose_tasks(doc, ordered, free, row_starts)
    return sorted(drafts, key=lambda draft: draft.start)


def stated_deadline(draft: TaskDraft, year: int | None) -> tuple[Deadline, Stitched | None]:
    """The task's deadline and the phrase it was read from: its own field, else a date
    marked as a deadline in its text (年底前, 2021年12月末前)."""
    if draft.deadline is not None and draft.deadline.text.strip():
        found = deadlines.parse_deadline(draft.deadline.text, year, field=True)
        if found.type != "none":
            return found, draft.deadline
    found = deadlines.parse_deadline(draft.text.text, year)
    if found.type in BODY_DEADLINE_TYPES:
        return found, draft.text
    return Deadline("none"), None


@dataclass(frozen=True)
class ParsedTask:
    """A task item with its deadline and units parsed, each placed in the document."""

    draft: TaskDraft
    deadline: Deadline
    deadline_range: tuple[int, int] | None  # where the deadline is written, if it is
    units: list[tuple[UnitMention, tuple[int, int]]]
    attributed: bool  # names its units, or states its deadline in a field of its own


def parse_task(draft: TaskDraft, meta: DocumentMeta) -> ParsedTask:
    deadline, source = stated_deadline(draft, meta.year)
    placed = None
    if source is not None and deadline.end > deadline.start:
        placed = source.doc_range(deadline.start, deadline.end)
    mentions = [
        (mention, phrase.doc_range(mention.start, mention.end))
        for role, phrase in draft.unit_phrases
        for mention in units.parse_units(phrase.text, role, meta.issuing_body)
    ]
    attributed = bool(mentions) or (source is not None and source is draft.deadline)
    return ParsedTask(draft, deadline, placed, mentions, attributed)


def has_attribution(draft: TaskDraft) -> bool:
    """Whether a draft holds a phrase that may name its units or deadline (without one, only its
    body could date it, which outside a plan is no attribution)."""
    return bool(draft.unit_phrases) or draft.deadline is not None


def deadline_value(deadline: Deadline) -> DeadlineValue:
    return DeadlineValue(
        raw=deadline.raw or None,
        type=deadline.type,
        date=deadline.date.isoformat() if deadline.date else None,
        amount=deadline.amount,
        unit=deadline.unit,
    )


def add_task(doc: Document, task: ParsedTask, task_id: str, context: UnitContext) -> None:
    """Add the spans of one task: the task, its deadline and its units."""
    draft, deadline = task.draft, deadline_value(task.deadline)
    record = Task(
        task_id=task_id,
        number=draft.number,
        title=draft.title,
        text=draft.text.text,
        section_path=draft.section_path,
        channel=draft.channel,
        deadline=deadline,
    )
    doc.add(record, draft.start, draft.end, STAGE)
    if task.deadline_range is not None:
        doc.add(StatedDeadline(task_id, deadline), *task.deadline_range, STAGE)
    for mention, (start, end) in task.units:
        kind, level = context.labels(mention)
        unit = Unit(task_id, mention.role, mention.unit, mention.unit_raw, kind, level)
        doc.add(unit, start, end, STAGE)


@stage(STAGE, requires=("canonical_text", "meta", "section"), assigns=("task", "deadline", "unit"))
def tasks(doc: Document, config: Config) -> Document:
    """Add the task items of the document: every numbered item or table row that names its units
    or states its deadline, and where the document presents itself as a plan, its other items too."""
    drafts = plan_drafts(doc)
    plan = presents_as_plan(doc.meta.title, top_headings(doc))
    if not plan:
        drafts = [draft for draft in drafts if has_attribution(draft)]
    parsed = [parse_task(draft, doc.meta) for draft in drafts]
    if not plan:
        parsed = [task for task in parsed if task.attributed]
    context = UnitContext.of(doc.meta, [mention for task in parsed for mention, _ in task.units])
    for index, task in enumerate(parsed, start=1):
        add_task(doc, task, f"t{index:03d}", context)
    log.debug("%s: %d tasks", doc.source_path, len(parsed))
    return doc
