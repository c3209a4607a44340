"""The `gongkai` command: run, watch, status, versions, rollback, diff, extract, evaluate, show,
correct, report."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

from pipeline._version import __version__
from pipeline.batch import DEFAULT_KEEP
from pipeline.config import Config
from pipeline.dataset.rows import document_tables
from pipeline.engines import ENGINES
from pipeline.ingest.ocr import ENGINES as ENGINES_OCR
from pipeline.process import extract_file

EXIT_OK = 0
EXIT_DOCUMENT_FAILED = 1  # the run finished, but at least one document has rows in `failures`
EXIT_USAGE = 2  # bad arguments, missing input
EXIT_BUSY = 3  # --no-wait, and another run holds the output directory


def config_of(args: argparse.Namespace) -> Config:
    """The run's Config from the command's options (OCR engine, or none)."""
    return Config(ocr="off" if args.no_ocr else args.ocr)


def ocr_options(command: argparse.ArgumentParser) -> None:
    """The OCR options of the commands that read documents."""
    command.add_argument(
        "--ocr",
        choices=ENGINES_OCR,
        default="rapidocr",
        help="OCR engine for scanned pages and images (default: rapidocr; tesseract needs less memory)",
    )
    command.add_argument("--no-ocr", action="store_true", help="no OCR: scanned pages and images fail")


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.batch import run
    from pipeline.dataset.folder import OutputLocked

    try:
        summary = run(
            args.paths,
            args.out,
            config_of(args),
            workers=args.workers,
            csv=args.csv,
            progress=not args.quiet,
            full=args.full,
            keep=args.keep,
            wait=not args.no_wait,
            engine=args.engine,
            scheduler=args.scheduler,
            corrections=args.corrections,
        )
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OutputLocked as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_BUSY
    except ImportError as err:  # --engine dask without the dask extra
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(summary.lines()))
    print(f"dataset in {args.out / 'current'}")
    return EXIT_DOCUMENT_FAILED if summary.failures else EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    """`run` every --interval (polling), until --runs runs or a usage error."""
    done = 0
    while True:
        code = cmd_run(args)
        done += 1
        if code == EXIT_USAGE or done == args.runs:
            return code
        sys.stdout.flush()
        time.sleep(args.interval)


def cmd_status(args: argparse.Namespace) -> int:
    from pipeline.status import status

    try:
        print("\n".join(status(args.out).lines()))
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    from pipeline.status import version_lines

    lines = version_lines(args.out)
    if not lines:
        print(f"gongkai: {args.out}: no dataset versions", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(lines))
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    from pipeline.dataset.folder import OutputFolder

    folder = OutputFolder(args.out)
    try:
        with folder.locked(wait=True):
            version = folder.rollback(args.version)
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"current version: {version.name}")
    return EXIT_OK


def duration(text: str) -> float:
    """Seconds in "90", "30s", "10m", "2h" or "1d"."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhd]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (write e.g. 30s, 10m, 2h)")
    return float(match[1]) * DURATION_UNITS[match[2]]


DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def run_options(command: argparse.ArgumentParser) -> None:
    """The options `run` and `watch` share."""
    command.add_argument("paths", nargs="*", type=Path, default=[Path("corpora/samples")])
    command.add_argument("--out", type=Path, default=Path("data"), help="output directory (default: data)")
    command.add_argument("--workers", type=int, default=None, help="worker processes (default: the cores)")
    command.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default="local",
        help="where documents are extracted (default: local)",
    )
    command.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="--engine dask: tcp://HOST:8786 (default: a local cluster)",
    )
    command.add_argument("--csv", action="store_true", help="write CSV files beside the Parquet ones")
    command.add_argument("--quiet", action="store_true", help="no progress bar")
    command.add_argument("--full", action="store_true", help="extract every file again, changed or not")
    command.add_argument(
        "--keep", type=int, default=DEFAULT_KEEP, help="dataset versions to keep (default: 5)"
    )
    command.add_argument(
        "--no-wait", action="store_true", help="exit (code 3) if another run holds the output directory"
    )
    ocr_options(command)
    command.add_argument(
        "--corrections", type=Path, default=None, help="corrections file (default: OUT/corrections.csv)"
    )


def cmd_extract(args: argparse.Namespace) -> int:
    if not args.file.exists():
        print(f"gongkai: {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    tables = document_tables(extract_file(args.file, config_of(args)))
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


def cmd_show(args: argparse.Namespace) -> int:
    from pipeline.show import show

    try:
        page = show(args.dataset, args.doc_id, args.out or Path(f"{args.doc_id}.html"))
    except (FileNotFoundError, KeyError) as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"page in {page}")
    return EXIT_OK


def cmd_correct(args: argparse.Namespace) -> int:
    """Write one line of DIR/corrections.csv for a row of a document named by its doc_id."""
    from pipeline.dataset.corrections import CORRECTIONS, append_correction
    from pipeline.dataset.loader import load_dataset

    try:
        documents = load_dataset(args.out, typed_columns=False).documents
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    found = documents[documents.doc_id == args.doc]
    if found.empty:
        print(f"gongkai: {args.out}: no document {args.doc!r}", file=sys.stderr)
        return EXIT_USAGE
    document = {k: "" if v is None or v != v else str(v) for k, v in found.iloc[0].to_dict().items()}
    action, change = ("delete", "") if args.delete else ("set", args.set) if args.set else ("add", args.add)
    field_name, _, value = change.partition("=")
    key = dict(part.split("=", 1) for part in args.key.split(",")) if args.key else {}
    entry = {**document, "action": action, "table": args.table, "field": field_name, "value": value}
    entry["key"] = json.dumps(key, ensure_ascii=False)
    append_correction(args.out / CORRECTIONS, entry)
    where = args.out / CORRECTIONS
    print(f"{action} {args.table} {entry['key']} of {document['source_path']}: written to {where}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.compare.report import write_report
    from pipeline.dataset.loader import load_dataset

    try:
        dataset = load_dataset(args.dataset)
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"report in {write_report(dataset, args.out, with_pages=args.pages)}")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.compare.diff import diff_folder

    if len(args.versions) not in (0, 2):
        print("gongkai: name two versions (OLD NEW), or none", file=sys.stderr)
        return EXIT_USAGE
    try:
        diff = diff_folder(args.out, *args.versions)
    except FileNotFoundError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(diff.lines()))
    if args.html:
        args.html.write_text(diff.html(), encoding="utf-8")
        print(f"HTML in {args.html}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="gongkai", description=__doc__)
    ap.add_argument("--version", action="version", version=f"gongkai {__version__}")
    ap.add_argument("--log-level", default="WARNING", help="logging level (DEBUG, INFO, WARNING …)")
    sub = ap.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="extract a folder of documents into a dataset (new and changed files)")
    run_options(run)
    run.set_defaults(func=cmd_run)

    watch = sub.add_parser("watch", help="run again and again, every --interval")
    run_options(watch)
    watch.add_argument("--interval", type=duration, default=duration("10m"), help="e.g. 30s, 10m, 2h")
    watch.add_argument("--runs", type=int, default=0, help="stop after this many runs (default: never)")
    watch.set_defaults(func=cmd_watch)

    for name, func, text in (
        ("status", cmd_status, "what the dataset holds, what is pending, what failed"),
        ("versions", cmd_versions, "list the kept dataset versions"),
        ("rollback", cmd_rollback, "make an earlier version current (default: the one before)"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("out", type=Path, help="output directory")
        command.set_defaults(func=func)
        if name == "rollback":
            command.add_argument("version", nargs="?", default=None, help="version name or number")

    diff = sub.add_parser("diff", help="what changed between two versions (default: the last two)")
    diff.add_argument("out", type=Path, help="output directory")
    diff.add_argument("versions", nargs="*", metavar="OLD NEW", help="version names or numbers")
    diff.add_argument("--html", type=Path, default=None, metavar="FILE", help="also write an HTML page")
    diff.set_defaults(func=cmd_diff)

    extract = sub.add_parser("extract", help="print one document's extraction as JSON")
    extract.add_argument("file", type=Path)
    ocr_options(extract)
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser("evaluate", help="score a dataset against gold annotations")
    evaluate.add_argument("dataset", type=Path)
    evaluate.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files")
    evaluate.add_argument("--skip", action="append", default=[], metavar="GLOB", help="leave out gold files")
    evaluate.add_argument("--verbose", "-v", action="store_true", help="list every miss and extra")
    evaluate.set_defaults(func=cmd_evaluate)

    show = sub.add_parser("show", help="write one HTML page showing a document's extraction over its text")
    show.add_argument("dataset", type=Path, help="dataset directory (an output of `gongkai run`)")
    show.add_argument("doc_id", help="the document (documents.doc_id)")
    show.add_argument("--out", type=Path, default=None, help="default: DOC_ID.html")
    show.set_defaults(func=cmd_show)

    correct = sub.add_parser("correct", help="write a correction of one row, applied by every run")
    correct.add_argument("out", type=Path, help="output directory")
    correct.add_argument("--doc", required=True, help="the document (documents.doc_id)")
    correct.add_argument(
        "--table", required=True, choices=["tasks", "task_units", "statistics", "report_cells"]
    )
    correct.add_argument(
        "--key",
        default="",
        help="the row's natural key: number=…,title=… (tasks); table=3,row=…,col=… (report_cells); "
        "label=…,metric=… (statistics); task_number=…,task_title=…,role=…,unit_raw=… (task_units)",
    )
    change = correct.add_mutually_exclusive_group(required=True)
    change.add_argument("--set", metavar="FIELD=VALUE", help="set a field of the row")
    change.add_argument("--delete", action="store_true", help="delete the row (a task with its units)")
    change.add_argument("--add", metavar="FIELD=VALUE", help="add a row: the key's fields and this one")
    correct.set_defaults(func=cmd_correct)

    report = sub.add_parser("report", help="write one self-contained HTML page comparing the places")
    report.add_argument("dataset", type=Path, help="dataset directory (an output of `gongkai run`)")
    report.add_argument("--out", type=Path, default=Path("report.html"), help="default: report.html")
    report.add_argument(
        "--pages",
        action="store_true",
        help="also each document's page (gongkai show), linked from the report",
    )
    report.set_defaults(func=cmd_report)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
