"""Train a spaCy `ner` for units and deadlines on the gold-labelled sample plans and compare it,
leaving one document out, with the entity ruler alone and with the rule-based parsers.

Gold spans: in each task's text, the units of the gold file as written and the deadline as
written (the gold gives its type and date; the span is the text the rules read it from where
the rules agree with the gold). Scores are exact-span precision/recall/F1; they go to
models/spacy_units.json and the pipeline trained on every document to models/spacy_units/.

    .venv/bin/python scripts/train_spacy_units.py
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import spacy
from spacy.training import Example

from pipeline.process import extract_file
from pipeline.records import Task
from pipeline.training.spacy_units import build_nlp, entity_spans

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
GOLD = ROOT / "tests" / "data" / "gold"
PLANS = ("000_bb7ad2cec91f680d.txt", "002_69902300cdde23ce.txt", "003_9d5918fb5c505e81.txt")
OUT = ROOT / "models" / "spacy_units"
METRICS = ROOT / "models" / "spacy_units.json"
EPOCHS = 6
Spans = set[tuple[str, int, int]]
log = logging.getLogger("train_spacy_units")


def gold_units(units: dict[str, list]) -> list[str]:
    """The as-written spelling of every gold unit of a task."""
    names = [
        u[0] if isinstance(u, list) else u
        for role in ("lead", "responsible", "cooperating")
        for u in units[role]
    ]
    return sorted(set(names), key=len, reverse=True)


def occurrences(text: str, name: str, taken: set[int]) -> Spans:
    spans, start = set(), text.find(name)
    while start >= 0:
        if not taken & set(range(start, start + len(name))):
            spans.add(("UNIT", start, start + len(name)))
            taken.update(range(start, start + len(name)))
        start = text.find(name, start + 1)
    return spans


def document_examples(name: str) -> list[tuple[str, Spans, Spans]]:
    """(task text, gold spans, the rules' spans) of every task of one plan matched in its gold."""
    doc = extract_file(SAMPLES / name)
    gold_tasks = {
        t["title"]: t for t in json.loads((GOLD / f"{name.removesuffix('.txt')}.json").read_text())["tasks"]
    }
    examples = []
    for task in doc.spans_of(Task):
        gold = gold_tasks.get(task.record.title)
        if gold is None or not gold["units"]:
            continue
        text, task_id = doc.span_text(task), task.record.task_id
        mine = [s for s in doc.spans if s.record.task_id == task_id and s.label in ("unit", "deadline")]
        rules = {(s.label.upper(), s.start - task.start, s.end - task.start) for s in mine}
        spans: Spans = set()
        taken: set[int] = set()
        for unit in gold_units(gold["units"]):
            spans |= occurrences(text, unit, taken)
        if gold["deadline"] not in (None, "skip") and gold["deadline"]["type"] == task.record.deadline_type:
            spans |= {span for span in rules if span[0] == "DEADLINE"}
        examples.append((text, spans, rules))
    return examples


def train(examples: list[tuple[str, Spans, Spans]]) -> spacy.language.Language:
    """The ruler pipeline with a `ner` before it, trained on `examples`."""
    nlp = build_nlp()
    ner = nlp.add_pipe("ner", before="entity_ruler")
    data = []
    for text, spans, _ in examples:
        doc = nlp.make_doc(text)
        ents = [
            doc.char_span(s, e, label, alignment_mode="expand")
            for label, s, e in sorted(spans, key=lambda x: x[1])
        ]
        kept, end = [], -1
        for ent in ents:
            if ent is not None and ent.start >= end:
                kept.append(ent)
                end = ent.end
        data.append(
            Example.from_dict(doc, {"entities": [(e.start_char, e.end_char, e.label_) for e in kept]})
        )
    for label in ("UNIT", "DEADLINE"):
        ner.add_label(label)
    random.seed(0)
    spacy.util.fix_random_seed(0)
    with nlp.select_pipes(enable=["ner"]):  # initializing the ruler would drop its patterns
        optimizer = nlp.initialize(lambda: data)
        for _ in range(EPOCHS):
            random.shuffle(data)
            for batch in spacy.util.minibatch(data, size=8):
                nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def tally(pairs: list[tuple[Spans, Spans]]) -> dict[str, float]:
    """Exact-span precision, recall and F1 of (gold, predicted) pairs."""
    hits = sum(len(gold & pred) for gold, pred in pairs)
    n_pred, n_gold = sum(len(p) for _, p in pairs), sum(len(g) for g, _ in pairs)
    precision, recall = hits / (n_pred or 1), hits / (n_gold or 1)
    f1 = 2 * precision * recall / ((precision + recall) or 1)
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    by_document = {name: document_examples(name) for name in PLANS}
    results: dict[str, list[tuple[Spans, Spans]]] = {"rules": [], "entity_ruler": [], "ruler_and_ner": []}
    ruler = build_nlp()
    for held_out, examples in by_document.items():
        nlp = train([ex for name, exs in by_document.items() if name != held_out for ex in exs])
        for text, gold, rules in examples:
            results["rules"].append((gold, rules))
            results["entity_ruler"].append((gold, entity_spans(ruler, text)))
            results["ruler_and_ner"].append((gold, entity_spans(nlp, text)))
    scores = {name: tally(pairs) for name, pairs in results.items()}
    for name, score in scores.items():
        log.info(
            "%s: held-out span F1 %.3f (P %.3f R %.3f)",
            name,
            score["f1"],
            score["precision"],
            score["recall"],
        )
    winner = max(scores, key=lambda name: scores[name]["f1"])
    train([ex for exs in by_document.values() for ex in exs]).to_disk(OUT)
    METRICS.write_text(
        json.dumps(
            {
                "in_use": winner,
                "documents": list(PLANS),
                "tasks": sum(len(exs) for exs in by_document.values()),
                "evaluation": "leave one document out, exact unit and deadline spans in task texts",
                "scores": scores,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    log.info("best on held-out documents: %s", winner)


if __name__ == "__main__":
    main()
