"""Build the compact data files the metadata stage ships under pipeline/resources/.

    python scripts/build_meta_resources.py CPCA_WHEEL OPENCC_WHEEL

CPCA_WHEEL is a wheel of `cpca` (its adcodes.csv: China's administrative divisions with
12-digit codes), OPENCC_WHEEL a wheel of `opencc-python-reimplemented` (its TSCharacters.txt:
traditional -> simplified characters). Fetch both with `pip download --no-deps cpca==0.5.5
opencc-python-reimplemented==0.1.7`. Writes regions.csv (6-digit adcode, name, the short
name a province or prefecture goes by: 辽宁, 恩施, 内蒙古) and t2s_chars.tsv (one
traditional character, its first simplified form).
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "pipeline" / "resources"
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
LEVEL_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")


def read_member(wheel: Path, suffix: str) -> str:
    """The text of the one file in `wheel` whose path ends with `suffix`."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name).decode("utf-8")


def short_name(name: str, nations: list[str]) -> str:
    """鞍山市 -> 鞍山, 恩施土家族苗族自治州 -> 恩施, 内蒙古自治区 -> 内蒙古; '' where none."""
    stem = next((name[: -len(s)] for s in LEVEL_SUFFIXES if name.endswith(s)), "")
    stripped = True
    while stripped:
        stripped = False
        for nation in nations:
            if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                stem, stripped = stem[: -len(nation)], True
    return stem if len(stem) >= 2 else ""


def region_rows(adcodes_csv: str, nations: list[str]) -> list[tuple[str, str, str]]:
    """(6-digit code, name, short name of a province or prefecture) for every real division."""
    rows = csv.DictReader(io.StringIO(adcodes_csv))
    kept = {(row["adcode"][:6], row["name"]) for row in rows if row["name"] not in PLACEHOLDERS}
    return [
        (code, name, short_name(name, nations) if code.endswith("00") else "") for code, name in sorted(kept)
    ]


def nation_names(nations_csv: str) -> list[str]:
    """The 56 nationalities, each with and without its final 族, longest first."""
    names = {line.strip() for line in nations_csv.splitlines() if line.strip()}
    return sorted(names | {n.removesuffix("族") for n in names}, key=len, reverse=True)


def t2s_rows(ts_characters: str) -> list[tuple[str, str]]:
    """(traditional, simplified) for every single-character mapping that changes the character."""
    pairs = []
    for line in ts_characters.splitlines():
        if "\t" not in line:
            continue
        trad, simplified = line.split("\t", 1)
        first = simplified.split()[0]
        if len(trad) == 1 and len(first) == 1 and trad != first:
            pairs.append((trad, first))
    return pairs


def write_rows(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]], delimiter: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(cpca_wheel: str, opencc_wheel: str) -> None:
    nations = nation_names(read_member(Path(cpca_wheel), "resources/56_nations.csv"))
    regions = region_rows(read_member(Path(cpca_wheel), "resources/adcodes.csv"), nations)
    write_rows(RESOURCES / "regions.csv", ("code", "name", "short"), regions, ",")
    chars = t2s_rows(read_member(Path(opencc_wheel), "dictionary/TSCharacters.txt"))
    write_rows(RESOURCES / "t2s_chars.tsv", ("traditional", "simplified"), chars, "\t")


if __name__ == "__main__":
    main(*sys.argv[1:3])
