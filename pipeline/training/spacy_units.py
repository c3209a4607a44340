"""A spaCy pipeline for units and deadlines: blank `zh` on the project's jieba tokenizer, an
EntityRuler from the agency vocabulary, unit suffixes and deadline words, and (when trained by
scripts/train_spacy_units.py) a statistical `ner` before it, the ruler adding what `ner` left.

The rule-based parsers (pipeline/extract/units.py, deadlines.py) are what the pipeline uses:
on held-out documents they beat this pipeline (models/spacy_units.json).
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.extract.deadlines import deadline_words
from pipeline.extract.units import agency_keywords, unit_suffixes
from pipeline.segment.words import word_offsets

TOKENIZER = "gongkai.jieba_tokenizer.v1"
NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
MONTH_DATE = rf"{NUMBER}月(底|末|份|\d{{1,2}}日)?前?"
MONTH = r"^月(底|末|份)?$"


class JiebaTokenizer:
    """Words of the project's jieba tokenizer (user dictionary included) as a spaCy Doc."""

    def __init__(self, nlp: Any):
        self.vocab: Vocab = nlp.vocab

    def __call__(self, text: str) -> Doc:
        offsets = word_offsets(text)
        words = [text[start:end] for start, end in offsets]
        ends = [start for start, _ in offsets[1:]] + [len(text)]
        spaces = [next_start > end for (_, end), next_start in zip(offsets, ends, strict=True)]
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        """Nothing to save: the tokenizer is rebuilt from the package's resources."""

    def from_disk(self, path: Any, **kwargs: Any) -> JiebaTokenizer:
        return self


@spacy.registry.tokenizers(TOKENIZER)
def make_tokenizer() -> Any:
    return JiebaTokenizer


def ruler_patterns() -> list[dict[str, Any]]:
    """UNIT: a word ending in a unit suffix or holding an agency keyword; DEADLINE: a deadline
    word or a month date, each possibly followed by 前."""
    suffixes = "|".join(map(re.escape, sorted(unit_suffixes(), key=len, reverse=True)))
    keywords = "|".join(map(re.escape, sorted(agency_keywords(), key=len, reverse=True)))
    before = {"TEXT": "前", "OP": "?"}
    unit_word = {"TEXT": {"REGEX": rf"^\S*({suffixes})$"}}
    patterns: list[dict[str, Any]] = [
        {"label": "UNIT", "pattern": [{"TEXT": {"REGEX": rf"({keywords})"}, "OP": "+"}, unit_word]},
        {"label": "UNIT", "pattern": [unit_word]},
        {"label": "DEADLINE", "pattern": [{"TEXT": {"REGEX": rf"^{MONTH_DATE}$"}}, before]},
        {
            "label": "DEADLINE",
            "pattern": [{"TEXT": {"REGEX": rf"^{NUMBER}$"}}, {"TEXT": {"REGEX": MONTH}}, before],
        },
    ]
    for word in deadline_words():
        patterns.append({"label": "DEADLINE", "pattern": word})
    return patterns


def build_nlp() -> Any:
    """A blank `zh` pipeline with the jieba tokenizer and the entity ruler (no trained component)."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    ruler: Any = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns())
    return nlp


def entity_spans(nlp: Any, text: str) -> set[tuple[str, int, int]]:
    """(label, start, end) of every entity `nlp` finds in `text`."""
    return {(ent.label_, ent.start_char, ent.end_char) for ent in nlp(text).ents}
