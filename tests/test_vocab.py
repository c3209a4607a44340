"""The resource reader: word lists, CSV/TSV tables with '#' comments, and model files."""

from __future__ import annotations

from pipeline.vocab import MODELS, open_binary, read_table, read_words, resource_path


def test_word_lists_skip_comments_and_blank_lines() -> None:
    words = read_words("region_common_words.txt")
    assert "城区" in words
    assert not any(word.startswith("#") or not word for word in words)


def test_tables_read_csv_and_tsv_with_comments() -> None:
    rows = read_table("metadata_words.csv")
    assert set(rows[0]) == {"kind", "word"}
    assert ("title_join", "关于印发") in {(row["kind"], row["word"]) for row in rows}
    fields = read_table("page_fields.csv")
    assert {"field": "doc_number", "label": "文号"} in fields
    keywords = read_table("doctype_keywords.tsv", delimiter="\t")
    assert set(keywords[0]) == {"doc_type", "zone", "weight", "pattern"}
    assert read_table("metadata_words.csv") is rows  # read once


def test_model_files_open_as_bytes() -> None:
    assert resource_path("doctype.joblib", MODELS).is_file()
    assert not resource_path("no_such_file.csv").is_file()
    with open_binary("doctype.joblib", MODELS) as handle:
        assert handle.read(2)
