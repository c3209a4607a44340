"""Every registered stage keeps the contract: deterministic, only adds its own spans of the labels it
declares, offsets in the text; a config that runs a stage before one it needs is refused."""

from __future__ import annotations

import copy

import pytest

from pipeline.config import DEFAULT_STAGES, Config
from pipeline.ingest import ingest
from pipeline.process import run_stages
from pipeline.records import SPAN_LABELS
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
    first, second = stage.run(copy.deepcopy(doc), Config()), stage.run(copy.deepcopy(doc), Config())
    assert first.spans == second.spans and first.meta == second.meta and first.text == second.text
    assert not first.errors
    assert first.spans[: len(doc.spans)] == doc.spans, "a stage may only add spans"
    assert all(s.stage == name for s in first.spans[len(doc.spans) :])
    assert {s.label for s in first.spans[len(doc.spans) :]} <= set(stage.assigns), "undeclared labels"
    if first.meta != doc.meta:
        assert {"meta", "doc_type"} & set(stage.assigns)
    assert all(0 <= s.start <= s.end <= len(first.text) for s in first.spans)
    assert all(0 <= b.start <= b.end <= len(first.text) for b in first.blocks)
    if name != "clean":
        assert first.text == doc.text, "only the clean stage rewrites the text"


def test_every_assigned_label_has_a_record_type() -> None:
    parts = {"canonical_text", "chrome", "page_fields", "meta", "doc_type"}
    for name in DEFAULT_STAGES:
        stage = get_stage(name)
        assert set(stage.assigns) <= parts | set(SPAN_LABELS), name
        assert set(stage.requires) <= parts | set(SPAN_LABELS), name


def test_a_stage_before_what_it_needs_is_refused() -> None:
    with pytest.raises(ValueError, match="stage 'tasks' requires section, which stage 'outline' assigns"):
        Config(stages=("clean", "metadata", "tasks", "outline"))


def test_a_stage_before_the_clean_text_is_refused() -> None:
    with pytest.raises(ValueError, match="run 'clean' before 'outline'"):
        Config(stages=("outline", "clean"))


def test_an_unknown_stage_is_refused_when_the_config_is_built() -> None:
    with pytest.raises(KeyError, match="no stage called 'words'"):
        Config(stages=("clean", "words"))


@pytest.mark.parametrize(
    "stages",
    [DEFAULT_STAGES, ("clean",), ("clean", "report_tables"), ("clean", "outline", "tasks"), ("metadata",)],
)
def test_a_stage_may_run_without_what_no_stage_of_the_config_assigns(stages: tuple[str, ...]) -> None:
    assert Config(stages=stages).stages == stages
