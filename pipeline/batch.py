"""A batch run: find the files, extract the new and changed ones in worker processes, publish a version.

The flow: files → per-document rows (extracted in an isolated worker, or reused from the row cache
when the file's sha256 and the producer are unchanged) → one writer → a complete new version under
DIR/versions/, then DIR/current switched to it. The run holds DIR/.lock throughout.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from tqdm import tqdm

from pipeline._version import __version__
from pipeline.config import Config
from pipeline.dataset.corrections import (
    CORRECTIONS,
    Correction,
    Outcome,
    apply_corrections,
    read_corrections,
    unmatched,
)
from pipeline.dataset.datapackage import write_datapackage
from pipeline.dataset.folder import OutputFolder
from pipeline.dataset.manifest import Entry, Manifest, code_hash, config_hash, file_sha256, producer
from pipeline.dataset.rowcache import RowCache
from pipeline.dataset.rows import Row, document_tables, row
from pipeline.dataset.sources import Source, describe, find_inputs
from pipeline.dataset.writer import DatasetWriter
from pipeline.engines import EngineOptions, make_engine
from pipeline.errors import UnsupportedFormatError
from pipeline.process import extract_file
from pipeline.records import TABLES, Failure
from pipeline.worker import Limits, WorkerFailure

log = logging.getLogger(__name__)

PAUSE_AT = "GONGKAI_PAUSE_AT"  # names a point where the run stops for a while (to test killing it there)
PAUSE_SECONDS = "GONGKAI_PAUSE_SECONDS"
DEFAULT_KEEP = 5


@dataclass
class RunSummary:
    """What a run did; printed at the end and written as run.json in the version."""

    documents: int = 0
    extracted: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    tasks: int = 0
    units: int = 0
    statistics: int = 0
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    worker_peak_memory_mb: float = 0.0
    version: str = ""
    new_version: bool = False
    failures: list[dict[str, str]] = field(default_factory=list)
    not_read: dict[str, int] = field(default_factory=dict)  # files of unsupported formats, by suffix
    corrections_applied: int = 0
    corrections_unmatched: list[str] = field(default_factory=list)  # lines that found their row no more
    rows_changed: int = 0  # rows added, removed or changed in documents of the last version too

    def lines(self) -> list[str]:
        state = "new version" if self.new_version else "nothing changed, current version"
        lines = [
            f"documents: {self.documents} ({self.extracted} extracted, {self.unchanged} unchanged, "
            f"{self.removed} removed, {self.failed} failed) in {self.seconds:.1f} s",
            f"tasks: {self.tasks}  units: {self.units}  statistics: {self.statistics}",
            f"{state} {self.version}; peak memory {self.peak_memory_mb:.0f} MB "
            f"(largest worker {self.worker_peak_memory_mb:.0f} MB)",
        ]
        if self.rows_changed:
            lines.append(
                f"rows changed since the last version: {self.rows_changed} (gongkai diff lists them)"
            )
        if self.corrections_applied or self.corrections_unmatched:
            lines.append(f"corrections: {self.corrections_applied} applied")
            lines += [f"CORRECTION NOT APPLIED {line}" for line in self.corrections_unmatched]
        if self.not_read:
            kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(self.not_read.items()))
            lines.append(f"not read (unsupported formats): {kinds}")
        lines += [
            f"FAILED {f['source_path']} [{f['stage']}/{f['kind']}]: {f['message']}" for f in self.failures
        ]
        return lines


def pause_point(name: str) -> None:
    """Stop here for a while when GONGKAI_PAUSE_AT names this point (tests kill the run there)."""
    if os.environ.get(PAUSE_AT) == name:
        sys.stderr.write(f"gongkai: paused at {name}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get(PAUSE_SECONDS, "60")))


def extract_rows(source: Source, config: Config) -> dict[str, list[Row]]:
    """One document's rows (runs in a worker process)."""
    return document_tables(extract_file(source.path, config))


WARM_UP_TEXT = (
    "某市人民政府办公室关于印发2024年政务公开工作要点的通知\n"
    "一、加强政策解读\n(一)做好政策发布。责任单位:市政府办公室、市司法局,2024年12月底前完成。\n"
    "二、2023年共主动公开政府信息1234条,其中规范性文件12件。\n"
)


def warm_up(config: Config) -> None:
    """Load the tokenizer, dictionaries and models by extracting a short document, once per process."""
    with tempfile.TemporaryDirectory(prefix="gongkai-warm-") as folder:
        path = Path(folder) / "warm-up.txt"
        path.write_text(WARM_UP_TEXT, encoding="utf-8")
        extract_file(path, config)


def failure_tables(source: Source, failure: WorkerFailure) -> dict[str, list[Row]]:
    """The rows of a document whose worker died or ran out of time."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    record = Failure(
        str(source.path),
        source.sha256[:16],
        source.sha256,
        "worker",
        failure.kind,
        failure.message,
        None,
        stamp,
    )
    return {"failures": [row(record)]}


def extract_new(
    sources: list[Source], config: Config, cache: RowCache, engine: EngineOptions, progress: bool
) -> tuple[set[str], dict[str, dict[str, list[Row]]]]:
    """Extract the sources whose rows are not cached: the sha256s extracted, rows of those that crashed.

    Rows go into the row cache as each document finishes, so memory does not grow with the corpus.
    """
    todo = list({s.sha256: s for s in sources if not cache.has(s.sha256)}.values())
    crashed: dict[str, dict[str, list[Row]]] = {}
    bar = tqdm(total=len(todo), unit="doc", disable=not progress, desc="extracting")
    for index, outcome in make_engine(engine).map(partial(extract_rows, config=config), todo):
        if isinstance(outcome, WorkerFailure):
            log.warning("%s: %s", todo[index].path, outcome.message)
            crashed[todo[index].sha256] = failure_tables(todo[index], outcome)
        else:
            cache.put(todo[index].sha256, outcome)
        bar.update()
        pause_point("extracting")
    bar.close()
    return {s.sha256 for s in todo}, crashed


def engine_options(
    config: Config, name: str, workers: int | None, scheduler: str | None, lock_fd: int
) -> EngineOptions:
    """The engine of a run: its workers get the config's limits and never hold the output lock."""
    return EngineOptions(
        name=name,
        workers=workers or os.cpu_count() or 1,
        scheduler=scheduler,
        limits=Limits(config.document_timeout_seconds, config.worker_memory_bytes),
        setup=partial(os.close, lock_fd),
        warm_up=partial(warm_up, config),
    )


PER_PATH = tuple(  # the tables with a row per file (documents, failures), not per content
    t.name for t in TABLES if any(c.name == "source_path" for c in t.columns())
)


def as_found(tables: dict[str, list[Row]], source: Source) -> dict[str, list[Row]]:
    """Cached rows with this file's path (a renamed file keeps its rows) and sha256."""
    path = str(source.path)
    named = {
        name: [{**r, "source_path": path} if "source_path" in r else r for r in rows]
        for name, rows in tables.items()
    }
    named["failures"] = [{**r, "sha256": source.sha256} for r in named.get("failures", [])]
    return named


def document_status(tables: dict[str, list[Row]]) -> str:
    documents = tables.get("documents")
    return str(documents[0]["status"]) if documents else "failure"


def write_version(
    staging: Path,
    sources: list[Source],
    crashed: dict[str, dict[str, list[Row]]],
    cache: RowCache,
    csv: bool,
    corrections: list[Correction],
) -> tuple[dict[str, int], list[Row], list[str], Outcome]:
    """Write every source's rows, corrected, into `staging`; row counts, failure rows, each source's
    status and what the corrections did."""
    failures: list[Row] = []
    status: dict[str, str] = {}
    outcome = Outcome()
    with DatasetWriter(staging, csv=csv) as writer:
        for copies in by_content(sources):
            tables = found_at(crashed.get(copies[0].sha256) or cache.get(copies[0].sha256), copies)
            apply_corrections(corrections, tables, outcome)
            writer.add(tables)
            failures += tables.get("failures", [])
            status[copies[0].sha256] = document_status(tables)
            pause_point("writing")
        writer.add({"corrections_applied": outcome.applied})
    return writer.counts, failures, [status[source.sha256] for source in sources], outcome


def by_content(sources: list[Source]) -> list[list[Source]]:
    """The sources grouped by content (sha256), each group where its first file stands."""
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(source.sha256, []).append(source)
    return list(groups.values())


def found_at(tables: dict[str, list[Row]], copies: list[Source]) -> dict[str, list[Row]]:
    """The rows of one content found at the paths `copies`: its document's rows once (they share
    one doc_id), and a documents row and the failures for each path."""
    first = as_found(tables, copies[0])
    per_path = {name: tables.get(name, []) for name in PER_PATH}
    for copy in copies[1:]:
        for name, rows in as_found(per_path, copy).items():
            first.setdefault(name, []).extend(rows)
    return first


def peak_memory_mb(who: int) -> float:
    """ru_maxrss of this process or of its largest finished child, in MB (Linux counts in kB)."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def own_peak_memory_mb() -> float:
    """This process's peak RSS in MB: VmHWM, since ru_maxrss keeps the peak of the process that
    started this one (it survives exec); ru_maxrss where /proc is not available."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return peak_memory_mb(resource.RUSAGE_SELF)
    kilobytes = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return round(int(kilobytes) / 1024, 1) if kilobytes else peak_memory_mb(resource.RUSAGE_SELF)


def run(
    paths: Iterable[Path],
    out: Path,
    config: Config | None = None,
    workers: int | None = None,
    csv: bool = False,
    progress: bool = True,
    full: bool = False,
    keep: int = DEFAULT_KEEP,
    wait: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    corrections: Path | None = None,
) -> RunSummary:
    """Bring the dataset in `out` up to date with the files under `paths` (everything with `full`),
    the corrections of `corrections` (default: `out`/corrections.csv) applied.

    `engine` is "local" (worker processes here) or "dask" (on the cluster at `scheduler`, or a local
    one). Raises FileNotFoundError for a missing input and OutputLocked when another run holds `out`
    and `wait` is false.
    """
    paths = list(paths)
    files = find_inputs(paths)
    config = config or Config()
    folder = OutputFolder(out)
    with folder.locked(wait) as lock_fd:
        folder.clear_staging()
        options = engine_options(config, engine, workers, scheduler, lock_fd)
        corrections_file = corrections or folder.root / CORRECTIONS
        return run_locked(paths, files, folder, config, options, csv, progress, full, keep, corrections_file)


def run_locked(
    paths: list[Path],
    files: list[Path],
    folder: OutputFolder,
    config: Config,
    engine: EngineOptions,
    csv: bool,
    progress: bool,
    full: bool,
    keep: int,
    corrections_file: Path,
) -> RunSummary:
    started = time.monotonic()
    current = folder.current
    previous = folder.manifest(current)
    made_by = producer(config)
    sources = [describe(path, previous, made_by) for path in files]
    cache = folder.row_cache(made_by)
    if full:
        cache.clear()
    done, crashed = extract_new(sources, config, cache, engine, progress)
    entries = [Entry(str(s.path), s.size, s.mtime_ns, s.sha256, made_by, "") for s in sources]
    summary = RunSummary(
        documents=len(sources),
        extracted=len(done),
        unchanged=sum(s.sha256 not in done for s in sources),
        removed=len(set(previous.entries) - {e.path for e in entries}),
    )
    meta = run_meta(paths, config, csv, corrections_file)
    if current is not None and not done and same_files(previous, entries, meta):
        return finish_unchanged(summary, folder.run_summary(current), current.name, started)
    staging = folder.staging()
    corrections = read_corrections(corrections_file)
    counts, failures, statuses, outcome = write_version(staging, sources, crashed, cache, csv, corrections)
    entries = [replace(e, status=status) for e, status in zip(entries, statuses, strict=True)]
    folder.write_manifest(
        staging, entries, {**meta, "created": datetime.now(UTC).isoformat(timespec="seconds")}
    )
    write_datapackage(staging)
    summary.failed = statuses.count("failure")
    summary.tasks, summary.units, summary.statistics = (
        counts["tasks"],
        counts["task_units"],
        counts["statistics"],
    )
    summary.failures = [{k: str(r.get(k, "")) for k in SUMMARY_FAILURE_FIELDS} for r in failures]
    summary.not_read = unsupported_by_suffix(summary.failures)
    summary.corrections_applied = len(outcome.applied)
    summary.corrections_unmatched = unmatched(corrections, outcome)
    if current is not None:  # pandas is imported only when there is a version to compare with
        from pipeline.compare.diff import diff_versions

        summary.rows_changed = diff_versions(current, staging).changed_rows
    summary.version, summary.new_version = folder.next_version_name(), True
    finish(summary, started)
    folder.write_run_summary(staging, asdict(summary))
    pause_point("publishing")
    folder.publish(staging, summary.version)
    pause_point("switched")
    folder.prune(keep)
    return summary


SUMMARY_FAILURE_FIELDS = ("source_path", "sha256", "stage", "kind", "message", "time")


def run_meta(paths: list[Path], config: Config, csv: bool, corrections: Path) -> dict[str, str]:
    """What the manifest records about the run besides its files."""
    return {
        "corrections_hash": file_sha256(corrections) if corrections.exists() else "",
        "inputs": json.dumps([str(p) for p in paths], ensure_ascii=False),
        "csv": str(csv),
        "producer": producer(config),
        "pipeline_version": __version__,
        "config_hash": config_hash(config),
        "code_hash": code_hash(),
    }


def same_files(previous: Manifest, entries: list[Entry], meta: dict[str, str]) -> bool:
    """Whether the current version already holds exactly these files, made the same way."""
    before = [replace(e, status="") for e in previous.entries.values()]
    same_made = all(previous.meta.get(key, "") == meta[key] for key in ("csv", "corrections_hash"))
    return sorted(before, key=lambda e: e.path) == sorted(entries, key=lambda e: e.path) and same_made


def finish(summary: RunSummary, started: float) -> None:
    summary.seconds = round(time.monotonic() - started, 2)
    summary.peak_memory_mb = own_peak_memory_mb()
    summary.worker_peak_memory_mb = peak_memory_mb(resource.RUSAGE_CHILDREN)


def unsupported_by_suffix(failures: list[dict[str, str]]) -> dict[str, int]:
    """How many files of each suffix were not read for their format."""
    suffixes = Counter(
        Path(f["source_path"]).suffix.lower() or "(no suffix)"
        for f in failures
        if f["kind"] == UnsupportedFormatError.kind
    )
    return dict(suffixes)


def finish_unchanged(summary: RunSummary, last: dict[str, Any], version: str, started: float) -> RunSummary:
    """The summary of a run that found nothing to do: the current version's (`last`) figures and failures."""
    for key in ("failed", "tasks", "units", "statistics", "failures", "not_read"):
        setattr(summary, key, last[key])
    summary.corrections_applied = last.get("corrections_applied", 0)
    summary.corrections_unmatched = last.get("corrections_unmatched", [])
    summary.version = version
    finish(summary, started)
    return summary
