"""Compare two datasets table by table: the same rows and values, whatever order they were written in.

    python scripts/compare_datasets.py OLD NEW [--show 5]

OLD and NEW are output directories of `gongkai run` (their current versions are read) or plain
folders of tables. Every table's columns and rows are compared (rows as multisets, so the order of
writing does not matter), and run.json without its timings, memory figures and version name. What
changes from run to run by design is left out: `failures.time` and the summary's failure times.
Prints one line per table and the differing rows; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

IGNORED_COLUMNS = {"failures": {"time"}}
RUN_FIGURES_IGNORED = {"seconds", "peak_memory_mb", "worker_peak_memory_mb", "version", "new_version"}


def folder(path: Path) -> Path:
    current = path / "current"
    return current.resolve() if current.is_dir() else path


def comparable(value: Any) -> Any:
    """A value that compares equal to its twin: NaN as None, floats rounded past noise."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    return value


def table_rows(path: Path, ignored: set[str]) -> tuple[list[str], Counter[tuple[Any, ...]]]:
    table = pq.read_table(path)
    columns = [c for c in table.column_names if c not in ignored]
    data = table.select(columns).to_pydict()
    rows = Counter(tuple(comparable(data[c][i]) for c in columns) for i in range(table.num_rows))
    return columns, rows


def run_summary(path: Path) -> dict[str, Any]:
    run = path / "run.json"
    if not run.exists():
        return {}
    summary = json.loads(run.read_text(encoding="utf-8"))
    for key in RUN_FIGURES_IGNORED:
        summary.pop(key, None)
    for failure in summary.get("failures", []):
        failure.pop("time", None)
    return summary


def compare(old: Path, new: Path, show: int) -> list[str]:
    """The report lines; the first word of a line is OK or DIFF."""
    lines = []
    names = sorted({p.stem for p in old.glob("*.parquet")} | {p.stem for p in new.glob("*.parquet")})
    for name in names:
        a, b = old / f"{name}.parquet", new / f"{name}.parquet"
        if not a.exists() or not b.exists():
            lines.append(f"DIFF {name}: only in {'new' if b.exists() else 'old'}")
            continue
        ignored = IGNORED_COLUMNS.get(name, set())
        cols_a, rows_a = table_rows(a, ignored)
        cols_b, rows_b = table_rows(b, ignored)
        if cols_a != cols_b:
            lines.append(f"DIFF {name}: columns {cols_a} -> {cols_b}")
            continue
        gone, added = rows_a - rows_b, rows_b - rows_a
        total = sum(rows_a.values())
        if not gone and not added:
            lines.append(f"OK   {name}: {total} rows, {len(cols_a)} columns equal")
            continue
        counts = f"{total} -> {sum(rows_b.values())} rows; {len(gone)} gone, {len(added)} new"
        lines.append(f"DIFF {name}: {counts}")
        lines += [f"  - {dict(zip(cols_a, row, strict=True))}" for row in list(gone)[:show]]
        lines += [f"  + {dict(zip(cols_b, row, strict=True))}" for row in list(added)[:show]]
    summary_a, summary_b = run_summary(old), run_summary(new)
    if summary_a == summary_b:
        lines.append("OK   run.json: equal but for timings, memory and version")
    else:
        keys = sorted(k for k in summary_a.keys() | summary_b.keys() if summary_a.get(k) != summary_b.get(k))
        lines.append(f"DIFF run.json: {', '.join(keys)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--show", type=int, default=5, help="differing rows to print per table (default 5)")
    args = ap.parse_args(argv)
    lines = compare(folder(args.old), folder(args.new), args.show)
    print("\n".join(lines))
    return 1 if any(line.startswith("DIFF") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
