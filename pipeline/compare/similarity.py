"""Text reuse between documents: for each task, the most similar task of every other document.

Tasks are TF-IDF vectors over their jieba words (pipeline.segment.words.tokenize, punctuation
left out); similarity is the cosine of two vectors. A city that copied its superior's plan has
tasks whose best match in that plan is close to 1.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.segment.words import tokenize

if TYPE_CHECKING:
    from pipeline.dataset.loader import Dataset

SIMILARITY_COLUMNS = ["doc_id", "task_id", "other_doc_id", "other_task_id", "similarity"]
REUSE_COLUMNS = ["doc_id", "other_doc_id", "reuse", "tasks", "matched"]
ROWS_PER_CHUNK = 256  # tasks compared with all others at once (a dense chunk × all-tasks block)
MATCH_THRESHOLD = 0.5  # a task whose best match is at least this similar counts as taken over
WORD = re.compile(r"\w")


def task_words(text: str) -> list[str]:
    """The words of a task's text, punctuation and spaces left out."""
    return [word for word in tokenize(text) if WORD.search(word)]


def task_vectors(texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per text, over jieba words."""
    vectorizer = TfidfVectorizer(tokenizer=task_words, lowercase=False, token_pattern=None, sublinear_tf=True)
    return sparse.csr_matrix(vectorizer.fit_transform(texts), dtype=np.float32)


def task_texts(tasks: pd.DataFrame) -> list[str]:
    """Each task's full text, its title where the text is missing."""
    text = tasks["text"] if "text" in tasks else pd.Series(index=tasks.index, dtype=object)
    return text.where(text.notna(), tasks["title"]).fillna("").astype(str).tolist()


def task_similarity(tasks: pd.DataFrame) -> pd.DataFrame:
    """One row per task and other document: the other document's most similar task and the
    cosine similarity (pairs with no word in common are left out)."""
    ordered = tasks.sort_values(["doc_id", "task_id"], kind="stable").reset_index(drop=True)
    if ordered.empty or ordered.doc_id.nunique() < 2:
        return pd.DataFrame(columns=SIMILARITY_COLUMNS)
    vectors = task_vectors(task_texts(ordered))
    doc_codes, doc_ids = pd.factorize(ordered.doc_id.astype(str))
    starts = np.flatnonzero(np.r_[True, doc_codes[1:] != doc_codes[:-1]])
    parts = [
        best_per_document(vectors, first, doc_codes, starts)
        for first in range(0, len(ordered), ROWS_PER_CHUNK)
    ]
    rows, cols, values = (np.concatenate(found) for found in zip(*parts, strict=True))
    return pd.DataFrame(
        {
            "doc_id": ordered.doc_id.to_numpy()[rows],
            "task_id": ordered.task_id.to_numpy()[rows],
            "other_doc_id": np.asarray(doc_ids)[doc_codes[cols]],
            "other_task_id": ordered.task_id.to_numpy()[cols],
            "similarity": values.astype(float).round(4),
        }
    )


def dataset_task_similarity(dataset: Dataset) -> pd.DataFrame:
    """task_similarity of the dataset's tasks, computed once (kept in `dataset.derived`)."""
    if "task_similarity" not in dataset.derived:
        dataset.derived["task_similarity"] = task_similarity(dataset.tables["tasks"])
    return dataset.derived["task_similarity"]


def best_per_document(
    vectors: sparse.csr_matrix, first: int, doc_codes: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the rows first…first+ROWS_PER_CHUNK: (row, column, similarity) of the best column of
    every other document. Columns are grouped by document, starting at `starts`."""
    chunk = vectors[first : first + ROWS_PER_CHUNK]
    scores = (chunk @ vectors.T).toarray()
    best = np.maximum.reduceat(scores, starts, axis=1)
    hits = (scores == best[:, doc_codes]) & (scores > 0)
    rows, cols = np.nonzero(hits)
    keys = rows * len(starts) + doc_codes[cols]
    _, firsts = np.unique(keys, return_index=True)  # nonzero is row-major: the first best column
    rows, cols = rows[firsts], cols[firsts]
    other = doc_codes[cols] != doc_codes[rows + first]
    rows, cols = rows[other], cols[other]
    return rows + first, cols, scores[rows, cols]


def document_reuse(similarity: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of documents: `reuse`, the mean over the document's tasks of their best
    similarity in the other document (0 for a task with no match), and `matched`, how many of its
    `tasks` have a match of at least MATCH_THRESHOLD there."""
    counts = tasks.groupby("doc_id").size().rename("tasks")
    pairs = similarity.assign(matched=similarity.similarity >= MATCH_THRESHOLD).groupby(
        ["doc_id", "other_doc_id"], as_index=False
    )
    found = pairs.agg(total=("similarity", "sum"), matched=("matched", "sum"))
    found = found.join(counts, on="doc_id")
    found["reuse"] = (found.total / found.tasks).round(4)
    return found[REUSE_COLUMNS].sort_values(["doc_id", "reuse"], ascending=[True, False], ignore_index=True)
