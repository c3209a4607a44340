"""Reading the package's data: word lists and tables in pipeline/resources, models in pipeline/models.

Every reader is cached, so each file is read once per process. Text resources are UTF-8;
blank lines and lines starting with '#' are comments.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import IO

RESOURCES = "pipeline.resources"
MODELS = "pipeline.models"


@cache
def resource_path(name: str, package: str = RESOURCES) -> Traversable:
    """The file `name` of a data package (pipeline/resources by default); it may not exist."""
    return resources.files(package).joinpath(name)


def open_binary(name: str, package: str = RESOURCES) -> IO[bytes]:
    """The file `name` of a data package opened for reading bytes (a model file, say)."""
    return resource_path(name, package).open("rb")


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The lines of resource `name` that are neither blank nor '#' comments."""
    text = resource_path(name).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@cache
def read_words(name: str) -> tuple[str, ...]:
    """A one-word-a-line resource as a tuple of words."""
    return tuple(line.strip() for line in data_lines(name))


@cache
def read_table(name: str, delimiter: str = ",") -> tuple[dict[str, str], ...]:
    """A CSV (or, with delimiter="\\t", TSV) resource, header line first, as a tuple of rows."""
    return tuple(csv.DictReader(data_lines(name), delimiter=delimiter))
