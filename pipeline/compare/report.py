"""`gongkai report DATASET --out report.html`: one self-contained HTML page comparing the places.

Charts are drawn with matplotlib and inlined as SVG whose text stays text (the browser's own
Chinese fonts render it), so the page needs no file and no network: tasks per category per
place, lead agency kinds, the deadline calendar, the disclosure figures and a text-reuse heat map.
"""

from __future__ import annotations

import html
import io
import logging
import re
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from pipeline.compare.panel import distinct_documents
from pipeline.compare.similarity import document_reuse
from pipeline.dataset.loader import Dataset

log = logging.getLogger(__name__)
FONTS: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text in the SVG
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimHei", "DejaVu Sans"],
    "font.size": 9,
}
SVG_START = re.compile(r"<svg\b")
SVG_CLUTTER = re.compile(r'<metadata>.*?</metadata>|\s+xmlns(?::xlink)?="[^"]*"', re.DOTALL)
MONTHS = list(range(1, 13))
TOP_KINDS = 12  # agency kinds shown; the rest are summed as "other"
MAX_METRICS = 6
STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;
max-width:1100px;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
figure{margin:1em 0}figcaption,p.note{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.8em}td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
th{background:#f4f4f4}svg{max-width:100%;height:auto}
"""


def place_label(documents: pd.DataFrame) -> pd.Series:
    """'营口市西市区 2018' for each document: its city, district and year."""
    docs = distinct_documents(documents).set_index("doc_id")
    year = docs.year.astype(str).replace("0", "")
    return (docs.city + docs.district + " " + year).str.strip()


def svg(draw: Callable[[Figure], None], size: tuple[float, float]) -> str:
    """The figure `draw` fills, as an inline SVG element."""
    with matplotlib.rc_context(FONTS), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from matplotlib's fonts: the browser has them
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return SVG_CLUTTER.sub("", text[SVG_START.search(text).start() :])  # type: ignore[union-attr]


def bars(frame: pd.DataFrame, title: str) -> Callable[[Figure], None]:
    """Stacked horizontal bars: one bar per row of `frame`, one colour per column."""

    def draw(figure: Figure) -> None:
        ax = figure.subplots()
        left = np.zeros(len(frame))
        colours = matplotlib.colormaps["tab20"]
        for i, column in enumerate(frame.columns):
            ax.barh(
                frame.index.astype(str), frame[column], left=left, label=str(column), color=colours(i % 20)
            )
            left += frame[column].to_numpy(dtype=float)
        ax.invert_yaxis()
        ax.set_title(title)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)

    return draw


def heat_map(frame: pd.DataFrame, title: str, fmt: str = "{:.0f}") -> Callable[[Figure], None]:
    """A grid of coloured cells, one per value of `frame`, the value written in each."""

    def draw(figure: Figure) -> None:
        ax = figure.subplots()
        values = frame.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(frame.shape[1]), [str(c) for c in frame.columns], rotation=45, ha="right")
        ax.set_yticks(range(frame.shape[0]), [str(i) for i in frame.index])
        peak = np.nanmax(values) if values.size else 0
        for (row, col), value in np.ndenumerate(values):
            if value == value and value:
                colour = "white" if value > peak / 2 else "black"
                ax.text(col, row, fmt.format(value), ha="center", va="center", fontsize=7, color=colour)
        ax.set_title(title)
        figure.colorbar(image, ax=ax, shrink=0.8)

    return draw


def small_multiples(frame: pd.DataFrame, title: str) -> Callable[[Figure], None]:
    """One small bar chart per column of `frame` (figures on different scales side by side)."""

    def draw(figure: Figure) -> None:
        grid = figure.subplots(1, len(frame.columns), squeeze=False, sharey=True)
        axes: list[Axes] = list(np.ravel(grid))
        for ax, column in zip(axes, frame.columns, strict=True):
            values = frame[column]
            ax.barh(frame.index.astype(str), values.fillna(0), color="#4878a8")
            for y, value in enumerate(values):
                ax.text(0, y, "" if value != value else f" {value:g}", va="center", fontsize=7)
            ax.set_title(str(column), fontsize=8)
        axes[0].invert_yaxis()
        figure.suptitle(title)

    return draw


# ----------------------------------------------------------------------------- the sections


def category_section(ds: Dataset, labels: pd.Series) -> str:
    tasks = ds.tasks[ds.tasks.doc_id.isin(labels.index)]
    if tasks.empty:
        return ""
    column = "category" if "category" in tasks and tasks.category.notna().any() else None
    keys = tasks.doc_id.map(labels)
    table = (
        tasks.assign(place=keys, group=tasks[column].astype(object) if column else "tasks")
        .groupby(["place", "group"])
        .size()
        .unstack(fill_value=0)
    )
    title = "Tasks per category" if column else "Tasks (no categories in this dataset)"
    return chart_section("Tasks per category per place", svg(bars(table, title), chart_size(table)))


def lead_kind_section(ds: Dataset, labels: pd.Series) -> str:
    from pipeline.compare.panel import lead_units

    units = ds.task_units[ds.task_units.doc_id.isin(labels.index)]
    if units.empty or "agency_kind" not in units:
        return ""
    leads = lead_units(units).drop_duplicates(["doc_id", "task_id", "agency_kind"])
    table = (
        leads.assign(place=leads.doc_id.map(labels), kind=leads.agency_kind.astype(object).fillna("unknown"))
        .groupby(["place", "kind"])
        .size()
        .unstack(fill_value=0)
    )
    table = keep_top_columns(table, TOP_KINDS)
    return chart_section(
        "Lead agency kinds",
        svg(
            heat_map(table, "Tasks led by each kind of agency (lead units, else responsible units)"),
            grid_size(table),
        ),
    )


def keep_top_columns(table: pd.DataFrame, count: int) -> pd.DataFrame:
    """The `count` largest columns of `table`, the others summed into one column 'other'."""
    order = table.sum().sort_values(ascending=False).index
    kept = table[order[:count]].copy()
    if len(order) > count:
        kept["other"] = table[order[count:]].sum(axis=1)
    return kept


def deadline_section(ds: Dataset, labels: pd.Series) -> str:
    tasks = ds.tasks[ds.tasks.doc_id.isin(labels.index)]
    dates = pd.to_datetime(tasks.deadline_date, errors="coerce")
    dated = tasks.assign(place=tasks.doc_id.map(labels), month=dates.dt.month)[dates.notna()]
    if dated.empty:
        return ""
    table = (
        dated.groupby(["place", "month"]).size().unstack(fill_value=0).reindex(columns=MONTHS, fill_value=0)
    )
    share = (
        tasks.assign(place=tasks.doc_id.map(labels))
        .groupby("place")
        .deadline_type.agg(lambda kinds: (kinds.astype(object) == "ongoing").mean())
    )
    note = ", ".join(f"{place}: {value:.0%}" for place, value in share.items())
    return chart_section(
        "Deadline calendar",
        svg(heat_map(table, "Tasks due in each month (dated deadlines)"), grid_size(table)),
        f"Share of tasks without an end (长期, 持续, 常态化): {note}.",
    )


def disclosure_section(ds: Dataset) -> str:
    panel = ds.city_panel()
    figures = [c for c in panel if c.startswith(("stat_", "cell_")) and panel[c].notna().any()]
    if not figures:
        return ""
    shown = sorted(figures, key=lambda c: -panel[c].notna().sum())[:MAX_METRICS]
    frame = panel.assign(place=panel_labels(panel)).set_index("place")[shown]
    frame.columns = [c.removeprefix("stat_").removeprefix("cell_") for c in shown]
    size = (min(2.2 * len(shown), 14), 0.45 * len(frame) + 1.5)
    return chart_section(
        "Disclosure figures",
        svg(small_multiples(frame, "What the reports state (canonical metrics and template cells)"), size),
    )


def panel_labels(panel: pd.DataFrame) -> pd.Series:
    year = panel.year.astype("string").fillna("")
    return (panel.city.fillna("") + panel.district.fillna("") + " " + year).str.strip()


def reuse_section(ds: Dataset, labels: pd.Series) -> str:
    similarity = ds.task_similarity()
    keep = set(labels.index)
    pairs = document_reuse(
        similarity[similarity.doc_id.isin(keep) & similarity.other_doc_id.isin(keep)], ds.tasks
    )
    if pairs.empty:
        return ""
    names = document_names(ds, labels)
    table = pairs.assign(a=pairs.doc_id.map(names), b=pairs.other_doc_id.map(names)).pivot_table(
        index="a", columns="b", values="reuse", aggfunc="max"
    )
    return chart_section(
        "Text reuse",
        svg(
            heat_map(
                table, "Mean best similarity of a plan's tasks (row) in another plan (column)", "{:.2f}"
            ),
            grid_size(table),
        ),
        "TF-IDF over jieba words, cosine; 1.0: the row's tasks all appear word for word in the column's"
        " plan.",
    )


def document_names(ds: Dataset, labels: pd.Series) -> pd.Series:
    """A short name per document: its place and year, with its type where a place has several."""
    docs = ds.documents.set_index("doc_id").loc[labels.index]
    names = labels + " " + docs.doc_type.astype(str).str.replace("_", " ")
    shared = names.duplicated(keep=False)
    return names.where(~shared, names + " " + labels.index.str[:4])


def panel_section(ds: Dataset) -> str:
    panel = ds.city_panel()
    shown = [c for c in panel if not c.startswith("lead_") or c == "top_lead_kind"]
    table = panel[shown].to_html(index=False, na_rep="", float_format=lambda v: f"{v:g}", border=0)
    return (
        f"<h2>The city panel</h2>\n<p class='note'>Dataset.city_panel(), lead counts left out.</p>\n{table}"
    )


def chart_section(title: str, chart: str, note: str = "") -> str:
    caption = f"<figcaption>{html.escape(note)}</figcaption>" if note else ""
    return f"<h2>{html.escape(title)}</h2>\n<figure>{chart}{caption}</figure>"


def chart_size(table: pd.DataFrame) -> tuple[float, float]:
    return 10.0, 0.4 * len(table) + 1.5


def grid_size(table: pd.DataFrame) -> tuple[float, float]:
    return min(0.55 * table.shape[1] + 4, 14), 0.4 * table.shape[0] + 2


# ----------------------------------------------------------------------------- the page


def documents_section(ds: Dataset, pages: Path) -> str:
    """Every document with a link to its page (`gongkai show`), and under it a link from each of
    its tasks, figures and template cells to where it was read, highlighted over the text."""
    docs = ds.documents.sort_values("source_path")
    links = row_links(ds, pages)
    rows = "".join(
        f"<tr><td><a href='{pages.name}/{d.doc_id}.html'>"
        f"{html.escape(Path(str(d.source_path)).name)}</a></td>"
        f"<td>{html.escape(str(d.doc_type))}</td><td>{html.escape(str(d.city or ''))}</td>"
        f"<td>{d.n_tasks}</td><td>{d.n_statistics}</td></tr>"
        f"<tr><td colspan='5'>{''.join(links.get(str(d.doc_id), []))}</td></tr>"
        for d in docs.itertuples()
    )
    header = "<tr><th>document</th><th>type</th><th>city</th><th>tasks</th><th>figures</th></tr>"
    return f"<h2>Documents</h2>\n<table>{header}{rows}</table>"


ROW_LINKS: dict[str, tuple[str, Callable[[Any], str]]] = {  # table: (span label, the row's name)
    "tasks": ("task", lambda r: f"{r.number} {r.title}"),
    "statistics": ("statistic", lambda r: f"{r.label} {r.value:g}{r.unit or ''}"),
    "report_cells": ("report_cell", lambda r: f"{r.table}/{r.row}/{r.col} {r.value:g}"),
}


def row_links(ds: Dataset, pages: Path) -> dict[str, list[str]]:
    """Per document, a folded list per table of its rows, each linked to its span on its page."""
    lists: dict[str, list[str]] = defaultdict(list)
    for table, (label, name) in ROW_LINKS.items():
        for doc_id, rows in ds[table].groupby("doc_id", sort=False, observed=True):
            page = f"{pages.name}/{doc_id}.html"
            links = " · ".join(
                html.escape(name(r))
                if pd.isna(r.char_start)  # a row a correction added: read from nowhere
                else f"<a href='{page}#{label}-{r.char_start}'>{html.escape(name(r))}</a>"
                for r in rows.itertuples()
            )
            lists[str(doc_id)].append(f"<details><summary>{table} ({len(rows)})</summary>{links}</details>")
    return lists


def report_html(ds: Dataset, pages: Path | None = None) -> str:
    """The whole report page for dataset `ds` (a documents section linking to `pages` when given)."""
    labels = place_label(ds.documents)
    plans = labels[ds.documents.set_index("doc_id").loc[labels.index].doc_type.astype(str) == "work_plan"]
    sections = [
        category_section(ds, plans),
        lead_kind_section(ds, plans),
        deadline_section(ds, plans),
        disclosure_section(ds),
        reuse_section(ds, plans),
        panel_section(ds),
        documents_section(ds, pages) if pages else "",
    ]
    docs = ds.documents
    summary = (
        f"{len(docs)} documents ({len(labels)} distinct), {docs.city.nunique()} cities, "
        f"{len(ds.tasks)} tasks, {len(ds.task_units)} units, {len(ds['statistics'])} figures."
    )
    body = "\n".join(section for section in sections if section)
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'>\n<head><meta charset='utf-8'>"
        f"<title>gongkai: comparing places</title><style>{STYLE}</style></head>\n<body>\n"
        f"<h1>Comparing places</h1>\n<p class='note'>{html.escape(summary)} "
        "Copies of one document in several formats count once.</p>\n"
        f"{body}\n</body>\n</html>\n"
    )


def write_report(ds: Dataset, out: Path, with_pages: bool = False) -> Path:
    """Write the report page for `ds` to `out`; `with_pages`: also each document's page (`gongkai
    show`) into OUT_files/, linked from a documents section."""
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = out.with_name(f"{out.stem}_files") if with_pages else None
    if pages is not None:
        from pipeline.show import show

        pages.mkdir(exist_ok=True)
        for doc_id in ds.documents.doc_id:
            show(ds.path, str(doc_id), pages / f"{doc_id}.html")
    out.write_text(report_html(ds, pages), encoding="utf-8")
    log.info("report written to %s", out)
    return out
