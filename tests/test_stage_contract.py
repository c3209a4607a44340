"""Every registered stage keeps the contract: deterministic, only adds its own spans, offsets in the text."""

from __future__ import annotations

import copy

import pytest

from pipeline.config import DEFAULT_STAGES, Config
from pipeline.ingest import ingest
from pipeline.process import run_stages
from pipeline.stages import get_stage

FILES = (
    "000_bb7ad2cec91f680d.txt",
    "002_69902300cdde23ce.txt",
    "003_9d5918fb5c505e81.txt",
    "001_179aec6b059d2134.txt",
)


def state_before(path, name):
    """The document as the stage `name` receives it in a default run."""
    before = DEFAULT_STAGES[: DEFAULT_STAGES.index(name)]
    return run_stages(ingest(path, Config()), Config(stages=before))


@pytest.mark.parametrize("name", DEFAULT_STAGES)
@pytest.mark.parametrize("file", FILES)
def test_stage_contract(samples_dir, file, name):
    doc = state_before(samples_dir / file, name)
    stage = get_stage(name)
    first, second = stage(copy.deepcopy(doc), Config()), stage(copy.deepcopy(doc), Config())
    assert first.spans == second.spans and first.meta == second.meta and first.text == second.text
    assert not first.errors
    assert first.spans[: len(doc.spans)] == doc.spans, "a stage may only add spans"
    assert all(s.stage == name for s in first.spans[len(doc.spans) :])
    assert all(0 <= s.start <= s.end <= len(first.text) for s in first.spans)
    assert all(0 <= b.start <= b.end <= len(first.text) for b in first.blocks)
    if name != "clean":
        assert first.text == doc.text, "only the clean stage rewrites the text"
