"""`gongkai diff`: what changed between two dataset versions, on a report republished under a new name."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.batch import run
from pipeline.cli import main
from pipeline.compare.diff import diff_folder

REPORT = """淮安市某区人民政府办公室2024年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》编制。

一、总体情况
2024年，区政府办公室全年共主动公开政府信息425条，其中规范性文件12件。
全年收到政府信息公开申请36件，办结申请35件。
二、存在的主要问题及改进情况
公开质量仍需提升。
三、其他需要报告的事项
本年度收取信息处理费0元。
"""

PLAN = """某市人民政府办公室关于印发2024年政务公开工作要点的通知
一、加强政策解读
（一）做好政策发布。责任单位：市政府办公室、市司法局，2024年12月底前完成。
二、2023年共主动公开政府信息1234条，其中规范性文件12件。
"""


def publish(folder: Path, out: Path, files: dict[str, str]) -> None:
    """Make `folder` hold exactly `files` and run the batch over it (a new dataset version)."""
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    run([folder], out, workers=1, progress=False)


def diff_output(out: Path, capsys: pytest.CaptureFixture[str], *versions: str) -> list[str]:
    assert main(["diff", str(out), *versions]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_republished_report_shows_only_the_figure_that_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    publish(folder, out, {"report_2024.txt": REPORT})
    # republished under a new name, one figure a digit wider: every later offset moves by one
    publish(folder, out, {"report_2024_revised.txt": REPORT.replace("425条", "1425条")})
    summary = json.loads((out / "current" / "run.json").read_text(encoding="utf-8"))
    assert summary["rows_changed"] == 1  # the run says how many rows changed

    lines = diff_output(out, capsys)
    changes = [line.strip() for line in lines if line.startswith("  ")]
    assert changes == [
        f"~ {folder / 'report_2024_revised.txt'} [主动公开政府信息 / proactive_disclosed_total / 条] "
        "value: 425 → 1425"
    ]
    assert "statistics: 1 changed, 0 removed, 0 added" in lines
    assert f"document {folder / 'report_2024.txt'} → {folder / 'report_2024_revised.txt'}" in lines[1]
    for table in ("documents", "sections", "tasks", "task_units", "report_cells", "checks"):
        assert f"{table}: no change" in lines
    assert not any(line.startswith(("+ ", "- ")) for line in lines)

    # the same by version numbers, and as an HTML page
    html = tmp_path / "diff.html"
    assert main(["diff", str(out), "1", "2", "--html", str(html)]) == 0
    assert capsys.readouterr().out.splitlines()[: len(lines)] == lines
    page = html.read_text(encoding="utf-8")
    assert "<td>425</td><td>1425</td>" in page and "主动公开政府信息" in page


def test_a_removed_and_an_added_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    publish(folder, out, {"report.txt": REPORT})
    publish(folder, out, {"plan.txt": PLAN})

    diff = diff_folder(out)
    assert diff.pairs == []
    assert [d["source_path"] for d in diff.removed] == [str(folder / "report.txt")]
    assert [d["source_path"] for d in diff.added] == [str(folder / "plan.txt")]
    assert diff.changed_rows == 0  # rows of whole documents are counted on the document's line

    lines = diff_output(out, capsys)
    assert f"- document {folder / 'report.txt'} (3 sections, 5 statistics)" in lines
    added = next(line for line in lines if line.startswith("+ document"))
    assert str(folder / "plan.txt") in added and "1 tasks" in added


def test_versions_that_are_not_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    publish(tmp_path / "in", out, {"report.txt": REPORT})
    assert main(["diff", str(out)]) == 2  # only one version: nothing before the current one
    assert main(["diff", str(out), "1", "7"]) == 2
    assert "no version 7" in capsys.readouterr().err


def test_copies_of_one_file_hold_its_rows_once_and_a_changed_copy_shows_only_its_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    copies = {f"{place}/plan.txt".replace("/", "_"): PLAN for place in ("city", "county", "archive")}
    publish(folder, out, copies)
    current = out / "current"
    documents, tasks = (
        pd.read_parquet(current / "documents.parquet"),
        pd.read_parquet(current / "tasks.parquet"),
    )
    assert len(documents) == 3 and documents.doc_id.nunique() == 1
    assert len(tasks) == 1 and not tasks.duplicated(["doc_id", "task_id"]).any()
    publish(folder, out, {**copies, "county_plan.txt": PLAN.replace("12月底前", "11月底前")})
    lines = diff_output(out, capsys)
    assert "documents: no change" in lines and "task_units: no change" in lines
    changed = [line for line in lines if line.startswith("  ~ ")]
    assert len(changed) == 1 and "county_plan.txt" in changed[0] and "2024-12-31 → 2024-11-30" in changed[0]


def test_a_correction_to_an_unchanged_file_shows_in_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    publish(folder, out, {"report.txt": REPORT, "plan.txt": PLAN})
    statistics = pd.read_parquet(out / "current" / "statistics.parquet")
    documents = pd.read_parquet(out / "current" / "documents.parquet")
    figure = statistics[
        statistics.doc_id == documents.doc_id[documents.source_path.str.endswith("report.txt")].iloc[0]
    ]
    label, metric, value = figure.label.iloc[0], figure.metric.iloc[0], figure.value.iloc[0]
    key = f"label={label},metric={metric}"
    assert (
        main(
            [
                "correct",
                str(out),
                "--doc",
                figure.doc_id.iloc[0],
                "--table",
                "statistics",
                "--key",
                key,
                "--set",
                "value=999",
            ]
        )
        == 0
    )
    run([folder], out, workers=1, progress=False)  # the same files: only the correction differs
    changed = [line for line in diff_output(out, capsys) if line.startswith("  ~ ")]
    assert len(changed) == 1 and "report.txt" in changed[0] and f"value: {value:g} → 999" in changed[0]
