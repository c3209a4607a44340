"""Imports every module that registers a stage, so that the registry is complete."""

from pipeline.classify import task_category  # noqa: F401
from pipeline.extract import metadata, report_tables, statistics, tasks  # noqa: F401
from pipeline.normalize import clean  # noqa: F401
from pipeline.segment import outline, words  # noqa: F401
