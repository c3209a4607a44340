"""The `gongkai` command: run, extract, evaluate."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.dataset.rows import document_tables
from pipeline.process import extract_file

EXIT_OK = 0
EXIT_DOCUMENT_FAILED = 1  # the run finished, but at least one document has rows in `failures`
EXIT_USAGE = 2  # bad arguments, missing input


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.run import run

    try:
        summary = run(
            args.paths, args.out, Config(), workers=args.workers, csv=args.csv, progress=not args.quiet
        )
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(summary.lines()))
    print(f"dataset written to {args.out}")
    return EXIT_DOCUMENT_FAILED if summary.failures else EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    if not args.file.exists():
        print(f"gongkai: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    tables = document_tables(extract_file(args.file, Config()))
    print(json.dumps(tables, ensure_ascii=False, indent=2, default=str))
    return EXIT_DOCUMENT_FAILED if tables["failures"] else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate

    try:
        report = evaluate(args.gold, args.dataset, skip=args.skip)
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(report.lines(verbose=args.verbose)))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="gongkai", description=__doc__)
    ap.add_argument("--version", action="version", version=f"gongkai {__version__}")
    ap.add_argument("--log-level", default="WARNING", help="logging level (DEBUG, INFO, WARNING …)")
    sub = ap.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="extract a folder of documents into a dataset")
    run.add_argument("paths", nargs="*", type=Path, default=[Path("corpora/samples")])
    run.add_argument("--out", type=Path, default=Path("data"), help="dataset directory (default: data)")
    run.add_argument("--workers", type=int, default=None, help="worker processes (default: the cores)")
    run.add_argument("--csv", action="store_true", help="write CSV files beside the Parquet ones")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=cmd_run)

    extract = sub.add_parser("extract", help="print one document's extraction as JSON")
    extract.add_argument("file", type=Path)
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser("evaluate", help="score a dataset against gold annotations")
    evaluate.add_argument("dataset", type=Path)
    evaluate.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files")
    evaluate.add_argument("--skip", action="append", default=[], metavar="GLOB", help="leave out gold files")
    evaluate.add_argument("--verbose", "-v", action="store_true", help="list every miss and extra")
    evaluate.set_defaults(func=cmd_evaluate)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
