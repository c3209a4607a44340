"""A batch run: find the files, extract each in a worker process, write the dataset and a summary."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from pipeline.config import Config
from pipeline.dataset.rows import Row, document_tables
from pipeline.dataset.writer import empty_tables, write_dataset
from pipeline.process import extract_file

log = logging.getLogger(__name__)

INPUT_SUFFIXES = {".txt", ".text", ".pdf", ".docx"}


@dataclass
class RunSummary:
    """What a run did; printed at the end and written as run.json."""

    documents: int = 0
    extracted: int = 0
    failed: int = 0
    tasks: int = 0
    units: int = 0
    statistics: int = 0
    seconds: float = 0.0
    failures: list[dict[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"documents: {self.documents} ({self.extracted} extracted, {self.failed} failed) "
            f"in {self.seconds:.1f} s",
            f"tasks: {self.tasks}  units: {self.units}  statistics: {self.statistics}",
        ]
        lines += [
            f"FAILED {f['source_path']} [{f['stage']}/{f['kind']}]: {f['message']}" for f in self.failures
        ]
        return lines


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files to extract: files named directly, and files with a known suffix inside folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
            )
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return found


def extract_rows(path: Path, config: Config) -> dict[str, list[Row]]:
    """One document's dataset rows (runs in a worker process)."""
    return document_tables(extract_file(path, config))


def extracted(files: list[Path], config: Config, workers: int) -> Iterator[dict[str, list[Row]]]:
    """Each file's rows, in input order, from `workers` processes."""
    work = partial(extract_rows, config=config)
    if workers <= 1 or len(files) <= 1:
        yield from map(work, files)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(work, files)


def run(
    paths: Iterable[Path],
    out: Path,
    config: Config | None = None,
    workers: int | None = None,
    csv: bool = False,
    progress: bool = True,
) -> RunSummary:
    """Extract every input file and write the dataset to `out`."""
    config = config or Config()
    started = time.monotonic()
    files = find_inputs(paths)
    tables = empty_tables()
    summary = RunSummary(documents=len(files))
    bar = tqdm(total=len(files), unit="doc", disable=not progress, desc="extracting")
    for rows in extracted(files, config, workers or os.cpu_count() or 1):
        for name, table_rows in rows.items():
            tables[name].extend(table_rows)
        summary.failures += [
            {k: str(r[k]) for k in ("source_path", "stage", "kind", "message")} for r in rows["failures"]
        ]
        summary.extracted += bool(rows.get("documents"))
        bar.update()
    bar.close()
    summary.failed = summary.documents - summary.extracted
    summary.tasks, summary.units = len(tables["tasks"]), len(tables["task_units"])
    summary.statistics = len(tables["statistics"])
    summary.seconds = round(time.monotonic() - started, 2)
    write_dataset(out, tables, csv=csv)
    (out / "run.json").write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=2), encoding="utf-8")
    return summary
