"""Stage `statistics`: the figures a document reports in its prose, as labelled spans.

Each span covers a figure with what it counts and holds a `records.Statistic`: its stat_id
("n001"…, in text order), label, value, unit (measure word), metric (canonical id or None),
approximate, parent (the stat_id of the figure a 其中 part belongs to) and kind (reported |
target | implied_zero). Figures inside table cells are left to the table stage. Figures are
found in the folded text (traditional characters simplified); labels keep the characters written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipeline.config import Config
from pipeline.document import Document
from pipeline.normalize.fold import PINYIN_GLOSS, compact, fold_chars, fold_width
from pipeline.normalize.numerals import (
    ARABIC,
    CHINESE,
    CHINESE_NUMERAL_CHARS,
    SCALE_PATTERN,
    parse_number,
)
from pipeline.records import Statistic
from pipeline.stages import stage
from pipeline.vocab import read_table, read_words

STAGE = "statistics"
# ends a clause: a label never reaches back over one of these (a closed "(…)" is part of it)
CLAUSE_END = ",;:。!?()[]【】\n\t"
# ends what a figure's trailing words can add to its label
AFTER_END = CLAUSE_END + "、"
SENTENCE_END = "。;!?\n"
# figures counted in the same kind of thing; a part must share its parent's group
UNIT_GROUPS = ({"条", "件", "个", "项", "篇", "份", "类", "种", "本", "册", "套"}, {"人", "人次", "名", "位"})
SHORT_LABEL = 4  # labels of at most this many characters rarely name what is counted
ZERO_REACH = 40  # how far after 没有发生 the things said not to have happened may reach
QUOTED_TERM = 8  # a quotation this short around a number is a name (“两个确立”), not a report
RANGE_AFTER = re.compile(r" ?[-~～至到] ?[0-9]")
RANGE_BEFORE = re.compile(r"[0-9] ?[-~～至到] ?$")
NEGATION = re.compile("没有|未|无")
NAMED = re.compile("(《[^》]*》|“[^”]*”)")  # a title or quotation: a name, never cut
MANNER_WORD = 2  # 按期办结率: a rate or amount with a word this long before it names no thing
BARE_ONE = {"一", "壹"}  # 一次, 一名, 一件事: a lone 一 is wording, not a count
LIST_REACH = 60  # how far back the items a figure counts may start
LIST_SEPARATOR = re.compile("[、和及与]")
KIND_UNITS = {"类", "种", "个", "项"}  # measure words that count kinds of thing, as a list does
NOTE_BREAK = re.compile(r"[,;:。!?\d(]")  # a bracket holding one of these is no note on a name


@dataclass(frozen=True)
class MetricRule:
    metric: str
    pattern: re.Pattern[str]
    units: tuple[str, ...]


@dataclass
class Figure:
    """A figure found in the text, before it becomes a span."""

    start: int
    end: int
    label: str
    value: int | float
    unit: str
    approximate: bool = False
    kind: str = "reported"
    metric: str | None = None
    parent: Figure | None = None


# ---------------------------------------------------------------------------- vocabulary


@cache
def stat_words(kind: str) -> tuple[str, ...]:
    """The patterns of one kind in stat_words.csv, in file order."""
    return tuple(row["pattern"] for row in read_table("stat_words.csv") if row["kind"] == kind)


@cache
def words_regex(kind: str, anchor: str = "") -> re.Pattern[str]:
    """One regex matching any pattern of `kind`; anchor '^' or '$' pins it to an end."""
    alternatives = "|".join(f"(?:{p})" for p in stat_words(kind))
    return re.compile(
        f"^(?:{alternatives})" if anchor == "^" else f"(?:{alternatives})$" if anchor else alternatives
    )


@cache
def verb_run() -> re.Pattern[str]:
    """A verb of stat_words.csv with the word joining it to the words before (共制作并发布)."""
    verbs = "|".join(sorted(stat_words("verb"), key=len, reverse=True))
    return re.compile(f"[共并已及和]?(?:{verbs})")


@cache
def metric_rules() -> tuple[MetricRule, ...]:
    return tuple(
        MetricRule(row["metric"], re.compile(row["pattern"]), tuple(row["units"].split()))
        for row in read_table("metrics.csv")
    )


@cache
def figure_regex() -> re.Pattern[str]:
    """A number, an optional 万/亿 scale and approximation word, and a measure word."""
    units = "|".join(re.escape(u) for u in sorted(read_words("measure_words.txt"), key=len, reverse=True))
    approx = "|".join(stat_words("approx_after"))
    return re.compile(
        rf"(?P<number>(?<![0-9A-Za-z.\-/])(?:{ARABIC})(?:{SCALE_PATTERN})?|(?<![{CHINESE_NUMERAL_CHARS}]){CHINESE})"
        rf" ?(?P<approx>{approx})? ?(?P<unit>{units})(?P<after>左右)?"
    )


def metric_for(label: str, unit: str) -> str | None:
    """The canonical metric a label counted in `unit` stands for, or None."""
    for rule in metric_rules():
        if unit in rule.units and rule.pattern.search(label):
            return rule.metric
    return None


# ---------------------------------------------------------------------------- text helpers


def strip_fillers(label: str) -> tuple[str, bool]:
    """`label` without leading and trailing filler words; True when a trailing one means ≈."""
    lead, trail, approx = words_regex("lead_filler", "^"), words_regex("trail_filler", "$"), False
    approx_re = words_regex("approx_before", "$")
    label = words_regex("example_list").sub("", label)
    previous = None
    while previous != label:
        previous = label
        label = lead.sub("", label.lstrip("、 的"), count=1)
        if match := approx_re.search(label):
            approx, label = True, label[: match.start()]
        label = trail.sub("", label.rstrip("、 "), count=1)
    return label, approx


def clause_start(text: str, start: int, end: int) -> int:
    """Where the clause ending at `end` begins (not before `start`), reading "(PPP)" as part of it."""
    i = end - 1
    while i >= start:
        if text[i] == ")" and (opening := text.rfind("(", start, i)) >= 0:
            i = opening - 1
        elif text[i] in CLAUSE_END:
            return i + 1
        else:
            i -= 1
    return start


def first_index_of(text: str, chars: str, start: int, end: int) -> int:
    """The index of the first of `chars` in text[start:end], or `end`."""
    found = [i for c in chars if (i := text.find(c, start, end)) >= 0]
    return min(found, default=end)


def prose_regions(doc: Document) -> list[tuple[int, int]]:
    """The stretches of text outside table cells, one per block (the whole text without blocks)."""
    if not doc.blocks:
        return [(0, len(doc.text))]
    return [(b.start, b.end) for b in doc.blocks if b.kind != "table_cell" and b.end > b.start]


def in_numeral_term(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is part of a name or slogan such as 十三五 or 三公经费."""
    window_start = max(0, start - 6)
    return any(
        m.start() < end and m.end() > start
        for m in words_regex("numeral_term").finditer(text, window_start, min(len(text), end + 6))
    )


def in_short_quote(text: str, start: int, end: int) -> bool:
    """True when text[start:end] sits inside a short quoted term such as “两个确立”."""
    opening = text.rfind("“", max(0, start - QUOTED_TERM), start)
    closing = text.find("”", end, end + QUOTED_TERM)
    return opening >= 0 and closing >= 0 and "”" not in text[opening:start] and "“" not in text[end:closing]


def in_range(text: str, start: int, end: int) -> bool:
    """True for either end of a range such as 3万元-5万元 or 3至5人: an amount allowed, not reported."""
    return bool(RANGE_AFTER.match(text, end) or RANGE_BEFORE.search(text, max(0, start - 4), start))


def is_excluded(text: str, match: re.Match[str]) -> bool:
    """True for numbers that are not counts: ordinals, a lone 一, terms, ranges, time limits, read counts."""
    start, end = match.span()
    if match.group("number") in BARE_ONE or text[:start].rstrip().endswith("第"):
        return True
    if in_numeral_term(text, start, end) or in_short_quote(text, start, end) or in_range(text, start, end):
        return True
    if words_regex("not_label", "$").search(text[max(0, start - 8) : start].rstrip()):
        return True
    if words_regex("threshold", "^").search(text[end : end + 4]) or counts_list_before(text, match):
        return True
    return any(text.startswith(word, match.start("unit")) for word in stat_words("unit_veto"))


def counts_list_before(text: str, match: re.Match[str]) -> bool:
    """True when the figure counts the kinds of thing listed just before it (分为主动公开、
    依申请公开和免于公开三类; 紧扣“甲、乙、丙”三个关键): a list, not a report."""
    value = number_value(match.group("number"))
    if match.group("unit") not in KIND_UNITS:
        return False
    head = text[max(0, match.start() - LIST_REACH) : match.start()].removesuffix("等")
    if head.endswith("”") and "“" in head:
        listed = head[head.rindex("“") + 1 : -1]
    else:
        listed = head[clause_start(head, 0, len(head)) :]
    items = [item for item in LIST_SEPARATOR.split(listed) if item.strip()]
    return len(items) >= 2 and len(items) == value


# ---------------------------------------------------------------------------- finding figures


def figures_in(text: str, start: int, end: int, in_plan: bool) -> Iterator[Figure]:
    """The figures in text[start:end], each with its label (figures without one are dropped)."""
    previous_end = start
    list_lead: tuple[str, int] | None = None  # the label before a figure and where its words end
    matches = [m for m in figure_regex().finditer(text, start, end) if not is_excluded(text, m)]
    for i, match in enumerate(matches):
        next_start = matches[i + 1].start() if i + 1 < len(matches) else end
        begin = clause_start(text, previous_end, match.start())
        previous_end = match.end()
        before, approx = strip_fillers(compact(text[begin : match.start()]))
        if list_lead is not None and only_separator(text, list_lead[1], match.start()):
            before, begin = list_lead[0], list_lead[1] + 1  # a list item: its lead is the list's
        after_end = words_after_end(text, match.end(), next_start)
        after = compact(text[match.end() : after_end]).lstrip("的")
        list_lead = (before, after_end) if after else None
        label, span_end = before, match.end()
        if after and not words_regex("after_stop", "^").search(after):
            label, span_end = before + after, after_end
        value = number_value(match.group("number"))
        if not label or value is None:
            continue
        is_target = in_plan or bool(words_regex("target_marker").search(text, begin, match.start()))
        yield Figure(
            start=skip_spaces(text, begin),
            end=span_end,
            label=label,
            value=value,
            unit=match.group("unit"),
            approximate=approx or bool(match.group("approx") or match.group("after")),
            kind="target" if is_target else "reported",
        )


def words_after_end(text: str, start: int, limit: int) -> int:
    """Where the words naming what a figure counts end: at a clause end or 、, a note in brackets
    right after them read as part of them (22个乡镇(开发区)、)."""
    i = start
    while i < limit:
        closing = text.find(")", i, limit) if text[i] == "(" and i > start else -1
        if closing > 0 and not NOTE_BREAK.search(text, i + 1, closing):
            i = closing + 1
        elif text[i] in AFTER_END:
            return i
        else:
            i += 1
    return limit


def only_separator(text: str, at: int, start: int) -> bool:
    """True when text[at:start] is a 、 alone (spaces aside): the next item of a list."""
    return text[at:start].strip() == "、"


def number_value(number: str) -> int | float | None:
    """The value of a written number, or None for a run of numerals that is no number (三五)."""
    try:
        return parse_number(number)
    except ValueError:
        return None


def skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index] in " 、":
        index += 1
    return index


def complete_short_labels(stats: list[Figure], text: str) -> None:
    """Give labels too short to name a thing what the sentence around them says.

    A bare verb takes the object of the figure before it when both count the same kind of
    thing ("主办市政协委员提案2件、协办10件": 协办 → 协办市政协委员提案); a bare verb or a
    rate or amount (办结率, 观看量) takes the topic of the sentence's first figure, its label
    without verbs ("共受理各类服务事项144350件,办结率100%": 各类服务事项办结率); any other short
    label takes the clause before it when that clause reports no figure of its own
    ("设置“营商环境专栏”,公开信息29条").
    """
    for i, stat in enumerate(stats):
        if stat.start == 0 or (len(stat.label) > SHORT_LABEL and not names_no_thing(stat.label)):
            continue
        previous = stats[i - 1] if i else None
        if previous and (shared := shared_object(previous, stat, text)):
            stat.label += shared
            continue
        first = first_in_sentence(stats[:i], stat, text)
        if first and names_no_thing(stat.label) and (topic := without_verbs(first.label)):
            stat.label = topic + stat.label
            continue
        context_start = clause_start(text, max(0, stat.start - 80), stat.start - 1)
        if text[stat.start - 1] in SENTENCE_END or (previous and previous.end > context_start):
            continue
        context, _ = strip_fillers(compact(text[context_start : stat.start - 1]))
        stat.label = context + stat.label


def names_no_thing(label: str) -> bool:
    """True for a label that is a verb alone or a rate or amount with at most a word of manner
    (办结率, 按期办结率, 观看量)."""
    rest = without_verbs(label)
    quantity = words_regex("quantity_noun", "$").search(rest)
    return label in stat_words("verb") or (quantity is not None and quantity.start() <= MANNER_WORD)


def first_in_sentence(before: list[Figure], stat: Figure, text: str) -> Figure | None:
    """The first of the figures `before` `stat` that are in its sentence."""
    same = [f for f in before if first_index_of(text, SENTENCE_END, f.end, stat.start) == stat.start]
    return same[0] if same else None


def without_verbs(label: str) -> str:
    """`label` without its verbs and the words joining them, titles and quotations kept whole:
    what the figure is about."""
    return "".join(
        piece if NAMED.fullmatch(piece) else verb_run().sub("", piece) for piece in NAMED.split(label)
    )


def shared_object(previous: Figure, stat: Figure, text: str) -> str:
    """The object of `previous` ("主办|市政协委员提案") when `stat` is labelled by a verb alone
    in the same sentence and counts in the same measure word; else ''."""
    verbs = stat_words("verb")
    same_sentence = first_index_of(text, SENTENCE_END, previous.end, stat.start) == stat.start
    if not same_sentence or stat.label not in verbs or previous.unit != stat.unit:
        return ""
    verb = next((v for v in sorted(verbs, key=len, reverse=True) if previous.label.startswith(v)), "")
    return previous.label[len(verb) :] if verb else ""


def link_parts(stats: list[Figure], text: str) -> None:
    """Attach the figures after 其中 (or inside "(含…)") to the figure they are parts of.

    The parts run to the end of the sentence or the parenthesis, or up to 另有 (in addition)."""
    marker = words_regex("part_marker")
    for i, parent in enumerate(stats):
        if parent.parent is not None:
            continue
        following = stats[i + 1 :]
        gap_end = following[0].start if following else parent.end
        found = marker.search(text, parent.end, max(parent.end, gap_end + 4))
        if not found:
            continue
        scope_end = first_index_of(text, ";。!?", found.end(), len(text))
        if text[found.start() - 1 : found.start()] == "(":
            scope_end = first_index_of(text, ")", found.end(), scope_end)
        if beyond := words_regex("part_end").search(text, found.end(), scope_end):
            scope_end = beyond.start()
        for child in following:
            if child.start >= scope_end:
                break
            if same_group(parent.unit, child.unit) and child.value <= parent.value:
                child.parent = parent


def same_group(unit: str, other: str) -> bool:
    return unit == other or any(unit in group and other in group for group in UNIT_GROUPS)


def name_parts(stats: list[Figure]) -> None:
    """Metrics from each figure's own label; a part never repeats its parent's metric,
    and a part named only by an outcome (结果维持) is named with its parent's label."""
    qualifiers = set(stat_words("part_qualifier"))
    for stat in stats:
        stat.metric = metric_for(stat.label, stat.unit)
    for stat in stats:
        if stat.parent is None:
            continue
        if stat.metric == stat.parent.metric:
            stat.metric = None
        if stat.label in qualifiers:
            stat.label = stat.parent.label + stat.label


def cut_at_tail(name: str, keep: int) -> str:
    """`name` up to the first tail word (等, 的, 情况…) after its first `keep` characters."""
    tail = words_regex("zero_tail").search(name, keep)
    return name[: tail.start()] if tail else name


def implied_zeros(text: str, start: int, end: int, reported: set[str]) -> Iterator[Figure]:
    """Zeros a sentence states by saying something did not happen (没有发生…行政复议、行政诉讼)."""
    for trigger in words_regex("zero_trigger").finditer(text, start, end):
        clause_end = first_index_of(
            text, CLAUSE_END + "。", trigger.end(), min(end, trigger.end() + ZERO_REACH)
        )
        negation = NEGATION.match(trigger.group())
        item_start = trigger.start() + len(negation.group()) if negation else trigger.end()  # 未|收到…申请
        for item in re.finditer(r"[^、和及或与]+", text[item_start:clause_end]):
            item_text = item.group()
            if re.search(r"\d", item_text):  # a row of a flattened table, not a sentence
                continue
            for rule in metric_rules():
                found = rule.pattern.search(item_text)
                if not found or rule.metric in reported:
                    continue
                label = cut_at_tail(item_text[found.start() :], found.end() - found.start())
                reported.add(rule.metric)
                offset = item_start + item.start() + found.start()
                yield Figure(
                    offset,
                    offset + len(label),
                    label,
                    0,
                    rule.units[0],
                    kind="implied_zero",
                    metric=rule.metric,
                )
                break


def as_written(stat: Figure, text: str, written: str, back: dict[int, str]) -> str:
    """`stat`'s label (read in folded `text`) in the characters `written`: where the label is
    one stretch of its span, that stretch; else each character written as the document writes it."""
    folded_span = compact(text[stat.start : stat.end])
    at = folded_span.find(stat.label)
    if at >= 0:
        return compact(written[stat.start : stat.end])[at : at + len(stat.label)]
    return stat.label.translate(back)


def folded_and_written(text: str) -> tuple[str, str]:
    """`text` folded character for character (traditional characters simplified) and as written
    (full-width forms narrowed), both with pinyin glosses (镇(zhèn)) blanked out."""
    folded, written = list(fold_chars(text)), list(fold_width(text))
    for gloss in PINYIN_GLOSS.finditer("".join(folded)):
        for i in range(*gloss.span()):
            folded[i] = written[i] = " "
    return "".join(folded), "".join(written)


def find_statistics(doc: Document) -> list[Figure]:
    """Every figure the prose of `doc` reports, in text order, parts linked to their totals."""
    text, written = folded_and_written(doc.text)
    is_plan = doc.meta.doc_type == "work_plan"
    stats: list[Figure] = []
    for start, end in prose_regions(doc):
        found = list(figures_in(text, start, end, is_plan))
        complete_short_labels(found, text)
        link_parts(found, text)
        stats += found
    name_parts(stats)
    reported = {s.metric for s in stats if s.metric}
    for start, end in prose_regions(doc):
        stats += implied_zeros(text, start, end, reported)
    back = {ord(f): w for f, w in zip(text, written, strict=True) if f != w}
    for stat in stats:
        stat.label = as_written(stat, text, written, back)
    return without_restatements(sorted(stats, key=lambda s: s.start))


def without_restatements(stats: list[Figure]) -> list[Figure]:
    """The figures without those that say again what one before said: same label, value, unit,
    kind and total (a headline restated in the text, a sentence repeated)."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for stat in stats:
        key = (stat.label, stat.value, stat.unit, stat.kind, id(stat.parent) if stat.parent else None)
        if key not in seen:
            seen.add(key)
            kept.append(stat)
    return kept


@stage(STAGE, requires=("canonical_text", "meta", "doc_type"), assigns=("statistic",))
def statistics(doc: Document, config: Config) -> Document:
    """Add a "statistic" span per figure; targets only when config.statistics.targets is set."""
    stats = find_statistics(doc)
    if not config.statistics.targets:
        stats = [s for s in stats if s.kind != "target"]
    ids = {id(stat): f"n{i:03d}" for i, stat in enumerate(stats, 1)}
    for stat in stats:
        record = Statistic(
            stat_id=ids[id(stat)],
            label=stat.label,
            value=stat.value,
            unit=stat.unit,
            metric=stat.metric,
            approximate=stat.approximate,
            parent=ids[id(stat.parent)] if stat.parent else None,
            kind=stat.kind,
        )
        doc.add(record, stat.start, stat.end, STAGE)
    return doc
