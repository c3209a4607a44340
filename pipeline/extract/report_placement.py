"""Value rows read without their label, put in place by the template's structure and identities.

Some exports move a table's label cells away from its values: a wrapped label lands in lines
of text before or after the table, and its numbers are left as a row of values alone. Such a
loose row still says where it belongs:

- its length and its own total: a row of table 3 has seven values, the last the sum of the
  six before it; a row of table 4 five, the last the sum of the four before it (a row of
  fifteen is table 4's three rows run on into one);
- the fixed order of the template's rows: the loose rows between two rows that were read with
  their labels fill, in order, the template rows between those two, when the counts agree;
- the table's totals: the placed rows must not make more of the table's checks fail.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from pipeline.extract.report_checks import CellKey, run_checks
from pipeline.extract.report_template import template

RUN_ON_TABLES = ("4",)  # tables whose rows may come run on in one row of values
PLACED_TABLES = ("3", "4")  # tables whose rows have one set of columns and a row total


@dataclass(frozen=True)
class LooseRow:
    """A row of values read without a label: where it is and its values (a blank counts 0)."""

    position: int
    values: tuple[float, ...]


@dataclass(frozen=True)
class Placement:
    """Template row `row` of `table` is the values of loose row `index` from `first` on."""

    index: int
    first: int
    table: str
    row: str


@dataclass(frozen=True)
class Candidate:
    index: int
    first: int
    position: int
    values: tuple[float, ...]


def columns(table: str) -> tuple[str, ...]:
    return template().order[(table, "col")]


def adds_up(table: str, values: Sequence[float]) -> bool:
    """True when `values`, read as a row of `table`, hold the table's row total."""
    by_col = dict(zip(columns(table), values, strict=True))
    return all(
        math.isclose(sum(by_col[p] for p in parts), by_col[total], abs_tol=1e-6)
        for (parts_table, kind, total), parts in template().parts.items()
        if parts_table == table and kind == "col"
    )


def candidates(table: str, loose: Sequence[LooseRow]) -> list[Candidate]:
    """The loose rows that can be rows of `table`, a run-on row split into its rows."""
    width = len(columns(table))
    found = []
    for index, row in enumerate(loose):
        runs = len(row.values) // width if table in RUN_ON_TABLES else 1
        if not row.values or len(row.values) != runs * width:
            continue
        pieces = [row.values[i * width : (i + 1) * width] for i in range(runs)]
        if all(adds_up(table, piece) for piece in pieces):
            found += [Candidate(index, i * width, row.position, p) for i, p in enumerate(pieces)]
    return found


def form_rows(table: str, form: str) -> tuple[str, ...]:
    """The rows of `table` in the template of `form`, in order."""
    in_form = {label.id for label in template().rows.values() if label.form in ("", form)}
    return tuple(row for row in template().order[(table, "row")] if row in in_form)


def gaps(
    table: str, form: str, positions: Mapping[str, int], low: int, high: float
) -> Iterator[tuple[list[str], int, float]]:
    """(missing rows, from, to): the rows of `table` not read, between the rows that were read
    around them, with the document positions those rows bound."""
    missing: list[str] = []
    start = low
    for row in form_rows(table, form):
        if row not in positions:
            missing.append(row)
            continue
        if missing:
            yield missing, start, positions[row]
        missing, start = [], positions[row]
    if missing:
        yield missing, start, high


def place_table(
    table: str, form: str, found: Mapping[CellKey, int], loose: Sequence[LooseRow]
) -> list[Placement]:
    """The loose rows that fill gaps of `table` one for one, in template order."""
    positions: dict[str, int] = {}
    for (t, row, _), position in found.items():
        if t == table:
            positions[row] = min(position, positions.get(row, position))
    before = [p for (t, _, _), p in found.items() if t < table]
    after = [p for (t, _, _), p in found.items() if t > table]
    placements = []
    fits = candidates(table, loose)
    for missing, start, end in gaps(
        table, form, positions, max(before, default=-1), min(after, default=math.inf)
    ):
        inside = [c for c in fits if start < c.position < end]
        if len(inside) == len(missing):
            placements += [
                Placement(c.index, c.first, table, row) for c, row in zip(inside, missing, strict=True)
            ]
    return placements


def failures(cells: Mapping[CellKey, float], table: str) -> int:
    return sum(1 for check in run_checks(cells, {}) if not check.ok and check.cells[0][0] == table)


def place_loose_rows(
    form: str, found: Mapping[CellKey, tuple[float, int]], loose: Sequence[LooseRow]
) -> list[Placement]:
    """Where the loose rows belong, given the cells read with labels (value, position).

    A table's placements are kept only when they leave no more of its checks failing."""
    positions = {key: position for key, (_, position) in found.items()}
    cells = {key: value for key, (value, _) in found.items()}
    kept: list[Placement] = []
    for table in PLACED_TABLES:
        placements = place_table(table, form, positions, loose)
        placed = dict(cells)
        for p in placements:
            values = loose[p.index].values[p.first :]
            placed.update({(table, p.row, col): v for col, v in zip(columns(table), values, strict=False)})
        if placements and failures(placed, table) <= failures(cells, table):
            kept += placements
            cells = placed
            positions.update(
                {(table, p.row, col): loose[p.index].position for p in placements for col in columns(table)}
            )
    return kept
