"""Turn one file into a Document: ingest it, then run the configured stages in order."""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.config import Config
from pipeline.document import Document, StageError
from pipeline.errors import GongkaiError
from pipeline.ingest import ingest
from pipeline.ingest.detect import file_id
from pipeline.stages import get_stage

log = logging.getLogger(__name__)


def extract_file(path: Path, config: Config | None = None) -> Document:
    """Ingest `path` and run every stage; failures are recorded on the Document, never raised."""
    config = config or Config()
    try:
        doc = ingest(path, config)
    except GongkaiError as err:
        return failed_document(path, "ingest", err.kind, err.reason)
    except Exception as err:  # a reader library choking on a damaged file
        log.warning("ingest of %s failed: %r", path, err)
        return failed_document(path, "ingest", "damaged_file", f"{type(err).__name__}: {err}")
    return run_stages(doc, config)


def run_stages(doc: Document, config: Config) -> Document:
    """Run the configured stages on `doc`; a stage that raises is recorded and the rest go on."""
    for name in config.stages:
        try:
            doc = get_stage(name).run(doc, config)
        except Exception as err:
            log.warning("stage %s failed on %s: %r", name, doc.source_path, err)
            doc.errors.append(StageError(name, "stage_failed", f"{type(err).__name__}: {err}"))
    return doc


def failed_document(path: Path, stage: str, kind: str, reason: str) -> Document:
    """A Document standing for a file that could not be read."""
    try:
        doc_id = file_id(path.read_bytes())
    except OSError:
        doc_id = ""
    doc = Document(doc_id=doc_id, source_path=str(path), format="", text="")
    doc.errors.append(StageError(stage, kind, reason))
    return doc
