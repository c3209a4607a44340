"""Train the document-type model on the labelled documents and compare it with the keyword classifier.

Labelled documents: corpora/extra/ (labels.csv) and the sample corpus (the types of its gold
files, one text per document). Both models are cross-validated in five folds of whole
documents (the formats of one sample document stay together); the macro-F1 and accuracy of
each go to models/doctype.json. The trained model is shipped as pipeline/models/doctype.joblib
only if it beats the keyword classifier; otherwise the keyword classifier stays in use and no
artefact is written.

    .venv/bin/python scripts/train_doctype.py
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

import joblib

from pipeline.classify.artefacts import cross_validated_predictions, macro_f1
from pipeline.classify.doctype import DocTypeInput, KeywordDocTypeClassifier
from pipeline.classify.doctype_model import trained_model
from pipeline.classify.fold import fold
from pipeline.classify.linear import LinearTextModel
from pipeline.config import Config
from pipeline.extract.metadata import find_title
from pipeline.ingest import ingest
from pipeline.process import run_stages

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "corpora" / "extra"
SAMPLES = ROOT / "corpora" / "samples"
GOLD = ROOT / "tests" / "data" / "gold"
ARTEFACT = ROOT / "pipeline" / "models" / "doctype.joblib"
METRICS = ROOT / "models" / "doctype.json"
FOLDS = 5
log = logging.getLogger("train_doctype")


def classifier_input(path: Path) -> DocTypeInput:
    """What the metadata stage gives the classifier: the cleaned, folded text and its title."""
    text = fold(run_stages(ingest(path, Config()), Config(stages=("clean",))).text)
    title = find_title(text)
    return DocTypeInput(title.value if title else "", text)


def labelled_files() -> list[tuple[Path, str, str]]:
    """(file, doc_type, group) of every labelled document; a sample's formats share a group."""
    with (EXTRA / "labels.csv").open(encoding="utf-8", newline="") as handle:
        files = [(EXTRA / row["file"], row["doc_type"], row["file"]) for row in csv.DictReader(handle)]
    seen = set()
    for gold in sorted(GOLD.glob("*.json")):
        source = SAMPLES / json.loads(gold.read_text(encoding="utf-8"))["file"]
        group = source.name.split(".")[0]
        if group not in seen and source.suffix in (".txt", ".pdf") and ".scan." not in source.name:
            seen.add(group)
            files.append((source, json.loads(gold.read_text(encoding="utf-8"))["doc_type"], group))
    return files


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    files = labelled_files()
    X = [classifier_input(path) for path, _, _ in files]
    y = [doc_type for _, doc_type, _ in files]
    groups = [group for _, _, group in files]
    candidates = {"keyword_baseline": KeywordDocTypeClassifier(), "tfidf_logreg": trained_model()}
    scores = {}
    for name, model in candidates.items():
        predicted = cross_validated_predictions(model, X, y, groups, splits=FOLDS)
        accuracy = round(sum(p == t for p, t in zip(predicted, y, strict=True)) / len(y), 3)
        scores[name] = {"macro_f1": macro_f1(y, predicted), "accuracy": accuracy}
        log.info("%s: %d-fold macro-F1 %.3f, accuracy %.3f", name, FOLDS, scores[name]["macro_f1"], accuracy)
    won = scores["tfidf_logreg"]["macro_f1"] > scores["keyword_baseline"]["macro_f1"]
    if won:
        joblib.dump(LinearTextModel.from_pipeline(candidates["tfidf_logreg"].fit(X, y)), ARTEFACT)
    METRICS.write_text(
        json.dumps(
            {
                "model": "tfidf_logreg" if won else "keyword_baseline",
                "documents": len(y),
                "cross_validation": f"{FOLDS} folds of whole documents",
                "scores": scores,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    log.info("in use: %s", "the trained model" if won else "the keyword classifier (the trained one lost)")


if __name__ == "__main__":
    main()
