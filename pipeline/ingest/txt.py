"""TXT backend: decoded lines as paragraphs, runs of tab- or pipe-separated lines as tables."""

from __future__ import annotations

import re

from pipeline.config import Config
from pipeline.ingest.detect import decode_text
from pipeline.ingest.layout import GridCell, Layout, row_key

PIPES = ("|", "｜")
PIPE = re.compile("[|｜]")
SEPARATOR_CELL = re.compile(r":?-{2,}:?")
MIN_TABLE_LINES = 2  # a lone separated line is prose that happens to hold tabs


def read_txt(data: bytes, path: str, config: Config) -> Layout:
    """Decode `data` and lay out its lines."""
    text, encoding = decode_text(data, path)
    layout = Layout(encoding=encoding)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_lines = table_line_indexes(lines)
    table = row = -1
    header: tuple[str, ...] = ()
    for i, line in enumerate(lines):
        if i not in table_lines:
            layout.add_line(line)
            table = -1
            continue
        cells = split_row(line)
        if not any(cell for _, cell in cells):
            continue
        if table < 0:
            table, row, header = layout.new_table(), 0, row_key(cells)
        elif row_key(cells) == header:
            continue  # the header repeated where the table went on over a page break
        layout.add_row(cells, table, row)
        row += 1
    return layout


def table_line_indexes(lines: list[str]) -> set[int]:
    """Indexes of lines in runs of at least MIN_TABLE_LINES separated lines (blank lines between kept)."""
    indexes: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines):
        if is_row(line):
            run.append(i)
        elif line.strip() and run:
            indexes.update(span_of(run))
            run = []
    indexes.update(span_of(run))
    return indexes


def span_of(run: list[int]) -> range:
    """All lines from the first to the last of `run` if it is long enough to be a table."""
    return range(run[0], run[-1] + 1) if len(run) >= MIN_TABLE_LINES else range(0)


def is_row(line: str) -> bool:
    stripped = line.strip(" \u3000")
    return line.count("\t") >= 2 or (stripped.startswith(PIPES) and count_pipes(stripped) >= 2)


def count_pipes(line: str) -> int:
    return sum(line.count(pipe) for pipe in PIPES)


def split_row(line: str) -> list[GridCell]:
    """The cells of a separated line; a markdown rule line (|---|---|) has none."""
    stripped = line.strip(" \u3000")
    if line.count("\t") >= 2:
        parts = line.split("\t")
    else:
        parts = PIPE.split(stripped.removeprefix(stripped[:1]))
        if stripped.endswith(PIPES):
            parts.pop()
    cells = [part.strip(" \u3000") for part in parts]
    if all(SEPARATOR_CELL.fullmatch(cell) or not cell for cell in cells):
        return []
    return list(enumerate(cells))
