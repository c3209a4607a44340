"""Corrections kept beside the dataset: applied by every run, surviving re-extraction and a report
republished under another name with other bytes, and reported when they no longer match."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from pipeline.batch import run
from pipeline.cli import main
from pipeline.config import Config
from pipeline.dataset.corrections import COLUMNS

TITLE = "某县人民政府2023年政府信息公开工作年度报告"


def report(proactive: int, requests: int) -> str:
    """A short annual report: a figure in prose, template rows of table 3, and an item that names a unit."""
    return (
        f"{TITLE}\n"
        f"一、总体情况\n2023年，全县共主动公开政府信息{proactive}条。\n"
        "（一）做好信息公开工作。责任单位：县政府办公室。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "本年新收政府信息公开申请数量\t{0}\t1\t0\t0\t0\t0\t{1}\n".format(requests - 1, requests)
        + "上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
    )


def extracted(out: Path) -> dict[str, pd.DataFrame]:
    folder = out / "current"
    return {
        name: pd.read_parquet(folder / f"{name}.parquet") for name in ("documents", "tasks", "report_cells")
    }


def corrected_run(tmp_path: Path, text: str, name: str = "report.txt", **options: object) -> Path:
    corpus = tmp_path / "in"
    corpus.mkdir(exist_ok=True)
    for old in corpus.iterdir():
        old.unlink()
    (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, Config(), workers=1, progress=False, **options)
    return out


def cell(tables: dict[str, pd.DataFrame]) -> float:
    cells = tables["report_cells"]
    found = cells[(cells.table == "3") & (cells.row == "new_received") & (cells.col == "total")]
    return float(found.value.iloc[0])


def correct(out: Path, *args: str) -> None:
    doc_id = extracted(out)["documents"].doc_id.iloc[0]
    assert main(["correct", str(out), "--doc", doc_id, *args]) == 0


def test_corrections_are_applied_and_survive_re_extraction_and_republication(tmp_path: Path) -> None:
    out = corrected_run(tmp_path, report(425, 36))
    before = extracted(out)
    assert cell(before) == 36 and list(before["tasks"].title) == ["做好信息公开工作"]
    correct(
        out, "--table", "report_cells", "--key", "table=3,row=new_received,col=total", "--set", "value=37"
    )
    correct(out, "--table", "tasks", "--key", "number=（一）,title=做好信息公开工作", "--delete")

    summary = run([tmp_path / "in"], out, Config(), workers=1, progress=False, full=True)
    after = extracted(out)
    assert cell(after) == 37 and after["tasks"].empty
    assert summary.corrections_applied == 2 and not summary.corrections_unmatched
    applied = pd.read_parquet(out / "current" / "corrections_applied.parquet")
    assert sorted(applied.action) == ["delete", "set"] and set(applied.line) == {2, 3}

    # the report republished under another name, a figure wider: every later offset shifts
    republished = corrected_run(tmp_path, report(1425, 36), name="republished-2024.txt")
    again = extracted(republished)
    assert cell(again) == 37 and again["tasks"].empty
    assert again["documents"].doc_id.iloc[0] != before["documents"].doc_id.iloc[0]


def test_a_correction_that_no_longer_matches_is_reported(tmp_path: Path, capsys) -> None:
    out = corrected_run(tmp_path, report(425, 36))
    correct(out, "--table", "tasks", "--key", "number=（一）,title=做好信息公开工作", "--delete")
    text = report(425, 36).replace("做好信息公开工作", "加强政策解读工作")
    summary = run([tmp_path / "in"], out, Config(), workers=1, progress=False)  # nothing changed yet
    assert summary.corrections_applied == 1
    (tmp_path / "in" / "report.txt").write_text(text, encoding="utf-8")
    summary = run([tmp_path / "in"], out, Config(), workers=1, progress=False)
    assert summary.corrections_applied == 0
    (line,) = summary.corrections_unmatched
    assert line.startswith("line 2: delete tasks") and "no such row" in line
    assert any("CORRECTION NOT APPLIED line 2" in shown for shown in summary.lines())
    assert main(["status", str(out)]) == 0
    assert "corrections not applied last time: 1" in capsys.readouterr().out
    written = json.loads((out / "current" / "run.json").read_text(encoding="utf-8"))
    assert written["corrections_unmatched"] == [line]


def test_a_correction_naming_any_copy_of_a_file_corrects_the_rows_they_share(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a-report.txt", "b-report.txt"):
        (corpus / name).write_text(report(425, 36), encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, Config(), workers=1, progress=False)
    key = json.dumps({"table": "3", "row": "new_received", "col": "total"}, ensure_ascii=False)
    with (out / "corrections.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow(
            ["set", "report_cells", str(corpus / "b-report.txt"), "", "", "", "", key, "value", "37"]
        )
    summary = run([corpus], out, Config(), workers=1, progress=False, full=True)
    tables = extracted(out)
    assert len(tables["documents"]) == 2  # a row per file; the cells they share, once:
    assert (
        len(tables["report_cells"]) == 14
        and not tables["report_cells"].duplicated(["table", "row", "col"]).any()
    )
    assert cell(tables) == 37 and summary.corrections_applied == 1 and not summary.corrections_unmatched
