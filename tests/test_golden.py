"""Golden-file tests: one input per format and its expected extraction, reviewed as a diff.

Regenerate after an intended change with `pytest tests/test_golden.py --regen-golden`, then read the
diff of tests/data/golden/ before committing it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pipeline.dataset.rows import document_tables
from pipeline.process import extract_file

GOLDEN = Path(__file__).parent / "data" / "golden"
INPUTS = (
    "000_bb7ad2cec91f680d.txt",
    "004_1f809c4b636a09c4.gbk.txt",
    "000_bb7ad2cec91f680d.numbered.docx",
    "003_9d5918fb5c505e81.docx",
    "003_9d5918fb5c505e81.pdf",
    "001_179aec6b059d2134.pdf",
)
VOLATILE = {"source_path", "time"}


def stable(value):
    return None if isinstance(value, float) and math.isnan(value) else value


def extraction(path: Path) -> dict[str, list[dict]]:
    tables = document_tables(extract_file(path))
    return {
        name: [{k: stable(v) for k, v in row.items() if k not in VOLATILE} for row in rows]
        for name, rows in sorted(tables.items())
    }


@pytest.mark.parametrize("name", INPUTS)
def test_extraction_matches_golden_file(samples_dir, name, regen_golden):
    got = json.loads(json.dumps(extraction(samples_dir / name), ensure_ascii=False, default=str))
    golden = GOLDEN / f"{name}.json"
    if regen_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for table in expected:
        assert got[table] == expected[table], f"{name}: table {table} differs from {golden.name}"
