"""Train the document-type models on the labelled documents and compare them with the keyword classifier.

Labelled documents: corpora/extra/ (labels.csv) and the sample corpus (the types of its gold
files, one text per document). Every model is cross-validated on folds of whole documents: the
five folds of GroupKFold, and five repetitions of five shuffled stratified folds (seeds 0-4),
so that the comparison does not rest on one lucky split. The macro-F1 and accuracy of each
(mean, spread, per repetition) go to models/doctype.json, and the documents each model gets
wrong are logged. The stacked model is shipped as pipeline/models/doctype.joblib only if its
mean macro-F1 over the repetitions beats the keyword classifier's; otherwise the keyword
classifier stays in use and no artefact is kept.

The pipeline decides a document's type from its title first, then from what was found (the
report template's headings, task items naming units: pipeline/classify/document_type.py), and
only then from the model; that whole decision is scored too, with the model's part out of fold,
and its accuracy and confusion matrix go to models/doctype.json ("decision").

    .venv/bin/python scripts/train_doctype.py
"""

from __future__ import annotations

import csv
import json
import logging
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import joblib
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from pipeline.classify.doctype import DOC_TYPES, DocTypeInput, KeywordDocTypeClassifier
from pipeline.classify.document_type import found_type, title_type
from pipeline.classify.linear import LinearTextModel
from pipeline.config import Config
from pipeline.document import Document
from pipeline.extract.metadata import find_title
from pipeline.ingest import ingest
from pipeline.normalize.fold import fold
from pipeline.process import run_stages
from pipeline.training.doctype import stacked_model, trained_model
from pipeline.training.evaluation import macro_f1

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "corpora" / "extra"
SAMPLES = ROOT / "corpora" / "samples"
GOLD = ROOT / "tests" / "data" / "gold"
ARTEFACT = ROOT / "pipeline" / "models" / "doctype.joblib"
METRICS = ROOT / "models" / "doctype.json"
FOLDS = 5
SEEDS = range(5)
SHIPPED = "stacked_logreg"
BASELINE = "keyword_baseline"
log = logging.getLogger("train_doctype")


def classifier_input(doc: Document) -> DocTypeInput:
    """What the metadata stage gives the classifier: the cleaned, folded text and its title."""
    text = fold(doc.text)
    title = find_title(text)
    return DocTypeInput(title.value if title else "", text)


def extracted(path: Path) -> Document:
    """The document as the doctype stage receives it: cleaned, its metadata, outline and tasks found."""
    return run_stages(ingest(path, Config()), Config(stages=("clean", "metadata", "outline", "tasks")))


def decided(docs: list[Document], model_guesses: list[str]) -> list[str]:
    """The type the pipeline gives each document: the title's, else what was found, else the model's."""
    return [
        title_type(doc.meta.title) or found_type(doc) or guess
        for doc, guess in zip(docs, model_guesses, strict=True)
    ]


def confusion(y: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    """{gold type: {predicted type: count}}."""
    return {
        truth: {
            guess: sum(1 for t, p in zip(y, predicted, strict=True) if (t, p) == (truth, guess))
            for guess in DOC_TYPES
        }
        for truth in DOC_TYPES
    }


def evaluate_decision(model: Any, docs: list[Document], X: list, y: list[str], groups: list[str]) -> dict:
    """Accuracy, macro-F1 and confusion matrix of the whole decision, the model's part out of fold
    (GroupKFold: the model never scores a document it was trained on)."""
    guesses = out_of_fold(model, X, y, groups, GroupKFold(FOLDS))
    predicted = decided(docs, guesses)
    by_title = sum(title_type(doc.meta.title) is not None for doc in docs)
    by_structure = sum(title_type(doc.meta.title) is None and found_type(doc) is not None for doc in docs)
    result = {
        **score(y, predicted),
        "decided_by": {
            "title": by_title,
            "structure": by_structure,
            "model": len(docs) - by_title - by_structure,
        },
        "confusion": confusion(y, predicted),
    }
    log.info("decision (title, structure, model out of fold): %s", json.dumps(result, ensure_ascii=False))
    for doc, truth, guess in zip(docs, y, predicted, strict=True):
        if truth != guess:
            log.info("    wrong: %s (%s -> %s)", Path(doc.source_path).name, truth, guess)
    return result


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


def splitters() -> dict[str, Any]:
    """The fold splits every model is scored on: GroupKFold, then the shuffled repetitions."""
    shuffled = {
        f"seed {seed}": StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed) for seed in SEEDS
    }
    return {"group k-fold": GroupKFold(FOLDS), **shuffled}


def out_of_fold(
    model: Any, X: list[DocTypeInput], y: list[str], groups: list[str], splitter: Any
) -> list[str]:
    """Each document's prediction by a clone of `model` fitted on the folds without it."""
    predicted = [""] * len(y)
    for train, test in splitter.split(X, y, groups):
        fitted = clone(model).fit([X[i] for i in train], [y[i] for i in train])
        for i, label in zip(test, fitted.predict([X[i] for i in test]), strict=True):
            predicted[i] = str(label)
    return predicted


def score(y: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    accuracy = round(sum(p == t for p, t in zip(predicted, y, strict=True)) / len(y), 3)
    return {"macro_f1": macro_f1(y, predicted), "accuracy": accuracy}


def summary(runs: dict[str, dict[str, float]]) -> dict[str, Any]:
    """Mean and spread (population standard deviation, min, max) of the shuffled repetitions."""
    repeated = [run for name, run in runs.items() if name.startswith("seed")]
    result: dict[str, Any] = {"group_kfold": runs["group k-fold"]}
    for metric in ("macro_f1", "accuracy"):
        values = [run[metric] for run in repeated]
        result[metric] = {
            "mean": round(statistics.mean(values), 3),
            "std": round(statistics.pstdev(values), 3),
            "min": min(values),
            "max": max(values),
            "runs": values,
        }
    return result


def evaluate(
    name: str, model: Any, X: list[DocTypeInput], y: list[str], groups: list[str], files: list
) -> dict:
    """Cross-validate `model` on every split; log its scores and the documents it gets wrong."""
    runs = {}
    wrong: dict[str, int] = {}
    for split_name, splitter in splitters().items():
        predicted = out_of_fold(model, X, y, groups, splitter)
        runs[split_name] = score(y, predicted)
        for (path, truth, _), guess in zip(files, predicted, strict=True):
            if guess != truth:
                wrong[f"{path.name} ({truth} -> {guess})"] = (
                    wrong.get(f"{path.name} ({truth} -> {guess})", 0) + 1
                )
    result = summary(runs)
    log.info(
        "%s: %d-fold macro-F1 %.3f (accuracy %.3f); %dx%d folds: macro-F1 %.3f ± %.3f [%.3f-%.3f], "
        "accuracy %.3f",
        name,
        FOLDS,
        runs["group k-fold"]["macro_f1"],
        runs["group k-fold"]["accuracy"],
        len(SEEDS),
        FOLDS,
        result["macro_f1"]["mean"],
        result["macro_f1"]["std"],
        result["macro_f1"]["min"],
        result["macro_f1"]["max"],
        result["accuracy"]["mean"],
    )
    for document, times in sorted(wrong.items()):
        log.info("    wrong in %d of %d splits: %s", times, len(runs), document)
    return result


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    threadpool_limits(1)  # many small fits: BLAS threads only contend for the cores
    files = labelled_files()
    docs = [extracted(path) for path, _, _ in files]
    X = [classifier_input(doc) for doc in docs]
    y = [doc_type for _, doc_type, _ in files]
    groups = [group for _, _, group in files]
    candidates = {
        BASELINE: KeywordDocTypeClassifier(),
        "tfidf_logreg": trained_model(),
        SHIPPED: stacked_model(),
    }
    scores = {name: evaluate(name, model, X, y, groups, files) for name, model in candidates.items()}
    won = scores[SHIPPED]["macro_f1"]["mean"] > scores[BASELINE]["macro_f1"]["mean"]
    decision = evaluate_decision(candidates[SHIPPED if won else BASELINE], docs, X, y, groups)
    if won:
        fitted = candidates[SHIPPED].fit(X, y)
        log.info("chosen C: %s", fitted.best_params_)
        joblib.dump(LinearTextModel.from_pipeline(fitted.best_estimator_), ARTEFACT)
    else:
        ARTEFACT.unlink(missing_ok=True)
    METRICS.write_text(
        json.dumps(
            {
                "model": SHIPPED if won else BASELINE,
                "documents": len(y),
                "cross_validation": (
                    f"{FOLDS} folds of whole documents (GroupKFold), and {len(SEEDS)} repetitions of "
                    f"{FOLDS} shuffled stratified folds of whole documents "
                    f"(seeds {SEEDS.start}-{SEEDS.stop - 1}); "
                    "mean, std, min and max are over the repetitions"
                ),
                "scores": scores,
                "decision": decision,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    log.info("in use: %s", "the stacked model" if won else "the keyword classifier (the trained ones lost)")


if __name__ == "__main__":
    main()
