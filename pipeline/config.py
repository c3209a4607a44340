"""What a run does: the stage list and its parameters."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_STAGES: tuple[str, ...] = (
    "clean",
    "words",
    "metadata",
    "outline",
    "tasks",
    "categorize",
    "statistics",
    "report_tables",
)


@dataclass(frozen=True)
class Config:
    """Parameters of a run; the same Config always gives the same dataset."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    # the largest file ingest accepts, and the most a DOCX part may inflate to
    max_file_bytes: int = 200 * 1024 * 1024
    max_inflated_bytes: int = 50 * 1024 * 1024
    # a worker process extracting one document: its time limit, and how much its address space may grow
    document_timeout_seconds: float = 300.0
    worker_memory_bytes: int = 2 * 1024 * 1024 * 1024
    params: dict[str, object] = field(default_factory=dict)
