"""Plans written as prose: numbered items followed by labelled lines or closing parentheses.

An item ends with labelled lines (公开载体：… 完成时限：… 责任科室：…) or with a parenthesis
naming its units (（区财政局牵头；区城建局等配合）). One numbered item may hold several
paragraphs, each closed by its own parenthesis: each such paragraph is a task of its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pipeline.document import Document, Span
from pipeline.extract.plan_text import (
    Stitched,
    TaskDraft,
    any_within,
    first_sentence,
    labels,
    plan_terms,
)
from pipeline.extract.units import Role
from pipeline.normalize.fold import compact
from pipeline.records import Section
from pipeline.segment.outline import OutlineLine

LABELLED_LINE = re.compile(r"\s*(?P<label>[^\s:：,，。]{2,8})\s*[:：]\s*(?P<value>.*?)\s*$")
UNIT_ROLES: dict[str, Role] = {"lead": "lead", "responsible": "responsible", "cooperating": "cooperating"}
OPENING, CLOSING = "（(〔【[", "）)〕】]"
TRAILING = " \t。.;；"


@dataclass
class Label:
    """A labelled line: its field and where its value lies in the document."""

    field: str
    start: int
    end: int


def parse_label(line: OutlineLine) -> Label | None:
    """The labelled line `line` is (责任科室：…, typos such as 责责任科室 allowed), or None."""
    match = LABELLED_LINE.match(line.text)
    if match is None:
        return None
    label = match.group("label")
    found = next((f for word, f in labels("line") if label.endswith(word)), None)
    if found is None:
        return None
    return Label(found, line.start + match.start("value"), line.start + match.end("value"))


def closing_parenthesis(text: str) -> tuple[int, int] | None:
    """(start, end) of the content of the parenthesis that closes `text`, nested ones allowed."""
    end = len(text.rstrip(TRAILING))
    if end == 0 or text[end - 1] not in CLOSING:
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        if text[i] in CLOSING:
            depth += 1
        elif text[i] in OPENING:
            depth -= 1
            if depth == 0:
                return i + 1, end - 1
    return None


def attribution(text: str) -> tuple[int, int] | None:
    """The closing parenthesis of `text` if it names who does the item, not a citation."""
    found = closing_parenthesis(text)
    if found is None:
        return None
    content = text[found[0] : found[1]]
    if any(word in content for word in plan_terms("not_attribution")):
        return None
    return found if any(word in content for word in plan_terms("attribution")) else None


@dataclass
class Group:
    """The lines of one task inside an item."""

    lines: list[OutlineLine] = field(default_factory=list)
    closing: OutlineLine | None = None  # the line whose parenthesis names the units

    @property
    def attributed(self) -> bool:
        return self.closing is not None or any(parse_label(line) for line in self.lines)


def split_groups(lines: list[OutlineLine]) -> list[Group]:
    """An item's lines cut after each line that ends with an attribution parenthesis."""
    groups = [Group()]
    for line in lines:
        if groups[-1].closing is not None:
            groups.append(Group())
        groups[-1].lines.append(line)
        if attribution(line.text) is not None:
            groups[-1].closing = line
    merged = groups[:1]
    for group in groups[1:]:
        if group.attributed:
            merged.append(group)
        else:
            merged[-1].lines.extend(group.lines)
    return merged


def leaf_items(
    doc: Document, sections: list[Span[Section]], lines: list[OutlineLine], row_starts: list[int]
) -> list[tuple[Span[Section], list[OutlineLine]]]:
    """Each leaf heading with the lines of its item (up to the next heading), tables left out."""
    parents = {span.record.parent_id for span in sections}
    bounds = [span.start for span in sections[1:]] + [len(doc.text)] if sections else []
    starts = [line.start for line in lines]
    rows = sorted(row_starts)
    items = []
    for span, end in zip(sections, bounds, strict=True):
        if span.record.section_id in parents or any_within(rows, span.start, end):
            continue
        first = max(bisect.bisect_right(starts, span.start) - 1, 0)  # the line holding the heading
        last = bisect.bisect_left(starts, end)
        items.append((span, [line for line in lines[first:last] if line_end(line) > span.start]))
    return items


def line_end(line: OutlineLine) -> int:
    return line.start + len(line.text)


def is_arrangement(span: Span[Section], by_id: dict[str, Span[Section]]) -> bool:
    """Whether the heading or one above it names arrangements (保障措施) rather than tasks."""
    words = plan_terms("non_task_section")
    current: Span[Section] | None = span
    while current is not None:
        if any(word in current.record.title for word in words):
            return True
        current = by_id.get(current.record.parent_id or "")
    return False


def prose_tasks(
    doc: Document, sections: list[Span[Section]], lines: list[OutlineLine], row_starts: list[int]
) -> list[TaskDraft]:
    """The tasks written as prose items under the document's leaf headings (outside tables)."""
    by_id = {span.record.section_id: span for span in sections}
    drafts = []
    for span, item in leaf_items(doc, sections, lines, row_starts):
        parent = by_id.get(span.record.parent_id or "")
        path = parent.record.path if parent else None
        for index, group in enumerate(split_groups(item)):
            if not group.lines or not keeps(doc, span, group, by_id):
                continue
            first = group.lines[0]
            if index:
                drafts.append(group_draft(doc, group, None, first_sentence(first.text), path))
            else:
                drafts.append(
                    group_draft(
                        doc,
                        group,
                        span.record.number,
                        compact(span.record.title, keep_ascii_spaces=True),
                        path,
                    )
                )
    return drafts


def keeps(doc: Document, span: Span[Section], group: Group, by_id: dict[str, Span[Section]]) -> bool:
    """A group is a task if it names its units, or, outside 保障措施, is an item below the top
    level or a top-level heading that runs on into its body (一、加强…。及时公开…)."""
    if group.attributed:
        return True
    if is_arrangement(span, by_id):
        return False
    return span.record.level >= 2 or runs_on(doc, span)


def runs_on(doc: Document, span: Span[Section]) -> bool:
    """Whether the heading's line goes on after the full stop that ends its title."""
    rest = doc.text[span.end :].split("\n", 1)[0]
    return rest.startswith("。") and bool(rest[1:].strip())


def group_draft(doc: Document, group: Group, number: str | None, title: str, path: str | None) -> TaskDraft:
    """The TaskDraft of one group of lines."""
    text = Stitched()
    for line in group.lines:
        text.add(doc, line.start, line_end(line), "\n")
    draft = TaskDraft(
        start=group.lines[0].start,
        end=line_end(group.lines[-1]),
        number=number,
        title=title,
        text=text,
        section_path=path,
    )
    for line in group.lines:
        add_label(doc, draft, parse_label(line))
    closing = group.closing
    found = attribution(closing.text) if closing is not None else None
    if closing is not None and found is not None:
        draft.attribution = Stitched().add(doc, closing.start + found[0], closing.start + found[1])
    return draft


def add_label(doc: Document, draft: TaskDraft, label: Label | None) -> None:
    """Put a labelled line's value where it belongs in the draft."""
    if label is None or label.start >= label.end:
        return
    value = Stitched().add(doc, label.start, label.end)
    if label.field in UNIT_ROLES:
        draft.unit_phrases.append((UNIT_ROLES[label.field], value))
    elif label.field == "deadline":
        draft.deadline = value
    elif label.field == "channel":
        draft.channel = value.text
