"""China's administrative divisions (resources/regions.csv, built from current and earlier
adcode tables by scripts/build_meta_resources.py; resources/region_zones.csv, the zones that
govern their own territory) and the resolution of place names found in a text.

A name alone resolves to its division and, through the adcode, to the city and province
above it (西市区 -> 营口市, 辽宁省; 浏阳市 -> 长沙市, a county-level city being a district of
its prefecture). A 直辖市 (北京 天津 上海 重庆) is province and city at once, its districts
and counties are districts. Where a name is shared (朝阳区 in 北京 and 长春), the candidate
whose city or province is also named in the text wins.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from pipeline.normalize.fold import fold
from pipeline.vocab import read_table, read_words

MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: province and city at once
UPGRADES = ("市", "区")  # a county (县) may since have become a city or a district
SHORT_WEIGHT = 0.7  # a short name (鞍山 for 鞍山市) is weaker evidence than the full name
ANCESTOR_WEIGHT = 0.3  # how much mentions of the city/province above support a division
SUFFIX_BOOST = 1.5  # a division named the way the document calls itself (全县 -> …县)


@dataclass(frozen=True)
class Region:
    """One administrative division."""

    code: str  # 6-digit adcode
    name: str
    level: str  # province | city | county

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


@dataclass(frozen=True)
class Mention:
    """A place name found at [start, end) of a folded text, with every division it may be."""

    start: int
    end: int
    regions: tuple[Region, ...]
    short: bool


@dataclass(frozen=True)
class Place:
    """A resolved place: the division itself and the ones above it."""

    region: Region
    province: Region | None
    city: Region | None
    district: Region | None


class Gazetteer:
    """Names and short names of every division, and the hierarchy between them."""

    def __init__(
        self,
        rows: Iterable[tuple[str, str, str]],
        common_words: frozenset[str],
        zones: Iterable[tuple[str, str]] = (),
    ):
        rows = list(rows)
        codes = {code for code, _, _ in rows}
        self.by_code: dict[str, Region] = {}
        self.names: dict[str, list[Region]] = defaultdict(list)
        self.short_names: dict[str, list[Region]] = defaultdict(list)
        self.aliases: dict[str, Region] = {}
        for code, name, short in rows:
            region = Region(code, fold(name), division_level(code, codes))
            self.by_code[code] = region
            if region.name not in common_words:
                self.names[region.name].append(region)
            if short:
                self.short_names[fold(short)].append(region)
        for code, name in zones:  # a zone is a district of its own name over its territory's code
            self.names[fold(name)].append(Region(code, fold(name), self.by_code[code].level))
        self._add_renamed_counties()
        self.longest = max(len(n) for n in [*self.names, *self.short_names])
        # the first two characters of every name: a position that starts none of them is passed over
        self.openings = {n[:2] for n in [*self.names, *self.short_names, *self.aliases]}

    def candidates(self, word: str) -> list[Region]:
        """The divisions a full name may be (a renamed county under its new name included)."""
        if word in self.aliases:
            return [replace(self.aliases[word], name=word)]
        return self.names.get(word, [])

    def _add_renamed_counties(self) -> None:
        """Accept 禄丰市 for 禄丰县 where no division has that name: counties get upgraded."""
        counties = [r for r in self.by_code.values() if r.level == "county" and r.name.endswith("县")]
        for region in counties:
            stem = region.name[:-1]
            for alias in (stem + suffix for suffix in UPGRADES):
                if len(stem) >= 2 and alias not in self.names:
                    self.aliases[alias] = region

    def parent_city(self, region: Region) -> Region | None:
        """The city `region` belongs to or is: a 直辖市 is the city of its own districts."""
        if region.code[:2] in MUNICIPALITIES:
            return self.by_code.get(region.province_code)
        if region.level != "county":
            return region if region.level == "city" else None
        return self.by_code.get(region.code[:4] + "00")

    def place(self, region: Region) -> Place:
        """The place `region` stands for, with its city and province filled in."""
        province = self.by_code.get(region.province_code)
        city = self.parent_city(region)
        if province == region:
            return Place(region, province, city, None)
        district = region if region.level == "county" else None
        return Place(region, province, city, district)

    def mentions(self, text: str) -> list[Mention]:
        """Every place name in folded `text`, leftmost-longest, without overlaps."""
        openings = self.openings
        found: list[Mention] = []
        end = 0
        for i in [i for i in range(len(text) - 1) if text[i : i + 2] in openings]:
            if i >= end and (mention := self._mention_at(text, i)) is not None:
                found.append(mention)
                end = mention.end
        return found

    def _mention_at(self, text: str, i: int) -> Mention | None:
        for size in range(min(self.longest, len(text) - i), 1, -1):
            word = text[i : i + size]
            regions = self.candidates(word)
            if regions and ((size > 2 and word not in self.aliases) or self._stands_alone(text, i, regions)):
                return Mention(i, i + size, tuple(regions), short=False)
            if word in self.short_names:
                return Mention(i, i + size, tuple(self.short_names[word]), short=True)
        return None

    def _stands_alone(self, text: str, i: int, regions: list[Region]) -> bool:
        """A two-character name (随县, 和县) or a renamed county counts only after a non-Chinese
        character or its parent's name (振兴县域 holds no 兴县, 雄安新区 no 安新区)."""
        if i == 0 or not is_han(text[i - 1]):
            return True
        before = text[max(0, i - 12) : i]
        parents = [self.parent_city(r) for r in regions] + [
            self.by_code.get(r.province_code) for r in regions
        ]
        return any(p is not None and before.endswith(p.name) for p in parents)


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def division_level(code: str, codes: set[str]) -> str:
    """province, city or county, read off the adcode (a county with no city above it is a city)."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    if code[:2] in MUNICIPALITIES or code[:4] + "00" in codes:
        return "county"
    return "city"


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package, loaded once."""
    rows = [(r["code"], r["name"], r["short"]) for r in read_table("regions.csv")]
    zones = [(r["code"], r["name"]) for r in read_table("region_zones.csv")]
    return Gazetteer(rows, frozenset(read_words("region_common_words.txt")), zones)


def resolve(weighted: list[tuple[Mention, float]], suffix: str | None = None) -> Place | None:
    """The place a document is about, from its weighted mentions.

    Each division scores the weights of its mentions plus a share of those of the city and
    province above it. `suffix` (县, 市, 区, 省 …: how the document calls itself, as in 全县)
    favours the divisions whose name ends with it.
    """
    gaz = gazetteer()
    own: dict[Region, float] = defaultdict(float)
    first: dict[Region, int] = {}
    for mention, weight in weighted:
        for region in mention.regions:
            own[region] += weight * (SHORT_WEIGHT if mention.short else 1.0)
            first.setdefault(region, mention.start)
    if not own:
        return None

    def support(region: Region) -> float:
        place = gaz.place(region)
        above = {r for r in (place.city, place.province) if r is not None and r != region}
        boost = SUFFIX_BOOST if suffix and region.name.endswith(suffix) else 1.0
        return boost * (own[region] + ANCESTOR_WEIGHT * sum(own.get(r, 0.0) for r in above))

    best = max(own, key=lambda r: (support(r), -first[r]))
    return gaz.place(best)
