"""Training-time code: the scikit-learn and spaCy models scripts/train_*.py fit and evaluate.

Nothing the pipeline runs imports this package; the shipped models are plain
`pipeline.classify.linear.LinearTextModel`s that predict without scikit-learn.
"""
