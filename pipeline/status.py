"""What an output directory holds and what the next run would do: `gongkai status`, `gongkai versions`."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Config
from pipeline.dataset.folder import OutputFolder
from pipeline.dataset.manifest import producer
from pipeline.dataset.sources import describe, find_inputs


@dataclass
class Status:
    """The current version's manifest, the work pending against its inputs, and its failures."""

    version: str
    files: Counter[str] = field(default_factory=Counter)
    pending: dict[str, list[str]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    corrections_unmatched: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        held = ", ".join(f"{n} {status}" for status, n in sorted(self.files.items())) or "no files"
        lines = [f"current version: {self.version}", f"manifest: {sum(self.files.values())} files ({held})"]
        waiting = {kind: paths for kind, paths in self.pending.items() if paths}
        lines.append(
            "pending: "
            + ("nothing" if not waiting else ", ".join(f"{len(p)} {k}" for k, p in waiting.items()))
        )
        lines += [f"  {kind}: {path}" for kind, paths in waiting.items() for path in paths]
        lines.append(f"failed last time: {len(self.failures)}")
        lines += [f"  {f['source_path']} [{f['stage']}/{f['kind']}]: {f['message']}" for f in self.failures]
        lines.append(f"corrections not applied last time: {len(self.corrections_unmatched)}")
        lines += [f"  {line}" for line in self.corrections_unmatched]
        return lines


def pending_work(folder: OutputFolder, config: Config) -> dict[str, list[str]]:
    """The recorded inputs' files the next run would extract (new, changed, stale) or drop (removed)."""
    manifest = folder.manifest()
    made_by = producer(config)
    cache = folder.row_cache(made_by)
    inputs = [Path(p) for p in json.loads(manifest.meta.get("inputs", "[]"))]
    work: dict[str, list[str]] = {"new": [], "changed": [], "stale": [], "removed": []}
    files = find_inputs(p for p in inputs if p.exists())
    for path in files:
        entry = manifest.entries.get(str(path))
        source = describe(path, manifest, made_by)
        if entry is not None and entry.producer != made_by:
            work["stale"].append(str(path))
        elif entry is None and not cache.has(source.sha256):
            work["new"].append(str(path))
        elif entry is not None and entry.sha256 != source.sha256:
            work["changed"].append(str(path))
    work["removed"] = sorted(set(manifest.entries) - {str(p) for p in files})
    return work


def status(out: Path, config: Config | None = None) -> Status:
    """The status of the output directory `out`; FileNotFoundError before its first run."""
    folder = OutputFolder(out)
    current = folder.current
    if current is None:
        raise FileNotFoundError(f"{out}: no dataset version here; run `gongkai run --out {out}` first")
    manifest = folder.manifest(current)
    last = folder.run_summary(current)
    return Status(
        version=current.name,
        files=Counter(e.status for e in manifest.entries.values()),
        pending=pending_work(folder, config or Config()),
        failures=last["failures"],
        corrections_unmatched=last.get("corrections_unmatched", []),
    )


def version_lines(out: Path) -> list[str]:
    """One line per kept version, oldest first, the current one marked with *."""
    folder = OutputFolder(out)
    current = folder.current
    lines = []
    for version in folder.versions():
        summary = folder.run_summary(version)
        mark = "*" if version == current else " "
        lines.append(
            f"{mark} {version.name}  {summary['documents']} documents, {summary['extracted']} extracted, "
            f"{summary['failed']} failed"
        )
    return lines
