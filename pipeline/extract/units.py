"""Responsible units: split a unit phrase into units with their roles.

A phrase is cut at role words ("牵头", "配合", "责任单位:") into segments; each segment is a
list of unit names split on list punctuation, on 和/及/与 after a complete name, and on
spaces between complete names (a space inside a wrapped name, "市政府 办公厅", is not a
separator). What makes a name complete is data: pipeline/resources/unit_suffixes.csv.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, cast

from pipeline.normalize.fold import fold_chars, fold_width
from pipeline.vocab import read_table, read_words

Role = Literal["lead", "responsible", "cooperating"]
Tier = Literal["agency", "division", "government", "group"]
Range = tuple[int, int]  # start, end offsets into the phrase

LIST_SEPARATORS = re.compile(r"[、,;/]+")
CONJUNCTIONS = re.compile(r"[和及与]")
ENCLOSING = "()[]【】〔〕:.。 \t\n"
LEAD_IN = re.compile(r"^(?:由|请)")
ETC = r"等\s*(?:相关|有关)?\s*各?\s*(?:部门|单位|科室|处室|机构|地区)?"  # 等, 等相关部门: not a unit
TRAILING_ETC = re.compile(ETC + r"\s*$")
BRACKETED_END = re.compile(r"(?<=.)\([^()]*\)$")  # 各乡镇(街道): complete as 各乡镇 is
MIN_INCOMPLETE_LENGTH = 3  # shorter leftovers that end in no unit suffix are noise
# what may stand between unit names and role words in a statement of who does a task
STATEMENT_FILLER = re.compile(rf"[\s、,;/和及与由请]+|{ETC}")


@dataclass(frozen=True)
class UnitMention:
    """One unit found in a phrase: offsets are relative to the phrase passed in."""

    start: int
    end: int
    role: Role
    unit_raw: str  # as written
    unit: str  # normalised name (relative names resolved against the issuing body)
    kind: str | None = None  # agency kind for comparisons across cities (agencies.csv)


@dataclass(frozen=True)
class RoleMarker:
    """A role word in a phrase: `label` markers precede their units, the others follow them."""

    start: int
    end: int
    role: Role
    label: bool


def parse_units(
    text: str, default_role: Role = "responsible", issuing_body: str | None = None
) -> list[UnitMention]:
    """The units named in `text` (e.g. '区财政局牵头；区城建局等配合'), each with its role."""
    return list(parsed_units(text, default_role, issuing_body))


@lru_cache(maxsize=4096)  # a plan names the same units for task after task
def parsed_units(text: str, default_role: Role, issuing_body: str | None) -> tuple[UnitMention, ...]:
    folded = fold_chars(text)  # 責任單位 reads as 责任单位; unit_raw stays as written
    mentions = []
    for (start, end), role in role_segments(folded, default_role):
        for item_start, item_end in split_units(folded, start, end):
            name = resolve_unit(re.sub(r"\s+", "", folded[item_start:item_end]), issuing_body)
            mentions.append(
                UnitMention(item_start, item_end, role, text[item_start:item_end], name, agency_kind(name))
            )
    return tuple(mentions)


def is_unit_statement(text: str) -> bool:
    """Whether `text` only says who does a task: complete unit names and role words
    ('由市财政局牵头，市税务局等配合', '市审计局、市统计局按职责分工负责'), not running text
    that holds a role word ('各单位要明确专人负责')."""
    folded = fold_chars(text)
    markers = role_markers(folded)
    mentions = parse_units(text)
    if not markers or not mentions or not all(is_complete(folded[m.start : m.end]) for m in mentions):
        return False
    rest = list(folded)
    for start, end in [(m.start, m.end) for m in markers] + [(m.start, m.end) for m in mentions]:
        rest[start:end] = " " * (end - start)
    return not STATEMENT_FILLER.sub("", "".join(rest))


def role_segments(folded: str, default_role: Role) -> list[tuple[Range, Role]]:
    """The stretches of `folded` between role words, each with the role that applies to it."""
    segments: list[tuple[Range, Role]] = []
    label_role = default_role
    start = 0
    for marker in role_markers(folded):
        role = label_role if marker.label else marker.role
        segments.append(((start, marker.start), role))
        if marker.label:
            label_role = marker.role
        start = marker.end
    segments.append(((start, len(folded)), label_role))
    return segments


def role_markers(folded: str) -> list[RoleMarker]:
    """The role words in `folded`; a role word followed by ':' is a label."""
    words = role_words()
    markers = []
    for match in role_pattern().finditer(folded):
        role, position = words[match.group("word")]
        label = position == "label" or bool(match.group("colon"))
        markers.append(RoleMarker(match.start(), match.end(), role, label))
    return markers


def split_units(folded: str, start: int, end: int) -> list[Range]:
    """The unit names in `folded[start:end]`, a list of names without role words."""
    items = []
    start, end = _trim(folded, start, end)
    for part in _regroup(folded, _split_on(LIST_SEPARATORS, folded, start, end)):
        for conjoined in _split_conjunctions(folded, *_trim(folded, *part)):
            for joined in _join_wrapped(folded, _split_on(re.compile(r"\s+"), folded, *conjoined)):
                items += _split_glued(folded, *joined)
    pieces = [_strip_etc(folded, *_trim(folded, *item)) for item in items]
    return [piece for piece in pieces if _is_unit(folded[piece[0] : piece[1]])]


def _split_on(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[Range]:
    """`text[start:end]` cut at every match of `pattern`, empty pieces dropped."""
    pieces = []
    for match in pattern.finditer(text, start, end):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if s < e]


def _regroup(text: str, pieces: list[Range]) -> list[Range]:
    """List pieces glued back where the separator was inside one name: within brackets
    (各县(市、区)政府) or after a short fragment that shares the next one's ending (各州、市人民政府)."""
    glued: list[Range] = []
    for piece in pieces:
        if glued and (_open_brackets(text, *glued[-1]) > 0 or _is_fragment(text[slice(*glued[-1])])):
            glued[-1] = (glued[-1][0], piece[1])
        else:
            glued.append(piece)
    return glued


def _is_fragment(name: str) -> bool:
    """A piece too short to be a unit on its own that ends in no unit suffix (各州)."""
    name = re.sub(r"[\s()\[\]【】〔〕:]+", "", name)
    return 0 < len(name) < MIN_INCOMPLETE_LENGTH and not is_complete(name)


def _open_brackets(text: str, start: int, end: int) -> int:
    """How many '(' in `text[start:end]` are still open at its end."""
    return text.count("(", start, end) - text.count(")", start, end)


def _trim(text: str, start: int, end: int) -> Range:
    """The piece without enclosing brackets, colons, spaces and a lead-in such as 由."""
    while start < end and text[start] in ENCLOSING:
        start += 1
    while end > start and text[end - 1] in ENCLOSING and not _closes_inner_bracket(text, start, end):
        end -= 1
    lead_in = LEAD_IN.match(text, start, end)
    return (lead_in.end(), end) if lead_in else (start, end)


def _closes_inner_bracket(text: str, start: int, end: int) -> bool:
    """Whether the ')' ending the piece closes a '(' inside it, as in 区县(市)."""
    return text[end - 1] == ")" and _open_brackets(text, start, end) >= 0


def _split_conjunctions(text: str, start: int, end: int) -> list[Range]:
    """Cut at 和/及/与 where the words before it are a complete unit name (not in 住房和城乡建设局)."""
    pieces = []
    for match in CONJUNCTIONS.finditer(text, start, end):
        if is_complete(text[start : match.start()].strip()):
            pieces.append((start, match.start()))
            start = match.end()
    pieces.append((start, end))
    return [(s, e) for s, e in pieces if s < e]


def _join_wrapped(text: str, fragments: list[Range]) -> list[Range]:
    """Space-separated fragments joined back into names where a name was wrapped."""
    items: list[Range] = []
    for fragment in fragments:
        if items and _continues(text[slice(*items[-1])], text[slice(*fragment)]):
            items[-1] = (items[-1][0], fragment[1])
        else:
            items.append(fragment)
    return items


def _continues(before: str, fragment: str) -> bool:
    """Whether `fragment` goes on the name `before` it: `before` is no complete name (市发展 改革委),
    `fragment` is a bare ending (市政府 办公厅), or an ending runs across the gap (市直相关部 门)."""
    ending = longest_suffix(before + fragment) or ""
    return not is_complete(before) or fragment in unit_suffixes() or len(ending) > len(fragment)


def _split_glued(text: str, start: int, end: int) -> list[Range]:
    """Names written one after another with nothing between them (a table cell whose lines were
    joined: 市直各部门区县(市)政府), cut where a complete name is followed by a level (区, 市)
    or a group name (相关部门)."""
    pieces = []
    for cut in range(start + 1, end):
        if _starts_unit(text, cut, end) and is_complete(text[start:cut]):
            pieces.append((start, cut))
            start = cut
    pieces.append((start, end))
    return pieces


def _starts_unit(text: str, i: int, end: int) -> bool:
    """Whether a new unit name can start at `text[i]`: a level character or a group name."""
    if _is_level_at(text, i):
        return True
    return any(text.startswith(name, i, end) for name in generic_units_by_first().get(text[i], ()))


def _strip_etc(text: str, start: int, end: int) -> Range:
    """The piece without a trailing 等 / 等相关部门 (区城建局等 -> 区城建局)."""
    match = TRAILING_ETC.search(text, start, end)
    return _trim(text, start, match.start()) if match and match.start() > start else (start, end)


def _is_unit(name: str) -> bool:
    """Whether a leftover piece names a unit (not noise such as a stray character)."""
    name = re.sub(r"\s+", "", name)
    if not name or unit_suffixes().get(name) == "group":
        return False
    return is_complete(name) or len(name) >= MIN_INCOMPLETE_LENGTH


def is_complete(name: str) -> bool:
    """Whether `name` ends like a whole unit name (…局, …政府, …部门) or is a group name;
    a bracketed ending is a note on the name before it (各乡镇(街道))."""
    name = BRACKETED_END.sub("", re.sub(r"\s+", "", name))
    return name in generic_units() or suffix_tier(name) is not None


def suffix_tier(name: str) -> Tier | None:
    """The tier of the longest unit suffix `name` ends with, None when it ends with none."""
    suffix = longest_suffix(name)
    return unit_suffixes()[suffix] if suffix else None


def longest_suffix(name: str) -> str | None:
    """The longest unit suffix (unit_suffixes.csv) `name` ends with."""
    suffixes = unit_suffixes()
    for length in range(min(len(name), max_suffix_length()), 0, -1):
        if name[-length:] in suffixes:
            return name[-length:]
    return None


# ----------------------------------------------------------------------------- resolution


def resolve_unit(name: str, issuing_body: str | None) -> str:
    """`name` made absolute against the issuing body: 各科室 of 鞍山市行政审批局 -> 市行政审批局各科室.

    Names that carry a level (市/区/县/省 or a place name) and group names stay as they are;
    a department (…局, …委) gets the body's level, a part of a unit (…科, 办公室, 各部门)
    the body itself (its government when the body is a government or its office).
    """
    tier = suffix_tier(name)
    if issuing_body is None or tier in (None, "government") or name in generic_units() or has_level(name):
        return name
    level, body = body_base(fold_width(re.sub(r"\s+", "", issuing_body)))
    if tier == "agency" or (name.startswith("政府") and body.startswith(level + "政府")):
        return level + name
    if body.startswith(level + "政府"):
        return level + "政府" + name
    return body + name


def body_base(issuing_body: str) -> tuple[str, str]:
    """The level and the place-free name of a body: 鞍山市行政审批局 -> ('市', '市行政审批局')."""
    index = level_index(issuing_body)
    if index is None:
        return "", issuing_body
    core = issuing_body[index:].replace("人民政府", "政府")
    if core[1:].startswith("政府"):
        core = core[0] + "政府"
    return issuing_body[index], core


def has_level(name: str) -> bool:
    """Whether `name` starts with a level or a place name (区财政局, 西市区土地局, 市直各部门)."""
    return level_index(name) is not None


def level_index(name: str) -> int | None:
    """Index of the level character ending the place names `name` starts with, if any.

    Place names are short (1-5 characters before the level): 营口市西市区人民政府 -> 5 (区).
    """
    index = None
    previous = -1
    for i in range(len(name) - 1):
        if _is_level_at(name, i) and not _is_level_at(name, i + 1):
            if i - previous > 6:
                break
            index = previous = i
    return index


def _is_level_at(name: str, i: int) -> bool:
    levels, not_levels = level_words()
    if name[i] not in levels:
        return False
    return not any(
        name.startswith(word, j) for word in not_levels for j in range(i - len(word) + 1, i + 1) if j >= 0
    )


@lru_cache(maxsize=8192)
def agency_kind(name: str) -> str | None:
    """The kind of agency `name` is (finance, development_reform, …): the longest keyword of
    agencies.csv it contains; None when it contains none."""
    keywords = agency_keywords()
    found = [keyword for keyword in keywords if keyword in name]
    return keywords[max(found, key=len)] if found else None


# ----------------------------------------------------------------------------- vocabularies


@cache
def agency_keywords() -> dict[str, str]:
    """Keywords of agency names and the agency kind they stand for, from agencies.csv."""
    return {row["keyword"]: row["kind"] for row in read_table("agencies.csv")}


@cache
def unit_suffixes() -> dict[str, Tier]:
    """Unit name endings and their tier, from unit_suffixes.csv."""
    return {row["suffix"]: cast(Tier, row["tier"]) for row in read_table("unit_suffixes.csv")}


@cache
def max_suffix_length() -> int:
    return max(map(len, unit_suffixes()))


@cache
def generic_units() -> frozenset[str]:
    """Names of sets of units kept as written (相关部门), from generic_units.txt."""
    return frozenset(read_words("generic_units.txt"))


@cache
def generic_units_by_first() -> dict[str, tuple[str, ...]]:
    """The group names by their first character."""
    by_first: dict[str, list[str]] = {}
    for name in generic_units():
        by_first.setdefault(name[0], []).append(name)
    return {first: tuple(names) for first, names in by_first.items()}


@cache
def level_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Level characters and the words in which they are not a level, from unit_levels.csv."""
    rows = read_table("unit_levels.csv")
    levels = frozenset(row["text"] for row in rows if row["kind"] == "level")
    return levels, tuple(row["text"] for row in rows if row["kind"] == "not_level")


@cache
def role_words() -> dict[str, tuple[Role, str]]:
    """Role words with their role and position ('after' or 'label'), from unit_roles.csv."""
    rows = read_table("unit_roles.csv")
    return {
        row["word"]: (cast(Role, row["role"]), row["position"]) for row in rows if row["position"] != "manner"
    }


@cache
def role_pattern() -> re.Pattern[str]:
    """One pattern for every role word, longest first, with the manner words that may precede
    it (按职责分工分别牵头) and an optional following colon."""
    manners = [row["word"] for row in read_table("unit_roles.csv") if row["position"] == "manner"]
    return re.compile(rf"(?:{_alternation(manners)})*(?P<word>{_alternation(role_words())})(?P<colon>\s*:)?")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
