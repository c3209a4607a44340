"""Score a dataset against gold annotations (one JSON per source document).

The gold format and the matching rules: a task matches on a similar title, a unit on its normalised
name (or one of the gold's alternative spellings) within the same role, a statistic on equal value,
equal measure word and half of the gold label's characters; `optional` items are neither rewarded
nor punished. `gongkai evaluate --gold DIR DATASET` prints the per-document lines and the summary.
"""

from __future__ import annotations

import fnmatch
import json
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.loader import load_dataset

TITLE_MATCH = 0.7  # similarity a predicted title needs to count as the gold task
LABEL_OVERLAP = 0.5  # share of a gold label's characters that must appear in the predicted label
ROLES = ("lead", "responsible", "cooperating")
DOC_FIELDS = ("doc_type", "city", "district", "year")

_DROP = re.compile(r"[\s\u3000“”\"'‘’《》〈〉<>「」『』]+")
_TRIM = "。；;，,.、:：·"


def present(x: Any) -> Any:
    """None for a missing value (None, NaN, NaT, blank string), else x."""
    if x is None or (isinstance(x, str) and not x.strip()):
        return None
    if not isinstance(x, (str, list, tuple, dict)) and pd.isna(x):
        return None
    return x


def norm(s: Any) -> str:
    s = present(s)
    return "" if s is None else _DROP.sub("", unicodedata.normalize("NFKC", str(s))).strip(_TRIM)


def title_similarity(gold: Any, pred: Any) -> float:
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return 0.0
    ratio = SequenceMatcher(None, g, p, autojunk=False).ratio()
    shorter, longer = sorted((len(g), len(p)))
    if (g in p or p in g) and shorter / longer >= 0.5:
        ratio = max(ratio, 0.9)
    if (g.startswith(p) or p.startswith(g)) and shorter >= 6:
        ratio = max(ratio, 0.85)
    return ratio


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def __str__(self) -> str:
        return f"P={self.p:.3f} R={self.r:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


@dataclass
class Accuracy:
    ok: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.ok += bool(ok)

    @property
    def value(self) -> float:
        return self.ok / self.n if self.n else 1.0

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.ok}/{self.n})"


def greedy_match(
    gold: Sequence, pred: Sequence, sim: Callable[[Any, Any], float | None]
) -> list[tuple[int, int]]:
    """One-to-one (gold, pred) index pairs, most similar first; `sim` returns None for no match."""
    candidates = sorted(
        (
            (s, gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if (s := sim(g, p)) is not None
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def match_units(gold_units: list, pred_units: list[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) of normalised predicted names against gold units (a name or a list of spellings)."""
    remaining = list(pred_units)
    tp = 0
    for unit in gold_units:
        spellings = [norm(u) for u in (unit if isinstance(unit, list) else [unit])]
        hit = next((p for p in remaining if p in spellings), None)
        if hit is not None:
            remaining.remove(hit)
            tp += 1
    return tp, len(remaining), len(gold_units) - tp


@dataclass
class Report:
    """Scores over a set of gold documents, and the lines that explain them."""

    fields: dict[str, Accuracy] = field(default_factory=lambda: {k: Accuracy() for k in DOC_FIELDS})
    tasks: PRF = field(default_factory=PRF)
    units: PRF = field(default_factory=PRF)
    units_any: PRF = field(default_factory=PRF)
    deadlines: Accuracy = field(default_factory=Accuracy)
    stats: PRF = field(default_factory=PRF)
    metrics: Accuracy = field(default_factory=Accuracy)
    cells: Accuracy = field(default_factory=Accuracy)
    missing: list[str] = field(default_factory=list)
    documents: int = 0
    details: list[str] = field(default_factory=list)  # misses and extras
    per_document: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "docs_missing": len(self.missing),
            "task_f1": round(self.tasks.f1, 4),
            "task_p": round(self.tasks.p, 4),
            "task_r": round(self.tasks.r, 4),
            "unit_f1": round(self.units.f1, 4),
            "unit_any_f1": round(self.units_any.f1, 4),
            "deadline_acc": round(self.deadlines.value, 4),
            "stat_f1": round(self.stats.f1, 4),
            "stat_p": round(self.stats.p, 4),
            "stat_r": round(self.stats.r, 4),
            "metric_acc": round(self.metrics.value, 4),
            "cell_acc": round(self.cells.value, 4),
            **{f"{k}_acc": round(a.value, 4) for k, a in self.fields.items()},
        }

    def lines(self, verbose: bool = False) -> list[str]:
        out = list(self.per_document)
        if verbose:
            out += self.details
        out += [
            "",
            f"documents  : {self.documents - len(self.missing)}/{self.documents} found",
            *(f"{k:<11}: {a}" for k, a in self.fields.items()),
            f"tasks      : {self.tasks}",
            f"units      : {self.units}",
            f"deadlines  : {self.deadlines}",
            f"statistics : {self.stats}",
            f"metric ids : {self.metrics}",
            f"report cells: {self.cells}",
            " ".join(f"{k}={v}" for k, v in self.summary().items()),
        ]
        return out


def tally(gold: list[dict], n_pred: int, pairs: list[tuple[int, int]]) -> tuple[PRF, list[int], set, set]:
    """Counts of a matching where optional gold items are neither rewarded nor punished.

    Returns the counts, the indices of the required gold items and the matched gold and predicted indices.
    """
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    tp = sum(1 for gi in matched_g if not gold[gi].get("optional"))
    return PRF(tp, n_pred - len(matched_p), len(required) - tp), required, matched_g, matched_p


def score_fields(gold: dict, doc: dict, report: Report, name: str) -> None:
    for key, acc in report.fields.items():
        expected = gold.get(key)
        if expected is None:
            continue
        got = present(doc.get(key))
        ok = int(got) == int(expected) if key == "year" and got is not None else norm(got) == norm(expected)
        acc.add(ok)
        if not ok:
            report.details.append(f"  [{name}] {key}: gold={expected!r} got={got!r}")


def score_units(gold_task: dict, got: list[dict], report: Report, doc_prf: PRF, name: str) -> None:
    units = gold_task["units"]
    optional = {norm(u) for u in units.get("optional") or []}
    all_gold: list = []
    all_pred: list[str] = []
    for role in ROLES:
        gold_units = units.get(role) or []
        mine = [
            u
            for u in got
            if norm(u.get("role")) == role
            and norm(u.get("unit")) not in optional
            and norm(u.get("unit_raw")) not in optional
        ]
        by_name = match_units(gold_units, [norm(u.get("unit")) for u in mine])
        raw_names = [norm(u.get("unit_raw")) for u in mine]
        by_raw = match_units(gold_units, raw_names) if any(raw_names) else (-1, 0, 0)
        tp, fp, fn = by_raw if by_raw[0] > by_name[0] else by_name
        report.units.add(tp, fp, fn)
        doc_prf.add(tp, fp, fn)
        if fp or fn:
            got_names = [norm(u.get("unit")) for u in mine]
            report.details.append(
                f"  [{name}] units/{role} of '{gold_task['title']}': gold={gold_units} got={got_names}"
            )
        all_gold += gold_units
        all_pred += [norm(u.get("unit")) for u in mine]
    report.units_any.add(*match_units(all_gold, all_pred))


def score_deadline(gold_task: dict, pred: dict, report: Report, doc_acc: Accuracy, name: str) -> None:
    expected = gold_task["deadline"] or {"type": "none", "date": None}
    got_type = norm(pred.get("deadline_type")) or "none"
    got_date = present(pred.get("deadline_date"))
    got_date = None if got_date is None else str(got_date)[:10]
    ok = got_type == expected["type"] and got_date == expected.get("date")
    report.deadlines.add(ok)
    doc_acc.add(ok)
    if not ok:
        report.details.append(
            f"  [{name}] deadline of '{gold_task['title']}': gold={expected} "
            f"got=({pred.get('deadline_type')}, {got_date}, {pred.get('deadline_raw')!r})"
        )


def score_tasks(gold: dict, pred_tasks: list[dict], units: list[dict], report: Report, name: str) -> tuple:
    gold_tasks = gold.get("tasks") or []

    def similar(g: dict, p: dict) -> float | None:
        s = title_similarity(g["title"], p.get("title"))
        return s if s >= TITLE_MATCH else None

    pairs = greedy_match(gold_tasks, pred_tasks, similar)
    doc_tasks, required, matched_g, matched_p = tally(gold_tasks, len(pred_tasks), pairs)
    report.tasks.add(doc_tasks.tp, doc_tasks.fp, doc_tasks.fn)
    report.details += [
        f"  [{name}] missed task: {gold_tasks[i]['title']}" for i in required if i not in matched_g
    ]
    report.details += [
        f"  [{name}] extra task: {p.get('title')}" for i, p in enumerate(pred_tasks) if i not in matched_p
    ]
    by_task: dict[Any, list[dict]] = {}
    for unit in units:
        by_task.setdefault(unit.get("task_id"), []).append(unit)
    doc_units, doc_deadlines = PRF(), Accuracy()
    for gi, pi in pairs:
        g, p = gold_tasks[gi], pred_tasks[pi]
        if g.get("units") is not None:
            score_units(g, by_task.get(p.get("task_id"), []), report, doc_units, name)
        if "deadline" in g and g["deadline"] != "skip":
            score_deadline(g, p, report, doc_deadlines, name)
    return doc_tasks, doc_units, doc_deadlines


def score_statistics(gold: dict, pred_stats: list[dict], report: Report, name: str) -> PRF:
    gold_stats = gold.get("statistics") or []

    def similar(g: dict, p: dict) -> float | None:
        value = present(p.get("value"))
        try:
            if value is None or not math.isclose(float(value), float(g["value"]), rel_tol=1e-9, abs_tol=1e-9):
                return None
        except (TypeError, ValueError):
            return None
        if norm(g.get("unit")) != norm(p.get("unit")):
            return None
        gl, pl = norm(g["label"]), norm(p.get("label"))
        if not gl:
            return 1.0
        overlap = sum(1 for ch in set(gl) if ch in pl) / len(set(gl))
        return overlap if overlap >= LABEL_OVERLAP else None

    pairs = greedy_match(gold_stats, pred_stats, similar)
    doc, required, matched_g, matched_p = tally(gold_stats, len(pred_stats), pairs)
    report.stats.add(doc.tp, doc.fp, doc.fn)
    for gi, pi in pairs:
        metric = gold_stats[gi].get("metric")
        if metric:
            ok = norm(pred_stats[pi].get("metric")) == norm(metric)
            report.metrics.add(ok)
            if not ok:
                got = pred_stats[pi].get("metric")
                report.details.append(
                    f"  [{name}] metric of {gold_stats[gi]['label']}: gold={metric} got={got}"
                )
    for gi in required:
        if gi not in matched_g:
            g = gold_stats[gi]
            report.details.append(
                f"  [{name}] missed stat: {g['label']} = {g['value']} {g.get('unit') or ''}"
            )
    for pi, p in enumerate(pred_stats):
        if pi not in matched_p:
            report.details.append(
                f"  [{name}] extra stat: {p.get('label')} = {p.get('value')} {p.get('unit') or ''}"
            )
    return doc


def score_cells(gold: dict, cells: list[dict], report: Report, name: str) -> Accuracy:
    found: dict[tuple, Any] = {}
    for c in cells:
        found.setdefault(
            (norm(c.get("table")), norm(c.get("row")), norm(c.get("col"))), present(c.get("value"))
        )
    doc = Accuracy()
    for c in gold.get("report_cells") or []:
        key = (norm(c["table"]), norm(c["row"]), norm(c["col"]))
        got = found.get(key)
        try:
            ok = got is not None and math.isclose(float(got), float(c["value"]), rel_tol=1e-9, abs_tol=1e-6)
        except (TypeError, ValueError):
            ok = False
        report.cells.add(ok)
        doc.add(ok)
        if not ok:
            report.details.append(f"  [{name}] cell {'/'.join(key)}: gold={c['value']} got={got}")
    return doc


def records(df: pd.DataFrame | None, doc_id: Any) -> list[dict]:
    if df is None or "doc_id" not in df.columns:
        return []
    return df[df["doc_id"] == doc_id].to_dict("records")


def evaluate(gold_dir: Path, dataset: Path, skip: Sequence[str] = ()) -> Report:
    """Score the dataset at `dataset` against every gold file in `gold_dir` not matching a `skip` glob."""
    golds = sorted(
        g for g in Path(gold_dir).glob("*.json") if not any(fnmatch.fnmatch(g.name, s) for s in skip)
    )
    if not golds:
        raise FileNotFoundError(f"{gold_dir}: no gold JSON files")
    tables = load_dataset(dataset, typed_columns=False).tables  # as stored: no categories, dates as text
    by_file: dict[str, dict] = {}
    for doc in tables["documents"].to_dict("records"):
        by_file.setdefault(Path(str(doc.get("source_path"))).name, doc)

    report = Report(documents=len(golds))
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        name = gold["file"]
        doc = by_file.get(name)
        if doc is None:
            report.missing.append(name)
            report.per_document.append(f"{name:<44} NOT IN DATASET")
            report.tasks.add(0, 0, sum(1 for t in gold.get("tasks") or [] if not t.get("optional")))
            report.stats.add(0, 0, sum(1 for s in gold.get("statistics") or [] if not s.get("optional")))
            for _ in gold.get("report_cells") or []:
                report.cells.add(False)
            continue
        doc_id = doc["doc_id"]
        score_fields(gold, doc, report, name)
        tasks, units, deadlines = score_tasks(
            gold,
            records(tables.get("tasks"), doc_id),
            records(tables.get("task_units"), doc_id),
            report,
            name,
        )
        stats = score_statistics(gold, records(tables.get("statistics"), doc_id), report, name)
        line = (
            f"{name:<44} tasks F1={tasks.f1:.2f}  units F1={units.f1:.2f}  "
            f"deadline={deadlines.value:.2f}  stats F1={stats.f1:.2f}"
        )
        if gold.get("report_cells"):
            cells = score_cells(gold, records(tables.get("report_cells"), doc_id), report, name)
            line += f"  cells={cells.value:.2f}"
        report.per_document.append(line)
    return report
