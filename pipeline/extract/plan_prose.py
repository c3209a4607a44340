"""Plans written as prose: numbered items, each with the units that do it and its deadline.

An item states them in one of these forms (role words: resources/unit_roles.csv, labels:
resources/task_labels.csv):
- labelled lines after it, in any order: 责任单位：… 配合单位：… 完成时限：… 公开载体：…
- a closing parenthesis: （区财政局牵头；区城建局等配合） 〔牵头单位：…；完成时限：…〕
  【责任单位：…】 （市财政局牵头，6月底前完成） （区政府各部门）
- closing sentences: 市财政局牵头，市税务局配合。 由市司法局负责。 年底前完成。
  责任单位：市政府办公室。完成时限：2023年6月底前。
One numbered item may hold several paragraphs, each closed by its own units: each such
paragraph is a task of its own. Words are read in the folded text (責任單位 as 责任单位);
what is kept is the text as written.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from pipeline.document import Document, Span
from pipeline.extract import deadlines
from pipeline.extract.plan_text import (
    Stitched,
    TaskDraft,
    any_within,
    first_sentence,
    labels,
    plan_terms,
)
from pipeline.extract.units import Role, is_unit_statement
from pipeline.normalize.fold import compact, fold, fold_chars
from pipeline.records import Section
from pipeline.segment.outline import OutlineLine

UNIT_FIELDS: dict[str, Role] = {"lead": "lead", "responsible": "responsible", "cooperating": "cooperating"}
OPENING, CLOSING = "（(〔【[", "）)〕】]"
TRAILING = " \t。.;；"
SENTENCE_END = "。"
LINE_END = "。）)〕】]!！?？"  # a line ending in one of these ends its sentence
CLAUSE_END = re.compile(r"[,，]")
CLAUSE_CUT = re.compile(r"[,，;；]")
LABEL_PREFIX = r"[^\s:：,，;；。()（）\[\]【】〔〕]{0,4}?"  # a typo before the label word: 责责任科室


@dataclass(frozen=True)
class Field:
    """A stated field of a task: units of a role (lead, responsible, cooperating), its deadline
    or its channel, written at [start, end) of the text it was read from."""

    name: str
    start: int
    end: int


@functools.cache
def label_fields() -> dict[str, str]:
    """Label words of labelled lines (责任单位, 完成时限 …) and the field each names."""
    found: dict[str, str] = {}
    for word, name in labels("line"):
        found.setdefault(fold(word), name)
    return found


@functools.cache
def label_pattern() -> re.Pattern[str]:
    """A label at the start of a part: its word, maybe after a typo, and a colon."""
    words = "|".join(map(re.escape, sorted(label_fields(), key=len, reverse=True)))
    return re.compile(rf"\s*{LABEL_PREFIX}(?P<word>{words})\s*[:：]\s*")


@functools.cache
def part_end_pattern() -> re.Pattern[str]:
    """Where a part of an attribution ends: a ；/。, or a space before the next label."""
    words = "|".join(map(re.escape, sorted(label_fields(), key=len, reverse=True)))
    return re.compile(rf"[;；。]|\s+(?=(?:{words})\s*[:：])")


@functools.cache
def deadline_verbs() -> re.Pattern[str]:
    """What may stand beside a deadline in a clause that states nothing else (完成, 推进)."""
    words = "|".join(map(re.escape, sorted(plan_terms("deadline_verb"), key=len, reverse=True)))
    return re.compile(rf"\s*(?:{words})?\s*")


BY_DATE = re.compile("前|底|末|以内|之内")


def is_deadline_clause(text: str) -> bool:
    """Whether `text` states a deadline and nothing else (年底前完成, 全年推进, 持续推进)."""
    found = deadlines.parse_deadline(text, None, field=True)
    if found.type == "none":
        return False
    rest = text[: found.start] + " " + text[found.end :]
    if found.type == "date" and not rest.strip() and not BY_DATE.search(found.raw):
        return False  # a date alone on its line (the day a document was signed) sets no deadline
    return deadline_verbs().fullmatch(rest) is not None


def split_at(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text[start:end]` cut at every match of `pattern`, pieces of only spaces dropped."""
    pieces = []
    for match in pattern.finditer(text, start, end):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def read_fields(folded: str, start: int, end: int, strict: bool) -> list[Field] | None:
    """The fields stated in `folded[start:end]` (a parenthesis, a labelled line, a sentence).

    Each part (cut at ；/。) is a labelled value or a list of clauses (cut at ，): a clause that
    states only a deadline is the deadline, the others name units (default role: responsible).
    `strict` (a sentence of running text): None unless every unlabelled stretch of units is
    complete unit names with role words.
    """
    fields: list[Field] = []
    for part_start, part_end in split_at(part_end_pattern(), folded, start, end):
        label = label_pattern().match(folded, part_start, part_end)
        name = label_fields()[label.group("word")] if label else "responsible"
        value_start = label.end() if label else part_start
        if name not in UNIT_FIELDS:
            fields.append(Field(name, value_start, part_end))
            continue
        for stretch_start, stretch_end, is_deadline in stretches(folded, value_start, part_end):
            text = folded[stretch_start:stretch_end]
            if is_deadline:
                fields.append(Field("deadline", stretch_start, stretch_end))
            elif strict and label is None and not is_unit_statement(text):
                return None
            else:
                fields.append(Field(name, stretch_start, stretch_end))
    return fields


def stretches(folded: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """`folded[start:end]` as runs of clauses: (start, end, states only a deadline)."""
    runs: list[tuple[int, int, bool]] = []
    for clause_start, clause_end in split_at(CLAUSE_END, folded, start, end):
        is_deadline = is_deadline_clause(folded[clause_start:clause_end])
        if runs and not is_deadline and not runs[-1][2]:
            runs[-1] = (runs[-1][0], clause_end, False)
        else:
            runs.append((clause_start, clause_end, is_deadline))
    return runs


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
    content = fold(text[found[0] : found[1]])
    if any(word in content for word in plan_terms("not_attribution")):
        return None
    names = label_pattern().match(content) or any(word in content for word in plan_terms("attribution"))
    return found if names else None


def labelled_line(folded: str) -> list[Field] | None:
    """The fields of a line that starts with a label (责任单位：…；完成时限：…), else None."""
    if not label_pattern().match(folded):
        return None
    return read_fields(folded, 0, len(folded), strict=False)


def closing_fields(folded: str, title_start: int, title_end: int) -> list[Field]:
    """The fields that close a paragraph, read back from its end: parentheses naming units or a
    deadline (（区财政局牵头）（完成时限：6月底前）), sentences that state only units and deadlines
    (由市司法局负责。年底前完成。) and the closing clauses of the sentence before them (…，由市财政局
    负责，年底前完成。). Parentheses are read after the title's start (1.加强…（区财政局负责）),
    sentences after its end."""
    found: list[Field] = []
    end = len(folded.rstrip(TRAILING))
    while end > title_start:
        parenthesis = attribution(folded[:end])
        if parenthesis is not None and parenthesis[0] > title_start:
            found = (read_fields(folded, *parenthesis, strict=False) or []) + found
            end = len(folded[: parenthesis[0] - 1].rstrip(TRAILING))
            continue
        sentence_start = max(folded.rfind(SENTENCE_END, 0, end) + 1, title_end)
        fields, start = closing_clauses(folded, sentence_start, end)
        found = fields + found
        if start > sentence_start or sentence_start == title_end:
            break
        end = len(folded[:start].rstrip(TRAILING))
    return found


def closing_clauses(folded: str, start: int, end: int) -> tuple[list[Field], int]:
    """The fields of the longest run of clauses closing `folded[start:end]` that states only
    units and deadlines, and where that run starts (`end` when there is none)."""
    cuts = [start] + [match.end() for match in CLAUSE_CUT.finditer(folded, start, end)]
    best: list[Field] = []
    best_start = end
    for cut in reversed(cuts):
        fields = read_fields(folded, cut, end, strict=True)
        if not fields:
            break
        best, best_start = fields, cut
    return best, best_start


def has_units(fields: list[Field]) -> bool:
    return any(f.name in UNIT_FIELDS for f in fields)


def paragraphs(lines: list[OutlineLine]) -> list[list[OutlineLine]]:
    """Lines joined where a sentence runs on over a line break: after a line that ends with
    no full stop or closing bracket, before one that starts with no label (unless a bracket
    is still open: 〔牵头单位：…；\n完成时限：…〕)."""
    found: list[list[OutlineLine]] = []
    for line in lines:
        before = "".join(previous.text for previous in found[-1]) if found else ""
        runs_on = bool(before) and not before.rstrip().endswith(tuple(LINE_END))
        if runs_on and (open_brackets(before) > 0 or not label_pattern().match(fold_chars(line.text))):
            found[-1].append(line)
        else:
            found.append([line])
    return found


def open_brackets(text: str) -> int:
    return sum(text.count(char) for char in OPENING) - sum(text.count(char) for char in CLOSING)


def joined(doc: Document, lines: list[OutlineLine]) -> Stitched:
    text = Stitched()
    for line in lines:
        text.add(doc, line.start, line_end(line), "\n")
    return text


def paragraph_fields(text: Stitched, heading: Span[Section]) -> tuple[list[Field], bool]:
    """The fields a paragraph of the item under `heading` states (placed in the document) and
    whether it is labelled lines."""
    folded = fold_chars(text.text)
    fields = labelled_line(folded)
    labelled = fields is not None
    if fields is None:
        title_start = bisect.bisect_left(text.offsets, heading.end - len(heading.record.title))
        fields = closing_fields(folded, title_start, bisect.bisect_left(text.offsets, heading.end))
    placed = [Field(f.name, *text.doc_range(f.start, f.end)) for f in fields if f.start < f.end]
    return placed, labelled


@dataclass
class Group:
    """The lines of one task inside an item, with the fields they state."""

    lines: list[OutlineLine] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    closed: bool = False  # a closing parenthesis or sentence named its units
    labelled: bool = False  # it has labelled lines


def split_groups(doc: Document, lines: list[OutlineLine], heading: Span[Section]) -> list[Group]:
    """An item's paragraphs cut into tasks: after each one closed by its units, and where a
    paragraph follows labelled lines. A part that names no units stays with the one before."""
    groups = [Group()]
    for paragraph in paragraphs(lines):
        fields, labelled = paragraph_fields(joined(doc, paragraph), heading)
        if groups[-1].closed or (groups[-1].labelled and not labelled):
            groups.append(Group())
        group = groups[-1]
        group.lines += paragraph
        group.fields += fields
        group.closed = not labelled and has_units(fields)
        group.labelled = group.labelled or labelled
    merged = groups[:1]
    for group in groups[1:]:
        if has_units(group.fields):
            merged.append(group)
        else:
            merged[-1].lines.extend(group.lines)
            merged[-1].fields.extend(group.fields)
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
    """Whether the heading or one above it names arrangements (总体要求, 保障措施) rather than
    tasks; a heading above it that names tasks (二、工作目标和主要任务) ends the search."""
    current: Span[Section] | None = span
    while current is not None:
        title = fold(current.record.title)
        if current is not span and any(word in title for word in plan_terms("task_section")):
            return False
        if any(word in title for word in plan_terms("non_task_section")):
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
        for index, group in enumerate(split_groups(doc, item, span)):
            if not group.lines or not keeps(doc, span, group, by_id):
                continue
            if index:  # a later paragraph of the item: titled by its first sentence
                number, title = None, first_sentence(group.lines[0].text)
            else:
                number, title = span.record.number, heading_title(span.record.title)
            drafts.append(group_draft(doc, group, number, title, path))
    return drafts


def heading_title(title: str) -> str:
    """An item's title without the parenthesis naming its units (加强预算公开（市财政局牵头）)."""
    found = attribution(title)
    if found is not None:
        title = title[: found[0] - 1].rstrip(TRAILING)
    return compact(title, keep_ascii_spaces=True)


def keeps(doc: Document, span: Span[Section], group: Group, by_id: dict[str, Span[Section]]) -> bool:
    """A group is a task if it states its units or deadline, or, outside 保障措施, is an item
    below the top level or a top-level heading that runs on into its body (一、加强…。及时公开…)."""
    if group.fields:
        return True
    if is_arrangement(span, by_id):
        return False
    return span.record.level >= 2 or runs_on(doc, span)


def runs_on(doc: Document, span: Span[Section]) -> bool:
    """Whether the heading's line goes on after the full stop that ends its title."""
    rest = doc.text[span.end :].split("\n", 1)[0]
    return rest.startswith("。") and bool(rest[1:].strip())


def group_draft(doc: Document, group: Group, number: str | None, title: str, path: str | None) -> TaskDraft:
    """The TaskDraft of one group of lines: its text and the fields its lines state."""
    text = joined(doc, group.lines)
    draft = TaskDraft(
        start=group.lines[0].start,
        end=line_end(group.lines[-1]),
        number=number,
        title=title,
        text=text,
        section_path=path,
    )
    for found in group.fields:
        add_field(doc, draft, found)
    return draft


def add_field(doc: Document, draft: TaskDraft, found: Field) -> None:
    """Put a stated field where it belongs in the draft (the first deadline and channel win)."""
    start, end = trimmed(doc.text, found.start, found.end)
    if start >= end:
        return
    value = Stitched().add(doc, start, end)
    if found.name in UNIT_FIELDS:
        draft.unit_phrases.append((UNIT_FIELDS[found.name], value))
    elif found.name == "deadline" and draft.deadline is None:
        draft.deadline = value
    elif found.name == "channel" and draft.channel is None:
        draft.channel = value.text


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the spaces and punctuation around the value."""
    while start < end and text[start] in TRAILING + "，,":
        start += 1
    while end > start and text[end - 1] in TRAILING + "，,":
        end -= 1
    return start, end
