"""Stage `tasks`: the task items of a work plan, with their units and deadlines as spans.

The plan readers (plan_table for table plans, plan_prose for prose items) turn the document
into TaskDrafts; this stage parses their unit phrases and deadlines and adds one `task` span
per item, one `unit` span per unit mention and one `deadline` span per stated deadline.
"""

from __future__ import annotations

import logging

from pipeline.config import Config
from pipeline.document import Document
from pipeline.extract import deadlines, units
from pipeline.extract.agencies import label_units
from pipeline.extract.deadlines import Deadline
from pipeline.extract.plan_prose import prose_tasks
from pipeline.extract.plan_table import table_tasks
from pipeline.extract.plan_text import Stitched, TaskDraft
from pipeline.extract.units import Role
from pipeline.segment.outline import candidate_lines, sections
from pipeline.stages import stage

log = logging.getLogger(__name__)
STAGE = "tasks"
PLAN_TYPES = (None, "work_plan")  # None: the document type is not known yet
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
    """The task's deadline and the phrase it was read from: its own field, else its
    parenthesis, else a date marked as a deadline in its text (年底前, 2021年12月末前)."""
    for phrase, field in ((draft.deadline, True), (draft.attribution, False)):
        if phrase is not None and phrase.text.strip():
            found = deadlines.parse_deadline(phrase.text, year, field=field)
            if found.type != "none":
                return found, phrase
    found = deadlines.parse_deadline(draft.text.text, year)
    if found.type in BODY_DEADLINE_TYPES:
        return found, draft.text
    return Deadline("none"), None


def unit_phrases(
    draft: TaskDraft, deadline: Deadline, source: Stitched | None
) -> list[tuple[Role, Stitched]]:
    """The phrases naming the task's units; a deadline inside its parenthesis is left out."""
    phrases: list[tuple[Role, Stitched]] = list(draft.unit_phrases)
    if draft.attribution is not None:
        phrase = draft.attribution
        if source is phrase and deadline.end > deadline.start:
            phrase = phrase.blanked(deadline.start, deadline.end)
        phrases.append(("responsible", phrase))
    return phrases


def add_task(doc: Document, draft: TaskDraft, task_id: str) -> None:
    """Add the spans of one task: the task, its units and its deadline."""
    year = doc.meta.get("year")
    deadline, source = stated_deadline(draft, year)
    doc.add_span(
        "task",
        draft.start,
        draft.end,
        STAGE,
        task_id=task_id,
        number=draft.number,
        title=draft.title,
        text=draft.text.text,
        section_path=draft.section_path,
        channel=draft.channel,
        **deadline_attrs(deadline),
    )
    if source is not None and deadline.end > deadline.start:
        start, end = source.doc_range(deadline.start, deadline.end)
        doc.add_span("deadline", start, end, STAGE, task_id=task_id, **deadline_attrs(deadline))
    for role, phrase in unit_phrases(draft, deadline, source):
        for mention in units.parse_units(phrase.text, role, doc.meta.get("issuing_body")):
            start, end = phrase.doc_range(mention.start, mention.end)
            doc.add_span(
                "unit",
                start,
                end,
                STAGE,
                task_id=task_id,
                role=mention.role,
                unit_raw=mention.unit_raw,
                unit=mention.unit,
            )


def deadline_attrs(deadline: Deadline) -> dict[str, object]:
    return {
        "deadline_raw": deadline.raw or None,
        "deadline_type": deadline.type,
        "deadline_date": deadline.date.isoformat() if deadline.date else None,
        "deadline_amount": deadline.amount,
        "deadline_unit": deadline.unit,
    }


@stage(STAGE)
def tasks(doc: Document, config: Config) -> Document:
    """Add the task items of a work plan (every document while its type is unknown)."""
    if doc.meta.get("doc_type") not in PLAN_TYPES:
        return doc
    drafts = plan_drafts(doc)
    for index, draft in enumerate(drafts, start=1):
        add_task(doc, draft, f"t{index:03d}")
    label_units(doc, doc.spans_of("unit"))
    log.debug("%s: %d tasks", doc.source_path, len(drafts))
    return doc
