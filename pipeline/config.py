"""What a run does: the stage list, each stage's settings, and the limits of its workers."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.stages import check_order

DEFAULT_STAGES: tuple[str, ...] = (
    "clean",
    "metadata",
    "outline",
    "tasks",
    "doctype",
    "categorize",
    "statistics",
    "report_tables",
)


@dataclass(frozen=True)
class StatisticsSettings:
    """Settings of the `statistics` stage."""

    targets: bool = False  # keep the figures a plan sets as targets too (kind "target")


@dataclass(frozen=True)
class Config:
    """Parameters of a run; the same Config always gives the same dataset.

    Building one checks the stage list (pipeline.stages.check_order): ValueError for an unknown
    stage or one that runs before a stage it needs.
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    statistics: StatisticsSettings = field(default_factory=StatisticsSettings)
    # the largest file ingest accepts, and the most a DOCX part may inflate to
    max_file_bytes: int = 200 * 1024 * 1024
    max_inflated_bytes: int = 50 * 1024 * 1024
    max_page_bytes: int = 20 * 1024 * 1024  # a web page larger than this is no article
    convert_timeout_seconds: float = 120.0  # LibreOffice converting one .doc or .wps
    # OCR of scanned pages and images: "rapidocr", "tesseract" (low memory) or "off"; pages rendered at
    ocr: str = "rapidocr"
    ocr_dpi: int = 200
    ocr_memory_bytes: int = 3 * 1024 * 1024 * 1024  # how much the OCR process may grow (its models)
    # a worker process extracting one document: its time limit, and how much its address space may grow
    document_timeout_seconds: float = 300.0
    worker_memory_bytes: int = 2 * 1024 * 1024 * 1024

    def __post_init__(self) -> None:
        check_order(self.stages)
