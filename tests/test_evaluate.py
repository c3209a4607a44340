"""`gongkai evaluate` scores exactly as the reference scorer of the gold format does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, title_similarity

REFERENCE = Path(__file__).parent / "data" / "reference" / "score.py"

GOLD = {
    "file": "plan.txt",
    "doc_type": "work_plan",
    "city": "营口市",
    "district": "西市区",
    "year": 2018,
    "tasks": [
        {
            "title": "加强决策预公开",
            "units": {"lead": ["区财政局"], "responsible": [], "cooperating": [["各科室", "区政府各科室"]]},
            "deadline": {"type": "date", "date": "2018-11-30"},
        },
        {"title": "强化政府网站建设管理", "units": {"lead": ["区政府办公室"]}, "deadline": None},
        {"title": "强化组织领导", "units": None, "deadline": "skip", "optional": True},
        {"title": "用好“两微一端”新平台", "units": None, "deadline": {"type": "ongoing", "date": None}},
    ],
    "statistics": [
        {"label": "主动公开政府信息", "value": 62984, "unit": "条", "metric": "proactive_disclosed_total"},
        {"label": "行政复议", "value": 0, "unit": "件", "optional": True},
        {"label": "受理申请", "value": 14, "unit": "件", "metric": "requests_received"},
    ],
}


def write_dataset(root: Path) -> None:
    root.mkdir()
    pd.DataFrame(
        [
            {
                "doc_id": "d1",
                "source_path": "in/plan.txt",
                "doc_type": "work_plan",
                "city": "营口市",
                "district": None,
                "year": 2018,
            }
        ]
    ).to_parquet(root / "documents.parquet")
    pd.DataFrame(
        [
            {
                "doc_id": "d1",
                "task_id": "t1",
                "title": "加强决策预公开",
                "deadline_type": "date",
                "deadline_date": "2018-11-30",
            },
            {
                "doc_id": "d1",
                "task_id": "t2",
                "title": "强化政府网站建设",
                "deadline_type": "none",
                "deadline_date": None,
            },
            {
                "doc_id": "d1",
                "task_id": "t3",
                "title": "强化组织领导",
                "deadline_type": None,
                "deadline_date": None,
            },
            {
                "doc_id": "d1",
                "task_id": "t4",
                "title": "完全无关的任务",
                "deadline_type": "none",
                "deadline_date": None,
            },
        ]
    ).to_parquet(root / "tasks.parquet")
    pd.DataFrame(
        [
            {"doc_id": "d1", "task_id": "t1", "role": "lead", "unit": "区财政局", "unit_raw": "区财政局"},
            {
                "doc_id": "d1",
                "task_id": "t1",
                "role": "cooperating",
                "unit": "区政府各科室",
                "unit_raw": "各科室",
            },
            {
                "doc_id": "d1",
                "task_id": "t2",
                "role": "responsible",
                "unit": "区政府办公室",
                "unit_raw": "区政府办公室",
            },
        ]
    ).to_parquet(root / "task_units.parquet")
    pd.DataFrame(
        [
            {
                "doc_id": "d1",
                "label": "主动公开政府信息",
                "value": 62984.0,
                "unit": "条",
                "metric": "proactive_disclosed_total",
            },
            {"doc_id": "d1", "label": "行政复议", "value": 0.0, "unit": "件", "metric": None},
            {"doc_id": "d1", "label": "受理政府信息公开申请", "value": 14.0, "unit": "件", "metric": None},
            {"doc_id": "d1", "label": "阅读次数", "value": 247.0, "unit": "次", "metric": None},
        ]
    ).to_parquet(root / "statistics.parquet")


@pytest.fixture()
def scored(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "plan.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (gold / "missing.json").write_text(
        json.dumps({**GOLD, "file": "absent.txt"}, ensure_ascii=False), encoding="utf-8"
    )
    write_dataset(tmp_path / "ds")
    return gold, tmp_path / "ds"


def test_summary_equals_the_reference_scorer(scored, tmp_path):
    gold, ds = scored
    out = tmp_path / "ref.json"
    subprocess.run(
        [sys.executable, str(REFERENCE), str(gold), str(ds), "--json", str(out)],
        check=True,
        capture_output=True,
    )
    assert evaluate(gold, ds).summary() == json.loads(out.read_text(encoding="utf-8"))


def test_skip_leaves_out_matching_gold(scored):
    gold, ds = scored
    report = evaluate(gold, ds, skip=["missing*"])
    assert report.summary()["docs_missing"] == 0
    assert report.summary()["district_acc"] == 0.0


def test_cli_prints_the_summary_line(scored, capsys):
    gold, ds = scored
    assert main(["evaluate", "--gold", str(gold), str(ds), "-v"]) == 0
    out = capsys.readouterr().out
    assert "missed task: 用好“两微一端”新平台" in out
    assert out.strip().splitlines()[-1].startswith("docs_missing=1 task_f1=")


@pytest.mark.parametrize(
    ("gold", "pred", "matches"),
    [
        ("加强决策预公开", "加强决策预公开", True),
        ("强化政府网站建设管理", "强化政府网站建设", True),
        ("强化组织领导，加强工作力量和经费保障", "强化组织领导", True),
        ("加强决策预公开", "推进执行结果公开", False),
    ],
)
def test_title_similarity_threshold(gold, pred, matches):
    assert (title_similarity(gold, pred) >= 0.7) is matches
