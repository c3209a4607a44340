"""The pipeline runs without importing its training code, spaCy or scikit-learn."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PROGRAM = """
import sys
import pipeline.batch, pipeline.cli, pipeline.process
print(sorted(m for m in sys.modules if m.startswith("pipeline.training") or m in ("spacy", "sklearn")))
"""


def test_running_the_pipeline_imports_no_training_code() -> None:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True, cwd=root, env=env
    )
    assert ast.literal_eval(result.stdout.strip()) == []


def test_the_training_modules_import() -> None:
    from pipeline.training import doctype, evaluation, spacy_units, task_category

    assert (
        doctype.trained_model
        and evaluation.macro_f1
        and spacy_units.build_nlp
        and task_category.trained_model
    )
