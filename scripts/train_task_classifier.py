"""Train the task-category model on tests/data/task_categories.csv and ship the better of two.

Both the keyword baseline and the trained TF-IDF model are cross-validated leaving one
document out (a city's plan is never scored by a model that saw it); the one with the higher
macro-F1 is fitted on every labelled task and saved as pipeline/models/task_category.joblib
(a trained model in its scikit-learn-free form, `LinearTextModel`),
and the scores go to models/task_category.json.

    .venv/bin/python scripts/train_task_classifier.py
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

import joblib

from pipeline.classify.linear import LinearTextModel
from pipeline.classify.task_category import MODEL_FILE, KeywordTaskCategoryClassifier, TaskInput
from pipeline.training.evaluation import cross_validated_predictions, macro_f1
from pipeline.training.task_category import trained_model

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "task_categories.csv"
ARTEFACT = ROOT / "pipeline" / "models" / MODEL_FILE
METRICS = ROOT / "models" / "task_category.json"
log = logging.getLogger("train_task_classifier")


def labelled_tasks(path: Path = LABELS) -> tuple[list[TaskInput], list[str], list[str]]:
    """Inputs, categories and document ids of the labelled tasks."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return (
        [TaskInput(row["title"], row["text"]) for row in rows],
        [row["category"] for row in rows],
        [row["doc"] for row in rows],
    )


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    X, y, groups = labelled_tasks()
    candidates = {"keyword_baseline": KeywordTaskCategoryClassifier(), "tfidf_logreg": trained_model()}
    scores = {
        name: macro_f1(y, cross_validated_predictions(model, X, y, groups))
        for name, model in candidates.items()
    }
    for name, score in scores.items():
        log.info("%s: leave-one-document-out macro-F1 %.3f", name, score)
    chosen = "tfidf_logreg" if scores["tfidf_logreg"] > scores["keyword_baseline"] else "keyword_baseline"
    model = candidates[chosen].fit(X, y)
    joblib.dump(LinearTextModel.from_pipeline(model) if chosen == "tfidf_logreg" else model, ARTEFACT)
    METRICS.write_text(
        json.dumps(
            {
                "model": chosen,
                "artefact": f"pipeline/models/{MODEL_FILE}",
                "labels": str(LABELS.relative_to(ROOT)),
                "tasks": len(y),
                "documents": len(set(groups)),
                "cross_validation": "leave one document out",
                "macro_f1": scores,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    log.info("shipped %s as %s", chosen, ARTEFACT.relative_to(ROOT))


if __name__ == "__main__":
    main()
