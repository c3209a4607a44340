"""Text reuse: the most similar task of every other document, and reuse between documents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import load_dataset
from pipeline.compare import similarity
from pipeline.compare.similarity import document_reuse, task_similarity, task_words

PLANS = {
    "a": [
        "加强政策解读工作,做好政策文件与解读材料同步公开",
        "推进财政预决算信息公开",
        "做好建议提案办理结果公开",
    ],
    "b": ["做好政策解读,政策文件与解读材料同步公开", "推进财政预算决算公开", "加强政府网站建设"],
    "copy": [
        "加强政策解读工作,做好政策文件与解读材料同步公开",
        "推进财政预决算信息公开",
        "做好建议提案办理结果公开",
    ],
    "other": ["开展安全生产大检查"],
}


def plan_tasks() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"doc_id": doc, "task_id": f"t{i:03d}", "title": text[:6], "text": text}
            for doc, texts in PLANS.items()
            for i, text in enumerate(texts, start=1)
        ]
    )


def best(table: pd.DataFrame, doc: str, task: str, other: str) -> pd.Series:
    row = table[(table.doc_id == doc) & (table.task_id == task) & (table.other_doc_id == other)]
    assert len(row) == 1
    return row.iloc[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("推进财政预决算公开。", ["推进", "财政预决算", "公开"]),
        ("(一)做好解读", ["一", "做好", "解读"]),
        ("、,;  ", []),
    ],
)
def test_task_words_leave_out_punctuation(text: str, words: list[str]) -> None:
    assert task_words(text) == words


@pytest.mark.parametrize(
    ("doc", "task", "other", "other_task"),
    [
        ("a", "t001", "b", "t001"),
        ("a", "t002", "b", "t002"),
        ("b", "t002", "a", "t002"),
        ("a", "t003", "copy", "t003"),
    ],
)
def test_each_task_finds_its_counterpart_in_every_other_document(
    doc: str, task: str, other: str, other_task: str
) -> None:
    row = best(task_similarity(plan_tasks()), doc, task, other)
    assert row.other_task_id == other_task and 0 < row.similarity <= 1


def test_an_identical_task_scores_one_and_unrelated_documents_no_row() -> None:
    table = task_similarity(plan_tasks())
    assert best(table, "a", "t001", "copy").similarity == pytest.approx(1.0)
    assert not ((table.doc_id == "other") | (table.other_doc_id == "other")).any()
    assert not (table.doc_id == table.other_doc_id).any()
    assert list(table.columns) == ["doc_id", "task_id", "other_doc_id", "other_task_id", "similarity"]


def test_chunks_give_the_same_table(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = task_similarity(plan_tasks())
    monkeypatch.setattr(similarity, "ROWS_PER_CHUNK", 2)
    pd.testing.assert_frame_equal(task_similarity(plan_tasks()), whole)


@pytest.mark.parametrize("tasks", [plan_tasks().iloc[:0], plan_tasks()[plan_tasks().doc_id == "a"]])
def test_fewer_than_two_documents_give_an_empty_table(tasks: pd.DataFrame) -> None:
    assert task_similarity(tasks).empty


def test_document_reuse() -> None:
    tasks = plan_tasks()
    reuse = document_reuse(task_similarity(tasks), tasks).set_index(["doc_id", "other_doc_id"])
    assert reuse.loc[("a", "copy"), "reuse"] == pytest.approx(1.0)
    assert reuse.loc[("a", "copy"), ["tasks", "matched"]].tolist() == [3, 3]
    assert 0 < reuse.loc[("a", "b"), "reuse"] < 1
    assert reuse.loc[("a", "b"), "matched"] == 1  # t002 (预决算 vs 预算决算) stays below the threshold


# ----------------------------------------------------------------------------- on the samples


def doc_ids(bundled_dataset: Path) -> dict[str, str]:
    docs = load_dataset(bundled_dataset).documents
    return dict(zip(docs.source_path.map(lambda p: Path(p).name), docs.doc_id, strict=True))


def test_copies_of_one_plan_in_other_formats_reuse_all_of_it(bundled_dataset) -> None:
    ds, ids = load_dataset(bundled_dataset), doc_ids(bundled_dataset)
    reuse = document_reuse(ds.task_similarity(), ds.tasks).set_index(["doc_id", "other_doc_id"])
    pair = (ids["000_bb7ad2cec91f680d.txt"], ids["000_bb7ad2cec91f680d.docx"])
    assert reuse.loc[pair, "reuse"] > 0.99 and reuse.loc[pair, "matched"] == 13


@pytest.mark.parametrize(
    ("title", "other_title", "least"),
    [
        ("建立健全主动公开基本目录制度", "建立健全主动公开基本目录制度", 0.9),
        ("贯彻落实政府信息公开条例", "贯彻落实政府信息公开条例", 0.9),
    ],
)
def test_the_district_plan_shares_tasks_with_the_city_plan(
    bundled_dataset, title: str, other_title: str, least: float
) -> None:
    ds, ids = load_dataset(bundled_dataset), doc_ids(bundled_dataset)
    district, city = ids["002_69902300cdde23ce.txt"], ids["003_9d5918fb5c505e81.txt"]
    titles = ds.tasks.set_index(["doc_id", "task_id"]).title
    table = ds.task_similarity()
    pairs = table[(table.doc_id == district) & (table.other_doc_id == city)]
    found = pairs[[titles[(district, t)] == title for t in pairs.task_id]]
    assert len(found) == 1
    assert titles[(city, found.other_task_id.item())] == other_title
    assert found.similarity.item() >= least
