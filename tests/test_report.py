"""`gongkai report`: one self-contained HTML page with the comparison charts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.compare.report import keep_top_columns

SECTIONS = (
    "Tasks per category per place",
    "Lead agency kinds",
    "Deadline calendar",
    "Disclosure figures",
    "Text reuse",
    "The city panel",
)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)


class Outline(HTMLParser):
    """The headings, svg elements and tags that would load something, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.svgs = 0
        self.loaders: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_h2 = tag == "h2"
        self.svgs += tag == "svg"
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.loaders.append(tag)

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.headings.append(data)
            self._in_h2 = False


@pytest.fixture(scope="module")
def page(bundled_dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The page `gongkai report` writes for the sample dataset."""
    out = tmp_path_factory.mktemp("report") / "site" / "report.html"
    assert main(["report", str(bundled_dataset), "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def test_the_page_has_every_chart(page: str) -> None:
    found = outline(page)
    assert found.headings == list(SECTIONS)
    assert found.svgs == len(SECTIONS) - 1


def test_the_page_loads_nothing_from_anywhere(page: str) -> None:
    assert not EXTERNAL.search(page)
    assert "http" not in page
    assert outline(page).loaders == []


@pytest.mark.parametrize("text", ["沈阳市 2018", "营口市西市区 2018", "government_office", "3119"])
def test_the_charts_keep_their_text_as_text(page: str, text: str) -> None:
    assert text in page


def test_keep_top_columns_sums_the_rest() -> None:
    table = pd.DataFrame({"a": [5, 1], "b": [1, 1], "c": [0, 3]})
    kept = keep_top_columns(table, 2)
    assert list(kept.columns) == ["a", "c", "other"] and kept.other.tolist() == [1, 1]


def test_the_command_refuses_a_folder_without_a_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 2
    assert "no gongkai dataset" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
