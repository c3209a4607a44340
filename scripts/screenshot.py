"""Screenshot of a page `gongkai show` wrote, taken by headless Chromium (where it is installed).

    python scripts/screenshot.py PAGE.html OUT.png [--at page-4] [--size 1000x1300]

`--at` scrolls to an anchor of the page first: `page-N` (the Nth PDF page) or `LABEL-START` (a
span). The page is framed so that the anchor is honoured; nothing is loaded from the network.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
SETTLE_MS = 10_000  # virtual time the page gets to load its images before the shot


def browser() -> str | None:
    """The Chromium-like browser on PATH, if any."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def screenshot(page: Path, out: Path, at: str = "", size: tuple[int, int] = (1000, 1300)) -> Path:
    """Write a screenshot of `page` (scrolled to anchor `at`) to `out`."""
    chromium = browser()
    if chromium is None:
        raise FileNotFoundError("no Chromium on PATH: install chromium to take screenshots")
    width, height = size
    target = page.resolve().as_uri() + (f"#{at}" if at else "")
    with tempfile.TemporaryDirectory() as tmp:
        frame = Path(tmp) / "frame.html"
        frame.write_text(
            f'<html><body style="margin:0"><iframe src="{target}" style="border:0" '
            f'width="{width}" height="{height}"></iframe></body></html>',
            encoding="utf-8",
        )
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp}/profile",
            f"--virtual-time-budget={SETTLE_MS}",
            f"--window-size={width},{height}",
            f"--screenshot={out.resolve()}",
            frame.as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("page", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--at", default="", help="anchor to scroll to (page-N or LABEL-START)")
    ap.add_argument("--size", default="1000x1300", help="WIDTHxHEIGHT in pixels")
    args = ap.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    print(screenshot(args.page, args.out, args.at, (width, height)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
